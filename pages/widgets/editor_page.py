"""The skeleton both editing pages share: Nettverkskart and Kommunens aktørkart.

Each page edits one :class:`~pages.widgets.item.EditedItem` and is drawn in the same
order: the heading and the privacy note, then, in one container above the tabs
(:func:`above_tabs`), the section that starts or opens an item (new, stored,
example, file), the message slot, the page's own content and the «Lagre i
databasen» controls, and last the page's tabs with their forms. Only what differs
(how a new item is made, which example, the texts) is passed in, so a fix made here
reaches both pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from graph.format import InvalidFileError, editor_rows
from pages.widgets import storage_ui, ui
from pages.widgets.item import EditedItem, digest, editor_has_edits


@contextmanager
def above_tabs() -> Iterator[None]:
    """Hold everything a page draws above its tabs in one container.

    Streamlit places elements by their position on the page: one element more or
    less above the tabs (a notice, a warning, a page that stops early) moves the
    tabs, and the browser then draws them anew with the first tab chosen. That is how
    a save in «Strukturer» once threw the user back to «Hva mangler?». Inside one
    container the tabs always stand at the same place, whatever is drawn above them,
    so the open tab stays open.
    """
    with st.container():
        yield


def header(title: str, note: str) -> None:
    """The page title and the note on what is saved, and when.

    The texts here are the pages' own, passed through :func:`ui.plain` all the same
    (the static check in ``tests/test_page_text.py`` cannot tell them from user text,
    and escaping plain words changes nothing on screen).
    """
    st.title(ui.plain(title))
    # A caption, not a box: on a laptop screen the item's map must be in view below it.
    st.caption(f":material/lock: {ui.plain(note)}")


@dataclass(frozen=True)
class Upload:
    """The column that opens an item from a file downloaded before.

    Parameters
    ----------
    heading, label, help : str
        The column's heading; the uploader's label and help.
    load : callable
        Reads the file's bytes into the item, raising :class:`InvalidFileError`.
    kept : str
        What stayed unchanged when a file is refused («Saken du hadde, er uendret.»).
    """

    heading: str
    label: str
    help: str
    load: Callable[[bytes], Any]
    kept: str


def open_section(
    item: EditedItem,
    label: str,
    *,
    expanded: bool,
    new: tuple[str, Callable[[], None]],
    stored: str,
    example: tuple[str, Callable[[], None]],
    upload: Upload,
    more: Callable[[], None] | None = None,
) -> None:
    """The four ways to get an item: new, stored, example and file, side by side.

    Parameters
    ----------
    item : EditedItem
        What the chosen item replaces.
    label : str
        The expander's heading.
    expanded : bool
        Whether the section is open the first time it is drawn; after that it keeps
        what the user chose, and it folds when an item has been opened.
    new, example : (heading, draw)
        A column heading and the page's own widgets for that column; they call
        :meth:`EditedItem.replace` themselves.
    stored : str
        The heading of the column that opens a stored item.
    upload : Upload
        The texts of the upload column, and how a file is read.
    more : callable, optional
        Draws one more way to get an item, under the four (the spreadsheet import).
    """
    # The section keeps its own open state (a keyed expander), starts as ``expanded``,
    # and folds once an item is opened, so that the item is in view.
    # ``expanded`` must stay the same between runs (it is part of the widget's identity).
    initial = st.session_state.setdefault(item.keys.widget("section_initial"), expanded)
    if st.session_state.pop(item.keys.fold_section, False):
        st.session_state[item.keys.section_open] = False
    with st.expander(
        ui.plain(label), expanded=initial, key=item.keys.section_open, on_change="rerun"
    ):
        new_col, stored_col, example_col, upload_col = st.columns(4)
        with new_col:
            st.markdown(f"**{ui.plain(new[0])}**")
            new[1]()
        with stored_col:
            st.markdown(f"**{ui.plain(stored)}**")
            stored_column(item)
        with example_col:
            st.markdown(f"**{ui.plain(example[0])}**")
            example[1]()
        with upload_col:
            st.markdown(f"**{ui.plain(upload.heading)}**")
            opened = ui.load_new_upload(
                upload.label,
                key=item.keys.upload,
                help=upload.help,
                seen_key=item.keys.seen_upload,
                load=upload.load,
                problems_key=item.keys.problems,
                kept=upload.kept,
            )
            if opened is not None:
                name, loaded = opened
                item.replace(loaded, f"Åpnet filen «{name}».")
        if more is not None:
            more()


def stored_column(item: EditedItem) -> None:
    """Open a stored item (or one «Lagrede saker» asked to open) as the edited item."""
    opened = storage_ui.open_controls(item.kind)  # checked against today's validation
    if opened is not None:
        item.replace(item.validate(opened), storage_ui.opened_notice(), stored=True)


def status_line(item: EditedItem) -> None:
    """One line that says whether the tab holds work that is not saved in the database."""
    what = "Saken" if item.kind == "case" else "Kommunekartet"
    if item.unsaved_changes():
        st.markdown(
            ":orange-badge[:material/edit_note: Ulagrede endringer] "
            f"{ui.plain(what)} har endringer som ikke er lagret i databasen."
        )
    elif item.link is not None:
        st.markdown(
            f":green-badge[:material/check: Lagret] {ui.plain(what)} er lagret i databasen."
        )
    else:
        st.markdown(
            f":gray-badge[Ikke lagret] {ui.plain(what)} er ikke lagret i databasen, men du "
            "har ikke endret noe siden du åpnet eller startet."
        )


def undo_button(item: EditedItem, place: str = "") -> None:
    """«Angre siste endring»: back to the content before the last accepted edit.

    ``place`` tells apart the buttons where a page shows them twice (by the map too).
    """
    if not item.can_undo():
        return
    if st.button(
        "Angre siste endring",
        key=item.keys.widget(f"{place}undo"),
        icon=":material/undo:",
        help="Går tilbake til slik det var før siste endring. Du kan angre flere ganger.",
    ):
        what = item.undo()
        st.session_state[item.keys.notice] = f"Angret: {what}"
        st.rerun()


def redo_button(item: EditedItem, place: str = "") -> None:
    """«Gjør om»: make the last undone edit again (none after a new edit)."""
    if not item.can_redo():
        return
    if st.button(
        "Gjør om",
        key=item.keys.widget(f"{place}redo"),
        icon=":material/redo:",
        help="Gjør den siste endringen du angret, en gang til.",
    ):
        what = item.redo()
        st.session_state[item.keys.notice] = f"Gjort om: {what}"
        st.rerun()


def save_section(
    item: EditedItem, titles: dict[str, str] | None = None, other_pending: list[str] = ()
) -> None:
    """«Lagre i databasen»: save the edited item as new, or as its next version.

    Nothing is saved while a table (or another field group) holds edits that are
    not taken in: the user would believe they are stored. The section then names
    those edits and offers to take them all in first.

    Parameters
    ----------
    titles : dict
        Table name → the title the user sees («Aktører»).
    other_pending : list of str
        Titles of other parts of the page with edits not taken in (the person form).
    """
    with st.expander("Lagre i databasen", expanded=True):
        status_line(item)
        with st.container(horizontal=True):
            undo_button(item)
            redo_button(item)
        titles = titles or {}
        pending = [titles.get(name, name) for name in item.unapplied_tables()]
        pending += list(other_pending)
        if not pending:
            st.session_state.pop(item.keys.take_all, None)
            storage_ui.save_controls(item.content, item.kind)
            return
        refused = st.session_state.get(item.keys.take_all) or {}
        if refused.get("refused"):
            st.error(
                ui.plain(
                    f"Endringene i «{refused['refused']}» kan ikke tas inn før feilene er "
                    "rettet. Feilene står under tabellen."
                ),
                icon=":material/error:",
            )
        st.warning(
            ui.plain(
                "Ikke lagret ennå: du har endringer som ikke er tatt inn i "
                + ", ".join(f"«{title}»" for title in pending)
                + ". Ta dem inn først, så kan du lagre alt samlet."
            ),
            icon=":material/pending_actions:",
        )
        if st.button(
            "Ta inn endringene",
            key=item.keys.widget("take_all"),
            type="primary",
            icon=":material/done_all:",
        ):
            st.session_state[item.keys.take_all] = {"refused": None}
            st.rerun()


def take_all_requested(item: EditedItem) -> bool:
    """Whether «Ta inn endringene» asked every part with pending edits to take them in."""
    waiting = st.session_state.get(item.keys.take_all)
    return isinstance(waiting, dict) and not waiting.get("refused")


def refuse_take_all(item: EditedItem, title: str) -> None:
    """Stop taking edits in: ``title``'s edits were refused (its problems are shown)."""
    st.session_state[item.keys.take_all] = {"refused": title}


@dataclass(frozen=True)
class Save:
    """What a table's or a field group's button says, and what it resets.

    Parameters
    ----------
    label : str
        The button's text.
    refused, notice : str
        The heading over the problems of a refused edit; the notice of an accepted one.
    forget : tuple of str
        Other widgets that show what the edit changed (their state is dropped).
    title : str
        What the user calls the table or group («Aktører»), in notices.
    """

    label: str
    refused: str
    notice: str
    forget: tuple[str, ...] = ()
    title: str = ""


def save_button(item: EditedItem, save: Save, candidate: Callable[[], dict]) -> None:
    """A form's submit button: accept the edit when it is valid, then show it.

    ``candidate`` builds the edited item from the form; it is called only when the
    button is pressed.
    """
    pressed = st.form_submit_button(ui.plain(save.label), type="primary")
    if pressed and item.update(candidate(), save.refused, save.notice):
        if save.forget:
            item.forget_shown(*save.forget)
        st.rerun()


def table_notice(item: EditedItem, name: str) -> None:
    """Show, beside the table, what its last «Oppdater kartet» did (once)."""
    shown = st.session_state.get(item.keys.table_notice)
    if shown and shown[0] == name:
        st.session_state.pop(item.keys.table_notice)
        st.success(
            ui.plain(f"{shown[1]} Husk å lagre i databasen når du er ferdig."),
            icon=":material/check_circle:",
        )


def accept_edit(
    item: EditedItem, name: str, save: Save, candidate: dict, forget: tuple[str, ...]
) -> bool:
    """Take a valid edit into the item (and rerun); show the problems of an invalid one."""
    if item.update(candidate, save.refused, save.notice):
        item.forget_shown(*forget, *save.forget)
        st.session_state.pop(item.keys.notice, None)
        st.session_state[item.keys.table_notice] = (name, save.notice)
        st.rerun()
    if take_all_requested(item):
        refuse_take_all(item, save.title or name)
    return False


def confirm_loss(item: EditedItem, name: str, candidate: dict, lost: list[str]) -> bool:
    """Ask before an edit that also removes other things (``lost``); True once confirmed.

    The question stays while the table's edit is the same; the confirmation holds
    for exactly that edit.
    """
    key = item.keys.confirm_delete(name)
    fingerprint = digest(candidate)
    if st.session_state.get(key) == ("confirmed", fingerprint):
        st.session_state.pop(key)
        return True
    st.session_state[key] = ("asked", fingerprint)
    st.warning(
        ui.plain("Dette fjerner også " + "; ".join(lost) + ". Vil du gjøre det?"),
        icon=":material/warning:",
    )
    row = st.container(horizontal=True)
    if row.button("Ja, fjern dem", key=item.keys.widget(f"{name}_confirm_delete"), type="primary"):
        st.session_state[key] = ("confirmed", fingerprint)
        st.rerun()
    if row.button("Nei, behold tabellen som den var", key=item.keys.widget(f"{name}_keep")):
        st.session_state.pop(key, None)
        item.forget_shown(name)
        st.rerun()
    return False


ROW_PX = 35
"""Streamlit's row height in a table editor (the header and the «add row» line too)."""
TALLEST_TABLE_ROWS = 30
"""Above this many rows a table scrolls; up to it, every row and the «add row» line show."""


def table_height(rows: int, can_add: bool) -> int:
    """A table's height in pixels: every row shown, so the «add row» line never scrolls away
    and a user types into a new row instead of over the last one (up to a limit)."""
    lines = min(rows + 1 + int(can_add), TALLEST_TABLE_ROWS)
    return ROW_PX * lines + 3


def table_form(
    item: EditedItem,
    name: str,
    frame: pd.DataFrame,
    columns: dict[str, Any],
    save: Save,
    apply: Callable[[dict, list[dict]], dict],
    *,
    losses: Callable[[dict, dict], list[str]] | None = None,
    num_rows: str = "dynamic",
) -> None:
    """One editable table of the item, with its button that takes the edits in.

    The table is not in a form, so the page always knows whether it holds edits not
    taken in: a marker says so under it, «Lagre i databasen» refuses until they are
    taken in, and replacing the item asks first (:meth:`EditedItem.replace`).
    Incomplete rows are kept in the table and reported; nothing is dropped.

    Parameters
    ----------
    name : str
        The table's name: its editor is the item's ``shown`` widget of that name.
    frame : DataFrame
        The rows to show.
    columns : dict
        Streamlit's ``column_config``.
    apply : callable
        ``apply(content, rows)`` gives the edited item from the table's rows, or
        raises :class:`InvalidFileError` for rows it cannot take (an empty cell).
    losses : callable, optional
        ``losses(before, after)`` names what else the edit removes (the ties of a
        deleted actor); the user is asked before such an edit is taken in.
    num_rows : str
        ``"dynamic"`` (rows can be added and removed) or ``"fixed"``.
    """
    editor_key = item.keys.shown(name)
    edited = st.data_editor(
        frame,
        key=editor_key,
        num_rows=num_rows,
        height=table_height(len(frame), num_rows == "dynamic"),
        width="stretch",
        hide_index=True,
        column_config=columns,
    )
    table_notice(item, name)
    has_edits = editor_has_edits(st.session_state.get(editor_key))
    if has_edits:
        st.caption(
            ":orange[:material/pending_actions: Endringene i tabellen er ikke tatt inn i "
            "kartet ennå.]"
        )
    row = st.container(horizontal=True)
    pressed = row.button(
        ui.plain(save.label), type="primary", key=item.keys.widget(f"{name}_apply")
    )
    if has_edits and row.button(
        "Angre endringene i tabellen",
        key=item.keys.widget(f"{name}_reset"),
        help="Tabellen blir som den var sist kartet ble oppdatert.",
    ):
        item.forget_shown(name)
        st.rerun()
    waiting = st.session_state.get(item.keys.confirm_delete(name))
    if not (pressed or waiting or (has_edits and take_all_requested(item))):
        return
    try:
        candidate = apply(item.content, editor_rows(edited))
    except InvalidFileError as error:  # incomplete rows: kept in the table, reported
        ui.show_problems(f"{save.refused} Rett opp og prøv igjen.", error.problems)
        if take_all_requested(item):
            refuse_take_all(item, save.title or name)
        return
    lost = losses(item.content, candidate) if losses else []
    if waiting and waiting[1] != digest(candidate):
        st.session_state.pop(item.keys.confirm_delete(name), None)
        if not pressed:
            return
    if lost and not confirm_loss(item, name, candidate, lost):
        if take_all_requested(item):
            refuse_take_all(item, save.title or name)
        return
    accept_edit(item, name, save, candidate, ())
