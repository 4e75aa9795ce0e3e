"""Benchmark: drawing Nettverkskart's map on the server (layout, tie routing, untangling).

Run from the project root::

    .venv/bin/python benchmarks/layout_speed.py [--runs 7] [--sizes 60 150 300]
        [--baseline REV]

Times ``graph.maps.network_map(case, catalogue, show_ghosts=True)`` for a synthetic
case (``benchmarks.synthetic``) of each size: the part of an edit on the map (issue 14,
«Speed») that recomputes the map. CPU time (``time.process_time``) of one process,
the median of ``--runs`` runs, each after a garbage collection, so a busy machine
disturbs the figures less than wall time would.

* ``cold``: with the crossing lists shared between the steps of one drawing
  (``graph.render.geometry._SHARED``) emptied first, as after an edit that moved a
  node (the map's geometry is new);
* ``again``: the same map drawn once more right after (a rerun without a change).

``--baseline REV`` also draws with ``graph/render/geometry.py`` and
``graph/render/layout.py`` as they were at git revision ``REV`` (the rest of the code
as it is now), alternating with the current ones so load hits both alike, and checks
that both draw the same map (``repr`` of the MapSpec, every size). Prints a JSON
document and a Markdown table; exits with 1 if the maps differ.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gc
import importlib.util
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import graph.maps.casemap as casemap  # noqa: E402
import graph.maps.presentation as presentation  # noqa: E402
from benchmarks.synthetic import synthetic_case  # noqa: E402
from graph.maps.network import network_map  # noqa: E402
from graph.reference.catalogue import load_catalogue  # noqa: E402
from graph.render import geometry  # noqa: E402

REPLACED = {
    casemap: ("route_edges", "untangle", "map_quality", "with_curves"),
    presentation: ("map_quality",),
}
"""The functions of ``graph.render.geometry`` the map's drawing calls, by the module
calling them."""
REPLACED_LAYOUT = {casemap: ("labelled_layout", "nearby_places")}
"""The same for ``graph.render.layout``."""


def _module_at(revision: str, path: str, name: str, folder: Path) -> ModuleType:
    """``path`` as it was at git revision ``revision``, imported as module ``name``."""
    source = subprocess.run(
        ["git", "show", f"{revision}:{path}"], cwd=ROOT, check=True, capture_output=True
    ).stdout
    file = folder / f"{name}.py"
    file.write_bytes(source)
    spec = importlib.util.spec_from_file_location(name, file)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while defining
    spec.loader.exec_module(module)
    return module


@contextlib.contextmanager
def _drawn_with(old_geometry: ModuleType, old_layout: ModuleType) -> Iterator[None]:
    """Draw with the old modules' functions while inside the block."""
    saved = []
    for old, replaced in ((old_geometry, REPLACED), (old_layout, REPLACED_LAYOUT)):
        for module, names in replaced.items():
            for name in names:
                saved.append((module, name, getattr(module, name)))
                setattr(module, name, getattr(old, name))
    try:
        yield
    finally:
        for module, name, function in saved:
            setattr(module, name, function)


def _cpu_ms(draw: Callable[[], object]) -> float:
    gc.collect()
    start = time.process_time()
    draw()
    return (time.process_time() - start) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--sizes", type=int, nargs="+", default=[60, 150, 300])
    parser.add_argument("--baseline", help="git revision to compare with")
    args = parser.parse_args(argv)
    catalogue = load_catalogue()
    old: tuple[ModuleType, ModuleType] | None = None
    if args.baseline:
        with tempfile.TemporaryDirectory(prefix="layout_speed_") as name:
            folder = Path(name)  # the files are read once, while importing
            old_layout = _module_at(args.baseline, "graph/render/layout.py", "old_layout", folder)
            old_geometry = _module_at(
                args.baseline, "graph/render/geometry.py", "old_geometry", folder
            )
        if hasattr(old_geometry, "segment_through"):  # the old layout's, not today's
            old_geometry.segment_through = old_layout.segment_through
        old = (old_geometry, old_layout)
    rows, same = [], True
    for size in args.sizes:
        draw = functools.partial(network_map, synthetic_case(size), catalogue, show_ghosts=True)
        times: dict[str, list[float]] = {"cold": [], "again": [], "baseline": []}
        for _ in range(args.runs):
            if old is not None:
                with _drawn_with(*old):
                    times["baseline"].append(_cpu_ms(draw))
            geometry._SHARED.clear()
            times["cold"].append(_cpu_ms(draw))
            times["again"].append(_cpu_ms(draw))
        row = {"actors": size, **{k: round(statistics.median(v), 1) for k, v in times.items() if v}}
        if old is not None:
            now = repr(draw())
            with _drawn_with(*old):
                before = repr(draw())
            row["same_map"] = now == before
            same = same and row["same_map"]
            row["speedup_cold"] = round(row["baseline"] / row["cold"], 2)
        rows.append(row)
    print(json.dumps({"runs": args.runs, "baseline": args.baseline, "rows": rows}, indent=1))
    columns = ["actors", "baseline", "cold", "again", "speedup_cold", "same_map"]
    columns = [c for c in columns if c in rows[0]]
    print("\n| " + " | ".join(columns) + " |\n|" + "---|" * len(columns))
    for row in rows:
        print("| " + " | ".join(str(row[c]) for c in columns) + " |")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
