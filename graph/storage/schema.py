"""Bring a database up to the current schema with the project's Alembic migrations.

The app calls :func:`upgrade_to_head` once per process, before the first query, so
a new SQLite file gets its tables and an older database gets the newer ones. The
same migrations run from the command line (``alembic upgrade head``, see
``alembic.ini``); there is no second way to create tables.

Two safety rules for migrations:

* **No silent data loss.** A downgrade that would drop stored items (or the marks
  and logs that belong to them) is refused while the database holds items, unless
  forced with ``alembic -x force=yes downgrade …`` or
  ``TVERRKART_ALLOW_DESTRUCTIVE_DOWNGRADE=1`` — after taking a backup
  (docs/storage.md). See :func:`refuse_destructive_downgrade`.
* **A database made without Alembic can be upgraded.** Tables created directly
  from the models (``Base.metadata.create_all``) have no ``alembic_version``; the
  migration environment recognises which revision they match and stamps it
  before upgrading (:func:`unversioned_revision`).

Examples
--------
>>> from graph.storage.engine import create_storage_engine
>>> engine = create_storage_engine("sqlite://")
>>> upgrade_to_head(engine)
>>> current_revision(engine) == head_revision()
True
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from functools import lru_cache

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text

from graph.reference.datafiles import PROJECT_ROOT
from graph.storage.engine import WRITE_OPTION

MIGRATIONS_DIR = PROJECT_ROOT / "migrations"
FORCE_ENV = "TVERRKART_ALLOW_DESTRUCTIVE_DOWNGRADE"
"""Set to ``1`` to allow a downgrade that deletes stored data (take a backup first)."""

log = logging.getLogger(__name__)


class DestructiveDowngradeError(RuntimeError):
    """A downgrade would delete stored data and was not forced; nothing was changed."""


def alembic_config(url: str | None = None) -> Config:
    """An Alembic configuration for the project's migrations (no ``alembic.ini`` needed).

    Parameters
    ----------
    url : str, optional
        Database to migrate; by default the one in the environment.
    """
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url:
        config.attributes["url"] = url
    return config


@lru_cache(maxsize=1)
def head_revision() -> str:
    """The newest migration's revision id."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the project always ships migrations
        raise RuntimeError("fant ingen migreringer i migrations/")
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (``None`` for an empty database)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade_to_head(engine: Engine) -> None:
    """Run every migration the database lacks, in one transaction.

    A write transaction (``BEGIN IMMEDIATE`` on SQLite) makes two processes that
    start at the same time take turns: the second finds the schema done.
    """
    if current_revision(engine) == head_revision():
        return
    config = alembic_config()
    with engine.connect() as connection:
        connection = connection.execution_options(**{WRITE_OPTION: True})
        with connection.begin():
            config.attributes["connection"] = connection
            command.upgrade(config, "head")


def unversioned_revision(connection: Connection) -> str | None:
    """The revision a database without ``alembic_version`` matches, or ``None`` if empty.

    A database whose tables were created from the models (``create_all``) instead
    of by the migrations has no record of its revision; Alembic would then try to
    create the tables again and fail. The newest revision whose tables and columns
    are all present is the one to stamp.

    Parameters
    ----------
    connection : Connection
        An open connection to the database.
    """
    inspector = inspect(connection)
    tables = set(inspector.get_table_names())
    if "documents" not in tables:
        return None
    columns = set()
    if "versions" in tables:
        columns = {column["name"] for column in inspector.get_columns("versions")}
    if "saved_by" in columns and {"users", "members", "access_log", "drafts"} <= tables:
        return "0004"
    if "saved_by" in columns and {"users", "members", "access_log"} <= tables:
        return "0003"
    if {"size", "origin"} <= columns and {"installation", "erasures"} <= tables:
        return "0002"
    return "0001"


def downgrade_forced(environ: Mapping[str, str] | None = None) -> bool:
    """True when a destructive downgrade was explicitly allowed.

    Either ``alembic -x force=yes downgrade …`` or the environment variable
    ``TVERRKART_ALLOW_DESTRUCTIVE_DOWNGRADE=1``.
    """
    from alembic import context

    environ = os.environ if environ is None else environ
    if environ.get(FORCE_ENV, "").strip() == "1":
        return True
    return context.get_x_argument(as_dictionary=True).get("force", "").lower() == "yes"


def refuse_destructive_downgrade(what: str) -> None:
    """Stop a downgrade that would delete stored data, unless it was forced.

    Call it first in a migration's ``downgrade()``. An empty database (no stored
    items) is downgraded without asking.

    Parameters
    ----------
    what : str
        What the downgrade deletes, in Norwegian (it completes «Nedgraderingen …»).

    Raises
    ------
    DestructiveDowngradeError
        With a Norwegian message: what would be lost, and to take a backup first.
    """
    from alembic import context, op

    if downgrade_forced():
        return
    advice = (
        'Ta en sikkerhetskopi først (se docs/storage.md: «sqlite3 … ".backup …"» eller '
        "«pg_dump»), og kjør så på nytt med «alembic -x force=yes downgrade …» eller "
        f"{FORCE_ENV}=1."
    )
    if context.is_offline_mode():
        raise DestructiveDowngradeError(
            f"Nedgraderingen er stoppet: den {what}, og uten databasen kan det ikke sjekkes "
            f"om noe er lagret. {advice}"
        )
    bind = op.get_bind()
    if not inspect(bind).has_table("documents"):
        return
    items = bind.execute(text("SELECT count(*) FROM documents")).scalar() or 0
    if not items:
        return
    versions = bind.execute(text("SELECT count(*) FROM versions")).scalar() or 0
    raise DestructiveDowngradeError(
        f"Nedgraderingen er stoppet: den {what}. Databasen har {items} lagrede saker og "
        f"kommunekart med {versions} versjoner. {advice}"
    )
