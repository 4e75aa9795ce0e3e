"""How many uploads one browser tab gets accepted, and what the server keeps (issue 9, 4).

Starts the app, and in Debian's Chromium uploads 60 files of 4.9 MB one after the other
on «Nettverkskart» (each is refused as a case, but the server receives and keeps it),
then closes the tab. Prints how many were read (not refused for the tab's limits), the
server's resident memory before, after the uploads and some seconds after the tab
closed, and how many bytes Streamlit's upload store still holds is not visible from
outside: the memory figures tell it.

Run: ``.venv/bin/python -m benchmarks.upload_memory [uploads] [seconds after closing]
[bytes per file] [nettverkskart|oversikt]``; with ``oversikt`` all files go in one upload
on «Oversikt» (refused files are counted from the page's messages: «Filen «N.json» ble
ikke lest» names each file that was read and refused as not a municipality file).
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
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

MODE = sys.argv[4] if len(sys.argv) > 4 else "nettverkskart"
"""«nettverkskart»: one file at a time; «oversikt»: all files at once on Oversikt."""
SIZE = int(sys.argv[3]) if len(sys.argv) > 3 else 4_900_000  # under the 5 MB upload limit


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main(uploads: int = 60, wait_s: float = 30.0) -> None:
    folder = Path(tempfile.mkdtemp())
    server = StreamlitServer(
        folder / "server.log", env={"TVERRKART_DB_DIR": str(folder), "TVERRKART_DATABASE_URL": ""}
    )
    server.start()
    assert server.process is not None
    pid = server.process.pid
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=list(CHROMIUM_FLAGS)
            )
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            app = AppPage(page, server.url, Guard()).open()
            start = rss_mb(pid)
            app.expand(OPEN_SECTION)
            read = refused = 0
            began = time.perf_counter()
            if MODE == "oversikt":  # all files in one go, in the multi-file uploader
                app.go_to("Oversikt")
                field = page.get_by_test_id("stFileUploaderDropzoneInput").first
                batch = [folder / f"{n}.json" for n in range(uploads)]
                for path in batch:
                    path.write_bytes(b" " * SIZE)
                app.rerun(lambda: field.set_input_files(batch), "opplasting")
                app.quiet(2_000)
                # Files read (and found not to be municipality files): one message each
                # for the first ten, then «N filer til ble ikke lest».
                text = " ".join(app.alerts("Error"))
                more = re.search(r"(\d+) filer til ble ikke lest", text)
                read = sum(f"«{n}.json»" in text for n in range(uploads))
                read += int(more.group(1)) if more else 0
                refused = uploads - read
            for number in range(uploads if MODE != "oversikt" else 0):
                app.upload(b" " * SIZE, f"{number}.json")
                app.expect_alert("Error", f"Filen «{number}.json» ble ikke åpnet")
                text = " ".join(t for t in app.alerts("Error") if f"«{number}.json»" in t)
                if "i denne fanen" in text:
                    refused += 1
                else:
                    read += 1
            spent = time.perf_counter() - began
            loaded = rss_mb(pid)
            page.close()
            browser.close()
        time.sleep(wait_s)  # what the server still holds a while after the tab closed
        after = rss_mb(pid)
    finally:
        server.stop()
    print(f"{uploads} opplastinger à {SIZE / 1e6:.1f} MB på {spent:.1f} s")
    print(f"  lest: {read}, avvist for fanens grense: {refused}")
    print(f"  serverens minne (RSS): {start:.0f} MB før, {loaded:.0f} MB etter opplastingene,")
    print(f"  {after:.0f} MB {wait_s:.0f} s etter at fanen ble lukket")


if __name__ == "__main__":
    args = sys.argv[1:]
    main(int(args[0]) if args else 60, float(args[1]) if len(args) > 1 else 30.0)
