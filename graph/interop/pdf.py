"""The meeting sheet («Møteark») for a resource-team meeting, and the municipality summary, as PDF.

The sheet holds what a meeting about one case needs, and no more: the case's title and
the person's alias (never age, situation or notes), the date, the map as a vector image
(:mod:`graph.interop.svg`), the coordinator and every actor with type and role, what
the guidance says is missing (level, reason, source), the handling steps with status
and the next step, every tie that shares information with its legal basis and consent,
and an empty section for agreements and the next meeting. Every page is marked
«Unntatt offentlighet, jf. offl. § 13»; an example or a practice copy is also marked
«Fiktiv sak».

The PDF is made by WeasyPrint from a Jinja template with autoescaping on, so every text
typed by a user is text. Nothing is fetched: the HTML names no outside resource, the
fonts are the machine's own, and the URL fetcher refuses every address anyway.
WeasyPrint needs the Pango library; it is imported only when a PDF is made, so the app
starts without it, and :class:`PdfUnavailableError` says in Norwegian what is missing.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from graph.analysis import analyse_case
from graph.format.model import PERSON_ID, Case, MunicipalityFile
from graph.interop.svg import case_svg
from graph.reference import norway_time
from graph.reference.catalogue import Catalogue, load_catalogue
from graph.reference.vocabulary import (
    LEVEL_LABELS,
    closeness_label,
    legal_basis_label,
    role_label,
    step_status_label,
)
from graph.render.templating import html_templates

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
MARKING = "Unntatt offentlighet, jf. offl. § 13"
FICTIONAL_MARK = "Fiktiv sak"
FICTIONAL_TITLES = ("Fiktiv", "Øvingskopi")
"""Titles the examples (``Fiktiv sak: …``) and practice copies (``Øvingskopi``) start with."""
CONSENT_GIVERS = {"person": "personen", "foresatte": "foresatte"}


class PdfUnavailableError(RuntimeError):
    """WeasyPrint or the Pango library it needs is missing (the message says so)."""


class RefusedFetchError(ValueError):
    """The PDF asked for an outside resource; nothing is fetched."""


def is_fictional(case: Case) -> bool:
    """Whether a case is an example or a practice copy (by its title).

    >>> from graph.format.model import Case
    >>> is_fictional(Case(format="tverrkart-case/1", title="Øvingskopi", person={"alias": "P"}))
    True
    """
    return case.title.startswith(FICTIONAL_TITLES)


def _environment() -> jinja2.Environment:
    return html_templates(TEMPLATES_DIR)


def _consent_text(tie: Any, today: dt.date) -> str:
    consent = tie.consent
    if tie.legal_basis != "consent":
        return "–"
    if consent is None:
        return "Samtykke ikke beskrevet"
    parts = [f"Gitt av {CONSENT_GIVERS[consent.given_by]}"]
    if consent.date:
        parts.append(f"den {consent.date}")
    if consent.scope:
        parts.append(f"om: {consent.scope}")
    if consent.expires:
        word = "utløp" if consent.expired(today) else "utløper"
        parts.append(f"{word} {consent.expires}")
    return ", ".join(parts)


def meeting_context(
    case: Case,
    analysis: dict,
    catalogue: Catalogue,
    printed: dt.date,
    fictional: bool,
) -> dict[str, Any]:
    """Everything the meeting sheet shows, as plain strings (the template escapes them)."""
    labels = {actor.id: actor.label for actor in case.actors}
    labels[PERSON_ID] = case.person.alias
    problems = {item["tie"]: item["message"] for item in analysis.get("info_sharing", [])}
    steps = analysis.get("steps", [])
    next_id = analysis.get("next_step")
    return {
        "marking": MARKING,
        "fictional": fictional,
        "fictional_mark": FICTIONAL_MARK if fictional else "",
        "title": case.title or "Sak uten tittel",
        "alias": case.person.alias,
        "printed": printed.strftime("%d.%m.%Y"),
        "map_svg": case_svg(case, catalogue, tooltips=False),
        "coordinators": [actor.label for actor in case.coordinators()],
        "actors": [
            {
                "label": actor.label,
                "type": catalogue.label(actor.type),
                "role": role_label(actor.role) if actor.role else "",
                "closeness": closeness_label(actor.closeness) if actor.closeness else "",
                "coordinator": actor.coordinator,
            }
            for actor in case.actors
        ],
        "gaps": [
            {
                "level": LEVEL_LABELS[gap["level"]],
                "label": gap["label"],
                "reason": gap["reason"],
                "source": gap["source"],
            }
            for gap in analysis.get("gaps", [])
        ],
        "steps": [
            {
                "title": step["title"],
                "status": step_status_label(step["status"]),
                "date": step.get("date") or "",
                "responsible": labels.get(step.get("responsible") or "", ""),
                "note": step.get("note") or "",
            }
            for step in steps
        ],
        "next_step": next((step["title"] for step in steps if step["id"] == next_id), ""),
        "sharing": [
            {
                "between": f"{labels[tie.source]} – {labels[tie.target]}",
                "basis": legal_basis_label(tie.legal_basis)
                + (f": {tie.legal_basis_note}" if tie.legal_basis_note else ""),
                "consent": _consent_text(tie, printed),
                "problem": problems.get(index, ""),
            }
            for index, tie in enumerate(case.ties)
            if tie.info_sharing
        ],
    }


def meeting_sheet_html(
    case: Case,
    analysis: dict | None = None,
    catalogue: Catalogue | None = None,
    printed: dt.date | None = None,
    fictional: bool | None = None,
) -> str:
    """The meeting sheet as HTML for WeasyPrint (see the module docs).

    ``fictional`` marks the sheet «Fiktiv sak»; by default it is read from the title
    (:func:`is_fictional`).
    """
    catalogue = catalogue or load_catalogue()
    printed = printed or norway_time.today()
    analysis = analysis if analysis is not None else analyse_case(case, catalogue, today=printed)
    fictional = is_fictional(case) if fictional is None else fictional
    context = meeting_context(case, analysis, catalogue, printed, fictional)
    return _environment().get_template("moteark.html").render(**context)


@lru_cache(maxsize=1)
def pdf_unavailable_reason() -> str | None:
    """Why no PDF can be made on this machine (in Norwegian), or None when it can.

    Tries the import once per process (it takes a moment), so a page can offer the PDF
    download only where it works.
    """
    try:
        _weasyprint()
    except PdfUnavailableError as error:
        return str(error)
    return None


def _weasyprint() -> Any:
    try:
        import weasyprint  # imported only when a PDF is made
    except (ImportError, OSError) as error:
        raise PdfUnavailableError(
            "PDF kan ikke lages på denne maskinen, fordi programmet som lager PDF "
            "(WeasyPrint med Pango) ikke er installert. Last ned kartet som HTML eller SVG "
            "i stedet, eller be den som drifter Tverrkart om å installere det."
        ) from error
    return weasyprint


def _refusing_fetcher(weasyprint: Any) -> Any:
    class RefuseEverything(weasyprint.URLFetcher):
        """Fetches nothing: the sheet must not reach outside the machine."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            raise RefusedFetchError(f"Tverrkart henter ingenting utenfra ({url[:60]})")

    return RefuseEverything()


def render_document(html: str) -> Any:
    """Lay out ``html`` with WeasyPrint (no outside resource) and return the document."""
    weasyprint = _weasyprint()
    return weasyprint.HTML(string=html, url_fetcher=_refusing_fetcher(weasyprint)).render()


def html_to_pdf(html: str) -> bytes:
    """``html`` as PDF bytes (see :func:`render_document`)."""
    return render_document(html).write_pdf()


def meeting_sheet_pdf(
    case: Case,
    analysis: dict | None = None,
    catalogue: Catalogue | None = None,
    printed: dt.date | None = None,
    fictional: bool | None = None,
) -> bytes:
    """The meeting sheet as PDF bytes (see :func:`meeting_sheet_html`).

    Raises
    ------
    PdfUnavailableError
        When WeasyPrint or Pango is missing on this machine.
    """
    return html_to_pdf(meeting_sheet_html(case, analysis, catalogue, printed, fictional))


def municipality_pdf(municipality: MunicipalityFile, printed: dt.date | None = None) -> bytes:
    """The municipality's printable summary (:mod:`graph.municipality.summary`) as PDF."""
    from graph.municipality.summary import summary_html

    html = summary_html(municipality, printed=printed)
    marked = html.replace(
        "<body>",
        f'<body><p style="font-weight:700;color:#8b1e1e;margin:0">{MARKING}</p>',
        1,
    )
    return html_to_pdf(marked)
