"""What a hostile web page can make the user's Chromium do to a running Tverrkart.

Issue 9, findings 1 and 8, seen from the browser, with the server started as ``make
run`` does (``scripts/serve.py``, see conftest.py):

* DNS rebinding: a second name that resolves to 127.0.0.1 (Chromium's
  ``--host-resolver-rules``) loads nothing, and a script on that name cannot open the
  app's WebSocket nor read its routes; a saved case is out of its reach;
* another page (another origin: a port of its own on 127.0.0.1) cannot show the app in
  a frame;
* a case file's download address stops working once the tab that made it is closed.
"""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import Page, expect

from graph.storage import Repository, ready_engine
from graph.storage.engine import DB_FILENAME
from tests.storage_support import small_case

from .expected import EXAMPLES
from .helpers import APP_ROOT, CHROMIUM, CHROMIUM_FLAGS, LOOPBACK, AppPage, Guard

pytestmark = pytest.mark.browser

REBIND = "rebind.test"
SECRET_CASE = "Hemmelig sak bak DNS-rebinding"
EXAMPLE = next(title for title in EXAMPLES if "A (16)" in title)

SOCKET_JS = """
(url) => new Promise((resolve) => {
  const ws = new WebSocket(url, ["streamlit"]);
  ws.onopen = () => { ws.close(); resolve("åpnet"); };
  ws.onerror = () => resolve("avvist");
})
"""

FETCH_JS = """
async (paths) => {
  const found = {};
  for (const path of paths) {
    found[path] = (await fetch(path)).status;
  }
  return found;
}
"""

# --------------------------------------------------------------------------- DNS rebinding


@pytest.fixture
def rebinding_page(browser_type, app_server) -> Iterator[Page]:
    """A Chromium in which ``rebind.test`` resolves to 127.0.0.1, as after a DNS rebinding.

    Every other name still resolves to nothing, and every other request still goes to a
    proxy port where nothing listens.
    """
    flags = [f for f in CHROMIUM_FLAGS if not f.startswith(("--host-resolver", "--proxy"))]
    browser = browser_type.launch(
        executable_path=str(CHROMIUM),
        args=[
            *flags,
            "--proxy-server=http://127.0.0.1:9",
            f"--proxy-bypass-list={REBIND}",
            f"--host-resolver-rules=MAP {REBIND} {LOOPBACK}, MAP * ~NOTFOUND, EXCLUDE {LOOPBACK}",
        ],
    )
    page = browser.new_page()
    yield page
    browser.close()


def test_a_rebound_name_reaches_neither_the_app_nor_a_saved_case(rebinding_page, app_server):
    engine = ready_engine(f"sqlite:///{app_server.env['TVERRKART_DB_DIR']}/{DB_FILENAME}")
    Repository(engine).create("case", small_case(SECRET_CASE))
    engine.dispose()
    page = rebinding_page
    origin = f"http://{REBIND}:{app_server.port}"

    answer = page.goto(f"{origin}/saker")

    assert answer is not None and answer.status == 403
    expect(page.locator("body")).to_contain_text("Tverrkart svarer ikke på denne adressen")
    expect(page.locator(APP_ROOT)).to_have_count(0)
    # A script on the rebound name (the attacker's page) gets nothing either.
    assert page.evaluate(SOCKET_JS, f"ws://{REBIND}:{app_server.port}/_stcore/stream") == "avvist"
    statuses = page.evaluate(FETCH_JS, ["/", "/saker", "/_stcore/health", "/_stcore/host-config"])
    assert set(statuses.values()) == {403}, statuses
    assert SECRET_CASE not in page.content()


def test_the_same_browser_still_reaches_the_app_on_127_0_0_1(rebinding_page, app_server):
    """The control: only the name is refused, not the browser or the server."""
    page = rebinding_page
    page.goto(f"{app_server.url}/")
    expect(page.locator(f"{APP_ROOT}[data-test-connection-state=CONNECTED]")).to_have_count(1)


# --------------------------------------------------------------------------- framing


class _FramingPage(BaseHTTPRequestHandler):
    """Another origin (its own port on 127.0.0.1) whose page frames the app."""

    app_url = ""

    def do_GET(self) -> None:
        body = (
            "<!doctype html><title>Annen side</title>"
            f'<iframe id="tk" src="{self.app_url}/" width="800" height="600"'
            " onload=\"document.body.dataset.framed = '1'\"></iframe>"
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def framing_url(app_server) -> Iterator[str]:
    handler = type("FramingPage", (_FramingPage,), {"app_url": app_server.url})
    server = ThreadingHTTPServer((LOOPBACK, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://{LOOPBACK}:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_another_page_cannot_show_the_app_in_a_frame(shared_context, framing_url, app_server):
    page = shared_context.new_page()
    try:
        page.goto(framing_url)
        page.wait_for_function("() => document.body.dataset.framed === '1'")
        [child] = [frame for frame in page.frames if frame != page.main_frame]
        assert not child.url.startswith(app_server.url), (
            f"appen ble vist i en ramme på en annen side: {child.url}"
        )
        expect(child.locator(APP_ROOT)).to_have_count(0)
    finally:
        page.close()


# --------------------------------------------------------------------------- downloads


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def _download_url(app: AppPage, label: str) -> str:
    with app.page.expect_download() as download:
        app.button(label).click()
    return download.value.url


GONE_JS = """
async (urls) => {
  const answers = await Promise.all(urls.map((u) => fetch(u, {cache: "no-store"})));
  return answers.every((answer) => answer.status === 404);
}
"""
"""True once every address answers 404 (Playwright evaluates it until it does)."""


def test_a_case_download_stops_working_when_its_tab_is_closed(shared_context, app_server):
    page = shared_context.new_page()
    app = AppPage(page, app_server.url, Guard()).open()
    app.open_example(EXAMPLE)
    labels = ("Last ned saken (JSON)", "Last ned kartet (HTML)")
    urls = [_download_url(app, label) for label in labels]
    assert all("/media/" in url for url in urls), urls
    # While the tab is open the file is there (also for a request with no session).
    assert [_status(url) for url in urls] == [200, 200]

    page.close()

    # The server drops a tab's files when it sees that tab's socket close, in its own
    # time. A page of the same origin without an app session (the health answer) asks
    # for them until they are gone, with Playwright's own polling wait; then the
    # server is asked from outside, as the attacker who kept the address would ask it.
    watcher = shared_context.new_page()
    try:
        watcher.goto(f"{app_server.url}/_stcore/health")
        watcher.wait_for_function(GONE_JS, arg=urls, polling=100)
    finally:
        watcher.close()
    assert [_status(url) for url in urls] == [404, 404]
