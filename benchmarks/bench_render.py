"""Benchmark: drawing the map in Chromium, its size per rerun, a rerun, and the analysis.

Run from the project root (needs Debian's Chromium at /usr/bin/chromium)::

    .venv/bin/python benchmarks/bench_render.py [--runs 5] [--cap 120]

Everything is measured in one run on this machine and written to
``benchmarks/results/latest.json``; a table is printed and copied into
``docs/benchmarks.md`` by hand.

(a) First draw of maps with 50, 300 and 1,000 actors (``synthetic_case``), three ways:

* ``tverrkart``: ``render_map_html(case_map_spec(case), inline_js=False)``, vis-network
  and the map script from the same local server (as the app serves them from its
  static folder);
* ``pyvis``: stock pyvis, ``Network.from_nx(G)`` with its default physics and
  ``cdn_resources="in_line"`` (its Bootstrap links point to a CDN; every request that
  leaves 127.0.0.1 is aborted, so the page does not wait for them);
* ``floor``: a bare vis-network page with the same nodes, labels, edges and positions,
  physics off and straight edges, nothing else.

Pages are served by ``http.server`` on 127.0.0.1; each run is a fresh browser context
(cold cache). "First draw" is the time from navigation start to vis-network's first
``afterDrawing`` (for pyvis: the first ``afterDrawing`` after
``stabilizationIterationsDone``); for tverrkart it is ``window.tverrkart.readyAt``, the
page's test hook's time of its first ``afterDrawing``. Median of
``--runs`` runs (three for pyvis); a run longer than ``--cap`` seconds is reported as
"> cap" and ends that figure.

(b) Bytes of the map per rerun: the editable map's component element that
Nettverkskart sends (AppTest; its payload holds the frame's whole page and its data,
``pages.widgets.map_component.map_payload``), and the one-time static vis-network file.
(c) Server time of a rerun of Nettverkskart with a 60-actor case (AppTest, median).
(d) ``analyse_case`` for 60 and 1,000 actors (in-process median) and the wall time of
``tverrkart analyse FILE --json`` once each.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import importlib.metadata
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "benchmarks" / "results" / "latest.json"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
SIZES = (50, 300, 1000)
ANALYSIS_MAX = 1000
"""The largest case analysed: a case file may hold at most this many actors
(graph/format/limits.py)."""
VIEWPORT = {"width": 1200, "height": 900}

# Records when vis-network first draws (for pyvis and the floor): wraps vis.Network as
# soon as the library defines it, so the listeners are there before the first event.
# tverrkart's page says it itself, through its test hook (window.tverrkart.readyAt).
TIMING_JS = """
(() => {
  window.__tk = {};
  const hook = (net) => {
    let physicsDone = false;
    net.on("stabilizationIterationsDone", () => {
      physicsDone = true;
      window.__tk.stabilized = performance.now();
    });
    net.on("afterDrawing", () => {
      const t = performance.now();
      if (window.__tk.firstAfterDrawing === undefined) { window.__tk.firstAfterDrawing = t; }
      if (physicsDone && window.__tk.afterStabilized === undefined) {
        window.__tk.afterStabilized = t;
      }
    });
  };
  const wrapLibrary = (lib) => {
    let Real;
    Object.defineProperty(lib, "Network", {
      configurable: true, enumerable: true,
      get() { return Real; },
      set(value) {
        Real = function (...args) { const net = new value(...args); hook(net); return net; };
        Real.prototype = value.prototype;
      },
    });
  };
  let visObject;
  Object.defineProperty(window, "vis", {
    configurable: true,
    get() { return visObject; },
    set(value) { visObject = value; if (value && !value.Network) { wrapLibrary(value); } },
  });
})();
"""


# --------------------------------------------------------------------------- machine


def machine() -> dict[str, Any]:
    def run(command: list[str]) -> str:
        try:
            return subprocess.run(command, capture_output=True, text=True, check=False).stdout
        except OSError:
            return ""

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = run(["free", "-h"]).splitlines()
    versions = {}
    for name in ("streamlit", "pyvis", "networkx", "playwright", "jinja2", "pandas"):
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            versions[name] = importlib.metadata.version(name)
    from graph.render.assets import VIS_NETWORK_VERSION

    versions["vis-network"] = VIS_NETWORK_VERSION
    return {
        "nproc": run(["nproc"]).strip(),
        "memory": memory[1].split()[1] if len(memory) > 1 else "",
        "free_h": "\n".join(memory),
        "cpu": cpu,
        "os": run(["sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"]).strip(),
        "chromium": run([CHROMIUM, "--version"]).strip(),
        "python": platform.python_version(),
        "versions": versions,
    }


# --------------------------------------------------------------------------- pages


def build_pages(folder: Path) -> dict[tuple[str, int], str]:
    """Write every benchmark page into ``folder``; return (variant, size) → file name."""
    import networkx as nx
    from pyvis.network import Network

    from benchmarks.synthetic import synthetic_case
    from graph.maps.casemap import case_map_spec
    from graph.render.assets import MAP_SCRIPT_PATH, vis_network_js_path
    from graph.render.html import _text, render_map_html

    (folder / "vis-network.min.js").write_bytes(vis_network_js_path().read_bytes())
    (folder / "map.js").write_bytes(MAP_SCRIPT_PATH.read_bytes())
    pages = {}
    for size in SIZES:
        case = synthetic_case(size)
        spec = case_map_spec(case)
        name = f"tverrkart-{size}.html"
        html = render_map_html(
            spec, inline_js=False, script_url="/vis-network.min.js", map_script_url="/map.js"
        )
        (folder / name).write_text(html, encoding="utf-8")
        pages["tverrkart", size] = name

        graph = nx.Graph()
        graph.add_node("person", label=case.person.alias)
        for actor in case.actors:
            graph.add_node(actor.id, label=actor.label)
        for tie in case.ties:
            graph.add_edge(tie.source, tie.target)
        net = Network(cdn_resources="in_line")
        net.from_nx(graph)
        name = f"pyvis-{size}.html"
        (folder / name).write_text(net.generate_html(), encoding="utf-8")
        pages["pyvis", size] = name

        nodes = [
            {"id": n.id, "label": _text(n.label), "x": round(n.x, 1), "y": round(n.y, 1)}
            for n in spec.nodes
        ]
        edges = [{"from": e.source, "to": e.target} for e in spec.edges]
        name = f"floor-{size}.html"
        (folder / name).write_text(floor_page(nodes, edges, spec.height_px), encoding="utf-8")
        pages["floor", size] = name
    return pages


def floor_page(nodes: list[dict], edges: list[dict], height: int) -> str:
    data = json.dumps({"nodes": nodes, "edges": edges}).replace("<", "\\u003c")
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>floor</title></head>
<body style="margin:0"><div id="map" style="height:{height}px"></div>
<script src="/vis-network.min.js"></script>
<script>
const data = {data};
new vis.Network(document.getElementById("map"),
  {{nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges)}},
  {{physics: false, layout: {{improvedLayout: false}}, edges: {{smooth: false}}}});
</script></body></html>
"""


@contextlib.contextmanager
def local_server(folder: Path):
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


# --------------------------------------------------------------------------- (a) first draw


def first_draw(runs: int, cap_s: float) -> dict[str, Any]:
    """First-draw times of every variant and size.

    The fast variants (tverrkart and the floor) are measured in alternation, one of
    each per round, so that the machine drifting (other load, CPU clock) weighs on
    both alike; their ratio is what the targets compare. Stock pyvis takes seconds
    to minutes per draw, so it gets three runs of its own.
    """
    from playwright.sync_api import sync_playwright

    results: dict[str, Any] = {}
    blocked: list[str] = []
    with tempfile.TemporaryDirectory() as tmp, local_server(Path(tmp)) as base:
        pages = build_pages(Path(tmp))
        sizes = {name: (Path(tmp) / name).stat().st_size for name in pages.values()}
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)

            def measure(variant: str, size: int, rounds: int) -> list[float | None]:
                url = f"{base}/{pages[variant, size]}"
                return [draw_once(browser, url, variant, cap_s, blocked) for _ in range(rounds)]

            for size in SIZES:
                times: dict[str, list[float | None]] = {"floor": [], "tverrkart": []}
                for _ in range(runs):
                    for variant in times:
                        times[variant] += measure(variant, size, 1)
                times["pyvis"] = []
                for _ in range(min(runs, 3)):
                    times["pyvis"] += measure("pyvis", size, 1)
                    if times["pyvis"][-1] is None:
                        break  # past the cap once: more runs would only take longer
                for variant, measured in times.items():
                    done = [t for t in measured if t is not None]
                    key = f"{variant}-{size}"
                    results[key] = {
                        "variant": variant,
                        "actors": size,
                        "runs_ms": [round(t, 1) for t in done],
                        "median_ms": round(statistics.median(done), 1) if done else None,
                        "capped": len(done) < len(measured),
                        "page_bytes": sizes[pages[variant, size]],
                    }
                    capped = results[key]["capped"]
                    shown = f"> {cap_s:.0f} s" if capped else f"{results[key]['median_ms']} ms"
                    print(f"  first draw {key}: {shown}", file=sys.stderr)
            browser.close()
    results["blocked_requests"] = sorted(set(blocked))
    return results


def draw_once(browser, url: str, variant: str, cap_s: float, blocked: list[str]) -> float | None:
    """Milliseconds from navigation start to the first draw, or None past the cap."""
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(TIMING_JS)

    def block(route) -> None:
        blocked.append(route.request.url)
        route.abort("blockedbyclient")

    context.route(lambda u: not u.startswith("http://127.0.0.1"), block)
    page = context.new_page()
    drawn = {
        "tverrkart": "window.tverrkart && window.tverrkart.readyAt",
        "pyvis": "window.__tk && window.__tk.afterStabilized",
        "floor": "window.__tk && window.__tk.firstAfterDrawing",
    }[variant]
    try:
        page.goto(url, wait_until="commit")
        page.wait_for_function(
            f"() => ({drawn}) !== undefined && ({drawn}) !== null",
            timeout=cap_s * 1000,
            polling=100,
        )
        return page.evaluate(f"() => {drawn}")
    except Exception as error:  # Playwright's TimeoutError
        if "Timeout" in type(error).__name__ or "Timeout" in str(error):
            return None
        raise
    finally:
        context.close()


# --------------------------------------------------------------------------- (b), (c): AppTest


def app_with_case(actors: int):
    from streamlit.testing.v1 import AppTest

    # Pages may open the case database: use a throw-away one, never the project's var/.
    os.environ.setdefault("TVERRKART_DB_DIR", tempfile.mkdtemp(prefix="tk-bench-db-"))
    os.environ.pop("TVERRKART_DATABASE_URL", None)

    from benchmarks.synthetic import synthetic_case
    from graph.format.model import case_to_dict
    from pages.widgets.state import CASE

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state[CASE.content] = case_to_dict(synthetic_case(actors))
    at.run()
    if at.exception:
        raise RuntimeError(f"Nettverkskart feilet med {actors} aktører: {at.exception}")
    return at


def map_bytes() -> dict[str, Any]:
    import re

    from graph.render.assets import MAP_SCRIPT_PATH, vis_network_js_path
    from pages.widgets.map_component import page_html

    out: dict[str, Any] = {
        "static_vis_network_bytes": vis_network_js_path().stat().st_size,
        "static_map_script_bytes": MAP_SCRIPT_PATH.stat().st_size,
    }
    for size in SIZES:
        at = app_with_case(size)
        element = at.get("bidi_component")[0].proto
        page = page_html(json.loads(element.json))
        block = re.search(r'<script type="application/json" id="tk-data">(.*?)</script>', page)
        nodes = len(json.loads(block.group(1))["nodes"]) if block else 0
        if nodes < size + 1:  # the actors and the person (and ghosts, if any)
            raise RuntimeError(f"Nettverkskart viste {nodes} noder, ventet minst {size + 1}")
        out[f"map-{size}"] = element.ByteSize()
    return out


def rerun_time(actors: int = 60, runs: int = 15) -> dict[str, Any]:
    at = app_with_case(actors)
    at.run()  # warm
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - start) * 1000)
    return {"actors": actors, "runs_ms": [round(t, 1) for t in times], "median_ms": median(times)}


# --------------------------------------------------------------------------- (d) analysis


def analysis_time() -> dict[str, Any]:
    from benchmarks.synthetic import synthetic_case
    from graph.analysis import analyse_case
    from graph.format.model import case_to_dict
    from graph.reference.catalogue import load_catalogue

    catalogue = load_catalogue()
    out: dict[str, Any] = {}
    for size, runs in ((60, 20), (ANALYSIS_MAX, 5)):
        case = synthetic_case(size)
        analyse_case(case, catalogue)  # warm caches (rules, catalogue)
        out[f"in_process-{size}"] = timed(lambda c=case: analyse_case(c, catalogue), runs)
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
            json.dump(case_to_dict(case), handle, ensure_ascii=False)
        command = [str(Path(sys.executable).parent / "tverrkart"), "analyse", handle.name, "--json"]
        # A new process each time: Python start-up and imports are part of the figure.
        out[f"cli-{size}"] = timed(
            lambda c=command: subprocess.run(c, check=True, capture_output=True), 3
        )
        Path(handle.name).unlink()
    return out


def timed(function: Callable[[], Any], runs: int) -> dict[str, Any]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return {"runs_ms": [round(t, 1) for t in times], "median_ms": median(times)}


def median(values: list[float]) -> float:
    return round(statistics.median(values), 1)


# --------------------------------------------------------------------------- report


def targets(result: dict[str, Any]) -> list[dict[str, Any]]:
    draw = result["first_draw"]
    ours = draw["tverrkart-300"]["median_ms"]
    floor = draw["floor-300"]["median_ms"]
    pyvis = draw["pyvis-300"]
    pyvis_ms = pyvis["median_ms"] if not pyvis["capped"] else result["cap_s"] * 1000
    speedup = pyvis_ms / ours
    big = draw["tverrkart-1000"]["median_ms"]
    rerun = result["rerun"]["median_ms"]
    size = result["map_bytes"]["map-300"]
    prefix = ">" if pyvis["capped"] else ""
    return [
        {
            "target": "300 aktører: ≥ 30× raskere enn pyvis",
            "measured": f"{prefix}{speedup:.0f}× ({ours:.0f} ms mot {prefix}{pyvis_ms:.0f} ms)",
            "met": speedup >= 30,
        },
        {
            "target": "300 aktører: ≤ 1,2× gulvet",
            "measured": f"{ours / floor:.2f}× ({ours:.0f} ms mot {floor:.0f} ms)",
            "met": ours <= 1.2 * floor,
        },
        {
            "target": "1 000 aktører tegnet < 1 s",
            "measured": f"{big:.0f} ms",
            "met": big < 1000,
        },
        {"target": "omkjøring < 150 ms", "measured": f"{rerun:.0f} ms", "met": rerun < 150},
        {
            "target": "kartets bytes per omkjøring < 150 KB ved 300 aktører",
            "measured": f"{size / 1000:.0f} KB",
            "met": size < 150_000,
        },
    ]


def table(result: dict[str, Any]) -> str:
    draw = result["first_draw"]
    cap = result["cap_s"]

    def cell(key: str) -> str:
        row = draw[key]
        return f"> {cap:.0f} s" if row["capped"] else f"{row['median_ms']:.0f} ms"

    lines = [
        "| aktører | tverrkart | pyvis (fysikk, in_line) | gulv (bare vis-network) "
        "| tverrkart / gulv | pyvis / tverrkart | kartets bytes per omkjøring |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in SIZES:
        ours = draw[f"tverrkart-{size}"]["median_ms"]
        floor = draw[f"floor-{size}"]["median_ms"]
        pyvis = draw[f"pyvis-{size}"]
        ratio = (
            f"> {cap * 1000 / ours:.0f}×"
            if pyvis["capped"]
            else f"{pyvis['median_ms'] / ours:.0f}×"
        )
        lines.append(
            f"| {size} | {cell(f'tverrkart-{size}')} | {cell(f'pyvis-{size}')} "
            f"| {cell(f'floor-{size}')} | {ours / floor:.2f}× | {ratio} "
            f"| {result['map_bytes'][f'map-{size}'] / 1000:.0f} KB |"
        )
    lines += [
        "",
        f"vis-network som statisk fil (én gang): "
        f"{result['map_bytes']['static_vis_network_bytes'] / 1000:.0f} KB; kartskriptet "
        f"map.js: {result['map_bytes']['static_map_script_bytes'] / 1000:.0f} KB.",
        f"Omkjøring av Nettverkskart med {result['rerun']['actors']} aktører (AppTest): "
        f"median {result['rerun']['median_ms']:.0f} ms.",
    ]
    analysis = result["analysis"]
    for size in (60, ANALYSIS_MAX):
        lines.append(
            f"`analyse_case` med {size} aktører: median "
            f"{analysis[f'in_process-{size}']['median_ms']:.0f} ms; "
            f"`tverrkart analyse --json`: {analysis[f'cli-{size}']['median_ms']:.0f} ms "
            "(median av 3)."
        )
    lines += ["", "| mål | målt | nådd |", "|---|---|---|"]
    for row in result["targets"]:
        lines.append(f"| {row['target']} | {row['measured']} | {'ja' if row['met'] else 'nei'} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="runs per first-draw figure (≥ 3)")
    parser.add_argument("--cap", type=float, default=120.0, help="seconds before a draw is cut")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    result: dict[str, Any] = {"machine": machine(), "cap_s": args.cap, "runs": args.runs}
    print("(b) kartets størrelse per omkjøring …", file=sys.stderr)
    result["map_bytes"] = map_bytes()
    print("(c) omkjøring av Nettverkskart …", file=sys.stderr)
    result["rerun"] = rerun_time()
    print("(d) analyse …", file=sys.stderr)
    result["analysis"] = analysis_time()
    print("(a) første tegning i Chromium …", file=sys.stderr)
    result["first_draw"] = first_draw(args.runs, args.cap)
    result["targets"] = targets(result)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print(table(result))
    shown = args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output
    print(f"\nRådata: {shown}")
    return 0 if all(row["met"] for row in result["targets"]) else 1


if __name__ == "__main__":
    sys.exit(main())
