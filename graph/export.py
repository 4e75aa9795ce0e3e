"""Writing a case in other formats: its own JSON, an offline HTML map, GraphML.

Each exporter returns text; the caller writes it where it belongs.

- JSON is the case file itself (FORMATS.md §1), unknown keys included.
- HTML is ONE self-contained file with the interactive map, made by the same
  renderer as the app with vis-network inlined, so it opens from a USB stick on a
  PC with no network.
- GraphML opens in Gephi and in networkx, with typed attributes (strings, integers,
  booleans, floats) and the map's positions and colours.

Every export of a case that passed validation succeeds: validation refuses the
characters that one of these formats cannot hold
(:func:`graph.messages.forbidden_character`). A case built some other way that
holds one makes GraphML raise :class:`UnexportableTextError` instead of writing a file
no program can read.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import networkx as nx

from graph.casemap import case_map_spec, case_positions
from graph.catalogue import Catalogue, load_catalogue
from graph.messages import forbidden_character
from graph.model import PERSON_ID, Case, case_to_dict
from graph.network import case_multigraph
from graph.render.html import render_map_html
from graph.style import PERSON_STYLE, actor_style
from graph.vocabulary import legal_basis_label, tie_kind_label

EXPORT_FORMATS = ("json", "html", "graphml")


def export_json(case: Case) -> str:
    """The case file as pretty-printed UTF-8 JSON (unknown keys kept)."""
    return json.dumps(case_to_dict(case), ensure_ascii=False, indent=2) + "\n"


def export_html(case: Case, catalogue: Catalogue | None = None) -> str:
    """One self-contained, offline HTML page with the interactive map."""
    return render_map_html(case_map_spec(case, catalogue), inline_js=True)


class UnexportableTextError(ValueError):
    """A text holds a character the export format cannot write (the message says which)."""


def _check_texts(graph: nx.MultiDiGraph) -> None:
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
                f"«{where}» inneholder et kontrolltegn (U+{ord(ch):04X}) som GraphML ikke kan "
                "lagre. Ingen fil er skrevet."
            )


def _rgb(hex_colour: str) -> dict[str, int]:
    value = hex_colour.lstrip("#")
    return {"r": int(value[0:2], 16), "g": int(value[2:4], 16), "b": int(value[4:6], 16)}


def graphml_graph(case: Case, catalogue: Catalogue | None = None) -> nx.MultiDiGraph:
    """The case as a networkx graph with only GraphML-safe, typed attributes.

    Nodes carry ``label``, ``type``, ``type_label``, ``sphere``, ``sector``,
    ``closeness`` (int, omitted when not set), ``coordinator`` (bool), ``x``, ``y``
    (the map's positions, with y pointing up as Gephi expects) and ``r``, ``g``,
    ``b`` (the map's colour). Edges carry ``kind``, ``kind_label``, ``strength``
    (int, when set), ``weight`` (float), ``info_sharing`` (bool), ``legal_basis``
    (when sharing) and ``directed`` (only referrals have a direction).
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
        colour = (
            PERSON_STYLE["color"]
            if node == PERSON_ID
            else actor_style(data["sphere"], data["type"])["color"]
        )
        attrs.update(_rgb(colour))
        graph.add_node(node, **attrs)
    for u, v, data in source.edges(data=True):
        attrs = {
            "kind": data["kind"],
            "kind_label": tie_kind_label(data["kind"]),
            "weight": float(data["strength"] or 1),
            "info_sharing": bool(data["info_sharing"]),
            "directed": data["kind"] == "referral",
        }
        if data["strength"] is not None:
            attrs["strength"] = int(data["strength"])
        if data["info_sharing"]:
            attrs["legal_basis"] = data["legal_basis"] or "unknown"
            attrs["legal_basis_label"] = legal_basis_label(data["legal_basis"])
        graph.add_edge(u, v, **attrs)
    _check_texts(graph)
    return graph


def export_graphml(case: Case, catalogue: Catalogue | None = None) -> str:
    """The case as GraphML text (see :func:`graphml_graph` for the attributes)."""
    return "\n".join(nx.generate_graphml(graphml_graph(case, catalogue))) + "\n"


EXPORTERS: dict[str, Callable[[Case], str]] = {
    "json": export_json,
    "html": export_html,
    "graphml": export_graphml,
}
