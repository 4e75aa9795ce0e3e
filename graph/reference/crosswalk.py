"""Kommunenummer before 2024, and what they are now (``crosswalk_2020_2024.csv``).

When Viken, Vestfold og Telemark and Troms og Finnmark were split on 1 January 2024,
their municipalities got new numbers, and Ålesund was split into Ålesund and Haram.
People still write the old numbers, so Tverrkart recognises them and says which
number to use instead.

Examples
--------
>>> [(k.number, k.name) for k in successors("1507")]
[('1508', 'Ålesund'), ('1580', 'Haram')]
>>> old_number_hint("3803")
'3803 er et kommunenummer fra før 2024: Tønsberg har nå 3905.'
>>> old_number_hint("1507")
'1507 er et kommunenummer fra før 2024: Ålesund er delt i 1508 Ålesund og 1580 Haram.'
>>> old_number_hint("3903") is None
True
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from graph.reference.datafiles import data_dir
from graph.reference.registry import Kommune, kommune
from graph.reference.sources import FOLDER, split_sources

CROSSWALK_FILE = "crosswalk_2020_2024.csv"


@dataclass(frozen=True)
class Change:
    """One row of the crosswalk: a 2020 number and one 2024 number it became."""

    number_2020: str
    name_2020: str
    number_2024: str
    name_2024: str
    change: str
    """``unchanged``, ``renumbered`` or ``split``."""
    sources: tuple[str, ...]


@lru_cache(maxsize=1)
def load_crosswalk() -> tuple[Change, ...]:
    """Every row of the crosswalk, in file order."""
    with (data_dir() / FOLDER / CROSSWALK_FILE).open(encoding="utf-8", newline="") as handle:
        return tuple(
            Change(
                number_2020=row["kommunenummer_2020"],
                name_2020=row["kommunenavn_2020"],
                number_2024=row["kommunenummer_2024"],
                name_2024=row["kommunenavn_2024"],
                change=row["change"],
                sources=split_sources(row["source"]),
            )
            for row in csv.DictReader(handle)
        )


def successors(number_2020: str) -> list[Kommune]:
    """The 2024 municipalities a 2020 number became (empty when it was no 2020 number)."""
    found = [kommune(c.number_2024) for c in load_crosswalk() if c.number_2020 == number_2020]
    return [k for k in found if k is not None]


def earlier_numbers(number_2024: str) -> list[str]:
    """The 2020 numbers that became ``number_2024`` under another number.

    So a search for a number people still write (3803) finds Tønsberg (3905).

    Examples
    --------
    >>> earlier_numbers("3905"), earlier_numbers("1580"), earlier_numbers("0301")
    (['3803'], ['1507'], [])
    """
    return [
        c.number_2020
        for c in load_crosswalk()
        if c.number_2024 == number_2024 and c.number_2020 != number_2024
    ]


def old_number_hint(number: str) -> str | None:
    """A Norwegian sentence saying what an old (pre-2024) number is now, or None.

    ``None`` when the number is a 2024 number (nothing to say) or was never used.
    """
    if kommune(number) is not None:
        return None
    rows = [c for c in load_crosswalk() if c.number_2020 == number]
    if not rows:
        return None
    start = f"{number} er et kommunenummer fra før 2024: "
    if len(rows) == 1:
        return f"{start}{rows[0].name_2020} har nå {rows[0].number_2024}."
    parts = [f"{c.number_2024} {c.name_2024}" for c in rows]
    return f"{start}{rows[0].name_2020} er delt i {' og '.join(parts)}."


def unknown_number_message(number: str) -> str | None:
    """The validation message for a kommunenummer that is not a 2024 number, or None.

    It names what an old number became, or says where to find the right one.

    Examples
    --------
    >>> print(unknown_number_message("9999"))  # doctest: +ELLIPSIS
    «9999» er ikke et kommunenummer i kommuneinndelingen fra 2024. Velg kommunen ...
    >>> print(unknown_number_message("3803"))
    3803 er et kommunenummer fra før 2024: Tønsberg har nå 3905. Skriv 3905 i stedet.
    """
    if kommune(number) is not None:
        return None
    hint = old_number_hint(number)
    if hint:
        now = successors(number)
        choice = f"Skriv {now[0].number} i stedet." if len(now) == 1 else "Velg det som gjelder."
        return f"{hint} {choice}"
    return (
        f"«{number}» er ikke et kommunenummer i kommuneinndelingen fra 2024. Velg kommunen "
        "på siden Kommunens aktørkart, eller slå opp nummeret hos SSB (Klass 131)."
    )
