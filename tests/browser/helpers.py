"""Helpers for the browser tests: the Streamlit server, the request guard and the page.

Everything here drives the real app in Debian's Chromium through Playwright. Waiting is
always on an event or a condition in the page (a finished script run, a drawn map), never
on a fixed delay.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.server_support import free_port, stop_process

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
SERVE = ROOT / "scripts" / "serve.py"
ARTIFACTS = ROOT / "test-artifacts"
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

VIEWPORT = {"width": 1400, "height": 1000}
SERVER_START_TIMEOUT_S = 90.0
RERUN_TIMEOUT_MS = 30_000
MAP_TIMEOUT_MS = 20_000

MAP_IFRAME = 'iframe[title="st.iframe"]'
OPEN_SECTION = "eksempel eller fil"
"""Part of the header of Nettverkskart's expander «Ny sak, …, eksempel eller fil»."""
APP_ROOT = '[data-testid="stApp"]'

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


# --------------------------------------------------------------------------- server


class StreamlitServer:
    """``scripts/serve.py`` (``make run``) on a free loopback port, with its log in a file."""

    def __init__(
        self, log_path: Path, python: str = sys.executable, env: dict[str, str] | None = None
    ) -> None:
        self.log_path = log_path
        self.python = python
        self.env = env or {}
        self.process: subprocess.Popen | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def command(self) -> list[str]:
        """The app as ``make run`` starts it (scripts/serve.py and its guard), on our port."""
        return [
            self.python,
            str(SERVE),
            "--server.headless",
            "true",
            "--server.address",
            LOOPBACK,
            "--server.port",
            str(self.port),
            "--browser.gatherUsageStats",
            "false",
            # Other people edit files in this tree while the tests run: no reloads.
            "--server.fileWatcherType",
            "none",
        ]

    def start(self, attempts: int = 3) -> str:
        """Start the server and wait until ``/_stcore/health`` answers ``ok``."""
        problem = ""
        for _ in range(attempts):
            self.port = free_port()
            with self.log_path.open("ab") as log:
                self.process = subprocess.Popen(
                    self.command(),
                    cwd=ROOT,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    env={**os.environ, "PYTHONUNBUFFERED": "1", **self.env},
                )
            problem = self._wait_healthy()
            if not problem:
                return self.url
            self.stop()
            if "already in use" not in self.log_text():
                break
        raise RuntimeError(
            f"Streamlit-serveren startet ikke ({problem}).\n"
            f"Kommando: {' '.join(self.command())}\n"
            f"--- serverlogg ({self.log_path}) ---\n{self.log_text()[-6000:]}"
        )

    def _wait_healthy(self) -> str:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        health = f"{self.url}/_stcore/health"
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                code = None if self.process is None else self.process.returncode
                return f"prosessen avsluttet med kode {code}"
            try:
                with urllib.request.urlopen(health, timeout=2) as answer:
                    if answer.status == 200 and answer.read().strip() == b"ok":
                        return ""
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)  # poll interval while the process starts; nothing to await
        return f"{health} svarte ikke «ok» innen {SERVER_START_TIMEOUT_S:.0f} s"

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        """Terminate the server, and kill it if it has not stopped after 10 s."""
        stop_process(self.process)
        self.process = None

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def log_size(self) -> int:
        try:
            return self.log_path.stat().st_size
        except FileNotFoundError:
            return 0

    def log_since(self, offset: int) -> str:
        with self.log_path.open("rb") as log:
            log.seek(offset)
            return log.read().decode("utf-8", errors="replace")


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
        pages.append((node.lineno, node.col_offset, DeclaredPage(first.value, title)))
    return [page for *_, page in sorted(pages, key=lambda p: p[:2])]


def slug(text: str) -> str:
    """A file-name-safe ASCII version of a page title."""
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})
    return re.sub(r"[^a-z0-9]+", "-", text.translate(table).lower()).strip("-") or "side"


# --------------------------------------------------------------------------- the app page


class AppPage:
    """The Streamlit app in one browser tab, with waits that follow the app's own state."""

    def __init__(self, page: Page, base_url: str, guard: Guard) -> None:
        self.page = page
        self.base_url = base_url
        self.guard = guard
        self.finished = 0
        """Script runs the server has reported finished to this page (see _on_frame)."""
        page.on("websocket", self._on_websocket)

    def _on_websocket(self, ws) -> None:
        if ws.url.endswith("/_stcore/stream"):
            ws.on("framereceived", self._on_frame)

    def _on_frame(self, payload: str | bytes) -> None:
        """Count the server's "script finished" messages (a run that ends to start again
        at once, for ``st.rerun()``, does not count). Unlike the page's own run state,
        this sees every run, however fast."""
        if isinstance(payload, bytes):
            message = ForwardMsg.FromString(payload)
            if message.WhichOneof("type") == "script_finished" and (
                message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN
            ):
                self.finished += 1

    # ---- loading and reruns -------------------------------------------------------

    def open(self, path: str = "") -> AppPage:
        before = self.finished
        self.page.goto(f"{self.base_url}/{path}")
        self.wait_idle(before, "første innlasting")
        return self

    def runs(self) -> int:
        return self.finished

    def idle(self) -> bool:
        return self.page.evaluate(
            "() => { const a = document.querySelector('[data-testid=stApp]');"
            " return !!a && a.dataset.testScriptState === 'notRunning'"
            " && a.dataset.testConnectionState === 'CONNECTED'; }"
        )

    def wait_idle(self, before: int, what: str = "", timeout_ms: int = RERUN_TIMEOUT_MS) -> None:
        """Wait until a script run after ``before`` has finished and the page shows it."""
        deadline = time.monotonic() + timeout_ms / 1000
        while not (self.finished > before and self.idle()):
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"Streamlit kjørte ikke ferdig etter {what or 'handlingen'} innen "
                    f"{timeout_ms / 1000:.0f} s ({self.finished - before} kjøringer fullført)"
                )
            self.page.wait_for_timeout(20)  # lets Playwright deliver the socket's messages

    def quiet(self, quiet_ms: int = 400) -> None:
        """Wait until no script run has finished for ``quiet_ms`` and none is running.

        Some saves run the script twice with a short pause between (a widget reset asks
        for one more run). Only for actions whose outcome a test cannot know in advance;
        otherwise wait for the outcome itself."""
        while True:
            before = self.finished
            self.page.wait_for_timeout(quiet_ms)  # a quiet period is what is asked for
            if self.finished == before and self.idle():
                return

    def rerun(self, action: Callable[[], Any], what: str = "") -> None:
        """Do ``action`` (a click, a key press) and wait until the script run it starts ends."""
        before = self.runs()
        action()
        self.wait_idle(before, what)

    def click(self, locator: Locator, what: str = "") -> None:
        self.rerun(locator.click, what or f"klikk på {locator}")

    def button(self, name: str) -> Locator:
        return self.page.get_by_role("button", name=name, exact=True).filter(visible=True)

    def press_button(self, name: str) -> None:
        self.click(self.button(name), f"knappen «{name}»")

    # ---- navigation -----------------------------------------------------------------

    def nav_links(self) -> dict[str, str]:
        """Title → href of every page in the sidebar navigation."""
        links = self.page.get_by_test_id("stSidebarNavLink")
        found = {}
        for link in links.all():
            text = link.inner_text().split("\n")[-1].strip()
            found[text] = link.get_attribute("href") or ""
        return found

    def go_to(self, title: str) -> None:
        """Switch page through the sidebar (the session and its case are kept)."""
        link = self.page.get_by_test_id("stSidebarNavLink").filter(
            has=self.page.get_by_text(title, exact=True)
        )
        self.click(link, f"sidemenyen «{title}»")
        self.page.get_by_test_id("stHeading").first.wait_for()

    def heading(self) -> str:
        return self.page.locator("h1").first.inner_text().strip()

    def tab(self, name: str) -> Locator:
        """Show a tab (no rerun) and return the visible tab panel (it survives reruns)."""
        self.page.get_by_role("tab", name=name, exact=True).click()
        panel = self.page.get_by_test_id("stTabPanel").filter(visible=True).first
        panel.wait_for()
        return panel

    def expand(self, label: str) -> Locator:
        """Open the expander whose header reads ``label`` (if it is not open) and return it.

        An expander that is opening or closing is left to finish first (its ``open``
        attribute only changes at the end of the animation).
        """
        expander = self.page.get_by_test_id("stExpander").filter(
            has=self.page.locator("summary", has_text=label)
        )
        details = expander.locator("details").first
        settle(details)
        if details.get_attribute("open") is None:
            expander.locator("summary").first.click()
        expander.get_by_test_id("stExpanderDetails").wait_for(state="visible")
        settle(details)
        return expander

    def show(self, field: Locator) -> bool:
        """Make ``field`` visible by opening the expander it sits in; False if it cannot."""
        if field.is_visible():
            return True
        details = field.locator("xpath=ancestor::details[1]")
        if not details.count():
            return False
        settle(details)
        if details.get_attribute("open") is None:
            details.locator("summary").first.click()
        try:
            field.wait_for(state="visible", timeout=5_000)
        except PlaywrightTimeoutError:
            return False
        return True

    def select(self, label: str, option: str, scope: Locator | None = None) -> None:
        """Choose ``option`` in the selectbox labelled ``label`` (a rerun)."""
        scope = scope or self.page
        box = scope.get_by_role("combobox", name=label, exact=True)
        if option in box.input_value():
            return  # already chosen: choosing it again would not run the script
        # Focus and ArrowDown open the menu even when a click would first blur (and so
        # commit) another widget and lose the click in the re-render.
        choice = self.page.get_by_role("option").filter(has_text=option).first
        for attempt in range(3):
            box.focus()
            box.press("ArrowDown")
            try:
                choice.wait_for(state="visible", timeout=5_000)
                break
            except PlaywrightTimeoutError:
                # A rerun that ended just now can re-render the box and close its menu.
                if attempt == 2:
                    raise AssertionError(f"Menyen «{label}» viste ikke valget «{option}»") from None
                box.press("Escape")
                self.quiet()
        self.click(choice, f"valget «{option}» i «{label}»")

    def upload(self, data: bytes, name: str, scope: Locator | None = None) -> None:
        """Upload a file through the (first visible) file uploader and wait for the rerun."""
        scope = scope or self.page
        field = scope.get_by_test_id("stFileUploaderDropzoneInput").first
        self.rerun(
            lambda: field.set_input_files(
                {"name": name, "mimeType": "application/json", "buffer": data}
            ),
            f"opplasting av «{name}»",
        )

    def open_example(self, title: str) -> None:
        """Choose an example on Nettverkskart and open it.

        Choosing collapses the expander a moment after the run (bug 1 in the report), so
        the button may vanish between "visible" and the click: the expander is opened
        again and the click retried. That also works once the bug is fixed.
        """
        self.expand(OPEN_SECTION)
        self.select("Eksempel", title)
        for attempt in range(3):
            self.expand(OPEN_SECTION)
            before = self.runs()
            try:
                self.button("Åpne eksempelet").click(timeout=4_000)
            except PlaywrightTimeoutError:
                if attempt == 2:
                    raise
                continue
            self.wait_idle(before, "knappen «Åpne eksempelet»")
            break
        self.expect_alert("Success", f"Åpnet eksempelet «{title}»")

    def type_and_enter(self, field: Locator, value: str, what: str = "") -> str:
        """Fill a text field and press Enter; wait for the run only if the value changed.

        Returns the value the field holds (the browser and Streamlit may refuse or
        change what was typed: newlines dropped, text over ``max_chars`` ignored).
        """
        before = field.input_value()
        field.fill(value)
        now = field.input_value()
        if now == before:
            field.press("Enter")
        else:
            self.rerun(lambda: field.press("Enter"), what or f"Enter i feltet {value[:30]!r}")
        return now

    def eventually(self, check: Callable[[], Any], timeout_s: float = 15.0) -> Any:
        """Call ``check`` until it passes (returns without AssertionError) or time runs out.

        For outcomes that may take one more script run to show (a save that calls
        ``st.rerun()`` shows its message in the second run). A Playwright error (an
        element or frame replaced by a rerun while it was read) is retried too.
        """
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                return check()
            except (AssertionError, PlaywrightError):
                if time.monotonic() > deadline:
                    raise
            self.page.wait_for_timeout(100)  # poll interval of a condition, not a delay

    def expect_alert(self, kind: str, text: str) -> None:
        """Wait until an alert of ``kind`` (Error, Success, Info, Warning) contains ``text``."""

        def check() -> None:
            found = self.alerts(kind)
            assert any(text in t for t in found), (
                f"ventet melding «{text}» ({kind}); fikk {found}; feil: {self.alerts('Error')}"
            )

        self.eventually(check)

    # ---- messages -----------------------------------------------------------------

    def alerts(self, kind: str) -> list[str]:
        """Text of the visible alerts of one kind: Error, Success, Info or Warning."""
        boxes = self.page.get_by_test_id(f"stAlertContent{kind}").get_by_test_id(
            "stMarkdownContainer"
        )
        # Without the invisible word joiners ui.plain puts where Markdown would link.
        return [t.replace("\u2060", "").strip() for t in boxes.all_inner_texts()]

    def exceptions(self) -> list[str]:
        return self.page.get_by_test_id("stException").all_inner_texts()

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
        """Wait until map ``index`` is drawn (with these counts, if given); return its data."""
        frame = self.map_frame(index)
        try:
            frame.wait_for_function(MAP_COUNTS_JS, arg=[nodes, edges], timeout=MAP_TIMEOUT_MS)
        except Exception:
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
        return self.eventually(lambda: self.drawn_map(index))

    def map_state(self, index: int = 0) -> dict[str, Any] | None:
        """The drawn map's data, or None while it is not drawn (or being replaced)."""
        try:
            return self.map_frame(index).evaluate(MAP_STATE_JS)
        except PlaywrightError:  # the iframe was swapped by a rerun between lookup and use
            return None

    def drawn_map(self, index: int = 0) -> dict[str, Any]:
        """The drawn map's data; AssertionError (so ``eventually`` retries) if not drawn."""
        state = self.map_state(index)
        assert state is not None, f"kart nr. {index + 1} er ikke tegnet (ennå)"
        return state

    def wait_map_nodes(self, expected: dict[str, dict[str, Any]], index: int = 0) -> dict[str, Any]:
        """Wait until the map's node data (id → label/title) equals ``expected``."""
        frame = self.map_frame(index)
        script = """
        (want) => {
          const map = window.tverrkart;
          if (!map || !map.ready) { return false; }
          const got = map.nodes();
          if (got.length !== Object.keys(want).length) { return false; }
          return got.every((n) => want[n.id] && want[n.id].label === n.label
            && want[n.id].title === n.title);
        }
        """
        try:
            frame.wait_for_function(script, arg=expected, timeout=MAP_TIMEOUT_MS)
        except Exception:
            state = self.map_state(index) or {"nodes": []}
            got = {n["id"]: {"label": n["label"], "title": n["title"]} for n in state["nodes"]}
            raise AssertionError(node_diff(expected, got)) from None
        return self.eventually(lambda: self.drawn_map(index))

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

    # ---- screenshots ------------------------------------------------------------------

    def screenshot(self, name: str) -> Path:
        """Write a PNG of the whole page (not only the window) to test-artifacts/."""
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        height = self.page.evaluate(
            "() => { const m = document.querySelector('[data-testid=stMain]');"
            " return Math.ceil(m ? m.scrollHeight : document.body.scrollHeight); }"
        )
        size = self.page.viewport_size or VIEWPORT
        self.page.set_viewport_size(
            {"width": size["width"], "height": min(max(height, 600), 12000)}
        )
        try:
            self.page.screenshot(path=str(path), full_page=True, animations="disabled")
        finally:
            self.page.set_viewport_size(size)
        return path


def settle(element: Locator) -> None:
    """Wait until no animation runs in ``element`` (an expander opening or closing)."""
    element.evaluate(
        """(e) => new Promise((done) => {
          const idle = () => e.getAnimations({subtree: true})
            .every((a) => a.playState !== "running");
          (function wait() { idle() ? done() : requestAnimationFrame(wait); })();
        })"""
    )


# --------------------------------------------------------------------------- data editor


class DataEditor:
    """A Streamlit ``st.data_editor`` (glide-data-grid on a canvas), driven by keyboard.

    Cells are reached from the top-left cell (Ctrl+Home) with arrow keys, so the grid's
    own scrolling keeps the cell in view; ``col`` counts the visible columns from 0.
    """

    ROW_PX = 35

    def __init__(self, app: AppPage, scope: Locator) -> None:
        self.app = app
        self.page = app.page
        self.frame = scope.get_by_test_id("stDataFrame").first
        self.canvas = self.frame.get_by_test_id("data-grid-canvas")

    def add_rows(self, count: int) -> None:
        for _ in range(count):
            # A synthetic click: the grid's scroller may lie over the toolbar.
            self.frame.get_by_role("button", name="Add row").dispatch_event("click")

    def go_to(self, row: int, col: int) -> None:
        # Clear the selection first: a click on the selected cell would open its editor.
        self.canvas.focus()
        self.page.keyboard.press("Escape")
        box = self.canvas.bounding_box()
        assert box, "tabellen er ikke synlig"
        self.page.mouse.click(box["x"] + 45, box["y"] + self.ROW_PX * 1.5)
        self.page.keyboard.press("Control+Home")
        for _ in range(row):
            self.page.keyboard.press("ArrowDown")
        for _ in range(col):
            self.page.keyboard.press("ArrowRight")

    def type_down(self, row: int, col: int, texts: Iterable[str]) -> None:
        """Write ``texts`` into one column, one row after another, from ``row`` down."""
        self.go_to(row, col)
        editor = self.page.locator("textarea.gdg-input")
        for text in texts:
            self.page.keyboard.press("Enter")
            editor.wait_for()
            editor.fill(text)
            self.page.keyboard.press("Enter")  # saves and moves to the row below
            editor.wait_for(state="detached")

    def flush(self, row: int, col: int) -> None:
        """Make the grid send its edits to Streamlit now.

        The grid sends edits 150 ms after the last one (a debounce), except when an
        editor is closed by a click outside the grid, which sends them at once: a
        person clicking «Lagre» right after typing is covered, a test typing Enter and
        then clicking «Lagre» within 150 ms is not. So: open the editor of one cell and
        close it by clicking outside, as a person would.
        """
        self.go_to(row, col)
        self.page.keyboard.press("Enter")
        overlay = self.page.locator("textarea.gdg-input, input[id^=react-select][role=combobox]")
        overlay.first.wait_for()
        self.page.locator("h1").first.click()
        overlay.first.wait_for(state="detached")

    def choose_down(self, row: int, col: int, options: Iterable[str]) -> None:
        """Pick ``options`` in a dropdown column, one row after another, from ``row`` down."""
        self.go_to(row, col)
        menu = self.page.locator("input[id^=react-select][role=combobox]")
        for option in options:
            self.page.keyboard.press("Enter")
            menu.wait_for()
            self.page.keyboard.type(option)
            self.page.keyboard.press("Enter")
            menu.wait_for(state="detached")


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
