"""Writing a case in other formats: one registry for the command line and the pages.

- JSON is the case file itself (FORMATS.md §1), unknown keys included.
- HTML is ONE self-contained file with the interactive map, the same map as the app's
  Nettverkskart (:func:`graph.maps.network_map`: the missing actors as ghosts, and the
  presentation mode «Presenter»), made by the same renderer with its scripts inlined,
  so it opens, and presents, from a USB stick on a PC with no network.
- GraphML and GEXF open in Gephi with every tie, its label and its direction
  (:mod:`graph.interop.graphml`, :mod:`graph.interop.gexf`).
- CSV is Gephi's node and edge tables in one zip (:mod:`graph.interop.csv_zip`).
- XLSX is a workbook with the case and its analysis (:mod:`graph.interop.xlsx_out`).
- SVG is the map as a vector image, PDF the meeting sheet (:mod:`graph.interop.svg`,
  :mod:`graph.interop.pdf`).

Every export of a case that passed validation succeeds: validation refuses the
characters that one of these formats cannot hold
(:func:`graph.format.messages.forbidden_character`). A case built some other way that
holds one makes GraphML raise :class:`UnexportableTextError` instead of writing a file
no program can read.

Examples
--------
>>> EXPORTS["csv"].suffix, EXPORTS["csv"].mime
('zip', 'application/zip')
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from graph.format.model import Case, case_to_dict
from graph.interop.csv_zip import export_csv_zip
from graph.interop.gexf import export_gexf
from graph.interop.graphml import UnexportableTextError, export_graphml, graphml_graph
from graph.maps.network import network_map
from graph.reference.catalogue import Catalogue
from graph.render.html import render_map_html

__all__ = [
    "EXPORTERS",
    "EXPORTS",
    "EXPORT_FORMATS",
    "Export",
    "UnexportableTextError",
    "export_graphml",
    "export_html",
    "export_json",
    "graphml_graph",
]


def export_json(case: Case) -> str:
    """The case file as pretty-printed UTF-8 JSON (unknown keys kept)."""
    return json.dumps(case_to_dict(case), ensure_ascii=False, indent=2) + "\n"


def export_html(case: Case, catalogue: Catalogue | None = None) -> str:
    """One self-contained, offline HTML page with the interactive map and its presentation."""
    return render_map_html(network_map(case, catalogue), inline_js=True)


def _xlsx(case: Case) -> bytes:
    from graph.analysis import analyse_case
    from graph.interop.xlsx_out import case_xlsx

    return case_xlsx(case, analyse_case(case))


def _svg(case: Case) -> str:
    from graph.interop.svg import case_svg

    return case_svg(case)


def _pdf(case: Case) -> bytes:
    from graph.interop.pdf import meeting_sheet_pdf

    return meeting_sheet_pdf(case)


@dataclass(frozen=True)
class Export:
    """One format: how to make it, its file suffix, MIME type and a Norwegian name."""

    make: Callable[[Case], str | bytes]
    suffix: str
    mime: str
    name: str


EXPORTS: dict[str, Export] = {
    "json": Export(export_json, "json", "application/json", "saksfil (JSON)"),
    "html": Export(export_html, "html", "text/html", "kart (HTML)"),
    "graphml": Export(export_graphml, "graphml", "application/xml", "Gephi (GraphML)"),
    "gexf": Export(export_gexf, "gexf", "application/xml", "Gephi (GEXF)"),
    "csv": Export(export_csv_zip, "zip", "application/zip", "tabeller (CSV i zip)"),
    "xlsx": Export(
        _xlsx,
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "regneark (Excel)",
    ),
    "pdf": Export(_pdf, "pdf", "application/pdf", "møteark (PDF)"),
    "svg": Export(_svg, "svg", "image/svg+xml", "kartet som bilde (SVG)"),
}
EXPORT_FORMATS = tuple(EXPORTS)
EXPORTERS: dict[str, Callable[[Case], str | bytes]] = {k: e.make for k, e in EXPORTS.items()}
