"""Tests for the ``tverrkart`` command line (FORMATS.md §3).

Most tests call :func:`graph.cli.main` in-process (fast); a few run the installed
console script in a subprocess to prove the entry point works.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from graph.cli import main
from graph.format.validation import load_case_bytes
from graph.interop.graphml import read_graphml_graph
from graph.render.assets import vis_network_js

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "data" / "examples").glob("*.json"))
EXAMPLE_IDS = [p.stem for p in EXAMPLES]
CONSOLE_SCRIPT = Path(sys.executable).with_name("tverrkart")

MUNICIPALITY = {
    "format": "tverrkart-municipality/1",
    "kommunenummer": "3903",
    "actors": [{"id": "slt", "type": "slt_koordinator", "label": "SLT-koordinator"}],
    "structures": {"politirad": True},
    "measures": [{"what": "Evaluering", "responsible": ["slt"]}],
}

WRONG_TYPES = {
    "format": "tverrkart-case/1",
    "person": {"alias": "A", "age": "16"},
    "actors": [{"id": "mor", "label": "Mor", "type": "foresatte", "closeness": 0}],
    "ties": [{"from": "person", "to": "mor", "kind": "love"}],
}
"""Three problems: person.age, actors[0].closeness, ties[0].kind."""


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def raw_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_there_are_examples() -> None:
    assert len(EXAMPLES) >= 4


# --------------------------------------------------------------------------- invalid files


def _write(directory: Path, name: str, data: bytes) -> Path:
    path = directory / name
    path.write_bytes(data)
    return path


INVALID_FILES = {
    "bad-json": (b'{"format": "tverrkart-case/1",\n "person": }', "JSON", 1),
    "not-utf8": (
        '{"format": "tverrkart-case/1", "person": {"alias": "Ø"}}'.encode("latin-1"),
        "UTF-8",
        1,
    ),
    "list": (b"[1, 2]", "JSON-objekt", 1),
    "wrong-types": (json.dumps(WRONG_TYPES).encode(), "heltall", 3),
    "empty": (b"", "JSON", 1),
    # Issue 9, finding 9: these crashed every reader (exit 1, «uventet feil») or
    # silently became infinity.
    "5000-digit-number": (
        b'{"format": "tverrkart-case/1", "person": {"alias": "A", "age": ' + b"1" * 5000 + b"}}",
        "høyst 100 tegn i et tall",
        1,
    ),
    "1e999": (
        b'{"format": "tverrkart-case/1", "person": {"alias": "A"}, "x": 1e999}',
        "for stort",
        1,
    ),
    "huge-float": (
        b'{"format": "tverrkart-case/1", "person": {"alias": "A"}, "x": -9' + b"9" * 400 + b".5}",
        "høyst 100 tegn",
        1,
    ),
    # Finding 10: a control character GraphML cannot hold.
    "control-character": (
        json.dumps(
            {
                "format": "tverrkart-case/1",
                "person": {"alias": "A"},
                "actors": [{"id": "mor", "label": "Mor\u0001", "type": "foresatte"}],
            }
        ).encode(),
        "kontrolltegn (U+0001)",
        1,
    ),
    # Finding 7: the number written as people write it, and as a JSON number.
    "fnr-with-dots": (
        json.dumps(
            {"format": "tverrkart-case/1", "title": "15.03.85\u00a010190", "person": {"alias": "A"}}
        ).encode(),
        "fødselsnummer",
        1,
    ),
    "fnr-as-float": (
        b'{"format": "tverrkart-case/1", "person": {"alias": "A"}, "fnr": 15038510190.0}',
        "fødselsnummer",
        1,
    ),
}


@pytest.fixture(params=[*INVALID_FILES, "missing", "directory"])
def invalid_file(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str, int]:
    """(path, a word the error must contain, number of problem lines)."""
    if request.param == "missing":
        return tmp_path / "finnes-ikke.json", "finner ikke", 1
    if request.param == "directory":
        folder = tmp_path / "mappe.json"
        folder.mkdir()
        return folder, "mappe", 1
    data, word, count = INVALID_FILES[request.param]
    return _write(tmp_path, f"{request.param}.json", data), word, count


def assert_refused(path: Path, code: int, out: str, err: str, word: str, count: int) -> None:
    assert code == 2
    assert out == ""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == count, err
    for line in lines:
        assert line.startswith(f"{path}: "), line
    assert word.lower() in err.lower(), err


# --------------------------------------------------------------------------- validate


@pytest.mark.parametrize("example", EXAMPLES, ids=EXAMPLE_IDS)
def test_validate_accepts_every_example(capsys: pytest.CaptureFixture[str], example: Path) -> None:
    code, out, err = run(capsys, "validate", example)
    assert code == 0
    assert out.startswith(f"{example}: gyldig saksfil"), out
    assert len(out.splitlines()) == 1
    assert err == ""


def test_validate_accepts_a_municipality_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _write(tmp_path, "kommune.json", json.dumps(MUNICIPALITY).encode())
    code, out, _ = run(capsys, "validate", path)
    assert code == 0
    assert "gyldig kommunefil" in out and "3903" in out


def test_validate_refuses_invalid_files(
    capsys: pytest.CaptureFixture[str], invalid_file: tuple[Path, str, int]
) -> None:
    path, word, count = invalid_file
    code, out, err = run(capsys, "validate", path)
    assert_refused(path, code, out, err, word, count)


def test_validate_names_every_problem_with_its_path(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _write(tmp_path, "sak.json", json.dumps(WRONG_TYPES).encode())
    _, _, err = run(capsys, "validate", path)
    paths = [line.split(": ")[1] for line in err.splitlines()]
    assert paths == ["person.age", "actors[0].closeness", "ties[0].kind"]


def test_validate_refuses_deeply_nested_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _write(tmp_path, "dyp.json", b"[" * 100_000 + b"]" * 100_000)
    code, out, err = run(capsys, "validate", path)
    assert_refused(path, code, out, err, "JSON", 1)


# --------------------------------------------------------------------------- analyse


@pytest.mark.parametrize("example", EXAMPLES, ids=EXAMPLE_IDS)
def test_analyse_json_for_every_example(capsys: pytest.CaptureFixture[str], example: Path) -> None:
    code, out, _ = run(capsys, "analyse", example, "--json")
    assert code == 0
    result = json.loads(out)
    raw = raw_json(example)
    assert result["format"] == "tverrkart-analysis/1"
    coordinator = result["coordinator"]
    assert coordinator["status"] in {"ok", "missing", "multiple"}
    expected_ids = [a["id"] for a in raw["actors"] if a.get("coordinator")]
    assert coordinator["ids"] == expected_ids
    expected_status = {0: "missing", 1: "ok"}.get(len(expected_ids), "multiple")
    assert coordinator["status"] == expected_status
    assert result["metrics"]["size"] == len(raw["actors"])


def test_ung_nett_has_no_coordinator(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "analyse", ROOT / "data" / "examples" / "ung-nett.json", "--json")
    assert code == 0
    coordinator = json.loads(out)["coordinator"]
    assert coordinator["status"] == "missing"
    assert coordinator["ids"] == []


def test_analyse_reports_multiple_coordinators(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    raw = raw_json(EXAMPLES[0])
    for actor in raw["actors"][:2]:
        actor["coordinator"] = True
    path = _write(tmp_path, "to.json", json.dumps(raw, ensure_ascii=False).encode())
    _, out, _ = run(capsys, "analyse", path, "--json")
    assert json.loads(out)["coordinator"]["status"] == "multiple"


@pytest.mark.parametrize("example", EXAMPLES, ids=EXAMPLE_IDS)
def test_analyse_text_is_norwegian(capsys: pytest.CaptureFixture[str], example: Path) -> None:
    code, out, _ = run(capsys, "analyse", example)
    assert code == 0
    assert "Koordinator" in out
    assert "aktører" in out
    assert f": {len(raw_json(example)['actors'])}" in out
    with pytest.raises(json.JSONDecodeError):
        json.loads(out)


def test_analyse_refuses_invalid_files(
    capsys: pytest.CaptureFixture[str], invalid_file: tuple[Path, str, int]
) -> None:
    path, word, count = invalid_file
    code, out, err = run(capsys, "analyse", path, "--json")
    assert_refused(path, code, out, err, word, count)


def test_analyse_refuses_a_municipality_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _write(tmp_path, "kommune.json", json.dumps(MUNICIPALITY).encode())
    code, out, err = run(capsys, "analyse", path)
    assert_refused(path, code, out, err, "kommunefil", 1)


# --------------------------------------------------------------------------- export


@pytest.mark.parametrize("example", EXAMPLES, ids=EXAMPLE_IDS)
def test_export_json_round_trips(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, example: Path
) -> None:
    target = tmp_path / "ut.json"
    code, out, err = run(capsys, "export", example, "--to", "json", "-o", target)
    assert code == 0, err
    assert out == ""
    data = target.read_bytes()
    load_case_bytes(data)  # re-validates
    assert json.loads(data.decode("utf-8")) == raw_json(example)


@pytest.mark.parametrize("example", EXAMPLES, ids=EXAMPLE_IDS)
def test_export_html_is_one_offline_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, example: Path
) -> None:
    target = tmp_path / "kart.html"
    code, _, err = run(capsys, "export", example, "--to", "html", "-o", target)
    assert code == 0, err
    assert [p.name for p in tmp_path.iterdir()] == ["kart.html"]
    html = target.read_text(encoding="utf-8")
    lowered = html.lower()
    assert "<link" not in lowered
    assert 'src="http' not in lowered and "src='http" not in lowered
    library_head = vis_network_js()[:400]
    assert html.count(library_head) == 1, "vis-network must be inlined exactly once"
    assert "new vis.Network(" in html
    assert "window.tverrkart = hook" in html  # the map script is inlined too
    for actor in raw_json(example)["actors"]:
        assert f'"{actor["id"]}"' in html, actor["id"]


@pytest.mark.parametrize("example", EXAMPLES, ids=EXAMPLE_IDS)
def test_export_graphml_reads_back_with_types(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, example: Path
) -> None:
    target = tmp_path / "kart.graphml"
    code, _, err = run(capsys, "export", example, "--to", "graphml", "-o", target)
    assert code == 0, err
    graph = read_graphml_graph(target.read_bytes())  # networkx refuses mixed graphs
    raw = raw_json(example)
    assert graph.number_of_nodes() == len(raw["actors"]) + 1
    assert graph.number_of_edges() == len(raw["ties"])
    assert "person" in graph
    for actor in raw["actors"]:
        node = graph.nodes[actor["id"]]
        assert node["label"] == actor["label"]
        assert node["type"] == actor["type"]
        assert type(node["coordinator"]) is bool
        assert node["coordinator"] is bool(actor.get("coordinator", False))
        assert type(node["x"]) is float and type(node["y"]) is float
        if "closeness" in actor:
            assert type(node["closeness"]) is int
            assert node["closeness"] == actor["closeness"]
        else:
            assert "closeness" not in node
    for u, v, data in graph.edges(data=True):
        assert type(data["info_sharing"]) is bool
        assert any(
            t["from"] == u and t["to"] == v and t["kind"] == data["kind"] for t in raw["ties"]
        )


def test_export_graphml_keeps_parallel_ties(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    raw = {
        "format": "tverrkart-case/1",
        "person": {"alias": "A"},
        "actors": [{"id": "mor", "label": "Mor", "type": "foresatte"}],
        "ties": [
            {"from": "person", "to": "mor", "kind": "support"},
            {"from": "person", "to": "mor", "kind": "conflict"},
            {"from": "mor", "to": "person", "kind": "risk"},
        ],
    }
    source = _write(tmp_path, "sak.json", json.dumps(raw).encode())
    target = tmp_path / "kart.graphml"
    assert run(capsys, "export", source, "--to", "graphml", "-o", target)[0] == 0
    graph = read_graphml_graph(target.read_bytes())  # networkx refuses mixed graphs
    assert sorted(kind for _, _, kind in graph.edges(data="kind")) == [
        "conflict",
        "risk",
        "support",
    ]


@pytest.mark.parametrize("to", ["json", "html", "graphml"])
def test_export_of_an_invalid_file_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, to: str
) -> None:
    source = _write(tmp_path, "sak.json", json.dumps(WRONG_TYPES).encode())
    target = tmp_path / f"ut.{to}"
    code, out, err = run(capsys, "export", source, "--to", to, "-o", target)
    assert_refused(source, code, out, err, "heltall", 3)
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sak.json"]


def test_export_of_an_invalid_file_keeps_an_existing_output(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = _write(tmp_path, "sak.json", b"{ikke json")
    target = _write(tmp_path, "ut.json", b'{"gammel": true}\n')
    code, out, _ = run(capsys, "export", source, "--to", "json", "-o", target)
    assert code == 2 and out == ""
    assert target.read_bytes() == b'{"gammel": true}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sak.json", "ut.json"]


def test_export_to_a_missing_folder_fails_in_norwegian(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "finnes-ikke" / "ut.json"
    code, out, err = run(capsys, "export", EXAMPLES[0], "--to", "json", "-o", target)
    assert code == 1
    assert out == ""
    assert "kan ikke skrives" in err and "Traceback" not in err


# --------------------------------------------------------------------------- usage errors


@pytest.mark.parametrize(
    ("argv", "word"),
    [
        ([], "mangler"),
        (["valider", "x.json"], "ugyldig valg"),
        (["validate"], "mangler"),
        (["export", "sak.json", "--to", "docx", "-o", "ut.docx"], "ugyldig valg"),
        (["export", "sak.json", "--to", "json"], "mangler"),
        (["analyse", "sak.json", "--ukjent"], "ukjente argumenter"),
    ],
    ids=["no-command", "bad-command", "no-file", "bad-to", "no-output", "unknown-option"],
)
def test_usage_errors_exit_2_in_norwegian(
    capsys: pytest.CaptureFixture[str], argv: list[str], word: str
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    out, err = capsys.readouterr()
    assert caught.value.code == 2
    assert out == ""
    assert word in err
    assert "Skriv «tverrkart" in err and "--help»" in err
    assert "Traceback" not in err
    for english in ("invalid choice", "required", "unrecognized", "expected one"):
        assert english not in err


# --------------------------------------------------------------------------- console script


def _console(*argv: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CONSOLE_SCRIPT), *map(str, argv)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        timeout=60,
        check=False,
    )


def test_console_script_is_installed() -> None:
    assert CONSOLE_SCRIPT.is_file(), f"{CONSOLE_SCRIPT} is missing; run `pip install -e .`"


def test_console_script_validates_an_example(tmp_path: Path) -> None:
    example = ROOT / "data" / "examples" / "elev-utreise.json"
    result = _console("validate", example, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{example}: gyldig saksfil")


def test_console_script_refuses_an_invalid_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "sak.json", json.dumps(WRONG_TYPES).encode())
    result = _console("validate", path, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 3
    assert all(line.startswith(f"{path}: ") for line in result.stderr.splitlines())


@pytest.mark.parametrize("name", ["5000-digit-number", "1e999", "control-character"])
def test_console_script_refuses_unreadable_numbers_and_control_characters(
    tmp_path: Path, name: str
) -> None:
    data, word, _ = INVALID_FILES[name]
    path = _write(tmp_path, "sak.json", data)
    for argv in (["validate", path], ["export", path, "--to", "graphml", "-o", "ut.graphml"]):
        result = _console(*argv, cwd=tmp_path)
        assert (result.returncode, result.stdout) == (2, ""), result.stderr
        [line] = result.stderr.splitlines()
        assert line.startswith(f"{path}: ") and word in line, line
        assert "uventet" not in line and "Traceback" not in result.stderr
    assert not (tmp_path / "ut.graphml").exists()


def test_console_script_usage_error(tmp_path: Path) -> None:
    result = _console(cwd=tmp_path)
    assert result.returncode == 2
    assert "mangler" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("argv", [["--help"], ["export", "--help"]], ids=["main", "export"])
def test_help_is_norwegian(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    out, _ = capsys.readouterr()
    assert caught.value.code == 0
    for english in ("usage:", "options:", "positional arguments", "show this help"):
        assert english not in out


@pytest.mark.parametrize("number", [b"9" * 5000, b"1e999"], ids=["5000-digits", "1e999"])
def test_coverage_refuses_an_unreadable_number(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, number: bytes
) -> None:
    bad = _write(
        tmp_path,
        "feil.json",
        b'{"format": "tverrkart-municipality/1", "kommunenummer": "0301", "x": ' + number + b"}",
    )
    code, out, err = run(capsys, "coverage", bad)
    assert (code, out) == (2, "")
    [line] = err.splitlines()
    assert line.startswith(f"{bad}: ") and "linje 1" in line and "uventet" not in line
