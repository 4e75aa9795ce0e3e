"""The app in one browser tab, driven the way Streamlit's own end-to-end suite drives apps.

Streamlit's ``e2e_playwright`` tests wait on the state the app root publishes,
``[data-testid=stApp][data-test-connection-state=CONNECTED]`` and
``[data-test-script-state=notRunning]``, and leave the rest to Playwright's auto-waiting
``expect(...)``. So does this module:

* after an interaction that reruns the script, :func:`wait_for_app_run` waits first for
  that run to *start* and then for the app to be connected and not running. Runs are
  seen by :data:`RUN_RECORDER_JS`, installed in the page before the app loads: it counts
  every change of ``data-test-script-state`` to ``running`` that the page commits, and a
  run so short that React draws it in one go by the title every run sets (Streamlit's
  own helper sleeps a fixed 210 ms instead);
* a save that calls ``st.rerun()`` may show "not running" between its two runs, so its
  outcome is awaited (:meth:`StreamlitTab.save`, :meth:`StreamlitTab.expect_replaced`);
* an outcome is asserted with ``expect(...)``, which waits until it holds; a save that
  calls ``st.rerun()`` shows its notice in the second run, so :meth:`StreamlitTab.expect_alert`
  waits for the notice and then for that run to end;
* nothing waits a fixed time, nothing retries an action, and nothing waits for something
  *not* to happen: a test asserts the final state once the run has ended.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
VIEWPORT = {"width": 1400, "height": 1000}
RUN_TIMEOUT_MS = 60_000
"""How long one script run may take before a wait fails (two busy cores make runs slow)."""

APP_ROOT = '[data-testid="stApp"]'
OPEN_SECTION = "eksempel eller fil"
"""Part of the header of Nettverkskart's expander «Ny sak, …, eksempel eller fil»."""
DISCARD = "Forkast endringene og gå videre"
"""The button that lets unsaved work go when a case or map is replaced."""
WORD_JOINER = "\u2060"
"""The invisible character ``pages.widgets.ui.plain`` puts where Markdown would link."""

RUN_RECORDER_JS = """
(() => {
  // Counts the script runs this page shows, from what the page commits to its DOM.
  //
  // "started": each change of the app root's data-test-script-state to "running". A
  // MutationObserver sees every committed change, in order (each record's oldValue is
  // the value before it; the next record's oldValue, or the attribute now, the value
  // after it), so a run that is over before Playwright looks is still seen.
  //
  // "settled": a run so short that React draws it in one go never shows "running"
  // (and may change nothing on screen). Every run sets the document's title early
  // (st.set_page_config), after the server has said the run started. React draws what
  // the page has received in a task it posts when the state changes; a message this
  // recorder posts when the title changes is delivered after that task. So, when it
  // arrives, either React has drawn "running" (counted above), or it has drawn the
  // whole run at once and the app shows "notRunning": that run is counted here.
  if (window.__tkRuns) { return; }
  const runs = window.__tkRuns = {started: 0, settled: 0};
  const appState = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app ? app.getAttribute("data-test-script-state") : null;
  };
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    if (appState() === "notRunning") { runs.settled += 1; }
  };
  new MutationObserver((records) => {
    records.forEach((record, i) => {
      const later = records.slice(i + 1).find(
        (r) => r.target === record.target && r.attributeName === record.attributeName);
      const now = later ? later.oldValue : record.target.getAttribute(record.attributeName);
      if (now === "running" && record.oldValue !== "running") { runs.started += 1; }
    });
  }).observe(document, {
    subtree: true,
    attributes: true,
    attributeOldValue: true,
    attributeFilter: ["data-test-script-state"],
  });
  const inTitle = (node) => !!node && (node.nodeName === "TITLE"
    || (!!node.parentNode && node.parentNode.nodeName === "TITLE"));
  document.addEventListener("DOMContentLoaded", () => {
    new MutationObserver((records) => {
      if (records.some((r) => inTitle(r.target))) { channel.port2.postMessage(null); }
    }).observe(document.head, {subtree: true, childList: true, characterData: true});
  });
})();
"""

APP_RUN_DONE_JS = """
(after) => {
  const app = document.querySelector(
    '[data-testid="stApp"][data-test-connection-state="CONNECTED"]');
  const runs = window.__tkRuns || {started: 0, settled: 0};
  return !!app && app.getAttribute("data-test-script-state") === "notRunning"
    && (after === null || runs.started > after[0] || runs.settled > after[1]);
}
"""


def runs_started(page: Page) -> list[int]:
    """What the page has shown of the app's runs since it loaded: [started, settled]."""
    return page.evaluate(
        "() => window.__tkRuns ? [window.__tkRuns.started, window.__tkRuns.settled] : [0, 0]"
    )


def wait_for_app_run(page: Page, after: list[int] | None = None, what: str = "") -> None:
    """Wait until the app is connected and its script is not running.

    With ``after`` (what :func:`runs_started` said before an interaction), first wait
    for a run after it to have started: the interaction's own run, not the idle state
    from before it.
    """
    try:
        page.wait_for_function(APP_RUN_DONE_JS, arg=after, polling="raf", timeout=RUN_TIMEOUT_MS)
    except PlaywrightTimeoutError:
        state = page.evaluate(
            """() => { const a = document.querySelector('[data-testid="stApp"]');
              return a ? [a.getAttribute("data-test-connection-state"),
                          a.getAttribute("data-test-script-state")] : null; }"""
        )
        raise AssertionError(
            f"Streamlit kjørte ikke ferdig etter {what or 'handlingen'} innen "
            f"{RUN_TIMEOUT_MS / 1000:.0f} s (appens tilstand: {state}, kjøringer startet: "
            f"{runs_started(page)}, før handlingen: {after})"
        ) from None


def wait_for_app_loaded(page: Page) -> None:
    """After ``page.goto``: the app's first run has ended and the page shows it."""
    expect(page.locator(APP_ROOT)).to_be_attached()
    wait_for_app_run(page, what="første innlasting")
    expect(page.get_by_test_id("stMain")).to_be_visible()


def text_pattern(text: str) -> re.Pattern[str]:
    """``text`` as a pattern that allows the word joiners ``ui.plain`` inserts and any
    run of white space where the text has a space."""
    parts = [r"\s+" if ch.isspace() else re.escape(ch) for ch in text]
    return re.compile(f"{WORD_JOINER}?".join(parts))


def settle(element: Locator) -> None:
    """Wait until no animation runs in ``element`` (an expander opening or closing)."""
    element.evaluate(
        """(e) => new Promise((done) => {
          const idle = () => e.getAnimations({subtree: true})
            .every((a) => a.playState !== "running");
          (function wait() { idle() ? done() : requestAnimationFrame(wait); })();
        })"""
    )


class StreamlitTab:
    """The Streamlit app in one browser tab: loading, interactions and their runs, messages.

    Every interaction that reruns the script goes through :meth:`rerun`, which waits for
    that run to end (:func:`wait_for_app_run`).
    """

    def __init__(self, page: Page, base_url: str, guard: Any) -> None:
        self.page = page
        self.base_url = base_url
        self.guard = guard
        page.add_init_script(RUN_RECORDER_JS)

    # ---- loading and reruns -------------------------------------------------------

    def open(self, path: str = "") -> StreamlitTab:
        self.page.goto(f"{self.base_url}/{path}")
        wait_for_app_loaded(self.page)
        return self

    def runs(self) -> list[int]:
        return runs_started(self.page)

    def wait_for_app_run(self, after: list[int] | None = None, what: str = "") -> None:
        wait_for_app_run(self.page, after, what)

    def wait_idle(self, before: list[int] | None = None, what: str = "") -> None:
        """The old name of :meth:`wait_for_app_run` (``before`` from :meth:`runs`)."""
        wait_for_app_run(self.page, before, what)

    def rerun(self, action: Callable[[], Any], what: str = "") -> None:
        """Do ``action`` (a click, a key press) and wait until the run it starts has ended.

        The runs are counted while the app is idle: an action during a run makes
        Streamlit stop that run and start the next one, which the page may show without
        ever leaving "running" (so without a new start to count).
        """
        self.wait_for_app_run(what=f"forrige kjøring, før {what or 'handlingen'}")
        before = self.runs()
        action()
        self.wait_for_app_run(before, what)

    def click(self, locator: Locator, what: str = "") -> None:
        self.rerun(locator.click, what or f"klikk på {locator}")

    def save(self, button: Locator | str, notice: str) -> None:
        """Press a «Lagre …» button and wait until the save's ``notice`` shows.

        An accepted save calls ``st.rerun()`` and the notice shows in that second run;
        between the two runs the page may show "notRunning" for a moment, with the
        elements of the run before (an earlier, equal notice among them). So the caller
        asserts what the save changed with ``expect`` (which waits), and the next
        interaction first waits until no run is going on."""
        if isinstance(button, str):
            button = self.button(button)
        self.click(button, f"lagring med «{notice}»")
        self.expect_alert("Success", notice)

    def button(self, name: str) -> Locator:
        return self.page.get_by_role("button", name=name, exact=True).filter(visible=True)

    def drag(self, start: tuple[float, float], end: tuple[float, float], what: str) -> None:
        """Drag with the mouse from ``start`` to ``end`` (page points), as a hand does:
        press, move in small steps by way of the middle, release; wait for the run."""

        def act() -> None:
            mouse = self.page.mouse
            mouse.move(*start)
            mouse.down()
            mouse.move((start[0] + end[0]) / 2, (start[1] + end[1]) / 2, steps=5)
            mouse.move(*end, steps=5)
            mouse.up()

        self.rerun(act, what)

    def press_button(self, name: str) -> None:
        self.click(self.button(name), f"knappen «{name}»")

    # ---- navigation -----------------------------------------------------------------

    def nav_links(self) -> dict[str, str]:
        """Title → href of every page in the sidebar navigation."""
        links = self.page.get_by_test_id("stSidebarNavLink")
        expect(links.first).to_be_visible()
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
        expect(self.page.get_by_test_id("stHeading").first).to_be_visible()

    def heading(self) -> str:
        return self.page.locator("h1").first.inner_text().strip()

    def tab(self, name: str) -> Locator:
        """Show a tab (no rerun) and return the visible tab panel (it survives reruns)."""
        tab = self.page.get_by_role("tab", name=name, exact=True)
        tab.click()
        expect(tab).to_have_attribute("aria-selected", "true")
        panel = self.page.get_by_test_id("stTabPanel").filter(visible=True).first
        expect(panel).to_be_visible()
        return panel

    def expand(self, label: str) -> Locator:
        """Open the expander whose header reads ``label`` (if it is not open) and return it."""
        expander = self.page.get_by_test_id("stExpander").filter(
            has=self.page.locator("summary", has_text=label)
        )
        self.open_details(expander.locator("details").first)
        expect(expander.get_by_test_id("stExpanderDetails")).to_be_visible()
        return expander

    def open_details(self, details: Locator, *, required: bool = True) -> None:
        """Open a ``<details>`` (an expander) and wait until its animation has ended.

        One that is closing is left to finish first: its ``open`` attribute goes only at
        the end of the animation, and a click then would be lost. With ``required``, the
        expander must end up open. A run still going (a map may be drawn before its run
        ends) is waited for first: a keyed expander reruns the app when opened, and a run
        that ends after the click would draw it closed again.
        """
        self.wait_for_app_run(what="forrige kjøring, før en utvidelse åpnes")
        settle(details)
        if details.get_attribute("open") is None:
            details.locator("summary").first.click()
            if required:
                expect(details).to_have_attribute("open", "")
        settle(details)

    def show(self, field: Locator) -> bool:
        """Make ``field`` visible by opening the expander it sits in; False if it cannot
        be shown (it has no expander around it, or sits in a tab that is not shown)."""
        if field.is_visible():
            return True
        details = field.locator("xpath=ancestor::details[1]")
        if not details.count():
            return False
        self.open_details(details, required=False)
        return field.is_visible()

    # ---- widgets ----------------------------------------------------------------------

    def select(self, label: str, option: str, scope: Locator | None = None) -> None:
        """Choose ``option`` in the selectbox labelled ``label`` (a rerun)."""
        scope = scope or self.page
        box = scope.get_by_role("combobox", name=label, exact=True)
        if option in box.input_value():
            return  # already chosen: choosing it again would not run the script
        # The menu closes when the page scrolls, and focusing a box out of view scrolls
        # it in a frame later: bring it into view and let Playwright wait until it stands
        # still (a trial click: the checks, no click) before it gets the keys. The option
        # is chosen from the keyboard, as Streamlit's own e2e suite does: typing filters
        # the menu and Enter takes the first option. A pointer click on an option could
        # land while the menu was being drawn anew and start no run (seen once in ~300
        # loaded runs).
        box.scroll_into_view_if_needed()
        box.click(trial=True)
        box.focus()
        box.press_sequentially(option)
        expect(self.page.get_by_role("option").first).to_contain_text(option)
        self.rerun(lambda: box.press("Enter"), f"valget «{option}» i «{label}»")

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
        """Choose an example on Nettverkskart and open it."""
        self.expand(OPEN_SECTION)
        self.select("Eksempel", title)
        self.click(self.button("Åpne eksempelet"), "knappen «Åpne eksempelet»")
        self.expect_replaced(f"Åpnet eksempelet «{title}»")

    def expect_replaced(self, notice: str) -> None:
        """After an action that replaces the open case or map: wait for its ``notice``.

        A tab that holds unsaved work asks first (exactly then); the run has ended with
        either the question or the notice on screen, and the question is answered with
        «Forkast endringene og gå videre», as the test means to replace the work."""
        question = self.button(DISCARD)
        notice_box = self.page.get_by_test_id("stAlertContentSuccess").filter(
            has_text=text_pattern(notice)
        )
        expect(question.or_(notice_box).first).to_be_visible()
        if question.is_visible():
            self.click(question, f"knappen «{DISCARD}»")
        self.expect_alert("Success", notice)

    def type_and_enter(self, field: Locator, value: str, what: str = "") -> str:
        """Fill a text field and press Enter; wait for the run only if the value changed.

        Returns the value the field holds (the browser and Streamlit may refuse or
        change what was typed: newlines dropped, text over ``max_chars`` ignored).
        """
        before = field.input_value()
        field.fill(value)
        now = field.input_value()
        if now == before:
            field.press("Enter")  # an unchanged value runs nothing
        else:
            self.rerun(lambda: field.press("Enter"), what or f"Enter i feltet {value[:30]!r}")
        return now

    # ---- messages -----------------------------------------------------------------

    def expect_alert(self, kind: str, text: str) -> None:
        """Wait until an alert of ``kind`` (Error, Success, Info, Warning) shows ``text``,
        then until the run that shows it has ended."""
        alert = self.page.get_by_test_id(f"stAlertContent{kind}").filter(
            has_text=text_pattern(text)
        )
        try:
            expect(alert.first).to_be_visible(timeout=RUN_TIMEOUT_MS)
        except AssertionError:
            raise AssertionError(
                f"ventet melding «{text}» ({kind}); fikk {self.alerts(kind)}; "
                f"feil: {self.alerts('Error')}"
            ) from None
        self.wait_for_app_run()

    def alerts(self, kind: str) -> list[str]:
        """Text of the visible alerts of one kind: Error, Success, Info or Warning."""
        boxes = self.page.get_by_test_id(f"stAlertContent{kind}").get_by_test_id(
            "stMarkdownContainer"
        )
        # Without the invisible word joiners ui.plain puts where Markdown would link.
        return [t.replace(WORD_JOINER, "").strip() for t in boxes.all_inner_texts()]

    def exceptions(self) -> list[str]:
        return self.page.get_by_test_id("stException").all_inner_texts()

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
