"""GEXF, Gephi's own format, written with :func:`networkx.write_gexf`.

The graph is the same as the GraphML export's (:func:`graph.interop.graphml.graphml_graph`):
the same node and edge attributes, the same edge ids (``t0``, ``t1`` …, one per tie), and
only referrals directed. GEXF says so per edge: ``defaultedgetype="directed"`` on the
graph, ``type="undirected"`` on every other tie. Each edge also carries ``kind`` (the
tie kind), which Gephi reads as the edge's type: Gephi keeps parallel edges between one
pair apart only when their types differ, so a support tie and a conflict tie between the
same two stay two edges. The map's look goes into GEXF's ``viz``
elements: colour, position (y up), size and shape (services are squares, the informal
network discs, contacts in an extremist milieu triangles, as on the map), and on edges
their colour and thickness.

Like GraphML, networkx cannot read a mixed graph back; :func:`read_gexf_graph` reads
this project's files into a ``MultiDiGraph`` with every tie.
"""

from __future__ import annotations

import io

import networkx as nx
from defusedxml import ElementTree as SafeElementTree
from networkx.readwrite.gexf import GEXFWriter

from graph.format.model import PERSON_ID, Case
from graph.interop.graphml import graphml_graph
from graph.maps.casemap import case_positions
from graph.maps.style import PERSON_STYLE, STRENGTH_WIDTH, actor_style
from graph.reference.catalogue import Catalogue, load_catalogue

GEXF_NS = "http://www.gexf.net/1.2draft"
GEXF_SHAPES = {"box": "square", "dot": "disc", "ellipse": "disc", "triangle": "triangle"}
"""The map's node shapes as GEXF 1.2 ``viz:shape`` values."""
NODE_SIZE = {PERSON_ID: 20.0}
"""GEXF ``viz:size`` of the person; every actor is 12."""


def gexf_graph(case: Case, catalogue: Catalogue | None = None) -> nx.MultiDiGraph:
    """The GraphML graph with GEXF's ``viz`` data and each edge's ``type`` and ``id``."""
    catalogue = catalogue or load_catalogue()
    base = graphml_graph(case, catalogue)
    positions = case_positions(case, catalogue)
    graph = nx.MultiDiGraph(name=base.graph["name"])
    for node, data in base.nodes(data=True):
        attrs = {k: v for k, v in data.items() if k not in ("r", "g", "b", "x", "y")}
        shape = (
            PERSON_STYLE["shape"]
            if node == PERSON_ID
            else actor_style(data["sphere"], data["type"])["shape"]
        )
        x, y = positions[node]
        attrs["viz"] = {
            "color": {"r": data["r"], "g": data["g"], "b": data["b"], "a": 1.0},
            "position": {"x": float(x), "y": float(-y), "z": 0.0},
            "size": NODE_SIZE.get(node, 12.0),
            "shape": GEXF_SHAPES.get(shape, "disc"),
        }
        graph.add_node(node, **attrs)
    for u, v, key, data in base.edges(keys=True, data=True):
        attrs = {k: v for k, v in data.items() if k not in ("r", "g", "b")}
        attrs["id"] = key
        attrs["type"] = "directed" if data["directed"] else "undirected"
        attrs["viz"] = {
            "color": {"r": data["r"], "g": data["g"], "b": data["b"], "a": 1.0},
            "thickness": STRENGTH_WIDTH[data.get("strength")],
        }
        graph.add_edge(u, v, key=key, **attrs)
    return graph


def export_gexf(case: Case, catalogue: Catalogue | None = None) -> str:
    """The case as GEXF 1.2 text for Gephi (see the module docs)."""
    graph = gexf_graph(case, catalogue)
    # The writer behind nx.write_gexf, so each edge can get Gephi's ``kind`` too.
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    writer.add_graph(graph)
    kinds = {key: kind for _, _, key, kind in graph.edges(keys=True, data="kind")}
    for edge in writer.xml.iter("edge"):
        edge.set("kind", kinds[edge.get("id")])
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue().decode("utf-8")


def read_gexf_graph(text: str | bytes) -> nx.MultiDiGraph:
    """Read a GEXF file written by :func:`export_gexf` with networkx, every tie kept.

    The per-edge ``type`` marks are taken off (networkx refuses a mixed graph) and the
    graph read as directed; the ``directed`` attribute of each edge keeps the direction.
    The XML is parsed with defusedxml first.
    """
    root = SafeElementTree.fromstring(text.encode("utf-8") if isinstance(text, str) else text)
    for edge in root.iter(f"{{{GEXF_NS}}}edge"):
        edge.attrib.pop("type", None)
    plain = SafeElementTree.tostring(root, encoding="unicode")
    return nx.read_gexf(io.BytesIO(plain.encode("utf-8")))
