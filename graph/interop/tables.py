"""A case as tables: the rows every spreadsheet-like export shares (XLSX, CSV, PDF).

Each function returns a :class:`Table`: a Norwegian sheet name, column names and rows
of plain values (text, whole numbers or empty), in the order of the file. The case's
own sheets («Sak», «Aktører», «Bånd») hold everything a case file holds in columns the
spreadsheet import reads back (:mod:`graph.interop.xlsx_in`), so a workbook round trip
keeps the case; «Mangler» and «Trinn» come from the analysis.

Examples
--------
>>> from graph.format.validation import validate_case
>>> case = validate_case({"format": "tverrkart-case/1", "person": {"alias": "A"},
...     "actors": [{"id": "mor", "label": "Mor", "type": "foresatte", "closeness": 1}],
...     "ties": [{"from": "person", "to": "mor", "kind": "support"}]})
>>> actors_table(case).rows
[('mor', 'Mor', 'Foresatte', 1, '', '', '', '')]
>>> ties_table(case).rows[0][:4]
('person', 'mor', 'Støtte', None)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph.format.model import Case
from graph.reference.catalogue import Catalogue, load_catalogue
from graph.reference.vocabulary import (
    LEVEL_LABELS,
    legal_basis_label,
    role_label,
    situation_label,
    step_status_label,
    tie_kind_label,
)

Cell = str | int | None

YES, NO = "Ja", "Nei"
LIST_SEPARATOR = "; "
"""Between the situation labels in one cell (labels may hold commas)."""

CASE_SHEET = "Sak"
ACTORS_SHEET = "Aktører"
TIES_SHEET = "Bånd"
GAPS_SHEET = "Mangler"
STEPS_SHEET = "Trinn"

CASE_FIELDS = ("Tittel", "Alias", "Alder", "Situasjon", "Kommune", "Ønsker individuell plan")
ACTOR_COLUMNS = ("ID", "Navn", "Type", "Nærhet", "Koordinator", "Rolle", "Kontakt", "Merknad")
TIE_COLUMNS = (
    "Fra",
    "Til",
    "Type bånd",
    "Styrke",
    "Deler opplysninger",
    "Rettslig grunnlag",
    "Merknad om lovhjemmel",
    "Samtykke gitt av",
    "Samtykkedato",
    "Samtykkets omfang",
    "Samtykke utløper",
)
GAP_COLUMNS = ("Nivå", "Mangler", "Begrunnelse", "Kilde", "Regel")
STEP_COLUMNS = ("ID", "Trinn", "Rutine", "Status", "Dato", "Ansvarlig", "Merknad", "Kilde")
CONSENT_GIVERS = {"person": "Personen", "foresatte": "Foresatte"}


@dataclass(frozen=True)
class Table:
    """One sheet: its name, its column names and its rows (plain values)."""

    name: str
    columns: tuple[str, ...]
    rows: list[tuple[Cell, ...]]


def yes_no(value: bool | None) -> str:
    """``Ja``, ``Nei`` or empty (not stated).

    >>> yes_no(True), yes_no(False), yes_no(None)
    ('Ja', 'Nei', '')
    """
    return "" if value is None else (YES if value else NO)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def case_table(case: Case) -> Table:
    """The «Sak» sheet: one field per row (title, alias, age, situation, …)."""
    person = case.person
    values: tuple[Cell, ...] = (
        case.title,
        person.alias,
        person.age,
        LIST_SEPARATOR.join(situation_label(flag) for flag in person.situation),
        case.municipality or "",
        yes_no(person.wants_individual_plan),
    )
    return Table(CASE_SHEET, ("Felt", "Verdi"), list(zip(CASE_FIELDS, values, strict=True)))


def actors_table(case: Case, catalogue: Catalogue | None = None) -> Table:
    """The «Aktører» sheet: one actor per row, as in the file."""
    catalogue = catalogue or load_catalogue()
    rows = []
    for actor in case.actors:
        extra = actor.model_extra or {}
        rows.append(
            (
                actor.id,
                actor.label,
                catalogue.label(actor.type),
                actor.closeness,
                YES if actor.coordinator else "",
                role_label(actor.role) if actor.role else "",
                _text(extra.get("contact")),
                _text(extra.get("note")),
            )
        )
    return Table(ACTORS_SHEET, ACTOR_COLUMNS, rows)


def ties_table(case: Case) -> Table:
    """The «Bånd» sheet: one tie per row, with its sharing, basis and consent."""
    rows = []
    for tie in case.ties:
        consent = tie.consent
        rows.append(
            (
                tie.source,
                tie.target,
                tie_kind_label(tie.kind),
                tie.strength,
                yes_no(tie.info_sharing),
                legal_basis_label(tie.legal_basis) if tie.legal_basis else "",
                tie.legal_basis_note or "",
                CONSENT_GIVERS[consent.given_by] if consent else "",
                (consent.date or "") if consent else "",
                consent.scope if consent else "",
                (consent.expires or "") if consent else "",
            )
        )
    return Table(TIES_SHEET, TIE_COLUMNS, rows)


def gaps_table(analysis: dict) -> Table:
    """The «Mangler» sheet: what the guidance asks for that the network lacks."""
    rows = [
        (LEVEL_LABELS[gap["level"]], gap["label"], gap["reason"], gap["source"], gap["rule"])
        for gap in analysis.get("gaps", [])
    ]
    return Table(GAPS_SHEET, GAP_COLUMNS, rows)


def steps_table(analysis: dict) -> Table:
    """The «Trinn» sheet: the handling steps for this profile, with status and source."""
    rows = [
        (
            step["id"],
            step["title"],
            step.get("routine", ""),
            step_status_label(step["status"]),
            step.get("date") or "",
            step.get("responsible") or "",
            step.get("note") or "",
            step.get("source", ""),
        )
        for step in analysis.get("steps", [])
    ]
    return Table(STEPS_SHEET, STEP_COLUMNS, rows)


def case_tables(case: Case, analysis: dict, catalogue: Catalogue | None = None) -> list[Table]:
    """Every sheet of a case workbook, in order."""
    return [
        case_table(case),
        actors_table(case, catalogue),
        ties_table(case),
        gaps_table(analysis),
        steps_table(analysis),
    ]
