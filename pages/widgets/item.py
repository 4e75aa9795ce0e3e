"""The item being edited in this browser tab: a case or a municipality map.

One :class:`EditedItem` per kind holds everything the pages keep about it in the
session: the content (a JSON dict that always passed validation), accepting or
refusing an edit, replacing it, the notice and problems of the last action, the
widgets that show it, and its link to a stored item (with a pending open and a save
conflict). Nettverkskart, Kommunens aktørkart, Lagrede saker, the save controls and
the tests all use these two objects, so the two editing pages cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

import streamlit as st

from graph.messages import Problem
from graph.model import Case, MunicipalityFile, case_to_dict, municipality_to_dict
from graph.validation import InvalidFileError, validate_case, validate_municipality
from pages.widgets import state, ui

T = TypeVar("T")


class EditedItem(Generic[T]):
    """The case (or municipality map) one browser tab is editing.

    Parameters
    ----------
    keys : state.ItemKeys
        Where in the session the item and what belongs to it are kept.
    validate : callable
        Turns a JSON dict into the item, or raises :class:`InvalidFileError`.
    to_dict : callable
        Turns the item back into its JSON dict.
    """

    def __init__(
        self,
        keys: state.ItemKeys,
        validate: Callable[[dict], T],
        to_dict: Callable[[T], dict],
    ) -> None:
        self.keys = keys
        self.validate = validate
        self.to_dict = to_dict

    @property
    def kind(self) -> str:
        """``"case"`` or ``"municipality"``, as the storage names it."""
        return self.keys.kind

    # ---- content ------------------------------------------------------------------

    @property
    def content(self) -> dict[str, Any] | None:
        """The item as a JSON dict, or ``None`` when nothing is open in this tab."""
        return st.session_state.get(self.keys.content)

    def is_open(self) -> bool:
        """Whether this tab has an item of this kind open."""
        return self.keys.content in st.session_state

    def current(self) -> T:
        """The open item (call :meth:`is_open` first, or :meth:`start` with a new one)."""
        return self.validate(st.session_state[self.keys.content])

    def start(self, new: Callable[[], dict]) -> T:
        """The open item; a new one made by ``new`` when nothing is open yet."""
        if not self.is_open():
            st.session_state[self.keys.content] = self.to_dict(self.validate(new()))
        return self.current()

    def replace(self, item: T, notice: str, *, stored: bool = False) -> None:
        """Make ``item`` the open item and reset the widgets that show it.

        An item that did not come from the database is unlinked from any stored item,
        so that saving it never overwrites a stored item by mistake.
        """
        if not stored:
            self.unlink()
        self._accept(item, notice)
        self.forget_shown()

    def update(self, candidate: dict, heading: str, notice: str) -> bool:
        """Accept an edited item only when it is valid; otherwise keep the last good one.

        A refused edit shows its problems at once, where the user pressed «Lagre».
        """
        try:
            item = self.validate(candidate)
        except InvalidFileError as error:
            ui.show_problems(f"{heading} Rett opp og lagre på nytt.", error.problems)
            return False
        self._accept(item, notice)
        return True

    def _accept(self, item: T, notice: str) -> None:
        st.session_state[self.keys.content] = self.to_dict(item)
        st.session_state[self.keys.notice] = notice
        st.session_state.pop(self.keys.problems, None)

    # ---- notices and problems -----------------------------------------------------

    def refuse(self, heading: str, problems: Iterable[Problem]) -> None:
        """Keep the open item and show ``problems`` under ``heading`` until the next action."""
        st.session_state[self.keys.problems] = (heading, list(problems))

    def messages(self) -> None:
        """Show what happened at the last action: the problems, or the notice once.

        The container is drawn on every run, message or not, so the elements below it
        keep their place and the open tab does not jump back to the first one.
        """
        slot = st.container()
        if self.keys.problems in st.session_state:
            heading, problems = st.session_state[self.keys.problems]
            with slot:
                ui.show_problems(heading, problems)
        elif self.keys.notice in st.session_state:
            text = st.session_state.pop(self.keys.notice)
            slot.success(ui.plain(text), icon=":material/check_circle:")

    # ---- widgets that show the item -----------------------------------------------

    def forget_shown(self, *names: str) -> None:
        """Forget the state of the widgets that show the item (all, or those named)."""
        if names:
            for name in names:
                st.session_state.pop(self.keys.shown(name), None)
            return
        prefix = self.keys.shown_prefix
        for key in [k for k in st.session_state if str(k).startswith(prefix)]:
            del st.session_state[key]

    # ---- the stored item it came from ---------------------------------------------

    @property
    def link(self) -> dict[str, Any] | None:
        """The stored item the content came from: ``{"id", "version", "name"}`` or None."""
        return st.session_state.get(self.keys.link)

    def set_link(self, doc_id: Any, version: int, name: str) -> None:
        """Tie the content to a stored item (the next save makes its next version)."""
        st.session_state[self.keys.link] = {"id": doc_id, "version": version, "name": name}
        self.clear_conflict()

    def unlink(self) -> None:
        """Forget the stored item behind the content (the next save makes a new item)."""
        st.session_state.pop(self.keys.link, None)
        self.clear_conflict()

    @property
    def conflict(self) -> dict[str, Any] | None:
        """A refused save: ``{"id", "name", "message"}``, until the user chooses."""
        return st.session_state.get(self.keys.conflict)

    def set_conflict(self, doc_id: Any, name: str, message: str) -> None:
        st.session_state[self.keys.conflict] = {"id": doc_id, "name": name, "message": message}

    def clear_conflict(self) -> None:
        st.session_state.pop(self.keys.conflict, None)

    def ask_open(self, pending: dict[str, Any]) -> None:
        """Leave a stored item for the editing page to open on its next run."""
        st.session_state[self.keys.pending] = pending

    def take_pending(self) -> dict[str, Any] | None:
        """The stored item another page asked to open (once), or ``None``."""
        return st.session_state.pop(self.keys.pending, None)


CASE: EditedItem[Case] = EditedItem(state.CASE, validate_case, case_to_dict)
MUNICIPALITY: EditedItem[MunicipalityFile] = EditedItem(
    state.MUNICIPALITY, validate_municipality, municipality_to_dict
)
ITEMS: dict[str, EditedItem] = {"case": CASE, "municipality": MUNICIPALITY}
