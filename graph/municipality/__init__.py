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
