"""Issue 15, part 7: ``tverrkart export`` to every format and ``tverrkart import``.

The same contract as the rest of the command line (FORMATS.md §3): exit 2 on an
invalid file, one Norwegian line per problem on standard error, nothing on standard
output, no traceback, and no file written.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from graph.cli import main
from graph.format.validation import load_case_bytes
from graph.interop.export import EXPORT_FORMATS
from tests.interop_support import EXAMPLE_IDS, EXAMPLES

MAGIC = {
    "json": b"{",
    "html": b"<!DOCTYPE html>",
    "graphml": b"<?xml",
    "gexf": b"<?xml",
    "csv": b"PK",
    "xlsx": b"PK",
    "pdf": b"%PDF",
    "svg": b"<svg",
}


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_every_format_the_issue_names_is_offered() -> None:
    assert set(EXPORT_FORMATS) == set(MAGIC)


@pytest.mark.parametrize("to", sorted(MAGIC))
@pytest.mark.parametrize("example", EXAMPLES, ids=EXAMPLE_IDS)
def test_every_example_exports_to_every_format(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, example, to: str
) -> None:
    target = tmp_path / f"ut.{to}"
    code, out, err = run(capsys, "export", example.path, "--to", to, "-o", target)
    assert (code, out) == (0, ""), err
    assert err == f"Skrev {target} ({to})\n"
    assert target.read_bytes().startswith(MAGIC[to])


def test_a_workbook_exported_imports_back_to_the_same_case(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    example = EXAMPLES[0]
    sheet = tmp_path / "sak.xlsx"
    assert run(capsys, "export", example.path, "--to", "xlsx", "-o", sheet)[0] == 0
    target = tmp_path / "sak.json"
    code, out, err = run(capsys, "import", sheet, "-o", target)
    assert (code, out) == (0, ""), err
    assert load_case_bytes(target.read_bytes()) == example.load()


def test_binary_formats_go_to_standard_output_too(capfdbinary) -> None:
    assert main(["export", str(EXAMPLES[0].path), "--to", "csv", "-o", "-"]) == 0
    data = capfdbinary.readouterr().out
    assert zipfile.ZipFile(io.BytesIO(data)).namelist() == ["sak-noder.csv", "sak-kanter.csv"]


def _sheet(path: Path, actors: list[list], ties: list[list] | None = None) -> Path:
    book = openpyxl.Workbook()
    book.active.title = "Aktører"
    for row in actors:
        book.active.append(row)
    if ties is not None:
        sheet = book.create_sheet("Bånd")
        for row in ties:
            sheet.append(row)
    book.save(path)
    return path


def test_an_invalid_sheet_gives_exit_2_one_line_per_problem_and_no_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    sheet = _sheet(
        tmp_path / "liste.xlsx",
        [["Navn", "Type"], ["Mor", "Foreldre"], ["Skole", "skolle"]],
        [["Fra", "Til", "Type"], ["person", "Onkel", "Støtte"]],
    )
    target = tmp_path / "sak.json"
    code, out, err = run(capsys, "import", sheet, "-o", target)
    assert (code, out) == (2, "")
    lines = err.splitlines()
    assert len(lines) == 3, err
    assert all(line.startswith(f"{sheet}: ark «") for line in lines)
    assert "rad 2, kolonne «Type»: «Foreldre» er ikke en aktørtype" in lines[0]
    assert "Traceback" not in err
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["liste.xlsx"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [(b"not a zip", "ikke en Excel-arbeidsbok"), (None, "finner ikke filen")],
    ids=["not-xlsx", "missing"],
)
def test_a_sheet_that_cannot_be_read_is_refused_in_norwegian(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes | None, expected: str
) -> None:
    sheet = tmp_path / "liste.xlsx"
    if content is not None:
        sheet.write_bytes(content)
    code, out, err = run(capsys, "import", sheet, "-o", tmp_path / "sak.json")
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1 and expected in err
    assert not (tmp_path / "sak.json").exists()


def test_a_good_sheet_becomes_a_valid_case_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    sheet = _sheet(
        tmp_path / "liste.xlsx",
        [["Label", "Type"], ["Mor", "foresatte"], ["SLT", "slt_koordinator"]],
        [["From", "To", "Type"], ["person", "Mor", "support"], ["SLT", "Mor", "collaboration"]],
    )
    target = tmp_path / "sak.json"
    assert run(capsys, "import", sheet, "-o", target)[0] == 0
    raw = json.loads(target.read_text(encoding="utf-8"))
    assert raw["title"] == "liste" and raw["person"] == {"alias": "Personen"}
    assert [a["id"] for a in raw["actors"]] == ["mor", "slt"]
    assert len(raw["ties"]) == 2
    assert main(["validate", str(target)]) == 0


def test_export_of_a_pdf_without_weasyprint_says_so_in_norwegian(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "weasyprint", None)
    target = tmp_path / "ark.pdf"
    code, out, err = run(capsys, "export", EXAMPLES[0].path, "--to", "pdf", "-o", target)
    assert (code, out) == (1, "")
    assert err.startswith("tverrkart: PDF kan ikke lages") and len(err.splitlines()) == 1
    assert not target.exists()
