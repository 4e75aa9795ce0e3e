"""Count what hostile text turns into in the real app (issue 9, finding 3).

Opens, in Debian's Chromium, a case file whose title, pseudonym and actor labels are the
hostile strings of ``tests/hostile_strings.py`` (the bare addresses included) and a
municipality file whose structure names, actors, contacts and measures are the same
strings; visits every tab of both pages, and counts:

* links (``<a href>``) to an outside host made from that text (all hosts are ``evil…``);
* structure names (radio labels) shown as an image, a link, a formula or formatting;
* requests the browser made to any host but 127.0.0.1 (the browser is kept offline).

Run: ``.venv/bin/python -m benchmarks.hostile_links`` (needs /usr/bin/chromium).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser.helpers import (
    CHROMIUM,
    CHROMIUM_FLAGS,
    OPEN_SECTION,
    AppPage,
    Guard,
    StreamlitServer,
)
from tests.browser.test_hostile import (
    MARKUP,
    STORABLE,
    hostile_case,
    hostile_municipality,
    url_case,
)

LINKS_JS = """() => [...document.querySelectorAll("a[href]")].map((a) => a.href)
  .filter((h) => /evil/i.test(h) && !h.startsWith(location.origin + "/"))"""


def links(app: AppPage) -> set[str]:
    """Every outside link in the page and its frames, by element (tab, href, index)."""
    found = set()
    for frame in app.page.frames:
        for index, href in enumerate(frame.evaluate(LINKS_JS)):
            found.add((frame.url[:40], href, index))
    return found


def visit(app: AppPage, tabs: list[str], where: str, seen: dict[str, set]) -> None:
    for tab in tabs:
        app.tab(tab)
        seen[f"{where} · {tab}"] = links(app)


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    server = StreamlitServer(
        folder / "server.log", env={"TVERRKART_DB_DIR": str(folder), "TVERRKART_DATABASE_URL": ""}
    )
    server.start()
    seen: dict[str, set] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=list(CHROMIUM_FLAGS)
            )
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            guard = Guard()
            guard.attach(page)
            app = AppPage(page, server.url, guard).open()
            case_tabs = ["Hva mangler?", "Hvem bør involveres?", "Nøkkeltall", "Personen"]
            for name, case in (("saksfil", hostile_case(STORABLE)), ("adresser", url_case())):
                app.expand(OPEN_SECTION)
                app.upload(json.dumps(case, ensure_ascii=False).encode(), f"{name}.json")
                app.expect_alert("Success", f"Åpnet filen «{name}.json».")
                visit(app, case_tabs, f"Nettverkskart ({name})", seen)
            app.go_to("Kommunens aktørkart")
            section = app.expand("last opp en fil")
            data = hostile_municipality()
            app.upload(json.dumps(data, ensure_ascii=False).encode(), "kommune.json", section)
            app.expect_alert("Success", "Åpnet filen «kommune.json».")
            tabs = ["Hva mangler?", "Regionalt og nasjonalt", "Aktører", "Strukturer", "Tiltak"]
            visit(app, tabs, "Kommunens aktørkart", seen)
            labels = page.get_by_test_id("stRadio").get_by_test_id("stWidgetLabel").all()
            own = labels[5:]
            marked = sum(1 for label in own if label.locator(MARKUP).count())
            browser.close()
    finally:
        server.stop()
    total = set().union(*seen.values())
    print(f"Lenker til andre verter laget av brukertekst: {len(total)}")
    for where, found in seen.items():
        print(f"  {where}: {len(found)}")
    print(f"Strukturnavn vist som bilde/lenke/formel/formatering: {marked} av {len(own)}")
    outside = sorted(set(guard.external))
    print(f"Forespørsler til andre verter enn 127.0.0.1: {len(guard.external)} {outside[:5]}")


if __name__ == "__main__":
    main()
