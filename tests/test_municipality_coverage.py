"""Coverage semantics: what counts, the score's range and weights, and monotonicity.

The property tests (hypothesis) check, for any municipality file the format allows, that
the score stays in [0, 1] and that adding an actor or setting a structure to true never
lowers it (docs/coverage.md).
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.format.model import MunicipalityFile
from graph.format.validation import validate_municipality
from graph.guidance.ruleset import load_ruleset
from graph.municipality.coverage import (
    COVERAGE_FORMAT,
    REQUIRED_STRUCTURES,
    CoverageSpecError,
    compute_coverage,
    coverage_as_dict,
    coverage_report,
    load_coverage_spec,
    parse_coverage_spec,
)
from graph.reference.catalogue import load_catalogue
from tests.conftest import ROOT

SPEC = load_coverage_spec()
RULESET = load_ruleset()
TYPES = sorted(load_catalogue().types)
STRUCTURES = [*REQUIRED_STRUCTURES, "annet"]
EXAMPLE = ROOT / "data" / "municipalities" / "examples" / "holmestrand.json"
NUMBERS = ["0301", "3903", "4228", "5636", "3301"]


def municipality(types=(), structures=None, number: str = "3903") -> MunicipalityFile:
    actors = [{"id": f"a{i}", "type": t, "label": f"Aktør {i}"} for i, t in enumerate(types)]
    return validate_municipality(
        {
            "format": "tverrkart-municipality/1",
            "kommunenummer": number,
            "actors": actors,
            "structures": structures or {},
        }
    )


def every_item_covered() -> MunicipalityFile:
    types = [t for item in SPEC.actor_items() for t in item.asks_any[:1]]
    return municipality(types, {key: True for key in REQUIRED_STRUCTURES})


# --------------------------------------------------------------------------- semantics


def test_an_empty_file_scores_zero_and_misses_everything() -> None:
    result = compute_coverage(municipality())
    assert result.score == 0.0
    assert len(result.missing()) == len(SPEC.items)


def test_everything_covered_scores_one() -> None:
    result = compute_coverage(every_item_covered())
    assert result.score == 1.0
    assert result.missing() == []


def test_the_score_is_the_weighted_share_of_covered_items() -> None:
    result = compute_coverage(municipality(["barnevern"], {"mentorordning": True}))
    total = sum(SPEC.weight(item) for item in SPEC.items)
    assert SPEC.weights == {"must": 3, "should": 2, "may": 1}
    assert result.score == pytest.approx((3 + 1) / total)


def test_an_equivalent_type_covers_the_item() -> None:
    """A radikaliseringskontakt is a police contact (data/rules.toml equivalences)."""
    result = compute_coverage(municipality(["radikaliseringskontakt"]))
    assert result.status("politi").covered and result.status("politi").by == ("a0",)
    assert result.status("radikaliseringskontakt").covered


def test_the_coordinator_item_is_met_by_slt_or_another_municipal_lead() -> None:
    assert compute_coverage(municipality(["slt_koordinator"])).status("koordinator").covered
    assert compute_coverage(municipality(["kommune"])).status("koordinator").covered
    assert not compute_coverage(municipality(["skole"])).status("koordinator").covered


def test_a_structure_counts_only_when_true() -> None:
    for value, covered in ((True, True), (False, False)):
        result = compute_coverage(municipality(structures={"politirad": value}))
        assert result.status("politirad").covered is covered
    assert not compute_coverage(municipality()).status("politirad").covered


def test_regional_bodies_are_filled_in_but_never_counted() -> None:
    result = compute_coverage(municipality(["rvts", "konfliktrad", "pst"]))
    assert result.score == 0.0
    assert [b.kind for b in result.regional] == [
        "politidistrikt",
        "rvts",
        "konfliktrad",
        "pst",
        "nav",
    ]


def test_missing_items_come_strongest_first() -> None:
    levels = [s.item.level for s in compute_coverage(municipality()).missing()]
    rank = {"must": 0, "should": 1, "may": 2}
    assert levels == sorted(levels, key=rank.__getitem__)
    assert levels[0] == "must"


def test_items_resting_on_rules_take_the_strongest_rule_level() -> None:
    for item in SPEC.items:
        if item.rules:
            levels = [RULESET.rule(rule_id).level for rule_id in item.rules]
            assert item.level == min(levels, key=["must", "should", "may"].index)
        assert item.reason and item.sources, item.id


def test_the_spec_covers_every_structure_of_formats_section_2() -> None:
    assert {item.id for item in SPEC.structure_items()} == set(REQUIRED_STRUCTURES)


def test_a_broken_spec_is_refused_with_every_problem() -> None:
    raw = {
        "weights": {"must": 3, "should": 2},
        "items": [
            {
                "id": "x",
                "kind": "actor",
                "title": "X",
                "asks_any": ["ukjent"],
                "reason": "r",
                "source": ["seed-999 § Finnes ikke"],
                "level": "should",
            },
            {
                "id": "y",
                "kind": "structure",
                "title": "Y",
                "reason": "r",
                "source": [],
                "rules": ["mentor"],
                "level": "must",
            },
        ],
    }
    with pytest.raises(CoverageSpecError) as caught:
        parse_coverage_spec(raw)
    text = " | ".join(caught.value.problems)
    for expected in (
        "ukjent aktørtype «ukjent»",
        "seed-999",
        "level må være may",
        "politirad",
        "weights",
    ):
        assert expected in text


def test_the_docs_table_lists_every_item_with_its_level() -> None:
    text = (ROOT / "docs" / "coverage.md").read_text(encoding="utf-8")
    rows = [line.split("|") for line in text.splitlines() if line.startswith("| `")]
    words = {"must": "må (3)", "should": "bør (2)", "may": "kan (1)"}
    documented = {row[1].strip(" `"): row[5].strip() for row in rows if len(row) > 6}
    assert documented == {item.id: words[item.level] for item in SPEC.items}


# --------------------------------------------------------------------------- Holmestrand


def test_holmestrand_coverage() -> None:
    result = compute_coverage(validate_municipality(json.loads(EXAMPLE.read_text("utf-8"))))
    assert result.score == pytest.approx(25 / 30)
    assert [s.item.id for s in result.missing()] == [
        "sivilsamfunn",
        "familievern",
        "mentor",
        "mentorordning",
    ]


# --------------------------------------------------------------------------- JSON


def test_the_json_has_the_keys_of_formats_section_3_2() -> None:
    result = compute_coverage(municipality(["slt_koordinator", "barnevern"], number="3903"))
    entry = coverage_as_dict(result)
    assert entry["kommunenummer"] == "3903" and entry["name"] == "Holmestrand"
    assert isinstance(entry["score"], float) and 0 <= entry["score"] <= 1
    assert entry["present"] == ["slt_koordinator", "barnevern"]
    first = entry["missing"][0]
    assert set(first) >= {"type", "level", "reason"}
    assert first["level"] in {"must", "should", "may"}
    assert {"type": "radikaliseringskontakt", "level": "should"}.items() <= next(
        m for m in entry["missing"] if m["type"] == "radikaliseringskontakt"
    ).items()
    assert entry["regional"] == {
        "politidistrikt": "Sør-Øst politidistrikt",
        "rvts": "RVTS Sør (usikker)",
        "konfliktrad": "Konfliktrådet Sør-Øst (usikker)",
    }
    assert coverage_report([result])["format"] == COVERAGE_FORMAT


def test_a_present_type_is_never_reported_missing() -> None:
    entry = coverage_as_dict(compute_coverage(municipality(TYPES)))
    assert not {m["type"] for m in entry["missing"]} & set(TYPES)


# --------------------------------------------------------------------------- properties

type_lists = st.lists(st.sampled_from(TYPES), max_size=12)
structure_maps = st.dictionaries(st.sampled_from(STRUCTURES), st.booleans(), max_size=6)


@settings(max_examples=150, deadline=None)
@given(types=type_lists, structures=structure_maps, number=st.sampled_from(NUMBERS))
def test_the_score_is_always_between_0_and_1(types, structures, number) -> None:
    result = compute_coverage(municipality(types, structures, number))
    assert 0.0 <= result.score <= 1.0
    assert (result.score == 1.0) == (not result.missing())


@settings(max_examples=150, deadline=None)
@given(types=type_lists, structures=structure_maps, extra=st.sampled_from(TYPES))
def test_adding_an_actor_never_lowers_the_score(types, structures, extra) -> None:
    before = compute_coverage(municipality(types, structures))
    after = compute_coverage(municipality([*types, extra], structures))
    assert after.score >= before.score
    assert {s.item.id for s in after.missing()} <= {s.item.id for s in before.missing()}


@settings(max_examples=100, deadline=None)
@given(types=type_lists, structures=structure_maps, key=st.sampled_from(STRUCTURES))
def test_setting_a_structure_to_true_never_lowers_the_score(types, structures, key) -> None:
    before = compute_coverage(municipality(types, structures))
    after = compute_coverage(municipality(types, {**structures, key: True}))
    assert after.score >= before.score


@settings(max_examples=60, deadline=None)
@given(types=type_lists)
def test_the_order_of_actors_does_not_matter(types: list[str]) -> None:
    forward = compute_coverage(municipality(types))
    backward = compute_coverage(municipality(list(reversed(types))))
    assert forward.score == backward.score
    assert forward.present == backward.present


# «Ikke oppgitt» (left out) is not «nei» (false): both leave the item uncovered, so the
# score is the same, but only «ikke oppgitt» may still turn out to be in place
# (score_if_stated, docs/coverage.md). The monotonicity above holds for both.


@settings(max_examples=100, deadline=None)
@given(types=type_lists, structures=structure_maps, key=st.sampled_from(STRUCTURES))
def test_answering_nei_instead_of_leaving_it_out_never_changes_the_score(
    types, structures, key
) -> None:
    unstated = {k: v for k, v in structures.items() if k != key}
    left_out = compute_coverage(municipality(types, unstated))
    nei = compute_coverage(municipality(types, {**unstated, key: False}))
    assert nei.score == left_out.score
    assert nei.score_if_stated <= left_out.score_if_stated


@settings(max_examples=100, deadline=None)
@given(types=type_lists, structures=structure_maps, key=st.sampled_from(STRUCTURES))
def test_the_best_case_is_never_below_the_score_and_ja_never_lowers_it(
    types, structures, key
) -> None:
    before = compute_coverage(municipality(types, structures))
    after = compute_coverage(municipality(types, {**structures, key: True}))
    assert before.score <= before.score_if_stated <= 1.0
    assert after.score_if_stated >= before.score_if_stated
    assert after.score <= after.score_if_stated
    counts = before.structure_counts()
    assert sum(counts.values()) == len(REQUIRED_STRUCTURES)
    assert counts["ikke oppgitt"] == len([k for k in REQUIRED_STRUCTURES if k not in structures])
