"""Maps composed from the core: what a page shows, built once for pages and tests alike.

- :mod:`~graph.maps.network` – the map «Nettverkskart» shows: the case, the actors the
  guidance says are missing (as ghosts) and the chosen highlight.
"""

from graph.maps.network import network_map

__all__ = ["network_map"]
