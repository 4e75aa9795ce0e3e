"""An ``st.data_editor`` driven through its grid's accessible cells and the keyboard.

The editor is glide-data-grid: it paints on a canvas, and keeps an accessible copy of the
cells in view inside it, a ``<table role=grid>`` whose cells are
``<td role=gridcell data-testid="glide-cell-{column}-{row}">`` with ``aria-colindex``,
``aria-selected`` and the cell's text; its rows carry ``aria-rowindex`` (2 = the first
data row). Focusing such a cell selects it; the keyboard does the rest, as for a person:
Enter opens the cell's editor, Enter again saves it and moves down. No pixel position is
ever clicked, and every step checks the grid's own state (which cell is selected, how
many rows it has) before the next one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from playwright.sync_api import Locator, expect

TEXT_EDITOR = "textarea.gdg-input"
DROPDOWN_EDITOR = "input[id^=react-select][role=combobox]"
IN_FORM = "xpath=ancestor::*[@data-testid='stForm']"


class DataEditor:
    """The first ``st.data_editor`` inside ``scope``; columns are named by their header."""

    def __init__(self, app, scope: Locator) -> None:
        self.app = app
        self.page = app.page
        self.frame = scope.get_by_test_id("stDataFrame").first
        self.canvas = self.frame.get_by_test_id("data-grid-canvas")
        self.grid = self.frame.locator("table[role=grid]")

    # ---- the grid's state ---------------------------------------------------------

    def rows(self) -> int:
        """Data rows in the table (``aria-rowcount`` counts the header row too)."""
        expect(self.grid).to_be_attached()
        return int(self.grid.get_attribute("aria-rowcount") or 1) - 1

    def column(self, title: str | int) -> str:
        """The ``aria-colindex`` of the column headed ``title`` (or of the ``title``-th
        data column from 0, not counting the row markers, when it is a number)."""
        if isinstance(title, int):
            headers = self.grid.locator("th[role=columnheader]").filter(has_text=re.compile(r"\S"))
            expect(headers.nth(title)).to_be_attached()
            return headers.nth(title).get_attribute("aria-colindex") or ""
        header = self.grid.locator("th[role=columnheader]").filter(
            has_text=re.compile(f"^{re.escape(title)}$")
        )
        expect(header).to_have_count(1)
        return header.get_attribute("aria-colindex") or ""

    def cell(self, row: int, title: str | int) -> Locator:
        """The accessible cell of data row ``row`` (from 0) in the column ``title``."""
        column = self.column(title)
        return self.grid.locator(f'tr[aria-rowindex="{row + 2}"] > td[aria-colindex="{column}"]')

    # ---- moving and editing -------------------------------------------------------

    def reruns(self) -> bool:
        """Whether an edit reruns the script: a table outside a form sends its edits to
        Streamlit (150 ms after the last one), and that starts a run."""
        return not self.frame.locator(IN_FORM).count()

    def _commit(self, action: Callable[[], object], changed: bool, what: str) -> None:
        """Do ``action`` (a key that commits an edit); if the edit changes the table and
        the table reruns the script, wait for that run. An edit that changes nothing
        sends nothing, so no run is waited for."""
        if changed and self.reruns():
            self.app.rerun(action, what)
        else:
            action()

    def add_rows(self, count: int) -> None:
        """Add ``count`` empty rows with the toolbar's «Add row» and wait until they exist
        (and, for a table outside a form, until the run each new row starts has ended)."""
        add = self.frame.get_by_role("button", name="Add row")
        for _ in range(count):
            before = self.rows()
            # A synthetic click: the toolbar shows on hover, and the grid's scroller may
            # lie over it.
            self._commit(lambda: add.dispatch_event("click"), True, "ny rad i tabellen")
            expect(self.grid).to_have_attribute("aria-rowcount", str(before + 2))

    def go_to(self, row: int, title: str | int) -> None:
        """Select the cell of row ``row`` in the column ``title``.

        Focusing the grid selects a cell; focusing an accessible cell selects that one.
        The accessible table holds only the rows in view, so the cell is reached from the
        first row in view of its column with the arrow keys (the grid scrolls along).
        """
        column = self.column(title)
        self.canvas.focus()
        start = self.grid.locator(f'td[role=gridcell][aria-colindex="{column}"]').first
        expect(start).to_be_attached()
        first_row = int(start.locator("xpath=..").get_attribute("aria-rowindex") or 2) - 2
        start.focus()
        expect(start).to_have_attribute("aria-selected", "true")
        key = "ArrowDown" if row >= first_row else "ArrowUp"
        for _ in range(abs(row - first_row)):
            self.page.keyboard.press(key)
        target = self.cell(row, title)
        expect(target).to_have_attribute("aria-selected", "true")
        # Keys go to the grid itself from here: the accessible copy drops the cells that
        # scroll out of view, and a focused cell that is dropped would take the focus along.
        self.canvas.focus()
        expect(target).to_have_attribute("aria-selected", "true")

    def type_down(self, row: int, title: str | int, texts: Iterable[str]) -> None:
        """Write ``texts`` into one column, one row after another, from ``row`` down."""
        editor = self.page.locator(TEXT_EDITOR)
        for offset, text in enumerate(texts):
            self.go_to(row + offset, title)
            before = self.cell(row + offset, title).inner_text()
            self.page.keyboard.press("Enter")
            expect(editor).to_be_editable()
            editor.fill(text)
            # Enter saves the cell and moves to the row below.
            self._commit(lambda: self.page.keyboard.press("Enter"), text != before, "en celle")
            expect(editor).to_have_count(0)

    def choose_down(self, row: int, title: str | int, options: Iterable[str]) -> None:
        """Pick ``options`` in a dropdown column, one row after another, from ``row`` down."""
        menu = self.page.locator(DROPDOWN_EDITOR)
        for offset, option in enumerate(options):
            self.go_to(row + offset, title)
            before = self.cell(row + offset, title).inner_text()
            self.page.keyboard.press("Enter")
            expect(menu).to_be_visible()
            self.page.keyboard.type(option)
            expect(self.page.get_by_role("option").first).to_be_visible()
            self._commit(lambda: self.page.keyboard.press("Enter"), option != before, "et valg")
            expect(menu).to_have_count(0)

    def open_dropdown(self, row: int, title: str | int) -> Locator:
        """Open the dropdown of one cell and return its options (Escape closes it)."""
        self.go_to(row, title)
        self.page.keyboard.press("Enter")
        options = self.page.get_by_role("option")
        expect(options.first).to_be_visible()
        return options

    def close_dropdown(self) -> None:
        """Close an open dropdown and its cell editor with Escape, as a person would.

        The first Escape closes the menu, the second the cell's editor (glide-data-grid's
        overlay, which would otherwise take the next click outside the grid)."""
        self.page.keyboard.press("Escape")
        expect(self.page.locator(DROPDOWN_EDITOR)).to_have_count(0)
        overlay = self.page.get_by_test_id("portal").locator(".gdg-clip-region")
        if overlay.count():
            self.page.keyboard.press("Escape")
            expect(overlay).to_have_count(0)

    def flush(self, row: int, title: str | int) -> None:
        """Make the grid send its edits to Streamlit now (a table in a form; a table
        outside one has sent each edit already, see :meth:`_commit`).

        The grid sends edits 150 ms after the last one (a debounce), except when an
        editor is closed by a click outside the grid, which sends them at once: a
        person clicking «Lagre» right after typing is covered, a test typing Enter and
        then clicking «Lagre» within 150 ms is not. So: open the editor of one cell and
        close it by clicking outside (the page's heading), as a person would.
        """
        if self.reruns():
            return
        self.go_to(row, title)
        self.page.keyboard.press("Enter")
        overlay = self.page.locator(f"{TEXT_EDITOR}, {DROPDOWN_EDITOR}")
        expect(overlay.first).to_be_visible()
        self.page.locator("h1").first.click()
        expect(overlay).to_have_count(0)
