"""Before/after figures for issue 9, findings 6, 11, 12 and 13 (storage).

Runs against whatever version of Tverrkart is checked out, using only calls that
exist in every version since the storage was added, so the same script gives the
«before» figures on an old commit (``git worktree add /tmp/old e109e66``) and the
«after» figures on the current one::

    .venv/bin/python -m benchmarks.storage_hardening_figures

It prints one JSON object:

* ``forged_archives_accepted``: of 5 forged archives (content changed, bogus
  checksum, a 1970 time, a 2099 time, times out of order), how many were imported;
* ``edited_row_served`` / ``edited_row_exported``: a version edited directly in the
  SQLite file was shown / exported without complaint;
* ``saves_after_read_only_fixed``: of 4 saves after the pooled connection had become
  read-only (as SQLite leaves a connection opened while the file could not be
  written) and the database was writable again, how many succeeded;
* ``downgrade_base_deleted``: items and versions gone after a plain
  ``alembic downgrade base``;
* ``create_all_upgradable``: ``alembic upgrade head`` worked on a database made by
  ``create_all``;
* ``purged_without_opening_page``: an item deleted 31 days ago was gone after a
  plain list.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from sqlalchemy import text

from graph.storage.engine import create_storage_engine
from graph.storage.repository import Repository
from graph.storage.schema import upgrade_to_head
from tests.storage_support import FakeClock, small_case

ROOT = Path(__file__).resolve().parent.parent


def _repo(directory: Path, clock: FakeClock) -> tuple[Repository, object]:
    engine = create_storage_engine(f"sqlite:///{directory / 'tverrkart.sqlite3'}")
    upgrade_to_head(engine)
    return Repository(engine, clock=clock), engine


def forged(directory: Path) -> dict:
    clock = FakeClock()
    repo, engine = _repo(directory, clock)
    info = repo.create("case", small_case(), note="En")
    clock.advance(days=1)
    repo.save(info.id, small_case("To"), expected_version=1, note="To")
    clock.advance(days=1)
    clean = repo.export_archive(info.id)

    def variant(change) -> bytes:
        archive = json.loads(json.dumps(clean))
        change(archive)
        return json.dumps(archive).encode()

    def content(a):
        a["versions"][0]["content"]["title"] = "Forfalsket"

    def bogus(a):
        a["versions"][1]["sha256"] = "0" * 64

    def old(a):
        a["versions"][0]["saved_at"] = "1970-01-01T00:00:00+00:00"

    def future(a):
        a["versions"][1]["saved_at"] = "2099-01-01T00:00:00+00:00"

    def order(a):
        one, two = a["versions"]
        one["saved_at"], two["saved_at"] = two["saved_at"], one["saved_at"]

    accepted = 0
    for change in (content, bogus, old, future, order):
        try:
            repo.import_archive(variant(change))
            accepted += 1
        except Exception:  # any refusal counts
            pass
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE versions SET content = replace(content, 'Mor', 'Stemor') WHERE id = 1")
        )
    served = exported = False
    with contextlib.suppress(Exception):
        served = "Stemor" in json.dumps(repo.open(info.id, 1).content)
    with contextlib.suppress(Exception):
        exported = "Stemor" in json.dumps(repo.export_archive(info.id))
    engine.dispose()
    return {
        "forged_archives_accepted": f"{accepted} av 5",
        "edited_row_served": served,
        "edited_row_exported": exported,
    }


def read_only(directory: Path) -> dict:
    repo, engine = _repo(directory, FakeClock())
    info = repo.create("case", small_case())
    with engine.connect() as connection:  # the pooled connection became read-only
        connection.exec_driver_sql("PRAGMA query_only = ON")
        connection.commit()
    version, results = 1, []
    for round_ in range(1, 6):
        try:
            version = repo.save(info.id, small_case(f"R{round_}"), expected_version=version).version
            results.append(True)
        except Exception:
            results.append(False)
    engine.dispose()
    # The first save meets the read-only connection; the next four come after "the fix".
    return {"saves_after_read_only_fixed": f"{sum(results[1:])} av 4"}


def downgrade(directory: Path) -> dict:
    repo, engine = _repo(directory, FakeClock())
    for name in ("A", "B", "C"):
        info = repo.create("case", small_case(name))
        repo.save(info.id, small_case(name + "2"), expected_version=1)
    engine.dispose()
    env = {**os.environ, "TVERRKART_DB_DIR": str(directory)}
    env.pop("TVERRKART_DATABASE_URL", None)
    env.pop("TVERRKART_ALLOW_DESTRUCTIVE_DOWNGRADE", None)
    result = subprocess.run(
        [sys.executable, "-m", "alembic", "downgrade", "base"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    engine = create_storage_engine(f"sqlite:///{directory / 'tverrkart.sqlite3'}")
    with engine.connect() as connection:
        try:
            left = connection.execute(text("SELECT count(*) FROM versions")).scalar()
        except Exception:  # the table is gone
            left = 0
    engine.dispose()
    return {
        "downgrade_base_exit_code": result.returncode,
        "downgrade_base_deleted": f"{6 - left} av 6 versjoner",
    }


def create_all(directory: Path) -> dict:
    from graph.storage.models import Base

    engine = create_storage_engine(f"sqlite:///{directory / 'tverrkart.sqlite3'}")
    Base.metadata.create_all(engine)
    engine.dispose()
    env = {**os.environ, "TVERRKART_DB_DIR": str(directory)}
    env.pop("TVERRKART_DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "alembic", "upgrade", "head"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    return {"create_all_upgradable": result.returncode == 0}


def purge(directory: Path) -> dict:
    clock = FakeClock()
    repo, engine = _repo(directory, clock)
    info = repo.create("case", small_case())
    repo.delete(info.id)
    clock.advance(days=31)
    repo.list("case")
    gone = not repo.list("case", deleted=True)
    engine.dispose()
    return {"purged_without_opening_page": gone}


def main() -> None:
    """Run every check in its own temporary directory and print the figures."""
    figures: dict = {}
    for check in (forged, read_only, downgrade, create_all, purge):
        with tempfile.TemporaryDirectory() as directory:
            figures.update(check(Path(directory)))
    print(json.dumps(figures, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
