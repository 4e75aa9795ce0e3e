"""Helpers for the storage tests: backends, fresh databases, a fake clock, sample cases.

The same tests run against SQLite and PostgreSQL. PostgreSQL is used when
``TVERRKART_TEST_POSTGRES_URL`` names a server where the user may create databases
(``scripts/pg_test_server.sh start`` prints such a URL); otherwise those tests are
skipped with the reason.
"""

from __future__ import annotations

import copy
import os
import secrets
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from graph.storage.engine import DB_FILENAME, create_storage_engine
from graph.storage.schema import upgrade_to_head

POSTGRES_ENV = "TVERRKART_TEST_POSTGRES_URL"
NO_POSTGRES = (
    f"PostgreSQL-testene hoppes over: sett {POSTGRES_ENV} "
    "(for eksempel med URL-en fra scripts/pg_test_server.sh start)"
)
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgresql",
        id="postgresql",
        marks=pytest.mark.skipif(not os.environ.get(POSTGRES_ENV), reason=NO_POSTGRES),
    ),
]


@dataclass
class FakeClock:
    """A clock the test moves by hand (no sleeping)."""

    now: datetime = field(default_factory=lambda: datetime(2026, 3, 12, 9, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


# --------------------------------------------------------------------------- SQLite


def make_sqlite_template(directory: Path) -> Path:
    """A migrated, empty SQLite file to copy for each test (migrating once is faster)."""
    path = directory / DB_FILENAME
    engine = create_storage_engine(f"sqlite:///{path}")
    upgrade_to_head(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


def fresh_sqlite_url(template: Path, directory: Path) -> str:
    """A copy of the template in ``directory``; returns its URL."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / DB_FILENAME
    shutil.copyfile(template, target)
    return f"sqlite:///{target}"


# --------------------------------------------------------------------------- PostgreSQL


def _admin_engine(server_url: str) -> Engine:
    return create_engine(server_url, isolation_level="AUTOCOMMIT", pool_pre_ping=True)


def create_postgres_database(server_url: str, *, migrate: bool = True) -> str:
    """A new, uniquely named database on the test server; returns its URL."""
    name = f"tk_test_{secrets.token_hex(6)}"
    admin = _admin_engine(server_url)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    if migrate:
        engine = create_storage_engine(url)
        upgrade_to_head(engine)
        engine.dispose()
    return url


def drop_postgres_database(server_url: str, url: str) -> None:
    """Drop a database made by :func:`create_postgres_database`."""
    name = make_url(url).database
    admin = _admin_engine(server_url)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def empty_postgres_tables(url: str) -> None:
    """Remove every row (and restart the ids) between tests."""
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "TRUNCATE versions, documents, erasures, installation, members, users, access_log, "
                "drafts "
                "RESTART IDENTITY CASCADE"
            )
        )
    engine.dispose()


# --------------------------------------------------------------------------- sample data

SECRET_CASE = {
    "format": "tverrkart-case/1",
    "title": "Oppfølging av Ola Hemmeligsen",
    "municipality": "3905",
    "hemmelig_felt": "Ekstra nøkkel fra en nyere versjon: Ola bor i Storgata 1",
    "person": {
        "alias": "Ola H.",
        "age": 16,
        "situation": ["pupil", "planned_travel"],
        "wants_individual_plan": None,
        "kallenavn": "Olamann",
    },
    "actors": [
        {
            "id": "kari_hemmeligsen",
            "label": "Kari Hemmeligsen (mor)",
            "type": "foresatte",
            "closeness": 1,
            "note": "Ringer rektor hver fredag",
        },
        {
            "id": "laerer_per",
            "label": "Lærer Per Pedersen",
            "type": "skole",
            "closeness": 2,
            "contact": "per.pedersen@skole.example",
        },
        {"id": "rektor_rut", "label": "Rektor Rut", "type": "skole", "closeness": 3},
        {
            "id": "slt_sigrid",
            "label": "Sigrid i SLT",
            "type": "slt_koordinator",
            "coordinator": True,
        },
        {"id": "nett_x", "label": "Brukeren DarkWolf88", "type": "risikomiljo", "closeness": 1},
    ],
    "ties": [
        {"from": "person", "to": "kari_hemmeligsen", "kind": "support", "strength": 3},
        {"from": "laerer_per", "to": "rektor_rut", "kind": "collaboration", "tillegg": "Møtes"},
        {
            "from": "slt_sigrid",
            "to": "laerer_per",
            "kind": "collaboration",
            "info_sharing": True,
            "legal_basis": "consent",
        },
        {"from": "nett_x", "to": "person", "kind": "risk", "strength": 2},
    ],
}
"""A case full of personal text, for checking that a practice copy keeps none of it."""

MUNICIPALITY = {
    "format": "tverrkart-municipality/1",
    "kommunenummer": "3905",
    "actors": [
        {"id": "slt", "type": "slt_koordinator", "label": "SLT-koordinator", "contact": "478"},
        {"id": "bv", "type": "barnevern", "label": "Barneverntjenesten"},
    ],
    "structures": {"politirad": True, "handlingsplan": True, "mentorordning": False},
    "measures": [{"what": "Årlig evaluering", "responsible": ["slt"]}],
}


def small_case(title: str = "Sak A", **changes) -> dict:
    """A small valid case (a fresh copy each time); ``changes`` replace top-level keys."""
    case = {
        "format": "tverrkart-case/1",
        "title": title,
        "person": {"alias": "A", "age": 16, "situation": ["pupil"]},
        "actors": [
            {"id": "mor", "label": "Mor", "type": "foresatte", "closeness": 1},
            {"id": "skole", "label": "Kontaktlærer", "type": "skole", "closeness": 2},
        ],
        "ties": [{"from": "person", "to": "mor", "kind": "support"}],
    }
    case.update(copy.deepcopy(changes))
    return case
