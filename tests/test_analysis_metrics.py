"""Tests for the network figures (easyNWK key figures plus centrality), on small graphs.

Every expected number is computed by hand, with the arithmetic in a comment. The figures
are over the contacts (actors); the person at the centre is left out.
"""

from __future__ import annotations

import pytest

from graph.analysis.metrics import DEFINITIONS, network_metrics
from tests.conftest import make_case

# A small map: a triangle a-b-c among the contacts, d hanging off c, e tied only to the person.
#   person - a (support), person - b (relation), person - e (support)
#   a - b twice (relation + conflict: one pair), b - c, a - c, c - d
SMALL_ACTORS = [
    ("a", "foresatte", 1),  # familie sector, informal
    ("b", "venner", 2),  # venner_naermiljo, informal
    ("c", "skole", 3),  # skole_arbeid_fritid, formal
    ("d", "nav", None),  # tjenester, formal
    ("e", "familie", 2),  # familie sector, informal
]
SMALL_TIES = [
    ("person", "a", "support"),
    ("b", "person", "relation"),
    ("person", "e", "support"),
    ("a", "b", "relation"),
    ("b", "a", "conflict"),
    ("b", "c", "relation"),
    ("a", "c", "collaboration"),
    ("c", "d", "relation"),
]


@pytest.fixture(scope="module")
def small(catalogue) -> dict:
    return network_metrics(make_case(SMALL_ACTORS, SMALL_TIES), catalogue)


def test_size(small) -> None:
    assert small["size"] == 5  # a, b, c, d, e; the person is not counted


def test_size_tied_and_not_tied_to_person(small) -> None:
    assert small["size_tied_to_person"] == 3  # a, b, e
    assert small["size_not_tied_to_person"] == 2  # 5 - 3: c, d
    assert small["not_tied_to_person"] == ["c", "d"]


def test_size_by_sector(small) -> None:
    assert small["size_by_sector"] == {
        "familie": 2,  # a (foresatte) + e (familie)
        "venner_naermiljo": 1,  # b
        "skole_arbeid_fritid": 1,  # c (skole)
        "tjenester": 1,  # d (nav)
    }


def test_size_by_sphere(small) -> None:
    assert small["size_by_sphere"] == {"formal": 2, "informal": 3}  # c, d | a, b, e


def test_average_closeness(small) -> None:
    # over the contacts tied to the person (easyNWK): a 1, b 2, e 2; c is not tied, d has none
    assert small["average_closeness"] == 1.67  # (1 + 2 + 2) / 3


def test_average_closeness_rounds(catalogue) -> None:
    case = make_case(
        [("a", "venner", 1), ("b", "venner", 1), ("c", "venner", 2)],
        [("person", a, "support") for a in ("a", "b", "c")],
    )
    assert network_metrics(case, catalogue)["average_closeness"] == 1.33  # 4 / 3 = 1.333…


def test_average_closeness_none_when_nobody_has_closeness(catalogue) -> None:
    case = make_case([("a", "venner"), ("b", "skole")], [("person", "a", "support")])
    assert network_metrics(case, catalogue)["average_closeness"] is None


def test_ties_among_actors_counts_pairs_once(small) -> None:
    assert small["ties_among_actors"] == 4  # a-b (2 ties, one pair), b-c, a-c, c-d


def test_ties_to_the_person_never_count(catalogue) -> None:
    case = make_case(
        [("a", "venner"), ("b", "venner")],
        [("person", "a", "support"), ("b", "person", "risk"), ("person", "b", "relation")],
    )
    figures = network_metrics(case, catalogue)
    assert figures["ties_among_actors"] == 0  # only ties to the person
    assert figures["density"] == 0.0  # 0 / 1
    assert figures["average_degree"] == 0.0  # 2·0 / 2


def test_density(small) -> None:
    assert small["density"] == 0.4  # 4 / (5·4/2 = 10)


@pytest.mark.parametrize("n", [0, 1])
def test_density_undefined_below_two_actors(catalogue, n) -> None:
    case = make_case([("a", "venner"), ("b", "venner")][:n], [("person", "a", "support")][:n])
    figures = network_metrics(case, catalogue)
    assert figures["density"] is None  # n < 2: no possible pair, so no share (shown «–»)
    assert figures["size"] == n


def test_density_of_a_triangle_is_one(catalogue) -> None:
    case = make_case(
        [("a", "venner"), ("b", "venner"), ("c", "venner")],
        [("a", "b", "relation"), ("b", "c", "relation"), ("c", "a", "support")],
    )
    assert network_metrics(case, catalogue)["density"] == 1.0  # 3 / (3·2/2 = 3)


def test_average_degree(small) -> None:
    assert small["average_degree"] == 1.6  # 2·4 ties / 5 actors


def test_stars(small) -> None:
    assert small["stars"] == ["c"]  # degrees a 2, b 2, c 3, d 1, e 0


def test_stars_share_the_top(catalogue) -> None:
    case = make_case(
        [("a", "venner"), ("b", "venner"), ("c", "venner"), ("d", "venner")],
        [("a", "b", "relation"), ("c", "d", "relation")],
    )
    assert network_metrics(case, catalogue)["stars"] == ["a", "b", "c", "d"]  # all degree 1


def test_stars_empty_without_ties_among_actors(catalogue) -> None:
    case = make_case([("a", "venner"), ("b", "venner")], [("person", "a", "support")])
    assert network_metrics(case, catalogue)["stars"] == []


def test_isolated_are_tied_only_to_the_person(small, catalogue) -> None:
    assert small["isolated"] == ["e"]  # e: person only; d has no tie to the person
    case = make_case([("a", "venner"), ("b", "venner")], [("person", "a", "support")])
    figures = network_metrics(case, catalogue)
    assert figures["isolated"] == ["a"]  # b has no tie at all: not isolated, not tied
    assert figures["not_tied_to_person"] == ["b"]


def test_cliques(small) -> None:
    assert small["cliques"] == [["a", "b", "c"]]  # the only triangle; c-d is a pair


def test_cliques_are_maximal_at_least_three_and_sorted(catalogue) -> None:
    ids = ["a", "b", "c", "d", "x", "y", "z", "p", "q", "r", "s", "t"]
    k4 = [("a", "b"), ("a", "c"), ("a", "d"), ("b", "c"), ("b", "d"), ("c", "d")]
    xyz = [("x", "y"), ("y", "z"), ("x", "z"), ("d", "x")]  # d-x is a pair only
    pqr = [("r", "q"), ("q", "p"), ("p", "r"), ("s", "t")]  # s-t is a pair only
    case = make_case([(i, "venner") for i in ids], [(f, t, "relation") for f, t in k4 + xyz + pqr])
    # the K4 once (its four triangles are not maximal), then the triangles by name
    assert network_metrics(case, catalogue)["cliques"] == [
        ["a", "b", "c", "d"],
        ["p", "q", "r"],
        ["x", "y", "z"],
    ]


def test_components_leave_the_person_out(small, catalogue) -> None:
    assert small["components"] == [["a", "b", "c", "d"], ["e"]]
    case = make_case(
        [("a", "venner"), ("b", "venner")],
        [("person", "a", "support"), ("person", "b", "support")],
    )
    # joined only through the person: two parts
    assert network_metrics(case, catalogue)["components"] == [["a"], ["b"]]


def test_articulation_points(small) -> None:
    assert small["articulation_points"] == ["c"]  # removing c cuts d off


def test_centralities_on_a_path(catalogue) -> None:
    case = make_case(
        [("a", "venner"), ("b", "venner"), ("c", "venner")],
        [("a", "b", "relation"), ("b", "c", "relation"), ("person", "a", "support")],
    )
    figures = network_metrics(case, catalogue)
    assert figures["degree_centrality"] == {"a": 0.5, "b": 1.0, "c": 0.5}  # 1/2, 2/2, 1/2
    # b is on the only shortest path a–c: 1 pair of (3-1)(3-2)/2 = 1 → 1.0
    assert figures["betweenness_centrality"] == {"a": 0.0, "b": 1.0, "c": 0.0}
    # closeness = (n-1) / sum of distances: a 2/(1+2), b 2/(1+1), c 2/(2+1)
    assert figures["closeness_centrality"] == {"a": 0.6667, "b": 1.0, "c": 0.6667}
    assert figures["betweenness_method"] == "exact"
    assert figures["articulation_points"] == ["b"]


def _path_case(n: int):
    actors = [(f"a{i}", "venner") for i in range(n)]
    ties = [(f"a{i}", f"a{i + 1}", "relation") for i in range(n - 1)]
    return make_case(actors, [("person", "a0", "support"), *ties])


def test_large_case_uses_a_deterministic_estimate(catalogue) -> None:
    case = _path_case(450)
    first = network_metrics(case, catalogue)
    second = network_metrics(case, catalogue)
    assert first["size"] == 450
    assert first["betweenness_method"] != "exact"
    assert first["betweenness_method"].startswith("estimate")
    assert first["betweenness_centrality"] == second["betweenness_centrality"]
    assert first["closeness_centrality"] is not None  # 450 ≤ 600


def test_closeness_is_omitted_above_600_actors(catalogue) -> None:
    figures = network_metrics(_path_case(601), catalogue)
    assert figures["closeness_centrality"] is None
    assert "600" in figures["closeness_note"]
    assert len(figures["betweenness_centrality"]) == 601


#: Output keys that are not figures of their own: per-group breakdowns of defined figures
#: and notes about how a figure was computed.
AUXILIARY = {
    "by_sector",
    "by_sphere",
    "betweenness_method",
    "closeness_note",
    "cliques_capped",
    "limits",
}


def test_every_definition_is_in_the_output_and_vice_versa(small) -> None:
    assert set(DEFINITIONS) <= set(small)
    assert set(small) - AUXILIARY <= set(DEFINITIONS)
    for key, text in DEFINITIONS.items():
        assert text.strip(), key


def test_average_closeness_leaves_out_contacts_not_tied_to_the_person(catalogue) -> None:
    case = make_case([("a", "venner", 1), ("b", "venner", 3)], [("person", "a", "support")])
    assert network_metrics(case, catalogue)["average_closeness"] == 1.0  # b is not tied


def test_an_empty_sector_has_no_density_or_average_degree(catalogue) -> None:
    figures = network_metrics(make_case([("a", "venner", 1)]), catalogue)
    assert figures["by_sector"]["tjenester"] == {
        "size": 0,
        "density": None,
        "average_degree": None,
    }
