"""Where the database is and how to connect to it.

Tverrkart keeps saved cases and municipality maps in one database:

* **SQLite** by default: the file ``tverrkart.sqlite3`` in the directory
  ``$TVERRKART_DB_DIR``, or ``var/`` under the project when that is not set. The
  directory is created (readable by the owner only) when it is missing.
* **PostgreSQL** when ``$TVERRKART_DATABASE_URL`` holds a URL such as
  ``postgresql+psycopg://user:password@127.0.0.1:5432/tverrkart`` (psycopg 3).

Every SQLite connection gets the same settings (see :func:`sqlite_pragmas`):
write-ahead logging, foreign keys on, a busy timeout, full sync and secure delete.
SQLAlchemy emits ``BEGIN`` itself, so a transaction really covers every statement;
write transactions start with ``BEGIN IMMEDIATE`` (see :data:`WRITE_OPTION`).

Examples
--------
>>> database_url({"TVERRKART_DATABASE_URL": "postgresql+psycopg://u@127.0.0.1/tk"})
'postgresql+psycopg://u@127.0.0.1/tk'
>>> database_url({"TVERRKART_DB_DIR": "/srv/tverrkart"})
'sqlite:////srv/tverrkart/tverrkart.sqlite3'
>>> engine = create_storage_engine("sqlite://")
>>> with engine.connect() as connection:
...     connection.exec_driver_sql("PRAGMA foreign_keys").scalar()
1
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection, make_url

from graph.reference.datafiles import PROJECT_ROOT

DATABASE_URL_ENV = "TVERRKART_DATABASE_URL"
"""Environment variable with a full SQLAlchemy URL (PostgreSQL in production)."""
DB_DIR_ENV = "TVERRKART_DB_DIR"
"""Environment variable naming the directory of the SQLite file."""
DEFAULT_DB_DIR = PROJECT_ROOT / "var"
DB_FILENAME = "tverrkart.sqlite3"
BUSY_TIMEOUT_MS = 10_000
"""How long a SQLite connection waits for another writer before giving up."""
WRITE_OPTION = "tverrkart_write"
"""Execution option: ``True`` makes a SQLite transaction start with ``BEGIN IMMEDIATE``.

A write transaction that first reads and then writes would otherwise fail at once
with "database is locked" when another writer got in between; taking the write
lock at the start lets it wait (up to the busy timeout) instead.
"""


def database_dir(environ: Mapping[str, str] | None = None) -> Path:
    """Return the directory of the SQLite database file.

    Parameters
    ----------
    environ : mapping, optional
        The environment to read (``os.environ`` by default).
    """
    environ = os.environ if environ is None else environ
    override = environ.get(DB_DIR_ENV)
    return Path(override).expanduser() if override else DEFAULT_DB_DIR


def database_url(environ: Mapping[str, str] | None = None) -> str:
    """Return the URL of the database Tverrkart uses.

    ``$TVERRKART_DATABASE_URL`` when set, otherwise the SQLite file in
    :func:`database_dir`.
    """
    environ = os.environ if environ is None else environ
    url = environ.get(DATABASE_URL_ENV, "").strip()
    if url:
        return url
    return f"sqlite:///{database_dir(environ) / DB_FILENAME}"


def describe_location(url: str) -> str:
    """Say where the data lives, without any password (for the UI and the logs).

    Examples
    --------
    >>> describe_location("postgresql+psycopg://tk:hemmelig@db.local:5432/tverrkart")
    'PostgreSQL-databasen «tverrkart» på db.local:5432'
    >>> describe_location("sqlite:////srv/tk/tverrkart.sqlite3")
    'SQLite-filen /srv/tk/tverrkart.sqlite3'
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"SQLite-filen {parsed.database}" if parsed.database else "SQLite i minnet"
    where = f"{parsed.host or 'localhost'}:{parsed.port or 5432}"
    return f"PostgreSQL-databasen «{parsed.database}» på {where}"


def describe_error(error: BaseException) -> str:
    """The cause of a database error for the log: its type and the driver's first line.

    Statement parameters are hidden (``hide_parameters``) and only the first line of
    the driver's message is kept (PostgreSQL puts row values in its ``DETAIL``
    lines), so no case content reaches the log.

    Examples
    --------
    >>> import sqlite3
    >>> from sqlalchemy.exc import OperationalError
    >>> cause = sqlite3.OperationalError("attempt to write a readonly database")
    >>> describe_error(OperationalError("INSERT …", None, cause))
    'OperationalError: attempt to write a readonly database'
    """
    cause = getattr(error, "orig", None) or error
    lines = str(cause).strip().splitlines()
    first = lines[0][:300] if lines else ""
    return f"{type(error).__name__}: {first}" if first else type(error).__name__


def describe_kind(url: str) -> str:
    """Say what kind of database holds the data, and nothing about where (for every visitor).

    The page is shown to everyone who reaches the app; the host, port, database name and
    file path are for the log (:func:`describe_location`), not for them.

    Examples
    --------
    >>> describe_kind("postgresql+psycopg://tk:hemmelig@db.local:5432/tverrkart")
    'PostgreSQL-database'
    >>> describe_kind("sqlite:////srv/tk/tverrkart.sqlite3")
    'lokal SQLite-fil'
    """
    if make_url(url).get_backend_name() == "sqlite":
        return "lokal SQLite-fil"
    return "PostgreSQL-database"


def sqlite_pragmas() -> tuple[str, ...]:
    """The statements run on every new SQLite connection, in order.

    * ``journal_mode=WAL``: readers keep working while someone saves, and a crash
      never leaves a half-written page in the database file;
    * ``synchronous=FULL``: a save that returned is on disk;
    * ``foreign_keys=ON``: SQLite ignores foreign keys unless told so, on each
      connection;
    * ``busy_timeout``: wait for another writer instead of failing at once;
    * ``secure_delete=ON``: deleted rows are overwritten, not left in free pages.
    """
    return (
        "PRAGMA journal_mode=WAL",
        "PRAGMA synchronous=FULL",
        "PRAGMA foreign_keys=ON",
        f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
        "PRAGMA secure_delete=ON",
    )


def _prepare_sqlite_file(database: str) -> None:
    path = Path(database)
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True)


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy emit BEGIN (see _on_sqlite_begin): the sqlite3 module's own
    # transaction handling skips BEGIN before SELECT and DDL statements.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        for pragma in sqlite_pragmas():
            cursor.execute(pragma)
    finally:
        cursor.close()


def _on_sqlite_begin(connection: Connection) -> None:
    immediate = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def create_storage_engine(url: str | None = None, **kwargs: Any) -> Engine:
    """Create the engine for ``url`` (by default :func:`database_url`).

    SQLite connections get :func:`sqlite_pragmas` and explicit ``BEGIN``; the
    directory of a SQLite file is created when missing. PostgreSQL connections are
    checked before use (``pool_pre_ping``), so a restarted server is no error.
    Statement parameters (case content) never appear in errors or logs
    (``hide_parameters``).

    Parameters
    ----------
    url : str, optional
        A SQLAlchemy URL.
    **kwargs
        Passed on to :func:`sqlalchemy.create_engine`.
    """
    url = url or database_url()
    parsed = make_url(url)
    # Statement parameters hold case content: keep them out of error messages and logs.
    kwargs.setdefault("hide_parameters", True)
    if parsed.get_backend_name() != "sqlite":
        kwargs.setdefault("pool_pre_ping", True)
        return create_engine(url, **kwargs)
    if parsed.database and parsed.database != ":memory:":
        _prepare_sqlite_file(parsed.database)
    engine = create_engine(url, **kwargs)
    event.listen(engine, "connect", _on_sqlite_connect)
    event.listen(engine, "begin", _on_sqlite_begin)
    return engine
