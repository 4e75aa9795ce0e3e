"""Many municipalities side by side: the tables behind the page «Oversikt».

The page reads many municipality files, computes each one's coverage once, and then
filters, sorts and summarises them on every rerun. Everything that needs more than a
lookup happens here, on plain data, so the page stays thin and quick.

Examples
--------
>>> from graph.municipality.files import shipped_files
>>> from graph.municipality.coverage import compute_coverage
>>> entries = [Entry("holmestrand.json", compute_coverage(f.municipality))
...            for f in shipped_files()]
>>> table = overview_frame(entries)
>>> list(table["Kommune"]), list(table["Dekning"])
(['Holmestrand'], [0.83])
>>> first = missing_counts(entries).iloc[0]
>>> first["Punkt"], int(first["Kommuner"]), first["Nivå"]
('Frivillige, tros- og livssynssamfunn og fritid', 1, 'Bør')
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from graph.format.model import MunicipalityFile
from graph.guidance.gaps import level_rank
from graph.municipality.coverage import (
    UNSTATED,
    Coverage,
    CoverageSpec,
    ItemStatus,
    load_coverage_spec,
)
from graph.reference.registry import in_regions
from graph.reference.vocabulary import LEVEL_LABELS

SORT_CHOICES = {
    "lowest": "Lavest dekning først",
    "highest": "Høyest dekning først",
    "number": "Kommunenummer",
    "name": "Navn",
}
STATUS_PRESENT = "Har"
STATUS_MISSING = {level: f"Mangler ({label.lower()})" for level, label in LEVEL_LABELS.items()}
STATUS_UNSTATED = "Ikke oppgitt"
STATUS_ORDER = (STATUS_PRESENT, *STATUS_MISSING.values(), STATUS_UNSTATED)


@dataclass(frozen=True)
class Entry:
    """One loaded municipality file: the file's name, its coverage and (if kept) the file."""

    file: str
    coverage: Coverage
    municipality: MunicipalityFile | None = None
    """The file itself, so a page can open it on «Kommunens aktørkart»."""

    @property
    def fylke(self) -> str:
        """The municipality's fylke ("" when unknown)."""
        return self.coverage.kommune.fylke if self.coverage.kommune else ""

    @property
    def politidistrikt(self) -> str:
        """The municipality's police district ("" when unknown)."""
        return self.coverage.kommune.politidistrikt.name if self.coverage.kommune else ""

    def regional_display(self, kind: str) -> str:
        """The body of ``kind`` with its confidence mark: ``"RVTS Sør (usikker)"``."""
        place = self.coverage.kommune
        return getattr(place, kind).display() if place else ""

    def in_regions(self, kind: str, names: Iterable[str]) -> bool:
        """True when the body of ``kind`` is (or may be) one of ``names`` (empty: True)."""
        place = self.coverage.kommune
        wanted = list(names)
        return not wanted or (place is not None and in_regions(place, kind, wanted))


def row_labels(entries: Sequence[Entry]) -> list[str]:
    """A unique label per entry: ``"3903 Holmestrand"``, with the file name if needed.

    Two files for the same municipality get their file names added, so the heatmap keeps
    them apart.
    """
    base = [f"{e.coverage.kommunenummer} {e.coverage.name}" for e in entries]
    counts = Counter(base)
    return [f"{b} ({e.file})" if counts[b] > 1 else b for b, e in zip(base, entries, strict=True)]


def filter_entries(
    entries: Iterable[Entry],
    fylker: Iterable[str] = (),
    districts: Iterable[str] = (),
    rvts: Iterable[str] = (),
    konfliktrad: Iterable[str] = (),
) -> list[Entry]:
    """The entries in one of each chosen list of regions (an empty list = no filter).

    A municipality the reference places in «X eller Y» is in both X and Y (see
    :func:`graph.reference.registry.in_regions`).
    """
    wanted_fylker = set(fylker)
    chosen = {
        "politidistrikt": list(districts),
        "rvts": list(rvts),
        "konfliktrad": list(konfliktrad),
    }
    return [
        e
        for e in entries
        if (not wanted_fylker or e.fylke in wanted_fylker)
        and all(e.in_regions(kind, names) for kind, names in chosen.items())
    ]


def sort_entries(entries: Iterable[Entry], order: str) -> list[Entry]:
    """Sort by one of :data:`SORT_CHOICES` (ties broken by kommunenummer, then file).

    Raises
    ------
    KeyError
        For an unknown ``order``.
    """
    keys = {
        "lowest": lambda e: (e.coverage.score, e.coverage.kommunenummer, e.file),
        "highest": lambda e: (-e.coverage.score, e.coverage.kommunenummer, e.file),
        "number": lambda e: (e.coverage.kommunenummer, e.file),
        "name": lambda e: (e.coverage.name.casefold(), e.coverage.kommunenummer, e.file),
    }
    return sorted(entries, key=keys[order])


def overview_frame(entries: Sequence[Entry]) -> pd.DataFrame:
    """One row per municipality: where it is, its score and what it lacks, by level."""
    rows = []
    for entry in entries:
        result = entry.coverage
        missing = Counter(s.item.level for s in result.missing())
        answers = result.structure_counts()
        plan = next((n.until for n in result.notices if n.kind == "plan_expired"), None)
        rows.append(
            {
                "Nr": result.kommunenummer,
                "Kommune": result.name,
                "Fylke": entry.fylke,
                "Politidistrikt": entry.regional_display("politidistrikt"),
                "RVTS": entry.regional_display("rvts"),
                "Konfliktråd": entry.regional_display("konfliktrad"),
                "Dekning": round(result.score, 2),
                "Mangler (må)": missing["must"],
                "Mangler (bør)": missing["should"],
                "Mangler (kan)": missing["may"],
                "Strukturer": f"{answers['ja']} av {sum(answers.values())}",
                "Ikke oppgitt": answers[UNSTATED],
                "Merknad": f"Handlingsplanen gikk ut {plan[:4]}" if plan else "",
                "Fil": entry.file,
            }
        )
    columns = [
        "Nr",
        "Kommune",
        "Fylke",
        "Politidistrikt",
        "RVTS",
        "Konfliktråd",
        "Dekning",
        "Mangler (må)",
        "Mangler (bør)",
        "Mangler (kan)",
        "Strukturer",
        "Ikke oppgitt",
        "Merknad",
        "Fil",
    ]
    return pd.DataFrame(rows, columns=columns)


def _status_text(status: ItemStatus) -> str:
    if status.covered:
        return STATUS_PRESENT
    return STATUS_UNSTATED if status.unstated else STATUS_MISSING[status.item.level]


def status_frame(entries: Sequence[Entry]) -> pd.DataFrame:
    """Long table for the heatmap: one row per municipality and item, with its status.

    Columns: ``Kommune`` (unique label), ``Punkt`` (item title), ``Art`` (Aktør /
    Struktur), ``Status`` (Har, or Mangler with the level), ``Nivå``, ``Rad`` and
    ``Kolonne`` (positions that keep the chosen order).
    """
    rows = []
    for row, (label, entry) in enumerate(zip(row_labels(entries), entries, strict=True)):
        for column, status in enumerate(entry.coverage.statuses):
            item = status.item
            rows.append(
                {
                    "Kommune": label,
                    "Punkt": item.title,
                    "Art": "Aktør" if item.kind == "actor" else "Struktur",
                    "Status": _status_text(status),
                    "Nivå": LEVEL_LABELS[item.level],
                    "Rad": row,
                    "Kolonne": column,
                }
            )
    return pd.DataFrame(
        rows, columns=["Kommune", "Punkt", "Art", "Status", "Nivå", "Rad", "Kolonne"]
    )


def missing_counts(entries: Sequence[Entry], spec: CoverageSpec | None = None) -> pd.DataFrame:
    """How many of the municipalities lack each item, most often missing first.

    Columns: ``Punkt``, ``Art``, ``Nivå``, ``Kommuner`` (count) and ``Andel`` (share of
    the municipalities, 0–1). Items no municipality lacks are left out. Ties are
    ordered by level (må first), then as in ``coverage.toml``.
    """
    spec = spec or load_coverage_spec()
    counts = Counter(s.item.id for e in entries for s in e.coverage.statuses if not s.covered)
    total = len(entries)
    ranked = sorted(
        enumerate(spec.items),
        key=lambda pair: (-counts[pair[1].id], level_rank(pair[1].level), pair[0]),
    )
    rows = [
        {
            "Punkt": item.title,
            "Art": "Aktør" if item.kind == "actor" else "Struktur",
            "Nivå": LEVEL_LABELS[item.level],
            "Kommuner": counts[item.id],
            "Andel": round(counts[item.id] / total, 3) if total else 0.0,
        }
        for _, item in ranked
        if counts[item.id]
    ]
    return pd.DataFrame(rows, columns=["Punkt", "Art", "Nivå", "Kommuner", "Andel"])
