"""Shared fixtures: the catalogue, the examples, and small cases built in tests."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from graph.catalogue import load_catalogue
from graph.model import Case
from graph.validation import validate_case

# Tests never touch the project's own database in var/: pages that reach storage get a
# throw-away directory unless a test sets its own.
os.environ.setdefault("TVERRKART_DB_DIR", tempfile.mkdtemp(prefix="tverrkart-test-db-"))

# Property tests judge behaviour, not speed: on CI's two loaded cores a single example can
# take longer than hypothesis's 200 ms default, which failed a run that was correct.
settings.register_profile("tverrkart", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("tverrkart")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "data" / "examples").glob("*.json"))


@pytest.fixture(scope="session")
def catalogue():
    return load_catalogue()


def make_case(actors=(), ties=(), **person) -> Case:
    """A valid case from short actor and tie tuples.

    ``actors``: (id, type) or (id, type, closeness) or dicts; ``ties``: (from, to, kind)
    or dicts.
    """
    actor_dicts = []
    for actor in actors:
        if isinstance(actor, dict):
            actor_dicts.append(actor)
            continue
        entry = {"id": actor[0], "label": actor[0].capitalize(), "type": actor[1]}
        if len(actor) > 2 and actor[2] is not None:
            entry["closeness"] = actor[2]
        actor_dicts.append(entry)
    tie_dicts = [
        t if isinstance(t, dict) else {"from": t[0], "to": t[1], "kind": t[2]} for t in ties
    ]
    person = {"alias": "A", **person}
    return validate_case(
        {"format": "tverrkart-case/1", "person": person, "actors": actor_dicts, "ties": tie_dicts}
    )


def example_dict(name: str) -> dict:
    return json.loads((ROOT / "data" / "examples" / f"{name}.json").read_text(encoding="utf-8"))
