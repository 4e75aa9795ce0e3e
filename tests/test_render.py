"""Tests of the map renderer: a standalone, offline, escaped page built through pyvis.

The page is parsed the way the browser script reads it (the JSON data blocks), so the
tests see exactly the data vis-network gets. Real-browser checks (drawing, the ready
flag, request logging) belong to the browser tests; these run in well under a second.
"""

from __future__ import annotations

import ast
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from graph.render import assets
from graph.render.assets import STATIC_URL, ensure_static_copy, vis_network_js
from graph.render.html import (
    EDGE_DASHES,
    EDGE_KEYS,
    NODE_BORDER_DASHES,
    NODE_KEYS,
    render_map_html,
)
from graph.render.spec import LegendItem, MapEdge, MapNode, MapSpec

HOSTILE = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</script><script>alert(1)</script>",
    "{{7*7}}",
    "{% raw %}x{% endraw %}",
    "javascript:alert(1)",
    '<a href="javascript:alert(1)">href</a>',
    "\u202eevil.exe",
    "nul\x00byte",
    "x" * 10_000,
    "Åse 🙂 ❤️‍🔥",
    "'single' & \"double\" <!-- comment",
)
FORBIDDEN = ("<script>alert", "<img src=x", "</script><script>", "<!-- comment", "\x00")


# --------------------------------------------------------------------------- helpers


def json_block(page: str, block_id: str):
    """Return the parsed JSON of ``<script type="application/json" id=block_id>``."""
    match = re.search(
        rf'<script type="application/json" id="{block_id}">(.*?)</script>', page, re.DOTALL
    )
    assert match, f"no JSON block {block_id!r} in the page"
    return json.loads(match.group(1))


def no_http(page: str) -> bool:
    """Tell whether ``http`` occurs nowhere but in the CSP tag's ``http-equiv`` attribute."""
    return "http" not in page.lower().replace('<meta http-equiv="content-security-policy"', "")


def outside_library(page: str) -> str:
    """Return the page without the inlined vis-network text (if it is there)."""
    return page.replace(vis_network_js(), "")


def polar(radius: float, degrees: float) -> tuple[float, float]:
    """Position on the map for a radius and a maths angle (vis-network's y points down)."""
    return radius * math.cos(math.radians(degrees)), -radius * math.sin(math.radians(degrees))


def small_spec(**overrides) -> MapSpec:
    """A person, three actors, a dashed ghost, an arrow edge and a dashed red edge."""
    nodes = (
        MapNode("person", "Ola (16)", 0, 0, title="Personen i midten", shape="ellipse"),
        MapNode("mor", "Mor", *polar(170, 110), title="Familie\nNærhet: nær"),
        MapNode("laerer", "Kontaktlærer", *polar(310, 200), shape="box", color="#cfe3f3"),
        MapNode("venn", "Venn på nett", *polar(450, 40), shape="triangle", highlighted=True),
        MapNode("ghost", "Mangler: barnevern", *polar(450, 250), border_dashes=True),
    )
    edges = (
        MapEdge("person", "mor", title="Støtte"),
        MapEdge("laerer", "person", title="Bekymringsmelding", color="#3d3d3d", arrow=True),
        MapEdge("person", "venn", label="risiko", color="#c1121f", dashes=(10, 6)),
    )
    legend = (
        LegendItem("node", "Tjeneste", shape="box", color="#cfe3f3"),
        LegendItem("node", "Mangler (stiplet kant)", border_dashes=True),
        LegendItem("edge", "Melding (pil)", arrow=True, color="#3d3d3d"),
        LegendItem("edge", "Risiko (streker)", color="#c1121f", dashes=(10, 6)),
        LegendItem("edge", "Relasjon", color="#8d8d8d"),
    )
    fields = {
        "title": "Ola sitt nettverk",
        "nodes": nodes,
        "edges": edges,
        "legend": legend,
        "rings": (170.0, 310.0, 450.0),
        "sector_lines": ((90.0, "Familie"), (210.0, "Skole"), (330.0, "Fritid")),
        "height_px": 600,
    }
    fields.update(overrides)
    return MapSpec(**fields)


def legend_entries(page: str) -> list[str]:
    """Return the HTML of each legend line."""
    legend = page.split('<aside class="tk-legend"', 1)[1].split("</aside>", 1)[0]
    return legend.split("<li>")[1:]


@pytest.fixture(scope="module")
def served_page() -> str:
    return render_map_html(small_spec(), inline_js=False)


@pytest.fixture(scope="module")
def inline_page() -> str:
    return render_map_html(small_spec(), inline_js=True)


# --------------------------------------------------------------------------- document


def test_small_spec_renders_a_full_document_with_the_data_as_json(served_page):
    page = served_page
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="no">' in page
    assert '<meta charset="utf-8">' in page
    assert page.rstrip().endswith("</html>")
    assert "var network = null;" in page
    assert "network = new vis.Network(container" in page
    assert "nodes = new vis.DataSet(" in page and "edges = new vis.DataSet(" in page

    spec = small_spec()
    nodes = json_block(page, "tk-nodes")
    assert [n["id"] for n in nodes] == [n.id for n in spec.nodes]
    assert [n["label"] for n in nodes] == [n.label for n in spec.nodes]
    assert [(n["x"], n["y"]) for n in nodes] == [
        (pytest.approx(n.x, abs=0.05), pytest.approx(n.y, abs=0.05)) for n in spec.nodes
    ]
    edges = json_block(page, "tk-edges")
    assert [(e["from"], e["to"]) for e in edges] == [(e.source, e.target) for e in spec.edges]


def test_the_page_builds_no_html_from_data_and_sets_a_ready_flag(served_page):
    script = served_page.split("<script>", 1)[1]
    assert "innerHTML" not in script and "document.write" not in script
    assert "JSON.parse(document.getElementById(id).textContent)" in script
    assert 'document.body.dataset.ready = "1"' in script
    assert 'network.on("beforeDrawing", drawGuides)' in script


def test_served_page_has_no_url_to_any_host(served_page):
    assert no_http(served_page)
    assert "<link" not in served_page.lower()
    assert f'<script id="tk-vis-network" src="{STATIC_URL}"></script>' in served_page
    assert len(re.findall(r"\bsrc=", served_page)) == 1


def test_inline_page_contains_the_library_once_and_nothing_external(inline_page):
    assert inline_page.count(vis_network_js()) == 1
    assert "<link" not in inline_page.lower()
    assert not re.search(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", inline_page, re.I)
    assert "src=" not in outside_library(inline_page)
    assert no_http(outside_library(inline_page))


def test_content_security_policy_forbids_every_other_source(served_page, inline_page):
    def csp(page: str) -> str:
        match = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
        assert match
        return match.group(1).replace("&#39;", "'")

    for policy in (csp(served_page), csp(inline_page)):
        assert "default-src 'none'" in policy
        assert "connect-src 'none'" in policy
        assert "img-src data:" in policy
        assert "style-src 'unsafe-inline'" in policy
        assert "unsafe-eval" not in policy
    assert "script-src 'self' 'unsafe-inline'" in csp(served_page)
    assert "script-src 'unsafe-inline'" in csp(inline_page)
    assert "'self'" not in csp(inline_page)


@pytest.mark.parametrize(
    "url", ["https://cdn.example.org/vis.js", "//cdn.example.org/vis.js", "javascript:x", ""]
)
def test_script_url_must_be_a_same_origin_path(url):
    with pytest.raises(ValueError, match="same-origin"):
        render_map_html(small_spec(), inline_js=False, script_url=url)


# --------------------------------------------------------------------------- escaping


def hostile_spec() -> MapSpec:
    nodes = tuple(
        MapNode(f"id-{i}-{text[:40]}", text, float(10 * i), 0.0, title=text)
        for i, text in enumerate(HOSTILE)
    )
    edges = tuple(MapEdge(nodes[0].id, n.id, label=n.label, title=n.title) for n in nodes[1:])
    legend = tuple(LegendItem("node", text) for text in HOSTILE)
    return MapSpec(
        title=" | ".join(HOSTILE[:9]),
        nodes=nodes,
        edges=edges,
        legend=legend,
        rings=(100.0,),
        sector_lines=tuple((float(i), text) for i, text in enumerate(HOSTILE)),
    )


@pytest.mark.parametrize("inline_js", [False, True])
def test_hostile_text_never_reaches_the_page_raw(inline_js):
    page = render_map_html(hostile_spec(), inline_js=inline_js)
    ours = outside_library(page)
    for forbidden in FORBIDDEN:
        assert forbidden not in ours, forbidden
    assert "innerHTML" not in ours  # no pyvis "href" popup, whatever the titles say
    assert "49" not in json.dumps(json_block(page, "tk-nodes"))
    assert "\u202e" not in ours.split('<script type="application/json"', 1)[1]


def test_hostile_text_arrives_unchanged_as_plain_text():
    page = render_map_html(hostile_spec(), inline_js=False)
    cleaned = [text.replace("\x00", "") for text in HOSTILE]
    nodes = json_block(page, "tk-nodes")
    assert [n["label"] for n in nodes] == cleaned
    assert [n["title"] for n in nodes] == cleaned
    assert [n["id"] for n in nodes] == [f"id-{i}-{t[:40]}" for i, t in enumerate(HOSTILE)]
    assert [e["title"] for e in json_block(page, "tk-edges")] == cleaned[1:]
    sectors = json_block(page, "tk-config")["guides"]["sectors"]
    assert [s["label"] for s in sectors] == cleaned
    assert "{{7*7}}" in page  # Jinja never evaluates data


def test_page_text_is_escaped_html():
    page = render_map_html(hostile_spec(), inline_js=False)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    assert page.count("<script") == page.count("</script>") == 5


def test_empty_label_does_not_show_the_id():
    spec = small_spec(nodes=(MapNode("case-42-secret-id", "", 0, 0),), edges=(), legend=())
    page = render_map_html(spec, inline_js=False)
    assert json_block(page, "tk-nodes")[0]["label"] == ""
    assert page.count("case-42-secret-id") == 1


# --------------------------------------------------------------------------- data fields


def test_node_and_edge_objects_carry_only_the_allowed_keys():
    full = MapNode(
        "n1",
        "Alt satt",
        1.25,
        -2.5,
        title="Tooltip",
        shape="box",
        color="#aabbcc",
        border_color="#112233",
        border_width=4,
        border_dashes=True,
        size=20,
        font_color="#ffffff",
        highlighted=True,
    )
    bare = MapNode("n2", "Minst", 0, 0)
    edge = MapEdge("n1", "n2", label="x", title="y", dashes=True, arrow=True)
    page = render_map_html(
        small_spec(nodes=(full, bare), edges=(edge, MapEdge("n2", "n1"))), inline_js=False
    )
    nodes = json_block(page, "tk-nodes")
    assert set(nodes[0]) == NODE_KEYS
    assert set(nodes[1]) <= NODE_KEYS
    assert nodes[0]["shapeProperties"] == {"borderDashes": list(NODE_BORDER_DASHES)}
    assert nodes[0]["font"]["color"] == "#ffffff"
    assert set(nodes[0]["color"]) == {"background", "border"}
    edges = json_block(page, "tk-edges")
    assert set(edges[0]) == EDGE_KEYS
    assert set(edges[1]) <= EDGE_KEYS
    assert edges[0]["arrows"] == "to" and "arrows" not in edges[1]
    assert "borderWidth" not in nodes[1]
    assert edges[0]["dashes"] == list(EDGE_DASHES) and "dashes" not in edges[1]
    assert json_block(page, "tk-config")["highlighted"] == ["n1"]


def test_extra_attributes_of_a_node_never_reach_the_page():
    @dataclass(frozen=True)
    class NodeWithNotes(MapNode):
        notes: str = "fortrolig notat om familien"
        phone: str = "+47 900 00 000"

    node = NodeWithNotes("n", "Synlig", 0, 0)
    page = render_map_html(small_spec(nodes=(node,), edges=()), inline_js=False)
    assert "fortrolig" not in page and "900 00" not in page
    assert set(json_block(page, "tk-nodes")[0]) <= NODE_KEYS


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"nodes": (MapNode("a", "A", 0, 0), MapNode("a", "B", 1, 1))}, "duplicate node id"),
        ({"edges": (MapEdge("person", "nobody"),)}, "unknown node"),
        ({"nodes": (MapNode("a", "A", 0, 0, color="red"),), "edges": ()}, "colour"),
        ({"nodes": (MapNode("a", "A", 0, 0, color="#fff;x"),), "edges": ()}, "colour"),
        ({"nodes": (MapNode("a", "A", math.nan, 0),), "edges": ()}, "finite"),
        ({"nodes": (MapNode("a", "A", 0, 0, shape="image"),), "edges": ()}, "shape"),
        ({"rings": (float("inf"),)}, "finite"),
        ({"height_px": 0}, "height_px"),
    ],
)
def test_a_broken_spec_is_refused(change, message):
    with pytest.raises(ValueError, match=message):
        render_map_html(small_spec(**change), inline_js=False)


# --------------------------------------------------------------------------- heading, legend


def test_heading_appears_once_and_escaped():
    page = render_map_html(small_spec(title="<b>Ola & Kari</b> {{7*7}}"), inline_js=False)
    assert page.count("&lt;b&gt;Ola &amp; Kari&lt;/b&gt; {{7*7}}") == 1
    assert "<b>Ola" not in page
    assert page.count("<h1") == 1


def test_no_heading_when_the_title_is_empty():
    assert "<h1" not in render_map_html(small_spec(title=""), inline_js=False)


def test_legend_samples_read_in_black_and_white(served_page):
    box, dashed_node, arrow, dashed_edge, solid_edge = legend_entries(served_page)
    assert "<rect" in box and "stroke-dasharray" not in box
    assert "Tjeneste" in box
    assert f'stroke-dasharray="{" ".join(map(str, NODE_BORDER_DASHES))}"' in dashed_node
    assert "<polygon" in arrow and "stroke-dasharray" not in arrow
    assert 'stroke-dasharray="10 6"' in dashed_edge and "<polygon" not in dashed_edge
    assert "<line" in solid_edge and "stroke-dasharray" not in solid_edge
    assert "<polygon" not in solid_edge


def test_legend_text_is_escaped():
    page = render_map_html(hostile_spec(), inline_js=False)
    entries = legend_entries(page)
    assert len(entries) == len(HOSTILE)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in entries[0]
    assert "<script" not in "".join(entries)


def test_interactive_legend_selects_what_a_line_describes(served_page):
    entries = legend_entries(served_page)
    matches = json_block(served_page, "tk-config")["legend"]
    assert matches[0] == {"nodes": ["laerer"], "edges": []}
    assert matches[1] == {"nodes": ["ghost"], "edges": []}
    assert matches[2] == {"nodes": [], "edges": [1]}
    assert matches[3] == {"nodes": [], "edges": [2]}
    assert all("<button" in entry for entry in entries[:4])
    assert "<button" not in entries[4]  # the plain grey line matches no edge here


def test_legend_can_be_static():
    page = render_map_html(small_spec(), inline_js=False, interactive_legend=False)
    assert "<button" not in page
    assert len(legend_entries(page)) == len(small_spec().legend)


# --------------------------------------------------------------------------- options, guides


def test_physics_is_off_and_lines_are_straight(served_page):
    options = json_block(served_page, "tk-config")["options"]
    assert options["physics"]["enabled"] is False
    assert options["edges"]["smooth"] is False
    assert options["interaction"]["hover"] is True
    assert options["interaction"]["tooltipDelay"] == 150
    assert options["nodes"]["font"]["face"].startswith("system-ui")
    assert "sans-serif" in options["nodes"]["font"]["face"]


def test_rings_and_sector_lines_are_passed_as_data(served_page):
    guides = json_block(served_page, "tk-config")["guides"]
    assert guides["rings"] == [170.0, 310.0, 450.0]
    assert [(s["angle"], s["label"]) for s in guides["sectors"]] == [
        (90.0, "Familie"),
        (210.0, "Skole"),
        (330.0, "Fritid"),
    ]
    assert guides["outer"] >= 450.0
    no_guides = render_map_html(small_spec(rings=(), sector_lines=()), inline_js=False)
    assert json_block(no_guides, "tk-config")["guides"] is None


def test_height_and_width_of_the_map(served_page):
    assert 'id="tk-map" class="tk-map" style="height: 600px"' in served_page
    assert "width: 100%" in served_page


def test_a_300_node_page_served_by_url_stays_small():
    nodes = [MapNode("p", "Personen", 0, 0, shape="ellipse", size=24)]
    for i in range(1, 300):
        x, y = polar(170 + 140 * (i % 4), i * 7.3)
        nodes.append(
            MapNode(f"a{i}", f"Aktør {i} – tjeneste", x, y, title=f"Aktør {i}\nType: Tjeneste")
        )
    edges = [MapEdge("p", f"a{i}", title="Relasjon\nStyrke: middels") for i in range(1, 300)]
    spec = small_spec(nodes=tuple(nodes), edges=tuple(edges))
    served = render_map_html(spec, inline_js=False)
    assert len(served.encode()) < 150_000
    inline = render_map_html(spec, inline_js=True)
    assert len(inline.encode()) - len(served.encode()) < len(vis_network_js().encode()) + 1_000


# --------------------------------------------------------------------------- assets


def test_vis_network_comes_from_the_installed_pyvis():
    path = assets.vis_network_js_path()
    assert path.name == "vis-network.min.js"
    assert path.parent.name == f"vis-{assets.VIS_NETWORK_VERSION}"
    assert "pyvis" in path.parts
    assert vis_network_js() is vis_network_js()  # read once
    assert "</script" not in vis_network_js().lower()


def test_missing_library_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setattr(assets, "_pyvis_dir", lambda: tmp_path)
    with pytest.raises(assets.VisNetworkMissingError, match="make install"):
        assets.vis_network_js_path()


def test_ensure_static_copy_copies_once_and_repairs_a_tampered_copy(tmp_path):
    original = assets.vis_network_js_path().read_bytes()
    target = ensure_static_copy(tmp_path)
    assert target == tmp_path / "vendor" / "vis-network.min.js"
    assert target.read_bytes() == original
    written = target.stat().st_mtime_ns, target.stat().st_ino

    assert ensure_static_copy(tmp_path) == target
    assert (target.stat().st_mtime_ns, target.stat().st_ino) == written  # not rewritten

    target.write_bytes(original[:-1] + b"X")  # same size, other content
    ensure_static_copy(tmp_path)
    assert target.read_bytes() == original

    target.write_bytes(b"alert(1)")  # other size
    ensure_static_copy(tmp_path)
    assert target.read_bytes() == original
    assert [p.name for p in target.parent.iterdir()] == ["vis-network.min.js"]


# --------------------------------------------------------------------------- boundaries


def test_the_renderer_never_imports_streamlit():
    render_dir = Path(__file__).resolve().parent.parent / "graph" / "render"
    for source in render_dir.glob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(name.split(".")[0] == "streamlit" for name in names), source
