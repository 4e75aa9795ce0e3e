"""The database tables: one row per saved item, one row per version of it.

``documents`` holds what a list needs (kind, name, the number of the latest
version, times) so that listing never reads the content. ``versions`` holds every
save: its number, time, note and the item's whole JSON. Versions are only ever
added; deleting an item marks it (``deleted_at``) and purging removes it with all
its versions (``ON DELETE CASCADE``).

``documents.version`` is the number of the latest version and the counter for
optimistic locking: a save names the version it was based on and is refused when
the stored one has moved on.

Examples
--------
>>> sorted(Base.metadata.tables)
['documents', 'versions']
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

    document: Mapped[Document] = relationship(back_populates="versions")
