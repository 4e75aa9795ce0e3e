"""Benchmark: the full analysis of a case (``tverrkart analyse``) at 60 and 2,000 actors.

Run with ``.venv/bin/python benchmarks/bench_analysis.py``. Each size is measured
against a baseline taken in the same run on the same case: building the networkx
graph of the case (:func:`graph.network.case_graph`), the least work any analysis
must do. The ratio says how much the analysis costs on top of merely reading the
network, independent of how fast the machine is today.

Targets (issue 3, on the project's 2-core machine): 60 actors < 20 ms median;
2,000 actors < 1 s median.
"""

from __future__ import annotations

import json
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import synthetic_case
from graph.analysis import analyse_case
from graph.network import case_graph

TARGETS_MS = {60: 20.0, 2000: 1000.0}


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
        case = synthetic_case(actors)
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
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
