"""Tverrkart's core: pure Python (no Streamlit), in layers that import downwards.

The folders are the layers, lowest first (:data:`LAYERS`); a module imports from its
own layer and the layers before it, never from a later one:

1. ``reference`` – reference data: the data files, the vocabulary, the actor catalogue,
   citations, Norway's municipalities and its time zone;
2. ``guidance`` – the national guidance as data, and the engine that finds gaps;
3. ``format`` – the file format: models, validation, limits, the privacy guard, problems
   in Norwegian, table editing, the examples;
4. ``analysis`` – the analysis of one case;
5. ``storage`` – saved cases and municipality maps, with history;
6. ``render`` – drawing a map: layout, geometry, the self-contained HTML page;
7. ``maps`` – the maps the pages show, composed from a case;
8. ``municipality`` – municipality files, coverage and «Oversikt»;
9. ``interop`` – adapters: files for other tools and meetings, and the export registry.

:mod:`graph.cli`, the command line, sits on top. Each layer's ``__init__`` is its
facade: its ``__all__`` is what the pages may import. ``tests/test_architecture.py``
checks both rules.
"""

LAYERS = (
    "reference",
    "guidance",
    "format",
    "analysis",
    "storage",
    "render",
    "maps",
    "municipality",
    "interop",
)
