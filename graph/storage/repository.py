"""The repository: the only way the app reaches the database.

Pages call these methods and get plain data back (:class:`DocumentInfo`,
:class:`StoredVersion`, dicts); they never see a session or SQL. Every change is
one transaction: a save either stores the whole new version and moves the
counter, or (on any error, a crash or a killed process) changes nothing.

Rules the repository keeps:

* **Only valid content is stored.** Case and municipality files are checked with
  :mod:`graph.format.validation` first; names and notes are checked for length and for
  national identity numbers.
* **No lost updates.** :meth:`Repository.save` names the version the edit started
  from (``expected_version``); when someone else saved in between it raises
  :class:`ConflictError` and stores nothing.
* **Deleting is reversible for 30 days.** :meth:`Repository.delete` only marks the
  item; :meth:`Repository.purge_expired` removes items deleted more than
  :data:`RETENTION` ago, with all their versions. It runs when the app starts and,
  at most every :data:`PURGE_INTERVAL`, on a list or a save.
* **Stored content is what was saved.** Every read of a version's content checks
  it against its SHA-256 and refuses a changed row (:class:`ChecksumError`).
  Exported archives are signed with the installation's key; an import whose
  signature does not match keeps its history but marks it ``unverified``.
* **A mistaken value can be erased from the whole history.**
  :meth:`Repository.erase_text` rewrites every version that holds it (new
  checksums) and logs who did it, when and in which fields — never the value.
* **Every call acts for one user** (:class:`~graph.storage.access.Actor`, bound when
  the repository is made; :data:`~graph.storage.access.LOCAL` in local mode, who owns
  everything). A case is seen only by its members, with the role's rights
  (:mod:`graph.storage.access`); for anyone else it does not exist: the call raises
  :class:`AccessDeniedError` (a :class:`NotFoundError` with the same words) and the
  attempt is logged.
* **Every access is logged** in ``access_log`` (who, when, what, which item and
  version; never content): open, view, compare, save, export, import, member
  changes, delete, restore, purge, erasure, login, logout and denied attempts.
  Repeated reads of the same version by the same user within
  :data:`READ_LOG_WINDOW` are logged once (a page redraws many times).
* **A broken connection does not stay broken.** After a database error of the
  kind a reconnect can cure (read-only file, server gone), the connection pool is
  emptied, so the next call opens fresh connections; the cause is logged.

Examples
--------
>>> from graph.storage.engine import create_storage_engine
>>> from graph.storage.schema import upgrade_to_head
>>> engine = create_storage_engine("sqlite://")
>>> upgrade_to_head(engine)
>>> repo = Repository(engine)
>>> case = {"format": "tverrkart-case/1", "title": "Sak A", "person": {"alias": "A"}}
>>> info = repo.create("case", case, note="Første møte")
>>> info.name, info.version
('Sak A', 1)
>>> repo.save(info.id, case, expected_version=1, note="Etter møte 12.3.").version
2
>>> try:
...     repo.save(info.id, case, expected_version=1)
... except ConflictError as error:
...     print(error.stored.version)
2
>>> [v.note for v in repo.history(info.id)]
['Etter møte 12.3.', 'Første møte']
"""

from __future__ import annotations

import hmac
import json
import logging
import os
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, and_, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError, InternalError, OperationalError
from sqlalchemy.orm import Session

from graph.format.validation import InvalidFileError, validate_case
from graph.reference.catalogue import Catalogue
from graph.storage.access import (
    EDITOR,
    LOCAL,
    OWNER,
    READER,
    ROLE_WORDS,
    Actor,
    rank,
)
from graph.storage.archive import (
    UNTITLED,
    archive_bytes,
    check_text,
    normalised_content,
    parse_archive,
)
from graph.storage.clock import Clock, format_date, format_time, utc_now
from graph.storage.drafts import DraftStore
from graph.storage.engine import WRITE_OPTION, describe_error
from graph.storage.erasure import replace_text
from graph.storage.integrity import (
    ARCHIVE_KEY,
    archive_key,
    check_content,
    serialise,
    sign,
)
from graph.storage.models import (
    KINDS,
    NAME_LENGTH,
    ROLES,
    AccessLog,
    Document,
    Erasure,
    Installation,
    Member,
    User,
    Version,
)
from graph.storage.practice import PRACTICE_TITLE, practice_copy

RETENTION = timedelta(days=30)
"""How long a deleted item can be restored before it is purged for good."""
PURGE_INTERVAL = timedelta(hours=1)
"""How often a list or a save also purges expired items (a cheap check when none are)."""
ORIGIN_WORDS = {
    "saved": "Lagret her",
    "imported": "Importert, bekreftet",
    "unverified": "Importert, ikke bekreftet",
}
"""How the pages name a version's origin."""

READ_LOG_WINDOW = timedelta(minutes=10)
"""A read (or denied attempt) the same user already made of the same version in this
window is not logged again: a page redraws on every click, and the log should say who
looked at what, not how often the page was redrawn."""
READ_ACTIONS = frozenset({"open", "view", "compare", "denied"})
ACTION_WORDS = {
    "login": "Logget inn",
    "logout": "Logget ut",
    "open": "Åpnet",
    "view": "Så på en versjon",
    "compare": "Sammenlignet versjoner",
    "save": "Lagret",
    "rename": "Ga nytt navn",
    "export": "Eksporterte",
    "download": "Lastet ned",
    "import": "Importerte",
    "member": "Endret medlemmer",
    "delete": "Slettet",
    "restore": "Gjenopprettet",
    "purge": "Slettet for godt",
    "erase": "Fjernet en opplysning",
    "denied": "Nektet tilgang",
}
"""Every action the access log records, and how the «Logg» view names it."""
TEAM_MODE_ENV = "TVERRKART_TEAM_MODE"
"""Set to ``1`` for team mode (docs/drift.md); the local user is then refused."""
NOT_FOUND = (
    "Finner ikke det du ba om. Det kan være slettet for godt, eller du har ikke tilgang til "
    "det. Velg på nytt i listen."
)

log = logging.getLogger(__name__)
_last_purge: weakref.WeakKeyDictionary[Engine, datetime] = weakref.WeakKeyDictionary()


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class DocumentInfo:
    """What a list shows about a saved item (no content).

    Attributes
    ----------
    version : int
        The number of the latest version, which is also the number of versions and
        the counter a save must name (optimistic locking).
    deleted_at : datetime or None
        When the item was deleted; ``None`` while it is in use.
    """

    id: int
    kind: str
    name: str
    version: int
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    role: str | None = None
    """The acting user's role in the item (``eier``, ``redaktør``, ``leser``)."""

    @property
    def purge_at(self) -> datetime | None:
        """When a deleted item is removed for good (``None`` when not deleted)."""
        return None if self.deleted_at is None else self.deleted_at + RETENTION


@dataclass(frozen=True)
class VersionInfo:
    """One entry of an item's history (no content).

    Attributes
    ----------
    size : int
        Bytes of the stored content.
    origin : str
        ``"saved"``, ``"imported"`` (from an archive this installation signed) or
        ``"unverified"`` (an archive whose signature did not match).
    """

    number: int
    saved_at: datetime
    note: str
    size: int = 0
    origin: str = "saved"
    saved_by: str | None = None
    """The display name of who saved it (``None`` for versions from before team use)."""


@dataclass(frozen=True)
class StoredVersion:
    """One version with its content, and the item it belongs to (as it is now)."""

    document: DocumentInfo
    number: int
    saved_at: datetime
    note: str
    content: dict[str, Any]
    origin: str = "saved"

    @property
    def is_latest(self) -> bool:
        """True when this is the item's newest version."""
        return self.number == self.document.version


# --------------------------------------------------------------------------- errors


class StorageError(Exception):
    """Something the user can act on; ``str(error)`` is a Norwegian sentence."""


class NotFoundError(StorageError):
    """The item (or version) does not exist, or has been purged."""


class AccessDeniedError(NotFoundError):
    """The acting user may not do this; the attempt is logged.

    For a user who is not a member of the case the words are those of
    :class:`NotFoundError`: a case one may not see does not exist for them.

    Attributes
    ----------
    doc_id : int or None
        The item the attempt was about.
    attempted : str
        What was attempted (an action of :data:`ACTION_WORDS`, or another short word).
    """

    def __init__(self, message: str, doc_id: int | None, attempted: str):
        super().__init__(message)
        self.doc_id = doc_id
        self.attempted = attempted


class DeletedError(StorageError):
    """The item is deleted: restore it first (or save as a new item)."""


class ChecksumError(StorageError):
    """A stored version no longer matches its checksum: it was changed outside Tverrkart."""

    def __init__(self, name: str, number: int):
        super().__init__(
            f"Versjon {number} av «{name}» er endret utenfor Tverrkart: innholdet stemmer ikke "
            "med kontrollsummen som ble lagret. Den blir ikke vist, åpnet eller eksportert. "
            "Velg en annen versjon, og be den som drifter Tverrkart om å hente saken fra en "
            "sikkerhetskopi."
        )
        self.number = number


class ConflictError(StorageError):
    """Someone saved the item after this edit started; nothing was stored.

    Attributes
    ----------
    expected : int
        The version the edit started from.
    stored : DocumentInfo
        The item as it is now (``stored.version`` is newer than ``expected``).
    """

    def __init__(self, expected: int, stored: DocumentInfo):
        as_new = "en ny sak" if stored.kind == "case" else "et nytt kommunekart"
        super().__init__(
            f"Noen andre har lagret en nyere versjon av «{stored.name}» (versjon "
            f"{stored.version}, {format_time(stored.updated_at)}) etter at du åpnet versjon "
            f"{expected}. Endringene dine er ikke lagret. Last inn den nyeste versjonen, "
            f"eller lagre endringene dine som {as_new}."
        )
        self.expected = expected
        self.stored = stored


# --------------------------------------------------------------------------- helpers


def _info(document: Document, role: str | None = None) -> DocumentInfo:
    return DocumentInfo(
        id=document.id,
        kind=document.kind,
        name=document.name,
        version=document.version,
        created_at=document.created_at,
        updated_at=document.updated_at,
        deleted_at=document.deleted_at,
        role=role,
    )


def team_mode(environ: dict[str, str] | None = None) -> bool:
    """Whether the installation runs in team mode (``TVERRKART_TEAM_MODE=1``).

    Examples
    --------
    >>> team_mode({"TVERRKART_TEAM_MODE": "1"}), team_mode({})
    (True, False)
    """
    environ = os.environ if environ is None else environ
    return environ.get(TEAM_MODE_ENV, "").strip().lower() in {"1", "ja", "true", "yes"}


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {KINDS}")


def default_name(kind: str, content: dict[str, Any]) -> str:
    """The name an item gets when none is given: the case title, or the municipality.

    Examples
    --------
    >>> default_name("municipality", {"kommunenummer": "3803"})
    'Kommunekart 3803'
    """
    if kind == "case":
        return " ".join(str(content.get("title") or "").split())[:200] or UNTITLED
    return f"Kommunekart {content.get('kommunenummer', '')}".strip()


# --------------------------------------------------------------------------- repository


MAX_NAME_NUMBER = 1000
"""The highest «(n)» a name is numbered with to keep it unique (a bound on the search)."""


class Repository:
    """Saved cases and municipality maps, with history, in one database.

    Parameters
    ----------
    engine : Engine
        From :func:`graph.storage.engine.create_storage_engine`, with the schema at
        head (:func:`graph.storage.schema.upgrade_to_head`).
    clock : callable, optional
        Returns the current moment (aware); tests pass a fake clock.
    catalogue : Catalogue, optional
        The actor catalogue content is checked against.
    actor : Actor, optional
        The user every call acts for; :data:`~graph.storage.access.LOCAL` (local mode,
        owner of everything) by default, which is refused in team mode.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        clock: Clock = utc_now,
        catalogue: Catalogue | None = None,
        actor: Actor = LOCAL,
    ):
        if actor.local and team_mode():
            raise RuntimeError(
                "Tverrkart kjører i teammodus: databasen kan bare brukes av en innlogget bruker."
            )
        self._engine = engine
        self._writer = engine.execution_options(**{WRITE_OPTION: True})
        self._clock = clock
        self._catalogue = catalogue
        self._actor = actor

    @property
    def actor(self) -> Actor:
        """The user this repository acts for."""
        return self._actor

    def drafts(self) -> DraftStore:
        """The same user's unsaved drafts (:mod:`graph.storage.drafts`)."""
        return DraftStore(self._engine, self._actor, self._clock)

    # -- transactions

    @contextmanager
    def _read(self) -> Iterator[Session]:
        try:
            with Session(self._engine, expire_on_commit=False) as session, session.begin():
                yield session
        except AccessDeniedError as denied:  # the transaction is rolled back: log on its own
            self._log_alone("denied", denied.doc_id, None, denied.attempted)
            raise
        except (OperationalError, InternalError) as error:
            self._recover(error)
            raise

    @contextmanager
    def _write(self) -> Iterator[Session]:
        try:
            with Session(self._writer, expire_on_commit=False) as session, session.begin():
                yield session
        except AccessDeniedError as denied:
            self._log_alone("denied", denied.doc_id, None, denied.attempted)
            raise
        except (OperationalError, InternalError) as error:
            self._recover(error)
            raise

    # -- the access log

    def _log(
        self,
        session: Session,
        action: str,
        doc_id: int | None = None,
        version: int | None = None,
        detail: str = "",
    ) -> None:
        """Add one row to the access log in ``session`` (so it commits with the change)."""
        session.execute(
            insert(AccessLog).values(
                at=self._now(),
                subject=self._actor.subject,
                name=self._actor.name[:NAME_LENGTH],
                action=action,
                document_id=doc_id,
                version=version,
                detail=detail[:100],
            )
        )

    def _log_alone(
        self, action: str, doc_id: int | None, version: int | None = None, detail: str = ""
    ) -> None:
        """Log a read or a denied attempt in its own transaction (once per window)."""
        now = self._now()
        if action in READ_ACTIONS:  # checked in a read transaction: no write lock per redraw
            with Session(self._engine) as session, session.begin():
                same = session.scalar(
                    select(AccessLog.id)
                    .where(
                        AccessLog.subject == self._actor.subject,
                        AccessLog.document_id.is_(None)
                        if doc_id is None
                        else AccessLog.document_id == doc_id,
                        AccessLog.action == action,
                        AccessLog.version.is_(None)
                        if version is None
                        else AccessLog.version == version,
                        AccessLog.detail == detail,
                        AccessLog.at > now - READ_LOG_WINDOW,
                    )
                    .limit(1)
                )
            if same is not None:
                return
        with Session(self._writer, expire_on_commit=False) as session, session.begin():
            self._log(session, action, doc_id, version, detail)

    def _role(self, session: Session, document: Document) -> str | None:
        """The actor's role in ``document`` (``None``: not a member)."""
        if self._actor.local:
            return OWNER
        if document.kind == "municipality":  # no personal data: all read, planners change
            return OWNER if self._actor.is_planner else READER
        return session.scalar(
            select(Member.role).where(
                Member.document_id == document.id, Member.subject == self._actor.subject
            )
        )

    def _touch_user(self, session: Session) -> None:
        """Record the actor in ``users`` (subject and display name), or refresh the name."""
        if self._actor.local or self._actor.subject == "system":
            return
        now = self._now()
        user = session.get(User, self._actor.subject)
        if user is None:
            session.add(
                User(
                    subject=self._actor.subject,
                    name=self._actor.name,
                    first_seen=now,
                    last_seen=now,
                )
            )
        else:
            user.name = self._actor.name
            user.last_seen = now
        session.flush()

    def _recover(self, error: Exception) -> None:
        """Log the cause (no content) and empty the pool, so the next call reconnects.

        A SQLite connection opened while the file or its directory could not be
        written stays read-only for its lifetime, and a PostgreSQL connection can
        be left in a broken state; fresh connections see the database as it is now.
        """
        cause = describe_error(error)
        if "database is locked" in cause:  # another writer: a new connection would wait too
            log.warning("Databasen var opptatt: %s", cause)
            return
        log.warning("Databasefeil, tilkoblingene åpnes på nytt ved neste forsøk: %s", cause)
        self._engine.dispose()

    def _purge_if_due(self) -> None:
        """Purge expired items if that has not been done for :data:`PURGE_INTERVAL`."""
        now = self._now()
        last = _last_purge.get(self._engine)
        if last is not None and last <= now < last + PURGE_INTERVAL:
            return
        _last_purge[self._engine] = now
        self.purge_expired()

    def _key(self) -> bytes:
        with self._read() as session:
            stored = session.scalar(
                select(Installation.value).where(Installation.name == ARCHIVE_KEY)
            )
        if stored is not None:
            return bytes.fromhex(stored)
        with self._write() as session:
            return archive_key(session)

    @staticmethod
    def _content(name: str, number: int, text: str, digest: str) -> dict[str, Any]:
        if not check_content(text, digest):
            log.warning("Versjon %s av dokument avvist: kontrollsummen stemmer ikke", number)
            raise ChecksumError(name, number)
        return json.loads(text)

    def _now(self) -> datetime:
        moment = self._clock()
        if moment.tzinfo is None:
            raise ValueError("the clock must return an aware datetime")
        return moment

    def _get(
        self,
        session: Session,
        doc_id: int,
        *,
        allow_deleted: bool = False,
        need: str = READER,
        attempted: str = "open",
    ) -> Document:
        """The item, if it exists and the actor's role allows ``need``.

        Raises
        ------
        NotFoundError
            No such item.
        AccessDeniedError
            The actor is not a member (same words as not found) or the role is too low.
        DeletedError
            The item is deleted and ``allow_deleted`` is false.
        """
        document = session.get(Document, doc_id)
        if document is None:
            raise NotFoundError(NOT_FOUND)
        role = self._role(session, document)
        if role is None:
            raise AccessDeniedError(NOT_FOUND, doc_id, attempted)
        if rank(role) < rank(need):
            raise AccessDeniedError(
                f"Du er {ROLE_WORDS[role].lower()} av «{document.name}» og kan ikke gjøre "
                f"dette. Det krever rollen {ROLE_WORDS[need].lower()}; be en eier av saken "
                "om det.",
                doc_id,
                attempted,
            )
        if document.deleted_at is not None and not allow_deleted:
            raise DeletedError(
                f"«{document.name}» er slettet. Gjenopprett den under «Slettet» på siden "
                "Lagrede saker først, eller lagre endringene som ny."
            )
        return document

    @staticmethod
    def _add_version(
        session: Session,
        doc_id: int,
        number: int,
        content: dict,
        note: str,
        at: datetime,
        origin: str = "saved",
        by: Actor | None = None,
    ) -> None:
        text, digest = serialise(content)
        session.add(
            Version(
                document_id=doc_id,
                number=number,
                saved_at=at,
                note=note,
                content=text,
                sha256=digest,
                size=len(text.encode("utf-8")),
                origin=origin,
                saved_by=None if by is None else by.subject,
                saved_by_name=None if by is None else by.name[:NAME_LENGTH],
            )
        )

    # -- writing

    def _may_create(self, kind: str, attempted: str) -> None:
        """Anyone logged in may create a case; only planners a municipality map."""
        if kind == "municipality" and not (self._actor.local or self._actor.is_planner):
            self._deny(
                "Bare brukere med planleggerrollen kan lagre kommunekart. Be den som "
                "drifter Tverrkart om rollen.",
                attempted,
            )

    def _deny(self, message: str, attempted: str) -> None:
        """Log a denied attempt that concerns no item, and raise :class:`AccessDeniedError`."""
        self._log_alone("denied", None, None, attempted)
        raise AccessDeniedError(message, None, attempted)

    def _unique_name(self, session: Session, kind: str, name: str) -> str:
        """``name``, or «name (2)», «name (3)» … when the actor already sees an item so named.

        Two items in a list with the same name cannot be told apart (a practice copy and
        its re-import, two copies of one case). Only names the actor may see count, so
        the new name says nothing about other users' cases.
        """
        taken = set(
            session.scalars(
                self._visible(select(Document.name), kind).where(
                    Document.kind == kind, Document.deleted_at.is_(None)
                )
            )
        )
        if name not in taken:
            return name
        number = 2
        while f"{name} ({number})"[:NAME_LENGTH] in taken and number < MAX_NAME_NUMBER:
            number += 1
        return f"{name[: NAME_LENGTH - len(f' ({number})')]} ({number})"

    def _new_document(
        self, session: Session, kind: str, name: str, version: int, now: datetime
    ) -> Document:
        """A new item, owned by the actor (cases: an ``eier`` member row).

        Its name is made unique among the items the actor sees (:meth:`_unique_name`).
        """
        name = self._unique_name(session, kind, name)
        document = Document(
            kind=kind, name=name, version=version, created_at=now, updated_at=now, deleted_at=None
        )
        session.add(document)
        session.flush()
        if kind == "case":
            self._touch_user(session)
            session.add(
                Member(
                    document_id=document.id,
                    subject=self._actor.subject,
                    role=OWNER,
                    added_at=now,
                    added_by=self._actor.subject,
                )
            )
        return document

    def create(
        self,
        kind: str,
        content: dict[str, Any],
        *,
        name: str | None = None,
        note: str = "",
        detail: str = "ny",
    ) -> DocumentInfo:
        """Store a new item with its first version; the actor becomes its owner.

        Parameters
        ----------
        detail : str
            What the access log says about where it came from (``ny``, ``kopi av 3`` …).

        Raises
        ------
        graph.format.validation.InvalidFileError
            When ``content`` is not a valid file of that kind (nothing is stored).
        StorageError
            When the name or note is too long or holds a national identity number.
        AccessDeniedError
            A municipality map, and the actor is no planner.
        """
        _check_kind(kind)
        self._may_create(kind, "save")
        self._purge_if_due()
        stored = normalised_content(kind, content, self._catalogue)
        name = self._name(name if name is not None else default_name(kind, stored))
        note = self._note(note)
        now = self._now()
        with self._write() as session:
            document = self._new_document(session, kind, name, 1, now)
            self._add_version(session, document.id, 1, stored, note, now, by=self._actor)
            self._log(session, "save", document.id, 1, detail)
        return _info(document, OWNER)

    def save(
        self, doc_id: int, content: dict[str, Any], *, expected_version: int, note: str = ""
    ) -> DocumentInfo:
        """Store ``content`` as the item's next version, if nobody saved in between.

        Parameters
        ----------
        doc_id : int
            The item.
        content : dict
            The whole case or municipality file.
        expected_version : int
            The version this edit started from (from :meth:`open` or the last save).
        note : str
            A short note, such as «Etter møte 12.3.».

        Raises
        ------
        ConflictError
            The stored version is no longer ``expected_version``; nothing is stored.
        DeletedError, NotFoundError
            The item is deleted or gone.
        AccessDeniedError
            The actor is not an owner or editor of the item.
        graph.format.validation.InvalidFileError
            The content is not valid.
        """
        note = self._note(note)
        self._purge_if_due()
        now = self._now()
        with self._write() as session:
            document = self._get(session, doc_id, need=EDITOR, attempted="save")
            kind, role = document.kind, self._role(session, document)
            stored = normalised_content(kind, content, self._catalogue)
            # The counter moves only if it still is what the edit started from: the
            # check and the move are one statement, so two saves cannot both pass
            # (on PostgreSQL the second waits for the first and then finds no row).
            moved = session.execute(
                update(Document)
                .where(
                    Document.id == doc_id,
                    Document.version == expected_version,
                    Document.deleted_at.is_(None),
                )
                .values(version=expected_version + 1, updated_at=now)
                .execution_options(synchronize_session=False)
            )
            if moved.rowcount != 1:
                session.expire_all()
                raise ConflictError(expected_version, _info(self._get(session, doc_id), role))
            self._add_version(
                session, doc_id, expected_version + 1, stored, note, now, by=self._actor
            )
            self._log(session, "save", doc_id, expected_version + 1)
            session.expire_all()
            return _info(self._get(session, doc_id), role)

    def rename(self, doc_id: int, name: str) -> DocumentInfo:
        """Give an item a new name in the list (the content is not changed)."""
        name = self._name(name)
        with self._write() as session:
            document = self._get(
                session, doc_id, allow_deleted=True, need=EDITOR, attempted="rename"
            )
            document.name = name
            self._log(session, "rename", doc_id, document.version)
            role = self._role(session, document)
        return _info(document, role)

    def _check(self, doc_id: int, need: str, attempted: str) -> None:
        """Raise unless the actor's role in the item allows ``need``."""
        with self._read() as session:
            self._get(session, doc_id, allow_deleted=True, need=need, attempted=attempted)

    def duplicate(self, doc_id: int, *, name: str | None = None) -> DocumentInfo:
        """A new item with the latest content of ``doc_id`` (its history starts anew).

        Needs the role ``redaktør``: a reader's copy would be a case its owners no longer
        control.
        """
        self._check(doc_id, EDITOR, "duplicate")
        latest = self.open(doc_id)
        source = latest.document
        name = name if name is not None else f"Kopi av {source.name}"[:200]
        note = f"Kopi av versjon {latest.number}"
        return self.create(
            source.kind,
            latest.content,
            name=name,
            note=note,
            detail=f"kopi av {doc_id} v{latest.number}",
        )

    def practice_copy(self, doc_id: int) -> DocumentInfo:
        """A new case with no personal text, for workshops (see :mod:`.practice`)."""
        self._check(doc_id, EDITOR, "practice_copy")
        latest = self.open(doc_id)
        if latest.document.kind != "case":
            raise StorageError("Øvingskopi kan bare lages av en sak.")
        content = practice_copy(validate_case(latest.content, self._catalogue), self._catalogue)
        name = f"{PRACTICE_TITLE} {format_date(self._now())}"
        return self.create(
            "case",
            content,
            name=name,
            note="Øvingskopi uten personopplysninger",
            detail=f"øvingskopi av {doc_id} v{latest.number}",
        )

    def delete(self, doc_id: int) -> DocumentInfo:
        """Mark an item deleted (owners only); it can be restored for :data:`RETENTION`."""
        with self._write() as session:
            document = self._get(
                session, doc_id, allow_deleted=True, need=OWNER, attempted="delete"
            )
            if document.deleted_at is None:
                document.deleted_at = self._now()
                self._log(session, "delete", doc_id, document.version)
        return _info(document, OWNER)

    def restore(self, doc_id: int) -> DocumentInfo:
        """Bring a deleted item back, with its whole history (owners only)."""
        with self._write() as session:
            document = self._get(
                session, doc_id, allow_deleted=True, need=OWNER, attempted="restore"
            )
            if document.deleted_at is not None:
                document.deleted_at = None
                self._log(session, "restore", doc_id, document.version)
        return _info(document, OWNER)

    def purge(self, doc_id: int) -> None:
        """Remove a deleted item for good now, with all its versions (owners only).

        Raises
        ------
        StorageError
            The item is not deleted (delete it first).
        """
        with self._write() as session:
            document = self._get(session, doc_id, allow_deleted=True, need=OWNER, attempted="purge")
            if document.deleted_at is None:
                raise StorageError(
                    f"«{document.name}» er ikke slettet. Slett den først; da kan den "
                    "fjernes for godt."
                )
            self._log(session, "purge", doc_id, document.version)
            session.execute(delete(Member).where(Member.document_id == doc_id))
            session.execute(delete(Version).where(Version.document_id == doc_id))
            session.execute(delete(Document).where(Document.id == doc_id))
        self._checkpoint()

    def purge_expired(self) -> int:
        """Remove for good every item deleted more than :data:`RETENTION` ago.

        This is the installation's retention rule, not a user's choice: it runs for
        any actor and logs one ``purge`` row per item (detail ``utløpt``).

        Returns
        -------
        int
            How many items were removed (their versions go with them).
        """
        _last_purge[self._engine] = self._now()
        limit = self._now() - RETENTION
        expired = (Document.deleted_at.is_not(None), Document.deleted_at <= limit)
        with self._read() as session:
            if not session.scalar(select(func.count()).select_from(Document).where(*expired)):
                return 0
        with self._write() as session:
            rows = session.execute(select(Document.id, Document.version).where(*expired)).all()
            ids = [row.id for row in rows]
            for row in rows:
                self._log(session, "purge", row.id, row.version, "utløpt")
            session.execute(delete(Member).where(Member.document_id.in_(ids)))
            session.execute(delete(Version).where(Version.document_id.in_(ids)))
            session.execute(delete(Document).where(Document.id.in_(ids)))
        self._checkpoint()
        return len(ids)

    # -- reading

    def _visible(self, query, kind: str):
        """Restrict a query on ``documents`` to the items the actor may see."""
        if self._actor.local or kind == "municipality":
            return query
        return query.join(
            Member,
            and_(Member.document_id == Document.id, Member.subject == self._actor.subject),
        )

    def list(self, kind: str, *, deleted: bool = False) -> list[DocumentInfo]:
        """Items of one kind the actor may see, most recently saved first.

        Parameters
        ----------
        kind : str
            ``"case"`` or ``"municipality"``.
        deleted : bool
            List the deleted items (that can still be restored) instead.
        """
        _check_kind(kind)
        self._purge_if_due()
        state = Document.deleted_at.is_not(None) if deleted else Document.deleted_at.is_(None)
        columns = (
            Document.id,
            Document.kind,
            Document.name,
            Document.version,
            Document.created_at,
            Document.updated_at,
            Document.deleted_at,
        )
        fixed = None  # the role when it does not come from a member row
        if self._actor.local:
            fixed = OWNER
        elif kind == "municipality":
            fixed = OWNER if self._actor.is_planner else READER
        if fixed is not None:
            query = select(*columns)
        else:
            query = self._visible(select(*columns, Member.role), kind)
        query = query.where(Document.kind == kind, state).order_by(
            Document.updated_at.desc(), Document.id.desc()
        )
        with self._read() as session:
            rows = session.execute(query).all()
        if fixed is not None:
            return [DocumentInfo(*row, role=fixed) for row in rows]
        return [DocumentInfo(*row) for row in rows]

    def info(self, doc_id: int) -> DocumentInfo:
        """The item as the list shows it (deleted items too), with the actor's role."""
        with self._read() as session:
            document = self._get(session, doc_id, allow_deleted=True, attempted="info")
            return _info(document, self._role(session, document))

    def _version(self, session: Session, document: Document, number: int) -> StoredVersion:
        row = session.execute(
            select(
                Version.number,
                Version.saved_at,
                Version.note,
                Version.content,
                Version.sha256,
                Version.origin,
            ).where(Version.document_id == document.id, Version.number == number)
        ).first()
        if row is None:
            raise NotFoundError(f"«{document.name}» har ingen versjon {number}.")
        info = _info(document, self._role(session, document))
        content = self._content(info.name, row.number, row.content, row.sha256)
        return StoredVersion(info, row.number, row.saved_at, row.note, content, row.origin)

    def open(self, doc_id: int, number: int | None = None) -> StoredVersion:
        """An item's latest version, or version ``number``, with its content.

        Logged as ``open`` (the latest) or ``view`` (a chosen version).

        Raises
        ------
        NotFoundError
            No such item or version, or the actor may not see it
            (:class:`AccessDeniedError`).
        DeletedError
            The item is deleted (restore it first).
        """
        action = "open" if number is None else "view"
        with self._read() as session:
            document = self._get(session, doc_id, attempted=action)
            stored = self._version(
                session, document, document.version if number is None else number
            )
        self._log_alone(action, doc_id, stored.number)
        return stored

    def open_pair(self, doc_id: int, older: int, newer: int) -> tuple[StoredVersion, StoredVersion]:
        """Two versions of an item to compare (logged once, as ``compare``)."""
        with self._read() as session:
            document = self._get(session, doc_id, attempted="compare")
            pair = (
                self._version(session, document, older),
                self._version(session, document, newer),
            )
        self._log_alone("compare", doc_id, newer, f"{older}–{newer}")
        return pair

    def history(self, doc_id: int) -> list[VersionInfo]:
        """Every version of an item, newest first: number, time, note, size, origin, who.

        Reads no content (the size is stored with each version), so a long history
        of big cases lists as fast as a short one.
        """
        with self._read() as session:
            self._get(session, doc_id, allow_deleted=True, attempted="history")
            rows = session.execute(
                select(
                    Version.number,
                    Version.saved_at,
                    Version.note,
                    Version.size,
                    Version.origin,
                    Version.saved_by_name,
                )
                .where(Version.document_id == doc_id)
                .order_by(Version.number.desc())
            )
            return [VersionInfo(*row) for row in rows]

    def count(self, kind: str) -> int:
        """How many items of a kind the actor may see are in use (not deleted)."""
        query = self._visible(select(func.count()).select_from(Document), kind)
        with self._read() as session:
            return session.scalar(query.where(Document.kind == kind, Document.deleted_at.is_(None)))

    # -- export and import

    def export_bytes(self, doc_id: int) -> bytes:
        """The item with all its versions as a signed ``tverrkart-archive/1`` file (UTF-8).

        Each version is checked against its checksum first; a changed version stops
        the export (:class:`ChecksumError`). Versions are read one at a time and
        their stored text is copied as it is, so memory stays about one copy of the
        file. Needs the role ``redaktør`` (a file outside Tverrkart is a copy the owners
        no longer control). Logged as ``export`` (detail ``arkiv``).
        """
        key = self._key()
        with self._read() as session:
            document = self._get(
                session, doc_id, allow_deleted=True, need=EDITOR, attempted="export"
            )
            kind, name, version = document.kind, document.name, document.version
            rows = session.execute(
                select(
                    Version.number, Version.saved_at, Version.note, Version.content, Version.sha256
                )
                .where(Version.document_id == doc_id)
                .order_by(Version.number)
                .execution_options(yield_per=1)
            )

            def checked():
                for row in rows:
                    if not check_content(row.content, row.sha256):
                        raise ChecksumError(name, row.number)
                    yield row.number, row.saved_at, row.note, row.content, row.sha256

            data = archive_bytes(kind, name, checked(), self._now(), key)
        with self._write() as session:
            self._log(session, "export", doc_id, version, "arkiv")
        return data

    def export_archive(self, doc_id: int) -> dict[str, Any]:
        """:meth:`export_bytes` as a dict (for tests and scripts; pages use the bytes)."""
        return json.loads(self.export_bytes(doc_id))

    def record_download(self, doc_id: int, version: int | None, what: str) -> None:
        """Log that the actor downloaded something made from an item (``download``).

        For the editing pages' downloads (PNG, PDF, GraphML …): the page makes the
        file from the case it has open; this records it, if the actor may see the item.

        Parameters
        ----------
        what : str
            The kind of file, such as ``png`` or ``pdf`` (at most 100 characters).
        """
        with self._write() as session:
            self._get(session, doc_id, allow_deleted=True, attempted="download")
            self._log(session, "download", doc_id, version, str(what)[:100])

    def import_archive(self, data: bytes) -> DocumentInfo:
        """Store an exported item (or a single case or municipality file) as a new item.

        The whole file is checked before anything is written, and everything is
        written in one transaction: an invalid file changes nothing. Times are kept
        as they are in the file, but may not lie in the future or go backwards.
        Versions are marked ``imported`` when the archive's signature matches this
        installation's key, and ``unverified`` otherwise (another installation, or
        changed after export); a plain file is one version saved now (``saved``).
        The actor becomes the owner of the new item.

        Raises
        ------
        graph.format.validation.InvalidFileError
            With every problem in the file, including a version whose content does
            not match its checksum.
        AccessDeniedError
            A municipality map, and the actor is no planner.
        """
        now = self._now()
        archive = parse_archive(data, self._catalogue, now=now)
        self._may_create(archive.kind, "import")
        origin = "saved"  # a plain file: one version saved now, no history to verify
        if archive.is_archive:
            verified = (
                archive.payload is not None
                and archive.signature is not None
                and hmac.compare_digest(sign(self._key(), archive.payload), archive.signature)
            )
            origin = "imported" if verified else "unverified"
        count = len(archive.versions)
        with self._write() as session:
            document = self._new_document(session, archive.kind, archive.name, count, now)
            for number, version in enumerate(archive.versions, 1):
                at = version.saved_at or now
                self._add_version(
                    session,
                    document.id,
                    number,
                    version.content,
                    version.note,
                    at,
                    origin,
                    by=self._actor if origin == "saved" else None,
                )
            self._log(session, "import", document.id, count, origin)
        return _info(document, OWNER)

    def verify(self, doc_id: int) -> list[int]:
        """Check every version of an item against its checksum, one version at a time.

        Returns
        -------
        list of int
            The numbers of the versions that were changed outside Tverrkart (empty
            when all is well).
        """
        with self._read() as session:
            self._get(session, doc_id, allow_deleted=True, attempted="verify")
            rows = session.execute(
                select(Version.number, Version.content, Version.sha256)
                .where(Version.document_id == doc_id)
                .order_by(Version.number)
                .execution_options(yield_per=1)
            )
            return [row.number for row in rows if not check_content(row.content, row.sha256)]

    # -- erasing a mistaken value

    def erase_text(
        self,
        doc_id: int,
        text: str,
        *,
        erased_by: str | None = None,
        replacement: str = "[fjernet]",
    ) -> tuple[int, list[str]]:
        """Replace ``text`` wherever it occurs in every version of an item.

        For a real name or other personal detail typed by mistake: the value goes
        from every version's content and note (each version gets a new checksum),
        and an :class:`~graph.storage.models.Erasure` row records who did it, when,
        in which fields and how many versions changed — never the value itself. The
        item's name in the list is not changed (use :meth:`rename`). All or nothing:
        if the result is not a valid file (for example when the text is part of an
        ID), nothing is changed.

        Parameters
        ----------
        doc_id : int
            The item.
        text : str
            The exact text to remove (at least 2 characters).
        erased_by : str, optional
            Who asked for it (name or user name), for the log; the actor's name by
            default. Only owners may erase.
        replacement : str
            What the text becomes.

        Returns
        -------
        (int, list of str)
            How many versions changed, and the fields (such as ``actors.2.label``).

        Raises
        ------
        StorageError
            Text too short, ``erased_by`` missing, the result not valid, or a
            version that no longer matches its checksum.
        """
        text = str(text)
        if len(text.strip()) < 2:
            raise StorageError("Skriv teksten som skal fjernes (minst 2 tegn).")
        who = self._name(self._actor.name if erased_by is None else erased_by)
        replacement = check_text(replacement, "Erstatningen", required=False)
        if text in replacement:
            raise StorageError("Erstatningen kan ikke inneholde teksten som skal fjernes.")
        now = self._now()
        changed_fields: list[str] = []
        changed = 0
        with self._write() as session:
            document = self._get(session, doc_id, allow_deleted=True, need=OWNER, attempted="erase")
            numbers = session.scalars(
                select(Version.number).where(Version.document_id == doc_id).order_by(Version.number)
            ).all()
            for number in numbers:
                version = session.scalars(
                    select(Version).where(Version.document_id == doc_id, Version.number == number)
                ).one()
                content = self._content(document.name, number, version.content, version.sha256)
                new_content, fields = replace_text(content, text, replacement)
                new_note = version.note.replace(text, replacement)
                if new_note != version.note:
                    fields.append("merknad")
                if not fields:
                    session.expunge(version)
                    continue
                try:
                    stored = normalised_content(document.kind, new_content, self._catalogue)
                except InvalidFileError:
                    raise StorageError(
                        f"Teksten ble ikke fjernet: i versjon {number} blir filen ugyldig uten "
                        "den (den er trolig en del av en ID). Ingenting er endret."
                    ) from None
                new_text, digest = serialise(stored)
                version.content = new_text
                version.sha256 = digest
                version.size = len(new_text.encode("utf-8"))
                version.note = new_note
                session.flush()
                session.expunge(version)
                changed += 1
                changed_fields += [f for f in fields if f not in changed_fields]
            if not changed:
                raise StorageError("Fant ikke teksten i noen versjon. Ingenting er endret.")
            session.execute(
                insert(Erasure).values(
                    document_id=doc_id,
                    erased_at=now,
                    erased_by=who,
                    fields=", ".join(changed_fields)[:2000],
                    versions_changed=changed,
                )
            )
            self._log(session, "erase", doc_id, document.version, f"{changed} versjoner")
        self._checkpoint()
        log.info("Fjernet en verdi fra %s versjoner av dokument %s", changed, doc_id)
        return changed, changed_fields

    def erasures(self, doc_id: int) -> list[dict[str, Any]]:
        """The erasure log of an item, newest first (who, when, fields, versions)."""
        with self._read() as session:
            self._get(session, doc_id, allow_deleted=True, attempted="erasures")
            rows = session.execute(
                select(
                    Erasure.erased_at,
                    Erasure.erased_by,
                    Erasure.fields,
                    Erasure.versions_changed,
                )
                .where(Erasure.document_id == doc_id)
                .order_by(Erasure.id.desc())
            )
            return [dict(row._mapping) for row in rows]

    # -- members, users and the access log

    def record_login(self) -> None:
        """Record the actor in ``users`` (subject id and display name) and log ``login``."""
        for attempt in range(2):  # two servers may record the same new user at once
            try:
                with self._write() as session:
                    self._touch_user(session)
                    self._log(session, "login")
                return
            except IntegrityError:
                if attempt:
                    raise

    def record_activity(self) -> None:
        """Note that the actor is active now (``users.last_seen``; shared by every server)."""
        with self._write() as session:
            self._touch_user(session)

    def last_seen(self) -> datetime | None:
        """When the actor was last active, as recorded by any server (``None``: never)."""
        with self._read() as session:
            return session.scalar(select(User.last_seen).where(User.subject == self._actor.subject))

    def record_logout(self, reason: str = "") -> None:
        """Log ``logout`` (``reason``: ``tidsavbrudd``, ``maksimal tid`` or empty)."""
        with self._write() as session:
            self._log(session, "logout", detail=reason)

    def find_user(self, identity: str) -> dict[str, str]:
        """A user who has logged in, by subject id or exactly their display name or e-mail.

        Raises
        ------
        StorageError
            No such user, or more than one with that name.
        """
        identity = " ".join(str(identity).split())
        if not identity:
            raise StorageError("Skriv brukerens e-postadresse eller brukerident.")
        with self._read() as session:
            user = session.get(User, identity)
            if user is not None:
                return {"subject": user.subject, "name": user.name}
            rows = session.execute(
                select(User.subject, User.name).where(func.lower(User.name) == identity.lower())
            ).all()
        if len(rows) == 1:
            return {"subject": rows[0].subject, "name": rows[0].name}
        if rows:
            raise StorageError(
                "Flere brukere har det navnet. Bruk e-postadressen eller brukeridenten."
            )
        raise StorageError(
            "Finner ingen bruker med den e-postadressen eller identen. Brukeren må ha logget "
            "inn i Tverrkart minst én gang før hen kan legges til."
        )

    def members(self, doc_id: int) -> list[dict[str, Any]]:
        """The members of a case (subject, name, role, when added), owners first."""
        with self._read() as session:
            self._get(session, doc_id, allow_deleted=True, attempted="members")
            rows = session.execute(
                select(Member.subject, User.name, Member.role, Member.added_at)
                .outerjoin(User, User.subject == Member.subject)
                .where(Member.document_id == doc_id)
                .order_by(Member.added_at, Member.subject)
            ).all()
        members = [
            {
                "subject": row.subject,
                "name": row.name or (LOCAL.name if row.subject == LOCAL.subject else row.subject),
                "role": row.role,
                "added_at": row.added_at,
            }
            for row in rows
        ]
        return sorted(members, key=lambda m: -rank(m["role"]))

    def _owner_count(self, session: Session, doc_id: int) -> int:
        return session.scalar(
            select(func.count())
            .select_from(Member)
            .where(Member.document_id == doc_id, Member.role == OWNER)
        )

    def _set_role(self, session: Session, doc_id: int, subject: str, role: str | None) -> None:
        """Give ``subject`` ``role`` in the case (``None``: remove), keeping an owner."""
        now = self._now()
        member = session.get(Member, (doc_id, subject))
        last_owner = member is not None and member.role == OWNER and role != OWNER
        if last_owner and self._owner_count(session, doc_id) <= 1:
            raise StorageError("En sak må alltid ha minst én eier. Gjør en annen til eier først.")
        if role is None:
            if member is not None:
                session.delete(member)
        elif member is None:
            session.add(
                Member(
                    document_id=doc_id,
                    subject=subject,
                    role=role,
                    added_at=now,
                    added_by=self._actor.subject,
                )
            )
        else:
            member.role = role
        session.flush()
        document = session.get(Document, doc_id)
        detail = f"{role or 'fjernet'}: {subject}"
        self._log(session, "member", doc_id, document.version if document else None, detail)

    def set_member(self, doc_id: int, identity: str, role: str) -> dict[str, str]:
        """Make a user who has logged in a member of a case with ``role`` (owners only).

        Parameters
        ----------
        identity : str
            The user's subject id, e-mail or display name (see :meth:`find_user`).
        role : str
            ``eier``, ``redaktør`` or ``leser``.

        Returns
        -------
        dict
            The user (``subject``, ``name``).
        """
        if role not in ROLES:
            raise StorageError("Velg rollen eier, redaktør eller leser.")
        user = self.find_user(identity)
        with self._write() as session:
            document = self._get(
                session, doc_id, allow_deleted=True, need=OWNER, attempted="member"
            )
            if document.kind != "case":
                raise StorageError("Bare saker har medlemmer; kommunekart kan alle lese.")
            self._set_role(session, doc_id, user["subject"], role)
        return user

    def remove_member(self, doc_id: int, subject: str) -> None:
        """Take a user's access to a case away (owners only; never the last owner)."""
        with self._write() as session:
            self._get(session, doc_id, allow_deleted=True, need=OWNER, attempted="member")
            if session.get(Member, (doc_id, subject)) is None:
                raise StorageError("Brukeren er ikke medlem av saken.")
            self._set_role(session, doc_id, subject, None)

    def _require_admin(self, attempted: str) -> None:
        if not self._actor.is_admin:
            self._deny("Bare administratorer kan se dette.", attempted)

    def overview(self) -> list[dict[str, Any]]:
        """Every case that exists, for administrators: title, owners, dates — no content."""
        self._require_admin("overview")
        with self._read() as session:
            documents = session.execute(
                select(
                    Document.id,
                    Document.name,
                    Document.created_at,
                    Document.updated_at,
                    Document.deleted_at,
                )
                .where(Document.kind == "case")
                .order_by(Document.updated_at.desc(), Document.id.desc())
            ).all()
            owners = session.execute(
                select(Member.document_id, Member.subject, User.name)
                .outerjoin(User, User.subject == Member.subject)
                .where(Member.role == OWNER)
                .order_by(Member.subject)
            ).all()
        by_document: dict[int, list[str]] = {}
        for row in owners:
            name = row.name or (LOCAL.name if row.subject == LOCAL.subject else row.subject)
            by_document.setdefault(row.document_id, []).append(name)
        return [
            {
                "id": row.id,
                "name": row.name,
                "owners": by_document.get(row.id, []),
                "created_at": row.created_at,
                "updated_at": row.updated_at,
                "deleted_at": row.deleted_at,
            }
            for row in documents
        ]

    def reassign_owner(self, doc_id: int, identity: str) -> dict[str, str]:
        """Administrators: make a user an owner of a case (the content stays closed to them).

        The old owners keep their membership; an owner can then change it.
        """
        self._require_admin("member")
        user = self.find_user(identity)
        with self._write() as session:
            document = session.get(Document, doc_id)
            if document is None or document.kind != "case":
                raise NotFoundError(NOT_FOUND)
            self._set_role(session, doc_id, user["subject"], OWNER)
        return user

    def access_log(self, doc_id: int, *, limit: int = 1000) -> list[dict[str, Any]]:
        """The access log of one case, newest first (owners, and administrators)."""
        if not self._actor.is_admin:
            with self._read() as session:
                self._get(session, doc_id, allow_deleted=True, need=OWNER, attempted="log")
        return self._log_rows(AccessLog.document_id == doc_id, limit)

    def access_log_all(
        self, *, denied_only: bool = False, limit: int = 100_000, export: bool = False
    ) -> list[dict[str, Any]]:
        """The whole access log, newest first (administrators only; for the privacy officer).

        Parameters
        ----------
        export : bool
            The rows leave Tverrkart (the CSV file): logged as ``export`` (``tilgangslogg``).
        """
        self._require_admin("log")
        condition = AccessLog.action == "denied" if denied_only else AccessLog.id.is_not(None)
        rows = self._log_rows(condition, limit)
        if export:
            with self._write() as session:
                self._log(session, "export", None, None, "tilgangslogg")
        return rows

    def _log_rows(self, condition, limit: int) -> list[dict[str, Any]]:
        with self._read() as session:
            rows = session.execute(
                select(
                    AccessLog.at,
                    AccessLog.subject,
                    AccessLog.name,
                    AccessLog.action,
                    AccessLog.document_id,
                    AccessLog.version,
                    AccessLog.detail,
                )
                .where(condition)
                .order_by(AccessLog.id.desc())
                .limit(limit)
            )
            return [dict(row._mapping) for row in rows]

    def _checkpoint(self) -> None:
        if self._engine.dialect.name == "sqlite":
            # Old pages may still sit in the write-ahead log: fold it in and empty it.
            with self._engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    # -- checks

    @staticmethod
    def _name(name: str) -> str:
        try:
            return check_text(name, "Navnet", required=True)
        except ValueError as error:
            raise StorageError(str(error)) from None

    @staticmethod
    def _note(note: str) -> str:
        try:
            return check_text(note, "Merknaden", required=False)
        except ValueError as error:
            raise StorageError(str(error)) from None
