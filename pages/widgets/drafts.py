"""«Gjenopprett utkast»: the tab's unsaved work survives a reload or a server restart.

The editing pages call :func:`offer_restore` where they show their messages and
:func:`keep_draft` last in every run. While the item has changes that are not saved
in the database, :func:`keep_draft` writes it as the tab's draft
(:class:`graph.storage.drafts.DraftStore`); once it is saved, or nothing is left to
lose, the draft is removed. A new session in the same tab (same ``?utkast=`` in the
address) finds the draft and asks whether to bring it back; nothing is replaced
without that choice.
"""

from __future__ import annotations

import logging

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from graph.format import InvalidFileError
from graph.storage import DraftStore, StoredDraft, format_time, new_token, valid_token
from pages.widgets import state, storage_ui, ui
from pages.widgets.item import EditedItem, digest

log = logging.getLogger(__name__)
QUERY_PARAM = "utkast"
"""The address parameter that carries the tab's draft token."""


def tab_token() -> str:
    """This tab's draft token: kept in the session and in the page address."""
    token = st.session_state.get(state.DRAFT_TOKEN)
    if not valid_token(token):
        from_address = st.query_params.get(QUERY_PARAM)
        token = from_address if valid_token(from_address) else new_token()
        st.session_state[state.DRAFT_TOKEN] = token
    if st.query_params.get(QUERY_PARAM) != token:
        st.query_params[QUERY_PARAM] = token
    return token


def _store() -> DraftStore | None:
    repo = storage_ui.repository()
    return None if repo is None else repo.drafts()


def _kept(item: EditedItem) -> dict:
    return st.session_state.setdefault(item.keys.draft, {"checked": False, "digest": None})


def offer_restore(item: EditedItem) -> None:
    """On a tab's first run, offer the draft an earlier session left; ask what to do."""
    kept = _kept(item)
    if not kept["checked"]:
        kept["checked"] = True
        if not item.is_open():
            store = _store()
            try:
                found = store.read(tab_token(), item.kind) if store else None
            except SQLAlchemyError as error:
                log.warning("Utkast kunne ikke leses: %s", type(error).__name__)
                found = None
            if found is not None:
                kept["offer"] = found
    offer: StoredDraft | None = kept.get("offer")
    if offer is None:
        return
    title = offer.content.get("title") or offer.content.get("navn") or "uten tittel"
    st.warning(
        ui.plain(
            f"Denne fanen har et utkast som ikke ble lagret: «{title}», sist endret "
            f"{format_time(offer.updated_at)}. Vil du fortsette med det?"
        ),
        icon=":material/restore_page:",
    )
    row = st.container(horizontal=True)
    if row.button("Gjenopprett utkast", key=item.keys.widget("restore_draft"), type="primary"):
        _restore(item, offer)
        st.rerun()
    if row.button(
        "Forkast utkastet",
        key=item.keys.widget("discard_draft"),
        help="Utkastet slettes. Det som er lagret i databasen, blir som det er.",
    ):
        kept["offer"] = None
        _discard(item)
        st.rerun()


def _restore(item: EditedItem, offer: StoredDraft) -> None:
    kept = _kept(item)
    kept["offer"] = None
    try:
        restored = item.validate(offer.content)
    except InvalidFileError as error:
        item.refuse("Utkastet kan ikke åpnes: det har noe Tverrkart ikke godtar.", error.problems)
        return
    kept["digest"] = digest(item.to_dict(restored))  # already stored as the draft
    item.restore(restored, offer.link, "Utkastet er gjenopprettet. Det er ikke lagret ennå.")


def _discard(item: EditedItem) -> None:
    store = _store()
    try:
        if store is not None:
            store.discard(tab_token(), item.kind)
    except SQLAlchemyError as error:
        log.warning("Utkast kunne ikke slettes: %s", type(error).__name__)
    _kept(item)["digest"] = None


def keep_draft(item: EditedItem) -> None:
    """Write the item as the tab's draft while it has unsaved changes; remove it after.

    Called last in every run of an editing page. Writes only when the content
    changed since the last write, so an ordinary rerun costs no database call.
    """
    kept = _kept(item)
    if kept.get("offer") is not None or not item.is_open():
        return  # the user has not chosen yet: the old draft must stay as it is
    if item.changed_since_saved():
        now = digest(item.content)
        if kept["digest"] == now:
            return
        store = _store()
        try:
            if store is not None:
                store.put(tab_token(), item.kind, item.content, item.link)
                kept["digest"] = now
        except SQLAlchemyError as error:
            log.warning("Utkast kunne ikke skrives: %s", type(error).__name__)
    elif kept["digest"] is not None:
        _discard(item)
