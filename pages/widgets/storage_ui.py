"""Save and open controls for the editing pages, and the one cached database handle.

The item being edited (a case or a municipality map) is an
:class:`~pages.widgets.item.EditedItem`, which also keeps its link to a stored item,
a pending open and a save conflict. These functions connect it to the database:

* :func:`open_controls` — choose a saved item and open it (returns its dict), and
  pick up an item that «Lagrede saker» asked to open;
* :func:`save_controls` — save the dict as a new item, or as the next version of
  the item it was opened from, with a short note; on a conflict (someone else
  saved in between) it explains what happened and offers to reload;
* :func:`unlink` — forget which stored item the dict came from
  (:meth:`EditedItem.replace` does it for anything that did not come from storage).

Each takes the kind of item, ``"case"`` (the default) or ``"municipality"``.

Only the engine is cached (``st.cache_resource``); no case content is ever cached,
so nothing of one user's case can reach another user's session.

:func:`repository` is the one place pages get a
:class:`~graph.storage.repository.Repository`, and it is always bound to the user of
this browser tab (:func:`pages.widgets.team.current_actor`: the local user in local
mode, the logged-in user in team mode), so no page can read or write around the
access rules.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from streamlit.errors import StreamlitAPIException

from graph.format import InvalidFileError, validate_case, validate_municipality
from graph.storage import (
    EDITOR,
    ROLE_WORDS,
    SYSTEM,
    AccessDeniedError,
    Actor,
    ConflictError,
    DocumentInfo,
    Repository,
    StorageError,
    StoredVersion,
    database_url,
    default_name,
    describe_error,
    describe_kind,
    describe_location,
    format_time,
    kind_word,
    rank,
    ready_engine,
)
from pages.widgets import state, team, ui
from pages.widgets.item import ITEMS

log = logging.getLogger(__name__)
T = TypeVar("T")

EDITOR_PAGES = {"case": "pages/views/nettverkskart.py", "municipality": "pages/views/kommune.py"}
"""The page that edits each kind of item (where «open» and «reload» lead)."""
NOTE_PLACEHOLDER = "For eksempel: Etter møte 12.3."
NOTICE = state.STORAGE_NOTICE
OPENED = state.STORAGE_OPENED


# --------------------------------------------------------------------------- the database


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    """One engine per database URL for the whole server (no personal data in it).

    Made once when the app first reaches the database; expired deleted items are
    purged then (and later, at most hourly, on a list or a save).
    """
    engine = ready_engine(url)
    try:
        Repository(engine, actor=SYSTEM).purge_expired()
    except SQLAlchemyError as error:  # the app still starts; the next list tries again
        log.warning("Opprydding ved oppstart feilet: %s", describe_error(error))
    return engine


def repository() -> Repository | None:
    """The repository for this tab's user, or ``None`` after showing why there is none."""
    actor = team.current_actor()
    if actor is None:
        st.error("Du er ikke logget inn. Last siden på nytt for å logge inn.")
        return None
    return repository_for(actor)


def repository_for(actor: Actor) -> Repository | None:
    """The repository acting for ``actor``, or ``None`` after showing why it cannot be used."""
    url = database_url()
    try:
        return Repository(_engine(url), actor=actor)
    except (SQLAlchemyError, OSError) as error:
        log.warning(
            "Databasen kan ikke åpnes (%s): %s", describe_location(url), type(error).__name__
        )
        st.error(
            f"Databasen kan ikke åpnes ({describe_kind(url)}). "
            "Sjekk at mappen finnes og kan skrives til, eller at databaseserveren kjører. "
            "Saken du har åpen i nettleseren, er ikke endret.",
            icon=":material/error:",
        )
        return None


def attempt(what: str, action: Callable[[], T]) -> T | None:
    """Run one repository call; show a plain Norwegian message instead of any error.

    Parameters
    ----------
    what : str
        Said when it fails, such as «Saken ble ikke lagret.».
    action : callable
        The call. :class:`ConflictError` is not caught: callers handle it.

    Returns
    -------
    The call's result, or ``None`` when it failed (and the message is shown).
    """
    try:
        return action()
    except ConflictError:
        raise
    except InvalidFileError as error:
        ui.show_problems(f"{what} Ingenting er endret.", error.problems)
    except StorageError as error:
        st.error(f"{ui.plain(what)} {ui.plain(str(error))}", icon=":material/error:")
    except SQLAlchemyError as error:
        log.warning("Databasefeil: %s", describe_error(error))
        st.error(
            f"{ui.plain(what)} Databasen svarte ikke som den skulle. Ingenting er endret. "
            "Prøv igjen om litt.",
            icon=":material/error:",
        )
    return None


def notify(text: str) -> None:
    """Show ``text`` as a green message after the next rerun."""
    st.session_state[NOTICE] = text


def show_notice() -> None:
    """Show (once) the message left by :func:`notify`."""
    text = st.session_state.pop(NOTICE, None)
    if text:
        st.success(ui.plain(text), icon=":material/check_circle:")


def describe(info: DocumentInfo) -> str:
    """One line for a picker: «Sak A – versjon 3, 12.03.2026 kl. 14:05» (plain text)."""
    return f"{info.name} – versjon {info.version}, {format_time(info.updated_at)}"


# --------------------------------------------------------------------------- links


def linked(kind: str = "case") -> dict[str, Any] | None:
    """The stored item the edited dict came from: ``{"id", "version", "name"}`` or None."""
    return ITEMS[kind].link


def _link(kind: str, info: DocumentInfo) -> None:
    ITEMS[kind].set_link(info.id, info.version, info.name)


def unlink(kind: str = "case") -> None:
    """Forget the stored item behind the edited dict (the next save makes a new item).

    Call this whenever the page replaces the dict with something that did not come
    from storage: a new, empty case, an example or an uploaded file.
    """
    ITEMS[kind].unlink()


def request_open(stored: StoredVersion, notice: str) -> None:
    """Ask the editing page to open ``stored`` and go there.

    The item is linked only when the editing page takes the content (in
    :func:`open_controls`), so the link always belongs to the dict being edited.
    An earlier version is opened as a starting point: it is linked to the latest
    version number, so saving it makes it the newest version.
    """
    kind = stored.document.kind
    ITEMS[kind].ask_open(
        {
            "id": stored.document.id,
            "version": stored.document.version,
            "name": stored.document.name,
            "content": stored.content,
            "notice": notice,
        }
    )
    try:
        st.switch_page(EDITOR_PAGES[kind])
    except StreamlitAPIException:  # the editing page is not part of this app yet
        st.rerun()


def _acceptable(kind: str, content: dict[str, Any], name: str) -> bool:
    """Whether stored content passes today's validation; if not, say why.

    A version saved by an older Tverrkart can hold what is refused today (an identity
    number written with dots, a control character). It is then not opened, nothing
    is linked, and the page keeps what it had.
    """
    try:
        (validate_case if kind == "case" else validate_municipality)(content)
    except InvalidFileError as error:
        ui.show_problems(
            f"«{name}» ble ikke åpnet fordi innholdet har noe Tverrkart ikke lenger godtar. "
            "Det du hadde åpent, er uendret.",
            error.problems,
        )
        return False
    return True


def _take_pending(kind: str) -> dict[str, Any] | None:
    pending = ITEMS[kind].take_pending()
    if pending is None:
        return None
    if not _acceptable(kind, pending["content"], pending["name"]):
        return None
    ITEMS[kind].set_link(pending["id"], pending["version"], pending["name"])
    st.session_state[OPENED] = pending["notice"]
    return pending["content"]


def record_download(kind: str, what: str) -> None:
    """Log in the access log that this tab's user downloaded ``what`` (``png``, ``pdf`` …)
    made from the stored item it has open; nothing when the item is not stored.

    For the editing pages' downloads; never raises (a download is not refused because
    the log could not be written, but the failure is logged on the server).
    """
    link = linked(kind)
    if link is None:
        return
    repo = repository()
    if repo is None:
        return
    try:
        repo.record_download(link["id"], link["version"], what)
    except (StorageError, SQLAlchemyError) as error:
        log.warning("Nedlasting ble ikke logget: %s", type(error).__name__)


def revoke(kind: str) -> None:
    """Close the item in this tab: its user no longer has access to the stored item.

    The content, its undo history, a pending replacement and the tab's draft go; the
    widgets that showed it forget it. Saving it as a new item is not offered.
    """
    item = ITEMS[kind]
    item.unlink()
    for name in (item.keys.content, item.keys.history, item.keys.replacing):
        st.session_state.pop(name, None)
    item.forget_shown()
    repo = repository()
    token = st.session_state.get(state.DRAFT_TOKEN)
    if repo is not None and token:
        try:
            repo.drafts().discard(token, kind)
        except (SQLAlchemyError, ValueError) as error:
            log.warning("Utkastet ble ikke fjernet: %s", type(error).__name__)


def still_allowed(kind: str, repo: Repository) -> bool:
    """In team mode: whether this tab's user may still see the stored item it has open.

    A member removed by an owner loses the case at the next run: it is closed here
    (:func:`revoke`) before any page draws it again.
    """
    link = linked(kind)
    if repo.actor.local or link is None:
        return True
    try:
        repo.info(link["id"])
    except AccessDeniedError:
        revoke(kind)
        st.warning(
            f"Du har ikke lenger tilgang til «{ui.plain(link['name'])}». Den er lukket i "
            "denne fanen.",
            icon=":material/lock:",
        )
        return False
    except (StorageError, SQLAlchemyError):
        pass  # gone or unreachable: the save controls say so
    return True


def opened_notice() -> str:
    """What :func:`open_controls` just opened, as a sentence for the page's own notice."""
    return st.session_state.pop(OPENED, "Åpnet den lagrede saken.")


# --------------------------------------------------------------------------- open


def open_controls(kind: str = "case") -> dict[str, Any] | None:
    """A picker of saved items with an «Åpne» button.

    Also takes over an item that «Lagrede saker» asked to open. Call it on every
    run of the editing page, before :func:`save_controls`; :func:`opened_notice`
    then says what was opened.

    Returns
    -------
    dict or None
        The content to make the current item (the caller validates and shows it),
        or ``None`` when nothing was opened in this run.
    """
    pending = _take_pending(kind)
    if pending is not None:
        return pending
    repo = repository()
    if repo is None:
        return None
    still_allowed(kind, repo)
    items = attempt("Listen over lagrede kunne ikke hentes.", lambda: repo.list(kind))
    if not items:
        if items is not None:
            st.caption(f"Ingen lagrede {_plural(kind)} ennå.")
        return None
    by_id = {info.id: info for info in items}
    chosen = st.selectbox(
        f"Lagret {kind_word(kind)}",
        list(by_id),
        format_func=lambda doc_id: describe(by_id[doc_id]),
        key=state.ITEMS[kind].store("pick"),
    )
    if not st.button("Åpne", key=state.ITEMS[kind].store("open"), icon=":material/folder_open:"):
        return None
    stored = attempt(f"{kind_word(kind).capitalize()} ble ikke åpnet.", lambda: repo.open(chosen))
    if stored is None or not _acceptable(kind, stored.content, stored.document.name):
        return None
    _link(kind, stored.document)
    st.session_state[OPENED] = f"Åpnet «{stored.document.name}», versjon {stored.number}."
    return stored.content


def _plural(kind: str) -> str:
    return "saker" if kind == "case" else "kommunekart"


# --------------------------------------------------------------------------- save


def _conflict_box(kind: str, content: dict[str, Any], repo: Repository) -> None:
    conflict = ITEMS[kind].conflict
    st.warning(ui.plain(conflict["message"]), icon=":material/sync_problem:")
    row = st.container(horizontal=True)
    if row.button(
        "Last inn den nyeste versjonen",
        key=state.ITEMS[kind].store("reload"),
        type="primary",
        help="Endringene du har gjort siden du åpnet, forsvinner.",
    ):
        stored = attempt("Den nyeste versjonen ble ikke åpnet.", lambda: repo.open(conflict["id"]))
        if stored is not None:
            request_open(stored, f"Lastet inn versjon {stored.number} av «{stored.document.name}».")
    as_new = (
        "Lagre mine endringer som ny sak"
        if kind == "case"
        else "Lagre mine endringer som nytt kommunekart"
    )
    if row.button(as_new, key=state.ITEMS[kind].store("fork")):
        name = f"{conflict['name']} (mine endringer)"[:200]
        info = attempt(
            "Endringene ble ikke lagret.",
            lambda: repo.create(kind, content, name=name, note="Lagret ved konflikt"),
        )
        if info is not None:
            _link(kind, info)
            notify(f"Endringene dine er lagret som «{info.name}».")
            st.rerun()
    if row.button("Avbryt", key=state.ITEMS[kind].store("cancel")):
        ITEMS[kind].clear_conflict()
        st.rerun()


def _save_version(kind: str, content: dict[str, Any], note: str, repo: Repository) -> None:
    link = linked(kind)
    try:
        info = attempt(
            f"{kind_word(kind).capitalize()} ble ikke lagret.",
            lambda: repo.save(link["id"], content, expected_version=link["version"], note=note),
        )
    except ConflictError as error:
        ITEMS[kind].set_conflict(link["id"], link["name"], str(error))
        st.rerun()
    if info is not None:
        _link(kind, info)
        notify(f"Lagret som versjon {info.version} av «{info.name}».")
        st.rerun()


def _save_new(kind: str, content: dict[str, Any], name: str, note: str, repo: Repository) -> None:
    info = attempt(
        f"{kind_word(kind).capitalize()} ble ikke lagret.",
        lambda: repo.create(kind, content, name=name, note=note),
    )
    if info is not None:
        _link(kind, info)
        notify(f"Lagret «{info.name}» (versjon 1).")
        st.rerun()


def save_controls(content: dict[str, Any] | None, kind: str = "case") -> None:
    """Save the edited item: as the next version of the item it came from, or as new.

    Parameters
    ----------
    content : dict or None
        The whole case (or municipality) file being edited; ``None`` shows nothing.
    kind : str
        ``"case"`` or ``"municipality"``.

    On a conflict the user chooses: load the newest version (the editing page then
    opens it through :func:`open_controls`), save their own changes as a new item,
    or go back and keep editing. Nothing is ever overwritten silently.
    """
    show_notice()
    if content is None:
        return
    repo = repository()
    if repo is None:
        return
    link = linked(kind)
    if link is not None and ITEMS[kind].conflict:
        _conflict_box(kind, content, repo)
        return
    if link is not None:
        try:
            stored = repo.info(link["id"])
            link["name"] = stored.name  # renamed on «Lagrede saker»?
            if rank(stored.role) < rank(EDITOR):
                role = ROLE_WORDS.get(stored.role or "", "leser").lower()
                st.info(
                    f"Du er {ui.plain(role)} av «{ui.plain(stored.name)}» og kan se den, men "
                    "ikke lagre endringer. Be en eier om å gjøre deg til redaktør.",
                    icon=":material/visibility:",
                )
                return
        except AccessDeniedError:
            still_allowed(kind, repo)
            return
        except StorageError:
            st.warning(
                f"«{ui.plain(link['name'])}» finnes ikke lenger i databasen. Lagre som ny "
                "for å ta vare på det du har.",
                icon=":material/warning:",
            )
        except SQLAlchemyError:
            pass  # the save below says so, if the database is really gone
        st.markdown(
            f"Lagret som **{ui.plain(link['name'])}**, versjon {link['version']}. "
            "Når du lagrer, blir endringene en ny versjon. De gamle versjonene blir ikke borte."
        )
    with st.form(state.ITEMS[kind].store("form"), clear_on_submit=True, border=False):
        if link is None:
            default = default_name(kind, content)
            name = st.text_input(
                "Navn i listen (valgfritt)",
                max_chars=200,
                placeholder=f"Tomt: «{default}»",
                key=state.ITEMS[kind].store("name"),
                help="Bruk pseudonym, aldri navn eller fødselsnummer.",
            )
        note = st.text_input(
            "Merknad til denne versjonen (valgfritt)",
            max_chars=200,
            placeholder=NOTE_PLACEHOLDER,
            key=state.ITEMS[kind].store("note"),
        )
        label = "Lagre ny versjon" if link is not None else "Lagre i databasen"
        submitted = st.form_submit_button(label, type="primary", icon=":material/save:")
    if submitted and link is not None:
        _save_version(kind, content, note, repo)
    elif submitted:
        _save_new(kind, content, name.strip() or default, note, repo)
    if link is not None and st.button(
        f"Lagre som {'ny sak' if kind == 'case' else 'nytt kommunekart'} i stedet",
        key=state.ITEMS[kind].store("as_new"),
        help="Lager en egen kopi med det du har nå. Den lagrede saken blir som den er.",
    ):
        _save_new(kind, content, f"Kopi av {link['name']}"[:200], "", repo)
