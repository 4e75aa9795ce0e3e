"""The egocentric layout: the person in the middle, sectors around, closeness as rings.

The map follows the network-map tradition of social work (easyNWK and the seed's
idékart): each map sector (Familie; Venner og nærmiljø; Skole, arbeid og fritid;
Tjenester) is a slice of the circle, and an actor's closeness (1 close, 2 middle,
3 far) puts it on one of three rings. Actors without a closeness stand on an outer
ring. Positions are computed here, analytically, so the browser needs no physics
(which is what makes large maps slow) and the same case always gives the same map.
The cost is one pass over the actors and one sort per sector and ring, O(n log n) in
the actors; ties are never looked at, so a dense map costs no more than a sparse one.

:func:`labelled_layout` also keeps labels apart (issue 11): given each actor's
footprint (its node and label box), every actor is moved a little along its ring or
across it until its footprint is clear of the others and the line from the person to
it passes by the actors already placed; where a ring has no room, the whole map is
drawn larger (the labels keep their size), so no label ever covers another.

Examples
--------
>>> spans = sector_spans([("a", "A", 1.0), ("b", "B", 3.0)])
>>> [(s.key, s.start_deg, s.end_deg) for s in spans]
[('a', 90.0, 180.0), ('b', 180.0, 450.0)]
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
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
    footprint: tuple[float, float, float, float] | None = None
    """The node and its label around the node's centre, as (left, top, right, bottom)
    in map units (y down): what :func:`labelled_layout` keeps clear of other actors."""
    body: tuple[float, float, float, float] | None = None
    """The node itself, the same way: what ties from the person must pass by."""
    along: float | None = None
    """Where the user put the actor in its sector (share of the arc, 0 to 1), or None:
    the layout chooses. A placed actor goes first in its sector and ring and keeps
    that place if it is free."""


def arc_angle(span: SectorSpan, along: float) -> float:
    """The angle (degrees) a share ``along`` of the way through a sector's arc, kept
    clear of the sector's borders by the layout's margin.

    >>> arc_angle(SectorSpan("s", "S", 90.0, 180.0), 0.5)
    135.0
    >>> arc_angle(SectorSpan("s", "S", 90.0, 180.0), 0.0) > 90.0
    True
    """
    margin = span.width_deg * _EDGE_MARGIN
    return span.start_deg + margin + (span.width_deg - 2 * margin) * min(max(along, 0.0), 1.0)


def along_arc(span: SectorSpan, angle_deg: float) -> float:
    """The share of a sector's arc (0 to 1) at ``angle_deg``: the inverse of
    :func:`arc_angle`, clamped to the sector (an angle outside it goes to the nearer end).

    >>> along_arc(SectorSpan("s", "S", 90.0, 180.0), 135.0)
    0.5
    >>> along_arc(SectorSpan("s", "S", 90.0, 180.0), -170.0)  # 190°: just past the end
    1.0
    >>> along_arc(SectorSpan("s", "S", 90.0, 180.0), 60.0)
    0.0
    """
    margin = span.width_deg * _EDGE_MARGIN
    usable = span.width_deg - 2 * margin
    middle = (span.start_deg + span.end_deg) / 2
    # The same angle, within half a turn of the sector's middle.
    angle = (angle_deg - middle + 180.0) % 360.0 - 180.0 + middle
    return round(min(max((angle - span.start_deg - margin) / usable, 0.0), 1.0), 4)


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
        span = span_by_key[sector]
        radius = RING_RADII[closeness]
        members.sort(key=lambda p: (p.order, p.id))
        ring = _ring_positions(span, radius, len(members))
        for member, xy in zip(members, ring, strict=True):
            if member.along is not None:
                xy = polar_to_xy(radius, arc_angle(span, member.along))
            positions[member.id] = xy
    return positions


BASE_SCALE = 0.5
""":func:`labelled_layout` first tries the rings at this fraction of :data:`RING_RADII`."""
SCALE_STEP = 1.1
"""…and draws them this much larger each time a ring has no room for its labels."""
MAX_ATTEMPTS = 40
"""At most this many sizes are tried (up to about 20 times the base)."""
CLEARANCE = 6.0
"""Map units kept free between two footprints."""
_RADIAL_TRIES = (0.0, 0.16, -0.16, 0.32, -0.32)
"""Moves across the ring, as fractions of the distance between rings."""
_ARC_TRIES = 9
"""Moves along the ring on each side, up to half the distance to the neighbours."""
_CELL = 96.0
_ALL_CLEAR = "clear"
"""What :func:`_attempt` returns instead of a ring when every actor found room."""
_WEIGHED = 12
"""At most this many free places of one actor are weighed by the ties they would cross."""


@dataclass(frozen=True)
class Layout:
    """Where :func:`labelled_layout` put every actor, and how large it drew the rings.

    Attributes
    ----------
    positions : dict
        Actor id to (x, y). The person at the centre is not included: it is (0, 0).
    scale : float
        The rings' radii are ``RING_RADII[ring] * scale``, unless ``ring_scales`` says
        otherwise for a ring.
    clear : bool
        Every footprint is clear of the others (False only if even the largest size
        tried had no room).
    ring_scales : dict, optional
        The scale of each ring, where rings were drawn larger one by one.
    """

    positions: dict[str, tuple[float, float]]
    scale: float
    clear: bool
    ring_scales: dict[int | str | None, float] | None = None

    def ring_scale(self, ring: int | str | None) -> float:
        """The scale of one ring's radius."""
        return self.ring_scales.get(ring, self.scale) if self.ring_scales else self.scale

    def radius(self, ring: int | str | None) -> float:
        """The radius of a ring (a closeness, ``None`` or ``"missing"``) at this size."""
        return round(RING_RADII[ring] * self.ring_scale(ring), 1)


Rect = tuple[float, float, float, float]


class _Grid:
    """Placed footprints, bucketed by area so a new one is checked only against its neighbours."""

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list[Rect]] = defaultdict(list)

    def _keys(self, rect: Rect) -> Iterable[tuple[int, int]]:
        for i in range(math.floor(rect[0] / _CELL), math.floor(rect[2] / _CELL) + 1):
            for j in range(math.floor(rect[1] / _CELL), math.floor(rect[3] / _CELL) + 1):
                yield i, j

    def add(self, rect: Rect) -> None:
        for key in self._keys(rect):
            self.cells[key].append(rect)

    def clear_of(self, rect: Rect) -> bool:
        left, top, right, bottom = rect
        for key in self._keys(rect):
            for other in self.cells.get(key, ()):
                if (
                    left - CLEARANCE < other[2]
                    and other[0] < right + CLEARANCE
                    and top - CLEARANCE < other[3]
                    and other[1] < bottom + CLEARANCE
                ):
                    return False
        return True


def _shifted(rect: Rect, x: float, y: float) -> Rect:
    return rect[0] + x, rect[1] + y, rect[2] + x, rect[3] + y


def segment_through(p: tuple[float, float], q: tuple[float, float], rect: Rect) -> bool:
    """Liang–Barsky: whether the segment p-q passes through the inside of ``rect``.

    Examples
    --------
    >>> box = (5, 0, 10, 10)
    >>> segment_through((0, 5), (20, 5), box), segment_through((0, 0), (20, 0), box)
    (True, False)
    """
    if max(p[0], q[0]) <= rect[0] or min(p[0], q[0]) >= rect[2]:
        return False
    if max(p[1], q[1]) <= rect[1] or min(p[1], q[1]) >= rect[3]:
        return False
    return clips(p, q, rect)


def clips(p: tuple[float, float], q: tuple[float, float], rect: Rect) -> bool:
    """:func:`segment_through` for a segment whose box is known to overlap ``rect``.

    The callers that loop over many segments and rectangles test the boxes themselves
    first (it decides for almost every pair); this is the rest of the test, without
    testing the boxes again. It is the hottest test of a map's layout, hence ``if``
    instead of ``max``/``min`` (the same values, less time).
    """
    t0, t1 = 0.0, 1.0
    dx, dy = q[0] - p[0], q[1] - p[1]
    for edge_p, edge_q in (
        (-dx, p[0] - rect[0]),
        (dx, rect[2] - p[0]),
        (-dy, p[1] - rect[1]),
        (dy, rect[3] - p[1]),
    ):
        if edge_p == 0:
            if edge_q <= 0:
                return False
            continue
        t = edge_q / edge_p
        if edge_p < 0:
            if t > t0:
                t0 = t
        elif t < t1:
            t1 = t
        if t0 >= t1:
            return False
    return True


LINK_BUDGET = 400_000
"""Above this many link-node checks per size tried, ties are not looked at while placing
(only ties from the person are), which keeps the cost bounded for dense maps."""


NEARBY = 120.0
"""How far around an actor's body, or around one of its ties, :class:`_Ties` gathers the
ties or bodies that might be in the way (see :meth:`_Ties.crossings`)."""


def _within(inner: Rect, outer: Rect) -> bool:
    return (
        outer[0] <= inner[0]
        and outer[1] <= inner[1]
        and inner[2] <= outer[2]
        and inner[3] <= outer[3]
    )


def _grown(rect: Rect, by: float) -> Rect:
    return rect[0] - by, rect[1] - by, rect[2] + by, rect[3] + by


class _Ties:
    """The ties among placed actors, to keep new actors out of their way and theirs clear.

    :meth:`crossings` is asked for one actor at a dozen places close together, each
    time against every tie and every body placed. So the ties near the actor's body,
    and the bodies near each of its ties, are gathered once (within :data:`NEARBY`)
    and looked at again only while the actor stays within that reach and nothing new
    is placed; the test of each is the same, only ties and bodies out of reach are
    left out.
    """

    def __init__(self, links: Sequence[tuple[str, str]], fixed: Mapping[str, tuple]) -> None:
        self.links: dict[str, list[str]] = defaultdict(list)
        for a, b in links:
            if a != b:
                self.links[a].append(b)
                self.links[b].append(a)
        self.where: dict[str, tuple[float, float]] = {}
        self.bodies: dict[str, Rect] = {}
        self.segments: list[tuple[tuple[float, float], tuple[float, float], str, str]] = []
        self.added = 0
        """How many actors were placed: what was gathered before is then out of date."""
        self._gathered: dict[tuple, tuple[int, Rect, list]] = {}
        for node_id, (xy, body) in fixed.items():
            self.add(node_id, xy, body)

    def add(self, node_id: str, xy: tuple[float, float], body: Rect | None) -> None:
        for other in self.links.get(node_id, ()):
            if other in self.where:
                self.segments.append((xy, self.where[other], node_id, other))
        self.where[node_id] = xy
        if body is not None:
            self.bodies[node_id] = _shifted(body, *xy)
        self.added += 1

    def _near(self, key: tuple, rect: Rect, items: Callable[[Rect], list]) -> list:
        """``items(region)`` for a region around ``rect``, gathered again only when
        ``rect`` leaves the region gathered under ``key`` or an actor was placed since."""
        known = self._gathered.get(key)
        if known is None or known[0] != self.added or not _within(rect, known[1]):
            region = _grown(rect, NEARBY)
            known = self._gathered[key] = (self.added, region, items(region))
        return known[2]

    def _segments_in(self, region: Rect) -> list:
        left, top, right, bottom = region
        return [
            (p, q, a, b)
            for p, q, a, b in self.segments
            if not ((p[0] <= left and q[0] <= left) or (p[0] >= right and q[0] >= right))
            and not ((p[1] <= top and q[1] <= top) or (p[1] >= bottom and q[1] >= bottom))
        ]

    def _bodies_in(self, region: Rect) -> list[tuple[str, Rect]]:
        left, top, right, bottom = region
        return [
            (k, rect)
            for k, rect in self.bodies.items()
            if rect[0] < right and left < rect[2] and rect[1] < bottom and top < rect[3]
        ]

    def crossings(self, node_id: str, xy: tuple[float, float], body: Rect | None) -> int:
        """Ties through the actor if it stood at ``xy``, and its ties through others."""
        count = 0
        if body is not None:
            left, top, right, bottom = here = _shifted(body, *xy)
            for p, q, a, b in self._near((node_id,), here, self._segments_in):
                if (p[0] <= left and q[0] <= left) or (p[0] >= right and q[0] >= right):
                    continue
                if (p[1] <= top and q[1] <= top) or (p[1] >= bottom and q[1] >= bottom):
                    continue
                if node_id not in (a, b) and clips(p, q, here):
                    count += 1
        for other in self.links.get(node_id, ()):
            end = self.where.get(other)
            if end is None:
                continue
            low_x, low_y, high_x, high_y = line = _span(xy, end)
            for k, rect in self._near((node_id, other), line, self._bodies_in):
                if rect[2] <= low_x or rect[0] >= high_x or rect[3] <= low_y or rect[1] >= high_y:
                    continue
                if k not in (node_id, other) and clips(xy, end, rect):
                    count += 1
        return count


def _span(p: tuple[float, float], q: tuple[float, float]) -> Rect:
    """The box around the segment p-q."""
    return min(p[0], q[0]), min(p[1], q[1]), max(p[0], q[0]), max(p[1], q[1])


def _candidates(
    span: SectorSpan, radius: float, gap: float, angle: float, spacing_deg: float
) -> list[tuple[float, float]]:
    """(radius, angle) to try for one actor, the nearest to its ideal place first."""
    low, high = span.start_deg + 1.0, span.end_deg - 1.0
    step = spacing_deg / 2 / _ARC_TRIES
    tries = []
    for dr, k in _TRY_ORDER:
        a = angle + k * step
        if low <= a <= high:
            tries.append((radius + dr * gap, a))
    return tries


_TRY_ORDER = sorted(
    ((dr, k) for dr in _RADIAL_TRIES for k in range(-_ARC_TRIES, _ARC_TRIES + 1)),
    key=lambda t: abs(t[0]) * 1.2 + abs(t[1]) / _ARC_TRIES,
)
"""The moves across and along the ring :func:`_candidates` tries, nearest first (a move
across counts 1.2 times one along): the same order for every actor, so sorted once.
The sort is stable, so moves as near keep the order they are listed in."""


def _attempt(
    groups: Sequence[tuple[SectorSpan, int | str | None, list[Placement]]],
    scales: Mapping[int | str | None, float],
    fixed: Mapping[str, tuple[tuple[float, float], Rect]],
    links: Sequence[tuple[str, str]],
) -> tuple[dict[str, tuple[float, float]], int | str | None]:
    """Place every group; return the positions and the ring where one found no room.

    The second value is :data:`_ALL_CLEAR` when every actor found room.
    """
    grid = _Grid()
    for xy, body in fixed.values():
        grid.add(_shifted(body, *xy))
    ties = _Ties(links, fixed)
    positions: dict[str, tuple[float, float]] = {}
    clear = True
    for span, ring, members in groups:
        gap = (RING_RADII[2] - RING_RADII[1]) * scales[ring]
        radius = RING_RADII[ring] * scales[ring]
        margin = span.width_deg * _EDGE_MARGIN
        usable = span.width_deg - 2 * margin
        spacing = usable / len(members)
        # Actors the user placed keep their place; the others spread as if alone.
        unplaced = sum(m.along is None for m in members)
        spread = 0
        for member in members:
            if member.along is None:
                angle = span.start_deg + margin + usable * (spread + 0.5) / unplaced
                spread += 1
            else:
                angle = arc_angle(span, member.along)
            footprint = member.footprint or (0.0, 0.0, 0.0, 0.0)
            chosen, fewest, weighed = None, None, 0
            for r, a in _candidates(span, radius, gap, angle, spacing):
                xy = polar_to_xy(r, a)
                if not grid.clear_of(_shifted(footprint, *xy)):
                    continue
                count = ties.crossings(member.id, xy, member.body)
                weighed += 1
                if fewest is None or count < fewest:
                    chosen, fewest = xy, count
                if not count or weighed >= _WEIGHED:
                    break
            if chosen is None:
                clear = False
                chosen = polar_to_xy(radius, angle)
            positions[member.id] = chosen
            grid.add(_shifted(footprint, *chosen))
            ties.add(member.id, chosen, member.body)
        if not clear:
            return positions, ring
    return positions, _ALL_CLEAR


def labelled_layout(
    placements: Sequence[Placement],
    spans: Sequence[SectorSpan],
    *,
    fixed: Mapping[str, tuple[tuple[float, float], Rect]] | None = None,
    links: Sequence[tuple[str, str]] = (),
    min_scale: float | Mapping[int | str | None, float] = BASE_SCALE,
) -> Layout:
    """Place every actor in its sector near the ring of its closeness, labels apart.

    Actors are placed ring by ring from the inside, each sector's actors spread along
    the arc in the order of :func:`egocentric_layout`. Each goes to the nearest place
    (along its ring, or a little inside or outside it) where its footprint is clear
    of every footprint already placed, preferring places where no tie runs through
    its node and its own ties to the actors already placed (and to the person) run
    through no other node: ties then need no detour, or a gentle curve (see
    :func:`graph.render.geometry.route_edges`). If some actor finds no place, its ring
    and the rings outside it are drawn :data:`SCALE_STEP` times larger and all are
    placed again; the labels keep their size, so a crowded map is drawn larger rather
    than with labels on top of each other.

    Parameters
    ----------
    placements : sequence of Placement
        One per actor, with its ``footprint`` (and ``body``) when it has a label.
    spans : sequence of SectorSpan
        From :func:`sector_spans`.
    fixed : mapping, optional
        Nodes that stand where they are, such as the person in the middle: id to
        ((x, y), body as (left, top, right, bottom) around it). No footprint may cover them.
    links : sequence of (id, id)
        The ties (their direction does not matter). Looked at only while their checks
        stay within :data:`LINK_BUDGET` per size tried.
    min_scale : float or mapping
        The first size tried (:data:`BASE_SCALE` by default), for all rings or per ring.

    Returns
    -------
    Layout
        The positions and the size the rings were drawn at. The cost is
        O(n · tries) per size tried, at most :data:`MAX_ATTEMPTS` sizes.

    Examples
    --------
    >>> spans = sector_spans([("familie", "Familie", 1.0)])
    >>> layout = labelled_layout([Placement("mor", "familie", 1, 0, (-20, -8, 20, 30))], spans)
    >>> layout.positions, layout.scale, layout.clear
    ({'mor': (0.0, 85.0)}, 0.5, True)
    """
    span_by_key = {span.key: span for span in spans}
    by_group: dict[tuple[str, int | str | None], list[Placement]] = defaultdict(list)
    for placement in placements:
        by_group[(placement.sector, placement.closeness)].append(placement)
    ring_order = {ring: index for index, ring in enumerate(RING_RADII)}
    span_order = {span.key: index for index, span in enumerate(spans)}
    groups = [
        (
            span_by_key[sector],
            ring,
            sorted(members, key=lambda p: (p.along is None, p.order, p.id)),
        )
        for (sector, ring), members in sorted(
            by_group.items(), key=lambda item: (ring_order[item[0][1]], span_order[item[0][0]])
        )
    ]
    fixed = dict(fixed or {})
    if len(links) * (len(placements) + len(fixed)) > LINK_BUDGET:
        links = [(a, b) for a, b in links if a in fixed or b in fixed]
    rings = list(RING_RADII)
    if isinstance(min_scale, Mapping):
        scales = {ring: float(min_scale.get(ring, BASE_SCALE)) for ring in rings}
    else:
        scales = dict.fromkeys(rings, float(min_scale))
        if not any(p.closeness is None for p in placements):
            # No actor without closeness: the ghosts take that ring's place.
            scales["missing"] *= RING_RADII[None] / RING_RADII["missing"]
    for _ in range(MAX_ATTEMPTS):
        positions, crowded = _attempt(groups, scales, fixed, links)
        if crowded == _ALL_CLEAR:
            break
        # The crowded ring and every ring outside it are drawn larger; inner rings keep
        # their size (they had room), so one crowded ring does not blow up the whole map.
        for ring in rings[rings.index(crowded) :]:
            scales[ring] = round(scales[ring] * SCALE_STEP, 4)
    return Layout(positions, max(scales.values()), crowded == _ALL_CLEAR, dict(scales))


def nearby_places(
    span: SectorSpan, ring: int | str | None, scale: float, xy: tuple[float, float]
) -> list[tuple[float, float]]:
    """Other places an actor at ``xy`` may stand: in its sector, near its ring.

    Used to move an actor out of a tie's way (:func:`graph.render.geometry.untangle`).
    The nearest places come first; the actor stays within a third of the distance
    between rings of its ring, and inside its sector.

    Examples
    --------
    >>> span = sector_spans([("a", "A", 1.0)])[0]
    >>> places = nearby_places(span, 1, 1.0, (0.0, -170.0))
    >>> len(places) > 10, (0.0, -170.0) in places
    (True, False)
    """
    x, y = xy
    angle = math.degrees(math.atan2(-y, x))
    while angle < span.start_deg:
        angle += 360.0
    radius = RING_RADII[ring] * scale
    gap = (RING_RADII[2] - RING_RADII[1]) * scale
    spread_deg = min(span.width_deg / 2, math.degrees(2 * gap / max(radius, 1.0)))
    places = [polar_to_xy(r, a) for r, a in _candidates(span, radius, gap, angle, 2 * spread_deg)]
    return [p for p in places if p != (x, y)]
