"""Small Streamlit helpers shared by the pages (the only UI code outside the pages)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TypeVar

import streamlit as st

from graph.messages import Problem
from graph.render.html import render_map_html
from graph.render.spec import MapSpec
from graph.validation import InvalidFileError

T = TypeVar("T")

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")
WORD_JOINER = "\u2060"
"""An invisible character that joins its neighbours (no space, no line break)."""
_AUTOLINK_TRIGGERS = re.compile(r"(?i)(?<=www)(?=\.)|(?<=:)(?=//)|(?<=@)")
"""Where Streamlit's Markdown would start a link on its own: ``www.``, ``://``, ``a@b``."""


def plain(text: str) -> str:
    """Escape text typed by a user so Streamlit's Markdown shows it literally: text only,
    no formatting, no images, no formulas and no links.

    Streamlit renders Markdown (and LaTeX between ``$``) in messages, captions, headings
    and widget labels (radio and checkbox labels, tabs, expanders, metrics, help), and
    decodes HTML entities such as ``&lt;``. Labels from a case or a municipality file
    must appear exactly as written, never as formatting, images, links or decoded
    entities: every character Markdown could read is escaped with a backslash.

    A backslash does not stop GitHub-style autolinks (``www.example.no``,
    ``https://…``, ``navn@example.no``): Streamlit finds those in the text after the
    escapes are read. So an invisible word joiner (U+2060) goes where such a link would
    start: after ``www``, between ``:`` and ``//`` and after ``@``. The text looks the
    same and can be selected and copied; the copy holds the invisible joiner, so it is
    not a working address either. The exact text is in the tables, the editors and the
    downloaded file.

    Values shown in ``st.dataframe``/``st.data_editor`` cells and in selectbox or
    multiselect options are plain text already: do not pass them through this (the
    backslashes would show).
    """
    inert = _AUTOLINK_TRIGGERS.sub(WORD_JOINER, text)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", inert).replace("\n", " ")


def show_problems(heading: str, problems: Iterable[Problem]) -> None:
    """Show a refused file's or edit's problems as one red box with a line each."""
    lines = [f"- **{plain(p.friendly_location())}:** {plain(p.message)}" for p in problems]
    st.error(f"**{plain(heading)}**\n\n" + "\n".join(lines), icon=":material/error:")


def show_map(spec: MapSpec, legend_space_px: int = 230) -> None:
    """Draw a map in an iframe, with vis-network served from the app's static folder."""
    # The page shows its own heading; the map's title is for the exported file.
    untitled = replace(spec, title="")
    st.iframe(render_map_html(untitled, inline_js=False), height=spec.height_px + legend_space_px)


def clear_keys(*keys: str) -> None:
    """Forget widget state so that widgets show freshly loaded data."""
    for key in keys:
        st.session_state.pop(key, None)


def load_new_upload(
    label: str,
    *,
    key: str,
    help: str,
    seen_key: str,
    load: Callable[[bytes], T],
    problems_key: str,
    kept: str,
) -> tuple[str, T] | None:
    """A JSON file uploader that hands over each uploaded file once, loaded.

    Streamlit keeps an uploaded file in the widget on every rerun; it is read only
    when it is new, or it would reopen the same file over later edits. A file that
    ``load`` refuses puts ``(heading, problems)`` under ``problems_key`` in the
    session for the page to show; ``kept`` tells the user what stayed as it was.

    Returns
    -------
    (file name, loaded value) or None
        None when there is no new file or it was refused.
    """
    uploaded = st.file_uploader(label, type=["json"], key=key, help=help)
    if uploaded is None or st.session_state.get(seen_key) == uploaded.file_id:
        return None
    st.session_state[seen_key] = uploaded.file_id
    try:
        return uploaded.name, load(uploaded.getvalue())
    except InvalidFileError as error:
        heading = f"Filen «{uploaded.name}» ble ikke åpnet. {kept}"
        st.session_state[problems_key] = (heading, error.problems)
        return None
