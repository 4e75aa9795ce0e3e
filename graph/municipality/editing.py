"""Editing a municipality file through tables and forms: file → rows, rows → a new file.

The page «Kommunens aktørkart» shows the actors and the measures in editable tables and
the structures as yes / no / not stated. This module turns a file into those rows and
the edited rows back into a file *dict*, which the caller validates before accepting.
Keys the tables do not show (a ``source`` note, the plan's own wording of a measure,
unknown keys from a newer version) are carried over, so editing never loses data.

Everything here is pure: no Streamlit, no I/O.

Examples
--------
>>> from graph.reference.catalogue import load_catalogue
>>> start = new_municipality_dict("3903")
>>> rows = [{"id": None, "type": "Skole", "label": "Holmestrand vgs", "contact": ""}]
>>> apply_actor_rows(start, rows, load_catalogue())["actors"]
[{'id': 'skole-1', 'type': 'skole', 'label': 'Holmestrand vgs'}]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from graph.format.editing import blank, cell_text, new_actor_id, type_options
from graph.format.model import MUNICIPALITY_FORMAT, MunicipalityFile
from graph.municipality.coverage import STRUCTURE_LABELS
from graph.reference.catalogue import Catalogue

ACTOR_COLUMNS = ["id", "type", "label", "contact"]
MEASURE_COLUMNS = ["what", "responsible"]
ROUTE_COLUMNS = ["trinn", "what", "responsible", "note"]
STRUCTURE_CHOICES: dict[str, bool | None] = {"Ja": True, "Nei": False, "Ikke oppgitt": None}


def new_municipality_dict(kommunenummer: str) -> dict[str, Any]:
    """An empty municipality file for a 2024 kommunenummer."""
    return {
        "format": MUNICIPALITY_FORMAT,
        "kommunenummer": kommunenummer,
        "actors": [],
        "structures": {},
        "measures": [],
    }


def actors_frame(municipality: MunicipalityFile, catalogue: Catalogue) -> pd.DataFrame:
    """The registered actors as rows for the editor (type as its Norwegian label)."""
    type_text = {key: text for text, key in type_options(catalogue).items()}
    rows = [
        {
            "id": actor.id,
            "type": type_text.get(actor.type, actor.type),
            "label": actor.label,
            "contact": actor.contact,
        }
        for actor in municipality.actors
    ]
    return pd.DataFrame(rows, columns=ACTOR_COLUMNS).astype(object)


def apply_actor_rows(
    municipality_dict: dict[str, Any], rows: list[dict[str, Any]], catalogue: Catalogue
) -> dict[str, Any]:
    """Return a new file dict whose actors are the edited rows.

    Rows keep their id; new rows get one from :func:`graph.format.editing.new_actor_id`. Keys the
    table does not show are carried over from the old actor with the same id. When an
    actor is removed, it is removed from the measures it was responsible for too. An
    unknown type text is passed through, so validation reports it.
    """
    types = type_options(catalogue)
    old = {a["id"]: a for a in municipality_dict.get("actors", []) if isinstance(a, dict)}
    taken = {str(row["id"]) for row in rows if not blank(row.get("id"))}
    actors = []
    for row in rows:
        type_text = cell_text(row.get("type"))
        type_key = types.get(type_text, type_text) if type_text else ""
        actor_id = cell_text(row.get("id"))
        if actor_id is None:
            actor_id = new_actor_id(type_key or None, taken)
            taken.add(actor_id)
        previous = old.get(actor_id, {})
        actor = {
            "id": actor_id,
            "type": type_key,
            "label": (cell_text(row.get("label")) or "").strip(),
        }
        contact = (cell_text(row.get("contact")) or "").strip()
        if contact or "contact" in previous:
            actor["contact"] = contact
        actor.update({k: v for k, v in previous.items() if k not in ACTOR_COLUMNS})
        actors.append(actor)
    kept = {a["id"] for a in actors}
    result = {**municipality_dict, "actors": actors}
    for key in ("measures", "handling_route"):
        if key not in municipality_dict and key != "measures":
            continue
        rows_out = []
        for row in municipality_dict.get(key, []):
            if isinstance(row, dict) and isinstance(row.get("responsible"), list):
                row = {**row, "responsible": [r for r in row["responsible"] if r in kept]}
            rows_out.append(row)
        result[key] = rows_out
    return result


def responsible_options(municipality: MunicipalityFile) -> dict[str, str]:
    """Choice text → actor id for the «Ansvarlig» column: ``"SLT-koordinator [slt]"``.

    The id is shown so that two actors with the same name can be told apart.
    """
    return {f"{actor.label} [{actor.id}]": actor.id for actor in municipality.actors}


def measures_frame(municipality: MunicipalityFile) -> pd.DataFrame:
    """The measures as rows for the editor; «responsible» is a list of choice texts."""
    texts = {actor_id: text for text, actor_id in responsible_options(municipality).items()}
    rows = [
        {"what": m.what, "responsible": [texts.get(i, i) for i in m.responsible]}
        for m in municipality.measures
    ]
    return pd.DataFrame(rows, columns=MEASURE_COLUMNS).astype(object)


def _responsible_ids(value: Any, options: Mapping[str, str]) -> list[str]:
    if value is None or (not isinstance(value, list | tuple) and blank(value)):
        return []
    items = value if isinstance(value, list | tuple) else [value]
    return [options.get(str(item), str(item)) for item in items if not blank(item)]


def apply_measure_rows(
    municipality_dict: dict[str, Any], rows: list[dict[str, Any]], options: Mapping[str, str]
) -> dict[str, Any]:
    """Return a new file dict whose measures are the edited rows.

    ``options`` is :func:`responsible_options` of the file the table was built from.
    Rows without any text are dropped. Extra keys of a measure (the plan's own wording,
    a goal) are kept when a row keeps the measure's exact text.
    """
    old = [m for m in municipality_dict.get("measures", []) if isinstance(m, dict)]
    unused = list(range(len(old)))
    measures = []
    for row in rows:
        what = (cell_text(row.get("what")) or "").strip()
        responsible = _responsible_ids(row.get("responsible"), options)
        if not what and not responsible:
            continue
        measure: dict[str, Any] = {"what": what, "responsible": responsible}
        match = next((i for i in unused if old[i].get("what") == what), None)
        if match is not None:
            unused.remove(match)
            measure.update({k: v for k, v in old[match].items() if k not in MEASURE_COLUMNS})
        measures.append(measure)
    return {**municipality_dict, "measures": measures}


def route_frame(municipality: MunicipalityFile) -> pd.DataFrame:
    """The handling route as rows for the editor: step number, what, responsible, note.

    ``trinn`` is the step's place (1, 2, …); the editor shows it but it is not kept: the
    order of the rows is the order of the steps.
    """
    texts = {actor_id: text for text, actor_id in responsible_options(municipality).items()}
    rows = [
        {
            "trinn": number,
            "what": step.what,
            "responsible": [texts.get(i, i) for i in step.responsible],
            "note": step.note,
        }
        for number, step in enumerate(municipality.handling_route, start=1)
    ]
    return pd.DataFrame(rows, columns=ROUTE_COLUMNS).astype(object)


def apply_route_rows(
    municipality_dict: dict[str, Any],
    rows: list[dict[str, Any]],
    options: Mapping[str, str],
    valid_to: str | None = None,
) -> dict[str, Any]:
    """Return a new file dict whose handling route is the edited rows.

    Parameters
    ----------
    municipality_dict : dict
    rows : list of dict
        Rows of :func:`route_frame`, edited. Rows without any text are dropped; a row
        that keeps a step's exact text keeps that step's other keys (the plan's own
        wording of who is responsible, the source).
    options : mapping
        :func:`responsible_options` of the file the table was built from.
    valid_to : str or None
        The plan's last valid day (``ÅÅÅÅ-MM-DD``); None or "" removes it.

    Examples
    --------
    >>> start = {"handling_route": [{"what": "Avklar", "responsible": [], "source": "s"}]}
    >>> rows = [{"trinn": 1, "what": "Avklar", "responsible": ["SLT [slt]"], "note": None}]
    >>> edited = apply_route_rows(start, rows, {"SLT [slt]": "slt"}, "2026-12-31")
    >>> edited["handling_route"], edited["handlingsplan_gyldig_til"]
    ([{'what': 'Avklar', 'responsible': ['slt'], 'source': 's'}], '2026-12-31')
    """
    old = [m for m in municipality_dict.get("handling_route", []) if isinstance(m, dict)]
    unused = list(range(len(old)))
    steps = []
    for row in rows:
        what = (cell_text(row.get("what")) or "").strip()
        note = (cell_text(row.get("note")) or "").strip()
        responsible = _responsible_ids(row.get("responsible"), options)
        if not what and not responsible and not note:
            continue
        step: dict[str, Any] = {"what": what, "responsible": responsible}
        if note:
            step["note"] = note
        match = next((i for i in unused if old[i].get("what") == what), None)
        if match is not None:
            unused.remove(match)
            step.update({k: v for k, v in old[match].items() if k not in ROUTE_COLUMNS})
        steps.append(step)
    result = {**municipality_dict, "handling_route": steps}
    if valid_to:
        result["handlingsplan_gyldig_til"] = valid_to
    else:
        result.pop("handlingsplan_gyldig_til", None)
    return result


def structure_choice(municipality: MunicipalityFile, key: str) -> str:
    """The choice text («Ja», «Nei», «Ikke oppgitt») for one structure."""
    value = municipality.structures.get(key)
    return next(text for text, choice in STRUCTURE_CHOICES.items() if choice is value)


def apply_structures(
    municipality_dict: dict[str, Any], choices: Mapping[str, str]
) -> dict[str, Any]:
    """Return a new file dict with the structures set from choice texts.

    «Ikke oppgitt» removes the key (the file then says nothing about it); structures that
    are not in ``choices`` keep their value.

    Examples
    --------
    >>> apply_structures({"structures": {"x": True}}, {"politirad": "Ja", "x": "Ikke oppgitt"})
    {'structures': {'politirad': True}}
    """
    structures = dict(municipality_dict.get("structures") or {})
    for key, text in choices.items():
        value = STRUCTURE_CHOICES[text]
        if value is None:
            structures.pop(key, None)
        else:
            structures[key] = value
    return {**municipality_dict, "structures": structures}


def structure_keys(municipality: MunicipalityFile) -> list[str]:
    """The structures of FORMATS.md §2 first, then any others the file has."""
    extra = sorted(key for key in municipality.structures if key not in STRUCTURE_LABELS)
    return [*STRUCTURE_LABELS, *extra]
