"""Text that a spreadsheet must never read as a formula (CSV and XLSX exports).

A label typed as ``=HYPERLINK("http://…")`` would become a live link, or worse, when a
spreadsheet program opens the file. In CSV, OWASP's advice for CSV injection is
followed: a text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
gets a leading apostrophe, which the spreadsheet shows as plain text
(:func:`as_csv_text`). In XLSX the cell itself says «text» (:func:`text_cell`), so the
text is kept exactly as typed and still never runs.

Examples
--------
>>> as_csv_text('=HYPERLINK("http://evil/")')
'\\'=HYPERLINK("http://evil/")'
>>> as_csv_text("Mor"), as_csv_text("-1"), is_formula_like("@SUM(A1)")
('Mor', "'-1", True)
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""The first characters that make a spreadsheet read a cell as a formula (OWASP)."""


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could read ``text`` as a formula."""
    return text.startswith(FORMULA_STARTS)


def as_csv_text(text: str) -> str:
    """``text`` for a CSV cell: an apostrophe in front when it could be read as a formula."""
    return "'" + text if is_formula_like(text) else text


def text_cell(cell: Any, text: str) -> None:
    """Put ``text`` into an openpyxl cell as text, never as a formula.

    openpyxl stores a string that starts with ``=`` as a formula; the cell's type is set
    back to string, and the style's «quote prefix» tells Excel and LibreOffice to keep it
    text when someone edits the cell.
    """
    cell.value = text
    if isinstance(text, str) and is_formula_like(text):
        cell.data_type = "s"
        cell.quotePrefix = True
