"""Smoke test: every page declared in app.py loads at its own address, without an error.

The pages are read from app.py (``st.Page(...)``) when the tests are collected, so a page
added later gets its own test. Each is opened straight at its address, as a bookmark
would (serve.py makes that work on a fresh server), in a fresh session.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .helpers import AppPage, DeclaredPage, declared_pages

pytestmark = pytest.mark.browser

PAGES = declared_pages()


def test_app_py_declares_pages():
    assert PAGES, "fant ingen st.Page(...) i app.py"


@pytest.mark.parametrize("declared", PAGES, ids=[p.url_path or "start" for p in PAGES])
def test_each_page_loads_without_an_error(app: AppPage, declared: DeclaredPage):
    app.open(declared.url_path)
    expect(app.page.get_by_test_id("stException")).to_have_count(0)
    expect(app.page.get_by_test_id("stAlertContentError")).to_have_count(0)
    title = declared.title or ""
    expect(app.page.get_by_role("heading", level=1).first).to_have_text(title)
    link = app.page.get_by_test_id("stSidebarNavLink").get_by_text(title, exact=True)
    expect(link).to_have_count(1)
