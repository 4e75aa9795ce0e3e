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

from typing import TYPE_CHECKING

from sqlalchemy import Engine

from graph.reference.lazy import lazy_getattr
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

if TYPE_CHECKING:
    from graph.storage.access import (
        EDITOR,
        LOCAL,
        OWNER,
        ROLE_WORDS,
        SYSTEM,
        Actor,
        IdentityError,
        actor_from_claims,
        rank,
    )
    from graph.storage.archive import kind_word
    from graph.storage.clock import format_date, format_time
    from graph.storage.diff import GapChange, change_rows, compare_cases, compare_gaps, gap_rows
    from graph.storage.drafts import DraftStore, StoredDraft, new_token, valid_token
    from graph.storage.engine import database_url, describe_error, describe_kind, describe_location
    from graph.storage.erasure import hidden_fields
    from graph.storage.repository import (
        ACTION_WORDS,
        ORIGIN_WORDS,
        RETENTION,
        AccessDeniedError,
        default_name,
    )
    from graph.storage.team import TeamConfigError, TeamSettings, team_settings


def ready_engine(url: str | None = None) -> Engine:
    """An engine for ``url`` (by default from the environment) with the schema at head."""
    engine = create_storage_engine(url)
    upgrade_to_head(engine)
    return engine


def open_repository(url: str | None = None, *, clock: Clock = utc_now) -> Repository:
    """A :class:`Repository` on a database that is ready to use."""
    return Repository(ready_engine(url), clock=clock)


__all__ = [
    "ACTION_WORDS",
    "EDITOR",
    "LOCAL",
    "ORIGIN_WORDS",
    "OWNER",
    "RETENTION",
    "ROLE_WORDS",
    "SYSTEM",
    "AccessDeniedError",
    "Actor",
    "ConflictError",
    "DeletedError",
    "DocumentInfo",
    "DraftStore",
    "GapChange",
    "IdentityError",
    "NotFoundError",
    "Repository",
    "StorageError",
    "StoredDraft",
    "StoredVersion",
    "TeamConfigError",
    "TeamSettings",
    "VersionInfo",
    "actor_from_claims",
    "change_rows",
    "compare_cases",
    "compare_gaps",
    "database_url",
    "default_name",
    "describe_error",
    "describe_kind",
    "describe_location",
    "format_date",
    "format_time",
    "gap_rows",
    "hidden_fields",
    "kind_word",
    "new_token",
    "open_repository",
    "rank",
    "ready_engine",
    "team_settings",
    "valid_token",
]

# The names below are imported on first use (PEP 562): importing one module of this
# layer does not import every module the pages use (pandas, altair, …).
_LAZY = {
    "ACTION_WORDS": "graph.storage.repository",
    "AccessDeniedError": "graph.storage.repository",
    "Actor": "graph.storage.access",
    "DraftStore": "graph.storage.drafts",
    "EDITOR": "graph.storage.access",
    "GapChange": "graph.storage.diff",
    "IdentityError": "graph.storage.access",
    "LOCAL": "graph.storage.access",
    "ORIGIN_WORDS": "graph.storage.repository",
    "OWNER": "graph.storage.access",
    "RETENTION": "graph.storage.repository",
    "ROLE_WORDS": "graph.storage.access",
    "SYSTEM": "graph.storage.access",
    "StoredDraft": "graph.storage.drafts",
    "TeamConfigError": "graph.storage.team",
    "TeamSettings": "graph.storage.team",
    "actor_from_claims": "graph.storage.access",
    "change_rows": "graph.storage.diff",
    "compare_cases": "graph.storage.diff",
    "compare_gaps": "graph.storage.diff",
    "database_url": "graph.storage.engine",
    "default_name": "graph.storage.repository",
    "describe_error": "graph.storage.engine",
    "describe_kind": "graph.storage.engine",
    "describe_location": "graph.storage.engine",
    "format_date": "graph.storage.clock",
    "format_time": "graph.storage.clock",
    "gap_rows": "graph.storage.diff",
    "hidden_fields": "graph.storage.erasure",
    "kind_word": "graph.storage.archive",
    "new_token": "graph.storage.drafts",
    "rank": "graph.storage.access",
    "team_settings": "graph.storage.team",
    "valid_token": "graph.storage.drafts",
}


__getattr__ = lazy_getattr(__name__, _LAZY)
