"""Municipalities: the 357 of 2024, their regional bodies, coverage and the pages' data.

The reference data these build on (the 357 municipalities, old numbers, the sources)
is in :mod:`graph.reference`, which the file format uses too.

One job per module:

- :mod:`~graph.municipality.regional` – the regional and national bodies filled in for
  every municipality;
- :mod:`~graph.municipality.coverage` – the coverage score and what is missing;
- :mod:`~graph.municipality.files` – reading many municipality files safely;
- :mod:`~graph.municipality.linking` – a case's gaps → the municipality's registered actors;
- :mod:`~graph.municipality.mapview` – the municipal actor map (idékart style);
- :mod:`~graph.municipality.summary` – the printable one-page summary;
- :mod:`~graph.municipality.editing` – tables and forms ↔ municipality files;
- :mod:`~graph.municipality.route` – the municipality's own handling route for a case;
- :mod:`~graph.municipality.overview` and :mod:`~graph.municipality.charts` – the page
  «Oversikt»;
- :mod:`~graph.municipality.norway` – the map of Norway on «Oversikt» (offline shapes).

The score and the data are explained in ``docs/coverage.md``.
"""

from typing import TYPE_CHECKING

from graph.reference.lazy import lazy_getattr

if TYPE_CHECKING:
    from graph.municipality.case_demand import MAX_CASES, MIN_CASES, shown_count, stored_cases
    from graph.municipality.charts import MAX_HEATMAP_ROWS, heatmap_chart, missing_chart
    from graph.municipality.coverage import STRUCTURE_LABELS, UNSTATED, Coverage, compute_coverage
    from graph.municipality.editing import (
        STRUCTURE_CHOICES,
        actors_frame,
        apply_actor_rows,
        apply_measure_rows,
        apply_route_rows,
        apply_structures,
        measures_frame,
        new_municipality_dict,
        responsible_options,
        route_frame,
        structure_choice,
        structure_keys,
    )
    from graph.municipality.files import (
        FOLDER_ENV,
        LoadedFile,
        folder_bytes,
        json_files_in,
        load_municipality_bytes,
        municipality_folder,
        read_named,
        read_one,
        shipped_files,
    )
    from graph.municipality.linking import gap_links
    from graph.municipality.mapview import municipal_map_spec
    from graph.municipality.norway import (
        ALESUND,
        CREDIT,
        HARAM,
        HARAM_NOTE,
        SELECTION,
        chosen_number,
        colour_choices,
        file_count,
        map_frame,
        map_picture,
        norway_spec,
        shapes_for,
    )
    from graph.municipality.overview import (
        SORT_CHOICES,
        Entry,
        filter_entries,
        missing_counts,
        overview_frame,
        sort_entries,
        status_frame,
    )
    from graph.municipality.route import CaseRoute, case_route
    from graph.municipality.summary import summary_html


# The names below are imported on first use (PEP 562): importing one module of this
# layer does not import every module the pages use (pandas, altair, …).
_LAZY = {
    "ALESUND": "graph.municipality.norway",
    "CREDIT": "graph.municipality.norway",
    "CaseRoute": "graph.municipality.route",
    "Coverage": "graph.municipality.coverage",
    "Entry": "graph.municipality.overview",
    "FOLDER_ENV": "graph.municipality.files",
    "HARAM": "graph.municipality.norway",
    "HARAM_NOTE": "graph.municipality.norway",
    "LoadedFile": "graph.municipality.files",
    "MAX_CASES": "graph.municipality.case_demand",
    "MAX_HEATMAP_ROWS": "graph.municipality.charts",
    "MIN_CASES": "graph.municipality.case_demand",
    "SELECTION": "graph.municipality.norway",
    "SORT_CHOICES": "graph.municipality.overview",
    "STRUCTURE_CHOICES": "graph.municipality.editing",
    "STRUCTURE_LABELS": "graph.municipality.coverage",
    "UNSTATED": "graph.municipality.coverage",
    "actors_frame": "graph.municipality.editing",
    "apply_actor_rows": "graph.municipality.editing",
    "apply_measure_rows": "graph.municipality.editing",
    "apply_route_rows": "graph.municipality.editing",
    "apply_structures": "graph.municipality.editing",
    "case_route": "graph.municipality.route",
    "chosen_number": "graph.municipality.norway",
    "colour_choices": "graph.municipality.norway",
    "compute_coverage": "graph.municipality.coverage",
    "file_count": "graph.municipality.norway",
    "filter_entries": "graph.municipality.overview",
    "folder_bytes": "graph.municipality.files",
    "gap_links": "graph.municipality.linking",
    "heatmap_chart": "graph.municipality.charts",
    "json_files_in": "graph.municipality.files",
    "load_municipality_bytes": "graph.municipality.files",
    "map_frame": "graph.municipality.norway",
    "map_picture": "graph.municipality.norway",
    "measures_frame": "graph.municipality.editing",
    "missing_chart": "graph.municipality.charts",
    "missing_counts": "graph.municipality.overview",
    "municipal_map_spec": "graph.municipality.mapview",
    "municipality_folder": "graph.municipality.files",
    "new_municipality_dict": "graph.municipality.editing",
    "norway_spec": "graph.municipality.norway",
    "overview_frame": "graph.municipality.overview",
    "read_named": "graph.municipality.files",
    "read_one": "graph.municipality.files",
    "responsible_options": "graph.municipality.editing",
    "route_frame": "graph.municipality.editing",
    "shapes_for": "graph.municipality.norway",
    "shipped_files": "graph.municipality.files",
    "shown_count": "graph.municipality.case_demand",
    "sort_entries": "graph.municipality.overview",
    "status_frame": "graph.municipality.overview",
    "stored_cases": "graph.municipality.case_demand",
    "structure_choice": "graph.municipality.editing",
    "structure_keys": "graph.municipality.editing",
    "summary_html": "graph.municipality.summary",
}


__getattr__ = lazy_getattr(__name__, _LAZY)


__all__ = [
    "ALESUND",
    "CREDIT",
    "FOLDER_ENV",
    "HARAM",
    "HARAM_NOTE",
    "MAX_CASES",
    "MAX_HEATMAP_ROWS",
    "MIN_CASES",
    "SELECTION",
    "SORT_CHOICES",
    "STRUCTURE_CHOICES",
    "STRUCTURE_LABELS",
    "UNSTATED",
    "CaseRoute",
    "Coverage",
    "Entry",
    "LoadedFile",
    "actors_frame",
    "apply_actor_rows",
    "apply_measure_rows",
    "apply_route_rows",
    "apply_structures",
    "case_route",
    "chosen_number",
    "colour_choices",
    "compute_coverage",
    "file_count",
    "filter_entries",
    "folder_bytes",
    "gap_links",
    "heatmap_chart",
    "json_files_in",
    "load_municipality_bytes",
    "map_frame",
    "map_picture",
    "measures_frame",
    "missing_chart",
    "missing_counts",
    "municipal_map_spec",
    "municipality_folder",
    "new_municipality_dict",
    "norway_spec",
    "overview_frame",
    "read_named",
    "read_one",
    "responsible_options",
    "route_frame",
    "shapes_for",
    "shipped_files",
    "shown_count",
    "sort_entries",
    "status_frame",
    "stored_cases",
    "structure_choice",
    "structure_keys",
    "summary_html",
]
