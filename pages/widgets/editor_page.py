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

from graph.editing import editor_rows
from pages.widgets import storage_ui, ui
from pages.widgets.item import EditedItem


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
    st.info(ui.plain(note), icon=":material/lock:")


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
) -> None:
    """The four ways to get an item: new, stored, example and file, side by side.

    Parameters
    ----------
    item : EditedItem
        What the chosen item replaces.
    label : str
        The expander's heading.
    expanded : bool
        Whether the section is drawn open (the value must stay the same between runs,
        or the section folds shut while someone is choosing).
    new, example : (heading, draw)
        A column heading and the page's own widgets for that column; they call
        :meth:`EditedItem.replace` themselves.
    stored : str
        The heading of the column that opens a stored item.
    upload : Upload
        The texts of the upload column, and how a file is read.
    """
    with st.expander(ui.plain(label), expanded=expanded):
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


def stored_column(item: EditedItem) -> None:
    """Open a stored item (or one «Lagrede saker» asked to open) as the edited item."""
    opened = storage_ui.open_controls(item.kind)  # checked against today's validation
    if opened is not None:
        item.replace(item.validate(opened), storage_ui.opened_notice(), stored=True)


def save_section(item: EditedItem) -> None:
    """«Lagre i databasen»: save the edited item as new, or as its next version."""
    with st.expander("Lagre i databasen", expanded=True):
        storage_ui.save_controls(item.content, item.kind)


@dataclass(frozen=True)
class Save:
    """What a form's «Lagre …» button says, and what it resets.

    Parameters
    ----------
    label : str
        The button's text.
    refused, notice : str
        The heading over the problems of a refused edit; the notice of an accepted one.
    forget : tuple of str
        Other widgets that show what the edit changed (their state is dropped).
    """

    label: str
    refused: str
    notice: str
    forget: tuple[str, ...] = ()


def save_button(item: EditedItem, save: Save, candidate: Callable[[], dict]) -> None:
    """A form's «Lagre …» button: accept the edit when it is valid, then show it.

    ``candidate`` builds the edited item from the form; it is called only when the
    button is pressed.
    """
    pressed = st.form_submit_button(ui.plain(save.label), type="primary")
    if pressed and item.update(candidate(), save.refused, save.notice):
        if save.forget:
            item.forget_shown(*save.forget)
        st.rerun()


def table_form(
    item: EditedItem,
    name: str,
    frame: pd.DataFrame,
    columns: dict[str, Any],
    save: Save,
    apply: Callable[[dict, list[dict]], dict],
) -> None:
    """One editable table of the item in a form, with its «Lagre …» button.

    Parameters
    ----------
    name : str
        The table's name: its editor is the item's ``shown`` widget of that name.
    frame : DataFrame
        The rows to show.
    columns : dict
        Streamlit's ``column_config``.
    apply : callable
        ``apply(content, rows)`` gives the edited item from the table's rows.
    """
    with st.form(item.keys.widget(f"{name}_form")):
        edited = st.data_editor(
            frame,
            key=item.keys.shown(name),
            num_rows="dynamic",
            width="stretch",
            hide_index=True,
            column_config=columns,
        )
        save_button(item, save, lambda: apply(item.content, editor_rows(edited)))
