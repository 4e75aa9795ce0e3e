"""Storage speed: save and load of a large case with history, and listing many cases.

Goals (issue 5), on SQLite:

* save and load of a 200-actor case that already has 20 versions: < 100 ms each;
* listing 1,000 cases: < 200 ms.

Each figure is also given as a ratio to a baseline measured in the same run on the
same data (``json.dumps`` / ``json.loads`` of the case; ``json.loads`` of the list),
so runs on different machines can be compared.

Run from the project root::

    .venv/bin/python -m benchmarks.bench_storage            # SQLite in a temp dir
    .venv/bin/python -m benchmarks.bench_storage --url postgresql+psycopg://…

It exits with 1 when a goal is missed (the goals are checked on the 95th percentile).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from benchmarks.synthetic import synthetic_case
from graph.format.model import case_to_dict
from graph.format.validation import validate_case
from graph.storage import Repository, ready_engine
from graph.storage.models import Document, Version
from graph.storage.repository import serialise

ACTORS = 200
VERSIONS = 20
CASES = 1000
ROUNDS = 30
GOALS_MS = {"save": 100.0, "load": 100.0, "list": 200.0}


def timings(action: Callable[[], object], rounds: int = ROUNDS) -> list[float]:
    """Milliseconds of each of ``rounds`` calls."""
    result = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        result.append((time.perf_counter() - start) * 1000)
    return result


def summary(values: list[float]) -> dict[str, float]:
    """Median, 95th percentile and maximum."""
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median": statistics.median(ordered), "p95": p95, "max": ordered[-1]}


def bulk_cases(repo_engine, count: int) -> None:
    """Insert ``count`` small cases with one version each (set-up, not measured)."""
    now = datetime.now(UTC)
    text, digest = serialise(
        {"format": "tverrkart-case/1", "title": "Sak", "person": {"alias": "A"}}
    )
    with Session(repo_engine) as session, session.begin():
        for n in range(count):
            document = Document(
                kind="case", name=f"Sak {n}", version=1, created_at=now, updated_at=now
            )
            document.versions.append(
                Version(number=1, saved_at=now, note="", content=text, sha256=digest)
            )
            session.add(document)


def run(url: str) -> dict[str, dict[str, float]]:
    """Measure everything on the database at ``url`` (it should be empty)."""
    engine = ready_engine(url)
    repo = Repository(engine)
    case = case_to_dict(synthetic_case(ACTORS))
    info = repo.create("case", case, note="versjon 1")
    version = 1
    for n in range(2, VERSIONS + 1):
        case["title"] = f"Versjon {n}"
        version = repo.save(info.id, case, expected_version=version, note=f"v{n}").version

    def save() -> None:
        nonlocal version
        version = repo.save(info.id, case, expected_version=version, note="bench").version

    results = {
        "save": summary(timings(save)),
        "load": summary(timings(lambda: repo.open(info.id))),
        "load + validate_case (as a page does)": summary(
            timings(lambda: validate_case(repo.open(info.id).content))
        ),
        "json.dumps (baseline for save)": summary(timings(lambda: json.dumps(case))),
    }
    text = json.dumps(case)
    results["json.loads (baseline for load)"] = summary(timings(lambda: json.loads(text)))
    bulk_cases(engine, CASES - 1)
    listed = repo.list("case")
    assert len(listed) == CASES, len(listed)
    results["list"] = summary(timings(lambda: repo.list("case"), rounds=10))
    rows = json.dumps([[d.id, d.name, d.version, d.updated_at.isoformat()] for d in listed])
    results["json.loads of the list (baseline)"] = summary(timings(lambda: json.loads(rows)))
    engine.dispose()
    return results


def report(results: dict[str, dict[str, float]], label: str) -> bool:
    """Print the figures and ratios; return True when every goal is met."""
    print(f"\n{label}: {ACTORS} actors, {VERSIONS}+ versions, {CASES} cases in the list")
    print(f"{'':38} {'median':>9} {'p95':>9} {'max':>9}   goal")
    ok = True
    for name, figures in results.items():
        goal = GOALS_MS.get(name)
        line = f"{name:38} " + " ".join(f"{figures[k]:8.2f}ms" for k in ("median", "p95", "max"))
        if goal is not None:
            met = figures["p95"] < goal
            ok &= met
            line += f"   < {goal:.0f} ms: {'ok' if met else 'MISSED'}"
        print(line)
    ratios = {
        "save / json.dumps": ("save", "json.dumps (baseline for save)"),
        "load / json.loads": ("load", "json.loads (baseline for load)"),
        "list / json.loads of the list": ("list", "json.loads of the list (baseline)"),
    }
    for name, (measured, baseline) in ratios.items():
        ratio = results[measured]["median"] / max(results[baseline]["median"], 1e-6)
        print(f"ratio {name:28} {ratio:9.1f}x (medians)")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="database URL (default: a new SQLite file in a temp dir)")
    args = parser.parse_args(argv)
    if args.url:
        return 0 if report(run(args.url), args.url.split(":", 1)[0]) else 1
    with tempfile.TemporaryDirectory() as directory:
        url = f"sqlite:///{Path(directory) / 'bench.sqlite3'}"
        return 0 if report(run(url), "SQLite (WAL, synchronous=FULL)") else 1


if __name__ == "__main__":
    sys.exit(main())
