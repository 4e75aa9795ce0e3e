"""Editing a case through tables: case → rows for the editors, rows → a new case.

The app shows actors and ties in editable tables with Norwegian dropdowns. This
module turns a case into those rows and turns edited rows back into a case *dict*
(the file's JSON), which the caller validates with :mod:`graph.format.validation` before
accepting it. Keys the tables do not show (notes, contacts, unknown keys from a
newer version) are carried over from the previous version of each actor and tie,
so editing never loses data.

Everything here is pure: no Streamlit, no I/O.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from graph.format.messages import Problem
from graph.format.model import PERSON_ID, Case, case_to_dict
from graph.reference.catalogue import Catalogue
from graph.reference.vocabulary import (
    LEGAL_BASES,
    STEP_STATUSES,
    TIE_KINDS,
    closeness_label,
    legal_basis_label,
    step_status_label,
    strength_label,
    tie_kind_label,
)

ACTOR_COLUMNS = ["id", "label", "type", "closeness", "coordinator"]
TIE_COLUMNS = [
    "from",
    "to",
    "kind",
    "strength",
    "info_sharing",
    "legal_basis",
    "legal_basis_note",
]
_UNKNOWN_BASIS = legal_basis_label(None)


def _ring_option(value: int) -> str:
    return f"{value} – {closeness_label(value)}"


CLOSENESS_OPTIONS = [_ring_option(v) for v in (1, 2, 3)]
STRENGTH_OPTIONS = [f"{v} – {strength_label(v)}" for v in (1, 2, 3)]


def type_options(catalogue: Catalogue) -> dict[str, str]:
    """Dropdown text → type key, in catalogue order (labels are unique)."""
    return {actor_type.label: key for key, actor_type in catalogue.types.items()}


def tie_kind_options() -> dict[str, str]:
    """Dropdown text → tie kind."""
    return {tie_kind_label(kind): kind for kind in TIE_KINDS}


def legal_basis_options() -> dict[str, str | None]:
    """Dropdown text → legal basis (``None`` means not stated)."""
    options: dict[str, str | None] = {_UNKNOWN_BASIS: None}
    options.update({legal_basis_label(basis): basis for basis in LEGAL_BASES})
    return options


def actor_choices(case: Case) -> dict[str, str]:
    """Dropdown text → actor id: the actor's label, numbered only where labels repeat.

    Ids are internal and never shown. Two actors called «Lærer» become «Lærer» and
    «Lærer (2)», in the order of the actors table.

    Examples
    --------
    >>> from graph.format.model import Case
    >>> case = Case.model_validate({"format": "tverrkart-case/1", "person": {"alias": "A"},
    ...     "actors": [{"id": "s-1", "label": "Lærer", "type": "skole"},
    ...                {"id": "s-2", "label": "Lærer", "type": "skole"}]})
    >>> actor_choices(case)
    {'Lærer': 's-1', 'Lærer (2)': 's-2'}
    """
    choices: dict[str, str] = {}
    for actor in case.actors:
        text, number = actor.label, 1
        while text in choices:
            number += 1
            text = f"{actor.label} ({number})"
        choices[text] = actor.id
    return choices


def endpoint_options(case: Case) -> dict[str, str]:
    """Dropdown text → actor id (or ``"person"``) for the ends of a tie."""
    options = {f"Personen ({case.person.alias})": PERSON_ID}
    for text, actor_id in actor_choices(case).items():
        options.setdefault(text, actor_id)
    return options


def _reverse(options: Mapping[str, Any]) -> dict[Any, str]:
    return {value: text for text, value in options.items()}


def actors_frame(case: Case, catalogue: Catalogue) -> pd.DataFrame:
    """The actors as rows for the editor (dropdown texts, not keys)."""
    type_text = _reverse(type_options(catalogue))
    rows = [
        {
            "id": actor.id,
            "label": actor.label,
            "type": type_text.get(actor.type, actor.type),
            "closeness": _ring_option(actor.closeness) if actor.closeness else None,
            "coordinator": actor.coordinator,
        }
        for actor in case.actors
    ]
    # Nullable "boolean": a row added in the editor arrives without the checkbox, and
    # a plain bool column cannot hold that gap (pandas will refuse it, not just warn).
    return pd.DataFrame(rows, columns=ACTOR_COLUMNS).astype(
        {
            "id": "object",
            "label": "object",
            "type": "object",
            "closeness": "object",
            "coordinator": "boolean",
        }
    )


def ties_frame(case: Case) -> pd.DataFrame:
    """The ties as rows for the editor (dropdown texts, not keys)."""
    ends = _reverse(endpoint_options(case))
    kinds = _reverse(tie_kind_options())
    bases = _reverse(legal_basis_options())
    rows = [
        {
            "from": ends.get(tie.source),
            "to": ends.get(tie.target),
            "kind": kinds[tie.kind],
            "strength": STRENGTH_OPTIONS[tie.strength - 1] if tie.strength else None,
            "info_sharing": tie.info_sharing,
            "legal_basis": bases[tie.legal_basis] if tie.info_sharing else None,
            "legal_basis_note": tie.legal_basis_note if tie.info_sharing else None,
        }
        for tie in case.ties
    ]
    return pd.DataFrame(rows, columns=TIE_COLUMNS).astype(
        {c: "object" for c in ("from", "to", "kind", "strength", "legal_basis", "legal_basis_note")}
        | {"info_sharing": "boolean"}
    )


STEP_COLUMNS = ["id", "title", "status", "date", "responsible", "note"]
NO_ONE = "Ingen valgt"
"""The responsible-actor choice for a step nobody has taken on yet."""


def step_status_options() -> dict[str, str]:
    """Dropdown text → step status (FORMATS §4.1: ``open``, ``done``, ``not_relevant``)."""
    return {step_status_label(status): status for status in STEP_STATUSES}


def responsible_options(case: Case) -> dict[str, str | None]:
    """Dropdown text → actor id (or ``None``) for who is responsible for a step."""
    options: dict[str, str | None] = {NO_ONE: None}
    options.update(actor_choices(case))
    return options


def steps_frame(case: Case, steps: list[dict[str, Any]]) -> pd.DataFrame:
    """The handling steps that apply to the case, as rows for the editor.

    ``steps`` is ``analysis["steps"]``: the applicable steps in order, with the
    status the case records (``open`` when it records none).
    """
    statuses = _reverse(step_status_options())
    who = _reverse(responsible_options(case))
    rows = [
        {
            "id": step["id"],
            "title": step["title"],
            "status": statuses[step["status"]],
            "date": dt.date.fromisoformat(step["date"]) if step.get("date") else None,
            "responsible": who.get(step.get("responsible"), NO_ONE),
            "note": step.get("note") or "",
        }
        for step in steps
    ]
    return pd.DataFrame(rows, columns=STEP_COLUMNS).astype({c: "object" for c in STEP_COLUMNS})


def _iso_date(value: Any) -> str | None:
    if blank(value):
        return None
    if isinstance(value, dt.datetime | pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)[:10]


def apply_step_rows(
    case_dict: dict[str, Any], rows: list[dict[str, Any]], responsible: Mapping[str, str | None]
) -> dict[str, Any]:
    """Return a new case dict with the steps table's status, date, responsible and note.

    Only steps with something recorded are written; a step of the file that the
    table does not show (its routine no longer applies) is kept as it was.
    ``responsible`` is :func:`responsible_options` of the case the table was built from.
    """
    statuses = step_status_options()
    shown = {str(row["id"]) for row in rows}
    kept = [
        s for s in case_dict.get("steps", []) if isinstance(s, dict) and s.get("id") not in shown
    ]
    written = []
    for row in rows:
        status_text = cell_text(row.get("status"))
        step: dict[str, Any] = {
            "id": str(row["id"]),
            "status": statuses.get(status_text, status_text) if status_text else "open",
        }
        date = _iso_date(row.get("date"))
        who_text = cell_text(row.get("responsible"))
        who = responsible.get(who_text, who_text) if who_text else None
        note = cell_text(row.get("note"))
        if date:
            step["date"] = date
        if who:
            step["responsible"] = who
        if note:
            step["note"] = note
        if step["status"] != "open" or len(step) > 2:
            written.append(step)
    edited = {**case_dict, "steps": kept + written}
    if not edited["steps"]:
        edited.pop("steps")
    return edited


def blank(value: Any) -> bool:
    """True for None, NaN and text that is only spaces (what an empty table cell holds)."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def cell_text(value: Any) -> str | None:
    """The text of a table cell, or None when the cell is empty."""
    return None if blank(value) else str(value)


def _leading_number(value: Any) -> int | None:
    match = re.match(r"\s*([0-9]+)", str(value)) if not blank(value) else None
    return int(match.group(1)) if match else None


def _set_or_drop(
    target: dict[str, Any], key: str, value: Any, default: Any, previous: Mapping[str, Any]
) -> None:
    """Write ``value``; leave a default out unless the file had it written explicitly."""
    if value != default or previous.get(key, object()) == value:
        target[key] = value


ACTOR_REQUIRED = {"label": "skriv et navn eller en rolle", "type": "velg en type i listen"}
"""The actor cells a row cannot do without, and what to do when one is empty."""
TIE_REQUIRED = {
    "from": "velg hvem båndet går fra",
    "to": "velg hvem båndet går til",
    "kind": "velg en type bånd",
}
"""The tie cells a row cannot do without, and what to do when one is empty."""


def _row_words(row: Mapping[str, Any], columns: Iterable[str]) -> str:
    """What a row already holds, so the user can find it: «(«Lærer», Skole)»."""
    filled = [str(row[c]) for c in columns if not blank(row.get(c))]
    return f" (raden med {', '.join(f'«{text}»' for text in filled)})" if filled else ""


def row_problems(
    rows: list[dict[str, Any]], list_name: str, required: Mapping[str, str]
) -> list[Problem]:
    """Every empty required cell of an edited table, each with what to do.

    A table editor lets a user leave a cell empty; such a row must be reported and
    kept, never dropped, so the table is checked before it is taken in. Rows are
    numbered as the table shows them, from the top, and named by what they hold.

    Examples
    --------
    >>> rows = [{"label": "Lærer", "type": None}]
    >>> [p.friendly_location() + ": " + p.message for p in row_problems(rows, "actors",
    ...     ACTOR_REQUIRED)]
    ['Aktør nr. 1 → type: mangler (raden med «Lærer»). Velg en type i listen.']
    """
    problems = []
    for index, row in enumerate(rows):
        for column, todo in required.items():
            if blank(row.get(column)):
                where = _row_words(row, required)
                problems.append(
                    Problem((list_name, index, column), f"mangler{where}. {todo.capitalize()}.")
                )
    return problems


def tie_row_problems(rows: list[dict[str, Any]]) -> list[Problem]:
    """The ties table's empty cells, and a legal basis chosen for a tie that shares nothing.

    A basis without «Deler opplysninger» would be dropped without a word; the user
    is asked to choose instead.

    Examples
    --------
    >>> rows = [{"from": "A", "to": "B", "kind": "Relasjon", "info_sharing": False,
    ...          "legal_basis": "Samtykke"}]
    >>> [p.message for p in tie_row_problems(rows)]  # doctest: +ELLIPSIS
    ['er valgt, men «Deler opplysninger» er ikke krysset av...']
    """
    problems = row_problems(rows, "ties", TIE_REQUIRED)
    for index, row in enumerate(rows):
        basis = cell_text(row.get("legal_basis"))
        sharing = bool(row.get("info_sharing")) and not blank(row.get("info_sharing"))
        if basis and basis != _UNKNOWN_BASIS and not sharing:
            problems.append(
                Problem(
                    ("ties", index, "legal_basis"),
                    "er valgt, men «Deler opplysninger» er ikke krysset av. Kryss av hvis "
                    "opplysninger deles, eller fjern grunnlaget.",
                )
            )
    return problems


def removed_ties(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """The ties an actor edit removes with the actors it deletes, in words.

    Examples
    --------
    >>> before = {"person": {"alias": "A"}, "actors": [{"id": "m", "label": "Mor"}],
    ...           "ties": [{"from": "person", "to": "m", "kind": "relation"}]}
    >>> removed_ties(before, {**before, "actors": [], "ties": []})
    ['båndet Personen – Mor (Relasjon)']
    """
    kept = {(t.get("from"), t.get("to"), t.get("kind")) for t in after.get("ties", [])}
    names = {a.get("id"): a.get("label") or a.get("id") for a in before.get("actors", [])}
    names[PERSON_ID] = "Personen"
    lost = []
    for tie in before.get("ties", []):
        if (tie.get("from"), tie.get("to"), tie.get("kind")) in kept:
            continue
        kind = tie_kind_label(tie.get("kind")) if tie.get("kind") in TIE_KINDS else tie.get("kind")
        source, target = (names.get(tie.get(end), tie.get(end)) for end in ("from", "to"))
        lost.append(f"båndet {source} – {target} ({kind})")
    return lost


def new_actor_id(type_key: str | None, taken: Iterable[str]) -> str:
    """A fresh id for a new actor: its type and a number (``skole-2``).

    Ids never contain the label, which may be more personal than a type.

    Examples
    --------
    >>> new_actor_id("skole", ["skole-1"])
    'skole-2'
    """
    base = type_key or "aktor"
    taken = set(taken)
    number = 1
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def apply_actor_rows(
    case_dict: dict[str, Any], rows: list[dict[str, Any]], catalogue: Catalogue
) -> dict[str, Any]:
    """Return a new case dict whose actors are the edited rows.

    Rows keep their id; new rows (no id) get one from :func:`new_actor_id`. Keys
    that the table does not show are carried over from the old actor with the same
    id. Ties to actors that were removed are removed too, since a tie needs both
    ends. An unknown dropdown text is passed through unchanged, so validation
    reports it instead of it being silently dropped.
    """
    types = type_options(catalogue)
    old = {a["id"]: a for a in case_dict.get("actors", []) if isinstance(a, dict)}
    taken = {str(row["id"]) for row in rows if not blank(row.get("id"))}
    actors = []
    for row in rows:
        type_text = cell_text(row.get("type"))
        type_key = types.get(type_text, type_text) if type_text else None
        actor_id = cell_text(row.get("id"))
        if actor_id is None:
            actor_id = new_actor_id(type_key, taken)
            taken.add(actor_id)
        previous = old.get(actor_id, {})
        actor = {k: v for k, v in previous.items() if k not in ACTOR_COLUMNS}
        actor = {"id": actor_id, "label": cell_text(row.get("label")) or "", **actor}
        actor["type"] = type_key or ""
        _set_or_drop(actor, "closeness", _leading_number(row.get("closeness")), None, previous)
        coordinator = bool(row.get("coordinator")) and not blank(row.get("coordinator"))
        _set_or_drop(actor, "coordinator", coordinator, False, previous)
        actors.append(actor)
    kept_ids = {a["id"] for a in actors} | {PERSON_ID}
    ties = [
        t
        for t in case_dict.get("ties", [])
        if isinstance(t, dict) and t.get("from") in kept_ids and t.get("to") in kept_ids
    ]
    edited = {**case_dict, "actors": actors, "ties": ties}
    if isinstance(case_dict.get("steps"), list):
        # a recorded step keeps its status when its responsible actor is removed (§4.1)
        edited["steps"] = [
            {**step, "responsible": None}
            if isinstance(step, dict) and step.get("responsible") not in (None, *kept_ids)
            else step
            for step in case_dict["steps"]
        ]
    return edited


def apply_tie_rows(
    case_dict: dict[str, Any], rows: list[dict[str, Any]], endpoints: Mapping[str, str]
) -> dict[str, Any]:
    """Return a new case dict whose ties are the edited rows.

    ``endpoints`` is :func:`endpoint_options` of the case the table was built from.
    Unknown keys of a tie are carried over from the tie in the same row position
    when both of its ends are unchanged.
    """
    kinds = tie_kind_options()
    bases = legal_basis_options()
    old_ties = [t for t in case_dict.get("ties", []) if isinstance(t, dict)]
    ties = []
    for index, row in enumerate(rows):
        source_text, target_text = cell_text(row.get("from")), cell_text(row.get("to"))
        tie: dict[str, Any] = {
            "from": endpoints.get(source_text, source_text) if source_text else "",
            "to": endpoints.get(target_text, target_text) if target_text else "",
        }
        previous: Mapping[str, Any] = {}
        if index < len(old_ties):
            candidate = old_ties[index]
            if candidate.get("from") == tie["from"] and candidate.get("to") == tie["to"]:
                previous = candidate
                tie.update({k: v for k, v in previous.items() if k not in TIE_COLUMNS})
        kind_text = cell_text(row.get("kind"))
        tie["kind"] = kinds.get(kind_text, kind_text) if kind_text else ""
        _set_or_drop(tie, "strength", _leading_number(row.get("strength")), None, previous)
        sharing = bool(row.get("info_sharing")) and not blank(row.get("info_sharing"))
        _set_or_drop(tie, "info_sharing", sharing, False, previous)
        if sharing:
            basis = bases.get(cell_text(row.get("legal_basis")) or _UNKNOWN_BASIS)
            _set_or_drop(tie, "legal_basis", basis, None, previous)
        if tie.get("legal_basis") == "lovhjemmel":  # FORMATS §4.1: the note names the statute
            _set_or_drop(tie, "legal_basis_note", cell_text(row.get("legal_basis_note")), "", {})
        if tie.get("legal_basis") != "consent":
            tie.pop("consent", None)  # FORMATS §4.1: a described consent needs that basis
        ties.append(tie)
    return {**case_dict, "ties": ties}


def apply_person(
    case_dict: dict[str, Any],
    *,
    alias: str,
    age: int | None,
    situation: list[str],
    wants_individual_plan: bool | None,
    title: str,
    municipality: str | None,
) -> dict[str, Any]:
    """Return a new case dict with the person's details and the case title replaced."""
    person = dict(case_dict.get("person", {}))
    person.update(
        alias=alias,
        age=age,
        situation=list(situation),
        wants_individual_plan=wants_individual_plan,
    )
    updated = {**case_dict, "person": person, "title": title}
    if municipality:
        updated["municipality"] = municipality
    else:
        updated.pop("municipality", None)
    return updated


def editor_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of an edited table as plain dicts (``NaN`` becomes ``None``)."""
    cleaned = frame.astype(object).where(frame.notna(), None)
    return cleaned.to_dict("records")


def new_case_dict(alias: str = "A") -> dict[str, Any]:
    """An empty case with only the person, ready to fill in."""
    return {
        "format": "tverrkart-case/1",
        "title": "Ny sak",
        "person": {"alias": alias, "age": None, "situation": [], "wants_individual_plan": None},
        "actors": [],
        "ties": [],
    }


def case_dict_of(case: Case) -> dict[str, Any]:
    """The JSON dict of a case (re-exported for pages, which keep dicts in state)."""
    return case_to_dict(case)
