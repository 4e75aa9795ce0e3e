"""Reading an uploaded workbook safely and within bounds (for :mod:`.xlsx_in`).

An uploaded ``.xlsx`` is a zip of XML files from anyone, so before openpyxl sees it:

- the file may be at most :data:`MAX_WORKBOOK_BYTES`, and the zip may unpack to at most
  :data:`MAX_UNPACKED_BYTES` in at most :data:`MAX_MEMBERS` files (a zip bomb is refused
  from its directory, before anything is unpacked);
- openpyxl parses the XML with defusedxml (installed with the project, and openpyxl uses
  it when it is there), so entity expansion («billion laughs») and outside entities are
  refused;
- sheets are read in openpyxl's read-only (streaming) mode, at most
  :data:`MAX_COLUMNS` columns, and reading stops one row after the caller's limit, so a
  sheet with a million rows costs no more than one with the limit.

Every failure becomes a :class:`SheetProblem` in Norwegian, naming sheet, row and column
where there is one.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graph.format.messages import visible

MAX_WORKBOOK_BYTES = 10 * 1024 * 1024
"""An uploaded workbook (10 MB: a full 1,000-actor, 5,000-tie case is far smaller)."""
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_MEMBERS = 1_000
MAX_COLUMNS = 40
MAX_EMPTY_ROWS = 10_000
"""Empty rows skipped in one sheet before reading stops (a sheet can claim a million)."""


@dataclass(frozen=True)
class SheetProblem:
    """One thing wrong with a workbook: where (sheet, row, column) and what, in Norwegian.

    It answers like :class:`graph.format.messages.Problem` (``message``,
    :meth:`friendly_location`, :meth:`as_line`), so the pages and the command line show
    it the same way.

    >>> SheetProblem("Aktører", 4, "Type", "mangler").as_line("liste.xlsx")
    'liste.xlsx: ark «Aktører», rad 4, kolonne «Type»: mangler'
    """

    sheet: str | None
    row: int | None
    column: str | None
    message: str
    outside: str = ""
    """Where, when the problem is not in the workbook (``kommunefilen → Tiltak nr. 2``)."""

    @property
    def location(self) -> tuple:
        """``(sheet, row, column)`` with the parts that are known."""
        return tuple(p for p in (self.sheet, self.row, self.column) if p is not None)

    def friendly_location(self) -> str:
        """Where, in words: ``Ark «Aktører», rad 4, kolonne «Type»``."""
        parts = []
        if self.sheet is not None:
            parts.append(f"ark «{self.sheet}»")
        if self.row is not None:
            parts.append(f"rad {self.row}")
        if self.column is not None:
            parts.append(f"kolonne «{self.column}»")
        text = ", ".join(parts) or self.outside or "hele arbeidsboken"
        return text[0].upper() + text[1:]

    def as_line(self, prefix: str = "") -> str:
        """One terminal-safe line: ``prefix: ark «…», rad …, kolonne «…»: message``."""
        where = self.friendly_location()
        where = where[0].lower() + where[1:]
        start = f"{prefix}: " if prefix else ""
        return visible(f"{start}{where}: {self.message}")


class WorkbookRefusedError(ValueError):
    """The workbook could not be read at all; ``problems`` says why."""

    def __init__(self, problems: list[SheetProblem]):
        super().__init__("; ".join(p.as_line() for p in problems))
        self.problems = problems


def _refuse(message: str) -> WorkbookRefusedError:
    return WorkbookRefusedError([SheetProblem(None, None, None, message)])


def _check_zip(data: bytes) -> None:
    if len(data) > MAX_WORKBOOK_BYTES:
        raise _refuse(
            f"filen er {len(data) // (1024 * 1024)} MB; Tverrkart leser regneark på høyst "
            f"{MAX_WORKBOOK_BYTES // (1024 * 1024)} MB. Del listen opp, eller fjern det som "
            "ikke trengs."
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _refuse(
            "filen er ikke en Excel-arbeidsbok (.xlsx). Lagre regnearket som «Excel-"
            "arbeidsbok (.xlsx)» og last det opp på nytt."
        ) from None
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
        raise _refuse(
            "arbeidsboken pakker seg ut til mer enn Tverrkart leser (den kan være laget for "
            "å sprenge minnet). Lagre listen på nytt i et vanlig regneark."
        )


def open_workbook(data: bytes) -> Any:
    """Check the zip and open the workbook read-only (values, not formulas).

    Raises
    ------
    WorkbookRefusedError
        When the file is too large, not a workbook, or holds XML Tverrkart refuses.
    """
    _check_zip(data)
    from openpyxl import load_workbook  # imported here: only the import needs it

    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl, zipfile and defusedxml all raise their own
        if _defused(error):
            raise _refuse(
                "arbeidsboken inneholder XML-definisjoner (DTD eller entiteter) som Tverrkart "
                "av sikkerhetsgrunner ikke leser. Lagre den på nytt som «Excel-arbeidsbok "
                "(.xlsx)» i et vanlig regneark."
            ) from None
        raise _refuse(
            "arbeidsboken kan ikke leses; den er skadet eller ikke laget som en vanlig "
            "Excel-arbeidsbok. Lagre den på nytt som «Excel-arbeidsbok (.xlsx)»."
        ) from None


def _defused(error: BaseException | None) -> bool:
    """Whether defusedxml refused some XML on the way to ``error`` (openpyxl wraps it)."""
    from defusedxml import DefusedXmlException

    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, DefusedXmlException):
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


def cell_text(value: Any) -> str:
    """A cell's value as text: whole numbers without ``.0``, dates as ISO dates.

    >>> cell_text(3.0), cell_text(dt.datetime(2026, 9, 1)), cell_text(None), cell_text(" Mor ")
    ('3', '2026-09-01', '', 'Mor')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ja" if value else "Nei"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


@dataclass(frozen=True)
class SheetRows:
    """A sheet's header (as typed) and its non-empty rows as ``(row number, cells)``."""

    name: str
    header: tuple[str, ...]
    rows: list[tuple[int, tuple[str, ...]]]
    too_many: bool
    """True when the sheet has more rows than the caller's limit (reading stopped)."""


def read_rows(sheet: Any, limit: int) -> SheetRows:
    """The header and at most ``limit`` non-empty rows of a sheet, as text.

    Reading stops at the first row past the limit, or after :data:`MAX_EMPTY_ROWS`
    empty rows more than the limit; ``too_many`` says so.
    """
    rows: list[tuple[int, tuple[str, ...]]] = []
    header: tuple[str, ...] = ()
    too_many = False
    lines: Iterator = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
    for number, values in enumerate(lines, start=1):
        if number > limit + MAX_EMPTY_ROWS + 1:
            too_many = True
            break
        cells = tuple(cell_text(v) for v in values)
        if not any(cells):
            continue
        if not header:
            header = cells
            continue
        if len(rows) == limit:
            too_many = True
            break
        rows.append((number, cells))
    return SheetRows(sheet.title, header, rows, too_many)
