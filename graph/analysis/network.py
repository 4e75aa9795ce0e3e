"""A case as a networkx graph, the form every analysis and export starts from.

Two views are offered. :func:`case_multigraph` keeps every tie as its own directed
edge (two people can share a relation and a conflict; a referral has a direction),
which is what an export must preserve. :func:`case_graph` folds them into one
undirected edge per pair, which is what network figures such as density and
centrality are defined on.

Examples
--------
>>> from graph.format.model import Case
>>> case = Case.model_validate({"format": "tverrkart-case/1", "person": {"alias": "A"},
...     "actors": [{"id": "mor", "label": "Mor", "type": "foresatte"}],
...     "ties": [{"from": "person", "to": "mor", "kind": "support"},
...              {"from": "mor", "to": "person", "kind": "conflict"}]})
>>> case_multigraph(case).number_of_edges(), case_graph(case).number_of_edges()
(2, 1)
>>> sorted(case_graph(case).edges["person", "mor"]["kinds"])
['conflict', 'support']
"""

from __future__ import annotations

import networkx as nx

from graph.format.model import PERSON_ID, Case
from graph.reference.catalogue import Catalogue, load_catalogue


def _node_attributes(case: Case, catalogue: Catalogue) -> list[tuple[str, dict]]:
    nodes = [
        (
            PERSON_ID,
            {"label": case.person.alias, "type": PERSON_ID, "sphere": "person", "sector": ""},
        )
    ]
    for actor in case.actors:
        actor_type = catalogue.types.get(actor.type)
        nodes.append(
            (
                actor.id,
                {
                    "label": actor.label,
                    "type": actor.type,
                    "sphere": actor_type.sphere if actor_type else "",
                    "sector": actor_type.sector if actor_type else "",
                    "closeness": actor.closeness,
                    "coordinator": actor.coordinator,
                },
            )
        )
    return nodes


def case_multigraph(case: Case, catalogue: Catalogue | None = None) -> nx.MultiDiGraph:
    """Every actor and the person as nodes, every tie as its own directed edge.

    Node attributes: ``label``, ``type``, ``sphere``, ``sector``, ``closeness``,
    ``coordinator``. Edge attributes: ``kind``, ``strength``, ``info_sharing``,
    ``legal_basis``, ``index`` (the tie's place in the file).
    """
    catalogue = catalogue or load_catalogue()
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(_node_attributes(case, catalogue))
    for index, tie in enumerate(case.ties):
        graph.add_edge(
            tie.source,
            tie.target,
            kind=tie.kind,
            strength=tie.strength,
            info_sharing=tie.info_sharing,
            legal_basis=tie.legal_basis,
            index=index,
        )
    return graph


def case_graph(case: Case, catalogue: Catalogue | None = None) -> nx.Graph:
    """The case as a simple undirected graph: one edge per pair that has any tie.

    Edge attribute ``kinds`` is the set of tie kinds between the pair, and
    ``strength`` the strongest stated strength (or None).
    """
    catalogue = catalogue or load_catalogue()
    graph = nx.Graph()
    graph.add_nodes_from(_node_attributes(case, catalogue))
    for tie in case.ties:
        if graph.has_edge(tie.source, tie.target):
            data = graph.edges[tie.source, tie.target]
            data["kinds"].add(tie.kind)
            if tie.strength is not None:
                data["strength"] = max(data["strength"] or 0, tie.strength)
        else:
            graph.add_edge(tie.source, tie.target, kinds={tie.kind}, strength=tie.strength)
    return graph
