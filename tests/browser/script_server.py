"""A small Streamlit script of a test's own, served as the app serves its pages.

The editable-map tests (``test_map_editor.py``, ``test_map_inplace.py``) each draw the
map from a few lines of script, so they can read the case as text under it. This module
starts such a script on a free loopback port with the map's scripts in its own
``static/`` folder (:func:`graph.render.assets.ensure_static_copy`), and opens it in a
new page as the ``app`` fixture opens the app.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from graph.render.assets import ensure_static_copy
from tests.server_support import LOOPBACK, ROOT, free_port, wait_healthy

from .helpers import AppPage, Guard


class ScriptServer:
    """Streamlit serving ``script`` (as ``name``) from ``folder`` on a free loopback port."""

    def __init__(self, folder: Path, script: str, name: str) -> None:
        self.port = free_port()
        self.log_path = folder / "server.log"
        (folder / name).write_text(script, encoding="utf-8")
        ensure_static_copy(folder / "static")
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "streamlit",
                    "run",
                    name,
                    "--server.port",
                    str(self.port),
                    "--server.address",
                    LOOPBACK,
                    "--server.headless",
                    "true",
                    "--server.enableStaticServing",
                    "true",
                    "--server.fileWatcherType",
                    "none",
                    "--browser.gatherUsageStats",
                    "false",
                ],
                cwd=folder,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"},
            )
        wait_healthy(self.port, self.process, self.log_path)

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def script_tab(server: ScriptServer, shared_context) -> Iterator[AppPage]:
    """The script in a new page (a new session), loaded and idle; the guard is checked
    after the test (the body of a test module's page fixture)."""
    guard = Guard()
    page = shared_context.new_page()
    guard.attach(page)
    page.set_default_timeout(30_000)
    tab = AppPage(page, server.url, guard)
    tab.open()
    yield tab
    page.close()
    problems = guard.problems()
    if "Traceback" in server.log():
        problems.append("serveren logget en feil:\n" + server.log()[-4000:])
    assert not problems, "\n".join(problems)
