"""Maps composed from the core: what a page shows, built once for pages and tests alike.

- :mod:`~graph.maps.network` – the map «Nettverkskart» shows: the case, the actors the
  guidance says are missing (as ghosts) and the chosen highlight;
- :mod:`~graph.maps.comparison` – two versions of a case on one map, the changes marked
  (the changes come from :mod:`graph.storage.diff`);
- :mod:`~graph.maps.filter` – the part of a large case in chosen sectors, types and rings,
  and what the map leaves out.

Also in this layer:

- :mod:`~graph.maps.casemap` – a case as a map specification (nodes, ties, legend);
- :mod:`~graph.maps.style` – the map's visual language, shared by every map and its
  legend;
- :mod:`~graph.maps.ideamap` – the idékart: the catalogue's actor types on one map.
"""

from typing import TYPE_CHECKING

from graph.maps.casemap import ghost_types
from graph.maps.comparison import diff_map_spec
from graph.maps.filter import FilteredMap, LeftOut, filtered_network_map
from graph.maps.network import network_map
from graph.reference.lazy import lazy_getattr

if TYPE_CHECKING:
    from graph.maps.events import (
        EVENT_KINDS,
        EventRefusedError,
        apply_event,
        sector_arc,
        validate_event,
    )
    from graph.maps.ideamap import idea_map_spec

__all__ = [
    "EVENT_KINDS",
    "EventRefusedError",
    "FilteredMap",
    "LeftOut",
    "apply_event",
    "diff_map_spec",
    "filtered_network_map",
    "ghost_types",
    "idea_map_spec",
    "network_map",
    "sector_arc",
    "validate_event",
]

# The names below are imported on first use (PEP 562): importing one module of this
# layer does not import every module the pages use (pandas, altair, …).
_LAZY = {
    "EVENT_KINDS": "graph.maps.events",
    "EventRefusedError": "graph.maps.events",
    "apply_event": "graph.maps.events",
    "idea_map_spec": "graph.maps.ideamap",
    "sector_arc": "graph.maps.events",
    "validate_event": "graph.maps.events",
}


__getattr__ = lazy_getattr(__name__, _LAZY)
