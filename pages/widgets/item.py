"""The item being edited in this browser tab: a case or a municipality map.

One :class:`EditedItem` per kind holds everything the pages keep about it in the
session: the content (a JSON dict that always passed validation), accepting or
refusing an edit, replacing it, the notice and problems of the last action, the
widgets that show it, and its link to a stored item (with a pending open and a save
conflict). Nettverkskart, Kommunens aktørkart, Lagrede saker, the save controls and
the tests all use these two objects, so the two editing pages cannot drift apart.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

import streamlit as st

from graph.format import (
    Case,
    InvalidFileError,
    MunicipalityFile,
    Problem,
    case_to_dict,
    municipality_to_dict,
    validate_case,
    validate_municipality,
)
from pages.widgets import state, ui

T = TypeVar("T")

UNDO_LIMIT = 20
"""How many earlier contents «Angre» can go back to in one tab (each is a whole file)."""


def digest(content: dict[str, Any] | None) -> str | None:
    """A short fingerprint of a content dict, to tell whether it changed since a save."""
    if content is None:
        return None
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def editor_has_edits(value: Any) -> bool:
    """Whether a table editor's state holds edits not yet taken into the item.

    Streamlit keeps a ``st.data_editor``'s edits in the session as a dict of
    ``edited_rows``, ``added_rows`` and ``deleted_rows`` until the widget is reset.
    """
    if not isinstance(value, dict):
        return False
    return any(value.get(part) for part in ("edited_rows", "added_rows", "deleted_rows"))


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
            self.mark_saved()
        return self.current()

    def replace(self, item: T, notice: str, *, stored: bool = False) -> bool:
        """Make ``item`` the open item and reset the widgets that show it.

        When the tab holds work that is not saved (see :meth:`unsaved_changes`), nothing
        is replaced yet: the replacement waits in the session and :meth:`messages`
        asks the user whether the unsaved work may go (:meth:`confirm_replace`).

        An item that did not come from the database is unlinked from any stored item,
        so that saving it never overwrites a stored item by mistake.

        Returns
        -------
        bool
            Whether the item was replaced now.
        """
        opened_link = self.link if stored else None
        if stored:
            # The open controls linked the stored item already; the check is about
            # what the tab had before that.
            self._undo_link()
        if self.unsaved_changes():
            st.session_state[self.keys.replacing] = {
                "content": self.to_dict(item),
                "notice": notice,
                "link": opened_link,
            }
            return False
        self._replace_now(self.to_dict(item), notice, opened_link)
        return True

    def _replace_now(
        self, content: dict, notice: str, link: dict[str, Any] | None, *, saved: bool = True
    ) -> None:
        if link is None:
            self.unlink()
        else:
            self.set_link(link["id"], link["version"], link["name"])
        st.session_state.pop(self.keys.replacing, None)
        st.session_state.pop(self.keys.history, None)
        st.session_state.pop(self.keys.undone, None)
        self._accept(self.validate(content), notice, remember=False)
        if saved:
            self.mark_saved()
        else:
            st.session_state[self.keys.saved] = None
        self.forget_shown()
        # Fold the open/new section so the item is in view (the page reruns to do it).
        st.session_state[self.keys.fold_section] = True
        st.rerun()

    def restore(self, item: T, link: dict[str, Any] | None, notice: str) -> None:
        """Bring back a draft: its content is open again and still counts as unsaved."""
        self._replace_now(self.to_dict(item), notice, link, saved=False)

    def confirm_replace(self) -> None:
        """Let the waiting replacement go through: the unsaved work is given up."""
        waiting = st.session_state.get(self.keys.replacing)
        if waiting is not None:
            self._replace_now(waiting["content"], waiting["notice"], waiting["link"])

    def cancel_replace(self) -> None:
        """Drop the waiting replacement: the tab keeps what it has."""
        st.session_state.pop(self.keys.replacing, None)

    def update(self, candidate: dict, heading: str, notice: str, *, now: bool = True) -> bool:
        """Accept an edited item only when it is valid; otherwise keep the last good one.

        A refused edit shows its problems at once, where the user pressed the button;
        with ``now=False`` (in a callback, before the page is drawn) they are shown with
        the page's messages instead (:meth:`refuse`).
        """
        try:
            item = self.validate(candidate)
        except InvalidFileError as error:
            if now:
                ui.show_problems(f"{heading} Rett opp og prøv igjen.", error.problems)
            else:
                self.refuse(f"{heading} Rett opp og prøv igjen.", error.problems)
            return False
        self._accept(item, notice)
        return True

    def _accept(self, item: T, notice: str, *, remember: bool = True) -> None:
        before = st.session_state.get(self.keys.content)
        after = self.to_dict(item)
        if remember and before is not None and digest(before) != digest(after):
            history = st.session_state.setdefault(self.keys.history, [])
            history.append((before, notice))
            del history[:-UNDO_LIMIT]
            st.session_state.pop(self.keys.undone, None)
        st.session_state[self.keys.content] = after
        st.session_state[self.keys.notice] = notice
        st.session_state.pop(self.keys.problems, None)

    # ---- what is saved and what is not --------------------------------------------

    def mark_saved(self) -> None:
        """Remember the content as it is now as safe: saved, opened or freshly started."""
        st.session_state[self.keys.saved] = digest(self.content)

    def changed_since_saved(self) -> bool:
        """Whether the content differs from what was last saved, opened or started."""
        if not self.is_open():
            return False
        return st.session_state.get(self.keys.saved) != digest(self.content)

    def unapplied_tables(self) -> list[str]:
        """The names of the item's table editors that hold edits not yet taken in."""
        prefix = self.keys.shown_prefix
        return sorted(
            str(k)[len(prefix) :]
            for k, value in st.session_state.items()
            if str(k).startswith(prefix) and editor_has_edits(value)
        )

    def unsaved_changes(self) -> bool:
        """Whether anything typed in this tab would be lost if the item were replaced."""
        return self.changed_since_saved() or bool(self.unapplied_tables())

    def can_undo(self) -> bool:
        """Whether «Angre» has an earlier content to go back to."""
        return bool(st.session_state.get(self.keys.history))

    def undo(self) -> str | None:
        """Go back to the content before the last accepted edit; say what was undone."""
        history = st.session_state.get(self.keys.history)
        if not history:
            return None
        content, what = history.pop()
        undone = st.session_state.setdefault(self.keys.undone, [])
        undone.append((st.session_state.get(self.keys.content), what))
        del undone[:-UNDO_LIMIT]
        self._show(content)
        return what

    def can_redo(self) -> bool:
        """Whether «Gjør om» has an undone edit to make again."""
        return bool(st.session_state.get(self.keys.undone))

    def redo(self) -> str | None:
        """Make the last undone edit again (until a new edit is made); say which."""
        undone = st.session_state.get(self.keys.undone)
        if not undone:
            return None
        content, what = undone.pop()
        history = st.session_state.setdefault(self.keys.history, [])
        history.append((st.session_state.get(self.keys.content), what))
        del history[:-UNDO_LIMIT]
        self._show(content)
        return what

    def _show(self, content: dict | None) -> None:
        st.session_state[self.keys.content] = content
        st.session_state.pop(self.keys.problems, None)
        self.forget_shown()

    # ---- notices and problems -----------------------------------------------------

    def refuse(self, heading: str, problems: Iterable[Problem]) -> None:
        """Keep the open item and show ``problems`` under ``heading`` until the next action."""
        st.session_state[self.keys.problems] = (heading, list(problems))

    def messages(self) -> None:
        """Show what happened at the last action: the problems, or the notice once.

        A replacement waiting for confirmation (:meth:`replace`) is asked about here.
        The container is drawn on every run, message or not, so the elements below it
        keep their place and the open tab does not jump back to the first one.
        """
        slot = st.container()
        if self.keys.replacing in st.session_state:
            with slot:
                self._ask_replace()
        elif self.keys.problems in st.session_state:
            heading, problems = st.session_state[self.keys.problems]
            with slot:
                ui.show_problems(heading, problems)
        elif self.keys.notice in st.session_state:
            text = st.session_state.pop(self.keys.notice)
            slot.success(ui.plain(text), icon=":material/check_circle:")

    def _ask_replace(self) -> None:
        waiting = st.session_state[self.keys.replacing]
        what = "saken" if self.kind == "case" else "kommunekartet"
        tables = self.unapplied_tables()
        reasons = []
        if self.changed_since_saved():
            reasons.append(f"endringer i {what} som ikke er lagret i databasen")
        if tables:
            reasons.append("endringer i tabeller som ikke er tatt inn")
        st.warning(
            ui.plain(
                f"Du har {' og '.join(reasons)}. Hvis du går videre, forsvinner de. "
                "Lagre først, last ned det du har, eller velg «Avbryt»."
            ),
            icon=":material/warning:",
        )
        row = st.container(horizontal=True)
        if row.button(
            "Forkast endringene og gå videre",
            key=self.keys.widget("confirm_replace"),
            help=ui.plain(waiting["notice"]),
        ):
            self.confirm_replace()
            st.rerun()
        if row.button("Avbryt", key=self.keys.widget("cancel_replace"), type="primary"):
            self.cancel_replace()
            st.rerun()
        row.download_button(
            "Last ned det du har (JSON)",
            json.dumps(self.content, ensure_ascii=False, indent=2) + "\n",
            f"{'sak' if self.kind == 'case' else 'kommunekart'}-utkast.json",
            "application/json",
            key=self.keys.widget("download_before_replace"),
            on_click="ignore",
        )

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
        """Tie the content to a stored item (the next save makes its next version).

        The content is then what is stored: it counts as saved. What the tab had
        before is kept once, so that an open that waits for confirmation can be
        taken back (:meth:`replace`).
        """
        st.session_state[self.keys.previous_link] = (
            self.link,
            st.session_state.get(self.keys.saved),
        )
        st.session_state[self.keys.link] = {"id": doc_id, "version": version, "name": name}
        self.mark_saved()
        self.clear_conflict()

    def _undo_link(self) -> None:
        """Give the content back the link and saved state it had before :meth:`set_link`."""
        previous = st.session_state.pop(self.keys.previous_link, None)
        if previous is None:
            return
        link, saved = previous
        if link is None:
            st.session_state.pop(self.keys.link, None)
        else:
            st.session_state[self.keys.link] = link
        st.session_state[self.keys.saved] = saved

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
