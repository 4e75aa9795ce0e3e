"""A large case is drawn in parts (issue 11): graph.maps.filtered_network_map shows the
actors of the chosen sectors, types and rings, and says what it leaves out."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from graph.analysis.gaps import case_gaps
from graph.format.examples import list_examples
from graph.format.limits import MAP_READABLE_ACTORS
from graph.format.model import PERSON_ID
from graph.maps import filtered_network_map, network_map
from graph.reference.catalogue import load_catalogue

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import synthetic_case

CATALOGUE = load_catalogue()
EXAMPLES = {example.name: example.load() for example in list_examples()}


def ids(spec, prefix: str = "") -> set[str]:
    return {n.id for n in spec.nodes if n.id.startswith(prefix)} - {PERSON_ID}


def test_without_a_filter_the_map_is_the_network_map():
    case = EXAMPLES["elev-utreise"]
    part = filtered_network_map(case, CATALOGUE)
    assert part.spec == network_map(case, CATALOGUE)
    assert part.left_out.actors == part.left_out.ties == part.left_out.ghosts == 0
    assert part.summary() == (
        f"Kartet viser {len(case.actors)} av {len(case.actors)} aktører og "
        f"{len(case.ties)} av {len(case.ties)} bånd."
    )


def test_a_sector_filter_keeps_that_sectors_actors_and_the_ties_among_them():
    case = EXAMPLES["elev-utreise"]
    part = filtered_network_map(case, CATALOGUE, sectors={"familie"}, show_ghosts=False)
    family = {a.id for a in case.actors if CATALOGUE.types[a.type].sector == "familie"}
    assert ids(part.spec) == family
    kept = [t for t in case.ties if {t.source, t.target} <= family | {PERSON_ID}]
    assert [(e.source, e.target) for e in part.spec.edges] == [(t.source, t.target) for t in kept]
    assert part.left_out.actors == len(case.actors) - len(family)
    assert part.left_out.ties == len(case.ties) - len(kept)
    assert sum(count for _, count in part.left_out.by_sector) == part.left_out.actors
    assert "Familie" not in dict(part.left_out.by_sector)
    assert "Utelatt:" in part.summary()


def test_type_and_ring_filters_combine():
    case = EXAMPLES["hjemvendt-familie"]
    part = filtered_network_map(case, CATALOGUE, types={"barnevern", "politi"}, rings={1, 2})
    expected = {
        a.id for a in case.actors if a.type in {"barnevern", "politi"} and a.closeness in {1, 2}
    }
    assert ids(part.spec) == expected
    assert not ids(part.spec, "mangler:")  # a ghost has no ring


def test_actors_without_a_ring_can_be_chosen():
    case = EXAMPLES["hjemvendt-familie"]
    part = filtered_network_map(case, CATALOGUE, rings={None}, show_ghosts=False)
    assert ids(part.spec) == {a.id for a in case.actors if a.closeness is None}


def test_ghosts_come_from_the_whole_case_and_follow_the_sector_filter():
    case = EXAMPLES["ung-nett"]
    gaps = [g for g in case_gaps(case) if g.level != "may"]
    assert gaps
    sector = CATALOGUE.types[gaps[0].type].sector
    part = filtered_network_map(case, CATALOGUE, sectors={sector})
    ghost_types = {n.id.removeprefix("mangler:") for n in part.spec.nodes if n.group == "ghost"}
    assert ghost_types == {g.type for g in gaps if CATALOGUE.types[g.type].sector == sector}
    assert part.left_out.ghosts == len(gaps) - len(ghost_types)


def test_highlighted_ties_keep_pointing_at_the_same_ties():
    case = EXAMPLES["elev-utreise"]
    family = {a.id for a in case.actors if CATALOGUE.types[a.type].sector == "familie"}
    wanted = [i for i, t in enumerate(case.ties) if {t.source, t.target} <= family | {PERSON_ID}][
        -1:
    ]
    part = filtered_network_map(case, CATALOGUE, sectors={"familie"}, highlight_ties=wanted)
    marked = [e for e in part.spec.edges if e.group == "highlighted"]
    tie = case.ties[wanted[0]]
    assert [(e.source, e.target) for e in marked] == [(tie.source, tie.target)]


@pytest.mark.parametrize("actors", [MAP_READABLE_ACTORS + 1, 400])
def test_a_large_case_says_so_and_a_filtered_part_is_readable(actors):
    case = synthetic_case(actors)
    whole = filtered_network_map(case, CATALOGUE, show_ghosts=False)
    assert whole.spec.notice.startswith(f"Saken har {actors} aktører.")
    assert whole.spec.label_size is None
    part = filtered_network_map(case, CATALOGUE, sectors={"familie"}, rings={1})
    assert part.shown_actors <= MAP_READABLE_ACTORS
    assert part.spec.notice == ""
    assert part.spec.label_size is not None  # drawn with labels kept apart
    assert part.left_out.actors == actors - part.shown_actors
