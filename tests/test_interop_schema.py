"""Issue 15, part 6: the published JSON Schema, its docs page, and every file against it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from graph.analysis import analyse_case
from graph.cli import main
from graph.format.validation import load_any_bytes
from graph.interop.export import export_json
from graph.interop.schema import SCHEMAS, json_schema, schema_markdown
from graph.interop.xlsx_in import load_case_xlsx
from graph.interop.xlsx_out import case_xlsx
from graph.municipality.coverage import compute_coverage, coverage_report
from tests.interop_support import EXAMPLE_IDS, EXAMPLES, hostile_case

ROOT = Path(__file__).resolve().parent.parent
MUNICIPALITY_EXAMPLES = sorted((ROOT / "data" / "municipalities" / "examples").glob("*.json"))


def validator(kind: str) -> jsonschema.Draft202012Validator:
    schema = json_schema(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def errors(kind: str, value) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator(kind).iter_errors(value)]


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_the_command_prints_each_schema(kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", kind]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json_schema(kind)
    jsonschema.Draft202012Validator.check_schema(printed)


def test_the_docs_page_is_the_schema_of_the_code() -> None:
    page = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    assert page == schema_markdown(), (
        "docs/schema.md er ikke lik skjemaet i koden: "
        "kjør «python -m graph.interop.schema > docs/schema.md»"
    )


@pytest.mark.parametrize("example", EXAMPLES, ids=EXAMPLE_IDS)
def test_every_example_and_every_file_written_from_it_fits(example) -> None:
    raw = json.loads(example.path.read_text(encoding="utf-8"))
    assert errors("case", raw) == []
    case = example.load()
    assert errors("case", json.loads(export_json(case))) == []
    analysis = analyse_case(case)
    assert errors("analysis", analysis) == []
    imported = load_case_xlsx(case_xlsx(case, analysis))
    assert errors("case", json.loads(export_json(imported))) == []


def test_the_hostile_case_fits_as_written() -> None:
    assert errors("case", json.loads(export_json(hostile_case()))) == []


@pytest.mark.parametrize("path", MUNICIPALITY_EXAMPLES, ids=lambda p: p.stem)
def test_every_municipality_example_and_its_coverage_fits(path: Path) -> None:
    assert errors("municipality", json.loads(path.read_text(encoding="utf-8"))) == []
    municipality = load_any_bytes(path.read_bytes())
    assert errors("coverage", coverage_report([compute_coverage(municipality)])) == []


def test_the_schema_refuses_what_the_models_refuse() -> None:
    raw = json.loads(EXAMPLES[0].path.read_text(encoding="utf-8"))
    raw["actors"][0]["closeness"] = 7
    raw["ties"][0]["kind"] = "friendship"
    del raw["person"]
    found = errors("case", raw)
    assert len(found) == 3, found
    assert errors("analysis", {"format": "tverrkart-analysis/1"}) != []
