"""The handling steps (``data/steps.toml``; FORMATS.md §4.1 ``steps``, §4.2 ``steps``).

Every step is chosen by the person's profile, cites a seed passage that exists, says who is
responsible, and shows a gap with a reason when no actor in the network can take it. Every
step id has an entry in :data:`EXPECTED_STEPS` (its routine, age condition and responsible
groups, written from the seeds), so adding a step without a test fails.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest

from graph.analysis.steps import case_steps
from graph.format.validation import validate_case
from graph.guidance import RuleSetError
from graph.guidance.steps import applicable_steps, load_steps, parse_steps
from graph.reference.datafiles import PROJECT_ROOT, read_toml
from tests.conftest import make_case

STEPS = load_steps()
SHARED = PROJECT_ROOT.parent / "shared"
SEEDS = {
    "seed-000": "seeds/000_7638adb283922a3c.txt",
    "seed-001": "seeds/001_f2cc7401329e38a5.txt",
    "seed-002": "seeds/002_be319ede15ff3e86.txt",
    "seed-003": "seeds/003_0629070575ab5830.txt",
    "seed-004": "seeds/004_9b23151b7efad976.txt",
}

#: step id -> (routine, age condition, responsible groups), from the seeds.
EXPECTED_STEPS: dict[str, tuple[str, str | None, list[list[str]]]] = {
    # seed 000 «Trinn i håndtering av en bekymring»: the employee, no actor type
    "trinn-bekymring": ("bekymring", None, []),
    "trinn-drofte": ("bekymring", None, []),
    "trinn-dialog": ("bekymring", None, []),
    "trinn-oppfolging": ("bekymring", None, []),
    # seed 004 § 5, ANSVARLIG column
    "holmestrand-1-avklar": ("holmestrand", None, []),  # «Du, og eventuelt din leder»
    "holmestrand-2-snakk": ("holmestrand", None, []),  # «Du i samarbeid med din leder»
    "holmestrand-3-tiltak": ("holmestrand", None, []),  # «Din enhet, eller kommunens team …»
    "holmestrand-4-melding": ("holmestrand", None, []),  # «Du. Virksomheten. Kommunen»
    "holmestrand-5-politi": ("holmestrand", None, [["politi", "pst"]]),  # «Politi (PST)»
    "holmestrand-5-barn": ("holmestrand", "under_18", [["barnevern"], ["foresatte"]]),
    # seed 000 «Før utreise»
    "utreise-varsle-politi": ("utreise", None, []),
    "utreise-politi-pst": ("utreise", None, [["politi"]]),  # «Lokalt politi tar ansvar»
    "utreise-melding-barnevern": ("utreise", "under_18", []),
    "utreise-akutt": ("utreise", "under_18", [["barnevern"]]),  # «Barnevernet bør vurdere»
    # seed 000 «Ved hjemkomst», seed 001 «Planlegging og kartlegging»
    "hjemkomst-varsling": ("hjemkomst", None, [["politi"]]),
    "hjemkomst-vurdering": ("hjemkomst", None, [["kommune"]]),
    # seed 001 «Planlegging og kartlegging» (and «Innledning» for the security threat)
    "exit-plan": ("exit", None, []),
    "exit-sikkerhet": ("exit", None, [["politi", "pst"]]),
    "exit-hovedansvar": ("exit", None, [["radikaliseringskontakt"]]),
    "exit-samtykke": ("exit", None, []),
    "exit-kartlegging": ("exit", None, [["rvts"]]),
    "exit-samtaler": ("exit", None, []),
}


def ids(age=None, situation=(), municipality=None) -> list[str]:
    return [
        step.id
        for step in applicable_steps(STEPS, age=age, situation=situation, municipality=municipality)
    ]


def test_every_step_has_an_expectation() -> None:
    assert {step.id for step in STEPS.steps} == set(EXPECTED_STEPS)


@pytest.mark.parametrize("step_id", sorted(EXPECTED_STEPS))
def test_step_matches_the_seed(step_id: str) -> None:
    step = next(s for s in STEPS.steps if s.id == step_id)
    routine, age, responsible = EXPECTED_STEPS[step_id]
    assert (step.routine, step.age) == (routine, age)
    assert [list(group) for group in step.responsible] == responsible


def all_step_citations() -> list[str]:
    found = [c for step in STEPS.steps for c in step.source]
    return sorted({*found, *(c for r in STEPS.routines for c in r.source)})


@pytest.mark.parametrize("citation", all_step_citations())
def test_step_sources_exist_in_the_seed(citation: str) -> None:
    doc, _, section = citation.partition(" § ")
    path = SHARED / SEEDS[doc]
    if not path.is_file():
        pytest.skip(f"{path} finnes ikke her")
    text = path.read_text(encoding="utf-8")
    for part in section.split(" – "):
        assert part == "Innledning" or part in text, f"«{part}» står ikke i {doc}"


def test_step_texts_are_in_own_words() -> None:
    """No step text repeats eight words in a row from a seed."""

    def words(text: str) -> list[str]:
        return re.findall(r"\w+", text.lower())

    seeds = " ".join(
        " ".join(words((SHARED / name).read_text(encoding="utf-8")))
        for name in SEEDS.values()
        if (SHARED / name).is_file()
    )
    if not seeds:
        pytest.skip("seedene finnes ikke her")
    copied = []
    for step in STEPS.steps:
        text = words(step.what)
        windows = (" ".join(text[i : i + 8]) for i in range(len(text) - 7))
        copied += [f"{step.id}: «{w}»" for w in windows if w in seeds]
    assert copied == []


# --------------------------------------------------------------------------- choosing routines


def test_a_concern_without_flags_gets_seed_000s_four_steps() -> None:
    assert ids(age=16) == ["trinn-bekymring", "trinn-drofte", "trinn-dialog", "trinn-oppfolging"]
    assert ids(age=None) == ids(age=40)


def test_holmestrand_has_its_own_five_steps_instead() -> None:
    assert ids(age=16, municipality="3903") == [
        "holmestrand-1-avklar",
        "holmestrand-2-snakk",
        "holmestrand-3-tiltak",
        "holmestrand-4-melding",
        "holmestrand-5-politi",
        "holmestrand-5-barn",
    ]


@pytest.mark.parametrize(("age", "child_part"), [(14, True), (15, True), (17, True), (18, False)])
def test_holmestrand_step_5_child_part_only_under_18(age: int, child_part: bool) -> None:
    assert ("holmestrand-5-barn" in ids(age=age, municipality="3903")) is child_part


def test_holmestrand_step_5_child_part_needs_a_known_age() -> None:
    assert "holmestrand-5-barn" not in ids(age=None, municipality="3903")


def test_another_municipality_gets_the_national_steps() -> None:
    assert ids(age=16, municipality="0301")[0] == "trinn-bekymring"


@pytest.mark.parametrize(("age", "child_steps"), [(14, True), (15, True), (17, True), (18, False)])
def test_departure_routine(age: int, child_steps: bool) -> None:
    found = ids(age=age, situation={"planned_travel"})
    assert found[4:6] == ["utreise-varsle-politi", "utreise-politi-pst"]
    children = {"utreise-melding-barnevern", "utreise-akutt"}
    assert children.issubset(found) is child_steps
    assert children.isdisjoint(found) is not child_steps


def test_departure_routine_flag_off() -> None:
    assert not any(step.startswith("utreise-") for step in ids(age=16))


def test_return_routine() -> None:
    assert ids(age=34, situation={"returnee"})[-2:] == ["hjemkomst-varsling", "hjemkomst-vurdering"]
    assert not any(step.startswith("hjemkomst-") for step in ids(age=34))


def test_exit_work_has_its_planning_instead_of_the_concern_steps() -> None:
    assert ids(age=27, situation={"wants_exit", "in_custody"}) == [
        "exit-plan",
        "exit-sikkerhet",
        "exit-hovedansvar",
        "exit-samtykke",
        "exit-kartlegging",
        "exit-samtaler",
    ]
    assert ids(age=16, situation={"wants_exit"}, municipality="3903")[0] == "exit-plan"


def test_routines_add_up_in_file_order() -> None:
    found = ids(age=16, situation={"planned_travel", "returnee"})
    assert found.index("trinn-oppfolging") < found.index("utreise-varsle-politi")
    assert found.index("utreise-akutt") < found.index("hjemkomst-varsling")


# --------------------------------------------------------------------------- the case's steps


def analysed(actors, steps=(), municipality=None, **person):
    """The steps report of a small case built from (id, type) pairs."""
    raw = make_case(actors, [], **person).model_dump(mode="json", by_alias=True)
    raw["steps"] = list(steps)
    if municipality:
        raw["municipality"] = municipality
    return case_steps(validate_case(raw))


def test_unrecorded_steps_are_open_and_the_first_open_is_next() -> None:
    report = analysed([("skole", "skole")], age=16)
    assert {s["status"] for s in report["steps"]} == {"open"}
    assert report["next_step"] == "trinn-bekymring"
    first = report["steps"][0]
    assert first["responsible"] is None and first["date"] is None
    assert first["source"].startswith("Nasjonal veileder: Hva gjør du hvis du er bekymret?")


def test_recorded_status_date_and_responsible_are_shown() -> None:
    report = analysed(
        [("skole", "skole")],
        steps=[
            {
                "id": "trinn-bekymring",
                "status": "done",
                "date": "2026-09-01",
                "responsible": "skole",
            },
            {"id": "trinn-drofte", "status": "not_relevant"},
        ],
        age=16,
    )
    first, second, third = report["steps"][:3]
    assert (first["status"], first["date"], first["responsible"]) == ("done", "2026-09-01", "skole")
    assert second["status"] == "not_relevant"
    assert report["next_step"] == third["id"] == "trinn-dialog"


def test_every_step_done_means_no_next_step() -> None:
    steps = [{"id": step_id, "status": "done"} for step_id in ids(age=16)]
    assert analysed([("skole", "skole")], steps=steps, age=16)["next_step"] is None


def test_a_recorded_step_outside_the_profile_is_kept_but_not_listed() -> None:
    report = analysed([("skole", "skole")], steps=[{"id": "exit-plan", "status": "done"}], age=16)
    assert "exit-plan" not in {s["id"] for s in report["steps"]}


@pytest.mark.parametrize(
    ("present", "gap"),
    [
        ({"politi"}, False),
        ({"radikaliseringskontakt"}, False),  # equivalent: the contact is the police
        ({"pst"}, True),  # seed 000: the local police take PST contact, PST is not politi
        (set(), True),
    ],
)
def test_return_notification_step_needs_the_police(present: set[str], gap: bool) -> None:
    actors = [(key, key) for key in present]
    report = analysed(actors, age=34, situation=["returnee"])
    step = next(s for s in report["steps"] if s["id"] == "hjemkomst-varsling")
    assert bool(step["gaps"]) is gap
    if gap:
        (entry,) = step["gaps"]
        assert entry["types"] == ["politi"]
        assert "Politiet" in entry["reason"] and "ingen slik aktør" in entry["reason"]


@pytest.mark.parametrize(("age", "slt_counts"), [(16, True), (23, True), (24, False)])
def test_municipal_step_met_by_slt_within_its_age_range(age: int, slt_counts: bool) -> None:
    report = analysed([("slt", "slt_koordinator")], age=age, situation=["returnee"])
    step = next(s for s in report["steps"] if s["id"] == "hjemkomst-vurdering")
    assert (step["gaps"] == []) is slt_counts


def test_each_unmet_group_is_its_own_gap() -> None:
    report = analysed([("skole", "skole")], age=15, municipality="3903")
    step = next(s for s in report["steps"] if s["id"] == "holmestrand-5-barn")
    assert [g["types"] for g in step["gaps"]] == [["barnevern"], ["foresatte"]]
    with_mother = analysed([("mor", "foresatte")], age=15, municipality="3903")
    step = next(s for s in with_mother["steps"] if s["id"] == "holmestrand-5-barn")
    assert [g["types"] for g in step["gaps"]] == [["barnevern"]]


# --------------------------------------------------------------------------- the data file


def raw_steps() -> dict:
    return copy.deepcopy(read_toml("steps.toml"))


def test_unknown_type_in_responsible_is_refused() -> None:
    raw = raw_steps()
    raw["steps"][0]["responsible"] = [["politiet"]]
    with pytest.raises(RuleSetError, match="ukjent aktørtype «politiet»"):
        parse_steps(raw)


def test_unknown_routine_and_duplicate_id_are_refused() -> None:
    raw = raw_steps()
    raw["steps"][1]["routine"] = "ingen"
    raw["steps"][2]["id"] = raw["steps"][0]["id"]
    with pytest.raises(RuleSetError) as caught:
        parse_steps(raw)
    text = "\n".join(caught.value.problems)
    assert "ukjent rutine «ingen»" in text and "er brukt 2 ganger" in text


def test_unknown_source_is_refused() -> None:
    raw = raw_steps()
    raw["steps"][0]["source"] = ["seed-999 § Noe"]
    with pytest.raises(RuleSetError, match="ukjent kilde"):
        parse_steps(raw)


def test_docs_list_every_step() -> None:
    docs = (Path(PROJECT_ROOT) / "docs" / "rules.md").read_text(encoding="utf-8")
    for step in STEPS.steps:
        row = re.search(rf"^\| `{re.escape(step.id)}` \| `([a-z-]+)` \|", docs, re.MULTILINE)
        assert row, f"docs/rules.md mangler en tabellrad for trinnet {step.id}"
        assert row.group(1) == step.routine, f"docs/rules.md har feil rutine for {step.id}"
