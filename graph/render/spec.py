"""What the renderer draws: a map as plain data, with nothing the browser does not need.

A :class:`MapSpec` is built by the core (from a case, from the catalogue's idékart,
from a municipality) and handed to :func:`graph.render.html.render_map_html`. Only the
fields below reach the browser, so no personal detail that is not on the map
(notes, contacts, unknown keys of a file) can leak into the page.

All text is plain text. The renderer escapes it; nothing here is ever HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

NodeShape = Literal["dot", "box", "ellipse", "diamond", "star", "triangle", "square", "hexagon"]


@dataclass(frozen=True)
class MapNode:
    """One node, positioned by the core (physics is off in the browser).

    Attributes
    ----------
    id : str
        Unique within the map. Only used to connect edges.
    label : str
        Text under or inside the node. Plain text.
    title : str
        Tooltip shown on hover. Plain text; ``\\n`` starts a new line.
    x, y : float
        Position in vis-network's coordinate system (y grows downwards).
    shape : str
        vis-network shape.
    color : str
        Fill colour as ``#rrggbb``.
    border_color : str
        Border colour as ``#rrggbb``.
    border_width : int
        Border width in pixels (the coordinator gets a thick border).
    border_dashes : bool
        Dashed border (used for "ghost" nodes: actors that are missing).
    size : int
        Node size in pixels (for dot-like shapes) or font size scale for boxes.
    font_color : str
        Label colour as ``#rrggbb``.
    highlighted : bool
        Drawn with a highlight ring (for example actors not reached by the coordinator).
    group : str
        What kind of node this is on its map (``"formal"``, ``"ghost"`` …): a legend
        line with the same group selects it when clicked. Empty for none.
    """

    id: str
    label: str
    x: float
    y: float
    title: str = ""
    shape: NodeShape = "dot"
    color: str = "#ffffff"
    border_color: str = "#333333"
    border_width: int = 1
    border_dashes: bool = False
    size: int = 16
    font_color: str = "#1a1a1a"
    highlighted: bool = False
    group: str = ""


@dataclass(frozen=True)
class MapEdge:
    """One tie between two nodes.

    Attributes
    ----------
    source, target : str
        Node ids.
    label : str
        Short text on the edge (plain text), may be empty.
    title : str
        Tooltip (plain text).
    color : str
        Line colour as ``#rrggbb``.
    width : float
        Line width in pixels.
    dashes : bool or list of int
        False for a solid line, or a dash pattern such as ``[8, 4]``.
    arrow : bool
        Draw an arrow at the target end (referrals are directed).
    group : str
        What kind of tie this is (``"support"``, ``"referral"`` …): a legend line with
        the same group selects it when clicked. Empty for none.
    curve : float
        0 for a straight line; otherwise the roundness of a curve bending clockwise
        (> 0) or counter-clockwise (< 0), as vis-network's ``curvedCW``/``curvedCCW``
        (so a tie can go around a node in its way; see
        :func:`graph.render.geometry.route_edges`).
    """

    source: str
    target: str
    label: str = ""
    title: str = ""
    color: str = "#666666"
    width: float = 1.5
    dashes: bool | tuple[int, ...] = False
    arrow: bool = False
    group: str = ""
    curve: float = 0.0


@dataclass(frozen=True)
class LegendItem:
    """One line of the legend: a small sample and its meaning.

    ``kind`` says what the sample shows: a node (``shape``, ``color``,
    ``border_color``, ``border_dashes``, ``border_width``) or a line (``color``,
    ``dashes``, ``arrow``). ``group`` names the nodes (for a node line) or edges (for
    a line sample) it stands for: clicking the line selects them. A line with no group,
    or whose group nothing on the map has, is plain text.
    """

    kind: Literal["node", "edge"]
    text: str
    shape: NodeShape = "dot"
    color: str = "#ffffff"
    border_color: str = "#333333"
    border_width: int = 1
    border_dashes: bool = False
    dashes: bool | tuple[int, ...] = False
    arrow: bool = False
    group: str = ""


@dataclass(frozen=True)
class PresentationStep:
    """One step of a map's presentation mode: what it brings onto the map.

    Attributes
    ----------
    title : str
        What the step shows, in plain text («Familie»); the page writes it as
        «Trinn 2 av 7: Familie».
    nodes : tuple of str
        Ids of the nodes that appear at this step (they stay for the later steps).
    edges : tuple of int
        Indexes into :attr:`MapSpec.edges` of the edges that appear at this step.
    highlight : tuple of str
        Ids of nodes marked with a highlight ring while this step is shown (for
        example whom to involve); no ring is drawn at a step with none.
    focus : tuple of str
        Ids of the nodes the view zooms in on while the step is shown (it fits them
        and their labels); empty shows the whole map as fitted, with its rings and
        sector names.
    label_scale : float
        Node labels are drawn this many times :attr:`MapSpec.label_size` while the step
        is shown (at least 1; chosen so they still do not overlap, see
        :func:`graph.maps.presentation.with_label_scales`).
    """

    title: str
    nodes: tuple[str, ...] = ()
    edges: tuple[int, ...] = ()
    highlight: tuple[str, ...] = ()
    focus: tuple[str, ...] = ()
    label_scale: float = 1.0


@dataclass(frozen=True)
class MapSpec:
    """A whole map ready to render.

    Attributes
    ----------
    title : str
        Heading shown above the map (plain text); empty for none.
    nodes, edges : tuple
        What to draw.
    legend : tuple of LegendItem
        Shown beside the map, so the map still reads when printed in black and white.
    rings : tuple of float
        Radii of guide circles drawn around (0, 0) (closeness rings); may be empty.
    sector_lines : tuple of (float, str)
        Angles in degrees (0 = east, counter-clockwise) of the sector borders, and
        the sector label drawn just inside the outer ring after each border.
    height_px : int
        Height of the drawing area.
    label_size : float or None
        Font size of node labels in map units, for maps whose layout keeps labels
        apart at that size (:mod:`graph.render.geometry`): the labels then zoom with
        the map. None keeps labels the same size on screen whatever the zoom.
    label_wrap : float or None
        Widest a node label may be, in map units: longer labels are broken between
        words into lines (vis-network's ``widthConstraint.maximum``). None for no limit.
    notice : str
        A plain-text line shown above the map (for example that the map is too large
        to read); empty for none.
    presentation : tuple of PresentationStep
        The steps of the presentation mode (the «Presenter» button), which reveal the
        map step by step; every node and edge appears at exactly one step. Empty: the
        map has no presentation mode.
    """

    title: str
    nodes: tuple[MapNode, ...]
    edges: tuple[MapEdge, ...]
    legend: tuple[LegendItem, ...] = ()
    rings: tuple[float, ...] = ()
    sector_lines: tuple[tuple[float, str], ...] = field(default_factory=tuple)
    height_px: int = 640
    label_size: float | None = None
    label_wrap: float | None = None
    notice: str = ""
    presentation: tuple[PresentationStep, ...] = ()
