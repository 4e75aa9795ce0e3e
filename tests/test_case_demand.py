"""«Hva sakene etterspør»: counts from cases to a municipality, without personal data.

The pure counts (suppression below 3, no case text in the result), reading stored
cases through the repository (team mode's access holds), and ``tverrkart coverage
--cases``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.analysis import analyse_case
from graph.cli import main
from graph.format.validation import InvalidFileError, validate_case
from graph.municipality.case_demand import (
    MIN_CASES,
    case_demand,
    demand_lines,
    stored_cases,
    suppressed,
)
from graph.storage.access import Actor
from graph.storage.repository import Repository
from tests.conftest import ROOT
from tests.hostile_strings import HOSTILE

EXAMPLE = ROOT / "data" / "municipalities" / "examples" / "holmestrand.json"
HOLMESTRAND = "3903"


def case_dict(types=("skole",), *, situation=("pupil",), number=HOLMESTRAND, text="Sak") -> dict:
    return {
        "format": "tverrkart-case/1",
        "title": text,
        "municipality": number,
        "person": {"alias": text, "age": 16, "situation": list(situation)},
        "actors": [{"id": f"a{i}", "label": text, "type": t} for i, t in enumerate(types)],
    }


def case(*args, **kwargs):
    return validate_case(case_dict(*args, **kwargs))


def test_suppression_threshold_is_three() -> None:
    assert MIN_CASES == 3
    assert [suppressed(n) for n in range(5)] == [None, None, None, 3, 4]


def test_fewer_than_three_cases_show_no_count_at_all() -> None:
    for count in (0, 1, 2):
        result = case_demand([case() for _ in range(count)], HOLMESTRAND, ["skole"])
        assert result["cases"] is None
        assert result["gaps"] == []
        assert result["used"] == [
            {"type": "skole", "label": result["used"][0]["label"], "cases": None}
        ]
        assert demand_lines(result) == [
            "  Hva sakene etterspør: under 3 saker (tallene vises ikke)"
        ]


def test_counts_must_and_should_gaps_per_case_and_hides_small_ones() -> None:
    # three pupils lacking barnevern (should), and two in serious concern (must)
    cases = [case(["skole"]) for _ in range(3)]
    cases += [case(["skole"], situation=["pupil", "serious_concern"]) for _ in range(2)]
    result = case_demand(cases, HOLMESTRAND, ["skole", "barnevern"])
    assert result["cases"] == 5
    rows = {row["type"]: row for row in result["gaps"]}
    expected: dict[str, dict[str, int]] = {}
    for one in cases:
        for gap in analyse_case(one)["gaps"]:
            if gap["level"] in ("must", "should"):
                expected.setdefault(gap["type"], {"must": 0, "should": 0})[gap["level"]] += 1
    assert expected, "the cases should lack something"
    for type_key, counts in expected.items():
        shown = {level: (n if n >= 3 else None) for level, n in counts.items()}
        if shown == {"must": None, "should": None}:
            assert type_key not in rows  # nothing to show for this type
        else:
            assert {"must": rows[type_key]["must"], "should": rows[type_key]["should"]} == shown
    # the two serious-concern cases lack politi as a must: hidden (2 < 3)
    assert expected["politi"]["must"] == 2
    assert rows["politi"]["must"] is None and rows["politi"]["should"] == 3
    assert {u["type"]: u["cases"] for u in result["used"]} == {"skole": 5, "barnevern": None}


def test_only_the_municipalitys_own_cases_count() -> None:
    cases = [case(number="3905") for _ in range(5)] + [case(number=None) for _ in range(5)]
    cases += [case() for _ in range(2)]
    result = case_demand(cases, HOLMESTRAND, ["skole"])
    assert result["cases"] is None
    assert result["used"][0]["cases"] is None
    assert case_demand(cases, "3905", ["skole"])["cases"] == 5


def test_no_text_from_any_case_reaches_the_counts_or_the_command_line_text() -> None:
    used = []
    cases = []
    for hostile in HOSTILE:
        try:
            cases.append(case(["skole"], text=hostile.text))
        except InvalidFileError:
            continue
        used.append(hostile.text)
    assert len(used) >= 20
    result = case_demand(cases, HOLMESTRAND, ["skole", "barnevern"])
    assert result["cases"] == len(cases)
    out = json.dumps(result, ensure_ascii=False) + "\n".join(demand_lines(result))
    for text in used:
        assert text not in out
        assert json.dumps(text, ensure_ascii=False)[1:-1] not in out
    assert set(result) == {"format", "municipality", "min_cases", "cases", "gaps", "used"}
    for row in result["gaps"]:
        assert set(row) == {"type", "label", "must", "should"}
    for row in result["used"]:
        assert set(row) == {"type", "label", "cases"}


# --------------------------------------------------------------------------- repository
ANNE = Actor("sub-anne", "Anne Eier")
BJORN = Actor("sub-bjorn", "Bjørn Utenfor")


def test_stored_cases_read_only_the_municipalitys_valid_cases(repo) -> None:
    for index in range(4):
        repo.create("case", case_dict(text=f"Sak {index}"))
    repo.create("case", case_dict(number="3905"))
    found = stored_cases(repo, HOLMESTRAND)
    assert len(found.cases) == 4 and found.unreadable == 0 and not found.truncated
    limited = stored_cases(repo, HOLMESTRAND, limit=2)
    assert limited.truncated and len(limited.cases) <= 2


def test_stored_cases_in_team_mode_count_only_what_the_user_may_see(engine, clock) -> None:
    anne = Repository(engine, clock=clock, actor=ANNE)
    anne.record_login()
    bjorn = Repository(engine, clock=clock, actor=BJORN)
    bjorn.record_login()
    for index in range(3):
        anne.create("case", case_dict(text=f"Annes sak {index}"))
    assert len(stored_cases(anne, HOLMESTRAND).cases) == 3
    assert stored_cases(bjorn, HOLMESTRAND).cases == []


# --------------------------------------------------------------------------- command line
def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def write_cases(folder: Path, dicts: list[dict]) -> Path:
    folder.mkdir(exist_ok=True)
    for index, content in enumerate(dicts):
        (folder / f"sak{index}.json").write_text(json.dumps(content), encoding="utf-8")
    return folder


def test_cli_json_has_case_demand_per_municipality(tmp_path, capsys) -> None:
    secret = "Hemmelig Hansen <script>"
    folder = write_cases(tmp_path / "saker", [case_dict(text=secret) for _ in range(4)])
    code, out, err = run(capsys, "coverage", EXAMPLE, "--cases", folder, "--json")
    assert code == 0, err
    entry = json.loads(out)["municipalities"][0]
    assert entry["case_demand"] == case_demand(
        [case(text=secret) for _ in range(4)],
        HOLMESTRAND,
        [a["type"] for a in json.loads(EXAMPLE.read_text(encoding="utf-8"))["actors"]],
    )
    assert entry["case_demand"]["cases"] == 4
    assert secret not in out and "Hemmelig" not in out


def test_cli_text_has_a_short_section_and_hides_small_counts(tmp_path, capsys) -> None:
    folder = write_cases(tmp_path / "saker", [case_dict() for _ in range(2)])
    code, out, _ = run(capsys, "coverage", EXAMPLE, "--cases", folder)
    assert code == 0
    assert "Hva sakene etterspør: under 3 saker (tallene vises ikke)" in out
    folder = write_cases(tmp_path / "flere", [case_dict() for _ in range(3)])
    code, out, _ = run(capsys, "coverage", EXAMPLE, "--cases", folder)
    assert "Hva sakene etterspør (3 saker; tall under 3 vises ikke):" in out
    assert "    Brukt Skole: i 3 saker" in out
    assert "    Brukt Barneverntjenesten: i under 3 saker" in out


def test_cli_without_cases_has_no_case_demand(capsys) -> None:
    code, out, _ = run(capsys, "coverage", EXAMPLE, "--json")
    assert code == 0 and "case_demand" not in out


def test_cli_refuses_an_invalid_case_file_with_exit_2_and_nothing_on_stdout(
    tmp_path, capsys
) -> None:
    folder = write_cases(tmp_path / "saker", [case_dict() for _ in range(3)])
    (folder / "ødelagt.json").write_text("{ikke json", encoding="utf-8")
    code, out, err = run(capsys, "coverage", EXAMPLE, "--cases", folder, "--json")
    assert code == 2 and out == ""
    assert "ødelagt.json" in err and "Traceback" not in err


def test_cli_refuses_a_missing_case_folder(tmp_path, capsys) -> None:
    code, out, err = run(capsys, "coverage", EXAMPLE, "--cases", tmp_path / "finnes-ikke")
    assert code == 2 and out == ""
    assert "finner ikke mappen med saksfiler" in err
