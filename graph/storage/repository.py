"""The repository: the only way the app reaches the database.

Pages call these methods and get plain data back (:class:`DocumentInfo`,
:class:`StoredVersion`, dicts); they never see a session or SQL. Every change is
one transaction: a save either stores the whole new version and moves the
counter, or (on any error, a crash or a killed process) changes nothing.

Rules the repository keeps:

* **Only valid content is stored.** Case and municipality files are checked with
  :mod:`graph.validation` first; names and notes are checked for length and for
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
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select, update
from sqlalchemy.exc import InternalError, OperationalError
from sqlalchemy.orm import Session

from graph.catalogue import Catalogue
from graph.storage.archive import (
    UNTITLED,
    archive_bytes,
    check_text,
    normalised_content,
    parse_archive,
)
from graph.storage.clock import Clock, format_date, format_time, utc_now
from graph.storage.engine import WRITE_OPTION, describe_error
from graph.storage.erasure import replace_text
from graph.storage.integrity import (
    ARCHIVE_KEY,
    archive_key,
    check_content,
    serialise,
    sign,
)
from graph.storage.models import KINDS, Document, Erasure, Installation, Version
from graph.storage.practice import PRACTICE_TITLE, practice_copy
from graph.validation import InvalidFileError, validate_case

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


def _info(document: Document) -> DocumentInfo:
    return DocumentInfo(
        id=document.id,
        kind=document.kind,
        name=document.name,
        version=document.version,
        created_at=document.created_at,
        updated_at=document.updated_at,
        deleted_at=document.deleted_at,
    )


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
    """

    def __init__(
        self, engine: Engine, *, clock: Clock = utc_now, catalogue: Catalogue | None = None
    ):
        self._engine = engine
        self._writer = engine.execution_options(**{WRITE_OPTION: True})
        self._clock = clock
        self._catalogue = catalogue

    # -- transactions

    @contextmanager
    def _read(self) -> Iterator[Session]:
        try:
            with Session(self._engine, expire_on_commit=False) as session, session.begin():
                yield session
        except (OperationalError, InternalError) as error:
            self._recover(error)
            raise

    @contextmanager
    def _write(self) -> Iterator[Session]:
        try:
            with Session(self._writer, expire_on_commit=False) as session, session.begin():
                yield session
        except (OperationalError, InternalError) as error:
            self._recover(error)
            raise

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

    @staticmethod
    def _get(session: Session, doc_id: int, *, allow_deleted: bool = False) -> Document:
        document = session.get(Document, doc_id)
        if document is None:
            raise NotFoundError(
                "Finner ikke det du ba om. Det kan være slettet for godt. Velg på nytt i listen."
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
            )
        )

    # -- writing

    def create(
        self,
        kind: str,
        content: dict[str, Any],
        *,
        name: str | None = None,
        note: str = "",
    ) -> DocumentInfo:
        """Store a new item with its first version.

        Raises
        ------
        graph.validation.InvalidFileError
            When ``content`` is not a valid file of that kind (nothing is stored).
        StorageError
            When the name or note is too long or holds a national identity number.
        """
        _check_kind(kind)
        self._purge_if_due()
        stored = normalised_content(kind, content, self._catalogue)
        name = self._name(name if name is not None else default_name(kind, stored))
        note = self._note(note)
        now = self._now()
        with self._write() as session:
            document = Document(
                kind=kind, name=name, version=1, created_at=now, updated_at=now, deleted_at=None
            )
            session.add(document)
            session.flush()
            self._add_version(session, document.id, 1, stored, note, now)
        return _info(document)

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
        graph.validation.InvalidFileError
            The content is not valid.
        """
        note = self._note(note)
        self._purge_if_due()
        now = self._now()
        with self._write() as session:
            kind = self._get(session, doc_id).kind
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
                raise ConflictError(expected_version, _info(self._get(session, doc_id)))
            self._add_version(session, doc_id, expected_version + 1, stored, note, now)
            session.expire_all()
            return _info(self._get(session, doc_id))

    def rename(self, doc_id: int, name: str) -> DocumentInfo:
        """Give an item a new name in the list (the content is not changed)."""
        name = self._name(name)
        with self._write() as session:
            document = self._get(session, doc_id, allow_deleted=True)
            document.name = name
        return _info(document)

    def duplicate(self, doc_id: int, *, name: str | None = None) -> DocumentInfo:
        """A new item with the latest content of ``doc_id`` (its history starts anew)."""
        latest = self.open(doc_id)
        source = latest.document
        name = name if name is not None else f"Kopi av {source.name}"[:200]
        note = f"Kopi av versjon {latest.number}"
        return self.create(source.kind, latest.content, name=name, note=note)

    def practice_copy(self, doc_id: int) -> DocumentInfo:
        """A new case with no personal text, for workshops (see :mod:`.practice`)."""
        latest = self.open(doc_id)
        if latest.document.kind != "case":
            raise StorageError("Øvingskopi kan bare lages av en sak.")
        content = practice_copy(validate_case(latest.content, self._catalogue), self._catalogue)
        name = f"{PRACTICE_TITLE} {format_date(self._now())}"
        return self.create("case", content, name=name, note="Øvingskopi uten personopplysninger")

    def delete(self, doc_id: int) -> DocumentInfo:
        """Mark an item deleted; it can be restored for :data:`RETENTION`."""
        with self._write() as session:
            document = self._get(session, doc_id, allow_deleted=True)
            if document.deleted_at is None:
                document.deleted_at = self._now()
        return _info(document)

    def restore(self, doc_id: int) -> DocumentInfo:
        """Bring a deleted item back, with its whole history."""
        with self._write() as session:
            document = self._get(session, doc_id, allow_deleted=True)
            document.deleted_at = None
        return _info(document)

    def purge_expired(self) -> int:
        """Remove for good every item deleted more than :data:`RETENTION` ago.

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
            ids = session.scalars(select(Document.id).where(*expired)).all()
            session.execute(delete(Version).where(Version.document_id.in_(ids)))
            session.execute(delete(Document).where(Document.id.in_(ids)))
        self._checkpoint()
        return len(ids)

    # -- reading

    def list(self, kind: str, *, deleted: bool = False) -> list[DocumentInfo]:
        """Items of one kind, most recently saved first.

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
        query = (
            select(*columns)
            .where(Document.kind == kind, state)
            .order_by(Document.updated_at.desc(), Document.id.desc())
        )
        with self._read() as session:
            return [DocumentInfo(*row) for row in session.execute(query)]

    def info(self, doc_id: int) -> DocumentInfo:
        """The item as the list shows it (deleted items too)."""
        with self._read() as session:
            return _info(self._get(session, doc_id, allow_deleted=True))

    def open(self, doc_id: int, number: int | None = None) -> StoredVersion:
        """An item's latest version, or version ``number``, with its content.

        Raises
        ------
        NotFoundError
            No such item or version.
        DeletedError
            The item is deleted (restore it first).
        """
        with self._read() as session:
            document = self._get(session, doc_id)
            number = document.version if number is None else number
            row = session.execute(
                select(
                    Version.number,
                    Version.saved_at,
                    Version.note,
                    Version.content,
                    Version.sha256,
                    Version.origin,
                ).where(Version.document_id == doc_id, Version.number == number)
            ).first()
            if row is None:
                raise NotFoundError(f"«{document.name}» har ingen versjon {number}.")
            info = _info(document)
        content = self._content(info.name, row.number, row.content, row.sha256)
        return StoredVersion(info, row.number, row.saved_at, row.note, content, row.origin)

    def history(self, doc_id: int) -> list[VersionInfo]:
        """Every version of an item, newest first: number, time, note, size and origin.

        Reads no content (the size is stored with each version), so a long history
        of big cases lists as fast as a short one.
        """
        with self._read() as session:
            self._get(session, doc_id, allow_deleted=True)
            rows = session.execute(
                select(Version.number, Version.saved_at, Version.note, Version.size, Version.origin)
                .where(Version.document_id == doc_id)
                .order_by(Version.number.desc())
            )
            return [VersionInfo(*row) for row in rows]

    def count(self, kind: str) -> int:
        """How many items of a kind are in use (not deleted)."""
        with self._read() as session:
            return session.scalar(
                select(func.count())
                .select_from(Document)
                .where(Document.kind == kind, Document.deleted_at.is_(None))
            )

    # -- export and import

    def export_bytes(self, doc_id: int) -> bytes:
        """The item with all its versions as a signed ``tverrkart-archive/1`` file (UTF-8).

        Each version is checked against its checksum first; a changed version stops
        the export (:class:`ChecksumError`). Versions are read one at a time and
        their stored text is copied as it is, so memory stays about one copy of the
        file.
        """
        key = self._key()
        with self._read() as session:
            document = self._get(session, doc_id, allow_deleted=True)
            kind, name = document.kind, document.name
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

            return archive_bytes(kind, name, checked(), self._now(), key)

    def export_archive(self, doc_id: int) -> dict[str, Any]:
        """:meth:`export_bytes` as a dict (for tests and scripts; pages use the bytes)."""
        return json.loads(self.export_bytes(doc_id))

    def import_archive(self, data: bytes) -> DocumentInfo:
        """Store an exported item (or a single case or municipality file) as a new item.

        The whole file is checked before anything is written, and everything is
        written in one transaction: an invalid file changes nothing. Times are kept
        as they are in the file, but may not lie in the future or go backwards.
        Versions are marked ``imported`` when the archive's signature matches this
        installation's key, and ``unverified`` otherwise (another installation, or
        changed after export); a plain file is one version saved now (``saved``).

        Raises
        ------
        graph.validation.InvalidFileError
            With every problem in the file, including a version whose content does
            not match its checksum.
        """
        now = self._now()
        archive = parse_archive(data, self._catalogue, now=now)
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
            document = Document(
                kind=archive.kind,
                name=archive.name,
                version=count,
                created_at=now,
                updated_at=now,
                deleted_at=None,
            )
            session.add(document)
            session.flush()
            for number, version in enumerate(archive.versions, 1):
                at = version.saved_at or now
                self._add_version(
                    session, document.id, number, version.content, version.note, at, origin
                )
        return _info(document)

    def verify(self, doc_id: int) -> list[int]:
        """Check every version of an item against its checksum, one version at a time.

        Returns
        -------
        list of int
            The numbers of the versions that were changed outside Tverrkart (empty
            when all is well).
        """
        with self._read() as session:
            self._get(session, doc_id, allow_deleted=True)
            rows = session.execute(
                select(Version.number, Version.content, Version.sha256)
                .where(Version.document_id == doc_id)
                .order_by(Version.number)
                .execution_options(yield_per=1)
            )
            return [row.number for row in rows if not check_content(row.content, row.sha256)]

    # -- erasing a mistaken value

    def erase_text(
        self, doc_id: int, text: str, *, erased_by: str, replacement: str = "[fjernet]"
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
        erased_by : str
            Who asked for it (name or user name), for the log.
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
        who = self._name(erased_by)
        replacement = check_text(replacement, "Erstatningen", required=False)
        if text in replacement:
            raise StorageError("Erstatningen kan ikke inneholde teksten som skal fjernes.")
        now = self._now()
        changed_fields: list[str] = []
        changed = 0
        with self._write() as session:
            document = self._get(session, doc_id, allow_deleted=True)
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
        self._checkpoint()
        log.info("Fjernet en verdi fra %s versjoner av dokument %s", changed, doc_id)
        return changed, changed_fields

    def erasures(self, doc_id: int) -> list[dict[str, Any]]:
        """The erasure log of an item, newest first (who, when, fields, versions)."""
        with self._read() as session:
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
