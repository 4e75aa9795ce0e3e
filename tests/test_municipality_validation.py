"""Municipality files (FORMATS.md §2): unknown kommunenummer, and the Holmestrand example.

The example must stay faithful to seed 004 (Holmestrand's action plan): its contact
numbers, every row of the measures table in §6 with the right responsible actors, and
the structures the plan states — nothing the plan does not say.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest

from graph.format.messages import Problem
from graph.format.model import MunicipalityFile, municipality_to_dict
from graph.format.validation import InvalidFileError, load_any_bytes, validate_municipality
from graph.municipality.files import (
    folder_bytes,
    load_municipality_bytes,
    read_folder,
    read_many,
    shipped_files,
)
from tests.conftest import ROOT

EXAMPLE = ROOT / "data" / "municipalities" / "examples" / "holmestrand.json"
SEED_004 = ROOT.parent / "shared" / "seeds" / "004_9b23151b7efad976.txt"


def example() -> dict[str, Any]:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def refused(raw: Any) -> list[Problem]:
    with pytest.raises(InvalidFileError) as caught:
        validate_municipality(raw)
    return caught.value.problems


def minimal(number: str) -> dict[str, Any]:
    return {"format": "tverrkart-municipality/1", "kommunenummer": number}


# --------------------------------------------------------------------------- kommunenummer


def test_an_old_number_names_the_new_one() -> None:
    [problem] = refused(minimal("3803"))
    assert problem.json_path == "kommunenummer"
    assert problem.message == (
        "3803 er et kommunenummer fra før 2024: Tønsberg har nå 3905. Skriv 3905 i stedet."
    )


def test_the_split_alesund_number_names_both() -> None:
    [problem] = refused(minimal("1507"))
    assert "1508 Ålesund og 1580 Haram" in problem.message
    assert "Velg det som gjelder" in problem.message


def test_a_number_that_never_existed_says_where_to_look() -> None:
    [problem] = refused(minimal("9999"))
    assert "«9999» er ikke et kommunenummer" in problem.message
    assert "2024" in problem.message and "Kommunens aktørkart" in problem.message


def test_a_malformed_number_gives_one_problem_not_two() -> None:
    problems = refused(minimal("38031"))
    assert len(problems) == 1 and "fire sifre" in problems[0].message


@pytest.mark.parametrize("number", ["0301", "1508", "1580", "3903", "5636"])
def test_every_2024_number_is_accepted(number: str) -> None:
    assert validate_municipality(minimal(number)).kommunenummer == number


def test_the_problem_reads_plainly_in_the_app_and_on_the_command_line() -> None:
    [problem] = refused(minimal("3803"))
    assert problem.friendly_location() == "kommunenummer"
    assert problem.as_line("fil.json").startswith("fil.json: kommunenummer: 3803 er et")


def test_case_files_are_checked_against_the_2024_list_too() -> None:
    """FORMATS §1: a case's municipality is a 2024 kommunenummer."""
    case = {"format": "tverrkart-case/1", "municipality": "3903", "person": {"alias": "A"}}
    assert load_any_bytes(json.dumps(case).encode()).municipality == "3903"
    case["municipality"] = "3803"
    with pytest.raises(InvalidFileError) as refused_case:
        load_any_bytes(json.dumps(case).encode())
    [problem] = refused_case.value.problems
    assert problem.json_path == "municipality" and "3905" in problem.message


# --------------------------------------------------------------------------- reading many


def test_read_many_keeps_good_files_and_reports_bad_ones() -> None:
    good = EXAMPLE.read_bytes()
    loaded = read_many([("a.json", good), ("b.json", b"not json"), ("c.json", good)])
    assert [f.ok for f in loaded] == [True, False, True]
    assert "ikke gyldig JSON" in loaded[1].problems[0].message


def test_an_oversized_file_is_refused_unread() -> None:
    [loaded] = read_many([("stor.json", b" " * 1_000_001)])
    assert not loaded.ok and "større enn" in loaded.problems[0].message


def test_an_oversized_file_in_a_folder_is_refused_without_reading_it(tmp_path) -> None:
    (tmp_path / "a.json").write_bytes(EXAMPLE.read_bytes())
    (tmp_path / "stor.json").write_bytes(b" " * 1_000_001)
    assert [(name, data is None) for name, data in folder_bytes(tmp_path)] == [
        ("a.json", False),
        ("stor.json", True),
    ]
    good, big = read_folder(tmp_path)
    assert good.ok and not big.ok and "større enn" in big.problems[0].message


def test_a_folder_is_read_without_following_links_or_subfolders(tmp_path) -> None:
    (tmp_path / "a.json").write_bytes(EXAMPLE.read_bytes())
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.json").write_bytes(EXAMPLE.read_bytes())
    outside = tmp_path.parent / f"{tmp_path.name}-outside.json"
    outside.write_bytes(EXAMPLE.read_bytes())
    (tmp_path / "link.json").symlink_to(outside)
    (tmp_path / "notes.txt").write_text("x")
    assert [f.name for f in read_folder(tmp_path)] == ["a.json"]


# --------------------------------------------------------------------------- the example


def test_the_example_is_valid_and_round_trips_with_its_extra_keys() -> None:
    raw = example()
    municipality = validate_municipality(copy.deepcopy(raw))
    assert municipality_to_dict(municipality) == raw
    assert raw["kommunenummer"] == "3903"
    assert raw["source"]["seed"].startswith("seed-004")


def test_the_example_is_what_the_app_ships() -> None:
    [shipped] = shipped_files()
    assert shipped.ok and shipped.municipality == load_municipality_bytes(EXAMPLE.read_bytes())


def _actor(municipality: MunicipalityFile, actor_id: str):
    return next(a for a in municipality.actors if a.id == actor_id)


def test_the_example_has_the_plans_contact_numbers() -> None:
    municipality = validate_municipality(example())
    contacts = {a.id: a.contact for a in municipality.actors}
    assert contacts["slt"] == "478 92 261"
    assert contacts["barnevern"].startswith("954 42 020")
    assert contacts["hfu"] == "33 06 43 00 / 975 14 101"
    assert contacts["politiet"] == "02800"
    assert contacts["barnevernvakt"] == "33 31 02 03"
    assert contacts["legevakt"] == "116 117"
    assert contacts["krisesenter"] == "33 35 91 91"
    assert _actor(municipality, "hfu").type == "helse"
    assert _actor(municipality, "slt").type == "slt_koordinator"


# Every row of §6 «Tiltak i kommunen»: (what, responsible actor ids).
PLAN_MEASURES = [
    ("Oppfølging av nasjonal handlingsplan", ["ledergruppe", "slt"]),
    ("Forankre lokal handlingsplan", ["kommunestyret", "ledergruppe", "slt"]),
    ("Årlig evaluering av lokal handlingsplan", ["slt"]),
    ("Samarbeidsforum: Politiråd", ["politistasjonssjef", "ordforer"]),
    ("Drøfting av bekymring", ["slt", "politikontakt"]),
    (
        "Utvikle modell for systematisk avdekking og iverksetting av tiltak rettet mot "
        "risikogrupper og enkeltpersoner",
        ["slt"],
    ),
    ("Trygt og inkluderende læringsmiljø.", ["skoler"]),
    ("Undervisningsopplegg om radikaliserings og hatkriminalitet", ["skoler", "slt"]),
    ("Forebygging", ["slt", "nav", "politiet"]),
    ("Bekymrings-, avklarings- og oppfølgingssamtaler", ["politiet"]),
    ("Veiledning og informasjon til foresatte, ektefeller og familie", ["politiet"]),
    ("Ut av ekstreme nettverk og miljøer", ["politiet"]),
    ("Ungdomsoppfølging og ungdomsstraff", ["konfliktradet"]),
    ("Samfunnsstraff og fengsel", ["kriminalomsorgen"]),
    ("Lokal handlingsplan legges på kommunens hjemmeside", ["slt", "kommunikasjon"]),
    ("Kurs, fagsamling og opplæring for ansatte", ["politiet", "slt"]),
    ("Søke midler til kriminalitetsforebyggende arbeid.", ["slt"]),
    ("Presentere handlingsplanen for ansatte og politikere.", ["slt"]),
]


def test_the_example_has_every_measure_of_section_6_with_its_responsible() -> None:
    municipality = validate_municipality(example())
    assert [(m.what, m.responsible) for m in municipality.measures] == PLAN_MEASURES
    for measure in example()["measures"]:
        assert measure["ansvar"] and measure["goal"].startswith("Sikre")


@pytest.mark.skipif(not SEED_004.is_file(), reason="the seeds are not next to the repository")
def test_the_example_measures_and_numbers_are_word_for_word_in_the_seed() -> None:
    seed = SEED_004.read_text(encoding="utf-8")
    for measure in example()["measures"]:
        assert f"{measure['what']}\t{measure['ansvar']}" in seed, measure["what"]
    for number in ("478 92 261", "954 42 020", "33 06 43 00/ 975 14 101", "33 31 02 03"):
        assert number in seed


def test_the_example_states_only_the_structures_the_plan_states() -> None:
    structures = validate_municipality(example()).structures
    assert structures == {
        "politirad": True,
        "handlingsplan": True,
        "slt_modell": True,
        "ressursteam": True,
    }
    assert "mentorordning" not in structures  # the plan mentions mentor work, not a scheme
    assert "mentorordning: ikke oppgitt" in example()["source"]["structures"]


@pytest.mark.skipif(not SEED_004.is_file(), reason="the seeds are not next to the repository")
def test_the_example_leaves_out_the_one_person_the_plan_names() -> None:
    """§ 9 thanks a named police officer; the example keeps the role, not the name."""
    seed = SEED_004.read_text(encoding="utf-8")
    name = re.search(r"innspill fra ([^,]+),", seed).group(1)
    text = EXAMPLE.read_text(encoding="utf-8")
    assert name not in text
    assert all(part not in text for part in name.split())
    assert "radikaliserings- og mangfoldskoordinator" in text
