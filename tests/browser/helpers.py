"""The browser-test harness: how to write a test against the running app.

The suite is written in the style of Streamlit's own end-to-end tests (``e2e_playwright``):
the app is started once as ``make run`` starts it (``scripts/serve.py``, fixture
``app_server`` in conftest.py), each test gets a fresh tab (a fresh Streamlit session),
and a test waits only on the app's run state (``[data-testid=stApp]`` with
``data-test-script-state`` and ``data-test-connection-state``) and on Playwright's
auto-waiting ``expect(...)``. Nothing sleeps, nothing retries, nothing counts socket
messages, and no pixel position is clicked.

A test::

    from playwright.sync_api import expect
    from .helpers import OPEN_SECTION, AppPage, DataEditor

    pytestmark = pytest.mark.browser

    def test_something(app: AppPage):          # the app, loaded and idle
        app.open_example("Fiktiv sak: …")       # choose + open (+ «Forkast …»), notice
        panel = app.tab("Aktører")              # show a tab (no rerun)
        editor = DataEditor(app, panel)         # st.data_editor by its accessible cells
        editor.add_rows(1)
        editor.type_down(row, "Navn eller rolle", ["Ny"])
        editor.choose_down(row, "Type", ["Venner"])
        editor.flush(row, "Navn eller rolle")
        app.save("Oppdater kartet", "Aktørene er tatt inn i kartet.")  # click, runs, notice
        app.wait_map(nodes, edges)              # the map in the iframe, via window.tverrkart
        expect(app.page.get_by_text("…")).to_be_visible()

Rules: every interaction that reruns the script goes through :meth:`AppPage.click`,
:meth:`~AppPage.rerun`, :meth:`~AppPage.press_button`, :meth:`~AppPage.select`,
:meth:`~AppPage.upload`, :meth:`~AppPage.type_and_enter` or :meth:`~AppPage.save`; each
returns once the run it started has ended (:func:`app_page.wait_for_app_run`). Assert an
outcome with ``expect(...)`` (it waits until it holds); never wait for a time, and never
for something *not* to happen: assert the final state once the run has ended. The guard
(:class:`Guard`) fails the test on any request that leaves 127.0.0.1, any dialog or page
error, and the ``app`` fixture on any traceback the server logs.

Modules: :mod:`app_page` (the tab and its run state), :mod:`data_editor` (the table
editor), this one (the guard, the pages declared in app.py, the map readers).
"""

from __future__ import annotations

import ast
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from .app_page import (
    APP_ROOT,
    ARTIFACTS,
    OPEN_SECTION,
    RUN_TIMEOUT_MS,
    VIEWPORT,
    StreamlitTab,
    settle,
    wait_for_app_run,
)
from .data_editor import DataEditor

__all__ = [
    "APP",
    "APP_ROOT",
    "ARTIFACTS",
    "CHROMIUM",
    "CHROMIUM_FLAGS",
    "LOOPBACK",
    "MAP_IFRAME",
    "OPEN_SECTION",
    "RUN_TIMEOUT_MS",
    "SKIP_REASON",
    "VIEWPORT",
    "AppPage",
    "DataEditor",
    "DeclaredPage",
    "Guard",
    "declared_pages",
    "is_local",
    "node_diff",
    "settle",
    "slug",
    "wait_for_app_run",
]

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
LOOPBACK = "127.0.0.1"

CHROMIUM = Path(os.environ.get("TVERRKART_CHROMIUM", "/usr/bin/chromium"))
"""Debian's Chromium (``apt-get install chromium``); Playwright cannot download browsers here."""

SKIP_REASON = "Chromium mangler: installer Debian-pakken chromium for nettlesertestene"

CHROMIUM_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # The editable map is a sandboxed frame, which Chromium puts in a process of its
    # own. Input sent through DevTools is routed to a frame by the browser process's
    # hit-test data, which is a frame behind right after a scroll: a click Playwright
    # aims at a button just scrolled into view then went to the map's frame (about 1
    # in 3 clicks below the map). In one process the renderer routes it, as it sees it.
    # The frame keeps its sandbox, opaque origin and CSP: only the process differs.
    "--disable-features=IsolateSandboxedIframes",
    # Nothing can leave, even if the app asked for it: every request that is not for
    # the loopback address goes to a proxy port where nothing listens (Chromium never
    # proxies loopback), and no host name but the loopback one resolves. The tests see
    # such requests (and fail on them) through Playwright's request events. No request
    # interception is used, since that would turn the browser's cache off.
    "--proxy-server=http://127.0.0.1:9",
    f"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE {LOOPBACK}",
)
"""Flags from GUIDE.md. Playwright's ``launch`` gives every browser a fresh, temporary
user-data dir of its own (``--user-data-dir`` may not be passed to ``launch``)."""

MAP_TIMEOUT_MS = RUN_TIMEOUT_MS
"""A map is drawn after the run that sends it; two busy cores make both slow."""

MAP_IFRAME = 'iframe[title="st.iframe"], iframe.tk-map-host'

# The map page's one test hook, ``window.tverrkart`` (documented at the top of
# graph/render/static/map.js), is all these read of a map.
MAP_STATE_JS = """
() => {
  const map = window.tverrkart;
  if (!map || !map.ready) { return null; }
  const shownNodes = map.nodes();
  const shownEdges = map.edges();
  return {
    nodes: shownNodes.map((n) => ({id: n.id, label: n.label, title: n.title})),
    edges: shownEdges.map((e) => ({from: e.from, to: e.to, title: e.title})),
    drawnNodes: shownNodes.length,
    drawnEdges: shownEdges.length,
  };
}
"""

MAP_COUNTS_JS = """
([n, e]) => {
  const map = window.tverrkart;
  return !!map && map.ready
    && (n === null || map.nodes().length === n)
    && (e === null || map.edges().length === e);
}
"""

PROBE_JS = """
() => ({
  pwned: window.__pwned === undefined ? null : String(window.__pwned),
  injected: document.querySelectorAll("[data-tk-hostile]").length,
  scriptLinks: document.querySelectorAll('a[href^="javascript:" i]').length,
  hostileLinks: [...document.querySelectorAll("a[href]")].map((a) => a.href)
    .filter((h) => /evil/i.test(h) && !h.startsWith(location.origin + "/")),
  foreignImages: [...document.images].map((i) => i.currentSrc || i.src)
    .filter((s) => s && !s.startsWith("data:") && !s.startsWith("blob:")
      && !s.startsWith(location.origin) && !s.startsWith("http://127.0.0.1")),
})
"""


# --------------------------------------------------------------------------- guard


def is_local(url: str) -> bool:
    """True for URLs that cannot leave the machine: 127.0.0.1, or data/blob/about URLs."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname == LOOPBACK


@dataclass
class Guard:
    """Records everything a page asks for, and every dialog and script error.

    Requests for another host than 127.0.0.1 are recorded here and fail the test; the
    browser's flags (:data:`CHROMIUM_FLAGS`) make sure they never reach a network.
    """

    requests: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    websockets: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    downloads: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        """Watch one page (and any popup it opens)."""
        page.on("request", self._on_request)
        page.on("dialog", self._on_dialog)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on("websocket", lambda ws: self._on_url(ws.url, self.websockets))
        page.on("download", lambda d: self.downloads.append(d.url))
        page.on("popup", self.attach)
        page.on(
            "console",
            lambda m: self.console_errors.append(m.text) if m.type == "error" else None,
        )

    def _on_request(self, request) -> None:
        self._on_url(request.url, self.requests)

    def _on_url(self, url: str, into: list[str]) -> None:
        into.append(url)
        if not is_local(url):
            self.external.append(url)

    def _on_dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message!r}")
        dialog.dismiss()

    def hosts(self) -> list[str]:
        return sorted({urlsplit(u).netloc or urlsplit(u).scheme for u in self.requests})

    def problems(self) -> list[str]:
        found = []
        if self.external:
            found.append(
                "forespørsler som forlot 127.0.0.1:\n  " + "\n  ".join(sorted(set(self.external)))
            )
        if self.dialogs:
            found.append("dialoger åpnet:\n  " + "\n  ".join(self.dialogs))
        if self.page_errors:
            found.append("JavaScript-feil i siden:\n  " + "\n  ".join(self.page_errors))
        return found

    def assert_clean(self) -> None:
        found = self.problems()
        assert not found, "Nettleseren gjorde noe den ikke skulle:\n" + "\n".join(found)


# --------------------------------------------------------------------------- pages of the app


@dataclass(frozen=True)
class DeclaredPage:
    """A page declared in app.py with ``st.Page(path, title=...)``."""

    path: str
    title: str | None
    default: bool = False

    @property
    def url_path(self) -> str:
        """The page's address below the app's root: "" for the default page, otherwise
        the script's file name without ``.py`` (Streamlit's rule for ``st.Page``)."""
        return "" if self.default else Path(self.path).stem


def declared_pages(app_file: Path = APP) -> list[DeclaredPage]:
    """Every ``st.Page("...")`` call with a literal path in app.py, in order."""
    tree = ast.parse(app_file.read_text(encoding="utf-8"))
    pages = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr != "Page" or not node.args:
            continue
        first = node.args[0]
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            continue
        title = next(
            (
                k.value.value
                for k in node.keywords
                if k.arg == "title" and isinstance(k.value, ast.Constant)
            ),
            None,
        )
        default = any(
            k.arg == "default" and isinstance(k.value, ast.Constant) and k.value.value is True
            for k in node.keywords
        )
        pages.append((node.lineno, node.col_offset, DeclaredPage(first.value, title, default)))
    return [page for *_, page in sorted(pages, key=lambda p: p[:2])]


def slug(text: str) -> str:
    """A file-name-safe ASCII version of a page title."""
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})
    return re.sub(r"[^a-z0-9]+", "-", text.translate(table).lower()).strip("-") or "side"


# --------------------------------------------------------------------------- the app page


class AppPage(StreamlitTab):
    """The Streamlit app in one browser tab (:class:`app_page.StreamlitTab`: loading,
    interactions and the runs they start, messages), with readers for the maps it draws
    and probes for injected script."""

    # ---- maps -----------------------------------------------------------------------

    def map_count(self) -> int:
        return self.page.locator(MAP_IFRAME).count()

    def map_frame(self, index: int = 0):
        """The Playwright Frame of the ``index``-th map iframe."""
        handle = self.page.locator(MAP_IFRAME).nth(index).element_handle(timeout=MAP_TIMEOUT_MS)
        frame = handle.content_frame()
        assert frame is not None, "kart-iframen har ingen ramme"
        return frame

    def wait_map(
        self, nodes: int | None = None, edges: int | None = None, index: int = 0
    ) -> dict[str, Any]:
        """Wait until map ``index`` is drawn (with these counts, if given); return its data.

        The data is read in the same step as the condition is checked, so it is the data
        of the map that met it (not of one that replaced it a moment later)."""
        try:
            return self.wait_map_state(
                f"(state, counts) => ({MAP_COUNTS_JS})(counts)", [nodes, edges], index
            )
        except AssertionError:
            state = self.map_state(index)
            got = (
                "ikke tegnet"
                if state is None
                else f"{state['drawnNodes']} noder og {state['drawnEdges']} bånd"
            )
            raise AssertionError(
                f"Kart nr. {index + 1} ble ikke tegnet med {nodes} noder og {edges} bånd "
                f"innen {MAP_TIMEOUT_MS / 1000:.0f} s; kartet har {got}."
            ) from None

    def wait_map_state(self, predicate: str, arg: Any = None, index: int = 0) -> dict[str, Any]:
        """Wait until the drawn map's data (:data:`MAP_STATE_JS`) meets ``predicate``, a
        JavaScript ``(state, arg) => boolean``, and return that data."""
        frame = self.map_frame(index)
        script = f"""(arg) => {{
          const state = ({MAP_STATE_JS})();
          return state && ({predicate})(state, arg) ? state : null;
        }}"""
        try:
            handle = frame.wait_for_function(script, arg=arg, timeout=MAP_TIMEOUT_MS)
        except PlaywrightError as error:
            raise AssertionError(
                f"Kart nr. {index + 1} ble ikke slik testen venter innen "
                f"{MAP_TIMEOUT_MS / 1000:.0f} s ({predicate.strip()[:200]}): "
                f"{error.message.splitlines()[0]}"
            ) from None
        return handle.json_value()

    def map_state(self, index: int = 0) -> dict[str, Any] | None:
        """The drawn map's data now, or None while it is not drawn (for error messages)."""
        try:
            return self.map_frame(index).evaluate(MAP_STATE_JS)
        except PlaywrightError:  # the iframe was swapped by a rerun between lookup and use
            return None

    def drawn_map(self, index: int = 0) -> dict[str, Any]:
        """The drawn map's data (waits until it is drawn)."""
        return self.wait_map(index=index)

    def wait_map_nodes(self, expected: dict[str, dict[str, Any]], index: int = 0) -> dict[str, Any]:
        """Wait until the map's node data (id → label/title) equals ``expected``."""
        predicate = """
        (state, want) => state.nodes.length === Object.keys(want).length
          && state.nodes.every((n) => want[n.id] && want[n.id].label === n.label
            && want[n.id].title === n.title)
        """
        try:
            return self.wait_map_state(predicate, expected, index)
        except AssertionError:
            state = self.map_state(index) or {"nodes": []}
            got = {n["id"]: {"label": n["label"], "title": n["title"]} for n in state["nodes"]}
            raise AssertionError(node_diff(expected, got)) from None

    # ---- safety probes ----------------------------------------------------------------

    def probes(self) -> list[tuple[str, dict[str, Any]]]:
        """Run the injection probes in the page and in every frame it contains."""
        results = []
        for frame in self.page.frames:
            try:
                results.append((frame.name or frame.url[:60], frame.evaluate(PROBE_JS)))
            except Exception as error:  # a frame that is navigating away
                results.append((frame.url[:60], {"error": str(error)}))
        return results

    def assert_no_injection(self, context: str = "") -> None:
        bad = [
            (where, found)
            for where, found in self.probes()
            if found.get("pwned") is not None
            or found.get("injected")
            or found.get("scriptLinks")
            or found.get("hostileLinks")
            or found.get("foreignImages")
        ]
        assert not bad, f"Fiendtlig tekst ble tolket som kode {context}: {bad}"
        self.guard.assert_clean()


# --------------------------------------------------------------------------- comparing


def node_diff(expected: dict[str, dict], got: dict[str, dict]) -> str:
    """A readable account of how the map's nodes differ from the expected ones."""
    lines = [f"Kartets noder er ikke som ventet ({len(got)} i kartet, {len(expected)} ventet)."]
    for node_id in sorted(set(expected) | set(got)):
        want, have = expected.get(node_id), got.get(node_id)
        if want != have:
            lines.append(f"  {node_id!r}: ventet {_short(want)}, fikk {_short(have)}")
        if len(lines) > 12:
            lines.append("  …")
            break
    return "\n".join(lines)


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=True)
    return text if len(text) < 240 else text[:240] + "…"
