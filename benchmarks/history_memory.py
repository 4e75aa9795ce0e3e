"""Peak memory of the page «Lagrede saker» for an item with a long history of big versions.

Issue 9, finding 4: the page must not hold every version of an item in memory. The
script stores ``--versions`` versions of a case of about ``--mb`` megabytes in a
fresh SQLite database (in a child process), then runs the page once with
Streamlit's AppTest in another child process and reports that process's peak
resident memory (``VmHWM``) and how much it grew while the page ran.

Usage::

    .venv/bin/python -m benchmarks.history_memory --versions 10 --mb 4.6
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def big_case(megabytes: float, round_: int) -> dict:
    """A valid case of about ``megabytes`` MB: 1,000 actors with long notes."""
    actors = 1000
    note = "n" * max(1, int(megabytes * 1_000_000 / actors) - 120)
    return {
        "format": "tverrkart-case/1",
        "title": f"Stor sak, runde {round_}",
        "person": {"alias": "A", "age": 16, "situation": ["pupil"]},
        "actors": [
            {"id": f"a{i}", "label": f"Aktør {i}", "type": "skole", "note": f"{round_}{note}"}
            for i in range(actors)
        ],
        "ties": [{"from": "person", "to": "a0", "kind": "support"}],
    }


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    return 0


def setup(directory: str, versions: int, megabytes: float) -> None:
    """Store the item (child process)."""
    from graph.storage import open_repository

    repo = open_repository(f"sqlite:///{directory}/tverrkart.sqlite3")
    info = repo.create("case", big_case(megabytes, 1), note="Runde 1")
    for number in range(1, versions):
        repo.save(info.id, big_case(megabytes, number + 1), expected_version=number)


def measure(directory: str) -> None:
    """Run the page once and print the memory figures as JSON (child process)."""
    os.environ["TVERRKART_DB_DIR"] = directory
    os.environ.pop("TVERRKART_DATABASE_URL", None)
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    before = _status("VmRSS")
    started = time.perf_counter()
    at.switch_page("pages/views/saker.py").run()
    seconds = time.perf_counter() - started
    at.run()  # a rerun (any click) must not grow it further
    peak = _status("VmHWM")
    print(
        json.dumps(
            {
                "rss_before_mb": round(before / 1e6),
                "peak_mb": round(peak / 1e6),
                "growth_mb": round((peak - before) / 1e6),
                "first_run_s": round(seconds, 1),
                "exception": bool(at.exception),
            }
        )
    )


def main() -> None:
    """Set up in one child process, measure in another, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--versions", type=int, default=10)
    parser.add_argument("--mb", type=float, default=4.6)
    parser.add_argument("--step", choices=["setup", "measure"])
    parser.add_argument("--dir")
    args = parser.parse_args()
    if args.step == "setup":
        setup(args.dir, args.versions, args.mb)
        return
    if args.step == "measure":
        measure(args.dir)
        return
    with tempfile.TemporaryDirectory(prefix="tverrkart-historikk-") as directory:
        me = [sys.executable, "-m", "benchmarks.history_memory", "--dir", directory]
        subprocess.run(
            [*me, "--step", "setup", "--versions", str(args.versions), "--mb", str(args.mb)],
            check=True,
            cwd=ROOT,
        )
        size = (Path(directory) / "tverrkart.sqlite3").stat().st_size
        print(f"{args.versions} versjoner à ca. {args.mb} MB, databasefil {size / 1e6:.0f} MB")
        subprocess.run([*me, "--step", "measure"], check=True, cwd=ROOT)


if __name__ == "__main__":
    main()
