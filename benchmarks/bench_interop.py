"""Benchmark: the meeting sheet PDF and the spreadsheet import (issue 15).

Run from the project root (needs WeasyPrint's Pango, as .ci/run installs)::

    .venv/bin/python benchmarks/bench_interop.py [--runs 5]

Goals, on the project's 2-core machine:

* the meeting sheet («Møteark», :func:`graph.interop.pdf.meeting_sheet_pdf`, analysis,
  SVG map and PDF included) for a 60-actor case < 2 s, for a 300-actor case < 6 s;
* importing a workbook of 1,000 rows (:func:`graph.interop.xlsx_in.import_workbook`:
  read, check and validate) < 1 s. Two workbooks are measured: an «Aktører» sheet of
  1,000 actors (exactly 1,000 rows), and Tverrkart's own export of a 1,000-actor case
  (1,000 actors and about 1,500 ties).

Every figure gets a ratio to a baseline measured in the same run on the same case:
``json.dumps`` of the case file and writing it to a temporary file, the cheapest way to
save the case. Cases come from ``benchmarks/synthetic.py``. The medians of ``--runs``
runs are printed as one JSON document, written to ``benchmarks/results/interop.json``,
and the script exits with 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import io
import json
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import openpyxl  # noqa: E402

from benchmarks.synthetic import synthetic_case  # noqa: E402
from graph.analysis import analyse_case  # noqa: E402
from graph.format.model import Case, case_to_dict  # noqa: E402
from graph.interop.pdf import meeting_sheet_pdf  # noqa: E402
from graph.interop.xlsx_in import import_workbook  # noqa: E402
from graph.interop.xlsx_out import case_xlsx  # noqa: E402

GOALS = {"pdf_60": 2.0, "pdf_300": 6.0, "xlsx_1000_rows": 1.0, "xlsx_export_1000": 1.0}


def median_seconds(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def json_baseline(case: Case) -> Callable[[], None]:
    def save() -> None:
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".json") as handle:
            handle.write(json.dumps(case_to_dict(case), ensure_ascii=False, indent=2))
            handle.flush()

    return save


def actors_workbook(rows: int) -> bytes:
    """An «Aktører» sheet with ``rows`` actors (Navn, Type, Nærhet), as a person makes one."""
    types = ["skole", "venner", "nav", "helse", "foresatte", "fritid", "barnevern"]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Aktører"
    sheet.append(["Navn", "Type", "Nærhet", "Beskrivelse"])
    for index in range(rows):
        sheet.append([f"Aktør {index}", types[index % len(types)], 1 + index % 3, "Merknad"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def measure(runs: int) -> dict:
    results: dict[str, dict] = {}
    meeting_sheet_pdf(synthetic_case(10))  # WeasyPrint's import and fonts, once
    for size in (60, 300):
        case = synthetic_case(size)
        seconds = median_seconds(lambda case=case: meeting_sheet_pdf(case), runs)
        baseline = median_seconds(json_baseline(case), max(runs, 20))
        results[f"pdf_{size}"] = {
            "what": f"Møteark (PDF) for {size} aktører, {len(case.ties)} bånd",
            "seconds": round(seconds, 3),
            "baseline_seconds": round(baseline, 5),
            "ratio": round(seconds / baseline),
        }
    sheet = actors_workbook(1000)
    imported = import_workbook(sheet)
    assert imported.case is not None, imported.problems
    seconds = median_seconds(lambda: import_workbook(sheet), runs)
    baseline = median_seconds(json_baseline(imported.case), max(runs, 20))
    results["xlsx_1000_rows"] = {
        "what": "Import av regneark med 1 000 rader (aktører)",
        "seconds": round(seconds, 3),
        "baseline_seconds": round(baseline, 5),
        "ratio": round(seconds / baseline),
    }
    case = synthetic_case(1000)
    exported = case_xlsx(case, analyse_case(case))
    assert import_workbook(exported).case == case
    seconds = median_seconds(lambda: import_workbook(exported), runs)
    baseline = median_seconds(json_baseline(case), max(runs, 20))
    results["xlsx_export_1000"] = {
        "what": f"Import av Tverrkarts eget regneark: 1 000 aktører, {len(case.ties)} bånd",
        "seconds": round(seconds, 3),
        "baseline_seconds": round(baseline, 5),
        "ratio": round(seconds / baseline),
    }
    for key, goal in GOALS.items():
        results[key]["goal_seconds"] = goal
        results[key]["met"] = results[key]["seconds"] < goal
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    results = measure(args.runs)
    report = {
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "runs": args.runs,
        "results": results,
    }
    text = json.dumps(report, ensure_ascii=False, indent=2)
    print(text)
    (ROOT / "benchmarks" / "results" / "interop.json").write_text(text + "\n", encoding="utf-8")
    return 0 if all(r["met"] for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
