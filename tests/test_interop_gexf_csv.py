"""Issue 15, parts 2 and 3: GEXF with Gephi's viz data, and Gephi's CSV tables in a zip."""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter

import pytest
from defusedxml import ElementTree

from graph.interop.csv_zip import EDGE_COLUMNS, NODE_COLUMNS, export_csv_zip
from graph.interop.gexf import export_gexf, read_gexf_graph
from tests.interop_support import EXAMPLE_IDS, EXAMPLES, cr, hostile_case

GEXF = "{http://www.gexf.net/1.2draft}"
VIZ = "{http://www.gexf.net/1.2draft/viz}"


@pytest.mark.parametrize("example", EXAMPLES, ids=EXAMPLE_IDS)
def test_gexf_has_every_tie_with_its_id_type_and_viz(example) -> None:
    case = example.load()
    root = ElementTree.fromstring(export_gexf(case).encode("utf-8"))
    graph = root.find(f"{GEXF}graph")
    assert graph.get("defaultedgetype") == "directed"
    edges = graph.findall(f"{GEXF}edges/{GEXF}edge")
    assert len(edges) == len(case.ties)
    assert len({e.get("id") for e in edges}) == len(edges)
    written = Counter(
        (e.get("source"), e.get("target"), e.get("type"), e.get("kind")) for e in edges
    )
    assert written == Counter(
        (t.source, t.target, "directed" if t.kind == "referral" else "undirected", t.kind)
        for t in case.ties
    )
    assert all(e.get("label") for e in edges)
    assert all(e.find(f"{VIZ}color") is not None for e in edges)
    nodes = {n.get("id"): n for n in graph.findall(f"{GEXF}nodes/{GEXF}node")}
    assert set(nodes) == {a.id for a in case.actors} | {"person"}
    for actor in case.actors:
        node = nodes[actor.id]
        assert node.get("label") == actor.label
        colour = node.find(f"{VIZ}color")
        assert all(0 <= int(colour.get(c)) <= 255 for c in "rgb")
        position = node.find(f"{VIZ}position")
        float(position.get("x")), float(position.get("y"))
        shape = node.find(f"{VIZ}shape").get("value")
        assert shape in ("disc", "square", "triangle")
        assert (shape == "square") == (actor.type not in ("risikomiljo",) and _formal(actor.type))


def _formal(type_key: str) -> bool:
    from graph.reference.catalogue import load_catalogue

    return load_catalogue().types[type_key].sphere == "formal"


@pytest.mark.parametrize("example", EXAMPLES, ids=EXAMPLE_IDS)
def test_gexf_reads_back_with_networkx_with_every_tie(example) -> None:
    case = example.load()
    graph = read_gexf_graph(export_gexf(case))
    assert graph.number_of_edges() == len(case.ties)
    assert Counter((u, v, d["kind"]) for u, v, d in graph.edges(data=True)) == Counter(
        (t.source, t.target, t.kind) for t in case.ties
    )


def test_hostile_text_stays_text_in_gexf() -> None:
    case = hostile_case()
    graph = read_gexf_graph(export_gexf(case))
    for actor in case.actors:
        assert cr(graph.nodes[actor.id]["label"]) == cr(actor.label)
    assert graph.number_of_edges() == len(case.ties)


def _tables(data: bytes) -> dict[str, list[dict[str, str]]]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    tables = {}
    for name in archive.namelist():
        raw = archive.read(name)
        assert raw.startswith(b"\xef\xbb\xbf"), f"{name}: no UTF-8 byte-order mark"
        text = raw.decode("utf-8-sig")
        tables[name] = list(csv.DictReader(io.StringIO(text, newline="")))
    return tables


@pytest.mark.parametrize("example", EXAMPLES, ids=EXAMPLE_IDS)
def test_csv_zip_holds_gephi_node_and_edge_tables(example) -> None:
    case = example.load()
    tables = _tables(export_csv_zip(case, stem="sak"))
    assert sorted(tables) == ["sak-kanter.csv", "sak-noder.csv"]
    nodes, edges = tables["sak-noder.csv"], tables["sak-kanter.csv"]
    assert tuple(nodes[0]) == NODE_COLUMNS and tuple(edges[0]) == EDGE_COLUMNS
    assert [n["Id"] for n in nodes] == ["person", *(a.id for a in case.actors)]
    assert [n["Label"] for n in nodes[1:]] == [a.label for a in case.actors]
    assert len(edges) == len(case.ties)
    for tie, edge in zip(case.ties, edges, strict=True):
        assert (edge["Source"], edge["Target"]) == (tie.source, tie.target)
        assert edge["Type"] == ("Directed" if tie.kind == "referral" else "Undirected")
        assert edge["InfoSharing"] == ("true" if tie.info_sharing else "false")
        assert edge["Weight"] == str(tie.strength or 1)


def test_csv_keeps_norwegian_letters_for_excel() -> None:
    case = EXAMPLES[0].load()
    data = zipfile.ZipFile(io.BytesIO(export_csv_zip(case))).read("sak-noder.csv")
    assert "æ".encode() in data or "ø".encode() in data or "å".encode() in data


def test_csv_never_starts_a_cell_with_a_formula() -> None:
    case = hostile_case()
    tables = _tables(export_csv_zip(case))
    nodes = tables["sak-noder.csv"]
    cells = [value for row in nodes for value in row.values()]
    cells += [value for row in tables["sak-kanter.csv"] for value in row.values()]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    by_id = {row["Id"]: row["Label"] for row in nodes}
    for actor in case.actors:
        expected = actor.label
        if expected.startswith(("=", "+", "-", "@", "\t", "\r")):
            expected = "'" + expected
        assert by_id[actor.id] == expected


def test_csv_formula_guard_on_hyperlink() -> None:
    from graph.format.validation import validate_case

    case = validate_case(
        {
            "format": "tverrkart-case/1",
            "person": {"alias": '=HYPERLINK("http://evil.example/","klikk")'},
            "actors": [{"id": "x", "label": "+47 22 00 00 00", "type": "venner"}],
        }
    )
    nodes = _tables(export_csv_zip(case))["sak-noder.csv"]
    assert nodes[0]["Label"] == '\'=HYPERLINK("http://evil.example/","klikk")'
    assert nodes[1]["Label"] == "'+47 22 00 00 00"
