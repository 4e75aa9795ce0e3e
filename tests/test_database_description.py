"""Issue 9, finding 8: the database's host, port, name and path are not shown to visitors.

«Lagrede saker» said where the data lives («PostgreSQL-databasen «tverrkart» på
db.local:5432», or the SQLite file's full path) to everyone who opened the page, and so
did the error when the database could not be opened. Now the page names only the kind
of database; the log still says where.
"""

from __future__ import annotations

import re
import socket

from streamlit.testing.v1 import AppTest

from graph.storage.engine import DATABASE_URL_ENV, DB_DIR_ENV
from tests.conftest import ROOT

APP = str(ROOT / "app.py")
PAGE = "pages/views/saker.py"


def _shown_text(at: AppTest) -> str:
    """Every caption, message and Markdown text the page shows, as a reader sees it."""
    parts = [e.value for e in (*at.caption, *at.markdown, *at.error, *at.warning, *at.info)]
    return re.sub(r"\\(.)", r"\1", "\n".join(str(p) for p in parts))


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_postgresql_address_is_not_shown_even_when_it_fails(monkeypatch):
    port = _closed_port()
    monkeypatch.setenv(
        DATABASE_URL_ENV, f"postgresql+psycopg://tk:pw@127.0.0.1:{port}/hemmelig_base"
    )
    at = AppTest.from_file(APP, default_timeout=30)
    at.switch_page(PAGE).run()
    shown = _shown_text(at)
    assert "PostgreSQL-database" in shown
    assert "Databasen kan ikke åpnes" in shown
    for secret in ("127.0.0.1", str(port), "hemmelig_base", "tk:pw"):
        assert secret not in shown, f"«{secret}» vises på siden:\n{shown}"


def test_the_sqlite_file_path_is_not_shown(monkeypatch, tmp_path):
    folder = tmp_path / "hemmelig-mappe"
    folder.mkdir()
    monkeypatch.setenv(DB_DIR_ENV, str(folder))
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    at = AppTest.from_file(APP, default_timeout=30)
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    shown = _shown_text(at)
    assert "lokal SQLite-fil" in shown
    assert "hemmelig-mappe" not in shown and str(tmp_path) not in shown
