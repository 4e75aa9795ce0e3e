"""Where a map's labels, nodes and ties lie, as vis-network draws them, and what overlaps.

The map must be readable: no label may cover another label or a node, and no tie may
run through a node it does not connect (it would read as if the tie went through that
actor). This module measures that on a :class:`~graph.render.spec.MapSpec`, without a
browser, and picks curves for ties that would otherwise cross a node:

* a label's box is estimated from its text length and font size (:func:`text_size`);
  ``tests/browser/test_map_controls.py`` checks in Chromium that the estimate is never
  smaller than the drawn text;
* a node's body and label are placed as vis-network 9.1.2 places them: a label inside
  ``box`` and ``ellipse`` shapes, else centred under the node, 3 units below it
  (:func:`node_boxes`);
* a tie is a straight segment, or the quadratic curve vis-network draws for
  ``smooth: {type: "curvedCW" | "curvedCCW", roundness}`` (:func:`edge_path`).

All sizes are map units at the map's label size (``MapSpec.label_size``; vis-network's
default of 14 when the map leaves labels to the screen). The cost is O(n²) in the
nodes and O(e·n) in the ties; the maps that call it have at most
:data:`graph.format.limits.MAP_READABLE_ACTORS` actors.

Examples
--------
>>> from graph.render.spec import MapEdge, MapNode, MapSpec
>>> spec = MapSpec("", (MapNode("a", "A", 0, 0), MapNode("b", "B", 200, 0),
...                     MapNode("c", "C", 100, 2)), (MapEdge("a", "b"),))
>>> quality = map_quality(spec)
>>> quality.edge_node, quality.label_label, quality.label_node
(1, 0, 0)
>>> curves = route_edges(spec)
>>> curves[0] != 0.0, map_quality(with_curves(spec, curves)).edge_node
(True, 0)
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from graph.render.layout import clips
from graph.render.spec import MapEdge, MapNode, MapSpec

DEFAULT_LABEL_SIZE = 14.0
"""vis-network's default label font size (map units), used when a map gives none."""
EDGE_LABEL_FACTOR = 0.85
"""Tie labels are drawn this much smaller than node labels (``static/map.js``)."""
LINE_HEIGHT_EM = 1.25
"""Height of one label line in font sizes."""
LABEL_GAP = 3.0
"""vis-network draws an outside label this far under the node's body."""
BOX_MARGIN = 5.0
"""vis-network's margin between a ``box``/``ellipse`` label and the shape's border."""
LABEL_INSIDE = frozenset({"box", "ellipse"})
CURVE_SAMPLES = 16
"""Straight pieces a curved tie is measured as."""
ROUNDNESS_CHOICES = (0.2, -0.2, 0.35, -0.35, 0.5, -0.5, 0.7, -0.7, 0.9, -0.9)
"""Curves :func:`route_edges` tries, gentlest first (positive bends clockwise)."""
LABELLED_CHOICES = (0.0, *(sign * step / 20 for step in range(2, 21) for sign in (1, -1)))
"""Curves tried for a tie with a label: finer steps, so the label finds a free place."""
GRAZE = 1.0
"""A tie may touch a node's outline by this much without counting as through it."""


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle in map units (y grows downwards)."""

    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box, pad: float = 0.0) -> bool:
        """Whether the two boxes share area (``pad`` grows this box on every side)."""
        return (
            self.left - pad < other.right
            and other.left < self.right + pad
            and self.top - pad < other.bottom
            and other.top < self.bottom + pad
        )

    def moved(self, dx: float, dy: float) -> Box:
        """The same box shifted by (dx, dy)."""
        return Box(self.left + dx, self.top + dy, self.right + dx, self.bottom + dy)


@dataclass(frozen=True)
class MapQuality:
    """What hides what on one map.

    Attributes
    ----------
    label_label : int
        Pairs of node labels whose boxes overlap.
    label_node : int
        Pairs of a node label and another node's body that overlap (a node whose
        label sits inside it counts with its whole body), and of two node bodies.
    edge_node : int
        Pairs of a tie and a node it does not connect that the tie runs through.
    edge_label : int
        Tie labels (``§ samtykke`` …) that overlap a node, a node label or another tie
        label.
    problems : tuple of str
        One line per overlap or crossing, naming the nodes (for test failures).
    """

    label_label: int
    label_node: int
    edge_node: int
    edge_label: int
    problems: tuple[str, ...]

    @property
    def overlaps(self) -> int:
        """Label-box overlaps of nodes (label-label and label-node)."""
        return self.label_label + self.label_node


def char_width(char: str) -> float:
    """Estimated width of one character, in font sizes.

    At or above the widest common sans-serif font (DejaVu Sans, which ``system-ui``
    is on Debian): ``tests/browser/test_map_controls.py`` measures it in Chromium.

    Examples
    --------
    >>> char_width("i"), char_width("a"), char_width("A"), char_width("W")
    (0.42, 0.66, 0.82, 1.02)
    """
    if char in _NARROW:
        return 0.42
    if char in _WIDE:
        return 1.02
    if "a" <= char <= "z" or char in "åøéüöäç§":
        return 0.66
    if char.isascii() or "\u00c0" <= char <= "\u024f":
        return 0.82
    return 1.35  # symbols, emoji and other scripts


_NARROW = frozenset(" .,:;'!|()[]-ijlIftr\"")
_WIDE = frozenset("WMmwæÆŒœ@%…—")


def _width(text: str) -> float:
    return sum(char_width(c) for c in text)


def wrap_lines(text: str, font_size: float, wrap: float | None = None) -> list[str]:
    """The lines of a label, broken between words where a line would be wider than ``wrap``.

    This is how vis-network breaks a label under ``widthConstraint.maximum`` (greedily,
    a word wider than a line broken too), with the estimated character widths, which
    are above the real ones: vis-network's lines are never more than these.

    Examples
    --------
    >>> wrap_lines("Kontakt i nettmiljø (eldre…", 14.0, 140.0)
    ['Kontakt i', 'nettmiljø (eldre…']
    """
    lines = str(text).split("\n") if text else []
    if wrap is None:
        return lines
    room = wrap / font_size
    wrapped: list[str] = []
    for line in lines:
        current = ""
        for word in line.split(" "):
            candidate = f"{current} {word}" if current else word
            if _width(candidate) <= room:
                current = candidate
                continue
            if current:
                wrapped.append(current)
            current = ""
            for char in word:  # a word wider than a line is broken
                if current and _width(current + char) > room:
                    wrapped.append(current)
                    current = ""
                current += char
        wrapped.append(current)
    return wrapped


def text_size(text: str, font_size: float, wrap: float | None = None) -> tuple[float, float]:
    """Estimated width and height of a label, in the units of ``font_size``.

    A label broken into lines by ``wrap`` is counted as ``wrap`` wide (vis-network fills
    its lines up to that width, with the real character widths).

    Examples
    --------
    >>> text_size("Mor", 10.0)
    (21.0, 12.5)
    >>> text_size("", 10.0)
    (0.0, 0.0)
    >>> text_size("Helsesykepleier (skolehelse…", 14.0, 140.0)
    (140.0, 35.0)
    """
    lines = wrap_lines(text, font_size, wrap)
    width = max((_width(line) for line in lines), default=0.0) * font_size
    if wrap is not None and len(lines) > len(str(text).split("\n")):
        width = max(width, wrap)
    return round(width, 3), round(len(lines) * LINE_HEIGHT_EM * font_size, 3)


def node_extent(
    shape: str, size: float, label: str, font_size: float, wrap: float | None = None
) -> tuple[Box, Box | None]:
    """Body and label box of a node at (0, 0).

    Parameters
    ----------
    shape : str
        vis-network shape. ``box`` and ``ellipse`` hold their label (and are as large
        as it); other shapes are ``size`` from the centre, the label under them.
    size : float
        The node's size.
    label : str
        The label text.
    font_size : float
        Label font size in map units.
    wrap : float, optional
        Widest line in map units (``MapSpec.label_wrap``); None for no limit.

    Returns
    -------
    (Box, Box or None)
        The body, and the label box (None when the label is inside or empty).

    Examples
    --------
    >>> node_extent("dot", 10, "", 14.0)
    (Box(left=-10, top=-10, right=10, bottom=10), None)
    """
    width, height = text_size(label, font_size, wrap)
    if shape in LABEL_INSIDE:
        inner_w, inner_h = width + 2 * BOX_MARGIN, max(height, font_size) + 2 * BOX_MARGIN
        if shape == "ellipse":  # vis-network: as wide as the text plus its height, twice as high
            inner_w, inner_h = max(inner_w + inner_h, 2 * inner_h), 2 * inner_h
        return Box(-inner_w / 2, -inner_h / 2, inner_w / 2, inner_h / 2), None
    body = Box(-size, -size, size, size)
    if not width:
        return body, None
    top = size + LABEL_GAP
    return body, Box(-width / 2, top, width / 2, top + height)


def footprint(
    shape: str, size: float, label: str, font_size: float, wrap: float | None = None
) -> Box:
    """The box around a node at (0, 0) and its label together (for placing nodes)."""
    body, label_box = node_extent(shape, size, label, font_size, wrap)
    if label_box is None:
        return body
    return Box(
        min(body.left, label_box.left),
        body.top,
        max(body.right, label_box.right),
        label_box.bottom,
    )


def node_boxes(
    node: MapNode, font_size: float, wrap: float | None = None
) -> tuple[Box, Box | None]:
    """Body and label box of a node where it stands (see :func:`node_extent`)."""
    body, label = node_extent(node.shape, node.size, node.label, font_size, wrap)
    return body.moved(node.x, node.y), None if label is None else label.moved(node.x, node.y)


def via_point(
    start: tuple[float, float], end: tuple[float, float], curve: float
) -> tuple[float, float] | None:
    """The control point of a curved tie, as vis-network 9.1.2 computes it.

    ``curve`` > 0 is ``curvedCW`` with that roundness, < 0 ``curvedCCW``; 0 is a
    straight line (None).

    Examples
    --------
    >>> via_point((0.0, 0.0), (100.0, 0.0), 0.0) is None
    True
    >>> [round(v, 6) for v in via_point((0.0, 0.0), (100.0, 0.0), 0.5)]
    [53.033009, -53.033009]
    """
    if not curve:
        return None
    factor = abs(curve)
    dx, dy = end[0] - start[0], start[1] - end[1]
    length = math.hypot(dx, dy)
    turn = 0.5 * factor + 0.5 if curve > 0 else -0.5 * factor + 0.5
    angle = math.atan2(dy, dx) + turn * math.pi
    reach = (0.5 * factor + 0.5) * length
    return start[0] + reach * math.sin(angle), start[1] + reach * math.cos(angle)


def edge_path(
    start: tuple[float, float], end: tuple[float, float], curve: float = 0.0
) -> list[tuple[float, float]]:
    """The tie as a polyline: its two ends, or :data:`CURVE_SAMPLES` pieces of its curve."""
    via = via_point(start, end, curve)
    if via is None:
        return [start, end]
    (x0, y0), (x1, y1), (x2, y2) = start, via, end
    return [(a * x0 + b * x1 + c * x2, a * y0 + b * y1 + c * y2) for a, b, c in _CURVE_WEIGHTS]


_CURVE_WEIGHTS = tuple(
    ((1 - t) ** 2, 2 * t * (1 - t), t * t)
    for t in (i / CURVE_SAMPLES for i in range(CURVE_SAMPLES + 1))
)
"""How much the start, the control point and the end weigh in each sample of a curved
tie (t = 0 … 1): the same for every tie, so they are computed once."""


def _midpoint(path: Sequence[tuple[float, float]], curve: float) -> tuple[float, float]:
    """Where vis-network puts a tie's label: the middle of the line or curve (t = 0.5)."""
    if not curve:
        (x1, y1), (x2, y2) = path[0], path[-1]
        return (x1 + x2) / 2, (y1 + y2) / 2
    return path[len(path) // 2]


def _segment_hits_circle(
    p: tuple[float, float], q: tuple[float, float], centre: tuple[float, float], radius: float
) -> bool:
    px, py = p
    cx, cy = centre
    if (px < cx - radius and q[0] < cx - radius) or (px > cx + radius and q[0] > cx + radius):
        return False
    if (py < cy - radius and q[1] < cy - radius) or (py > cy + radius and q[1] > cy + radius):
        return False
    dx, dy = q[0] - px, q[1] - py
    length2 = dx * dx + dy * dy
    t = 0.0 if not length2 else ((centre[0] - px) * dx + (centre[1] - py) * dy) / length2
    t = min(1.0, max(0.0, t))
    return math.hypot(px + t * dx - centre[0], py + t * dy - centre[1]) < radius


Run = tuple[float, float, float, float, Sequence[tuple[float, float]]]
"""A few pieces in a row of a tie: the box around them as (low x, high x, low y, high y),
and the points they join."""
RUN_LENGTH = 4
"""Pieces per :data:`Run`. A node far from a run skips all its pieces with one box test:
a curve of 16 pieces costs 4 tests plus those of the runs near the node, not 16."""


def _runs(path: Sequence[tuple[float, float]]) -> tuple[list[Run], tuple[float, ...]]:
    """The pieces of a polyline in runs, with their boxes, and the box around the line.

    Measured once per line, because the boxes are compared with every node near the
    line (the box tests decide for almost all of them).

    Examples
    --------
    >>> runs, bounds = _runs([(0.0, 0.0), (10.0, -5.0), (20.0, 0.0)])
    >>> runs, bounds
    ([(0.0, 20.0, -5.0, 0.0, [(0.0, 0.0), (10.0, -5.0), (20.0, 0.0)])], (0.0, 20.0, -5.0, 0.0))
    """
    xs = [x for x, _ in path]
    ys = [y for _, y in path]
    runs = []
    for first in range(0, len(path) - 1, RUN_LENGTH):
        last = first + RUN_LENGTH + 1  # the run's pieces join points first … last - 1
        run_xs, run_ys = xs[first:last], ys[first:last]
        runs.append((min(run_xs), max(run_xs), min(run_ys), max(run_ys), path[first:last]))
    return runs, (min(xs), max(xs), min(ys), max(ys))


REMEMBERED = 4096
"""At most this many ties (and as many crossing lists) one :class:`_Obstacles` keeps."""
SHARED_MAPS = 8
"""At most this many maps' crossing lists are kept in :data:`_SHARED` (the map seen
longest ago is forgotten first): one drawing needs three or four, and all of them take
at most some megabytes."""

_SHARED: dict[tuple, dict[tuple, list[int]]] = {}
"""Crossing lists of ties on the maps routed lately, by the geometry of the map's nodes
(see :meth:`_Obstacles._shared`): (a, b, start, end, curve) to the nodes crossed.

:func:`route_edges`, :func:`untangle`, :func:`route_edges` again and :func:`map_quality`
each build their own :class:`_Obstacles` for the same map (``graph.maps.casemap`` calls
them one after the other), so each tie was checked against the same nodes up to four
times. A list here is never changed once stored; at most :data:`REMEMBERED` are kept
per map."""
_SHARED_LOCK = threading.Lock()
"""Maps are drawn in more than one thread (one per browser session)."""


def _shared_crossings(geometry: tuple) -> dict[tuple, list[int]]:
    """The crossing lists kept for maps whose nodes have this geometry (see :data:`_SHARED`)."""
    with _SHARED_LOCK:
        crossings = _SHARED.pop(geometry, None)
        if crossings is None:
            crossings = {}
            if len(_SHARED) >= SHARED_MAPS:
                del _SHARED[next(iter(_SHARED))]  # the one seen longest ago
        _SHARED[geometry] = crossings  # now the one seen last
        return crossings


class _Obstacles:
    """The nodes' bodies where they stand, for fast "which nodes does this tie cross".

    :func:`untangle` moves one node at a time and routes the same ties again after each
    move, which is most of the cost of a map. So, per tie and curve, the pieces of the
    line are kept, and so are the nodes it crosses together with the number of moves
    made by then: asked again, only the nodes moved since are checked anew (a node that
    did not move is crossed or not as before). Both are forgotten after
    :data:`REMEMBERED` ties, which bounds the memory of a long untangling. While every
    node stands where it stood when built, the answers are shared with the other
    obstacles built for the same map (:data:`_SHARED`).
    """

    def __init__(self, nodes: Sequence[MapNode], font: float, wrap: float | None) -> None:
        self.nodes = list(nodes)
        self.index = {node.id: i for i, node in enumerate(self.nodes)}
        self.relative = [node_extent(n.shape, n.size, n.label, font, wrap) for n in self.nodes]
        self.inside = [n.shape in LABEL_INSIDE for n in self.nodes]
        self.where = [(float(n.x), float(n.y)) for n in self.nodes]
        self.boxes = [self._boxes_at(i, xy) for i, xy in enumerate(self.where)]
        self.shapes = [self._shape(i) for i in range(len(self.nodes))]
        self.moves: list[int] = []
        """Every node moved, in order (a node moved back is in it twice)."""
        self._paths: dict[tuple, tuple[list, list[Run], tuple]] = {}
        self._crossings: dict[tuple, tuple[int, list[int]]] = {}
        self.home = list(self.where)
        self.away = 0
        """How many nodes stand elsewhere than at ``home`` (moved, not back)."""
        self._shared_lists: dict[tuple, list[int]] | None = None

    def _shared(self) -> dict[tuple, list[int]]:
        """The crossing lists of :data:`_SHARED` for this map as built (every node home)."""
        if self._shared_lists is None:
            # Everything _hits looks at: another map with the same has the same crossings.
            sizes = [node.size for node in self.nodes]
            geometry = tuple(zip(self.shapes, self.inside, self.where, sizes, strict=True))
            self._shared_lists = _shared_crossings(geometry)
        return self._shared_lists

    def _boxes_at(self, i: int, xy: tuple[float, float]) -> tuple[Box, Box | None]:
        body, label = self.relative[i]
        return body.moved(*xy), None if label is None else label.moved(*xy)

    def _shape(self, k: int) -> tuple[float, float, float, float]:
        """The box a tie may not enter to pass node ``k`` (its body, less the graze).

        For a round node it is the box around its circle, which the tie must also enter.
        """
        body = self.boxes[k][0]
        if self.inside[k]:
            return body.left + GRAZE, body.top + GRAZE, body.right - GRAZE, body.bottom - GRAZE
        (x, y), radius = self.where[k], self.nodes[k].size - GRAZE
        return x - radius, y - radius, x + radius, y + radius

    def move(self, i: int, xy: tuple[float, float]) -> None:
        """Stand node ``i`` at ``xy`` (its boxes follow, and the move is counted)."""
        self.away += (xy != self.home[i]) - (self.where[i] != self.home[i])
        self.where[i] = xy
        self.boxes[i] = self._boxes_at(i, xy)
        self.shapes[i] = self._shape(i)
        self.moves.append(i)

    def _hits(self, runs: Sequence[Run], k: int) -> bool:
        """Whether a tie (in :func:`_runs`) runs through node ``k``'s body (touching is allowed)."""
        left, top, right, bottom = shape = self.shapes[k]
        for run_low_x, run_high_x, run_low_y, run_high_y, points in runs:
            # Most pieces of a tie are nowhere near the node: skip them cheaply, a run
            # at a time (a piece ending on the shape's edge only touches it).
            if run_high_x <= left or run_low_x >= right:
                continue
            if run_high_y <= top or run_low_y >= bottom:
                continue
            for p, q in itertools.pairwise(points):
                if (p[0] <= left and q[0] <= left) or (p[0] >= right and q[0] >= right):
                    continue
                if (p[1] <= top and q[1] <= top) or (p[1] >= bottom and q[1] >= bottom):
                    continue
                if self.inside[k]:
                    if clips(p, q, shape):  # the boxes overlap: the rest of segment_through
                        return True
                elif _segment_hits_circle(p, q, self.where[k], self.nodes[k].size - GRAZE):
                    return True
        return False

    def _scan(
        self, runs: Sequence[Run], bounds: tuple[float, ...], ends: tuple[int, int]
    ) -> list[int]:
        """The nodes other than ``ends`` the line (in runs) runs through, in order."""
        low_x, high_x, low_y, high_y = bounds
        found = []
        for k, (left, top, right, bottom) in enumerate(self.shapes):
            # A node outside the line's box is outside every piece's box (see _hits).
            if high_x <= left or low_x >= right or high_y <= top or low_y >= bottom:
                continue
            if k not in ends and self._hits(runs, k):
                found.append(k)
        return found

    def _path(
        self, start: tuple[float, float], end: tuple[float, float], curve: float
    ) -> tuple[list[tuple[float, float]], list[Run], tuple[float, ...]]:
        """The tie's :func:`edge_path`, its runs of pieces and its box (remembered)."""
        key = (start, end, curve)
        known = self._paths.get(key)
        if known is None:
            if len(self._paths) >= REMEMBERED:
                self._paths.clear()
            path = edge_path(start, end, curve)
            known = self._paths[key] = (path, *_runs(path))
        return known

    def _crossed_by(self, a: int, b: int, curve: float) -> list[int]:
        """The nodes (by index) the tie from node ``a`` to ``b`` drawn with ``curve``
        runs through, in order.

        The answer is remembered with the number of moves made; asked again, only the
        nodes moved since are checked (all nodes, if more moves than nodes were made).
        The list returned must not be changed.
        """
        start, end = self.where[a], self.where[b]
        key = (a, b, start, end, curve)
        known = self._crossings.get(key)
        made = len(self.moves)
        if known is not None and known[0] == made:
            return known[1]
        shared = None if self.away else self._shared()
        found = None if shared is None else shared.get(key)
        if found is None:
            _, runs, bounds = self._path(start, end, curve)
            if known is not None and made - known[0] <= len(self.nodes):
                moved = set(self.moves[known[0] :]) - {a, b}
                found = [k for k in known[1] if k not in moved]
                found += [k for k in moved if self._hits(runs, k)]
                found.sort()
            else:
                found = self._scan(runs, bounds, (a, b))
            if shared is not None and len(shared) < REMEMBERED:
                shared[key] = found
        if len(self._crossings) >= REMEMBERED:
            self._crossings.clear()
        self._crossings[key] = (made, found)
        return found

    def route(self, a: int, b: int) -> tuple[float, list[int]]:
        """The gentlest curve from node ``a`` to ``b`` that crosses the fewest nodes."""
        chosen, hits = 0.0, self._crossed_by(a, b, 0.0)
        for curve in ROUNDNESS_CHOICES if hits else ():
            found = self._crossed_by(a, b, curve)
            if len(found) < len(hits):
                chosen, hits = curve, found
            if not found:
                break
        return chosen, hits

    def label_covers(self, box: Box, placed: Sequence[Box]) -> int:
        """How many node bodies, node labels and placed tie labels ``box`` overlaps."""
        count = sum(1 for other in placed if box.overlaps(other))
        for body, label in self.boxes:
            count += box.overlaps(body) + (label is not None and box.overlaps(label))
        return count

    def route_labelled(
        self, a: int, b: int, size: tuple[float, float], placed: Sequence[Box]
    ) -> tuple[float, Box]:
        """Like :meth:`route`, and among equally clear curves one whose label is free."""
        start, end = self.where[a], self.where[b]
        best: tuple[int, int, float, Box] | None = None
        for curve in LABELLED_CHOICES:
            x, y = _midpoint(self._path(start, end, curve)[0], curve)
            box = Box(x - size[0] / 2, y - size[1] / 2, x + size[0] / 2, y + size[1] / 2)
            score = (len(self._crossed_by(a, b, curve)), self.label_covers(box, placed))
            if best is None or score < best[:2]:
                best = (*score, curve, box)
            if score == (0, 0):
                break
        assert best is not None
        return best[2], best[3]

    def fits(self, i: int, xy: tuple[float, float]) -> bool:
        """Whether node ``i`` at ``xy`` would leave every other body and label uncovered."""
        body, label = self._boxes_at(i, xy)
        for k, (other_body, other_label) in enumerate(self.boxes):
            if k == i:
                continue
            if body.overlaps(other_body, CLEAR) or (
                other_label is not None and other_label.overlaps(body, CLEAR)
            ):
                return False
            if label is not None and (
                label.overlaps(other_body, CLEAR)
                or (other_label is not None and label.overlaps(other_label, CLEAR))
            ):
                return False
        return True


def _label_size(spec: MapSpec) -> float:
    return DEFAULT_LABEL_SIZE if spec.label_size is None else float(spec.label_size)


def route_edges(spec: MapSpec) -> tuple[float, ...]:
    """A curve for each tie of ``spec`` so that no tie runs through a node.

    A tie whose straight line crosses no node stays straight (0.0). Otherwise the
    gentlest curve of :data:`ROUNDNESS_CHOICES` that crosses no node is taken; if none
    is clear, the one crossing the fewest nodes (the gentlest of those). A tie with a
    label («§ samtykke») takes, among the curves crossing fewest nodes, the gentlest
    whose label then covers the fewest nodes, node labels and earlier tie labels.

    Parameters
    ----------
    spec : MapSpec
        A positioned map; its edges' own ``curve`` is ignored.

    Returns
    -------
    tuple of float
        One curve per edge, in order (see :func:`via_point`).
    """
    obstacles = _Obstacles(spec.nodes, _label_size(spec), spec.label_wrap)
    index = obstacles.index
    font = _label_size(spec) * EDGE_LABEL_FACTOR
    curves, placed = [], []
    for edge in spec.edges:
        a, b = index[edge.source], index[edge.target]
        if edge.label:
            curve, box = obstacles.route_labelled(a, b, text_size(edge.label, font), placed)
            placed.append(box)
        else:
            curve = obstacles.route(a, b)[0]
        curves.append(curve)
    return tuple(curves)


def with_curves(spec: MapSpec, curves: Iterable[float]) -> MapSpec:
    """``spec`` with each edge given its curve from ``curves`` (see :func:`route_edges`)."""
    edges = tuple(
        dataclasses.replace(edge, curve=curve) if edge.curve != curve else edge
        for edge, curve in zip(spec.edges, curves, strict=True)
    )
    return dataclasses.replace(spec, edges=edges)


def _edge_label_box(path: Sequence[tuple[float, float]], edge: MapEdge, font: float) -> Box:
    x, y = _midpoint(path, edge.curve)
    width, height = text_size(edge.label, font * EDGE_LABEL_FACTOR)
    return Box(x - width / 2, y - height / 2, x + width / 2, y + height / 2)


def _around(body: Box, label: Box | None) -> Box:
    """The box around a node's body and its label (see :func:`node_boxes`)."""
    if label is None:
        return body
    return Box(
        min(body.left, label.left),
        min(body.top, label.top),
        max(body.right, label.right),
        max(body.bottom, label.bottom),
    )


def _near_pairs(extents: Sequence[Box]) -> list[list[int]]:
    """For each box, the later ones (by index, in order) that share area with it.

    Two nodes whose boxes around body and label do not overlap cannot hide each other,
    so :func:`map_quality` looks only at these pairs instead of all n² of them: sorted
    by their left edge, a box is compared only with the boxes that start before it ends.

    Examples
    --------
    >>> _near_pairs([Box(0, 0, 10, 10), Box(50, 0, 60, 10), Box(5, 5, 15, 15)])
    [[2], [], []]
    """
    order = sorted(range(len(extents)), key=lambda k: extents[k].left)
    later: list[list[int]] = [[] for _ in extents]
    for place, i in enumerate(order):
        box = extents[i]
        for j in order[place + 1 :]:
            other = extents[j]
            if other.left >= box.right:
                break  # this one and all after it start where ``box`` has ended
            if box.left < other.right and box.top < other.bottom and other.top < box.bottom:
                later[min(i, j)].append(max(i, j))
    for found in later:
        found.sort()
    return later


def map_quality(spec: MapSpec) -> MapQuality:
    """Count what hides what on a map: label overlaps and ties through nodes.

    Parameters
    ----------
    spec : MapSpec
        A positioned map. Labels are measured at ``spec.label_size`` (vis-network's
        default when None).

    Returns
    -------
    MapQuality
        The counts, and a line naming the items of each.
    """
    obstacles = _Obstacles(spec.nodes, _label_size(spec), spec.label_wrap)
    nodes, boxes = obstacles.nodes, obstacles.boxes
    problems: list[str] = []
    label_label = label_node = edge_node = edge_label = 0
    near = _near_pairs([_around(body, label) for body, label in boxes])
    for i, (node, (body, label)) in enumerate(zip(nodes, boxes, strict=True)):
        for j in near[i]:
            other, (other_body, other_label) = nodes[j], boxes[j]
            if label and other_label and label.overlaps(other_label):
                label_label += 1
                problems.append(f"etikett/etikett: {node.id} – {other.id}")
            pairs = ((label, other_body, node.id, other.id), (other_label, body, other.id, node.id))
            for own, foreign, a, b in pairs:
                if own and own.overlaps(foreign):
                    label_node += 1
                    problems.append(f"etikett/node: {a} over {b}")
            if body.overlaps(other_body):
                label_node += 1
                problems.append(f"node/node: {node.id} – {other.id}")
    edge_boxes: list[Box] = []
    font = _label_size(spec)
    for edge in spec.edges:
        a, b = obstacles.index[edge.source], obstacles.index[edge.target]
        path = obstacles._path(obstacles.where[a], obstacles.where[b], edge.curve)[0]
        for k in obstacles._crossed_by(a, b, edge.curve):
            edge_node += 1
            problems.append(f"bånd gjennom node: {edge.source}–{edge.target} gjennom {nodes[k].id}")
        if edge.label:
            box = _edge_label_box(path, edge, font)
            covered = [
                node.id
                for node, (body, label) in zip(nodes, boxes, strict=True)
                if box.overlaps(body) or (label and box.overlaps(label))
            ]
            if covered or any(box.overlaps(other) for other in edge_boxes):
                edge_label += 1
                problems.append(f"båndetikett: {edge.source}–{edge.target} over {covered}")
            edge_boxes.append(box)
    return MapQuality(label_label, label_node, edge_node, edge_label, tuple(problems))


def edge_crossings(spec: MapSpec) -> int:
    """How many times a tie of ``spec`` runs through a node it does not connect.

    The ``edge_node`` count of :func:`map_quality`, without the cost of the label checks.
    """
    obstacles = _Obstacles(spec.nodes, _label_size(spec), spec.label_wrap)
    count = 0
    for edge in spec.edges:
        a, b = obstacles.index[edge.source], obstacles.index[edge.target]
        count += len(obstacles._crossed_by(a, b, edge.curve))
    return count


CLEAR = 2.0
"""Map units :func:`untangle` keeps between a moved node's boxes and the others."""


def untangle(
    spec: MapSpec,
    places: Mapping[str, Sequence[tuple[float, float]]],
    *,
    max_tries: int = 300,
) -> MapSpec:
    """Move nodes out of the way of ties that no curve gets around, labels kept apart.

    For each tie that still runs through a node after :func:`route_edges`, the node
    in the way, and then the tie's own ends, are tried at their other ``places`` (in
    order); a move is kept when no label or node then overlaps another and fewer ties
    run through nodes (each tie with its best curve). Nodes without places stay put.

    Parameters
    ----------
    spec : MapSpec
        A positioned map.
    places : mapping
        Node id to the other positions it may take, the preferred first.
    max_tries : int
        At most this many moves are tried (each costs O(e + n) checks).

    Returns
    -------
    MapSpec
        The map with the moved nodes and every edge's curve chosen anew.
    """
    obstacles = _Obstacles(spec.nodes, _label_size(spec), spec.label_wrap)
    index = obstacles.index
    ends = [(index[e.source], index[e.target]) for e in spec.edges]
    incident: dict[int, list[int]] = defaultdict(list)
    for e, (a, b) in enumerate(ends):
        incident[a].append(e)
        incident[b].append(e)
    routes = [obstacles.route(a, b) for a, b in ends]
    tries = 0

    def bounds(e: int) -> tuple[list[Run], Box]:
        a, b = ends[e]
        where = obstacles.where
        _, runs, (low_x, high_x, low_y, high_y) = obstacles._path(where[a], where[b], routes[e][0])
        return runs, Box(low_x, low_y, high_x, high_y)

    paths = [bounds(e) for e in range(len(ends))]

    def try_move(i: int) -> bool:
        nonlocal tries
        old = obstacles.where[i]
        for xy in places.get(obstacles.nodes[i].id, ()):
            if tries >= max_tries:
                return False
            tries += 1
            if not obstacles.fits(i, xy):
                continue
            obstacles.move(i, xy)
            # The ties it was in the way of (they should get better), its own, and those
            # it is now in the way of: the move is kept if they cross fewer nodes in all.
            blocked = [e for e, (_, hits) in enumerate(routes) if i in hits]
            own = [e for e in incident[i] if e not in blocked]
            body = obstacles.boxes[i][0]
            in_way = [
                e
                for e, (runs, box) in enumerate(paths)
                if i not in ends[e]
                and e not in blocked
                and box.overlaps(body)
                and obstacles._hits(runs, i)
            ]
            # Routed in an order that finds out soonest that the move does not pay off:
            # the sum only grows, so routing stops once it reaches ``before``. The ties it
            # is now in the way of come first (their lines are known, only the moved node
            # is checked anew), its own ties last (new lines, the costly ones).
            order = in_way + blocked + own
            before = sum(len(routes[e][1]) for e in order)
            trial, after = {}, 0
            for e in order:
                trial[e] = obstacles.route(*ends[e])
                after += len(trial[e][1])
                if after >= before:
                    break  # the move is undone, whatever comes
            if after < before:  # every tie in ``order`` was routed anew
                for e, route in trial.items():
                    routes[e] = route
                for e in {*trial, *incident[i]}:
                    paths[e] = bounds(e)
                return True
            obstacles.move(i, old)
        return False

    for _ in range(3):
        stuck = [e for e, (_, hits) in enumerate(routes) if hits]
        if not stuck or tries >= max_tries:
            break
        for e in stuck:
            for i in [*routes[e][1], *ends[e]]:
                if routes[e][1] and try_move(i):
                    break
    moved = tuple(
        node if (node.x, node.y) == xy else dataclasses.replace(node, x=xy[0], y=xy[1])
        for node, xy in zip(obstacles.nodes, obstacles.where, strict=True)
    )
    return with_curves(dataclasses.replace(spec, nodes=moved), (curve for curve, _ in routes))
