"""A map specification drawn as one standalone SVG image (for print, PDF and export).

The same :class:`~graph.render.spec.MapSpec` the app's interactive map draws, laid out
the same way (the core's positions, closeness rings, sector borders and labels, node
shapes and colours, dashed and arrowed ties, the coordinator's thick border), with the
legend below the map so it still reads in black and white. The SVG is built with
:mod:`xml.etree.ElementTree`, so every label is escaped text; it holds no script, no
link and no outside reference, and names a local font family only.

Examples
--------
>>> from graph.render.spec import MapEdge, MapNode, MapSpec
>>> spec = MapSpec("T", (MapNode("a", "<b>A</b>", 0, 0), MapNode("b", "B", 100, 0)),
...                (MapEdge("a", "b", arrow=True),))
>>> svg = map_svg(spec)
>>> svg.startswith("<svg"), "&lt;b&gt;A&lt;/b&gt;" in svg, "<b>" in svg
(True, True, False)
"""

from __future__ import annotations

import math
from xml.etree import ElementTree as ET

from graph.format.model import Case
from graph.maps.casemap import case_map_spec
from graph.reference.catalogue import Catalogue
from graph.render.spec import LegendItem, MapNode, MapSpec

SVG_NS = "http://www.w3.org/2000/svg"
FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
FONT_SIZE = 11
CHAR_WIDTH = 6.2
"""Rough width of one character at :data:`FONT_SIZE` (for box widths and the legend)."""
MARGIN = 40
LEGEND_LINE = 18


def _attrs(**values: object) -> dict[str, str]:
    return {key.rstrip("_").replace("_", "-"): str(value) for key, value in values.items()}


def _dash(dashes: bool | tuple[int, ...]) -> str | None:
    if dashes is False:
        return None
    if dashes is True:
        return "6,4"
    return ",".join(str(d) for d in dashes)


def _node_shape(parent: ET.Element, node: MapNode, x: float, y: float) -> float:
    """Draw the node's shape at (x, y); return how far below it its label goes."""
    stroke = _attrs(fill=node.color, stroke=node.border_color, stroke_width=node.border_width)
    if node.border_dashes:
        stroke["stroke-dasharray"] = "4,3"
    size = node.size
    if node.shape in ("box", "ellipse"):
        width = max(len(node.label) * CHAR_WIDTH + 12, 30)
        height = FONT_SIZE + 10
        if node.shape == "box":
            ET.SubElement(
                parent,
                "rect",
                _attrs(x=x - width / 2, y=y - height / 2, width=width, height=height, rx=3),
                **stroke,
            )
        else:
            ET.SubElement(
                parent, "ellipse", _attrs(cx=x, cy=y, rx=width / 2 + 4, ry=height / 2 + 2), **stroke
            )
        text = ET.SubElement(
            parent,
            "text",
            _attrs(x=x, y=y + FONT_SIZE / 3, text_anchor="middle", fill=node.font_color),
        )
        text.text = node.label
        return 0.0
    if node.shape == "triangle":
        points = " ".join(
            f"{x + size * math.cos(a):.1f},{y - size * math.sin(a):.1f}"
            for a in (math.pi / 2, math.pi * 7 / 6, math.pi * 11 / 6)
        )
        ET.SubElement(parent, "polygon", {"points": points, **stroke})
    elif node.shape in ("square", "diamond"):
        ET.SubElement(
            parent,
            "rect",
            _attrs(x=x - size, y=y - size, width=2 * size, height=2 * size),
            **stroke,
        )
    else:
        ET.SubElement(parent, "circle", _attrs(cx=x, cy=y, r=size), **stroke)
    return size


def _legend_sample(parent: ET.Element, item: LegendItem, x: float, y: float) -> None:
    if item.kind == "edge":
        line = ET.SubElement(
            parent, "line", _attrs(x1=x, y1=y, x2=x + 28, y2=y, stroke=item.color, stroke_width=2)
        )
        if (dash := _dash(item.dashes)) is not None:
            line.set("stroke-dasharray", dash)
        if item.arrow:
            line.set("marker-end", "url(#pil)")
        return
    node = MapNode(
        "legend",
        "",
        0,
        0,
        shape="dot" if item.shape in ("box", "ellipse") else item.shape,
        color=item.color,
        border_color=item.border_color,
        border_width=item.border_width,
        border_dashes=item.border_dashes,
        size=7,
    )
    if item.shape in ("box", "ellipse"):
        attrs = _attrs(
            fill=item.color, stroke=item.border_color, stroke_width=min(item.border_width, 3)
        )
        if item.border_dashes:
            attrs["stroke-dasharray"] = "4,3"
        tag = "rect" if item.shape == "box" else "ellipse"
        geometry = (
            _attrs(x=x + 4, y=y - 7, width=20, height=14, rx=2)
            if tag == "rect"
            else _attrs(cx=x + 14, cy=y, rx=11, ry=7)
        )
        ET.SubElement(parent, tag, {**geometry, **attrs})
    else:
        _node_shape(parent, node, x + 14, y)


def map_svg(spec: MapSpec, *, tooltips: bool = True) -> str:
    """The map as standalone SVG text (see the module docs).

    ``tooltips`` adds each node's tooltip as its SVG ``<title>`` (shown on hover in a
    browser, as on the interactive map); the meeting sheet leaves them out, because
    the person's tooltip holds the age and the sheet shows only title and alias.
    """
    xs = [n.x for n in spec.nodes] + [r for r in spec.rings] + [-r for r in spec.rings]
    ys = [n.y for n in spec.nodes] + [r for r in spec.rings] + [-r for r in spec.rings]
    half_label = max((len(n.label) for n in spec.nodes), default=0) * CHAR_WIDTH / 2
    left = min(xs, default=0) - MARGIN - half_label
    right = max(xs, default=0) + MARGIN + half_label
    top = min(ys, default=0) - MARGIN
    bottom = max(ys, default=0) + MARGIN + FONT_SIZE * 2
    width = right - left
    legend_columns = 2
    legend_rows = math.ceil(len(spec.legend) / legend_columns)
    legend_height = legend_rows * LEGEND_LINE + (MARGIN / 2 if spec.legend else 0)
    height = bottom - top + legend_height
    root = ET.Element(
        "svg",
        _attrs(
            xmlns=SVG_NS,
            viewBox=f"{left:.1f} {top:.1f} {width:.1f} {height:.1f}",
            width=f"{width:.0f}",
            height=f"{height:.0f}",
            font_family=FONT,
            font_size=FONT_SIZE,
        ),
    )
    ET.SubElement(root, "title").text = spec.title or "Nettverkskart"
    defs = ET.SubElement(root, "defs")
    marker = ET.SubElement(
        defs,
        "marker",
        {
            "id": "pil",
            "viewBox": "0 0 10 10",
            "refX": "10",
            "refY": "5",
            "markerWidth": "7",
            "markerHeight": "7",
            "orient": "auto-start-reverse",
            "markerUnits": "userSpaceOnUse",
        },
    )
    ET.SubElement(marker, "path", {"d": "M 0 0 L 10 5 L 0 10 z", "fill": "#3d3d3d"})
    ET.SubElement(root, "rect", _attrs(x=left, y=top, width=width, height=height, fill="#ffffff"))
    guides = ET.SubElement(root, "g", _attrs(fill="none", stroke="#c8c8c8", stroke_width=1))
    for radius in spec.rings:
        ET.SubElement(guides, "circle", _attrs(cx=0, cy=0, r=radius, stroke_dasharray="3,4"))
    outer = max(spec.rings, default=0.0)
    labels = ET.SubElement(root, "g", _attrs(fill="#6b6b6b", font_size=FONT_SIZE - 1))
    for index, (angle, label) in enumerate(spec.sector_lines):
        radians = math.radians(angle)
        ET.SubElement(
            guides,
            "line",
            _attrs(x1=0, y1=0, x2=outer * math.cos(radians), y2=-outer * math.sin(radians)),
        )
        following = spec.sector_lines[(index + 1) % len(spec.sector_lines)][0]
        span = (following - angle) % 360 or 360
        middle = math.radians(angle + span / 2)
        text = ET.SubElement(
            labels,
            "text",
            _attrs(
                x=f"{(outer + 14) * math.cos(middle):.1f}",
                y=f"{-(outer + 14) * math.sin(middle):.1f}",
                text_anchor="middle",
            ),
        )
        text.text = label
    positions = {n.id: (n.x, n.y) for n in spec.nodes}
    edges = ET.SubElement(root, "g", {"fill": "none"})
    for edge in spec.edges:
        if edge.source not in positions or edge.target not in positions:
            continue
        (x1, y1), (x2, y2) = positions[edge.source], positions[edge.target]
        if edge.arrow:  # stop short of the target so the arrow head shows
            length = math.hypot(x2 - x1, y2 - y1) or 1.0
            x2, y2 = x2 - (x2 - x1) * 18 / length, y2 - (y2 - y1) * 18 / length
        line = ET.SubElement(
            edges,
            "line",
            _attrs(x1=f"{x1:.1f}", y1=f"{y1:.1f}", x2=f"{x2:.1f}", y2=f"{y2:.1f}"),
            stroke=edge.color,
        )
        line.set("stroke-width", f"{edge.width:.1f}")
        if (dash := _dash(edge.dashes)) is not None:
            line.set("stroke-dasharray", dash)
        if edge.arrow:
            line.set("marker-end", "url(#pil)")
        if edge.label:
            mark = ET.SubElement(
                edges,
                "text",
                _attrs(x=f"{(x1 + x2) / 2:.1f}", y=f"{(y1 + y2) / 2:.1f}", fill="#1a1a1a"),
            )
            mark.text = edge.label
    nodes = ET.SubElement(root, "g")
    for node in spec.nodes:
        group = ET.SubElement(nodes, "g")
        if tooltips:
            ET.SubElement(group, "title").text = node.title or node.label
        if node.highlighted:
            ET.SubElement(
                group,
                "circle",
                _attrs(
                    cx=node.x,
                    cy=node.y,
                    r=node.size + 7,
                    fill="none",
                    stroke="#e07b00",
                    stroke_width=3,
                ),
            )
        below = _node_shape(group, node, node.x, node.y)
        if below:
            text = ET.SubElement(
                group,
                "text",
                _attrs(x=node.x, y=node.y + below + FONT_SIZE + 2, text_anchor="middle"),
                fill=node.font_color,
            )
            text.text = node.label
    legend = ET.SubElement(root, "g")
    column_width = width / legend_columns
    for index, item in enumerate(spec.legend):
        x = left + MARGIN / 2 + (index % legend_columns) * column_width
        y = bottom + (index // legend_columns) * LEGEND_LINE + LEGEND_LINE / 2
        _legend_sample(legend, item, x, y)
        ET.SubElement(legend, "text", _attrs(x=x + 36, y=y + FONT_SIZE / 3)).text = item.text
    return ET.tostring(root, encoding="unicode") + "\n"


def case_svg(case: Case, catalogue: Catalogue | None = None, *, tooltips: bool = True) -> str:
    """The case's map as standalone SVG text (see :func:`map_svg`)."""
    return map_svg(case_map_spec(case, catalogue), tooltips=tooltips)
