"""The data contract of the map page: what Python writes and ``static/map.js`` reads.

The page holds one JSON block, ``<script type="application/json" id="tk-data">``, with
a :class:`MapPageData`. The script documents the same shapes as JSDoc typedefs at its
top (``@typedef {Object} MapPageData`` …); ``tests/test_render.py`` checks that both
name the same fields, so neither can change alone.

Nodes and edges are vis-network items with only the fields listed here (anything of
the case that is not on the map never reaches the page), plus ``group``: the index of
the item's group name in :attr:`MapPageData.groups` (a number keeps large maps small).
The script keeps the group for itself (the legend selects by it) and does not hand it
to vis-network, where a group would bring colours of its own.

This module deliberately has no ``from __future__ import annotations``: Python 3.11
only sees ``NotRequired`` in a ``TypedDict`` when annotations are evaluated.
"""

from typing import Any, Literal, NotRequired, TypedDict


class NodeColor(TypedDict):
    """Fill and border of a node as ``#rrggbb``."""

    background: str
    border: str


class NodeData(TypedDict):
    """One node as vis-network draws it (physics is off: ``x``/``y`` are final).

    Optional fields are left out when they equal the page-wide defaults in the
    options, which keeps large maps small.
    """

    id: str
    label: str
    shape: str
    x: float
    y: float
    color: NodeColor
    size: int
    title: NotRequired[str]
    borderWidth: NotRequired[int]
    shapeProperties: NotRequired[dict[str, Any]]
    font: NotRequired[dict[str, Any]]
    group: NotRequired[int]


EdgeData = TypedDict(
    "EdgeData",
    {
        "from": str,
        "to": str,
        "color": str,
        "width": float,
        "arrows": NotRequired[str],
        "dashes": NotRequired[list[float]],
        "label": NotRequired[str],
        "title": NotRequired[str],
        "group": NotRequired[int],
        "smooth": NotRequired[dict[str, Any]],
    },
)
EdgeData.__doc__ = """One edge as vis-network draws it (``from`` is a Python keyword, hence
this form). The script gives edge ``i`` the id ``"e<i>"``."""


class Sector(TypedDict):
    """A sector border: its angle in degrees (0 = east, counter-clockwise) and label."""

    angle: float
    label: str


class Guides(TypedDict):
    """Rings and sector lines drawn behind an egocentric map."""

    rings: list[float]
    sectors: list[Sector]
    labelOffsetDeg: float
    outer: float


class LegendEntry(TypedDict):
    """What legend line ``i`` selects: the nodes or edges of group number ``group``.

    ``group`` is None for a line that selects nothing.
    """

    kind: Literal["node", "edge"]
    group: int | None


class PresentStep(TypedDict):
    """One step of the presentation mode (:class:`graph.render.spec.PresentationStep`).

    ``nodes`` are the ids and ``edges`` the indexes into :attr:`MapPageData.edges` (so
    edge ``"e<i>"``) of what appears at this step; ``highlight`` the ids ringed while
    it is shown. ``title`` is plain text. ``focus``: the ids the view zooms in on (empty:
    the whole map); ``labelScale``: node labels are drawn this
    many times their size.
    """

    title: str
    nodes: list[str]
    edges: list[int]
    highlight: list[str]
    focus: list[str]
    labelScale: float


class Presentation(TypedDict):
    """The presentation mode of a map: its steps, in order."""

    steps: list[PresentStep]


class MapPageData(TypedDict):
    """Everything the script needs, in the page's ``tk-data`` block.

    ``groups`` names the groups of the nodes and edges, in order of first use.
    ``dense`` is true above :data:`graph.render.html.DENSE_NODES` nodes: labels then
    keep a fixed size in map units and are drawn only when zoomed in far enough to
    read. ``font`` is the font stack of labels on the canvas (the page's CSS and the
    vis-network options use the same value). ``labelSize`` is the font size of node
    labels in map units when the layout has kept labels of that size apart (they then
    zoom with the map); None keeps labels one size on screen at the fitted zoom.
    ``present`` is the presentation mode (the «Presenter» button), or None for a map
    without one.
    """

    nodes: list[NodeData]
    edges: list[EdgeData]
    groups: list[str]
    options: dict[str, Any]
    guides: Guides | None
    highlighted: list[str]
    labelInside: list[str]
    legend: list[LegendEntry]
    dense: bool
    font: str
    labelSize: float | None
    present: Presentation | None


def typed_keys(cls: type) -> tuple[frozenset[str], frozenset[str]]:
    """Return the required and the optional keys of a ``TypedDict``.

    Examples
    --------
    >>> required, optional = typed_keys(Sector)
    >>> sorted(required), sorted(optional)
    (['angle', 'label'], [])
    """
    return frozenset(cls.__required_keys__), frozenset(cls.__optional_keys__)
