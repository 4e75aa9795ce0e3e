"""pyvis as the builder of the map's node and edge lists (the client asked for pyvis).

Only pyvis's lists are used: its template, options string and HTML output are not (see
:mod:`graph.render.html` for why). The fields given are checked and complete already;
this adapter passes them through a :class:`pyvis.network.Network` and undoes what
pyvis adds or changes on its own.
"""

from __future__ import annotations

from collections.abc import Sequence

from pyvis.network import Network

from graph.render.page import EdgeData, NodeData


def node_and_edge_lists(
    nodes: Sequence[NodeData], edges: Sequence[EdgeData]
) -> tuple[list[NodeData], list[EdgeData]]:
    """Build the node and edge lists of a map with pyvis.

    The network is directed so pyvis keeps every edge as given (an undirected pyvis
    network silently drops B-A after A-B, and checks duplicates in quadratic time).

    Parameters
    ----------
    nodes : sequence of NodeData
        Unique ids; every field final.
    edges : sequence of EdgeData
        Between ids of ``nodes``.

    Returns
    -------
    tuple of (list of NodeData, list of EdgeData)
        The same items as pyvis holds them, in the same order.
    """
    net = Network(directed=True, cdn_resources="local")
    for node in nodes:
        net.add_node(node["id"], label=node["label"], shape=node["shape"])
        # Set every field afterwards: pyvis replaces an empty label by the id (which
        # must never show on the map), gives every node its own default colour, and
        # drops a given colour when the node has a group.
        net.node_map[node["id"]].update(node)
    for edge in edges:
        fields = {k: v for k, v in edge.items() if k not in ("from", "to")}
        net.add_edge(edge["from"], edge["to"], **fields)
        if "arrows" not in edge:
            del net.edges[-1]["arrows"]  # a directed pyvis network adds "to" to every edge
    built_nodes, built_edges, *_ = net.get_network_data()
    return built_nodes, built_edges
