"""Render a :class:`~graph.render.spec.MapSpec` to one standalone, offline HTML page.

The page is three parts, each in its own file:

* **data**: one JSON block with a :class:`~graph.render.page.MapPageData` (the typed
  contract in :mod:`graph.render.page`), built here; pyvis builds its node and edge
  lists (:mod:`graph.render.pyvis_adapter`);
* **markup and CSS**: ``templates/map.html``, rendered by our own Jinja environment with
  autoescaping on (pyvis's own template loads Bootstrap and vis-network from CDNs,
  renders the heading unescaped and switches to an ``innerHTML`` popup when a tooltip
  contains ``href``);
* **script**: ``static/map.js`` (:func:`graph.render.assets.map_script_js`), which reads
  the data block and draws it with vis-network; a map with a presentation mode
  (:attr:`~graph.render.spec.MapSpec.presentation`) also gets ``static/map_present.js``
  (:func:`graph.render.assets.present_script_js`) and the «Presenter» button.

The data goes in through ``tojson`` (which escapes ``<``, ``>``, ``&`` and ``'``) and is
read with ``JSON.parse``, never concatenated into HTML or script. Every node and edge
has an explicit, fixed set of fields, so nothing of the case that is not on the map can
reach the page; tooltips stay plain strings, which vis-network 9.1.2 shows with
``innerText``. Physics is off (positions come from the core). vis-network and the map
script are inlined (an exported file) or loaded from the app's own static folder, and a
strict Content-Security-Policy forbids every other source.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import math
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from graph.render.assets import (
    MAP_SCRIPT_URL,
    PRESENT_SCRIPT_URL,
    STATIC_URL,
    map_script_js,
    present_script_js,
    vis_network_js,
)
from graph.render.page import (
    EdgeData,
    Guides,
    LegendEntry,
    MapPageData,
    NodeData,
    Presentation,
    typed_keys,
)
from graph.render.pyvis_adapter import node_and_edge_lists
from graph.render.spec import LegendItem, MapEdge, MapNode, MapSpec

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "map.html"

NODE_KEYS = frozenset().union(*typed_keys(NodeData))
"""The only keys a node object in the page may have (see :func:`_node_data`)."""

EDGE_KEYS = frozenset().union(*typed_keys(EdgeData))
"""The only keys an edge object in the page may have (see :func:`_edge_data`)."""

SHAPES = frozenset({"dot", "box", "ellipse", "diamond", "star", "triangle", "square", "hexagon"})
LABEL_INSIDE_SHAPES = frozenset({"box", "ellipse"})

FONT_STACK = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif"
"""The page's one font stack: its CSS, the vis-network labels and the script's canvas text."""
DENSE_NODES = 150
"""Above this many nodes a map is dense (see :class:`~graph.render.page.MapPageData`)."""
NODE_BORDER_DASHES = (5, 4)
"""Dash pattern of a dashed node border, on the canvas and in the legend."""
EDGE_DASHES = (8, 5)
"""Dash pattern of an edge whose ``dashes`` is simply ``True``."""
DEFAULT_FONT_COLOR = next(
    str(f.default).lower() for f in dataclasses.fields(MapNode) if f.name == "font_color"
)
"""Label colour written once in the options instead of on every node."""
DEFAULT_BORDER_WIDTH = next(
    int(f.default) for f in dataclasses.fields(MapNode) if f.name == "border_width"
)
"""Border width written once in the options instead of on every node."""
SECTOR_LABEL_OFFSET_DEG = 8.0
"""Sector labels sit this many degrees counter-clockwise after their border line."""
MAX_PRESENT_LABEL_SCALE = 3.0
"""A presentation step draws node labels at most this many times their size."""
MAX_PRESENT_STEPS = 20
"""A presentation has at most this many steps (a case map has 7)."""

_COLOR_RE = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})\Z")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_INVISIBLE_RE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\xad\u061c\u180e\u200b-\u200f\u2028-\u202e"
    r"\u2060-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff]"
)
_SCRIPT_END_RE = re.compile(r"</(script)", re.IGNORECASE)
_CSP_BASE = (
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    "img-src data:",
    "font-src 'none'",
    "connect-src 'none'",
    "media-src 'none'",
    "object-src 'none'",
    "frame-src 'none'",
    "worker-src 'none'",
    "manifest-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
)


# --------------------------------------------------------------------------- public API


def render_map_html(
    spec: MapSpec,
    *,
    inline_js: bool,
    script_url: str = STATIC_URL,
    interactive_legend: bool = True,
    map_script_url: str | None = None,
) -> str:
    """Render a map to a complete, standalone HTML5 page.

    Parameters
    ----------
    spec : MapSpec
        What to draw. Only its fields reach the page.
    inline_js : bool
        ``True`` puts vis-network and the map script into the page (about 490 KB; for
        files that must open anywhere, such as an export). ``False`` loads them from
        ``script_url`` and ``map_script_url`` (the app, where the page is re-rendered
        often and must stay small).
    script_url : str
        Same-origin path of vis-network when ``inline_js`` is false. Absolute URLs
        are refused: the page must never load anything from another host.
    interactive_legend : bool
        Make legend lines buttons that select (highlight) the nodes or lines of their
        group. Lines whose group nothing on the map has stay plain text.
    map_script_url : str, optional
        Same-origin path of the map script when ``inline_js`` is false; by default the
        app's static copy (:data:`~graph.render.assets.MAP_SCRIPT_URL`) with the
        script's version in the query, so a browser never runs an old cached script
        on new data. The presentation script (a map with
        :attr:`~graph.render.spec.MapSpec.presentation` only) is loaded from the app's
        static copy the same way (:data:`~graph.render.assets.PRESENT_SCRIPT_URL`).

    Returns
    -------
    str
        The HTML document. No file is written and no browser is opened.

    Raises
    ------
    ValueError
        If the spec breaks its contract (duplicate node ids, an edge to an unknown
        node, a colour that is not ``#rrggbb``, an unknown shape, a coordinate that
        is not finite, a presentation step naming a node or edge the map does not
        have, or leaving one out) or a script URL is not a same-origin path.
    """
    if map_script_url is None:
        map_script_url = f"{MAP_SCRIPT_URL}?v={map_script_version()}"
    if not inline_js:
        _check_script_url(script_url)
        _check_script_url(map_script_url)
    page = map_page(
        spec,
        inline_js=inline_js,
        script_url=script_url,
        map_script_url=map_script_url,
        interactive_legend=interactive_legend,
    )
    return _environment().get_template(TEMPLATE_NAME).render(page=page)


def map_page_data(spec: MapSpec, *, interactive_legend: bool = True) -> MapPageData:
    """Return the data the page's script gets, exactly as it is written into the page.

    Parameters
    ----------
    spec : MapSpec
        What to draw.
    interactive_legend : bool
        Whether legend lines select their group (otherwise every entry's group is
        empty).

    Returns
    -------
    MapPageData
        Plain JSON-ready data (see :mod:`graph.render.page`).

    Raises
    ------
    ValueError
        As :func:`render_map_html`.
    """
    return map_page(
        spec,
        inline_js=False,
        script_url=STATIC_URL,
        map_script_url=MAP_SCRIPT_URL,
        interactive_legend=interactive_legend,
    ).data


TOOLBAR_PX = 36
"""Height of the map page's toolbar («Tilpass», «Fullskjerm», the zoom hint) above the map."""
NOTICE_PX = 72
"""Room for the notice above the map (two or three lines on a narrow page)."""


def chrome_height_px(spec: MapSpec) -> int:
    """Pixels the page needs above the drawing: the toolbar, and the notice if any.

    A page that sizes the map's frame (``st.iframe(height=…)``) adds this to
    ``spec.height_px`` and the legend's room, so nothing is cut off.

    Examples
    --------
    >>> chrome_height_px(MapSpec("", (), ()))
    36
    """
    return TOOLBAR_PX + (NOTICE_PX if spec.notice else 0)


def content_security_policy(*, inline_js: bool) -> str:
    """Return the page's Content-Security-Policy.

    Nothing may be fetched except, when vis-network is not inlined, scripts from the
    page's own origin (Streamlit's static folder). Inline scripts and styles are
    allowed because the page is one self-contained document; vis-network needs no
    ``eval``. Canvases need no source; ``data:`` images are allowed for the canvas.

    Parameters
    ----------
    inline_js : bool
        Whether the library is inlined (then ``'self'`` is not needed).
    """
    script_src = "script-src 'unsafe-inline'" if inline_js else "script-src 'self' 'unsafe-inline'"
    return "; ".join((_CSP_BASE[0], script_src, *_CSP_BASE[1:]))


# --------------------------------------------------------------------------- validation


def _check_script_url(url: str) -> None:
    """Refuse a script URL that could point to another host.

    Raises
    ------
    ValueError
        If the URL has a scheme, starts with ``//`` or contains characters that
        have no place in a path.
    """
    if (
        not url
        or ":" in url
        or url.startswith("//")
        or "\\" in url
        or any(c.isspace() or c in "\"'<>" for c in url)
    ):
        raise ValueError(
            f"script_url must be a same-origin path such as {STATIC_URL!r}, got {url!r}"
        )


def _color(value: str, what: str) -> str:
    """Return ``value`` if it is a ``#rgb``/``#rrggbb`` colour, else raise ValueError."""
    if not isinstance(value, str) or not _COLOR_RE.match(value):
        raise ValueError(f"{what} must be a colour like '#1d4e89', got {value!r}")
    return value.lower()


def _shape(value: str, what: str) -> str:
    """Return ``value`` if it is one of the supported shapes, else raise ValueError."""
    if value not in SHAPES:
        raise ValueError(f"{what} must be one of {sorted(SHAPES)}, got {value!r}")
    return value


def _number(value: float, what: str, *, positive: bool = False) -> float:
    """Return ``value`` as a finite float (positive if asked), else raise ValueError."""
    number = float(value)
    if not math.isfinite(number) or (positive and number <= 0):
        raise ValueError(f"{what} must be a finite {'positive ' if positive else ''}number")
    return number


def _text(value: str) -> str:
    """Return plain text without control characters (newlines and tabs are kept).

    Escaping is done by Jinja and ``tojson``; this only removes characters such as
    NUL that no label needs and that browsers treat inconsistently.
    """
    return _CONTROL_RE.sub("", str(value).replace("\r\n", "\n").replace("\r", "\n"))


def _label_size(spec: MapSpec) -> float | None:
    """The map's label size in map units, or None to keep labels one size on screen."""
    if spec.label_size is None:
        return None
    return round(_number(spec.label_size, "label_size", positive=True), 2)


def _coordinate(value: float, what: str) -> float | int:
    """Round a position to a tenth of a map unit (whole units print without ``.0``)."""
    number = round(_number(value, what), 1)
    return int(number) if number.is_integer() else number


def _dash_pattern(dashes: bool | Sequence[int], default: Sequence[int]) -> list[float] | bool:
    """Turn a spec's ``dashes`` into vis-network's form: ``False`` or a list of lengths."""
    if dashes is False or dashes is None:
        return False
    if dashes is True:
        return list(default)
    pattern = [_number(d, "dash length", positive=True) for d in dashes]
    if not pattern or len(pattern) > 8:
        raise ValueError(f"a dash pattern needs 1 to 8 lengths, got {dashes!r}")
    return [int(d) if d.is_integer() else d for d in pattern]


# --------------------------------------------------------------------------- node and edge data


def _node_data(node: MapNode) -> NodeData:
    """Return one node as the page holds it (see :class:`~graph.render.page.NodeData`).

    Fields equal to the page-wide defaults in :func:`_vis_options` are left out to
    keep large maps small: ``title`` when empty, ``borderWidth`` when it is the
    default, ``shapeProperties`` unless the border is dashed, ``font`` unless its
    colour differs or the label sits inside the shape.
    Selection and hover are drawn by the page (black, thicker border, same fill), so
    no ``highlight``/``hover`` colours are needed.
    """
    fields: NodeData = {
        "id": str(node.id),
        "label": _text(node.label),
        "shape": _shape(node.shape, "node shape"),
        "x": _coordinate(node.x, f"x of node {node.id!r}"),
        "y": _coordinate(node.y, f"y of node {node.id!r}"),
        "color": {
            "background": _color(node.color, f"colour of node {node.id!r}"),
            "border": _color(node.border_color, f"border colour of node {node.id!r}"),
        },
        "size": int(_number(node.size, f"size of node {node.id!r}", positive=True)),
    }
    border_width = max(0, int(node.border_width))
    if border_width != DEFAULT_BORDER_WIDTH:
        fields["borderWidth"] = border_width
    if node.border_dashes:
        fields["shapeProperties"] = {"borderDashes": list(NODE_BORDER_DASHES)}
    font: dict[str, Any] = {}
    font_color = _color(node.font_color, f"font colour of node {node.id!r}")
    if font_color != DEFAULT_FONT_COLOR:
        font["color"] = font_color
    if node.shape in LABEL_INSIDE_SHAPES:
        font["strokeWidth"] = 0  # the white halo of outside labels would blur this text
    if font:
        fields["font"] = font
    title = _text(node.title)
    if title:
        fields["title"] = title
    return fields


def _edge_data(edge: MapEdge) -> EdgeData:
    """Return one edge as the page holds it (see :class:`~graph.render.page.EdgeData`).

    ``arrows`` is ``"to"`` for an arrow and left out otherwise (no arrow is the
    page-wide default). ``label``, ``title`` and ``dashes`` are left out when empty
    or solid; straight lines (``smooth: false``) are a page-wide option, and a curved
    tie (``curve`` not 0) gets its own ``smooth`` (vis-network's ``curvedCW`` or
    ``curvedCCW`` with the curve's size as roundness).
    """
    what = f"edge {edge.source!r}->{edge.target!r}"
    fields: EdgeData = {
        "from": str(edge.source),
        "to": str(edge.target),
        "color": _color(edge.color, f"colour of {what}"),
        "width": round(_number(edge.width, f"width of {what}", positive=True), 2),
    }
    if edge.arrow:
        fields["arrows"] = "to"
    dashes = _dash_pattern(edge.dashes, EDGE_DASHES)
    if dashes:
        fields["dashes"] = dashes
    for key, value in (("label", _text(edge.label)), ("title", _text(edge.title))):
        if value:
            fields[key] = value
    curve = _number(edge.curve, f"curve of {what}")
    if curve:
        fields["smooth"] = {
            "enabled": True,
            "type": "curvedCW" if curve > 0 else "curvedCCW",
            "roundness": round(min(abs(curve), 1.0), 3),
        }
    return fields


def _vis_options(spec: MapSpec | None = None) -> dict[str, Any]:
    """Return the vis-network options: physics off, straight lines, system fonts.

    A map with a ``label_wrap`` breaks longer labels into lines
    (``nodes.widthConstraint.maximum``). The mouse wheel zooms only once the map is
    activated (``static/map.js`` turns ``zoomView`` on), so it scrolls the page.
    """
    label_font = {"face": FONT_STACK, "strokeWidth": 3, "strokeColor": "#ffffff"}
    options = {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": 1},
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "dragNodes": True,
            "dragView": True,
            "zoomView": False,
            "navigationButtons": False,
            "keyboard": False,
            "multiselect": False,
            "selectConnectedEdges": True,
        },
        "nodes": {
            "font": {**label_font, "size": 14, "color": DEFAULT_FONT_COLOR},
            "shapeProperties": {"borderDashes": False},
            "borderWidth": DEFAULT_BORDER_WIDTH,
        },
        "edges": {
            "smooth": False,
            "font": {**label_font, "size": 12, "color": "#333333", "align": "horizontal"},
            "arrows": {"to": {"enabled": False, "scaleFactor": 0.7}},
            "selectionWidth": 1.5,
            "hoverWidth": 0.5,
        },
    }
    if spec is not None and spec.label_wrap is not None:
        wrap = round(_number(spec.label_wrap, "label_wrap", positive=True), 1)
        options["nodes"]["widthConstraint"] = {"maximum": wrap}
    return options


def _items(spec: MapSpec, groups: dict[str, int]) -> tuple[list[NodeData], list[EdgeData]]:
    """Check the spec's nodes and edges and build their lists with pyvis.

    ``groups`` gets every group name used, numbered in order of first use; an item's
    ``group`` is that number.

    Raises
    ------
    ValueError
        On duplicate node ids, edges to unknown nodes or a field that breaks the
        spec's contract.
    """
    nodes: list[NodeData] = []
    seen: set[str] = set()
    for node in spec.nodes:
        data = _node_data(node)
        if node.group:
            data["group"] = groups.setdefault(_text(node.group), len(groups))
        if data["id"] in seen:
            raise ValueError(f"duplicate node id {data['id']!r}")
        seen.add(data["id"])
        nodes.append(data)
    edges: list[EdgeData] = []
    for edge in spec.edges:
        data = _edge_data(edge)
        if edge.group:
            data["group"] = groups.setdefault(_text(edge.group), len(groups))
        missing = [n for n in (data["from"], data["to"]) if n not in seen]
        if missing:
            raise ValueError(
                f"edge {data['from']!r}->{data['to']!r} refers to unknown node {missing[0]!r}"
            )
        edges.append(data)
    return node_and_edge_lists(nodes, edges)


# --------------------------------------------------------------------------- page context


def _outer_radius(spec: MapSpec) -> float:
    """Radius that holds every ring and every node's body: where sector labels go."""
    radii = [_number(r, "ring radius", positive=True) for r in spec.rings]
    radii += [math.hypot(n.x, n.y) + n.size for n in spec.nodes]
    return max(radii, default=0.0)


def _guides(spec: MapSpec) -> Guides | None:
    """Return the rings and sector lines to draw behind the map, or None if there are none."""
    if not spec.rings and not spec.sector_lines:
        return None
    return {
        "rings": [round(_number(r, "ring radius", positive=True), 1) for r in spec.rings],
        "sectors": [
            {"angle": round(_number(angle, "sector angle"), 3), "label": _text(label)}
            for angle, label in spec.sector_lines
        ],
        "labelOffsetDeg": SECTOR_LABEL_OFFSET_DEG,
        "outer": round(_outer_radius(spec), 1),
    }


def _legend_sample(item: LegendItem) -> dict[str, Any]:
    """Return how to draw a legend line's small SVG sample (see ``map.html``).

    The sample repeats the encodings that survive black-and-white printing: the node
    shape and a dashed border, or the line's dash pattern and arrowhead.
    """
    color = _color(item.color, f"colour of legend item {item.text!r}")
    if item.kind == "edge":
        dashes = _dash_pattern(item.dashes, EDGE_DASHES)
        return {
            "kind": "edge",
            "stroke": color,
            "width": 2.5,
            "dasharray": " ".join(str(d) for d in dashes) if dashes else "",
            "arrow": bool(item.arrow),
            "x2": 30 if item.arrow else 38,
        }
    shape = _shape(item.shape, f"shape of legend item {item.text!r}")
    return {
        "kind": "node",
        "fill": color,
        "stroke": _color(item.border_color, f"border colour of legend item {item.text!r}"),
        "width": min(max(int(item.border_width), 1), 4),
        "dasharray": " ".join(map(str, NODE_BORDER_DASHES)) if item.border_dashes else "",
        **_shape_geometry(shape),
    }


def _polygon(points: Iterable[tuple[float, float]]) -> str:
    """Format points for an SVG ``points`` attribute."""
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def _regular(n: int, radius: float, start_deg: float, cx: float = 20, cy: float = 12) -> list:
    """Return the corners of a regular polygon (SVG coordinates, y down)."""
    step = 360.0 / n
    return [
        (
            cx + radius * math.cos(math.radians(start_deg + i * step)),
            cy - radius * math.sin(math.radians(start_deg + i * step)),
        )
        for i in range(n)
    ]


def _shape_geometry(shape: str) -> dict[str, Any]:
    """Return the SVG element and attributes that draw ``shape`` in a 40x24 box."""
    if shape == "dot":
        return {"tag": "circle", "cx": 20, "cy": 12, "r": 8}
    if shape == "ellipse":
        return {"tag": "ellipse", "cx": 20, "cy": 12, "rx": 14, "ry": 8}
    if shape == "box":
        return {"tag": "rect", "x": 5, "y": 4, "w": 30, "h": 16, "rx": 3}
    if shape == "square":
        return {"tag": "rect", "x": 12, "y": 4, "w": 16, "h": 16, "rx": 0}
    if shape == "diamond":
        return {"tag": "polygon", "points": _polygon([(20, 2), (30, 12), (20, 22), (10, 12)])}
    if shape == "triangle":
        return {"tag": "polygon", "points": _polygon([(20, 2), (30, 20), (10, 20)])}
    if shape == "hexagon":
        return {"tag": "polygon", "points": _polygon(_regular(6, 10, 0))}
    outer, inner = _regular(5, 11, 90, cy=13), _regular(5, 4.5, 126, cy=13)
    star = [p for pair in zip(outer, inner, strict=True) for p in pair]
    return {"tag": "polygon", "points": _polygon(star)}


@dataclasses.dataclass(frozen=True)
class LegendLine:
    """One legend line as the template draws it.

    Attributes
    ----------
    text : str
        Plain text (escaped by the template).
    sample : dict
        How to draw the small SVG sample (see :func:`_legend_sample`).
    interactive : bool
        Drawn as a button that selects the line's group.
    """

    text: str
    sample: dict[str, Any]
    interactive: bool


@dataclasses.dataclass(frozen=True)
class MapPage:
    """Everything ``templates/map.html`` shows: the page's markup values and its data.

    Attributes
    ----------
    csp : str
        The Content-Security-Policy (see :func:`content_security_policy`).
    heading : str
        Plain-text heading; empty for none.
    notice : str
        Plain-text line above the map (``MapSpec.notice``); empty for none.
    height_px : int
        Height of the drawing area.
    font : str
        The font stack (:data:`FONT_STACK`).
    legend : tuple of LegendLine
        The legend lines, in the order of ``data["legend"]``.
    inline_js : bool
        Whether the scripts are inlined.
    vis_js, map_js : Markup or None
        The inlined scripts, made safe to sit inside ``<script>`` (inline only).
    script_url, map_script_url : str
        Where the scripts are loaded from (served only).
    present_js : Markup or None
        The inlined presentation script (inline, and only for a map with a
        presentation mode).
    present_script_url : str
        Where the presentation script is loaded from (served, and only for a map with
        a presentation mode; empty otherwise).
    data : MapPageData
        The JSON data block.
    """

    csp: str
    heading: str
    notice: str
    height_px: int
    font: str
    legend: tuple[LegendLine, ...]
    inline_js: bool
    vis_js: Markup | None
    map_js: Markup | None
    script_url: str
    map_script_url: str
    present_js: Markup | None
    present_script_url: str
    data: MapPageData


def _legend(
    spec: MapSpec,
    nodes: list[NodeData],
    edges: list[EdgeData],
    groups: dict[str, int],
    interactive: bool,
) -> tuple[tuple[LegendLine, ...], list[LegendEntry]]:
    """Return the legend lines for the template and what each selects, for the script.

    A line is a button when legends are interactive and something on the map has its
    group (node groups for node lines, edge groups for line samples).
    """
    used = {
        "node": {n["group"] for n in nodes if "group" in n},
        "edge": {e["group"] for e in edges if "group" in e},
    }
    lines, entries = [], []
    for item in spec.legend:
        number = groups.get(_text(item.group)) if item.group else None
        active = interactive and number is not None and number in used[item.kind]
        lines.append(LegendLine(_text(item.text), _legend_sample(item), active))
        entries.append(LegendEntry(kind=item.kind, group=number if active else None))
    return tuple(lines), entries


def _inline(script: str) -> Markup:
    """Return a script ready to sit inside ``<script>`` (no ``</script`` can end it early)."""
    text = _SCRIPT_END_RE.sub(r"<\\/\1", script)
    return Markup(text.replace("<!--", "<\\!--"))


def map_script_version() -> str:
    """Return a short hash of the map script, to tell browsers' cached copies apart."""
    return _script_version(map_script_js())


def present_script_version() -> str:
    """Return a short hash of the presentation script (see :func:`map_script_version`)."""
    return _script_version(present_script_js())


def _presentation(spec: MapSpec, nodes: list[NodeData]) -> Presentation | None:
    """Check the spec's presentation steps and return them as the page holds them.

    Every node of the map must appear at exactly one step and every edge (by its
    index) too, so the last step shows the whole map; a highlighted id must be a node.

    Raises
    ------
    ValueError
        If a step names an unknown node or edge, names one twice, or leaves one out,
        a label scale is outside 1 … :data:`MAX_PRESENT_LABEL_SCALE`, or there are more
        than :data:`MAX_PRESENT_STEPS` steps.
    """
    if not spec.presentation:
        return None
    if len(spec.presentation) > MAX_PRESENT_STEPS:
        raise ValueError(f"a presentation has at most {MAX_PRESENT_STEPS} steps")
    node_ids = [n["id"] for n in nodes]
    known = set(node_ids)
    seen_nodes: set[str] = set()
    seen_edges: set[int] = set()
    steps = []
    for number, step in enumerate(spec.presentation, start=1):
        step_nodes = [str(n) for n in step.nodes]
        step_edges = [int(e) for e in step.edges]
        highlight = [str(n) for n in step.highlight]
        focus = [str(n) for n in step.focus]
        for node_id in (*step_nodes, *highlight, *focus):
            if node_id not in known:
                raise ValueError(f"presentation step {number} names unknown node {node_id!r}")
        for index in step_edges:
            if not 0 <= index < len(spec.edges):
                raise ValueError(f"presentation step {number} names unknown edge {index}")
        if seen_nodes & set(step_nodes) or len(set(step_nodes)) < len(step_nodes):
            raise ValueError(f"presentation step {number} shows a node a second time")
        if seen_edges & set(step_edges) or len(set(step_edges)) < len(step_edges):
            raise ValueError(f"presentation step {number} shows an edge a second time")
        scale = _number(step.label_scale, "label_scale")
        if not 1 <= scale <= MAX_PRESENT_LABEL_SCALE:
            raise ValueError(f"presentation step {number} has label_scale {scale}, not 1 … 3")
        seen_nodes.update(step_nodes)
        seen_edges.update(step_edges)
        steps.append(
            {
                "title": _text(step.title),
                "nodes": step_nodes,
                "edges": step_edges,
                "highlight": list(dict.fromkeys(highlight)),
                "focus": list(dict.fromkeys(focus)),
                "labelScale": round(scale, 3),
            }
        )
    left_out = [n for n in node_ids if n not in seen_nodes]
    if left_out:
        raise ValueError(f"no presentation step shows node {left_out[0]!r}")
    if len(seen_edges) < len(spec.edges):
        missing = min(set(range(len(spec.edges))) - seen_edges)
        raise ValueError(f"no presentation step shows edge {missing}")
    return {"steps": steps}


@functools.lru_cache(maxsize=2)
def _script_version(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def map_page(
    spec: MapSpec,
    *,
    inline_js: bool,
    script_url: str,
    map_script_url: str,
    interactive_legend: bool,
    present_script_url: str | None = None,
) -> MapPage:
    """Collect everything the template shows (see :class:`MapPage`).

    ``present_script_url`` is where a served page loads the presentation script from
    (by default the app's static copy with the script's version in the query).

    Raises
    ------
    ValueError
        As :func:`render_map_html`.
    """
    height = int(spec.height_px)
    if not 80 <= height <= 10_000:
        raise ValueError(f"height_px must be between 80 and 10000, got {spec.height_px!r}")
    groups: dict[str, int] = {}
    nodes, edges = _items(spec, groups)
    legend, entries = _legend(spec, nodes, edges, groups, interactive_legend)
    data = MapPageData(
        nodes=nodes,
        edges=edges,
        groups=list(groups),
        options=_vis_options(spec),
        guides=_guides(spec),
        highlighted=[str(n.id) for n in spec.nodes if n.highlighted],
        labelInside=sorted(LABEL_INSIDE_SHAPES),
        legend=entries,
        dense=len(nodes) > DENSE_NODES,
        font=FONT_STACK,
        labelSize=_label_size(spec),
        present=_presentation(spec, nodes),
    )
    presents = data["present"] is not None
    if present_script_url is None:
        present_script_url = f"{PRESENT_SCRIPT_URL}?v={present_script_version()}"
    return MapPage(
        csp=content_security_policy(inline_js=inline_js),
        heading=_text(spec.title),
        notice=_text(spec.notice),
        height_px=height,
        font=FONT_STACK,
        legend=legend,
        inline_js=inline_js,
        vis_js=_inline(vis_network_js()) if inline_js else None,
        map_js=_inline(map_script_js()) if inline_js else None,
        script_url=script_url,
        map_script_url=map_script_url,
        present_js=_inline(present_script_js()) if inline_js and presents else None,
        present_script_url=present_script_url if presents and not inline_js else "",
        data=data,
    )


def _json_dumps(obj: Any) -> str:
    """Serialise page data compactly for ``tojson``.

    Printable non-ASCII text (``æøå``, emoji) stays as UTF-8, which keeps Norwegian
    maps small; control, invisible and bidirectional formatting characters (and lone
    surrogates) are written as ``\\uXXXX`` so the page source shows no hidden text.
    NaN and infinity are refused (``JSON.parse`` could not read them).
    """
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _INVISIBLE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    """Return the autoescaping Jinja environment of the page (one per process).

    ``tojson`` writes compact JSON (see :func:`_json_dumps`) and then escapes ``<``,
    ``>``, ``&`` and ``'``. Each render passes its :class:`MapPage` as ``page``; the
    environment holds no state of a render, so concurrent renders (Streamlit sessions
    are threads) may share it.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.policies["json.dumps_function"] = _json_dumps
    env.policies["json.dumps_kwargs"] = {}
    return env
