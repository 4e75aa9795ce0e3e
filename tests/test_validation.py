"""Tests for reading and checking files (FORMATS.md §1 and §2).

Every rule of the contract gets a failing example. For each refused file we check
*where* the problem is (``Problem.json_path``) and that the message is Norwegian (a
word we expect, and none of pydantic's English).
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from graph.format.messages import Problem
from graph.format.model import (
    Case,
    MunicipalityFile,
    case_to_dict,
    municipality_to_dict,
)
from graph.format.validation import (
    InvalidFileError,
    case_problems,
    load_any_bytes,
    load_case_bytes,
    validate_case,
    validate_municipality,
)

DELETE = object()
"""Marker for :func:`changed`: remove the key instead of setting it."""

ENGLISH_LEFTOVERS = ("Input should", "input_value", "ugyldig verdi (", "Field required")


def valid_case() -> dict[str, Any]:
    """A small valid case file touching every part of §1 (a fresh copy each time)."""
    return {
        "format": "tverrkart-case/1",
        "title": "Fiktiv sak: A (16)",
        "municipality": "3903",
        "person": {
            "alias": "A",
            "age": 16,
            "situation": ["pupil", "planned_travel"],
            "wants_individual_plan": None,
        },
        "actors": [
            {"id": "mor", "label": "Mor", "type": "foresatte", "closeness": 1},
            {
                "id": "slt",
                "label": "SLT-koordinator",
                "type": "slt_koordinator",
                "coordinator": True,
            },
            {"id": "skole", "label": "Kontaktlærer", "type": "skole", "closeness": 2},
        ],
        "ties": [
            {"from": "person", "to": "mor", "kind": "support", "strength": 3},
            {
                "from": "slt",
                "to": "skole",
                "kind": "collaboration",
                "info_sharing": True,
                "legal_basis": "consent",
            },
        ],
    }


def valid_municipality() -> dict[str, Any]:
    """The example of FORMATS.md §2, with kommunenummer 3903."""
    return {
        "format": "tverrkart-municipality/1",
        "kommunenummer": "3903",
        "actors": [
            {
                "id": "slt",
                "type": "slt_koordinator",
                "label": "SLT-koordinator",
                "contact": "478 92 261",
            },
            {"id": "bv", "type": "barnevern", "label": "Barneverntjenesten"},
        ],
        "structures": {"politirad": True, "handlingsplan": True, "mentorordning": False},
        "measures": [{"what": "Årlig evaluering av lokal handlingsplan", "responsible": ["slt"]}],
    }


def changed(raw: dict[str, Any], path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    """A deep copy of ``raw`` with the value at ``path`` replaced (or removed)."""
    result = copy.deepcopy(raw)
    target: Any = result
    for part in path[:-1]:
        target = target[part]
    if value is DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return result


def refused(raw: Any) -> list[Problem]:
    """The problems ``validate_case`` reports; fails the test when it accepts ``raw``."""
    with pytest.raises(InvalidFileError) as caught:
        validate_case(raw)
    problems = caught.value.problems
    assert problems, "InvalidFileError without problems"
    return problems


def assert_problem(problems: list[Problem], json_path: str, *words: str) -> Problem:
    """Assert one problem is at ``json_path`` and its message holds every word."""
    at_path = [p for p in problems if p.json_path == json_path]
    assert at_path, f"no problem at {json_path}; got {[p.as_line() for p in problems]}"
    problem = at_path[0]
    for word in words:
        assert word.lower() in problem.message.lower(), problem.as_line()
    for english in ENGLISH_LEFTOVERS:
        assert english not in problem.message, problem.as_line()
    return problem


def national_id(day: int, month: int, year: int, individual: int) -> str | None:
    """A fødselsnummer with mod-11 check digits (None when a check digit would be 10)."""
    digits = [int(c) for c in f"{day:02d}{month:02d}{year % 100:02d}{individual:03d}"]
    for weights in ((3, 7, 6, 1, 8, 9, 4, 5, 2), (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)):
        check = (11 - sum(d * w for d, w in zip(digits, weights, strict=False)) % 11) % 11
        if check == 10:
            return None
        digits.append(check)
    return "".join(map(str, digits))


FNR = next(n for i in range(1000) if (n := national_id(15, 1, 1999, i)))
"""A valid (generated, not real-looking-on-purpose) fødselsnummer for 15.01.1999."""


# --------------------------------------------------------------------------- valid files


def test_the_formats_example_is_valid() -> None:
    case = validate_case(valid_case())
    assert isinstance(case, Case)
    assert [a.id for a in case.actors] == ["mor", "slt", "skole"]
    assert case.ties[0].source == "person"


def test_a_minimal_case_is_valid() -> None:
    case = validate_case({"format": "tverrkart-case/1", "person": {"alias": "A"}})
    assert case.actors == [] and case.ties == [] and case.person.age is None


# --------------------------------------------------------------------------- format


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (DELETE, ("mangler",)),
        ("tverrkart-foo/1", ("kjenner",)),
        ("tverrkart-case", ("kjenner",)),
        (5, ("kjenner",)),
        ("tverrkart-case/2", ("versjon 2", "oppdater")),
        ("tverrkart-case/2.0", ("oppdater",)),
    ],
    ids=["missing", "unknown-kind", "no-version", "number", "newer-major", "newer-major-minor"],
)
def test_format_is_refused(value: Any, words: tuple[str, ...]) -> None:
    problems = refused(changed(valid_case(), ("format",), value))
    assert_problem(problems, "format", *words)


@pytest.mark.parametrize("value", ["tverrkart-case/1", "tverrkart-case/1.0", "tverrkart-case/1.3"])
def test_minor_versions_of_the_case_format_are_accepted(value: str) -> None:
    assert validate_case(changed(valid_case(), ("format",), value)).format == value


def test_case_problems_reports_a_bad_format_together_with_other_problems() -> None:
    raw = changed(valid_case(), ("format",), "tverrkart-case/x")
    raw["person"]["age"] = "16"
    problems = case_problems(raw)
    assert [p.json_path for p in problems][:2] == ["format", "person.age"]


# --------------------------------------------------------------------------- not a case file


@pytest.mark.parametrize("raw", [[], [valid_case()], 5, "tekst", None], ids=repr)
def test_a_file_that_is_not_an_object_is_refused(raw: Any) -> None:
    assert_problem(refused(raw), "$", "JSON-objekt")


def test_not_json_is_refused_with_line_and_column() -> None:
    data = b'{"format": "tverrkart-case/1",\n  "person": {"alias": "A",}}'
    with pytest.raises(InvalidFileError) as caught:
        load_case_bytes(data)
    assert_problem(caught.value.problems, "$", "ikke gyldig JSON", "linje 2", "kolonne 27")


@pytest.mark.parametrize(
    "data",
    [
        '{"format": "tverrkart-case/1", "person": {"alias": "Søster"}}'.encode("latin-1"),
        '{"format": "tverrkart-case/1", "person": {"alias": "A"}}'.encode("utf-16"),
    ],
    ids=["latin-1", "utf-16"],
)
def test_not_utf8_is_refused(data: bytes) -> None:
    with pytest.raises(InvalidFileError) as caught:
        load_case_bytes(data)
    assert_problem(caught.value.problems, "$", "ikke UTF-8")


def test_utf8_with_bom_is_accepted() -> None:
    data = b'\xef\xbb\xbf{"format": "tverrkart-case/1", "person": {"alias": "\xc3\x86"}}'
    assert load_case_bytes(data).person.alias == "Æ"


@pytest.mark.parametrize("constant", [b"NaN", b"Infinity", b"-Infinity"])
def test_non_json_constants_are_refused(constant: bytes) -> None:
    data = b'{"format": "tverrkart-case/1", "person": {"alias": "A"}, "x": ' + constant + b"}"
    with pytest.raises(InvalidFileError):
        load_case_bytes(data)


@pytest.mark.parametrize("depth", [900, 100_000])
def test_deeply_nested_json_is_refused_as_invalid(depth: int) -> None:
    nested = b"[" * depth + b"]" * depth
    data = b'{"format": "tverrkart-case/1", "person": {"alias": "A"}, "x": ' + nested + b"}"
    outcome = "accepted"
    try:
        load_case_bytes(data)
    except InvalidFileError:
        outcome = "refused"
    except RecursionError:  # failed outside the handler: its traceback is huge and slow
        outcome = "RecursionError"
    assert outcome == "refused"


# --------------------------------------------------------------------------- fields of §1

REFUSED_FIELDS = [
    # path, value, json_path, Norwegian words
    (("title",), "x" * 201, "title", ("for lang", "200")),
    (("title",), 5, "title", ("må være tekst",)),
    (("municipality",), "38031", "municipality", ("kommunenummer",)),
    (("municipality",), "abc", "municipality", ("kommunenummer",)),
    (("municipality",), 3903, "municipality", ("må være tekst",)),
    (("person",), DELETE, "person", ("mangler",)),
    (("person",), "A", "person", ("objekt",)),
    (("person", "alias"), DELETE, "person.alias", ("mangler",)),
    (("person", "alias"), "", "person.alias", ("tom",)),
    (("person", "alias"), "x" * 201, "person.alias", ("for lang", "200")),
    (("person", "age"), "16", "person.age", ("heltall",)),
    (("person", "age"), True, "person.age", ("heltall",)),
    (("person", "age"), 16.5, "person.age", ("heltall",)),
    (("person", "age"), -1, "person.age", ("gyldig alder",)),
    (("person", "age"), 121, "person.age", ("gyldig alder",)),
    (("person", "situation"), "pupil", "person.situation", ("liste",)),
    (("person", "situation"), ["pupil", "fly"], "person.situation[1]", ("gyldig", "pupil")),
    (("person", "wants_individual_plan"), "yes", "person.wants_individual_plan", ("må være",)),
    (("actors",), {"mor": {}}, "actors", ("liste",)),
    (("actors", 0), "mor", "actors[0]", ("objekt",)),
    (("actors", 0, "id"), DELETE, "actors[0].id", ("mangler",)),
    (("actors", 0, "id"), "", "actors[0].id", ("tom",)),
    (("actors", 0, "id"), "x" * 65, "actors[0].id", ("for lang", "64")),
    (("actors", 2, "id"), "mor", "actors[2].id", ("allerede brukt", "aktør nr. 1")),
    (("actors", 0, "id"), "person", "actors[0].id", ("reservert",)),
    (("actors", 0, "label"), DELETE, "actors[0].label", ("mangler",)),
    (("actors", 0, "label"), "x" * 201, "actors[0].label", ("for lang", "200")),
    (("actors", 0, "type"), DELETE, "actors[0].type", ("mangler",)),
    (("actors", 0, "type"), "skol", "actors[0].type", ("aktørtype", "mente du «skole»")),
    (("actors", 0, "type"), "qqqqqq", "actors[0].type", ("aktørtype",)),
    (("actors", 0, "closeness"), 0, "actors[0].closeness", ("må være 1, 2 eller 3",)),
    (("actors", 0, "closeness"), 4, "actors[0].closeness", ("må være 1, 2 eller 3",)),
    (("actors", 0, "closeness"), True, "actors[0].closeness", ("heltall",)),
    (("actors", 0, "closeness"), "1", "actors[0].closeness", ("heltall",)),
    (("actors", 0, "coordinator"), "yes", "actors[0].coordinator", ("må være",)),
    (("actors", 0, "coordinator"), 1, "actors[0].coordinator", ("må være",)),
    (("ties", 0, "from"), "ukjent", "ties[0].from", ("finnes ikke",)),
    (("ties", 0, "to"), "ukjent", "ties[0].to", ("finnes ikke",)),
    (("ties", 0, "from"), DELETE, "ties[0].from", ("mangler",)),
    (("ties", 0, "kind"), DELETE, "ties[0].kind", ("mangler",)),
    (("ties", 0, "kind"), "love", "ties[0].kind", ("gyldig", "support")),
    (("ties", 0, "strength"), 0, "ties[0].strength", ("må være 1, 2 eller 3",)),
    (("ties", 0, "strength"), 4, "ties[0].strength", ("må være 1, 2 eller 3",)),
    (("ties", 1, "info_sharing"), "true", "ties[1].info_sharing", ("må være",)),
    (("ties", 1, "legal_basis"), "law", "ties[1].legal_basis", ("gyldig", "consent")),
]


@pytest.mark.parametrize(
    ("path", "value", "json_path", "words"),
    REFUSED_FIELDS,
    ids=[f"{jp}={'<absent>' if v is DELETE else repr(v)[:12]}" for _, v, jp, _ in REFUSED_FIELDS],
)
def test_a_wrong_field_is_refused_at_its_path(
    path: tuple, value: Any, json_path: str, words: tuple[str, ...]
) -> None:
    assert_problem(refused(changed(valid_case(), path, value)), json_path, *words)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("person", "age"), None),
        (("person", "age"), 0),
        (("person", "age"), 120),
        (("person", "age"), DELETE),
        (("person", "situation"), []),
        (("person", "wants_individual_plan"), True),
        (("person", "wants_individual_plan"), False),
        (("person", "wants_individual_plan"), DELETE),
        (("municipality",), "3903"),
        (("municipality",), DELETE),
        (("title",), DELETE),
        (("actors", 0, "label"), "x" * 200),
        (("actors", 0, "label"), "👨‍👩‍👧 Familie 🕌"),
        (("actors", 0, "label"), "مرحبا שלום"),
        (("actors", 0, "label"), "«Bestemor» på Ørsta – æøå ÆØÅ"),
        (("actors", 0, "label"), "<b>ikke HTML</b> & 'sitat'"),
        (("actors", 0, "id"), "x" * 64),
        (("actors", 0, "closeness"), DELETE),
        (("actors", 0, "closeness"), 3),
        (("actors", 1, "coordinator"), False),
        (("ties", 0, "strength"), DELETE),
        (("ties", 1, "legal_basis"), DELETE),
        (("ties", 1, "info_sharing"), False),
    ],
)
def test_an_allowed_value_is_accepted(path: tuple, value: Any) -> None:
    raw = changed(valid_case(), path, value)
    if path == ("actors", 0, "id"):  # keep the tie to the renamed actor valid
        raw["ties"][0]["to"] = value
    validate_case(raw)


def test_every_situation_flag_of_formats_is_accepted() -> None:
    flags = [
        "pupil",
        "planned_travel",
        "returnee",
        "in_custody",
        "wants_exit",
        "serious_concern",
        "needs_work_or_education",
        "mental_health",
        "substance_use",
        "family_relations",
        "restorative",
        "online",
        "long_term_needs",
    ]
    case = validate_case(changed(valid_case(), ("person", "situation"), flags))
    assert case.person.situation == flags


@pytest.mark.parametrize(
    "kind", ["relation", "support", "risk", "conflict", "collaboration", "referral"]
)
def test_every_tie_kind_is_accepted(kind: str) -> None:
    assert validate_case(changed(valid_case(), ("ties", 0, "kind"), kind)).ties[0].kind == kind


@pytest.mark.parametrize("basis", ["consent", "avvergingsplikt", "opplysningsplikt", "none"])
def test_every_legal_basis_is_accepted(basis: str) -> None:
    case = validate_case(changed(valid_case(), ("ties", 1, "legal_basis"), basis))
    assert case.ties[1].legal_basis == basis


@pytest.mark.parametrize(
    ("source", "target"), [("mor", "mor"), ("person", "person")], ids=["actor", "person"]
)
def test_a_self_tie_is_refused(source: str, target: str) -> None:
    raw = valid_case()
    raw["ties"][0].update({"from": source, "to": target})
    problems = [p for p in refused(raw) if p.json_path.startswith("ties[0]")]
    assert problems, "self-tie not reported at ties[0]"
    assert any("samme" in p.message for p in problems), [p.as_line() for p in problems]


def test_a_quoted_boolean_is_explained_as_text() -> None:
    problems = refused(changed(valid_case(), ("ties", 1, "info_sharing"), "true"))
    assert_problem(problems, "ties[1].info_sharing", "tekst")


def test_a_tie_must_use_from_and_to() -> None:
    raw = valid_case()
    raw["ties"][0] = {"source": "person", "target": "mor", "kind": "support"}
    assert_problem(refused(raw), "ties[0].from", "mangler")


# --------------------------------------------------------------------------- all at once


def test_every_problem_is_reported_at_once_in_file_order() -> None:
    raw = valid_case()
    raw["municipality"] = "abc"
    raw["person"]["age"] = "16"
    raw["person"]["situation"] = ["fly"]
    raw["actors"][0]["closeness"] = 0
    raw["actors"][1]["type"] = "skol"
    raw["actors"][2]["id"] = "mor"
    raw["ties"][0]["kind"] = "love"
    raw["ties"][1]["to"] = "ukjent"
    problems = refused(raw)
    paths = [p.json_path for p in problems]
    expected = [
        "municipality",
        "person.age",
        "person.situation[0]",
        "actors[0].closeness",
        "actors[1].type",
        "actors[2].id",
        "ties[0].kind",
        "ties[1].to",
    ]
    assert len(problems) >= 6
    assert [p for p in paths if p in expected] == expected, paths
    for problem in problems:
        for english in ENGLISH_LEFTOVERS:
            assert english not in problem.message, problem.as_line()


def test_problems_are_sorted_format_person_actors_ties() -> None:
    raw = valid_case()
    # Written in the opposite order to the sorting, to prove it is sorted.
    raw["ties"][1]["strength"] = 9
    raw["actors"][2]["closeness"] = 9
    raw["actors"][0]["closeness"] = 9
    raw["person"]["age"] = 999
    raw = {"ties": raw["ties"], "actors": raw["actors"], "person": raw["person"], "format": "x"}
    problems = case_problems(raw)
    sections = [p.location[0] for p in problems]
    rank = {"format": 0, "person": 1, "actors": 2, "ties": 3}
    assert [rank[s] for s in sections] == sorted(rank[s] for s in sections)
    actor_indices = [p.location[1] for p in problems if p.location[0] == "actors"]
    assert actor_indices == sorted(actor_indices) == [0, 2]


# --------------------------------------------------------------------------- unknown keys


def case_with_unknown_keys() -> dict[str, Any]:
    raw = valid_case()
    raw["laget_av"] = {"versjon": "1.7", "moduler": ["kart", "analyse"]}
    raw["person"]["pronomen"] = "hen"
    raw["actors"][0]["note"] = "Kontakt via skolen."
    raw["actors"][0]["position"] = {"x": 12.5, "y": -3}
    raw["actors"][1]["farge"] = None
    raw["ties"][0]["siden"] = "2024-03"
    raw["ties"][1]["merknader"] = [{"dato": "2024-05-01", "tekst": "Møte"}, 3, True]
    return raw


def test_unknown_keys_survive_load_and_save() -> None:
    raw = case_with_unknown_keys()
    assert case_to_dict(validate_case(copy.deepcopy(raw))) == raw


def test_unknown_keys_survive_bytes_round_trip() -> None:
    raw = case_with_unknown_keys()
    case = load_case_bytes(json.dumps(raw, ensure_ascii=False).encode("utf-8"))
    again = load_case_bytes(json.dumps(case_to_dict(case), ensure_ascii=False).encode("utf-8"))
    assert case_to_dict(again) == raw


def test_minor_version_file_with_new_keys_keeps_them() -> None:
    raw = changed(case_with_unknown_keys(), ("format",), "tverrkart-case/1.3")
    assert case_to_dict(validate_case(copy.deepcopy(raw))) == raw


# --------------------------------------------------------------------------- national id

FNR_SPACED = f"{FNR[:6]} {FNR[6:]}"


def test_generated_number_is_a_national_id() -> None:
    from graph.format.privacy import is_national_id

    assert is_national_id(FNR)


@pytest.mark.parametrize(
    ("path", "text", "json_path"),
    [
        (("person", "alias"), FNR, "person.alias"),
        (("actors", 0, "label"), f"Mor {FNR}", "actors[0].label"),
        (("actors", 0, "note"), f"fnr. {FNR_SPACED}", "actors[0].note"),
        (("title",), f"Sak {FNR}", "title"),
        (("ties", 0, "merknad"), FNR, "ties[0].merknad"),
        (("ekstra",), {"personalia": ["ok", {"fnr": FNR}]}, "ekstra.personalia[1].fnr"),
        (("actors", 1, "kontakt"), {"notat": f"({FNR})"}, "actors[1].kontakt.notat"),
    ],
    ids=["alias", "label", "note-spaced", "title", "tie-key", "nested-unknown", "actor-nested"],
)
def test_a_national_id_anywhere_is_refused(path: tuple, text: Any, json_path: str) -> None:
    assert_problem(refused(changed(valid_case(), path, text)), json_path, "fødselsnummer")


@pytest.mark.parametrize(
    "text",
    [
        "47892261",
        "478 92 261",
        "+47 478 92 261",
        "974760673",  # a 9-digit organisation number
        FNR[:9] + str((int(FNR[9]) + 1) % 10) + FNR[10],  # wrong first check digit
        FNR[:10] + str((int(FNR[10]) + 1) % 10),  # wrong second check digit
        "01010112345",
        FNR + "0",  # 12 digits
    ],
)
def test_other_numbers_are_accepted(text: str) -> None:
    raw = changed(valid_case(), ("actors", 0, "note"), f"Telefon {text}")
    validate_case(raw)


def test_a_national_id_used_as_a_key_is_refused() -> None:
    problems = refused(changed(valid_case(), ("ekstra",), {FNR: "A"}))
    assert any("fødselsnummer" in p.message for p in problems)


def test_a_national_id_written_as_a_number_is_refused() -> None:
    problems = refused(changed(valid_case(), ("ekstra",), int(FNR)))
    assert_problem(problems, "ekstra", "fødselsnummer")


# --------------------------------------------------------------------------- §2 municipality


def test_the_formats_municipality_example_is_valid() -> None:
    raw = valid_municipality()
    municipality = validate_municipality(copy.deepcopy(raw))
    assert isinstance(municipality, MunicipalityFile)
    assert municipality.kommunenummer == "3903"
    assert municipality_to_dict(municipality) == raw
    loaded = load_any_bytes(json.dumps(raw, ensure_ascii=False).encode("utf-8"))
    assert isinstance(loaded, MunicipalityFile)


def test_municipality_unknown_keys_survive() -> None:
    raw = valid_municipality()
    raw["navn"] = "Holmestrand"
    raw["structures"]["slt_modell"] = True
    raw["measures"][0]["frist"] = "2025-06"
    raw["actors"][1]["åpningstider"] = "08-15"
    assert municipality_to_dict(validate_municipality(copy.deepcopy(raw))) == raw


def refused_municipality(raw: Any) -> list[Problem]:
    with pytest.raises(InvalidFileError) as caught:
        validate_municipality(raw)
    return caught.value.problems


@pytest.mark.parametrize(
    ("path", "value", "json_path", "words"),
    [
        (("kommunenummer",), DELETE, "kommunenummer", ("mangler",)),
        (("kommunenummer",), "38031", "kommunenummer", ("kommunenummer",)),
        (("format",), "tverrkart-municipality/2", "format", ("oppdater",)),
        (("measures", 0, "responsible"), ["slt", "ukjent"], "measures[0].responsible[1]", ()),
        (("structures", "politirad"), "ja", "structures.politirad", ("må være",)),
        (("structures", "handlingsplan"), 1, "structures.handlingsplan", ("må være",)),
        (("actors", 1, "id"), "slt", "actors[1].id", ("allerede brukt",)),
        (("actors", 0, "type"), "skol", "actors[0].type", ("mente du «skole»",)),
        (("actors", 0, "contact"), FNR, "actors[0].contact", ("fødselsnummer",)),
        (("measures", 0, "what"), DELETE, "measures[0].what", ("mangler",)),
    ],
)
def test_a_wrong_municipality_file_is_refused(
    path: tuple, value: Any, json_path: str, words: tuple[str, ...]
) -> None:
    problems = refused_municipality(changed(valid_municipality(), path, value))
    problem = assert_problem(problems, json_path, *words)
    if path == ("measures", 0, "responsible"):
        assert "«ukjent» finnes ikke" in problem.message


def test_validate_case_refuses_a_municipality_file() -> None:
    assert_problem(refused(valid_municipality()), "format", "kommunefil", "ikke en saksfil")


def test_validate_municipality_refuses_a_case_file() -> None:
    problems = refused_municipality(valid_case())
    assert_problem(problems, "format", "saksfil", "ikke en kommunefil")


# --------------------------------------------------------------------------- Problem


@pytest.mark.parametrize(
    ("location", "json_path", "friendly"),
    [
        (("actors", 2, "closeness"), "actors[2].closeness", "Aktør nr. 3 → nærhet"),
        (("ties", 0, "to"), "ties[0].to", "Bånd nr. 1 → til"),
        (("person", "age"), "person.age", "personen → alder"),
        (("measures", 1, "responsible", 0), "measures[1].responsible[0]", None),
        ((), "$", "Hele filen"),
    ],
)
def test_problem_locations(location: tuple, json_path: str, friendly: str | None) -> None:
    problem = Problem(location, "må være 1, 2 eller 3")
    assert problem.json_path == json_path
    if friendly is not None:
        assert problem.friendly_location() == friendly
    assert problem.as_line("sak.json") == f"sak.json: {json_path}: må være 1, 2 eller 3"


# --------------------------------------------------------------------------- issue 9
# Finding 7: the guard covers every field and JSON numbers of every kind.
# Finding 9: numbers Python cannot read, or reads as infinity, are refused plainly.
# Finding 10: validation and every export agree on what a text may hold.

ISSUE_FNR = "15038510190"


@pytest.mark.parametrize(
    ("path", "json_path"),
    [
        (("title",), "title"),
        (("person", "alias"), "person.alias"),
        (("actors", 0, "label"), "actors[0].label"),
        (("actors", 0, "note"), "actors[0].note"),
        (("ties", 0, "legal_basis_note"), "ties[0].legal_basis_note"),
        # an unknown key (``steps`` is a field since FORMATS.md §4.1, so no longer one)
        (("merknad",), "merknad"),
    ],
)
@pytest.mark.parametrize(
    "text", ["15.03.85 10190", "150 385 101 90", "150385\u200b10190", "Fnr: 150385\u00a010190"]
)
def test_every_written_form_of_a_national_id_is_refused_in_every_field(
    path: tuple, json_path: str, text: str
) -> None:
    assert_problem(refused(changed(valid_case(), path, text)), json_path, "fødselsnummer")


@pytest.mark.parametrize(
    "literal",
    [b"15038510190", b"15038510190.0", b"1.503851019E10", b"-15038510190", b"150385101.90e2"],
)
def test_a_national_id_as_any_json_number_is_refused(literal: bytes) -> None:
    data = b'{"format": "tverrkart-case/1", "person": {"alias": "A"}, "fnr": ' + literal + b"}"
    with pytest.raises(InvalidFileError) as caught:
        load_case_bytes(data)
    assert_problem(caught.value.problems, "fnr", "fødselsnummer")


def test_a_national_id_in_a_municipality_file_is_refused_everywhere() -> None:
    raw = valid_municipality()
    raw["actors"][0]["contact"] = "15.03.85 10190"
    raw["measures"][0]["what"] = "Oppfølging av 150 385 101 90"
    raw["structures"]["15038510190"] = True
    with pytest.raises(InvalidFileError) as caught:
        validate_municipality(raw)
    problems = caught.value.problems
    assert_problem(problems, "actors[0].contact", "fødselsnummer")
    assert_problem(problems, "measures[0].what", "fødselsnummer")
    assert_problem(problems, "structures.15038510190", "navnet på feltet", "fødselsnummer")


def test_phone_numbers_dates_and_organisation_numbers_stay_accepted() -> None:
    raw = valid_case()
    raw["title"] = "Møte 15.03.85 kl. 10, tlf 478 92 261, org.nr. 974 760 673"
    raw["actors"][0]["contact"] = "+47 478 92 261"
    raw["phone"] = 47892261
    validate_case(raw)


UNREADABLE_NUMBERS = {
    "5000-digit integer": (b"1" * 5000, "5000 tegn"),
    "4301-digit negative integer": (b"-" + b"9" * 4301, "4302 tegn"),
    "1e999": (b"1e999", "for stort"),
    "-1E400": (b"-1E400", "for stort"),
    "long float": (b"0." + b"1" * 200, "202 tegn"),
}


@pytest.mark.parametrize("literal,word", UNREADABLE_NUMBERS.values(), ids=UNREADABLE_NUMBERS.keys())
@pytest.mark.parametrize("kind", ["case", "municipality"])
def test_unreadable_numbers_are_refused_with_where_they_are(
    literal: bytes, word: str, kind: str
) -> None:
    head = (
        b'{"format": "tverrkart-case/1", "person": {"alias": "A"},\n "x": '
        if kind == "case"
        else b'{"format": "tverrkart-municipality/1", "kommunenummer": "3903",\n "x": '
    )
    with pytest.raises(InvalidFileError) as caught:
        load_any_bytes(head + literal + b"}")
    [problem] = caught.value.problems
    assert problem.location == ()
    assert word in problem.message and "linje 2, kolonne 7" in problem.message, problem.message
    assert len(problem.as_line()) < 300, "the number itself is not repeated in full"


def test_numbers_a_tverrkart_file_can_hold_are_read() -> None:
    data = b'{"format": "tverrkart-case/1", "person": {"alias": "A", "age": 16}, "x": 1e308,'
    data += b' "y": -0.000001, "z": ' + b"9" * 100 + b"}"
    case = load_case_bytes(data)
    assert case.model_extra == {"x": 1e308, "y": -0.000001, "z": int("9" * 100)}


FORBIDDEN = {
    "U+0001": "\u0001",
    "NUL": "\u0000",
    "ESC": "\u001b",
    "DEL": "\u007f",
    "C1 NEL": "\u0085",
    "lone surrogate": "\ud800",
    "U+FFFE": "\ufffe",
    "U+FFFF": "\uffff",
}


@pytest.mark.parametrize("char", FORBIDDEN.values(), ids=FORBIDDEN.keys())
@pytest.mark.parametrize(
    ("path", "json_path"),
    [
        (("title",), "title"),
        (("person", "alias"), "person.alias"),
        (("actors", 0, "label"), "actors[0].label"),
        (("actors", 0, "id"), "actors[0].id"),
        (("actors", 0, "contact"), "actors[0].contact"),
        (("ties", 0, "note"), "ties[0].note"),
        (("extra",), "extra"),
    ],
)
def test_control_characters_are_refused_in_every_text(
    char: str, path: tuple, json_path: str
) -> None:
    problem = assert_problem(
        refused(changed(valid_case(), path, f"Mor{char}")), json_path, "kontrolltegn"
    )
    assert f"U+{ord(char):04X}" in problem.message
    assert "\n" not in problem.as_line() and problem.as_line().isprintable()


def test_a_control_character_in_a_key_or_a_municipality_file_is_refused() -> None:
    raw = valid_municipality()
    raw["structures"]["politi\u0007rad"] = True
    raw["measures"][0]["what"] = "Evaluering\u0085"
    with pytest.raises(InvalidFileError) as caught:
        validate_municipality(raw)
    problems = caught.value.problems
    assert_problem(problems, "structures.politi\u0007rad", "navnet på feltet", "U+0007")
    assert_problem(problems, "measures[0].what", "U+0085")
    assert all(p.as_line().isprintable() for p in problems)


def test_a_lone_surrogate_written_as_a_json_escape_is_refused() -> None:
    data = b'{"format": "tverrkart-case/1", "person": {"alias": "A\\ud800"}}'
    with pytest.raises(InvalidFileError) as caught:
        load_case_bytes(data)
    assert_problem(caught.value.problems, "person.alias", "U+D800")


def test_tabs_line_breaks_and_other_unicode_are_allowed() -> None:
    raw = valid_case()
    raw["actors"][0]["label"] = "Mor\tog\r\nfar – 👪 ‍\u200d\u00a0Ærlig"
    raw["title"] = "حالة 案例 Саке"
    validate_case(raw)


def test_a_flood_of_problems_is_listed_up_to_a_limit() -> None:
    from graph.format.validation import MAX_PROBLEMS

    raw = valid_case()
    raw["x"] = ["Mor\u0001"] * 5000
    problems = refused(raw)
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[-1].json_path == "$" and "4800 problemer til" in problems[-1].message
