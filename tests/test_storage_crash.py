"""Nothing lost: a writer killed with SIGKILL in the middle of its save loop.

A child process saves a 200-actor case again and again and reports each version
as soon as its transaction has committed. The test kills it with SIGKILL a few
milliseconds after a report, while the next save is under way (a save takes about
5-10 ms: checking the case, then one transaction), then checks that the SQLite
file is sound and that the last committed version is complete.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time

from sqlalchemy import text

from graph.format.validation import validate_case
from graph.storage.engine import create_storage_engine
from graph.storage.repository import Repository
from tests.conftest import ROOT

WRITER = """
import sys
from benchmarks.synthetic import synthetic_case
from graph.format.model import case_to_dict
from graph.storage import open_repository

repo = open_repository(sys.argv[1])
case = case_to_dict(synthetic_case(200))
info = repo.create("case", case, note="runde 0")
print("created", info.id, flush=True)
version = 1
while True:
    case["title"] = f"Runde {version}"
    case["actors"][0]["label"] = f"Aktør i runde {version}"
    version = repo.save(info.id, case, expected_version=version, note=f"runde {version}").version
    print("saved", version, flush=True)
"""
SAVES_BEFORE_KILL = 12


def test_a_killed_writer_leaves_a_sound_database_with_the_last_version_complete(tmp_path):
    url = f"sqlite:///{tmp_path / 'krasj.sqlite3'}"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, url],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    committed = 0
    try:
        for line in writer.stdout:
            if line.startswith("saved"):
                committed = int(line.split()[1])
                if committed >= SAVES_BEFORE_KILL:
                    time.sleep(random.uniform(0, 0.008))  # land inside the next save
                    os.kill(writer.pid, signal.SIGKILL)
                    break
    finally:
        if writer.poll() is None:
            writer.kill()
        writer.wait(timeout=30)
    assert committed >= SAVES_BEFORE_KILL, writer.stderr.read()
    assert writer.returncode == -signal.SIGKILL

    engine = create_storage_engine(url)
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            rows = connection.execute(
                text("SELECT number, content, sha256 FROM versions ORDER BY number")
            ).all()
        repo = Repository(engine)
        [info] = repo.list("case")
        # Every version that was reported is there; at most one more may have committed
        # just before the kill, and never a half one.
        assert info.version in (committed, committed + 1)
        assert [row.number for row in rows] == list(range(1, info.version + 1))
        for row in rows:
            assert hashlib.sha256(row.content.encode("utf-8")).hexdigest() == row.sha256
            json.loads(row.content)
        last = repo.open(info.id)
        case = validate_case(last.content)
        assert case.title == f"Runde {info.version - 1}"
        assert case.actors[0].label == f"Aktør i runde {info.version - 1}"
        assert len(case.actors) == 200 and last.note == f"runde {info.version - 1}"
    finally:
        engine.dispose()
