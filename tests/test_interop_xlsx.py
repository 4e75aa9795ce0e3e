"""Issue 15, part 4: workbooks out and in, every problem at once, safe and bounded."""

from __future__ import annotations

import io
import time
import zipfile

import openpyxl
import pytest

from graph.analysis import analyse_case
from graph.format.limits import MAX_ACTORS
from graph.format.model import MunicipalityFile
from graph.format.validation import InvalidFileError, load_any_bytes
from graph.interop.workbook import MAX_WORKBOOK_BYTES
from graph.interop.xlsx_in import import_workbook, load_case_xlsx
from graph.interop.xlsx_out import case_xlsx, municipality_xlsx
from tests.interop_support import EXAMPLE_IDS, EXAMPLES, cr, hostile_case


def _content(data: bytes) -> dict[str, list[list]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {s.title: [[c.value for c in row] for row in s.iter_rows()] for s in book.worksheets}


def _book(sheets: dict[str, list[list]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("example", EXAMPLES, ids=EXAMPLE_IDS)
def test_case_workbook_has_the_sheets_and_reads_back_equal(example) -> None:
    case = example.load()
    first = case_xlsx(case, analyse_case(case))
    content = _content(first)
    assert list(content) == ["Sak", "Aktører", "Bånd", "Mangler", "Trinn"]
    assert len(content["Aktører"]) == len(case.actors) + 1
    assert len(content["Bånd"]) == len(case.ties) + 1
    assert len(content["Mangler"]) == len(analyse_case(case)["gaps"]) + 1
    back = load_case_xlsx(first)
    assert back == case
    again = case_xlsx(back, analyse_case(back))
    assert _content(again) == content


def test_no_user_text_becomes_a_formula() -> None:
    case = hostile_case()
    data = case_xlsx(case, analyse_case(case))
    archive = zipfile.ZipFile(io.BytesIO(data))
    for name in archive.namelist():
        if name.startswith("xl/worksheets/"):
            assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book["Sak"]["B2"].value == case.title
    assert book["Sak"]["B2"].data_type == "s"
    assert book["Sak"]["B2"].value.startswith("=HYPERLINK(")
    back = load_case_xlsx(data)
    # XML stores a carriage return as a line feed (the only change, in the «crlf» string).
    assert [cr(a.label) for a in back.actors] == [cr(a.label) for a in case.actors]
    assert (back.title, back.person, back.ties) == (case.title, case.person, case.ties)


def test_kumu_style_sheets_are_read() -> None:
    data = _book(
        {
            "Elements": [
                ["Label", "Type", "Description", "Tags"],
                ["Mor", "Foresatte", "Ringer ofte", "familie"],
                ["Kontaktlærer", "skole", None, None],
                ["SLT", "SLT-koordinator", None, None],
            ],
            "Connections": [
                ["From", "To", "Type"],
                ["Personen", "Mor", "Støtte"],
                ["SLT", "Kontaktlærer", "collaboration"],
                ["Kontaktlærer", "SLT", "Melding / henvisning"],
            ],
        }
    )
    result = import_workbook(data, title="Fra Kumu")
    assert result.problems == []
    case = result.case
    assert case.title == "Fra Kumu" and case.person.alias == "Personen"
    assert [(a.id, a.type) for a in case.actors] == [
        ("mor", "foresatte"),
        ("kontaktlærer", "skole"),
        ("slt", "slt_koordinator"),
    ]
    assert case.actors[0].model_extra == {"note": "Ringer ofte"}
    assert [(t.source, t.target, t.kind) for t in case.ties] == [
        ("person", "mor", "support"),
        ("slt", "kontaktlærer", "collaboration"),
        ("kontaktlærer", "slt", "referral"),
    ]


def test_every_problem_at_once_by_sheet_row_and_column_in_norwegian() -> None:
    data = _book(
        {
            "Aktører": [
                ["Navn", "Type", "Nærhet", "Koordinator"],
                ["Mor", "Foreldre", 1, "ja"],
                ["Skolen", "Skolle", 7, "kanskje"],
                [None, "venner", None, None],
            ],
            "Bånd": [
                ["Fra", "Til", "Type bånd", "Styrke"],
                ["person", "Mor", "Støtte", 2],
                ["person", "Onkel", "Stötte", None],
            ],
        }
    )
    result = import_workbook(data)
    assert result.case is None
    lines = [p.as_line("liste.xlsx") for p in result.problems]
    text = "\n".join(lines)
    assert "ark «Aktører», rad 2, kolonne «Type»: «Foreldre» er ikke en aktørtype" in text
    assert "ark «Aktører», rad 3, kolonne «Type»: «Skolle» er ikke en aktørtype" in text
    assert "Mente du: Skole" in text
    assert "ark «Aktører», rad 3, kolonne «Nærhet»: «7» må være 1, 2 eller 3" in text
    assert "ark «Aktører», rad 3, kolonne «Koordinator»: «kanskje» må være «Ja» eller «Nei»" in text
    assert "ark «Bånd», rad 3, kolonne «Til»: finner ingen aktør «Onkel»" in text
    assert "ark «Bånd», rad 3, kolonne «Type bånd»: «Stötte» er ikke en type bånd" in text
    assert "Mente du: Støtte" in text
    # The empty name of row 4 is found by validation and named by sheet, row and column.
    assert any(
        p.sheet == "Aktører" and p.row == 4 and p.column == "Navn" for p in result.problems
    ), lines
    assert all(line.startswith("liste.xlsx: ") for line in lines)
    assert len(lines) == len(set(lines))


def test_an_unknown_type_suggests_the_closest_catalogue_types() -> None:
    data = _book({"Aktører": [["Navn", "Type"], ["X", "barnevernet"]]})
    [problem] = import_workbook(data).problems
    assert "Mente du:" in problem.message and "Barnevern" in problem.message


def test_a_sheet_without_the_needed_columns_says_which() -> None:
    data = _book({"Aktører": [["Hvem", "Hva"], ["Mor", "foresatte"]]})
    [problem] = import_workbook(data).problems
    assert problem.row == 1 and "«Navn»" in problem.message and "«Type»" in problem.message


def test_a_workbook_without_an_actor_sheet_is_refused() -> None:
    data = _book({"Ark1": [["Navn", "Type"]]})
    [problem] = import_workbook(data).problems
    assert "fant ikke arket med aktører" in problem.message and "«Ark1»" in problem.message


def test_not_a_workbook_is_refused_in_norwegian() -> None:
    with pytest.raises(InvalidFileError) as refused:
        load_case_xlsx(b"Navn;Type\nMor;foresatte\n")
    assert "ikke en Excel-arbeidsbok" in refused.value.problems[0].message


def test_a_damaged_workbook_is_refused_in_norwegian() -> None:
    good = _book({"Aktører": [["Navn", "Type"], ["Mor", "foresatte"]]})
    source = zipfile.ZipFile(io.BytesIO(good))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            archive.writestr(item, data[:20] if item.filename == "xl/workbook.xml" else data)
    [problem] = import_workbook(buffer.getvalue()).problems
    assert "kan ikke leses" in problem.message


def test_too_many_rows_are_refused_without_reading_them_all() -> None:
    rows = [["Navn", "Type"]] + [[f"Venn {i}", "venner"] for i in range(MAX_ACTORS + 5000)]
    data = _book({"Aktører": rows})
    started = time.perf_counter()
    result = import_workbook(data)
    assert time.perf_counter() - started < 5
    [problem] = result.problems
    assert f"mer enn {MAX_ACTORS} aktører" in problem.message


def test_an_oversized_file_is_refused_before_it_is_opened() -> None:
    [problem] = import_workbook(b"PK" + b"\0" * (MAX_WORKBOOK_BYTES + 1)).problems
    assert "MB" in problem.message


def test_a_zip_bomb_is_refused_from_its_directory() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"<sst>" + b" " * (200 * 1024 * 1024) + b"</sst>")
    [problem] = import_workbook(buffer.getvalue()).problems
    assert "pakker seg ut" in problem.message


def test_entity_expansion_in_a_workbook_is_refused() -> None:
    good = _book({"Aktører": [["Navn", "Type"], ["Mor", "foresatte"]]})
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    )
    source = zipfile.ZipFile(io.BytesIO(good))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = laughs + data[data.index(b"<workbook") :]
            archive.writestr(item, data)
    [problem] = import_workbook(buffer.getvalue()).problems
    assert "entiteter" in problem.message and "sikkerhetsgrunner" in problem.message


def test_the_municipality_map_as_a_workbook() -> None:
    from pathlib import Path

    path = Path("data/municipalities/examples/holmestrand.json")
    municipality = load_any_bytes(path.read_bytes())
    assert isinstance(municipality, MunicipalityFile)
    content = _content(municipality_xlsx(municipality))
    assert list(content) == [
        "Aktører", "Strukturer", "Mangler", "Regionalt", "Tiltak", "Handlingsrute", "Merknader",
    ]  # fmt: skip
    assert len(content["Handlingsrute"]) == len(municipality.handling_route) + 1
    labels = {row[2] for row in content["Aktører"][1:]}
    assert labels == {a.label for a in municipality.actors}
    assert len(content["Tiltak"]) == len(municipality.measures) + 1


def _holmestrand() -> MunicipalityFile:
    from pathlib import Path

    path = Path("data/municipalities/examples/holmestrand.json")
    return load_any_bytes(path.read_bytes())


def test_the_municipality_workbook_reads_back_into_the_same_file() -> None:
    from graph.interop.xlsx_in import import_municipality_actors

    municipality = _holmestrand()
    result = import_municipality_actors(municipality_xlsx(municipality), municipality)
    assert result.problems == []
    assert result.municipality == municipality


def test_a_municipality_sheet_replaces_the_actors_and_names_every_problem() -> None:
    from graph.interop.xlsx_in import import_municipality_actors

    municipality = _holmestrand()
    data = _book(
        {
            "Aktører": [
                ["ID", "Navn", "Type", "Kontakt"],
                ["slt", "SLT-koordinator", "slt_koordinator", "478 92 261"],
                ["ny", "Helsestasjon for ungdom", "helse", None],
                ["x", "Noe", "Helsestasjonen", None],
            ]
        }
    )
    result = import_municipality_actors(data, municipality)
    assert result.municipality is None
    lines = [p.as_line() for p in result.problems]
    assert any("rad 4, kolonne «Type»: «Helsestasjonen»" in line for line in lines), lines
    # Measures of the file name actors the sheet no longer has: said too, at once.
    assert any("Tiltak" in line or "ansvarlig" in line for line in lines), lines


def test_the_case_sheet_fields_are_read_and_checked() -> None:
    data = _book(
        {
            "Sak": [
                ["Felt", "Verdi"],
                ["Tittel", "Møte 3"],
                ["Alias", "K"],
                ["Alder", "seksten"],
                ["Situasjon", "Elev i grunnskole eller videregående; online; reiser mye"],
                ["Ønsker individuell plan", "ja"],
            ],
            "Aktører": [["Navn", "Type"], ["Mor", "foresatte"]],
        }
    )
    problems = import_workbook(data).problems
    lines = [p.as_line() for p in problems]
    assert lines == [
        "ark «Sak», rad 4, kolonne «Verdi»: «seksten» må være en alder i hele år (0–120), "
        "eller stå tom.",
        "ark «Sak», rad 5, kolonne «Verdi»: «reiser mye» er ikke en situasjon Tverrkart kjenner.",
    ]
    fixed = _book(
        {
            "Sak": [["Felt", "Verdi"], ["Alias", "K"], ["Alder", 16], ["Situasjon", "pupil"]],
            "Aktører": [["Navn", "Type"], ["Mor", "foresatte"]],
        }
    )
    case = import_workbook(fixed).case
    assert (case.person.alias, case.person.age, case.person.situation) == ("K", 16, ["pupil"])
