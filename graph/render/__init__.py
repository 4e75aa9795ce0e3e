"""Drawing a map specification: positions, geometry and one self-contained HTML page.

It knows map specifications, not cases: the maps the pages show are composed in
:mod:`graph.maps`. One job per module:

- :mod:`~graph.render.spec` – a map as plain data (nodes, ties, legend);
- :mod:`~graph.render.layout` – the egocentric layout: sectors, closeness rings, labels
  kept apart;
- :mod:`~graph.render.geometry` – where labels, nodes and ties lie, and what overlaps;
- :mod:`~graph.render.page` – the data contract between Python and ``static/map.js``;
- :mod:`~graph.render.pyvis_adapter` – pyvis as the builder of the node and edge lists;
- :mod:`~graph.render.html` – the standalone, offline map page;
- :mod:`~graph.render.assets` – the map's two scripts, found locally, never fetched;
- :mod:`~graph.render.templating` – one escaped, strict template environment for
  printed pages.
"""

from typing import TYPE_CHECKING

from graph.reference.lazy import lazy_getattr

if TYPE_CHECKING:
    from graph.render.assets import MAP_SCRIPT_PATH, ensure_static_copy
    from graph.render.html import chrome_height_px, render_map_html
    from graph.render.layout import along_arc
    from graph.render.spec import MapSpec


# The names below are imported on first use (PEP 562): importing one module of this
# layer does not import every module the pages use (pandas, altair, …).
_LAZY = {
    "MAP_SCRIPT_PATH": "graph.render.assets",
    "MapSpec": "graph.render.spec",
    "along_arc": "graph.render.layout",
    "chrome_height_px": "graph.render.html",
    "ensure_static_copy": "graph.render.assets",
    "render_map_html": "graph.render.html",
}


__getattr__ = lazy_getattr(__name__, _LAZY)


__all__ = [
    "MAP_SCRIPT_PATH",
    "MapSpec",
    "along_arc",
    "chrome_height_px",
    "ensure_static_copy",
    "render_map_html",
]
