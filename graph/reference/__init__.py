"""Reference data: the data files and what they say, read by every other layer.

It depends on nothing but the files in ``data/``, so the file format (:mod:`graph.format`),
the guidance, the analysis and the municipality features can all use it without importing
each other. One job per module:

- :mod:`~graph.reference.datafiles` – where the data files are (``data/`` or
  ``TVERRKART_DATA_DIR``) and reading them;
- :mod:`~graph.reference.vocabulary` – the words of the file format (roles, tie kinds,
  legal bases) and their Norwegian labels;
- :mod:`~graph.reference.catalogue` – the actor catalogue (``data/catalogue.toml``), its
  facts and their sources; :mod:`~graph.reference.catalogue_view` shows it as a table;
- :mod:`~graph.reference.citations` – citations of the seed documents
  (``data/sources.toml``) as text a reader can follow;
- :mod:`~graph.reference.registry` – the 357 municipalities of 2024 and which police
  district, RVTS region and konfliktråd each belongs to (with confidence);
- :mod:`~graph.reference.crosswalk` – kommunenummer before 2024 and what they are now;
- :mod:`~graph.reference.sources` – the sources the municipality data cites;
- :mod:`~graph.reference.norway_time` – Norwegian time: every date a user sees is in
  Europe/Oslo.
"""

from typing import TYPE_CHECKING

from graph.reference import norway_time
from graph.reference.lazy import lazy_getattr

if TYPE_CHECKING:
    from graph.reference.catalogue import SPHERE_LABELS, Catalogue, load_catalogue
    from graph.reference.catalogue_view import catalogue_frame, fact_label, search_types
    from graph.reference.citations import citation_url, describe_citation
    from graph.reference.crosswalk import earlier_numbers, old_number_hint, successors
    from graph.reference.registry import (
        fylker,
        kommune,
        load_kommuner,
        politidistrikter,
        region_numbers,
        regional_names,
    )
    from graph.reference.sources import describe_source
    from graph.reference.vocabulary import (
        ACTOR_ROLES,
        LEVEL_LABELS,
        SITUATION_FLAGS,
        closeness_label,
        role_label,
        situation_help,
        situation_label,
        tie_kind_label,
    )


# The names below are imported on first use (PEP 562): importing one module of this
# layer does not import every module the pages use (pandas, altair, …).
_LAZY = {
    "ACTOR_ROLES": "graph.reference.vocabulary",
    "Catalogue": "graph.reference.catalogue",
    "LEVEL_LABELS": "graph.reference.vocabulary",
    "SITUATION_FLAGS": "graph.reference.vocabulary",
    "SPHERE_LABELS": "graph.reference.catalogue",
    "catalogue_frame": "graph.reference.catalogue_view",
    "citation_url": "graph.reference.citations",
    "closeness_label": "graph.reference.vocabulary",
    "describe_citation": "graph.reference.citations",
    "describe_source": "graph.reference.sources",
    "earlier_numbers": "graph.reference.crosswalk",
    "fact_label": "graph.reference.catalogue_view",
    "fylker": "graph.reference.registry",
    "kommune": "graph.reference.registry",
    "load_catalogue": "graph.reference.catalogue",
    "load_kommuner": "graph.reference.registry",
    "old_number_hint": "graph.reference.crosswalk",
    "politidistrikter": "graph.reference.registry",
    "region_numbers": "graph.reference.registry",
    "regional_names": "graph.reference.registry",
    "role_label": "graph.reference.vocabulary",
    "search_types": "graph.reference.catalogue_view",
    "situation_help": "graph.reference.vocabulary",
    "situation_label": "graph.reference.vocabulary",
    "successors": "graph.reference.crosswalk",
    "tie_kind_label": "graph.reference.vocabulary",
}


__getattr__ = lazy_getattr(__name__, _LAZY)


__all__ = [
    "ACTOR_ROLES",
    "LEVEL_LABELS",
    "SITUATION_FLAGS",
    "SPHERE_LABELS",
    "Catalogue",
    "catalogue_frame",
    "citation_url",
    "closeness_label",
    "describe_citation",
    "describe_source",
    "earlier_numbers",
    "fact_label",
    "fylker",
    "kommune",
    "load_catalogue",
    "load_kommuner",
    "norway_time",
    "old_number_hint",
    "politidistrikter",
    "region_numbers",
    "regional_names",
    "role_label",
    "search_types",
    "situation_help",
    "situation_label",
    "successors",
    "tie_kind_label",
]
