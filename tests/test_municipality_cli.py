"""``tverrkart coverage FILE_OR_DIR... [--json]`` (FORMATS.md §3.2).

An invalid file gives exit 2, nothing on standard output and one line per problem on
standard error; valid files give exit 0 and the report.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from graph.cli import main
from tests.conftest import ROOT

EXAMPLE = ROOT / "data" / "municipalities" / "examples" / "holmestrand.json"
CONSOLE_SCRIPT = Path(sys.executable).with_name("tverrkart")


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def write(path: Path, raw: dict | str) -> Path:
    path.write_text(raw if isinstance(raw, str) else json.dumps(raw), encoding="utf-8")
    return path


def minimal(number: str, actors=()) -> dict:
    return {"format": "tverrkart-municipality/1", "kommunenummer": number, "actors": list(actors)}


def test_json_output_follows_section_3_2(capsys) -> None:
    code, out, err = run(capsys, "coverage", EXAMPLE, "--json")
    assert (code, err) == (0, "")
    report = json.loads(out)
    assert report["format"] == "tverrkart-coverage/1"
    [entry] = report["municipalities"]
    assert entry["kommunenummer"] == "3903" and entry["name"] == "Holmestrand"
    assert entry["score"] == 0.83
    assert "slt_koordinator" in entry["present"] and "barnevern" in entry["present"]
    assert all({"type", "level", "reason"} <= set(m) for m in entry["missing"])
    assert entry["regional"]["politidistrikt"] == "Sør-Øst politidistrikt"
    assert entry["regional"]["rvts"].endswith("(usikker)")


def test_text_output_in_norwegian(capsys) -> None:
    code, out, err = run(capsys, "coverage", EXAMPLE)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "3903 Holmestrand (Vestfold): dekning 83 %"
    assert "Aktører som mangler: Frivillige, tros- og livssynssamfunn og fritid (bør)" in lines[1]
    assert any(line.startswith("  Strukturer som mangler: Mentorordning (kan)") for line in lines)
    assert "RVTS Sør (usikker)" in lines[-1]


def test_many_files_and_a_folder_in_the_order_given(tmp_path, capsys) -> None:
    folder = tmp_path / "mappe"
    folder.mkdir()
    write(folder / "b.json", minimal("0301"))
    write(folder / "a.json", minimal("1508"))
    (folder / "ikke-json.txt").write_text("x")
    code, out, _ = run(capsys, "coverage", EXAMPLE, folder, "--json")
    assert code == 0
    numbers = [m["kommunenummer"] for m in json.loads(out)["municipalities"]]
    assert numbers == ["3903", "1508", "0301"]


def test_an_invalid_file_among_good_ones_gives_exit_2_and_nothing_on_stdout(tmp_path, capsys):
    good = shutil.copy(EXAMPLE, tmp_path / "god.json")
    bad = write(
        tmp_path / "feil.json",
        minimal("3803", [{"id": "x", "type": "skol", "label": "Skole"}]),
    )
    code, out, err = run(capsys, "coverage", good, bad, "--json")
    assert (code, out) == (2, "")
    lines = err.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{bad}: kommunenummer: 3803 er et kommunenummer fra før 2024")
    assert (
        lines[1]
        == f"{bad}: actors[0].type: «skol» er ikke en aktørtype i katalogen. Mente du «skole»?"
    )
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{", "ikke gyldig JSON"),
        (json.dumps({"format": "tverrkart-case/1", "person": {"alias": "A"}}), "saksfil"),
        (json.dumps(minimal("9999")), "«9999» er ikke et kommunenummer"),
    ],
)
def test_each_kind_of_bad_file_is_named(tmp_path, capsys, content: str, expected: str) -> None:
    bad = write(tmp_path / "fil.json", content)
    code, out, err = run(capsys, "coverage", bad)
    assert (code, out) == (2, "")
    assert expected in err and err.startswith(f"{bad}: ")


def test_a_missing_path_and_an_empty_folder(tmp_path, capsys) -> None:
    empty = tmp_path / "tom"
    empty.mkdir()
    code, out, err = run(capsys, "coverage", tmp_path / "finnes-ikke.json", empty)
    assert (code, out) == (2, "")
    assert "finner ikke filen eller mappen" in err
    assert "mappen inneholder ingen .json-filer" in err


def test_no_argument_is_a_usage_error_in_norwegian(capsys) -> None:
    code, out, err = run_usage(capsys)
    assert code == 2 and out == ""
    assert "disse argumentene mangler" in err


def run_usage(capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as raised:
        main(["coverage"])
    out, err = capsys.readouterr()
    return raised.value.code, out, err


@pytest.mark.skipif(not CONSOLE_SCRIPT.exists(), reason="console script not installed")
def test_the_console_script_runs_coverage() -> None:
    done = subprocess.run(
        [str(CONSOLE_SCRIPT), "coverage", str(EXAMPLE), "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["municipalities"][0]["kommunenummer"] == "3903"
