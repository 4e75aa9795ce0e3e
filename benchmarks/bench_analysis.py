"""Benchmark: the full analysis of a case (``tverrkart analyse``) at 60 and 2,000 actors,
and on the hostile case of issue 9 (finding 2) at 42, 60 and 300 actors.

Run with ``.venv/bin/python benchmarks/bench_analysis.py``. Each size is measured
against a baseline taken in the same run on the same case: building the networkx
graph of the case (:func:`graph.analysis.network.case_graph`), the least work any analysis
must do. The ratio says how much the analysis costs on top of merely reading the
network, independent of how fast the machine is today.

Targets (issue 3, on the project's 2-core machine): 60 actors < 20 ms median;
2,000 actors < 1 s median. A case file may now hold at most 1,000 actors
(:mod:`graph.format.limits`); the 2,000-actor case is built with the models only, so the
figure stays comparable with issue 3.

The hostile case (:func:`benchmarks.synthetic.triples_case`: triples, everyone tied to
everyone outside their own triple) has 3^(n/3) maximal cliques; before the caps, 42
actors took 22 s and 1.5 GB and 60 actors ran out of memory. Target (issue 9): < 2 s
and < 200 MB extra (peak of :mod:`tracemalloc`, in a run of its own) at every size,
with ``metrics.limits`` saying what was capped.
"""

from __future__ import annotations

import json
import platform
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import synthetic_case, triples_case
from graph.analysis import analyse_case
from graph.analysis.network import case_graph

TARGETS_MS = {60: 20.0, 2000: 1000.0}
HOSTILE_SIZES = (42, 60, 300)
HOSTILE_TARGET_MS = 2000.0
HOSTILE_TARGET_MB = 200.0


def median_ms(action: Callable[[], object], repeats: int) -> float:
    """Median wall time of ``action`` in milliseconds, after one warm-up run."""
    action()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def run() -> list[dict]:
    """Measure every size; return one row per size."""
    rows = []
    for actors, repeats in ((60, 50), (2000, 7)):
        case = synthetic_case(actors, validate=False)  # 2,000 is above the file limit
        analysis = median_ms(lambda case=case: analyse_case(case), repeats)
        baseline = median_ms(lambda case=case: case_graph(case), repeats)
        rows.append(
            {
                "actors": actors,
                "ties": len(case.ties),
                "analysis_ms": round(analysis, 2),
                "baseline_graph_ms": round(baseline, 2),
                "ratio": round(analysis / baseline, 1),
                "target_ms": TARGETS_MS[actors],
                "met": analysis < TARGETS_MS[actors],
            }
        )
    return rows


def peak_mb(action: Callable[[], object]) -> float:
    """Peak memory Python allocated while running ``action`` once, in MB (tracemalloc)."""
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1] / 1024**2
    finally:
        tracemalloc.stop()


def run_hostile() -> list[dict]:
    """Measure the hostile case at every size; one row per size, with what was capped."""
    rows = []
    for actors in HOSTILE_SIZES:
        case = triples_case(actors)
        analysis = median_ms(lambda case=case: analyse_case(case), 5)
        memory = peak_mb(lambda case=case: analyse_case(case))
        limits = analyse_case(case)["metrics"]["limits"]
        rows.append(
            {
                "actors": actors,
                "ties": len(case.ties),
                "analysis_ms": round(analysis, 1),
                "peak_mb": round(memory, 1),
                "capped": {key: limit["reason"] for key, limit in limits.items()},
                "met": analysis < HOSTILE_TARGET_MS and memory < HOSTILE_TARGET_MB,
            }
        )
    return rows


def main() -> None:
    rows = run()
    print(f"Python {platform.python_version()} on {platform.machine()}")
    print(f"{'aktører':>8} {'bånd':>6} {'analyse ms':>11} {'graf ms':>8} {'forhold':>8} {'mål':>8}")
    for row in rows:
        verdict = "oppfylt" if row["met"] else "IKKE oppfylt"
        print(
            f"{row['actors']:>8} {row['ties']:>6} {row['analysis_ms']:>11} "
            f"{row['baseline_graph_ms']:>8} {row['ratio']:>7}x  < {row['target_ms']:.0f} ms "
            f"{verdict}"
        )
    hostile = run_hostile()
    print(
        f"Fiendtlig sak (trioer), mål < {HOSTILE_TARGET_MS:.0f} ms og < {HOSTILE_TARGET_MB:.0f} MB:"
    )
    print(f"{'aktører':>8} {'bånd':>6} {'analyse ms':>11} {'topp MB':>8}  begrenset")
    for row in hostile:
        verdict = "oppfylt" if row["met"] else "IKKE oppfylt"
        capped = ", ".join(f"{key} ({reason})" for key, reason in row["capped"].items())
        print(
            f"{row['actors']:>8} {row['ties']:>6} {row['analysis_ms']:>11} "
            f"{row['peak_mb']:>8}  {capped}  {verdict}"
        )
    print(json.dumps({"synthetic": rows, "hostile": hostile}))


if __name__ == "__main__":
    main()
