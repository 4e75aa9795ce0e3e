"""The 357 municipalities of 2024 and the regional bodies each one belongs to.

``data/municipalities/kommuner_2024.csv`` has one row per municipality: its number, name
and fylke, and for each of politidistrikt, RVTS region and konfliktråd the body's name,
how sure the assignment is (``high``, ``medium`` or ``low``), why (a Norwegian sentence)
and where it comes from. Low confidence is never hidden: :func:`confidence_mark` gives
the words the product shows next to such a fact.

Examples
--------
>>> holmestrand = kommune("3903")
>>> holmestrand.name, holmestrand.fylke, holmestrand.politidistrikt.name
('Holmestrand', 'Vestfold', 'Sør-Øst politidistrikt')
>>> holmestrand.rvts.display()
'RVTS Sør (usikker)'
>>> [k.number for k in search_kommuner("ålesund")]
['1508']
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from graph.reference.datafiles import data_dir
from graph.reference.sources import FOLDER, split_sources

Confidence = Literal["high", "medium", "low"]
CONFIDENCE_LEVELS: tuple[Confidence, ...] = ("high", "medium", "low")
KOMMUNER_FILE = "kommuner_2024.csv"

#: What the product writes beside a fact of each confidence ("" = nothing to flag).
CONFIDENCE_MARKS: dict[str, str] = {"high": "", "medium": "middels sikker", "low": "usikker"}

#: The regional bodies every municipality has, in the order they are shown.
REGIONAL_KINDS: tuple[str, ...] = ("politidistrikt", "rvts", "konfliktrad")
REGIONAL_LABELS = {"politidistrikt": "Politidistrikt", "rvts": "RVTS", "konfliktrad": "Konfliktråd"}
#: The actor type of the catalogue that each regional body is.
REGIONAL_TYPES = {"politidistrikt": "politi", "rvts": "rvts", "konfliktrad": "konfliktrad"}


def confidence_mark(confidence: str) -> str:
    """The words shown beside a fact of this confidence (empty for ``high``).

    Examples
    --------
    >>> confidence_mark("low"), confidence_mark("high")
    ('usikker', '')
    """
    return CONFIDENCE_MARKS[confidence]


@dataclass(frozen=True)
class RegionalFact:
    """Which body of one kind (politidistrikt, RVTS, konfliktråd) a municipality has.

    Attributes
    ----------
    kind : str
        ``politidistrikt``, ``rvts`` or ``konfliktrad``.
    name : str
        The body, for example ``"RVTS Sør"``. Unresolved cases name both candidates
        (``"RVTS Øst eller RVTS Sør"``) and have confidence ``low``.
    confidence : str
        ``high``, ``medium`` or ``low``.
    basis : str
        Why the municipality is placed there, in Norwegian.
    sources : tuple of str
        Where it comes from (see :mod:`graph.reference.sources`).
    """

    kind: str
    name: str
    confidence: Confidence
    basis: str
    sources: tuple[str, ...]

    @property
    def uncertain(self) -> bool:
        """True unless the assignment is of high confidence."""
        return self.confidence != "high"

    @property
    def mark(self) -> str:
        """``"usikker"``, ``"middels sikker"`` or ``""``."""
        return confidence_mark(self.confidence)

    def display(self) -> str:
        """The name with its confidence mark, as shown to people.

        Examples
        --------
        >>> kommune("0301").politidistrikt.display()
        'Oslo politidistrikt'
        """
        return f"{self.name} ({self.mark})" if self.mark else self.name


@dataclass(frozen=True)
class Kommune:
    """One municipality of the 2024 structure."""

    number: str
    name: str
    fylkesnummer: str
    fylke: str
    sources: tuple[str, ...]
    politidistrikt: RegionalFact
    rvts: RegionalFact
    konfliktrad: RegionalFact

    def regional(self) -> tuple[RegionalFact, ...]:
        """The three regional facts, in :data:`REGIONAL_KINDS` order."""
        return (self.politidistrikt, self.rvts, self.konfliktrad)

    def option_label(self) -> str:
        """``"3903 Holmestrand (Vestfold)"``: for lists people search in."""
        return f"{self.number} {self.name} ({self.fylke})"


def _fact(row: dict[str, str], kind: str) -> RegionalFact:
    confidence = row[f"{kind}_confidence"]
    if confidence not in CONFIDENCE_LEVELS:
        raise ValueError(f"{KOMMUNER_FILE}: ukjent sikkerhet {confidence!r} for {row}")
    return RegionalFact(
        kind=kind,
        name=row[kind],
        confidence=confidence,  # type: ignore[arg-type]
        basis=row[f"{kind}_basis"],
        sources=split_sources(row[f"{kind}_source"]),
    )


def parse_kommuner(rows: Iterable[dict[str, str]]) -> dict[str, Kommune]:
    """Build the municipalities from CSV rows, keyed and sorted by number.

    Raises
    ------
    ValueError
        When a number appears twice or a confidence is not high/medium/low.
    """
    found: dict[str, Kommune] = {}
    for row in rows:
        number = row["kommunenummer"]
        if number in found:
            raise ValueError(f"{KOMMUNER_FILE}: kommunenummer {number} står to ganger")
        found[number] = Kommune(
            number=number,
            name=row["kommunenavn"],
            fylkesnummer=row["fylkesnummer"],
            fylke=row["fylke"],
            sources=split_sources(row["source"]),
            politidistrikt=_fact(row, "politidistrikt"),
            rvts=_fact(row, "rvts"),
            konfliktrad=_fact(row, "konfliktrad"),
        )
    return dict(sorted(found.items()))


@lru_cache(maxsize=1)
def load_kommuner() -> dict[str, Kommune]:
    """All municipalities of 2024 by kommunenummer (read once per process)."""
    with (data_dir() / FOLDER / KOMMUNER_FILE).open(encoding="utf-8", newline="") as handle:
        return parse_kommuner(csv.DictReader(handle))


def kommune(number: str) -> Kommune | None:
    """The municipality with this 2024 number, or None."""
    return load_kommuner().get(number)


def _fold(text: str) -> str:
    return text.casefold().strip()


def search_kommuner(query: str) -> list[Kommune]:
    """Municipalities whose number starts with, or whose name contains, ``query``.

    Names with a Sámi or Kven form (``"Harstad - Hárstták"``) match on either part.
    An empty query gives every municipality.

    Examples
    --------
    >>> [k.name for k in search_kommuner("3903")]
    ['Holmestrand']
    >>> [k.number for k in search_kommuner("hárstták")]
    ['5503']
    """
    folded = _fold(query)
    if not folded:
        return list(load_kommuner().values())
    return [
        k
        for k in load_kommuner().values()
        if k.number.startswith(folded) or folded in _fold(k.name)
    ]


def fylker() -> list[str]:
    """The fylker of 2024, in the order of their numbers."""
    seen: dict[str, str] = {}
    for k in load_kommuner().values():
        seen.setdefault(k.fylkesnummer, k.fylke)
    return [seen[number] for number in sorted(seen)]


def politidistrikter() -> list[str]:
    """The police districts, sorted by name."""
    return sorted({k.politidistrikt.name for k in load_kommuner().values()})


def candidate_names(name: str) -> tuple[str, ...]:
    """``"RVTS Øst eller RVTS Sør"`` → both names (the reference has not decided); else itself.

    Examples
    --------
    >>> candidate_names("RVTS Øst eller RVTS Sør")
    ('RVTS Øst', 'RVTS Sør')
    """
    return tuple(part.strip() for part in name.split(" eller "))


def regional_names(kind: str) -> list[str]:
    """Every body of one kind (``politidistrikt``, ``rvts``, ``konfliktrad``), sorted by name.

    An undecided assignment («RVTS Øst eller RVTS Sør») counts for each name, never as a
    body of its own.

    Examples
    --------
    >>> regional_names("rvts")
    ['RVTS Midt', 'RVTS Nord', 'RVTS Sør', 'RVTS Vest', 'RVTS Øst']
    >>> len(regional_names("konfliktrad")), len(regional_names("politidistrikt"))
    (12, 12)
    """
    return sorted(
        {name for k in load_kommuner().values() for name in candidate_names(getattr(k, kind).name)}
    )


def in_regions(municipality: Kommune, kind: str, names: Iterable[str]) -> bool:
    """True when the municipality's body of ``kind`` is (or may be) one of ``names``.

    An empty ``names`` means no filter (True). A municipality the reference puts in «X
    eller Y» is in the region of X and in that of Y: a planner for either should see it
    (the confidence mark says it is not certain).

    Examples
    --------
    >>> buskerud = next(k for k in load_kommuner().values() if " eller " in k.rvts.name)
    >>> in_regions(buskerud, "rvts", ["RVTS Sør"]), in_regions(buskerud, "rvts", ["RVTS Nord"])
    (True, False)
    """
    wanted = set(names)
    if not wanted:
        return True
    return not wanted.isdisjoint(candidate_names(getattr(municipality, kind).name))


def region_numbers(
    fylker: Iterable[str] = (),
    politidistrikter: Iterable[str] = (),
    rvts: Iterable[str] = (),
    konfliktrad: Iterable[str] = (),
) -> list[str]:
    """The kommunenummer in every chosen region at once (one of each list; empty = any).

    Examples
    --------
    >>> len(region_numbers()), len(region_numbers(fylker=["Vestfold"]))
    (357, 6)
    >>> "3903" in region_numbers(politidistrikter=["Sør-Øst politidistrikt"], rvts=["RVTS Sør"])
    True
    """
    wanted_fylker = set(fylker)
    chosen = {"politidistrikt": politidistrikter, "rvts": rvts, "konfliktrad": konfliktrad}
    return [
        number
        for number, k in load_kommuner().items()
        if (not wanted_fylker or k.fylke in wanted_fylker)
        and all(in_regions(k, kind, names) for kind, names in chosen.items())
    ]
