"""Browser tests: the real app, started as ``make run`` does, in Debian's Chromium.

Written in the style of Streamlit's own end-to-end suite (``e2e_playwright``): one
server fixture, tests that wait on the app's run state and on Playwright's ``expect``
(see app_page.py), never on a fixed delay.

* One server for the whole browser suite: ``scripts/serve.py`` (``make run``) on a free
  loopback port (:class:`tests.server_support.Served`); each test gets a new page, so a
  fresh Streamlit session with no case in it.
* Every test here carries the ``browser`` marker (added at collection): ``make test`` and
  CI run them, ``pytest -m "not browser"`` leaves them out locally.
* Chromium is launched through pytest-playwright with ``executable_path`` (Playwright
  cannot download browsers here) and the flags in :data:`helpers.CHROMIUM_FLAGS`.
* Every request is recorded; requests that would leave 127.0.0.1 are aborted and fail
  the test, and so do dialogs and uncaught script errors, and tracebacks in the
  server's log.
* Without ``/usr/bin/chromium`` every test here is skipped, and the run's summary says
  so in one line.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.server_support import Served

HERE = Path(__file__).resolve().parent
_REPORTS = pytest.StashKey[dict]()

try:
    import pytest_playwright  # noqa: F401  (the plugin gives the browser fixtures)
    from playwright.sync_api import expect

    from .app_page import RUN_TIMEOUT_MS
    from .helpers import (
        ARTIFACTS,
        CHROMIUM,
        CHROMIUM_FLAGS,
        SKIP_REASON,
        VIEWPORT,
        AppPage,
        Guard,
        slug,
    )

    # An outcome may take a whole script run to show, and runs are slow on two busy cores.
    expect.set_options(timeout=RUN_TIMEOUT_MS)
except ImportError as missing:  # a machine without the dev dependencies
    PLAYWRIGHT_MISSING = (
        f"pytest-playwright mangler ({missing.name}): installer utviklingsavhengighetene "
        "(make install) for nettlesertestene"
    )
    collect_ignore_glob = ["*.py"]
else:
    PLAYWRIGHT_MISSING = ""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test in this folder ``browser``; skip them all when Chromium is absent."""
    if PLAYWRIGHT_MISSING:
        return
    skip = pytest.mark.skip(reason=SKIP_REASON)
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)
        if item.get_closest_marker("browser") and not CHROMIUM.exists():
            item.add_marker(skip)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call):
    """Keep each phase's report on the item, so a fixture can tell whether the test failed."""
    report = yield
    item.stash.setdefault(_REPORTS, {})[report.when] = report
    return report


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """One line that says whether the browser tests ran, and why not if they did not."""
    if PLAYWRIGHT_MISSING:
        terminalreporter.write_line(
            f"Nettlesertester: ikke kjørt. {PLAYWRIGHT_MISSING}.", yellow=True, bold=True
        )
        return
    stats = terminalreporter.stats

    def browser_reports(kind: str) -> list:
        return [
            r
            for r in stats.get(kind, [])
            if getattr(r, "keywords", {}).get("browser") and HERE.name in r.nodeid
        ]

    skipped = [r for r in browser_reports("skipped") if SKIP_REASON in str(r.longrepr)]
    ran = [
        r
        for kind in ("passed", "failed", "xfailed", "xpassed")
        for r in browser_reports(kind)
        if r.when == "call"
    ]
    if skipped:
        terminalreporter.write_line(
            f"Nettlesertester: {len(skipped)} hoppet over. {SKIP_REASON}.", yellow=True, bold=True
        )
    elif ran:
        terminalreporter.write_line(
            f"Nettlesertester: {len(ran)} kjørt i {chromium_version()}.", green=True
        )


def chromium_version() -> str:
    try:
        out = subprocess.run(
            [str(CHROMIUM), "--version"], capture_output=True, text=True, timeout=20, check=False
        ).stdout
    except OSError:
        return str(CHROMIUM)
    return out.strip() or str(CHROMIUM)


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """pytest-playwright's launch options, with Debian's Chromium and the GUIDE's flags."""
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": list(CHROMIUM_FLAGS),
    }


@pytest.fixture(scope="session")
def base_url() -> None:
    """No base URL: the server's port is chosen at run time (see ``app_server``).

    Also keeps pytest-base-url's own session fixture, which pytest 9 warns about, unused.
    """
    return None


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {
        **browser_context_args,
        "viewport": VIEWPORT,
        "locale": "nb-NO",
        "timezone_id": "Europe/Oslo",
        "service_workers": "block",
        "accept_downloads": True,
    }


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """``scripts/serve.py`` (``make run``) on a free loopback port, healthy before the first test.

    Its database is a fresh SQLite file in a temporary folder: what the tests save never
    reaches the project's own ``var/`` database (nor a PostgreSQL named in the
    environment).
    """
    for old in ARTIFACTS.glob("feilet-*.png"):
        old.unlink()
    folder = tmp_path_factory.mktemp("streamlit")
    server = Served(
        folder / "server.log",
        env={"TVERRKART_DB_DIR": str(folder), "TVERRKART_DATABASE_URL": ""},
    ).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def shared_context(browser, browser_context_args: dict):
    """One browser context for the suite, so its HTTP cache keeps Streamlit's scripts.

    Each test gets its own page in it, and each page is its own Streamlit session.
    """
    context = browser.new_context(**browser_context_args)
    yield context
    context.close()


@pytest.fixture
def app(app_server: Served, shared_context, request: pytest.FixtureRequest):
    """The app in a new page (a new Streamlit session with no case), loaded and idle.

    After the test, anything the guard caught, and any traceback the server logged
    during the test, fails it (unless it has failed already).
    """
    assert app_server.alive(), "Streamlit-serveren har stoppet:\n" + app_server.log()[-4000:]
    offset = app_server.log_size()
    guard = Guard()
    page = shared_context.new_page()
    guard.attach(page)
    page.set_default_timeout(30_000)
    app_page = AppPage(page, app_server.url, guard)
    app_page.open()
    yield app_page
    reports = request.node.stash.get(_REPORTS, {})
    failed = "call" in reports and reports["call"].failed
    if failed:
        app_page.screenshot(f"feilet-{slug(request.node.name)}")
    page.close()
    if failed:
        return
    problems = guard.problems()
    log = app_server.log_since(offset)
    if "Traceback" in log:
        problems.append("serveren logget en feil:\n" + log[-4000:])
    if problems:
        pytest.fail("Etter testen:\n" + "\n".join(problems), pytrace=False)
