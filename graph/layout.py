"""The egocentric layout: the person in the middle, sectors around, closeness as rings.

The map follows the network-map tradition of social work (easyNWK and the seed's
idékart): each map sector (Familie; Venner og nærmiljø; Skole, arbeid og fritid;
Tjenester) is a slice of the circle, and an actor's closeness (1 close, 2 middle,
3 far) puts it on one of three rings. Actors without a closeness stand on an outer
ring. Positions are computed here, analytically, so the browser needs no physics
(which is what makes large maps slow) and the same case always gives the same map.
The cost is one pass over the actors and one sort per sector and ring, O(n log n) in
the actors; ties are never looked at, so a dense map costs no more than a sparse one.

Examples
--------
>>> spans = sector_spans([("a", "A", 1.0), ("b", "B", 3.0)])
>>> [(s.key, s.start_deg, s.end_deg) for s in spans]
[('a', 90.0, 180.0), ('b', 180.0, 450.0)]
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

RING_RADII: dict[int | str | None, float] = {
    1: 170.0,
    2: 310.0,
    3: 450.0,
    None: 590.0,
    "missing": 720.0,
}
"""Radius of each closeness ring in map units. ``None`` is the outer ring of actors
without closeness; ``"missing"`` is where actors the guidance asks for, but the case
lacks, are drawn as "ghosts"."""

START_DEG = 90.0
"""The first sector starts straight up and the sectors follow counter-clockwise."""

_EDGE_MARGIN = 0.08
_MIN_ARC_SPACING = 140.0
_STAGGER = 28.0


@dataclass(frozen=True)
class SectorSpan:
    """The slice of the circle a sector owns, in degrees (counter-clockwise)."""

    key: str
    label: str
    start_deg: float
    end_deg: float

    @property
    def width_deg(self) -> float:
        """How wide the slice is."""
        return self.end_deg - self.start_deg


@dataclass(frozen=True)
class Placement:
    """What the layout needs to know about one actor."""

    id: str
    sector: str
    closeness: int | str | None
    order: int
    """Tie-breaker inside a sector and ring: the type's place in the catalogue."""


def sector_spans(sectors: Iterable[tuple[str, str, float]]) -> list[SectorSpan]:
    """Split the full circle between sectors in proportion to their weights.

    Parameters
    ----------
    sectors : iterable of (key, label, weight)
        In drawing order.

    Returns
    -------
    list of SectorSpan
        Consecutive slices, the first starting at 90° (straight up).
    """
    sectors = list(sectors)
    total = sum(weight for _, _, weight in sectors)
    spans, start = [], START_DEG
    for key, label, weight in sectors:
        end = start + 360.0 * weight / total
        spans.append(SectorSpan(key, label, round(start, 6), round(end, 6)))
        start = end
    return spans


def polar_to_xy(radius: float, angle_deg: float) -> tuple[float, float]:
    """Convert polar coordinates to the map's x/y (y grows downwards, as on screen)."""
    angle = math.radians(angle_deg)
    # ``+ 0.0`` turns -0.0 into 0.0 so equal maps compare and serialise equally.
    return (round(radius * math.cos(angle), 2) + 0.0, round(-radius * math.sin(angle), 2) + 0.0)


def _ring_positions(span: SectorSpan, radius: float, count: int) -> list[tuple[float, float]]:
    margin = span.width_deg * _EDGE_MARGIN
    usable = span.width_deg - 2 * margin
    spacing = radius * math.radians(usable) / max(count, 1)
    crowded = spacing < _MIN_ARC_SPACING
    positions = []
    for index in range(count):
        angle = span.start_deg + margin + usable * (index + 0.5) / count
        offset = (_STAGGER if index % 2 else -_STAGGER) if crowded else 0.0
        positions.append(polar_to_xy(radius + offset, angle))
    return positions


def egocentric_layout(
    placements: Sequence[Placement], spans: Sequence[SectorSpan]
) -> dict[str, tuple[float, float]]:
    """Place every actor in its sector on the ring of its closeness.

    Within one sector and ring, actors are spread evenly along the arc, ordered by
    their type's place in the catalogue and then by id, so the result depends only
    on the case's content. Where a ring gets crowded, every second actor moves a
    little inwards or outwards so labels do not sit on top of each other.

    Parameters
    ----------
    placements : sequence of Placement
        One per actor. ``sector`` must be a key of ``spans``.
    spans : sequence of SectorSpan
        From :func:`sector_spans`.

    Returns
    -------
    dict
        Actor id to (x, y). The person at the centre is not included: it is (0, 0).

    Examples
    --------
    >>> spans = sector_spans([("familie", "Familie", 1.0)])
    >>> egocentric_layout([Placement("mor", "familie", 1, 0)], spans)
    {'mor': (0.0, 170.0)}
    """
    span_by_key = {span.key: span for span in spans}
    groups: dict[tuple[str, int | str | None], list[Placement]] = defaultdict(list)
    for placement in placements:
        groups[(placement.sector, placement.closeness)].append(placement)
    positions: dict[str, tuple[float, float]] = {}
    for (sector, closeness), members in groups.items():
        members.sort(key=lambda p: (p.order, p.id))
        ring = _ring_positions(span_by_key[sector], RING_RADII[closeness], len(members))
        positions.update({p.id: xy for p, xy in zip(members, ring, strict=True)})
    return positions
