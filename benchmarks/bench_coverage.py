"""Benchmark: coverage of all 357 municipalities, and the Oversikt page with 357 files.

Run from the project root::

    .venv/bin/python benchmarks/bench_coverage.py

Goals (issue 4, on the project's 2-core machine):

* ``tverrkart coverage`` over 357 municipality files: < 3 s. Measured twice: in-process
  (read, validate, score and write the JSON of every file) and as the installed command
  in a fresh process (Python start-up and imports included — what a person waits for).
* The Oversikt page with 357 municipalities reruns in < 1 s (AppTest, after the files
  are loaded once; a rerun is what every filter or sort change costs). Measured with
  the files read from the server folder and with the files uploaded; the goal is
  checked on the slowest median.

Each figure also gets a ratio to a baseline measured in the same run, so runs on
different machines can be compared: for coverage, reading and ``json.loads`` of the
same 357 files; for the page, a rerun of a trivial Streamlit page under AppTest.

It prints one JSON document and exits with 1 when a goal is missed (on the median).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402 (a benchmark drives the page)

from graph.cli import main as cli_main  # noqa: E402
from graph.municipality.coverage import REQUIRED_STRUCTURES  # noqa: E402
from graph.municipality.files import FOLDER_ENV  # noqa: E402
from graph.reference.catalogue import load_catalogue  # noqa: E402
from graph.reference.registry import load_kommuner  # noqa: E402
from pages.widgets import state  # noqa: E402

GOAL_COVERAGE_S = 3.0
GOAL_RERUN_S = 1.0
TRIVIAL_PAGE = 'import streamlit as st\nst.title("Tom side")\nst.write("Ingenting å regne ut.")\n'


def synthetic_municipality(number: str, rng: random.Random) -> dict:
    """A valid municipality file with 0–20 actors of formal and civil-society types."""
    catalogue = load_catalogue()
    types = [k for k, t in catalogue.types.items() if t.is_formal] + [
        "frivillig",
        "tros_livssyn",
        "fritid",
    ]
    actors = [
        {
            "id": f"a{i}",
            "type": rng.choice(types),
            "label": f"Tjeneste {i}",
            "contact": f"{rng.randint(20, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} 00",
        }
        for i in range(rng.randint(0, 20))
    ]
    structures = {key: rng.random() < 0.6 for key in REQUIRED_STRUCTURES if rng.random() < 0.8}
    ids = [a["id"] for a in actors]
    measures = [
        {"what": f"Tiltak {j}", "responsible": rng.sample(ids, min(len(ids), 2))}
        for j in range(rng.randint(0, 10))
    ]
    return {
        "format": "tverrkart-municipality/1",
        "kommunenummer": number,
        "actors": actors,
        "structures": structures,
        "measures": measures,
    }


def write_files(folder: Path, seed: int = 4) -> list[Path]:
    """One synthetic file per municipality of 2024 (357 files)."""
    rng = random.Random(seed)
    paths = []
    for number in load_kommuner():
        path = folder / f"kommune-{number}.json"
        path.write_text(
            json.dumps(synthetic_municipality(number, rng), ensure_ascii=False), "utf-8"
        )
        paths.append(path)
    return paths


def median_s(action: Callable[[], object], repeats: int) -> float:
    """Median wall time of ``action`` in seconds, after one warm-up run."""
    action()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def baseline_json(paths: list[Path]) -> None:
    for path in paths:
        json.loads(path.read_bytes())


def coverage_in_process(folder: Path) -> None:
    with contextlib.redirect_stdout(io.StringIO()) as out:
        code = cli_main(["coverage", str(folder), "--json"])
    if code != 0 or len(json.loads(out.getvalue())["municipalities"]) != 357:
        raise SystemExit("tverrkart coverage failed on the synthetic files")


def coverage_command(folder: Path) -> None:
    command = Path(sys.executable).with_name("tverrkart")
    done = subprocess.run(
        [str(command), "coverage", str(folder), "--json"],
        capture_output=True,
        check=False,
        timeout=120,
    )
    if done.returncode != 0:
        raise SystemExit(done.stderr.decode())


def oversikt_reruns(folder: Path, repeats: int) -> dict:
    """Load 357 files into Oversikt once, then time reruns that change the sort order."""
    os.environ[FOLDER_ENV] = str(folder)
    at = AppTest.from_file(str(ROOT / "pages" / "views" / "oversikt.py"), default_timeout=120)
    at.run()
    start = time.perf_counter()
    at.toggle(key=state.OVERSIKT_FOLDER).set_value(True).run()
    first = time.perf_counter() - start
    if at.exception or len(at.dataframe[0].value) != 357:
        raise SystemExit(f"Oversikt did not show 357 municipalities: {at.exception}")
    orders = ["highest", "number", "name", "lowest"]
    times = []
    for index in range(repeats):
        at.selectbox(key=state.OVERSIKT_SORT).set_value(orders[index % len(orders)])
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
    filtered = []
    for index in range(repeats):
        at.multiselect(key=state.OVERSIKT_FYLKER).set_value(["Vestland"] if index % 2 else [])
        start = time.perf_counter()
        at.run()
        filtered.append(time.perf_counter() - start)
    return {
        "first_load_s": first,
        "rerun_sort_s": statistics.median(times),
        "rerun_filter_s": statistics.median(filtered),
    }


def oversikt_upload_reruns(paths: list[Path], repeats: int) -> dict:
    """The same with the 357 files uploaded through the page's file uploader."""
    os.environ.pop(FOLDER_ENV, None)
    at = AppTest.from_file(str(ROOT / "pages" / "views" / "oversikt.py"), default_timeout=120)
    at.run()
    files = [(path.name, path.read_bytes(), "application/json") for path in paths]
    start = time.perf_counter()
    at.file_uploader(key=state.OVERSIKT_UPLOAD).set_value(files).run()
    first = time.perf_counter() - start
    if at.exception or len(at.dataframe[0].value) != len(paths):
        raise SystemExit(f"Oversikt did not show the uploads: {at.exception}")
    orders = ["highest", "number", "name", "lowest"]
    times = []
    for index in range(repeats):
        at.selectbox(key=state.OVERSIKT_SORT).set_value(orders[index % len(orders)])
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
    return {"first_load_s": first, "rerun_sort_s": statistics.median(times)}


def trivial_rerun(repeats: int) -> float:
    at = AppTest.from_string(TRIVIAL_PAGE, default_timeout=30)
    at.run()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run() -> dict:
    """Measure everything on 357 synthetic files in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="tverrkart-bench-") as tmp:
        folder = Path(tmp)
        paths = write_files(folder)
        baseline = median_s(lambda: baseline_json(paths), 9)
        in_process = median_s(lambda: coverage_in_process(folder), 5)
        command = median_s(lambda: coverage_command(folder), 3)
        page = oversikt_reruns(folder, 6)
        uploads = oversikt_upload_reruns(paths, 6)
        trivial = trivial_rerun(9)
    slowest_rerun = max(page["rerun_sort_s"], page["rerun_filter_s"], uploads["rerun_sort_s"])
    return {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "files": len(paths),
        "coverage": {
            "baseline_json_loads_s": round(baseline, 4),
            "in_process_s": round(in_process, 3),
            "in_process_ratio": round(in_process / baseline, 1),
            "command_s": round(command, 3),
            "command_ratio": round(command / baseline, 1),
            "goal_s": GOAL_COVERAGE_S,
            "met": max(in_process, command) < GOAL_COVERAGE_S,
        },
        "oversikt": {
            "baseline_trivial_rerun_s": round(trivial, 4),
            "first_load_s": round(page["first_load_s"], 3),
            "rerun_sort_s": round(page["rerun_sort_s"], 3),
            "rerun_filter_s": round(page["rerun_filter_s"], 3),
            "upload_first_load_s": round(uploads["first_load_s"], 3),
            "upload_rerun_sort_s": round(uploads["rerun_sort_s"], 3),
            "slowest_rerun_s": round(slowest_rerun, 3),
            "rerun_ratio": round(slowest_rerun / trivial, 1),
            "goal_s": GOAL_RERUN_S,
            "met": slowest_rerun < GOAL_RERUN_S,
        },
    }


def main() -> int:
    """Print the figures as JSON; exit 1 when a goal is missed."""
    result = run()
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0 if result["coverage"]["met"] and result["oversikt"]["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
