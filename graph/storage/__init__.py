"""Storage: saved cases and municipality maps, with history, in SQLite or PostgreSQL.

Modules
-------
engine
    Where the database is (``TVERRKART_DATABASE_URL`` / ``TVERRKART_DB_DIR``) and
    the connection settings (WAL, foreign keys, busy timeout on SQLite).
schema
    Runs the Alembic migrations in ``migrations/`` up to head.
models
    The two tables, ``documents`` and ``versions`` (SQLAlchemy 2, typed).
repository
    :class:`~graph.storage.repository.Repository`: the only way pages reach the
    database. One transaction per operation; optimistic locking on save.
archive
    Export and import of an item with all its versions (``tverrkart-archive/1``).
practice
    «Lag øvingskopi»: a copy of a case with no personal text.
diff
    Comparing two versions of a case, as a table and as a map.
clock
    The injectable clock and Norwegian display of times.

Examples
--------
>>> repo = open_repository("sqlite://")
>>> repo.list("case")
[]
"""

from __future__ import annotations

from sqlalchemy import Engine

from graph.storage.clock import Clock, utc_now
from graph.storage.engine import create_storage_engine
from graph.storage.repository import (
    ConflictError,
    DeletedError,
    DocumentInfo,
    NotFoundError,
    Repository,
    StorageError,
    StoredVersion,
    VersionInfo,
)
from graph.storage.schema import upgrade_to_head


def ready_engine(url: str | None = None) -> Engine:
    """An engine for ``url`` (by default from the environment) with the schema at head."""
    engine = create_storage_engine(url)
    upgrade_to_head(engine)
    return engine


def open_repository(url: str | None = None, *, clock: Clock = utc_now) -> Repository:
    """A :class:`Repository` on a database that is ready to use."""
    return Repository(ready_engine(url), clock=clock)


__all__ = [
    "ConflictError",
    "DeletedError",
    "DocumentInfo",
    "NotFoundError",
    "Repository",
    "StorageError",
    "StoredVersion",
    "VersionInfo",
    "open_repository",
    "ready_engine",
]
