"""The database tables: saved items, their versions, the installation key and erasures.

``documents`` holds what a list needs (kind, name, the number of the latest
version, times) so that listing never reads the content. ``versions`` holds every
save: its number, time, note and the item's whole JSON. Versions are only ever
added; deleting an item marks it (``deleted_at``) and purging removes it with all
its versions (``ON DELETE CASCADE``).

Each version also records its size in bytes (so a history lists without reading
content) and where it came from (``origin``): ``saved`` here, ``imported`` from an
archive this installation signed, or ``unverified`` from an archive whose signature
did not match (another installation, or changed after export).

``installation`` holds settings of this installation, such as the key that signs
exported archives (:mod:`graph.storage.integrity`). ``erasures`` logs every value
erased from an item's history: who, when, which fields, how many versions —
never the erased value.

Team use (issue 13): ``users`` holds every identity that has logged in (the
provider's subject id and a display name or e-mail, never a national identity
number); ``members`` says who may see a case and with which role (``eier``,
``redaktør``, ``leser``); ``versions.saved_by`` records who saved each version;
``access_log`` is the append-only log of every access (who, when, what, which item
and version — never content). On PostgreSQL the app's role may only insert into
and select from ``access_log`` (docs/drift.md).

``drafts`` keeps the unsaved work of a browser tab, by the tab's token and its user,
so that a reload or a restarted server can bring it back (:mod:`graph.storage.drafts`).

``documents.version`` is the number of the latest version and the counter for
optimistic locking: a save names the version it was based on and is refused when
the stored one has moved on.

Examples
--------
>>> sorted(Base.metadata.tables)
['access_log', 'documents', 'drafts', 'erasures', 'installation', 'members', 'users', 'versions']
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

KINDS = ("case", "municipality")
"""What a document holds: a case file or a municipality file (FORMATS.md §1–2)."""
NAME_LENGTH = 200
NOTE_LENGTH = 200
SUBJECT_LENGTH = 255
"""Longest subject id (the identity provider's ``sub``) stored."""
ROLES = ("eier", "redaktør", "leser")
"""A member's role in a case: owner (manages members, deletes), editor, reader."""
ACTION_LENGTH = 30
ORIGINS = ("saved", "imported", "unverified")
"""Where a version came from: saved here, imported from a signed archive, or not verified."""

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
"""Named constraints, so that Alembic's batch mode can change them on SQLite."""


class UTCDateTime(TypeDecorator):
    """A moment in time, stored as UTC without zone, read back as aware UTC.

    SQLite has no time zones, so both databases store naive UTC and the zone is
    put back on reading.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("tidspunkter må ha tidssone (bruk UTC)")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    """Declarative base with named constraints."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Document(Base):
    """A saved case or municipality map (its latest state lives in ``versions``)."""

    __tablename__ = "documents"
    __table_args__ = (
        CheckConstraint("kind IN ('case', 'municipality')", name="kind"),
        CheckConstraint("version >= 1", name="version_positive"),
        Index("ix_documents_kind_deleted", "kind", "deleted_at"),
        # Never reuse the id of a purged item: a stale browser session must not
        # find a different item under the id it remembers.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    versions: Mapped[list[Version]] = relationship(
        back_populates="document",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Version.number",
    )


class Version(Base):
    """One save of a document: number, time, note and the whole JSON content."""

    __tablename__ = "versions"
    __table_args__ = (
        UniqueConstraint("document_id", "number", name="uq_versions_document_number"),
        CheckConstraint("number >= 1", name="number_positive"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime())
    note: Mapped[str] = mapped_column(String(NOTE_LENGTH), default="")
    content: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    origin: Mapped[str] = mapped_column(String(20), default="saved", server_default="saved")
    saved_by: Mapped[str | None] = mapped_column(String(SUBJECT_LENGTH), nullable=True)
    saved_by_name: Mapped[str | None] = mapped_column(String(NAME_LENGTH), nullable=True)

    document: Mapped[Document] = relationship(back_populates="versions")


class Installation(Base):
    """One setting of this installation (``name`` → ``value``), such as the archive key."""

    __tablename__ = "installation"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Erasure(Base):
    """A log row for a value erased from every version of an item (never the value)."""

    __tablename__ = "erasures"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # No foreign key: the log outlives the item when it is purged.
    document_id: Mapped[int] = mapped_column(Integer)
    erased_at: Mapped[datetime] = mapped_column(UTCDateTime())
    erased_by: Mapped[str] = mapped_column(String(NAME_LENGTH))
    fields: Mapped[str] = mapped_column(Text)
    versions_changed: Mapped[int] = mapped_column(Integer)


class User(Base):
    """An identity that has logged in: subject id and display name (nothing else)."""

    __tablename__ = "users"

    subject: Mapped[str] = mapped_column(String(SUBJECT_LENGTH), primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime())


class Member(Base):
    """A user's role in one case (or municipality map)."""

    __tablename__ = "members"
    __table_args__ = (
        CheckConstraint("role IN ('eier', 'redaktør', 'leser')", name="role"),
        Index("ix_members_subject", "subject"),
    )

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    subject: Mapped[str] = mapped_column(String(SUBJECT_LENGTH), primary_key=True)
    role: Mapped[str] = mapped_column(String(20))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())
    added_by: Mapped[str] = mapped_column(String(SUBJECT_LENGTH))


class AccessLog(Base):
    """One access: when, who, what, which item and version. Never content; never changed."""

    __tablename__ = "access_log"
    __table_args__ = (
        Index("ix_access_log_document", "document_id", "id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    subject: Mapped[str] = mapped_column(String(SUBJECT_LENGTH))
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    action: Mapped[str] = mapped_column(String(ACTION_LENGTH))
    # No foreign key: the log outlives the item when it is purged.
    document_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    detail: Mapped[str] = mapped_column(String(100), default="", server_default="")


class Draft(Base):
    """What one browser tab was editing and had not saved, so a reload can bring it back.

    Found by the tab's draft token (only its SHA-256 is stored) together with the
    user it belongs to; never listed with the saved items, and purged after
    :data:`graph.storage.drafts.DRAFT_RETENTION`.
    """

    __tablename__ = "drafts"
    __table_args__ = (
        CheckConstraint("kind IN ('case', 'municipality')", name="kind"),
        Index("ix_drafts_updated_at", "updated_at"),
    )

    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    subject: Mapped[str] = mapped_column(String(SUBJECT_LENGTH))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    content: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    # The stored item the draft was being edited from (nothing when it was new).
    document_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    document_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    document_name: Mapped[str | None] = mapped_column(String(NAME_LENGTH), nullable=True)
