"""Start the Tverrkart app: ``python scripts/serve.py [streamlit options]``.

This is ``streamlit run app.py`` with one difference. Streamlit treats a folder named
``pages/`` as legacy multipage navigation until ``st.navigation`` has run once in the
process, so on a fresh server a first visit straight to a page address (a bookmark to
``/aktorkart``) showed "Page not found" before app.py's navigation took over. app.py
declares every page with ``st.navigation``, so we tell Streamlit that up front.
"""

from __future__ import annotations

import sys
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

APP = Path(__file__).resolve().parent.parent / "app.py"


def main(argv: list[str]) -> int:
    """Run the app with the given Streamlit options; returns the exit code."""
    PagesManager.uses_pages_directory = False
    return cli.main(["run", str(APP), *argv], standalone_mode=False) or 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
