"""The egocentric layout: deterministic, every actor in its sector and on its ring."""

from __future__ import annotations

import math
import random

import pytest

from graph.format.model import PERSON_ID
from graph.format.validation import load_case_bytes
from graph.maps.casemap import case_layout, case_positions, case_spans
from graph.render.layout import RING_RADII, Placement, egocentric_layout, sector_spans
from tests.conftest import EXAMPLES, make_case


def _angle(x: float, y: float) -> float:
    """Angle in degrees in [90, 450) to match the spans (y points down on screen)."""
    angle = math.degrees(math.atan2(-y, x)) % 360
    return angle + 360 if angle < 90 else angle


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_actor_sits_in_its_sector_and_on_its_ring(path, catalogue):
    case = load_case_bytes(path.read_bytes())
    positions = case_positions(case, catalogue)
    layout = case_layout(case, catalogue)
    spans = {s.key: s for s in case_spans(case, catalogue)}  # the sectors of this case
    assert positions[PERSON_ID] == (0.0, 0.0)
    for actor in case.actors:
        between_rings = (RING_RADII[2] - RING_RADII[1]) * layout.ring_scale(actor.closeness)
        x, y = positions[actor.id]
        span = spans[catalogue.types[actor.type].sector]
        assert span.start_deg <= _angle(x, y) <= span.end_deg, actor.id
        radius = math.hypot(x, y)
        # Nearer its own ring than the next: moved at most a third of the way.
        assert abs(radius - layout.radius(actor.closeness)) <= between_rings / 3, actor.id


def test_the_same_case_always_gives_the_same_positions(catalogue):
    case = load_case_bytes(EXAMPLES[0].read_bytes())
    assert case_positions(case, catalogue) == case_positions(case, catalogue)


def test_positions_do_not_depend_on_the_order_of_actors_in_the_file(catalogue):
    actors = [(f"venn{i}", "venner", 1 + i % 3) for i in range(9)] + [("nav", "nav", None)]
    shuffled = actors[:]
    random.Random(4).shuffle(shuffled)
    assert case_positions(make_case(actors), catalogue) == case_positions(
        make_case(shuffled), catalogue
    )


def test_actors_without_closeness_stand_on_the_outer_ring(catalogue):
    case = make_case([("politi", "politi")])
    positions = case_positions(case, catalogue)
    outer = case_layout(case, catalogue).radius(None)
    assert math.hypot(*positions["politi"]) == pytest.approx(outer, abs=0.05)


def test_sectors_split_the_circle_by_weight():
    spans = sector_spans([("a", "A", 1), ("b", "B", 1), ("c", "C", 2)])
    assert [s.width_deg for s in spans] == [90.0, 90.0, 180.0]
    assert spans[0].start_deg == 90.0
    assert spans[-1].end_deg == 450.0


def test_a_crowded_ring_staggers_neighbours_so_labels_do_not_collide():
    spans = sector_spans([("s", "S", 1), ("t", "T", 3)])
    placements = [Placement(f"a{i}", "s", 1, 0) for i in range(12)]
    positions = egocentric_layout(placements, spans)
    radii = sorted({round(math.hypot(*xy)) for xy in positions.values()})
    assert len(radii) == 2
    assert len(set(positions.values())) == 12


def test_no_two_actors_share_a_position_in_a_large_case(catalogue):
    types = list(catalogue.types)
    actors = [(f"a{i}", types[i % len(types)], (None, 1, 2, 3)[i % 4]) for i in range(300)]
    positions = case_positions(make_case(actors), catalogue)
    assert len(set(positions.values())) == len(positions)


def test_a_sector_with_many_actors_gets_a_wider_slice(catalogue):
    crowded = make_case([(f"nav{i}", "nav", 1) for i in range(12)] + [("mor", "foresatte", 1)])
    widths = {s.key: s.width_deg for s in case_spans(crowded, catalogue)}
    plain = {s.key: s.width_deg for s in case_spans(make_case([]), catalogue)}
    assert widths["tjenester"] > plain["tjenester"]
    assert widths["familie"] < plain["familie"]
    assert all(width > 0 for width in widths.values())  # every sector keeps a slice
    assert sum(widths.values()) == pytest.approx(360.0)
