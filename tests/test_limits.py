"""The maximum case size (graph/format/limits.py): every way in refuses the same, in Norwegian.

Issue 9, finding 4: a 45,000-actor case opened, but every save took 40-70 s. Now a case
or municipality file over the limits is refused by validation, so the CLI, the upload,
«Importer» and the database all refuse it, at once and with what to do.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from graph.cli import main
from graph.format.limits import (
    MAX_ACTORS,
    MAX_MEASURES,
    MAX_SESSION_UPLOAD_BYTES,
    MAX_SESSION_UPLOAD_FILES,
    MAX_STRUCTURES,
    MAX_TIES,
    session_upload_refusal,
    size_problems,
)
from graph.format.validation import (
    InvalidFileError,
    load_any_bytes,
    load_case_bytes,
    validate_case,
    validate_municipality,
)
from graph.storage import ready_engine
from graph.storage.repository import Repository


def case_with(actors: int, ties: int = 0) -> dict:
    """A valid case of that size (ties from the person to the actors, round and round)."""
    actor_list = [{"id": f"a{i}", "label": f"Aktør {i}", "type": "venner"} for i in range(actors)]
    tie_list = [
        {"from": "person", "to": f"a{i % max(actors, 1)}", "kind": "support"} for i in range(ties)
    ]
    return {
        "format": "tverrkart-case/1",
        "person": {"alias": "A"},
        "actors": actor_list,
        "ties": tie_list,
    }


def municipality_with(actors: int = 0, measures: int = 0, structures: int = 0) -> dict:
    return {
        "format": "tverrkart-municipality/1",
        "kommunenummer": "3903",
        "actors": [{"id": f"a{i}", "type": "nav", "label": f"NAV {i}"} for i in range(actors)],
        "measures": [{"what": f"Tiltak {i}"} for i in range(measures)],
        "structures": {f"struktur {i}": True for i in range(structures)},
    }


def refusal(call, *args) -> str:
    with pytest.raises(InvalidFileError) as caught:
        call(*args)
    return " ".join(p.as_line() for p in caught.value.problems)


def test_a_case_at_the_limits_is_accepted() -> None:
    case = validate_case(case_with(MAX_ACTORS, MAX_TIES))
    assert len(case.actors) == MAX_ACTORS and len(case.ties) == MAX_TIES


@pytest.mark.parametrize(
    ("actors", "ties", "said"),
    [
        (
            MAX_ACTORS + 1,
            0,
            f"saken har {MAX_ACTORS + 1} aktører; Tverrkart tar høyst {MAX_ACTORS}",
        ),
        (10, MAX_TIES + 1, f"saken har {MAX_TIES + 1} bånd; Tverrkart tar høyst {MAX_TIES}"),
    ],
)
def test_a_case_over_the_limits_is_refused_in_norwegian(actors: int, ties: int, said: str) -> None:
    message = refusal(validate_case, case_with(actors, ties))
    assert said in message
    assert "Del den opp i flere" in message


def test_the_45000_actor_case_of_the_issue_is_refused_at_once() -> None:
    data = json.dumps(case_with(45_000, 45_000)).encode()
    started = time.perf_counter()
    message = refusal(load_case_bytes, data)
    elapsed = time.perf_counter() - started
    assert "45000 aktører" in message and "45000 bånd" in message
    assert elapsed < 2.0, f"refusing took {elapsed:.1f} s"


@pytest.mark.parametrize(
    ("sizes", "said"),
    [
        ({"actors": MAX_ACTORS + 1}, f"{MAX_ACTORS + 1} aktører"),
        ({"measures": MAX_MEASURES + 1}, f"{MAX_MEASURES + 1} tiltak"),
        ({"structures": MAX_STRUCTURES + 1}, f"{MAX_STRUCTURES + 1} strukturer"),
    ],
)
def test_a_municipality_file_over_the_limits_is_refused(sizes: dict, said: str) -> None:
    message = refusal(validate_municipality, municipality_with(**sizes))
    assert f"kommunefilen har {said}" in message


def test_a_municipality_file_at_the_limits_is_accepted() -> None:
    raw = municipality_with(MAX_ACTORS, MAX_MEASURES, MAX_STRUCTURES)
    assert len(validate_municipality(raw).actors) == MAX_ACTORS


def test_the_command_line_refuses_an_oversized_case(capsys, tmp_path: Path) -> None:
    path = tmp_path / "stor.json"
    path.write_text(json.dumps(case_with(MAX_ACTORS + 1)), encoding="utf-8")
    code = main(["validate", str(path)])
    err = capsys.readouterr().err
    assert code == 2
    assert f"Tverrkart tar høyst {MAX_ACTORS}" in err


def test_the_database_refuses_to_save_or_import_an_oversized_case(tmp_path: Path) -> None:
    repo = Repository(ready_engine(f"sqlite:///{tmp_path / 'db.sqlite'}"))
    too_big = case_with(MAX_ACTORS + 1)
    assert "Tverrkart tar høyst" in refusal(repo.create, "case", too_big)
    info = repo.create("case", case_with(3))
    message = refusal(lambda: repo.save(info.id, too_big, expected_version=info.version))
    assert "Tverrkart tar høyst" in message
    with pytest.raises(InvalidFileError):
        repo.import_archive(json.dumps(too_big).encode())
    assert [d.version for d in repo.list("case")] == [1]


def test_load_any_bytes_checks_the_size_of_either_kind() -> None:
    data = json.dumps(municipality_with(actors=MAX_ACTORS + 1)).encode()
    assert "kommunefilen har" in refusal(load_any_bytes, data)


def test_size_problems_ignores_what_is_not_a_file_object() -> None:
    assert size_problems([1, 2], "case") == []
    assert size_problems({"actors": "x" * 5000}, "case") == []


def test_a_browser_tab_may_upload_up_to_its_limits() -> None:
    assert session_upload_refusal(0, 0, 4_900_000) is None
    assert session_upload_refusal(MAX_SESSION_UPLOAD_FILES - 1, 0, 1) is None
    too_many = session_upload_refusal(MAX_SESSION_UPLOAD_FILES, 0, 1)
    assert too_many and "lukk fanen og åpne Tverrkart på nytt" in too_many
    too_much = session_upload_refusal(10, MAX_SESSION_UPLOAD_BYTES - 100, 101)
    assert too_much and "50 MB" in too_much and "lukk fanen" in too_much
