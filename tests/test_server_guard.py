"""The web server as ``make run`` starts it: who may reach it, over plain HTTP and WebSocket.

Issue 9, findings 1 (DNS rebinding: any ``Host`` was accepted), 8 (framing, any
localhost port accepted as ``Origin``, public ``/_stcore/metrics``) and the settings
in ``scripts/serve.py``. The browser's side of the same checks is in
``tests/browser/test_server_guard.py``; the offline freeze (finding 5) in
``tests/test_server_offline.py``.
"""

from __future__ import annotations

import doctest
import http.client
import sys

import pytest

from tests.server_support import ROOT, Served, get, websocket_status

# scripts/ is not a package: serve.py runs as a script and imports its neighbours.
sys.path.insert(0, str(ROOT / "scripts"))

import media_owners
import serve
import upload_quota
import webguard
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.uploaded_file_manager import UploadedFileRec

from graph.format.limits import MAX_SESSION_UPLOAD_BYTES

REBIND = "rebind.example"
PATHS = ("/", "/_stcore/health", "/_stcore/host-config", "/media/x.json", "/app/static/x.js")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve")
    served = Served(
        folder / "server.log",
        env={"TVERRKART_DB_DIR": str(folder), "TVERRKART_DATABASE_URL": ""},
    ).start()
    yield served
    served.stop()


@pytest.mark.parametrize("path", PATHS)
def test_a_foreign_host_name_gets_nothing_on_any_route(server, path):
    status, _, body = get(server.port, path, host=f"{REBIND}:{server.port}")
    assert status == 403, f"Host {REBIND} fikk {status} på {path}"
    assert "Tverrkart svarer ikke på denne adressen" in body.decode()


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]", "LOCALHOST"])
def test_the_loopback_names_reach_the_app(server, host):
    status, _, body = get(server.port, "/_stcore/health", host=f"{host}:{server.port}")
    assert (status, body) == (200, b"ok")


def test_a_websocket_for_a_foreign_host_name_is_refused(server):
    port = server.port
    own = websocket_status(port, origin=f"http://127.0.0.1:{port}")
    rebound = websocket_status(port, host=f"{REBIND}:{port}", origin=f"http://{REBIND}:{port}")
    assert (own, rebound) == (101, 403)


@pytest.mark.parametrize(
    "origin",
    [
        "http://127.0.0.1:{other}",
        "http://localhost:{other}",
        "http://localhost:{port}",
        "https://127.0.0.1:{other}",
        "http://evil.example",
        "null",
    ],
)
def test_only_the_apps_own_origin_opens_the_websocket(server, origin):
    origin = origin.format(port=server.port, other=server.port + 1)
    assert websocket_status(server.port, origin=origin) == 403, origin
    status, _, _ = get(server.port, "/_stcore/host-config", origin=origin)
    assert status == 403, origin


def test_metrics_are_not_public(server):
    for path in ("/_stcore/metrics", "/_stcore/metrics/", "//_stcore//metrics"):
        status, _, body = get(server.port, path)
        assert status == 404, f"{path}: {status} {body[:200]!r}"


@pytest.mark.parametrize("path", ["/", "/_stcore/health", "/aktorkart", "/_stcore/metrics"])
def test_no_other_page_may_frame_the_app(server, path):
    _, headers, _ = get(server.port, path)
    assert headers.get("x-frame-options") == "DENY"
    assert headers.get("content-security-policy") == "frame-ancestors 'none'"


def test_a_media_file_no_open_tab_made_is_not_served(server):
    status, _, _ = get(server.port, "/media/" + "0" * 56 + ".json")
    assert status == 404


def test_the_allowed_host_names_come_from_one_setting(tmp_path):
    served = Served(
        tmp_path / "server.log",
        env={
            "TVERRKART_DB_DIR": str(tmp_path),
            "TVERRKART_DATABASE_URL": "",
            serve.ALLOWED_HOSTS_ENV: f"tverrkart.test, 127.0.0.1, {REBIND.upper()}",
        },
    )
    served.start()
    try:
        public = get(served.port, "/_stcore/health", host=f"tverrkart.test:{served.port}")[0]
        rebind = get(served.port, "/_stcore/health", host=f"{REBIND}:{served.port}")[0]
        local = get(served.port, "/_stcore/health", host=f"localhost:{served.port}")[0]
        socket_status = websocket_status(
            served.port,
            host=f"tverrkart.test:{served.port}",
            origin=f"https://tverrkart.test:{served.port}",
        )
    finally:
        served.stop()
    assert (public, rebind, local, socket_status) == (200, 200, 403, 101)


def test_serve_refuses_host_settings_it_cannot_keep():
    with pytest.raises(serve.ServeError, match="ikke et vertsnavn"):
        serve.allowed_hosts({serve.ALLOWED_HOSTS_ENV: "*.kommune.no"})
    with pytest.raises(serve.ServeError):
        serve.allowed_hosts({serve.ALLOWED_HOSTS_ENV: "http://tverrkart.no/"})
    assert serve.main(["--server.allowedHosts", "evil.example"]) == 2


def test_listening_beyond_this_machine_is_announced_in_norwegian():
    hosts = serve.LOOPBACK_HOSTS
    assert serve.exposure_warning("127.0.0.1", hosts) is None
    assert serve.exposure_warning("::1", hosts) is None
    for address in ("0.0.0.0", "10.1.2.3", "", None):
        warning = serve.exposure_warning(address, hosts)
        assert warning is not None
        assert warning.startswith("ADVARSEL: Tverrkart lytter på")
        assert serve.ALLOWED_HOSTS_ENV in warning


def test_a_tab_that_holds_its_upload_limit_in_the_store_may_not_upload_more():
    """Files sent straight to the upload address, never read by a page, stay in the
    store until the tab closes: the guard refuses the next one past the limit."""
    store = MemoryUploadedFileManager("/_stcore/upload_file")
    runtime = type("Runtime", (), {"uploaded_file_mgr": store})()
    quota = upload_quota.UploadQuota.of(runtime)
    guard = webguard.WebGuard(None, ["localhost"], upload_allowed=quota.allows)
    route = "/_stcore/upload_file/tab-1/next"
    chunk = b"x" * (5 * 1024 * 1024)
    sent = 0
    while guard.refusal(route, "localhost:8501", None, "PUT") is None:
        store.add_file("tab-1", UploadedFileRec(f"f{sent}", "f.json", "application/json", chunk))
        sent += 1
        assert sent <= 100, "the guard never refused"
    assert sent * len(chunk) >= MAX_SESSION_UPLOAD_BYTES > (sent - 1) * len(chunk)
    assert guard.refusal(route, "localhost:8501", None, "PUT")[0] == 413
    assert guard.refusal("/_stcore/upload_file/tab-2/f", "localhost:8501", None, "PUT") is None
    store.remove_session_files("tab-1")
    assert guard.refusal(route, "localhost:8501", None, "PUT") is None


@pytest.mark.parametrize("module", [serve, webguard, media_owners, upload_quota])
def test_the_examples_in_the_server_modules_hold(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted and not result.failed


def test_the_page_says_it_is_norwegian(server):
    """Streamlit's page says ``lang="en"``; screen readers would read Norwegian as English."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:  # as a browser asks: compressed if possible
        connection.request("GET", "/", headers={"Accept-Encoding": "gzip, deflate, br"})
        answer = connection.getresponse()
        headers, body = dict(answer.getheaders()), answer.read()
    finally:
        connection.close()
    assert answer.status == 200
    assert b'<html lang="nb">' in body and b'lang="en"' not in body
    assert int(headers["content-length"]) == len(body)
