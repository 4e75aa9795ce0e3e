"""Bring a database up to the current schema with the project's Alembic migrations.

The app calls :func:`upgrade_to_head` once per process, before the first query, so
a new SQLite file gets its tables and an older database gets the newer ones. The
same migrations run from the command line (``alembic upgrade head``, see
``alembic.ini``); there is no second way to create tables.

Examples
--------
>>> from graph.storage.engine import create_storage_engine
>>> engine = create_storage_engine("sqlite://")
>>> upgrade_to_head(engine)
>>> current_revision(engine) == head_revision()
True
"""

from __future__ import annotations

from functools import lru_cache

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from graph.datafiles import PROJECT_ROOT
from graph.storage.engine import WRITE_OPTION

MIGRATIONS_DIR = PROJECT_ROOT / "migrations"


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
