"""Tests of the map renderer: a standalone, offline, escaped page built through pyvis.

The page is parsed the way the browser script reads it (its one JSON data block,
``tk-data``), so the tests see exactly the data the script gets. Real-browser checks
(drawing, the test hook, request logging) belong to the browser tests
(``tests/browser/test_map_script.py`` for the script alone); these run in about a second.
"""

from __future__ import annotations

import ast
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from markupsafe import escape

from graph.render import assets, page
from graph.render.assets import (
    MAP_SCRIPT_URL,
    STATIC_URL,
    ensure_static_copy,
    map_script_js,
    vis_network_js,
)
from graph.render.html import (
    DENSE_NODES,
    EDGE_DASHES,
    EDGE_KEYS,
    FONT_STACK,
    NODE_BORDER_DASHES,
    NODE_KEYS,
    map_page_data,
    map_script_version,
    render_map_html,
)
from graph.render.spec import LegendItem, MapEdge, MapNode, MapSpec

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "graph" / "render" / "templates" / "map.html"

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


def page_data(page: str) -> dict:
    """Return the parsed JSON of the page's one data block, as the script reads it."""
    blocks = re.findall(r'<script type="application/json" id="([^"]*)">(.*?)</script>', page, re.S)
    assert [block_id for block_id, _ in blocks] == ["tk-data"], "one data block, tk-data"
    return json.loads(blocks[0][1])


def no_http(page: str) -> bool:
    """Tell whether ``http`` occurs nowhere but in the CSP tag's ``http-equiv`` attribute."""
    return "http" not in page.lower().replace('<meta http-equiv="content-security-policy"', "")


def outside_library(page: str) -> str:
    """Return the page without the inlined vis-network and map script (if they are there)."""
    return page.replace(vis_network_js(), "").replace(map_script_js(), "")


def polar(radius: float, degrees: float) -> tuple[float, float]:
    """Position on the map for a radius and a maths angle (vis-network's y points down)."""
    return radius * math.cos(math.radians(degrees)), -radius * math.sin(math.radians(degrees))


def small_spec(**overrides) -> MapSpec:
    """A person, three actors, a dashed ghost, an arrow edge and a dashed red edge."""
    nodes = (
        MapNode("person", "Ola (16)", 0, 0, title="Personen i midten", shape="ellipse"),
        MapNode("mor", "Mor", *polar(170, 110), title="Familie\nNærhet: nær"),
        MapNode(
            "laerer", "Kontaktlærer", *polar(310, 200), shape="box", color="#cfe3f3", group="formal"
        ),
        MapNode("venn", "Venn på nett", *polar(450, 40), shape="triangle", highlighted=True),
        MapNode("ghost", "Mangler: barnevern", *polar(450, 250), border_dashes=True, group="ghost"),
    )
    edges = (
        MapEdge("person", "mor", title="Støtte", group="support"),
        MapEdge(
            "laerer",
            "person",
            title="Bekymringsmelding",
            color="#3d3d3d",
            arrow=True,
            group="referral",
        ),
        MapEdge("person", "venn", label="risiko", color="#c1121f", dashes=(10, 6), group="risk"),
    )
    legend = (
        LegendItem("node", "Tjeneste", shape="box", color="#cfe3f3", group="formal"),
        LegendItem("node", "Mangler (stiplet kant)", border_dashes=True, group="ghost"),
        LegendItem("edge", "Melding (pil)", arrow=True, color="#3d3d3d", group="referral"),
        LegendItem("edge", "Risiko (streker)", color="#c1121f", dashes=(10, 6), group="risk"),
        LegendItem("edge", "Relasjon", color="#8d8d8d", group="relation"),
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

    spec = small_spec()
    nodes = page_data(page)["nodes"]
    assert [n["id"] for n in nodes] == [n.id for n in spec.nodes]
    assert [n["label"] for n in nodes] == [n.label for n in spec.nodes]
    assert [(n["x"], n["y"]) for n in nodes] == [
        (pytest.approx(n.x, abs=0.05), pytest.approx(n.y, abs=0.05)) for n in spec.nodes
    ]
    edges = page_data(page)["edges"]
    assert [(e["from"], e["to"]) for e in edges] == [(e.source, e.target) for e in spec.edges]
    assert page_data(page) == map_page_data(spec)


def test_the_template_is_markup_and_css_only():
    template = re.sub(r"\{#.*?#\}", "", TEMPLATE.read_text(encoding="utf-8"), flags=re.S)
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", template, re.S)
    assert scripts == [
        "{{ page.data | tojson }}",
        "{{ page.vis_js }}",
        "{{ page.map_js }}",
        "{{ page.present_js }}",
        "",
        "",
        "",
    ]
    assert not re.search(r"\son[a-z]+\s*=", template)  # no inline event handlers


def test_the_script_builds_no_html_from_data_and_has_one_global():
    script = map_script_js()
    assert "innerHTML" not in script and "document.write" not in script
    assert 'JSON.parse(document.getElementById("tk-data").textContent)' in script
    assert re.findall(r"window\.(\w+)\s*=", script) == ["tverrkart"]
    assert script.lstrip().startswith("/*")
    code = script[script.index("(function () {") :]
    assert code.rstrip().endswith("}());")  # everything else is local to the function
    assert "eval(" not in script and "new Function" not in script


def test_served_page_has_no_url_to_any_host(served_page):
    assert no_http(served_page)
    assert "<link" not in served_page.lower()
    assert f'<script id="tk-vis-network" src="{STATIC_URL}"></script>' in served_page
    map_src = f"{MAP_SCRIPT_URL}?v={map_script_version()}"
    assert f'<script id="tk-map-script" src="{map_src}"></script>' in served_page
    assert len(re.findall(r"\bsrc=", served_page)) == 2
    assert map_script_js() not in served_page


def test_inline_page_contains_the_scripts_once_and_nothing_external(inline_page):
    assert inline_page.count(vis_network_js()) == 1
    assert inline_page.count(map_script_js()) == 1
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
    assert "49" not in json.dumps(page_data(page)["nodes"])
    assert "\u202e" not in ours.split('<script type="application/json"', 1)[1]


def test_hostile_text_arrives_unchanged_as_plain_text():
    page = render_map_html(hostile_spec(), inline_js=False)
    cleaned = [text.replace("\x00", "") for text in HOSTILE]
    data = page_data(page)
    nodes = data["nodes"]
    assert [n["label"] for n in nodes] == cleaned
    assert [n["title"] for n in nodes] == cleaned
    assert [n["id"] for n in nodes] == [f"id-{i}-{t[:40]}" for i, t in enumerate(HOSTILE)]
    assert [e["title"] for e in data["edges"]] == cleaned[1:]
    sectors = data["guides"]["sectors"]
    assert [s["label"] for s in sectors] == cleaned
    assert "{{7*7}}" in page  # Jinja never evaluates data


def test_page_text_is_escaped_html():
    page = render_map_html(hostile_spec(), inline_js=False)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    assert page.count("<script") == page.count("</script>") == 3


def test_empty_label_does_not_show_the_id():
    spec = small_spec(nodes=(MapNode("case-42-secret-id", "", 0, 0),), edges=(), legend=())
    page = render_map_html(spec, inline_js=False)
    assert page_data(page)["nodes"][0]["label"] == ""
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
        group="formal",
    )
    bare = MapNode("n2", "Minst", 0, 0)
    edge = MapEdge(
        "n1", "n2", label="x", title="y", dashes=True, arrow=True, group="support", curve=-0.3
    )
    page = render_map_html(
        small_spec(nodes=(full, bare), edges=(edge, MapEdge("n2", "n1"))), inline_js=False
    )
    data = page_data(page)
    nodes = data["nodes"]
    assert set(nodes[0]) == NODE_KEYS
    assert set(nodes[1]) <= NODE_KEYS
    assert nodes[0]["shapeProperties"] == {"borderDashes": list(NODE_BORDER_DASHES)}
    assert nodes[0]["font"]["color"] == "#ffffff"
    assert set(nodes[0]["color"]) == {"background", "border"}
    edges = data["edges"]
    assert set(edges[0]) == EDGE_KEYS
    assert set(edges[1]) <= EDGE_KEYS
    assert edges[0]["arrows"] == "to" and "arrows" not in edges[1]
    assert "borderWidth" not in nodes[1]
    assert edges[0]["dashes"] == list(EDGE_DASHES) and "dashes" not in edges[1]
    assert edges[0]["smooth"] == {"enabled": True, "type": "curvedCCW", "roundness": 0.3}
    assert "smooth" not in edges[1]  # straight: the page-wide default
    assert "group" not in nodes[1] and "group" not in edges[1]
    assert data["highlighted"] == ["n1"]


def test_extra_attributes_of_a_node_never_reach_the_page():
    @dataclass(frozen=True)
    class NodeWithNotes(MapNode):
        notes: str = "fortrolig notat om familien"
        phone: str = "+47 900 00 000"

    node = NodeWithNotes("n", "Synlig", 0, 0)
    page = render_map_html(small_spec(nodes=(node,), edges=()), inline_js=False)
    assert "fortrolig" not in page and "900 00" not in page
    assert set(page_data(page)["nodes"][0]) <= NODE_KEYS


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


def test_interactive_legend_selects_its_group(served_page):
    entries = legend_entries(served_page)
    data = page_data(served_page)
    assert data["groups"] == ["formal", "ghost", "support", "referral", "risk"]
    assert data["legend"] == [
        {"kind": "node", "group": 0},
        {"kind": "node", "group": 1},
        {"kind": "edge", "group": 3},
        {"kind": "edge", "group": 4},
        {"kind": "edge", "group": None},
    ]
    assert [n.get("group") for n in data["nodes"]] == [None, None, 0, None, 1]
    assert [e.get("group") for e in data["edges"]] == [2, 3, 4]
    assert all("<button" in entry for entry in entries[:4])
    assert 'data-legend-index="3"' in entries[3]
    assert "<button" not in entries[4]  # no edge here is a "relation"


def test_the_legend_goes_by_group_not_by_look():
    """Two lines that look alike select different things; a look-alike without the
    group is not selected."""
    spec = small_spec(
        nodes=(
            MapNode("a", "A", 0, 0, shape="box", color="#cfe3f3", group="formal"),
            MapNode("b", "B", 9, 9, shape="box", color="#cfe3f3", group="coordinator"),
            MapNode("c", "C", 5, 5, shape="box", color="#cfe3f3"),
        ),
        edges=(),
        legend=(
            LegendItem("node", "Tjeneste", shape="box", color="#cfe3f3", group="formal"),
            LegendItem("node", "Koordinator", shape="box", color="#cfe3f3", group="coordinator"),
            LegendItem("edge", "Tjeneste-bånd", group="formal"),
        ),
    )
    data = map_page_data(spec)
    assert data["groups"] == ["formal", "coordinator"]
    assert [n.get("group") for n in data["nodes"]] == [0, 1, None]
    assert data["legend"] == [
        {"kind": "node", "group": 0},
        {"kind": "node", "group": 1},
        {"kind": "edge", "group": None},  # node groups are not edge groups
    ]


def test_legend_can_be_static():
    page = render_map_html(small_spec(), inline_js=False, interactive_legend=False)
    assert "data-legend-index" not in page and "<button" not in page.split("tk-legend")[-1]
    assert len(legend_entries(page)) == len(small_spec().legend)


# --------------------------------------------------------------------------- options, guides


def test_physics_is_off_and_lines_are_straight(served_page):
    options = page_data(served_page)["options"]
    assert options["physics"]["enabled"] is False
    assert options["edges"]["smooth"] is False
    assert options["interaction"]["hover"] is True
    assert options["interaction"]["tooltipDelay"] == 150
    assert options["nodes"]["font"]["face"].startswith("system-ui")
    assert "sans-serif" in options["nodes"]["font"]["face"]


def test_rings_and_sector_lines_are_passed_as_data(served_page):
    guides = page_data(served_page)["guides"]
    assert guides["rings"] == [170.0, 310.0, 450.0]
    assert [(s["angle"], s["label"]) for s in guides["sectors"]] == [
        (90.0, "Familie"),
        (210.0, "Skole"),
        (330.0, "Fritid"),
    ]
    assert guides["outer"] >= 450.0
    no_guides = render_map_html(small_spec(rings=(), sector_lines=()), inline_js=False)
    assert page_data(no_guides)["guides"] is None


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
    assert page_data(served)["dense"] is True
    inline = render_map_html(spec, inline_js=True)
    scripts = len(vis_network_js().encode()) + len(map_script_js().encode())
    assert len(inline.encode()) - len(served.encode()) < scripts + 1_000


def test_dense_mode_starts_above_the_threshold():
    def nodes(n):
        return tuple(MapNode(f"n{i}", f"N{i}", float(i), 0.0) for i in range(n))

    assert map_page_data(small_spec(nodes=nodes(DENSE_NODES), edges=()))["dense"] is False
    assert map_page_data(small_spec(nodes=nodes(DENSE_NODES + 1), edges=()))["dense"] is True


# --------------------------------------------------------------------------- the contract


def jsdoc_typedefs(script: str) -> dict[str, tuple[set[str], set[str]]]:
    """Return each ``@typedef {Object}`` of the script: its required and optional fields."""
    typedefs = {}
    for block in re.findall(r"/\*\*(.*?)\*/", script, re.S):
        name = re.search(r"@typedef \{Object\} (\w+)", block)
        if not name:
            continue
        required, optional = set(), set()
        for field in re.findall(r"@property \{[^}]*\} (\[?\w+\]?)", block):
            if field.startswith("["):
                optional.add(field.strip("[]"))
            else:
                required.add(field)
        typedefs[name.group(1)] = (required, optional)
    return typedefs


CONTRACT = {
    "MapPageData": page.MapPageData,
    "NodeData": page.NodeData,
    "NodeColor": page.NodeColor,
    "EdgeData": page.EdgeData,
    "Guides": page.Guides,
    "Sector": page.Sector,
    "LegendEntry": page.LegendEntry,
    "Presentation": page.Presentation,
    "PresentStep": page.PresentStep,
}


@pytest.mark.parametrize("name", CONTRACT)
def test_the_script_documents_the_python_data_types_field_for_field(name):
    required, optional = page.typed_keys(CONTRACT[name])
    documented = jsdoc_typedefs(map_script_js())
    assert name in documented, f"map.js has no @typedef {{Object}} {name}"
    assert documented[name] == (set(required), set(optional))


def test_the_page_data_has_exactly_the_declared_fields(served_page):
    data = page_data(served_page)
    required, optional = page.typed_keys(page.MapPageData)
    assert required <= set(data) <= required | optional
    guides_required, _ = page.typed_keys(page.Guides)
    assert set(data["guides"]) == guides_required
    for entry in data["legend"]:
        assert set(entry) == set(page.typed_keys(page.LegendEntry)[0])


def test_the_font_stack_is_written_once():
    """In Python; the CSS, the vis-network options and the canvas text all take it from
    there."""
    sources = [
        ROOT / "graph" / "render" / "html.py",
        TEMPLATE,
        ROOT / "graph" / "render" / "static" / "map.js",
    ]
    assert sum(path.read_text(encoding="utf-8").count("Segoe UI") for path in sources) == 1
    page_html = render_map_html(small_spec(), inline_js=False)
    assert f'<body style="font-family: {escape(FONT_STACK)}">' in page_html
    data = page_data(page_html)
    assert data["font"] == FONT_STACK
    assert data["options"]["nodes"]["font"]["face"] == FONT_STACK
    assert data["options"]["edges"]["font"]["face"] == FONT_STACK


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
    script = tmp_path / "map" / "map.js"
    assert script.read_bytes() == assets.MAP_SCRIPT_PATH.read_bytes()
    assert MAP_SCRIPT_URL.endswith("/static/map/map.js")
    written = target.stat().st_mtime_ns, target.stat().st_ino

    assert ensure_static_copy(tmp_path) == target
    assert (target.stat().st_mtime_ns, target.stat().st_ino) == written  # not rewritten

    target.write_bytes(original[:-1] + b"X")  # same size, other content
    ensure_static_copy(tmp_path)
    assert target.read_bytes() == original

    target.write_bytes(b"alert(1)")  # other size
    script.write_bytes(b"alert(1)")
    ensure_static_copy(tmp_path)
    assert target.read_bytes() == original
    assert script.read_bytes() == assets.MAP_SCRIPT_PATH.read_bytes()
    assert [p.name for p in target.parent.iterdir()] == ["vis-network.min.js"]
    assert sorted(p.name for p in script.parent.iterdir()) == ["map.js", "map_present.js"]
    present = tmp_path / "map" / "map_present.js"
    assert present.read_bytes() == assets.PRESENT_SCRIPT_PATH.read_bytes()


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
