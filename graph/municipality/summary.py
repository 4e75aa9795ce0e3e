"""A printable one-page summary of a municipality's actor map, as a standalone HTML page.

The page is made from ``templates/summary.html`` through a Jinja environment with
autoescaping on, so every label, contact and measure typed by a user is shown as text.
It loads nothing: no scripts, no fonts, no images, and a Content-Security-Policy that
forbids every source. Print CSS fits it on one A4 page for a typical municipality.

Examples
--------
>>> from datetime import date
>>> from graph.format.model import MunicipalityFile
>>> file = MunicipalityFile.model_validate({
...     "format": "tverrkart-municipality/1", "kommunenummer": "3903",
...     "actors": [{"id": "x", "type": "skole", "label": "<b>Skolen</b>"}]})
>>> page = summary_html(file, printed=date(2025, 1, 31))
>>> "&lt;b&gt;Skolen&lt;/b&gt;" in page, "<b>Skolen" in page, "31.01.2025" in page
(True, False, True)
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import jinja2

from graph.format.model import MunicipalityFile
from graph.guidance.gaps import type_sort_key
from graph.municipality.coverage import STRUCTURE_LABELS, Coverage, compute_coverage
from graph.reference import norway_time
from graph.reference.catalogue import Catalogue, load_catalogue
from graph.reference.vocabulary import LEVEL_LABELS
from graph.render.templating import html_templates

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "summary.html"
STRUCTURE_VALUES = {True: "Ja", False: "Nei", None: "Ikke oppgitt"}


def _environment() -> jinja2.Environment:
    return html_templates(TEMPLATES_DIR)


def summary_context(
    municipality: MunicipalityFile,
    coverage: Coverage,
    catalogue: Catalogue,
    printed: date,
) -> dict:
    """Everything the template shows, as plain strings (the template escapes them)."""
    labels = {actor.id: actor.label for actor in municipality.actors}
    actors = sorted(municipality.actors, key=lambda a: type_sort_key(a.type))
    structure_keys = list(STRUCTURE_LABELS) + sorted(
        key for key in municipality.structures if key not in STRUCTURE_LABELS
    )
    place = coverage.kommune
    name = place.name if place else coverage.kommunenummer
    return {
        "heading": f"Kommunens aktørkart: {name}",
        "subheading": f"Kommunenummer {coverage.kommunenummer}"
        + (f" · {place.fylke}" if place else ""),
        "printed": printed.strftime("%d.%m.%Y"),
        "score_percent": round(coverage.score * 100),
        "covered_count": sum(s.covered for s in coverage.statuses),
        "item_count": len(coverage.statuses),
        "actors": [
            {"type": catalogue.label(a.type), "label": a.label, "contact": a.contact}
            for a in actors
        ],
        "structures": [
            {
                "title": STRUCTURE_LABELS.get(key, key),
                "value": STRUCTURE_VALUES[municipality.structures.get(key)],
            }
            for key in structure_keys
        ],
        "missing": [
            {"level": LEVEL_LABELS[s.item.level], "title": s.item.title, "reason": s.item.reason}
            for s in coverage.missing()
        ],
        "regional": [
            {
                "scope": body.scope_label,
                "name": body.name,
                "mark": body.mark,
                "basis": body.basis,
                "contact": body.contact,
            }
            for body in coverage.regional
        ],
        "measures": [
            {
                "what": m.what,
                "responsible": ", ".join(labels.get(i, i) for i in m.responsible) or "–",
            }
            for m in municipality.measures
        ],
        "notices": [n.text for n in coverage.notices],
        "route": [
            {
                "number": number,
                "what": step.what,
                "responsible": ", ".join(labels.get(i, i) for i in step.responsible) or "–",
                "note": step.note,
            }
            for number, step in enumerate(municipality.handling_route, start=1)
        ],
        "valid_to": (
            date.fromisoformat(municipality.handlingsplan_gyldig_til).strftime("%d.%m.%Y")
            if municipality.handlingsplan_gyldig_til
            else ""
        ),
    }


def summary_html(
    municipality: MunicipalityFile,
    coverage: Coverage | None = None,
    catalogue: Catalogue | None = None,
    printed: date | None = None,
) -> str:
    """Render the one-page summary of a (validated) municipality file.

    Parameters
    ----------
    municipality : MunicipalityFile
    coverage : Coverage, optional
        Computed from the file when not given.
    catalogue : Catalogue, optional
    printed : date, optional
        The date printed on the page (today when not given).

    Returns
    -------
    str
        A complete HTML5 document that loads nothing from anywhere.
    """
    catalogue = catalogue or load_catalogue()
    coverage = coverage or compute_coverage(municipality)
    context = summary_context(municipality, coverage, catalogue, printed or norway_time.today())
    return _environment().get_template(TEMPLATE_NAME).render(**context)
