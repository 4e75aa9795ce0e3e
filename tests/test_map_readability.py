"""The case maps are readable (issue 11): no label covers another label or a node, and
no tie runs through a node it does not connect, on every example and on the idékart.

Measured with :func:`graph.render.geometry.map_quality`, which these tests also check
on small maps built by hand, so a measure that counts nothing cannot pass them.
``benchmarks/map_readability.py`` gives the figures for 200 random cases.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from graph.format.examples import list_examples
from graph.format.limits import MAP_READABLE_ACTORS
from graph.format.model import PERSON_ID
from graph.format.validation import validate_case
from graph.maps import diff_map_spec, network_map
from graph.maps.casemap import LEGAL_BASIS_SHORT, case_map_spec, too_many_notice
from graph.maps.ideamap import idea_map_spec
from graph.reference.catalogue import load_catalogue
from graph.reference.vocabulary import LEGAL_BASES
from graph.render.geometry import (
    CURVE_SAMPLES,
    ROUNDNESS_CHOICES,
    edge_path,
    map_quality,
    node_boxes,
    route_edges,
    text_size,
    untangle,
    via_point,
    with_curves,
)
from graph.render.spec import MapEdge, MapNode, MapSpec
from tests.conftest import make_case

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.map_readability import random_case

CATALOGUE = load_catalogue()
EXAMPLES = {example.name: example for example in list_examples()}


def spec_of(nodes, edges=(), **fields) -> MapSpec:
    return MapSpec(title="", nodes=tuple(nodes), edges=tuple(edges), **fields)


# --------------------------------------------------------------------------- the measure


def test_two_labels_on_top_of_each_other_are_counted():
    quality = map_quality(spec_of([MapNode("a", "Venn", 0, 0), MapNode("b", "Venninne", 8, 0)]))
    assert quality.label_label == 1
    assert quality.label_node == 1  # the nodes themselves overlap too
    assert quality.problems == ("etikett/etikett: a – b", "node/node: a – b")


def test_a_label_over_a_node_is_counted():
    # b stands right under a, where a's label is drawn.
    quality = map_quality(spec_of([MapNode("a", "Kontaktlærer", 0, 0), MapNode("b", "", 0, 45)]))
    assert (quality.label_label, quality.label_node) == (0, 1)
    assert quality.problems == ("etikett/node: a over b",)


def test_a_box_holds_its_label_and_counts_as_a_node():
    wide = MapNode("a", "Barneverntjenesten", 0, 0, shape="box")
    body, label = node_boxes(wide, 14.0)
    assert label is None
    assert body.right - body.left == pytest.approx(text_size(wide.label, 14.0)[0] + 10)
    quality = map_quality(spec_of([wide, MapNode("b", "", 60, 0)]))
    assert quality.label_node == 1


def test_nodes_apart_with_short_labels_are_clear():
    quality = map_quality(spec_of([MapNode("a", "Mor", 0, 0), MapNode("b", "Far", 100, 0)]))
    assert quality.overlaps == 0 and quality.problems == ()


def test_a_tie_through_a_node_is_counted_and_a_curve_goes_around_it():
    nodes = [MapNode("a", "", 0, 0), MapNode("b", "", 300, 0), MapNode("c", "", 150, 3)]
    spec = spec_of(nodes, [MapEdge("a", "b")])
    assert map_quality(spec).edge_node == 1
    curves = route_edges(spec)
    assert curves[0] != 0.0
    assert map_quality(with_curves(spec, curves)).edge_node == 0


def test_a_tie_to_its_own_ends_is_not_a_crossing():
    spec = spec_of([MapNode("a", "", 0, 0), MapNode("b", "", 100, 0)], [MapEdge("a", "b")])
    assert map_quality(spec).edge_node == 0
    assert route_edges(spec) == (0.0,)


def test_the_curve_is_vis_networks():
    # vis-network 9.1.2, curvedCW with roundness 0.5 from (0, 0) to (100, 0): the control
    # point is 75 units from the start, 135° round from the line (y points down).
    x, y = via_point((0.0, 0.0), (100.0, 0.0), 0.5)
    assert (x, y) == pytest.approx((53.033, -53.033), abs=1e-3)
    x, y = via_point((0.0, 0.0), (100.0, 0.0), -0.5)
    assert (x, y) == pytest.approx((53.033, 53.033), abs=1e-3)
    path = edge_path((0.0, 0.0), (100.0, 0.0), 0.5)
    assert path[0] == (0.0, 0.0) and path[-1] == pytest.approx((100.0, 0.0))


def test_a_tie_label_over_a_node_is_counted():
    nodes = [MapNode("a", "", 0, 0), MapNode("b", "", 200, 0), MapNode("c", "", 100, 22)]
    quality = map_quality(spec_of(nodes, [MapEdge("a", "b", label="§ opplysningsplikt")]))
    assert quality.edge_label == 1


def test_untangle_moves_a_node_out_of_a_ties_way_when_no_curve_helps():
    # c sits on the tie a-b, and a node stands in the middle of every curve it could take.
    start, end = (0.0, 0.0), (300.0, 0.0)
    walls = [
        MapNode(f"w{i}", "", *edge_path(start, end, curve)[CURVE_SAMPLES // 2])
        for i, curve in enumerate(ROUNDNESS_CHOICES)
    ]
    nodes = [MapNode("a", "", *start), MapNode("b", "", *end), MapNode("c", "", 150, 0), *walls]
    spec = spec_of(nodes, [MapEdge("a", "b")])
    spec = with_curves(spec, route_edges(spec))
    assert map_quality(spec).edge_node == 1
    moved = untangle(spec, {"c": [(150.0, 10.0), (150.0, 500.0)]})
    assert map_quality(moved).edge_node == 0
    assert {n.id: (n.x, n.y) for n in moved.nodes}["c"] == (150.0, 500.0)
    assert moved.edges[0].curve == 0.0


# --------------------------------------------------------------------------- the maps


@pytest.mark.parametrize("name", sorted(EXAMPLES))
@pytest.mark.parametrize("show_ghosts", [True, False])
def test_no_example_map_hides_a_label_a_node_or_a_tie(name, show_ghosts):
    spec = network_map(EXAMPLES[name].load(), CATALOGUE, show_ghosts=show_ghosts)
    quality = map_quality(spec)
    assert quality.label_label == 0, quality.problems
    assert quality.label_node == 0, quality.problems
    assert quality.edge_node == 0, quality.problems
    assert quality.edge_label == 0, quality.problems


def test_the_idea_map_keeps_its_labels_apart():
    quality = map_quality(idea_map_spec(CATALOGUE))
    assert quality.overlaps == 0, quality.problems
    assert quality.edge_node == 0, quality.problems


def test_the_comparison_map_keeps_its_marked_labels_apart():
    old = EXAMPLES["elev-utreise"].load()
    data = old.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["actors"] = data["actors"][:-3]
    kept = {a["id"] for a in data["actors"]} | {PERSON_ID}
    data["ties"] = [t for t in data["ties"] if t["from"] in kept and t["to"] in kept]
    new = validate_case(data)
    spec = diff_map_spec(new, old)
    labels = [n.label for n in spec.nodes]
    assert any(label.startswith("+ ") for label in labels)
    quality = map_quality(spec)
    assert quality.overlaps == 0, quality.problems


@pytest.mark.parametrize("seed", [0, 7, 11])
def test_random_cases_of_20_to_60_actors_have_no_label_overlap(seed):
    case = random_case(seed)
    assert 20 <= len(case.actors) <= 60
    quality = map_quality(network_map(case, CATALOGUE))
    assert quality.overlaps == 0, quality.problems


def test_the_map_is_the_same_every_time():
    case = random_case(3)
    assert network_map(case, CATALOGUE) == network_map(case, CATALOGUE)


# --------------------------------------------------------------------------- § on the map


def test_a_tie_that_shares_information_shows_its_legal_basis_beside_the_mark():
    case = EXAMPLES["elev-utreise"].load()
    spec = network_map(case, CATALOGUE)
    for tie, edge in zip(case.ties, spec.edges, strict=True):
        if tie.info_sharing:
            assert edge.label == f"§ {LEGAL_BASIS_SHORT[tie.legal_basis]}"
        else:
            assert edge.label == ""
    assert {"§ samtykke", "§ opplysningsplikt"} <= {e.label for e in spec.edges}


def test_every_legal_basis_has_a_short_form():
    assert set(LEGAL_BASIS_SHORT) == {*LEGAL_BASES, None}
    assert all(0 < len(text) <= 22 for text in LEGAL_BASIS_SHORT.values())


# --------------------------------------------------------------------------- large cases


def test_a_case_above_the_threshold_says_the_map_cannot_be_read():
    types = list(CATALOGUE.types)
    actors = [(f"a{i}", types[i % len(types)], 1 + i % 3) for i in range(MAP_READABLE_ACTORS + 1)]
    spec = case_map_spec(make_case(actors), CATALOGUE)
    assert spec.notice == too_many_notice(MAP_READABLE_ACTORS + 1)
    assert str(MAP_READABLE_ACTORS + 1) in spec.notice and "sektor" in spec.notice
    assert spec.label_size is None  # labels show when zoomed in (dense mode)
    small = case_map_spec(make_case(actors[:MAP_READABLE_ACTORS]), CATALOGUE)
    assert small.notice == "" and small.label_size is not None


def test_a_dense_map_is_drawn_with_bounded_work() -> None:
    """A valid case may have 5,000 ties: past the work limits no actor is moved and ties
    stay straight, instead of half a minute of routing (issue 9's bounded cost)."""
    from benchmarks.synthetic import synthetic_case
    from graph.maps.casemap import ROUTE_WORK_LIMIT, UNTANGLE_WORK_LIMIT, case_map_spec

    dense = synthetic_case(100, ties_per_actor=50)
    assert len(dense.ties) * (len(dense.actors) + 1) > ROUTE_WORK_LIMIT
    assert all(edge.curve == 0 for edge in case_map_spec(dense).edges)
    middle = synthetic_case(150, ties_per_actor=1.5)
    work = len(middle.ties) * (len(middle.actors) + 1)
    assert UNTANGLE_WORK_LIMIT < work <= ROUTE_WORK_LIMIT
    assert case_map_spec(middle).edges  # routed once, not untangled
