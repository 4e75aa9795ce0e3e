"""Small Streamlit helpers shared by the pages (the only UI code outside the pages)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TypeVar

import streamlit as st
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.uploaded_file_manager import UploadedFile

from graph.format import InvalidFileError, Problem, session_upload_refusal
from graph.render import MapSpec, chrome_height_px, render_map_html
from pages.widgets import state

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
    height = spec.height_px + chrome_height_px(spec) + legend_space_px
    st.iframe(render_map_html(untitled, inline_js=False), height=height)


def clear_keys(*keys: str) -> None:
    """Forget widget state so that widgets show freshly loaded data."""
    for key in keys:
        st.session_state.pop(key, None)


UPLOADED_SO_FAR = state.UPLOADED_SO_FAR


class UploadRefusedError(Exception):
    """This tab has uploaded as much as it may (see :mod:`graph.format.limits`); the message
    says so in Norwegian, and what to do."""


def release_upload(uploaded: UploadedFile) -> None:
    """Let the server forget an uploaded file's bytes (as ``st.chat_input`` does).

    Streamlit keeps every uploaded file in memory for as long as the browser session
    lives, and longer if the tab is closed without a goodbye. The pages read each file
    once and keep only what they read from it, so they free it at once: in the server's
    upload store and in the file object the widget holds (which reads as empty after).
    """
    ctx = get_script_run_ctx()
    if ctx is not None and isinstance(ctx.uploaded_file_mgr, MemoryUploadedFileManager):
        ctx.uploaded_file_mgr.remove_file(session_id=ctx.session_id, file_id=uploaded.file_id)
    # The widget's state keeps this object (and so the bytes) until the next run, and
    # after the tab closes for as long as Streamlit keeps the session: empty it too.
    uploaded.seek(0)
    uploaded.truncate()


def take_upload(uploaded: UploadedFile) -> bytes:
    """An uploaded file's bytes, counted against this tab's limits and freed on the server.

    Raises
    ------
    UploadRefusedError
        When the tab has uploaded as many files or bytes as it may (the file is freed).
    """
    used = st.session_state.setdefault(UPLOADED_SO_FAR, [0, 0])
    refusal = session_upload_refusal(used[0], used[1], uploaded.size)
    if refusal:
        release_upload(uploaded)
        raise UploadRefusedError(refusal)
    data = uploaded.getvalue()
    used[0] += 1
    used[1] += len(data)
    release_upload(uploaded)
    return data


def new_upload(label: str, *, key: str, help: str | None, seen_key: str) -> UploadedFile | None:
    """A JSON file uploader that hands over each uploaded file once.

    Streamlit keeps an uploaded file in the widget on every rerun; it is handed over
    only when it is new (its id is kept under ``seen_key``), or it would be read again
    over later edits.
    """
    uploaded = st.file_uploader(label, type=["json"], key=key, help=help)
    if uploaded is None or st.session_state.get(seen_key) == uploaded.file_id:
        return None
    st.session_state[seen_key] = uploaded.file_id
    return uploaded


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

    Each file is read once (:func:`new_upload`) and then freed on the server
    (:func:`take_upload`). A file that ``load`` refuses, or one more
    than this tab may upload, puts ``(heading, problems)`` under ``problems_key`` in
    the session for the page to show; ``kept`` tells the user what stayed as it was.

    Returns
    -------
    (file name, loaded value) or None
        None when there is no new file or it was refused.
    """
    uploaded = new_upload(label, key=key, help=help, seen_key=seen_key)
    if uploaded is None:
        return None
    heading = f"Filen «{uploaded.name}» ble ikke åpnet. {kept}"
    try:
        return uploaded.name, load(take_upload(uploaded))
    except UploadRefusedError as refused:
        st.session_state[problems_key] = (heading, [Problem((), str(refused))])
    except InvalidFileError as error:
        st.session_state[problems_key] = (heading, error.problems)
    return None


def file_stem(title: str | None, fallback: str) -> str:
    """A download's file name (without ending) from a title, keeping æ, ø and å.

    Examples
    --------
    >>> file_stem("Tønsberg: sak 1/2", "sak")
    'tønsberg-sak-1-2'
    >>> file_stem("   ", "sak")
    'sak'
    """
    stem = re.sub(r"[^\w]+|_", "-", (title or "").lower()).strip("-")
    return stem[:80].strip("-") or fallback
