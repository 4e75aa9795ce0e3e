"""Files other tools and meetings use (issue 15), one job per module.

- :mod:`.cells`: text that a spreadsheet must never read as a formula;
- :mod:`.graphml`: GraphML that Gephi reads correctly, and reading it back with networkx;
- :mod:`.gexf`: Gephi's own format;
- :mod:`.tables`: a case as rows (actors, ties, gaps, steps), shared by CSV, XLSX and PDF;
- :mod:`.csv_zip`: Gephi's node and edge tables as CSV, two files in one zip;
- :mod:`.xlsx_out`: a case or a municipality map as a workbook;
- :mod:`.xlsx_in`: actors and ties from a workbook, every problem at once;
- :mod:`.schema`: the JSON Schema of every file and output;
- :mod:`.svg`: a map specification drawn as a standalone SVG;
- :mod:`.pdf`: the meeting sheet («Møteark») and the municipality summary as PDF.

Also in this layer:

- :mod:`~graph.interop.export` – the export registry the command line and the pages
  share.
"""

from typing import TYPE_CHECKING

from graph.reference.lazy import lazy_getattr

if TYPE_CHECKING:
    from graph.interop.export import EXPORTS
    from graph.interop.overview import overview_pdf, overview_xlsx
    from graph.interop.pdf import meeting_sheet_pdf, municipality_pdf, pdf_unavailable_reason
    from graph.interop.tables import actors_table, ties_table
    from graph.interop.workbook import MAX_WORKBOOK_BYTES
    from graph.interop.xlsx_in import import_municipality_actors, import_workbook
    from graph.interop.xlsx_out import case_xlsx, municipality_xlsx


# The names below are imported on first use (PEP 562): importing one module of this
# layer does not import every module the pages use (pandas, altair, …).
_LAZY = {
    "EXPORTS": "graph.interop.export",
    "MAX_WORKBOOK_BYTES": "graph.interop.workbook",
    "actors_table": "graph.interop.tables",
    "case_xlsx": "graph.interop.xlsx_out",
    "import_municipality_actors": "graph.interop.xlsx_in",
    "import_workbook": "graph.interop.xlsx_in",
    "meeting_sheet_pdf": "graph.interop.pdf",
    "municipality_pdf": "graph.interop.pdf",
    "municipality_xlsx": "graph.interop.xlsx_out",
    "overview_pdf": "graph.interop.overview",
    "overview_xlsx": "graph.interop.overview",
    "pdf_unavailable_reason": "graph.interop.pdf",
    "ties_table": "graph.interop.tables",
}


__getattr__ = lazy_getattr(__name__, _LAZY)


__all__ = [
    "EXPORTS",
    "MAX_WORKBOOK_BYTES",
    "actors_table",
    "case_xlsx",
    "import_municipality_actors",
    "import_workbook",
    "meeting_sheet_pdf",
    "municipality_pdf",
    "municipality_xlsx",
    "overview_pdf",
    "overview_xlsx",
    "pdf_unavailable_reason",
    "ties_table",
]
