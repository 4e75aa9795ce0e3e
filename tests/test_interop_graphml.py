"""Issue 15, part 1: GraphML that Gephi reads with every tie (a strict reader says so).

Gephi drops an edge whose id it has seen before, and reads the direction from
``edgedefault`` and each edge's ``directed``. networkx is tolerant of both, so the
tests read the files with :func:`strict_graphml`, a reader written here that refuses
what the GraphML specification refuses: duplicate ids, undeclared keys, values that
do not fit their declared type, edges to unknown nodes.
"""

from __future__ import annotations

from collections import Counter

import networkx as nx
import pytest
from defusedxml import ElementTree

from graph.format.model import Case
from graph.format.validation import validate_case
from graph.interop.graphml import (
    UnexportableTextError,
    export_graphml,
    graphml_graph,
    read_graphml_graph,
)
from tests.interop_support import EXAMPLE_IDS, EXAMPLES, cr, hostile_case

NS = "{http://graphml.graphdrawing.org/xmlns}"
TYPES = {
    "boolean": lambda text: {"true": True, "false": False, "1": True, "0": False}[text],
    "int": int,
    "long": int,
    "float": float,
    "double": float,
    "string": str,
}


GEPHI_ID_PROPERTIES = {("node", "d3"): "label", ("edge", "d7"): "label"}
"""Key ids Gephi's GraphML importer reads as a property by the id alone."""


class StrictGraphMLError(ValueError):
    pass


def strict_graphml(text: str) -> dict:
    """Read GraphML as the specification says, refusing anything a strict reader refuses.

    Returns ``{"edgedefault", "nodes": {id: {name: value}}, "edges": [dict]}``.
    """
    root = ElementTree.fromstring(text.encode("utf-8"))
    if root.tag != f"{NS}graphml":
        raise StrictGraphMLError(f"root is {root.tag}")
    keys: dict[str, tuple[str, str, str]] = {}
    for key in root.findall(f"{NS}key"):
        key_id = key.get("id")
        if not key_id or key_id in keys:
            raise StrictGraphMLError(f"duplicate or missing key id {key_id!r}")
        domain, name, kind = key.get("for", "all"), key.get("attr.name"), key.get("attr.type")
        if domain not in ("node", "edge", "graph", "all") or kind not in TYPES or not name:
            raise StrictGraphMLError(f"bad key {key_id}: {domain} {name} {kind}")
        keys[key_id] = (domain, name, kind)
        # Gephi maps a key to a property by its id before its name: yEd's d3 (node) and
        # d7 (edge) are read as the label, whatever attr.name says.
        gephi = GEPHI_ID_PROPERTIES.get((domain, key_id))
        if gephi is not None and gephi != name:
            raise StrictGraphMLError(f"{domain} key id {key_id} is Gephi's {gephi}, not {name}")
    graphs = root.findall(f"{NS}graph")
    if len(graphs) != 1:
        raise StrictGraphMLError(f"{len(graphs)} graphs")
    graph = graphs[0]
    edgedefault = graph.get("edgedefault")
    if edgedefault not in ("directed", "undirected"):
        raise StrictGraphMLError(f"edgedefault {edgedefault!r}")

    def data(element, domain: str) -> dict:
        values = {}
        for item in element.findall(f"{NS}data"):
            if item.get("key") not in keys:
                raise StrictGraphMLError(f"undeclared key {item.get('key')}")
            key_domain, name, kind = keys[item.get("key")]
            if key_domain not in (domain, "all"):
                raise StrictGraphMLError(f"key {name} is for {key_domain}, used on {domain}")
            if name in values:
                raise StrictGraphMLError(f"{name} twice on one {domain}")
            try:
                values[name] = TYPES[kind](item.text or "")
            except (KeyError, ValueError) as error:
                raise StrictGraphMLError(f"{name}={item.text!r} is not {kind}") from error
        return values

    nodes: dict[str, dict] = {}
    for node in graph.findall(f"{NS}node"):
        if node.get("id") in nodes or not node.get("id"):
            raise StrictGraphMLError(f"duplicate or missing node id {node.get('id')!r}")
        nodes[node.get("id")] = data(node, "node")
    edges, edge_ids = [], set()
    for edge in graph.findall(f"{NS}edge"):
        edge_id = edge.get("id")
        if edge_id is None or edge_id in edge_ids or edge_id in nodes:
            raise StrictGraphMLError(f"duplicate or missing edge id {edge_id!r}")
        edge_ids.add(edge_id)
        if edge.get("source") not in nodes or edge.get("target") not in nodes:
            raise StrictGraphMLError(f"edge {edge_id} names an unknown node")
        directed = edge.get("directed", "true" if edgedefault == "directed" else "false")
        if directed not in ("true", "false"):
            raise StrictGraphMLError(f"directed={directed!r}")
        edges.append(
            {
                "id": edge_id,
                "source": edge.get("source"),
                "target": edge.get("target"),
                "directed": directed == "true",
                **data(edge, "edge"),
            }
        )
    return {"edgedefault": edgedefault, "nodes": nodes, "edges": edges}


def test_the_strict_reader_refuses_what_networkx_wrote_before() -> None:
    # networkx's own GraphML of a multigraph: every edge gets its key as id, so "0" twice.
    graph = nx.MultiDiGraph()
    graph.add_edge("person", "mor", kind="support")
    graph.add_edge("person", "far", kind="support")
    old = "\n".join(nx.generate_graphml(graph))
    with pytest.raises(StrictGraphMLError, match="duplicate or missing edge id '0'"):
        strict_graphml(old)


@pytest.mark.parametrize("example", EXAMPLES, ids=EXAMPLE_IDS)
def test_every_tie_is_an_edge_with_its_own_id_label_and_direction(example) -> None:
    case = example.load()
    read = strict_graphml(export_graphml(case))
    assert read["edgedefault"] == "undirected"
    assert len(read["edges"]) == len(case.ties)
    # networkx writes the edges grouped by node: compare as multisets.
    written = Counter((e["source"], e["target"], e["kind"], e["directed"]) for e in read["edges"])
    expected = Counter((t.source, t.target, t.kind, t.kind == "referral") for t in case.ties)
    assert written == expected
    assert all(e["label"] for e in read["edges"])
    assert any(e["directed"] for e in read["edges"]) == any(t.kind == "referral" for t in case.ties)


@pytest.mark.parametrize("example", EXAMPLES, ids=EXAMPLE_IDS)
def test_nodes_have_label_colour_and_position_as_gephi_reads_them(example) -> None:
    case = example.load()
    read = strict_graphml(export_graphml(case))
    assert set(read["nodes"]) == {a.id for a in case.actors} | {"person"}
    for actor in case.actors:
        node = read["nodes"][actor.id]
        assert node["label"] == actor.label
        assert all(isinstance(node[c], int) and 0 <= node[c] <= 255 for c in "rgb")
        assert isinstance(node["x"], float) and isinstance(node["y"], float)
    assert read["nodes"]["person"]["label"] == case.person.alias


@pytest.mark.parametrize("example", EXAMPLES, ids=EXAMPLE_IDS)
def test_networkx_reads_every_tie_back(example) -> None:
    case = example.load()
    graph = read_graphml_graph(export_graphml(case))
    assert isinstance(graph, nx.MultiDiGraph)
    assert graph.number_of_edges() == len(case.ties)
    assert Counter((u, v, d["kind"]) for u, v, d in graph.edges(data=True)) == Counter(
        (t.source, t.target, t.kind) for t in case.ties
    )
    assert {k for _, _, k in graph.edges(keys=True)} == {f"t{i}" for i in range(len(case.ties))}
    directed = {(u, v) for u, v, d in graph.edges(data="directed") if d}
    assert directed == {(t.source, t.target) for t in case.ties if t.kind == "referral"}


def test_parallel_ties_between_one_pair_are_all_kept() -> None:
    case = validate_case(
        {
            "format": "tverrkart-case/1",
            "person": {"alias": "A"},
            "actors": [{"id": "mor", "label": "Mor", "type": "foresatte"}],
            "ties": [
                {"from": "person", "to": "mor", "kind": "support"},
                {"from": "person", "to": "mor", "kind": "conflict"},
                {"from": "mor", "to": "person", "kind": "referral"},
            ],
        }
    )
    read = strict_graphml(export_graphml(case))
    assert [e["id"] for e in read["edges"]] == ["t0", "t1", "t2"]
    assert [e["directed"] for e in read["edges"]] == [False, False, True]
    assert read_graphml_graph(export_graphml(case)).number_of_edges() == 3


def test_hostile_text_stays_text_in_graphml() -> None:
    case = hostile_case()
    text = export_graphml(case)
    read = strict_graphml(text)
    for actor in case.actors:
        assert cr(read["nodes"][actor.id]["label"]) == cr(actor.label)
    assert "<script>" not in text and "<b>" not in text


def test_a_case_that_skipped_validation_is_refused_not_written_broken() -> None:
    case = Case.model_validate(
        {
            "format": "tverrkart-case/1",
            "person": {"alias": "A"},
            "actors": [{"id": "mor", "label": "Mor\u0001", "type": "foresatte"}],
        }
    )
    with pytest.raises(UnexportableTextError, match="U\\+0001"):
        graphml_graph(case)


def test_the_strict_reader_refuses_key_ids_gephi_reads_as_the_label() -> None:
    # networkx numbers the keys d0, d1 …; Gephi reads a node key with id d3 as the label.
    graph = graphml_graph(EXAMPLES[0].load())
    plain = nx.MultiDiGraph(graph)
    for _, _, key, data in plain.edges(keys=True, data=True):
        data["id"] = key  # unique edge ids, so only the key ids are wrong
    text = "\n".join(nx.generate_graphml(plain, edge_id_from_attribute="id"))
    with pytest.raises(StrictGraphMLError, match=r"key id d(3|7) is Gephi's label, not"):
        strict_graphml(text)
