"""Issue 15: the hostile strings survive every export as text (no formula, no HTML, no
broken XML), and the SVG map holds nothing that could run or reach outside."""

from __future__ import annotations

import json

from defusedxml import ElementTree

from graph.format.validation import load_case_bytes
from graph.interop.export import EXPORTERS
from graph.interop.svg import case_svg
from graph.maps.casemap import shorten_label
from tests.interop_support import cr, hostile_case

SVG_TAGS = {
    "svg", "title", "defs", "marker", "path", "rect", "g", "circle", "line", "text",
    "ellipse", "polygon",
}  # fmt: skip


def test_every_export_of_the_hostile_case_succeeds() -> None:
    case = hostile_case()
    for name, make in EXPORTERS.items():
        data = make(case)
        assert data, name
    assert load_case_bytes(EXPORTERS["json"](case).encode("utf-8")) == case


def test_the_svg_map_is_inert_text() -> None:
    case = hostile_case()
    svg = case_svg(case)
    root = ElementTree.fromstring(svg.encode("utf-8"))
    names = set()
    for element in root.iter():
        tag = element.tag.split("}")[-1]
        assert tag in SVG_TAGS, tag
        for attribute, value in element.attrib.items():
            assert not attribute.lower().startswith("on"), attribute
            assert "href" not in attribute.lower(), attribute
            if attribute == "marker-end":
                assert value == "url(#pil)"
            else:
                assert "url(" not in value and "javascript:" not in value, (attribute, value)
        if tag == "text" and element.text:
            names.add(cr(element.text))
    for actor in case.actors:
        assert cr(shorten_label(actor.label)) in names, actor.label
    assert json.dumps(svg)  # plain text all through
