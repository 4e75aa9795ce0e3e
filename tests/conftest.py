"""Shared fixtures: the catalogue, the examples, and small cases built in tests."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from graph.format.model import Case
from graph.format.validation import validate_case
from graph.reference.catalogue import load_catalogue
from graph.storage.engine import create_storage_engine
from graph.storage.repository import Repository
from tests.storage_support import (
    BACKENDS,
    POSTGRES_ENV,
    FakeClock,
    create_postgres_database,
    drop_postgres_database,
    empty_postgres_tables,
    fresh_sqlite_url,
    make_sqlite_template,
)

# Tests never touch the project's own database in var/: pages that reach storage get a
# throw-away directory unless a test sets its own.
os.environ.setdefault("TVERRKART_DB_DIR", tempfile.mkdtemp(prefix="tverrkart-test-db-"))

# Property tests judge behaviour, not speed: on CI's two loaded cores a single example can
# take longer than hypothesis's 200 ms default, which failed a run that was correct.
settings.register_profile("tverrkart", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("tverrkart")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "data" / "examples").glob("*.json"))


@pytest.fixture(scope="session")
def catalogue():
    return load_catalogue()


def make_case(actors=(), ties=(), **person) -> Case:
    """A valid case from short actor and tie tuples.

    ``actors``: (id, type) or (id, type, closeness) or dicts; ``ties``: (from, to, kind)
    or dicts.
    """
    actor_dicts = []
    for actor in actors:
        if isinstance(actor, dict):
            actor_dicts.append(actor)
            continue
        entry = {"id": actor[0], "label": actor[0].capitalize(), "type": actor[1]}
        if len(actor) > 2 and actor[2] is not None:
            entry["closeness"] = actor[2]
        actor_dicts.append(entry)
    tie_dicts = [
        t if isinstance(t, dict) else {"from": t[0], "to": t[1], "kind": t[2]} for t in ties
    ]
    person = {"alias": "A", **person}
    return validate_case(
        {"format": "tverrkart-case/1", "person": person, "actors": actor_dicts, "ties": tie_dicts}
    )


def example_dict(name: str) -> dict:
    return json.loads((ROOT / "data" / "examples" / f"{name}.json").read_text(encoding="utf-8"))


def map_pages(at) -> list[str]:
    """The HTML of every map an AppTest run drew: plain map frames (``st.iframe``) and
    Nettverkskart's editable map (the ``tverrkart.map_editor`` component's ``html``)."""
    from pages.widgets.map_component import page_html

    pages = [frame.proto.srcdoc for frame in at.get("iframe")]
    for element in at.get("bidi_component"):
        if element.proto.component_name == "tverrkart.map_editor":
            pages.append(page_html(json.loads(element.proto.json)))
    return pages


# --------------------------------------------------------------------------- storage
@pytest.fixture(scope="module")
def sqlite_template(tmp_path_factory):
    """A migrated, empty SQLite file that each test copies (faster than migrating)."""
    return make_sqlite_template(tmp_path_factory.mktemp("template"))


@pytest.fixture(scope="module")
def postgres_url():
    """A fresh, migrated PostgreSQL database for one test module (dropped after)."""
    server = os.environ[POSTGRES_ENV]
    url = create_postgres_database(server)
    yield url
    drop_postgres_database(server, url)


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path, sqlite_template):
    """A migrated, empty database on each backend."""
    if request.param == "sqlite":
        return fresh_sqlite_url(sqlite_template, tmp_path)
    url = request.getfixturevalue("postgres_url")
    empty_postgres_tables(url)
    return url


@pytest.fixture
def engine(db_url):
    """The storage engine of :func:`db_url` (modules with their own engine override it)."""
    engine = create_storage_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def clock():
    """A clock the test moves by hand."""
    return FakeClock()


@pytest.fixture
def repo(engine, clock):
    """The repository over :func:`engine`, on the test's clock."""
    return Repository(engine, clock=clock)


@pytest.fixture
def app_repo(tmp_path, monkeypatch):
    """The database the app in an AppTest will use (a fresh SQLite file), and a
    repository on it for the test to look at what the page stored."""
    from graph.storage import Repository, ready_engine
    from graph.storage.engine import DATABASE_URL_ENV, DB_DIR_ENV, DB_FILENAME

    monkeypatch.setenv(DB_DIR_ENV, str(tmp_path))
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    engine = ready_engine(f"sqlite:///{tmp_path / DB_FILENAME}")
    yield Repository(engine)
    engine.dispose()
