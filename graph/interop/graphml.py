"""GraphML that Gephi reads correctly, and reading it back with networkx.

What Gephi needs, and what this writes:

- every edge has its own ``id`` (``t0``, ``t1`` … by the tie's place in the case file):
  Gephi drops an edge whose id it has already seen, so a file where every edge had the
  id of its networkx key (``0``) showed one tie per pair at most;
- nodes and edges carry ``label`` (the actor's name; the tie kind in Norwegian);
- the graph says ``edgedefault="undirected"`` and only referrals (``kind: referral``, a
  report from one service to another) carry ``directed="true"``: GraphML allows the
  direction per edge, and Gephi imports such a file as a mixed graph;
- node colour as ``r``, ``g``, ``b`` (integers) and position as ``x``, ``y`` (floats,
  y pointing up), the attribute names (``attr.name``) Gephi's GraphML importer reads as
  colour and position; edges carry ``weight`` (the tie's strength, 1 when not set) and
  their colour. Key ids are ``node_label``, ``edge_weight`` …: unique in the file, as
  GraphML requires, and none of the ids Gephi reads as a label on its own (``d3``,
  ``d7``, yEd's);
- booleans are written ``true``/``false`` (XML Schema), not Python's ``True``.

networkx cannot read a mixed graph (its reader refuses ``directed="true"`` in an
undirected graph); :func:`read_graphml_graph` reads this project's files into a
``MultiDiGraph`` with every tie, by taking the direction from the ``directed`` data
attribute that every edge also carries.

Every export of a case that passed validation succeeds: validation refuses the
characters XML cannot hold (:func:`graph.format.messages.forbidden_character`). A case built
some other way that holds one raises :class:`UnexportableTextError` instead of
writing a file no program can read.
"""

from __future__ import annotations

import networkx as nx
from defusedxml import ElementTree as SafeElementTree
from networkx.readwrite.graphml import GraphMLWriter

from graph.analysis.network import case_multigraph
from graph.format.messages import forbidden_character
from graph.format.model import PERSON_ID, Case
from graph.maps.casemap import case_positions
from graph.maps.style import PERSON_STYLE, TIE_STYLES, actor_style
from graph.reference.catalogue import Catalogue, load_catalogue
from graph.reference.vocabulary import legal_basis_label, tie_kind_label

NS = "http://graphml.graphdrawing.org/xmlns"
DIRECTED_KINDS = frozenset({"referral"})
"""Tie kinds with a direction (from → to); every other kind is undirected."""


class UnexportableTextError(ValueError):
    """A text holds a character the export format cannot write (the message says which)."""


def check_texts(graph: nx.MultiDiGraph, format_name: str = "GraphML") -> None:
    """Raise :class:`UnexportableTextError` when a text of ``graph`` cannot be XML."""
    items = [("tittel", graph.graph.get("name", ""))]
    items += [(str(node), node) for node in graph.nodes]
    items += [
        (str(node), value) for node, data in graph.nodes(data=True) for value in data.values()
    ]
    items += [
        (f"{u}–{v}", value) for u, v, data in graph.edges(data=True) for value in data.values()
    ]
    for where, value in items:
        if isinstance(value, str) and (ch := forbidden_character(value)) is not None:
            raise UnexportableTextError(
                f"«{where}» inneholder et kontrolltegn (U+{ord(ch):04X}) som {format_name} "
                "ikke kan lagre. Ingen fil er skrevet."
            )


def rgb(hex_colour: str) -> dict[str, int]:
    """``#rrggbb`` as red, green and blue integers.

    >>> rgb("#1d3557")
    {'r': 29, 'g': 53, 'b': 87}
    """
    value = hex_colour.lstrip("#")
    return {"r": int(value[0:2], 16), "g": int(value[2:4], 16), "b": int(value[4:6], 16)}


def node_colour(node: str, sphere: str, type_key: str) -> str:
    """The map's fill colour of a node (the person, or an actor by sphere and type)."""
    return PERSON_STYLE["color"] if node == PERSON_ID else actor_style(sphere, type_key)["color"]


def edge_id(index: int) -> str:
    """The GraphML/GEXF id of the tie at ``index`` in the case file (``t0``, ``t1`` …)."""
    return f"t{index}"


def graphml_graph(case: Case, catalogue: Catalogue | None = None) -> nx.MultiDiGraph:
    """The case as a networkx graph with only GraphML-safe, typed attributes.

    Nodes carry ``label``, ``type``, ``type_label``, ``sphere``, ``sector``,
    ``closeness`` (int, omitted when not set), ``coordinator`` (bool), ``x``, ``y``
    (the map's positions, with y pointing up as Gephi expects) and ``r``, ``g``,
    ``b`` (the map's colour). Edges are keyed by their id (:func:`edge_id`) and carry
    ``label`` and ``kind_label`` (the kind in Norwegian), ``kind``, ``strength`` (int,
    when set), ``weight`` (float), ``info_sharing`` (bool), ``legal_basis`` (when
    sharing), ``directed`` (only referrals have a direction) and ``r``, ``g``, ``b``.
    """
    catalogue = catalogue or load_catalogue()
    source = case_multigraph(case, catalogue)
    positions = case_positions(case, catalogue)
    graph = nx.MultiDiGraph(name=case.title or case.person.alias)
    for node, data in source.nodes(data=True):
        x, y = positions[node]
        attrs: dict = {
            "label": data["label"],
            "type": data["type"],
            "type_label": "Personen" if node == PERSON_ID else catalogue.label(data["type"]),
            "sphere": data["sphere"],
            "sector": data["sector"],
            "coordinator": bool(data.get("coordinator", False)),
            "x": float(x),
            "y": float(-y),
        }
        if data.get("closeness") is not None:
            attrs["closeness"] = int(data["closeness"])
        attrs.update(rgb(node_colour(node, data["sphere"], data["type"])))
        graph.add_node(node, **attrs)
    for u, v, data in source.edges(data=True):
        kind = data["kind"]
        attrs = {
            "label": tie_kind_label(kind),
            "kind": kind,
            "kind_label": tie_kind_label(kind),
            "weight": float(data["strength"] or 1),
            "info_sharing": bool(data["info_sharing"]),
            "directed": kind in DIRECTED_KINDS,
        }
        if data["strength"] is not None:
            attrs["strength"] = int(data["strength"])
        if data["info_sharing"]:
            attrs["legal_basis"] = data["legal_basis"] or "unknown"
            attrs["legal_basis_label"] = legal_basis_label(data["legal_basis"])
        attrs.update(rgb(TIE_STYLES[kind]["color"]))
        graph.add_edge(u, v, key=edge_id(data["index"]), **attrs)
    check_texts(graph)
    return graph


def export_graphml(case: Case, catalogue: Catalogue | None = None) -> str:
    """The case as GraphML text for Gephi (see the module docs and :func:`graphml_graph`)."""
    graph = graphml_graph(case, catalogue)
    writer = GraphMLWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph_element(graph)
    # networkx writes the namespace as an attribute, so its elements have plain tags.
    # Key ids named after what they hold (``node_label``, ``edge_weight``): networkx's
    # ``d0``, ``d1`` … collide with ids Gephi reads as yEd's label keys (``d3`` on a
    # node, ``d7`` on an edge), so Gephi took whatever attribute got ``d3`` as the label.
    renamed, booleans = {}, set()
    for key in writer.xml.iter("key"):
        renamed[key.get("id")] = f"{key.get('for')}_{key.get('attr.name')}"
        key.set("id", renamed[key.get("id")])
        if key.get("attr.type") == "boolean":
            booleans.add(key.get("id"))
    for data in writer.xml.iter("data"):
        data.set("key", renamed[data.get("key")])
        if data.get("key") in booleans:  # XML Schema's spelling: true / false
            data.text = data.text.lower()
    graph_element = writer.xml.find("graph")
    graph_element.set("edgedefault", "undirected")
    directed = {key for _, _, key, d in graph.edges(keys=True, data="directed") if d}
    for edge in graph_element.iter("edge"):
        if edge.get("id") in directed:
            edge.set("directed", "true")
    return "<?xml version='1.0' encoding='utf-8'?>\n" + str(writer) + "\n"


def read_graphml_graph(text: str | bytes) -> nx.MultiDiGraph:
    """Read a GraphML file written by :func:`export_graphml` with networkx, every tie kept.

    networkx refuses a mixed graph, so the per-edge ``directed`` marks are taken off and
    the graph read as directed (each tie from its ``from`` to its ``to``, keyed by its id);
    which ties have a direction stays in each edge's ``directed`` attribute. The XML is
    parsed with defusedxml first, so a hostile file cannot expand entities.
    """
    root = SafeElementTree.fromstring(text.encode("utf-8") if isinstance(text, str) else text)
    for graph_element in root.iter(f"{{{NS}}}graph"):
        graph_element.set("edgedefault", "directed")
        for edge in graph_element.iter(f"{{{NS}}}edge"):
            edge.attrib.pop("directed", None)
    plain = SafeElementTree.tostring(root, encoding="unicode")
    return nx.parse_graphml(plain, force_multigraph=True)
