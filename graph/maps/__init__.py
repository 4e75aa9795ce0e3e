"""Maps composed from the core: what a page shows, built once for pages and tests alike.

- :mod:`~graph.maps.network` – the map «Nettverkskart» shows: the case, the actors the
  guidance says are missing (as ghosts) and the chosen highlight;
- :mod:`~graph.maps.comparison` – two versions of a case on one map, the changes marked
  (the changes come from :mod:`graph.storage.diff`);
- :mod:`~graph.maps.filter` – the part of a large case in chosen sectors, types and rings,
  and what the map leaves out.
"""

from graph.maps.comparison import diff_map_spec
from graph.maps.filter import FilteredMap, LeftOut, filtered_network_map
from graph.maps.network import network_map

__all__ = ["FilteredMap", "LeftOut", "diff_map_spec", "filtered_network_map", "network_map"]
