"""The dependency pins: every download hash-checked, no test tools where the app runs.

``make run`` installs ``requirements.lock``; ``make test`` adds ``requirements-dev.lock``.
Both are written by ``make lock`` (scripts/lock.sh); these tests catch a hand edit or a
lock regenerated the old way.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
APP_LOCK = ROOT / "requirements.lock"
DEV_LOCK = ROOT / "requirements-dev.lock"

# Test and developer tools (and what only they pull in) that must never run beside the app.
DEV_ONLY = {
    "pytest",
    "pytest-playwright",
    "pytest-benchmark",
    "playwright",
    "hypothesis",
    "ruff",
    "python-stdnum",
}

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)")


def read_lock(path: Path) -> dict[str, tuple[str, int]]:
    """Map each pinned package of a lock file to (version, number of sha256 hashes)."""
    pins: dict[str, tuple[str, int]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            current = canonicalize_name(match.group(1))
            assert current not in pins, f"{path.name}: {current} står to ganger"
            pins[current] = (match.group(2), 0)
        elif line.strip().startswith("--hash=sha256:") and current:
            version, hashes = pins[current]
            pins[current] = (version, hashes + 1)
        elif line.strip() and not line.lstrip().startswith("#"):
            pytest.fail(f"{path.name}: linjen er verken en pinning eller en hash: {line!r}")
    return pins


@pytest.mark.parametrize("lock", [APP_LOCK, DEV_LOCK], ids=lambda p: p.name)
def test_every_pin_carries_a_hash(lock: Path) -> None:
    pins = read_lock(lock)
    assert pins
    unhashed = sorted(name for name, (_, hashes) in pins.items() if hashes == 0)
    assert unhashed == [], f"{lock.name}: uten hash: {unhashed}"


def test_app_lock_holds_no_test_or_developer_tools() -> None:
    assert sorted(DEV_ONLY & set(read_lock(APP_LOCK))) == []


def test_dev_lock_has_the_app_at_the_same_versions() -> None:
    app, dev = read_lock(APP_LOCK), read_lock(DEV_LOCK)
    differing = {name: (v, dev.get(name, (None,))[0]) for name, (v, _) in app.items()}
    assert {n: vs for n, vs in differing.items() if vs[0] != vs[1]} == {}
    assert set(dev) >= DEV_ONLY


def test_locks_cover_what_pyproject_declares() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    app, dev = read_lock(APP_LOCK), read_lock(DEV_LOCK)
    for spec, lock in [(s, app) for s in project["dependencies"]] + [
        (s, dev) for s in project["optional-dependencies"]["dev"]
    ]:
        requirement = Requirement(spec)
        name = canonicalize_name(requirement.name)
        assert name in lock, f"{spec} mangler i låsefilen"
        assert requirement.specifier.contains(lock[name][0], prereleases=True), spec


def test_pip_itself_is_pinned_and_upgraded_in_the_venv() -> None:
    assert "pip" in read_lock(APP_LOCK)


def test_make_run_installs_only_the_app_lock_and_checks_hashes() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^run: install$", makefile, re.MULTILINE)
    assert "--require-hashes" in makefile
    assert re.search(r"^\$\(APP_STAMP\):.*requirements\.lock", makefile, re.MULTILINE)
