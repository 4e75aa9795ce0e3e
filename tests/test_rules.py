"""Tests for the guidance rules (``data/rules.toml``) and the gap engine, rule by rule.

Every rule id in the data has (1) an entry in :data:`SPEC` with its expected level, the
types it asks for and a minimal profile that triggers it, checked by the generic tests,
and (2) its own test function, marked with :func:`covers`, for its edge cases.
:func:`test_every_rule_has_a_test` fails when a rule is added to the data without both.
"""

from __future__ import annotations

import copy
import csv
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from graph.guidance import (
    SITUATION_FLAGS,
    Gap,
    Profile,
    RuleSetError,
    applicable_rules,
    applies,
    find_gaps,
    load_ruleset,
    parse_ruleset,
    satisfied,
)
from graph.guidance.gaps import TYPE_ORDER, age_matches, covered_types
from graph.guidance.ruleset import known_types
from graph.reference.datafiles import PROJECT_ROOT, read_toml

RULESET = load_ruleset()
SHARED = PROJECT_ROOT.parent / "shared"
SEED_FILES = {
    "seed-000": "seeds/000_7638adb283922a3c.txt",
    "seed-001": "seeds/001_f2cc7401329e38a5.txt",
    "seed-002": "seeds/002_be319ede15ff3e86.txt",
    "seed-003": "seeds/003_0629070575ab5830.txt",
    "seed-004": "seeds/004_9b23151b7efad976.txt",
}
REFERENCE_CSV = SHARED / "reference" / "guidance_rules.csv"
#: Section names that stand for a part of a seed without a heading of its own.
GENERIC_SECTIONS = {"Innledning"}


def prof(**fields: Any) -> Profile:
    """Shorthand for :meth:`Profile.build`."""
    return Profile.build(**fields)


#: The municipality's service providers that can coordinate an individuell plan (seed-002); the
#: SLT-koordinator meets them through the kommune equivalence, within SLT's age range.
MUNICIPAL_PROVIDERS = {"kommune", "helse", "nav", "barnevern"}

#: rule id -> (level, the types it asks for, a minimal profile that triggers it).
SPEC: dict[str, tuple[str, set[str], Profile]] = {
    "trinn3-politi": ("should", {"politi"}, prof()),
    "trinn3-barnevern-under-18": ("should", {"barnevern"}, prof(age=17)),
    "oppfolging-foresatte": ("should", {"foresatte"}, prof(age=17)),
    "alvorlig-bekymring": ("must", {"politi", "pst"}, prof(situation={"serious_concern"})),
    "utreise-politi": ("must", {"politi"}, prof(situation={"planned_travel"})),
    "utreise-under-18": ("must", {"barnevern"}, prof(age=17, situation={"planned_travel"})),
    "hjemkomst-politi": ("must", {"politi"}, prof(situation={"returnee"})),
    "hjemkomst-pst": ("may", {"pst"}, prof(situation={"returnee"})),
    "hjemkomst-kommune": ("may", {"kommune"}, prof(situation={"returnee"})),
    "hjemkomst-koordinering": ("should", {"kommune"}, prof(situation={"returnee"})),
    "hjemkomst-barn-barnevern": (
        "should",
        {"barnevern"},
        prof(situation={"returnee", "has_children"}),
    ),
    "politi-radikaliseringskontakt": (
        "should",
        {"radikaliseringskontakt"},
        prof(situation={"serious_concern"}),
    ),
    "exit-radikaliseringskontakt": (
        "should",
        {"radikaliseringskontakt"},
        prof(situation={"wants_exit"}),
    ),
    "exit-rvts": ("should", {"rvts"}, prof(situation={"wants_exit"})),
    "exit-kommune-ansvarlig": ("should", {"kommune"}, prof(situation={"wants_exit"})),
    "exit-pst": ("may", {"pst"}, prof(situation={"wants_exit"})),
    "exit-samtale-under-18": (
        "may",
        {"foresatte", "barnevern"},
        prof(age=17, situation={"wants_exit"}),
    ),
    "arbeid-nav": ("should", {"nav"}, prof(situation={"needs_work_or_education"})),
    "soning-kriminalomsorg": ("should", {"kriminalomsorg"}, prof(situation={"in_custody"})),
    "soning-tilbakeforing-kommune": ("should", {"kommune"}, prof(situation={"in_custody"})),
    "soning-konfliktrad": ("may", {"konfliktrad"}, prof(situation={"in_custody"})),
    "gjenopprettende-konfliktrad": ("may", {"konfliktrad"}, prof(situation={"restorative"})),
    "familie-familievern": ("may", {"familievern"}, prof(situation={"family_relations"})),
    "psykisk-helse": ("should", {"helse"}, prof(situation={"mental_health"})),
    "rus-helse": ("should", {"helse"}, prof(situation={"substance_use"})),
    "nett-rad": ("should", {"politi", "rvts"}, prof(situation={"online"})),
    "elev-skole": ("should", {"skole"}, prof(situation={"pupil"})),
    "elev-individuell-plan": (
        "must",
        {"skole"},
        prof(situation={"pupil", "long_term_needs"}, wants_individual_plan=True),
    ),
    "individuell-plan": (
        "must",
        MUNICIPAL_PROVIDERS,
        prof(situation={"long_term_needs"}, wants_individual_plan=True),
    ),
    "koordinator-langvarige-behov": (
        "must",
        MUNICIPAL_PROVIDERS,
        prof(situation={"long_term_needs"}),
    ),
    "nettverk-uformelt": (
        "may",
        {"familie", "venner", "tros_livssyn", "fritid", "frivillig"},
        prof(),
    ),
    "mentor": ("may", {"mentor"}, prof(situation={"wants_exit"})),
}

#: Rule ids that have their own test function (filled by :func:`covers` at import).
COVERED: set[str] = set()


def covers(*rule_ids: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Mark a test function as the edge-case test of these rule ids."""

    def mark(test: Callable[..., None]) -> Callable[..., None]:
        COVERED.update(rule_ids)
        return test

    return mark


# -- helpers ------------------------------------------------------------------------------


def gaps_by_type(profile: Profile) -> dict[str, Gap]:
    """Return the profile's gaps keyed by type."""
    return {gap.type: gap for gap in find_gaps(profile)}


def rule_gaps(profile: Profile, rule_id: str) -> set[str]:
    """Return the types that are gaps because of this rule."""
    return {
        gap.type for gap in find_gaps(profile) if any(hit.rule_id == rule_id for hit in gap.rules)
    }


def fires(profile: Profile, rule_id: str) -> bool:
    """Tell whether this rule gives at least one gap for the profile."""
    return bool(rule_gaps(profile, rule_id))


def without(profile: Profile, flag: str) -> Profile:
    """Return the profile with one situation flag removed."""
    return prof(
        age=profile.age,
        situation=profile.situation - {flag},
        wants_individual_plan=profile.wants_individual_plan,
        present_types=profile.present_types,
    )


def raw_rules() -> dict[str, Any]:
    """Return a fresh, mutable copy of the parsed ``data/rules.toml``."""
    return copy.deepcopy(read_toml("rules.toml"))


# -- coverage of the data by the tests ----------------------------------------------------


def test_every_rule_has_a_test() -> None:
    ids = set(RULESET.ids())
    assert ids - set(SPEC) == set(), "regler uten oppføring i SPEC"
    assert set(SPEC) - ids == set(), "SPEC nevner regler som ikke finnes i data"
    assert ids - COVERED == set(), "regler uten egen testfunksjon (@covers)"
    assert COVERED - ids == set(), "@covers nevner regler som ikke finnes i data"


def test_rule_count_is_in_the_planned_range() -> None:
    assert 20 <= len(RULESET.rules) <= 40


# -- generic checks, one parametrised case per rule ---------------------------------------

RULE_IDS = sorted(SPEC)


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_spec_matches_data(rule_id: str) -> None:
    level, asks, _ = SPEC[rule_id]
    rule = RULESET.rule(rule_id)
    assert (rule.level, set(rule.asks_any)) == (level, asks)


#: rule id -> the types shown as gaps when they differ from the asked types (``propose``).
PROPOSED: dict[str, set[str]] = {
    # «politi og/eller PST»: either satisfies, but the team is sent to the police (seed-004 § 5)
    "alvorlig-bekymring": {"politi"},
    # any municipal service provider meets the plan rules; the gap names the municipality
    "individuell-plan": {"kommune"},
    "koordinator-langvarige-behov": {"kommune"},
}


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_spec_matches_proposed(rule_id: str) -> None:
    _, asks, _ = SPEC[rule_id]
    assert set(RULESET.rule(rule_id).proposed) == PROPOSED.get(rule_id, asks)
    assert set(RULESET.rule(rule_id).proposed) <= asks


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_trigger_gives_one_gap_per_proposed_type(rule_id: str) -> None:
    _, asks, profile = SPEC[rule_id]
    rule = RULESET.rule(rule_id)
    assert applies(rule, profile, RULESET.equivalences)
    assert not satisfied(rule, profile, RULESET.equivalences, RULESET.age_limits)
    assert rule_gaps(profile, rule_id) == PROPOSED.get(rule_id, asks)
    for gap in find_gaps(profile):
        hits = [hit for hit in gap.rules if hit.rule_id == rule_id]
        for hit in hits:
            assert set(hit.alternatives) == asks - {gap.type}
            assert set(hit.alternatives) <= set(gap.alternatives)
            assert hit.level == rule.level and hit.citations == rule.source
            assert len(hit.sources) == len(hit.citations) and all(hit.sources)


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_any_asked_type_present_satisfies(rule_id: str) -> None:
    _, asks, profile = SPEC[rule_id]
    for type_key in asks:
        with_type = profile.with_types(type_key)
        assert satisfied(RULESET.rule(rule_id), with_type, RULESET.equivalences, RULESET.age_limits)
        assert not fires(with_type, rule_id), f"{type_key} til stede, men {rule_id} gir gap"
        assert type_key not in gaps_by_type(with_type)


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_equivalent_type_present_satisfies(rule_id: str) -> None:
    _, asks, profile = SPEC[rule_id]
    for type_key in asks:
        for equivalent in RULESET.met_by(type_key):
            assert not fires(profile.with_types(equivalent), rule_id)


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_every_situation_all_flag_is_needed(rule_id: str) -> None:
    _, _, profile = SPEC[rule_id]
    for flag in RULESET.rule(rule_id).when.situation_all:
        assert not fires(without(profile, flag), rule_id), f"{rule_id} uten {flag}"


@pytest.mark.parametrize(
    "rule_id", [rule_id for rule_id in RULE_IDS if RULESET.rule(rule_id).when.situation_any]
)
def test_situation_any_needs_one_flag(rule_id: str) -> None:
    _, _, profile = SPEC[rule_id]
    flags = RULESET.rule(rule_id).when.situation_any
    bare = prof(age=profile.age, situation=profile.situation - set(flags))
    assert not fires(bare, rule_id)
    for flag in flags:
        assert fires(prof(age=profile.age, situation=bare.situation | {flag}), rule_id)


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_age_condition(rule_id: str) -> None:
    _, _, profile = SPEC[rule_id]
    age = RULESET.rule(rule_id).when.age
    expected = {
        None: {None: True, 0: True, 17: True, 18: True, 120: True},
        "under_18": {None: False, 0: True, 17: True, 18: False, 120: False},
        "adult": {None: False, 0: False, 17: False, 18: True, 120: True},
    }[age]
    for person_age, fires_expected in expected.items():
        aged = prof(
            age=person_age,
            situation=profile.situation,
            wants_individual_plan=profile.wants_individual_plan,
        )
        assert fires(aged, rule_id) is fires_expected, f"{rule_id}, alder {person_age}"


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_wish_for_individual_plan(rule_id: str) -> None:
    _, _, profile = SPEC[rule_id]
    wanted = RULESET.rule(rule_id).when.wants_individual_plan
    for wish in (True, False, None):
        wished = prof(age=profile.age, situation=profile.situation, wants_individual_plan=wish)
        assert fires(wished, rule_id) is (wanted is None or wanted is wish)


# -- 1. handling a concern ----------------------------------------------------------------


@covers("trinn3-politi")
def test_trinn3_police_at_every_age() -> None:
    # seed-000 trinn 3: «drøfte den med politi og/eller barnevern … bekymringsmelding … til politi
    # og barnevern»: the police part does not depend on age, unknown age included
    for age in (None, 0, 14, 15, 17, 18, 30, 120):
        assert rule_gaps(prof(age=age), "trinn3-politi") == {"politi"}, age
        assert gaps_by_type(prof(age=age))["politi"].level == "should"
    # barnevern is no stand-in for the police, at any age
    for age in (15, 30):
        assert fires(prof(age=age, present_types={"barnevern"}), "trinn3-politi")
    for police in ("politi", "radikaliseringskontakt"):
        assert not fires(prof(age=30, present_types={police}), "trinn3-politi")
    assert not fires(prof(age=None, present_types={"politi"}), "trinn3-politi")


@covers("trinn3-barnevern-under-18")
def test_trinn3_barnevern_for_children_even_with_police() -> None:
    """Correction 4: for a child, police and barnevern are separate asks."""
    for age in (0, 14, 15, 17):
        child = prof(age=age)
        assert rule_gaps(child, "trinn3-barnevern-under-18") == {"barnevern"}
        assert gaps_by_type(child)["barnevern"].level == "should"
        # police present (or the radicalisation contact, or PST): barnevern is still asked for
        for police in ("politi", "radikaliseringskontakt", "pst"):
            assert fires(child.with_types(police), "trinn3-barnevern-under-18"), (age, police)
        assert not fires(child.with_types("barnevern"), "trinn3-barnevern-under-18")
        # and barnevern present does not take the police part away
        assert fires(child.with_types("barnevern"), "trinn3-politi")
    for age in (18, 30, None):  # adult, or unknown age: no barnevern gap from this rule
        assert not fires(prof(age=age), "trinn3-barnevern-under-18"), age
    # serious concern for a 16-year-old with only the police: the must is met, barnevern remains
    only_police = prof(age=16, situation={"serious_concern"}, present_types={"politi"})
    gaps = gaps_by_type(only_police)
    assert "politi" not in gaps and gaps["barnevern"].level == "should"
    assert all(gap.level != "must" for gap in gaps.values())


@covers("oppfolging-foresatte")
def test_foresatte_early_for_children() -> None:
    assert gaps_by_type(prof(age=15))["foresatte"].level == "should"
    assert not fires(prof(age=18), "oppfolging-foresatte")
    assert not fires(prof(age=None), "oppfolging-foresatte")
    # familie does not meet a requirement for foresatte (the equivalence is one-way)
    assert fires(prof(age=15, present_types={"familie"}), "oppfolging-foresatte")
    assert "foresatte" not in gaps_by_type(prof(age=15, present_types={"foresatte"}))


@covers("alvorlig-bekymring")
def test_serious_concern_goes_to_the_police_and_or_pst() -> None:
    # seed-000 trinn 4 «meldes til politi og/eller PST»; seed-004 § 5 trinn 4–5: the municipality
    # notifies the local police, the police pass very serious concerns on to PST
    for age in (None, 14, 15, 17, 18, 40):
        serious = prof(age=age, situation={"serious_concern"})
        gaps = gaps_by_type(serious)
        assert gaps["politi"].level == "must"
        hit = next(h for h in gaps["politi"].rules if h.rule_id == "alvorlig-bekymring")
        assert hit.alternatives == ("pst",)  # PST is shown as the other route, not asked for
        assert "pst" not in gaps  # a team is never told it «må» contact PST itself
    assert not fires(prof(), "alvorlig-bekymring")  # flag off
    serious = prof(situation={"serious_concern"})
    # police present, PST present (og/eller) or the radicalisation contact (= politi): satisfied
    for either in ("politi", "pst", "radikaliseringskontakt"):
        assert not fires(serious.with_types(either), "alvorlig-bekymring")
    # other services do not satisfy it
    for other in ("barnevern", "kommune", "slt_koordinator", "kriminalomsorg"):
        assert fires(serious.with_types(other), "alvorlig-bekymring")


# -- 2. foreign fighters ------------------------------------------------------------------


@covers("utreise-politi")
def test_departure_police_must_be_notified() -> None:
    for age in (None, 15, 17, 18, 45):
        travel = prof(age=age, situation={"planned_travel"})
        assert gaps_by_type(travel)["politi"].level == "must"
    assert not fires(prof(situation={"returnee"}), "utreise-politi")
    # PST does not stand in for the local police: the police contact PST themselves
    assert fires(prof(situation={"planned_travel"}, present_types={"pst"}), "utreise-politi")
    assert not fires(
        prof(situation={"planned_travel"}, present_types={"radikaliseringskontakt"}),
        "utreise-politi",
    )


@covers("utreise-under-18")
def test_departure_barnevern_only_for_under_18() -> None:
    assert rule_gaps(prof(age=17, situation={"planned_travel"}), "utreise-under-18") == {
        "barnevern"
    }
    assert gaps_by_type(prof(age=17, situation={"planned_travel"}))["barnevern"].level == "must"
    for age in (18, 40, None):
        assert "barnevern" not in gaps_by_type(prof(age=age, situation={"planned_travel"}))
    assert not fires(prof(age=17), "utreise-under-18")
    assert not fires(
        prof(age=17, situation={"planned_travel"}, present_types={"barnevern"}), "utreise-under-18"
    )
    # politi does not satisfy the barnevern rule (it is not "and/or")
    assert fires(
        prof(age=17, situation={"planned_travel"}, present_types={"politi"}), "utreise-under-18"
    )


@covers("hjemkomst-politi")
def test_return_police() -> None:
    assert gaps_by_type(prof(situation={"returnee"}))["politi"].level == "must"
    assert not fires(prof(situation={"planned_travel"}), "hjemkomst-politi")
    assert not fires(
        prof(situation={"returnee"}, present_types={"radikaliseringskontakt"}), "hjemkomst-politi"
    )


@covers("hjemkomst-pst")
def test_return_pst_only_when_needed() -> None:
    # seed-000 «Ved hjemkomst»: PST → politidistrikt → kommune, or kommune → politi → PST;
    # seed-001 «Innledning»: PST «ved behov». PST is at most a «kan» for the municipal team.
    for age in (None, 15, 17, 18, 40):
        returned = prof(age=age, situation={"returnee"})
        assert gaps_by_type(returned)["pst"].level == "may"
        assert {hit.rule_id for hit in gaps_by_type(returned)["pst"].rules} == {"hjemkomst-pst"}
    assert not fires(prof(situation={"planned_travel"}), "hjemkomst-pst")
    assert not fires(prof(situation={"returnee"}, present_types={"pst"}), "hjemkomst-pst")
    # police or the radicalisation contact satisfy the return route: no «må» is left for anyone
    for police in ("politi", "radikaliseringskontakt"):
        gaps = gaps_by_type(prof(age=30, situation={"returnee"}, present_types={police}))
        assert all(gap.level != "must" for gap in gaps.values()), police
    # PST alone does not: the municipality's route still runs through the police
    assert fires(prof(situation={"returnee"}, present_types={"pst"}), "hjemkomst-politi")


@covers("hjemkomst-kommune", "hjemkomst-koordinering")
def test_return_municipality() -> None:
    gap = gaps_by_type(prof(situation={"returnee"}))["kommune"]
    assert [hit.rule_id for hit in gap.rules] == ["hjemkomst-koordinering", "hjemkomst-kommune"]
    assert gap.level == "should"  # the highest of may and should
    assert gap.rules[1].level == "may"
    assert not fires(prof(), "hjemkomst-kommune")
    assert not fires(prof(), "hjemkomst-koordinering")
    # SLT-koordinator is no longer asked for directly: it is never proposed as a gap
    assert "slt_koordinator" not in gaps_by_type(prof(age=40, situation={"returnee"}))
    # the SLT-koordinator is the municipality (equivalence kommune <- slt_koordinator), but only
    # within SLT's age range (seed-003 «SLT»: under 18, some places up to 23)
    for age in (None, 15, 17, 18, 23):
        covered = prof(age=age, situation={"returnee"}, present_types={"slt_koordinator"})
        assert not fires(covered, "hjemkomst-kommune"), age
        assert not fires(covered, "hjemkomst-koordinering"), age
    for age in (24, 40):
        adult = prof(age=age, situation={"returnee"}, present_types={"slt_koordinator"})
        assert fires(adult, "hjemkomst-koordinering"), age
        assert fires(adult, "hjemkomst-kommune"), age
    assert not fires(
        prof(age=40, situation={"returnee"}, present_types={"kommune"}), "hjemkomst-kommune"
    )


@covers("hjemkomst-barn-barnevern")
def test_returnee_with_children_barnevern_for_the_children() -> None:
    """Correction 9, secondary reference R14 (not a seed): barnevern follows up the children."""
    for age in (None, 17, 18, 31, 60):  # the person's own age does not matter
        parent = prof(age=age, situation={"returnee", "has_children"})
        assert rule_gaps(parent, "hjemkomst-barn-barnevern") == {"barnevern"}
        assert gaps_by_type(parent)["barnevern"].level == "should"
        assert not fires(parent.with_types("barnevern"), "hjemkomst-barn-barnevern")
        # the police and the family do not stand in for barnevern
        for other in ("politi", "familie", "foresatte", "kommune"):
            assert fires(parent.with_types(other), "hjemkomst-barn-barnevern"), other
    # flag off, or children without a return: no ask
    assert not fires(prof(age=31, situation={"returnee"}), "hjemkomst-barn-barnevern")
    assert not fires(prof(age=31, situation={"has_children"}), "hjemkomst-barn-barnevern")
    rule = RULESET.rule("hjemkomst-barn-barnevern")
    assert rule.verification == "partially_verified"  # not a seed: said so
    assert any(citation.startswith("https://") for citation in rule.source)


@covers("politi-radikaliseringskontakt")
def test_radicalisation_contact_whenever_police_are_involved() -> None:
    """Correction 3: seed-003 «Forebyggingskontakter i politiet», seed-001 «Politi»."""
    for flag in ("serious_concern", "planned_travel", "returnee", "online"):
        for age in (None, 14, 17, 18, 40):
            concern = prof(age=age, situation={flag})
            assert rule_gaps(concern, "politi-radikaliseringskontakt") == {"radikaliseringskontakt"}
            assert gaps_by_type(concern)["radikaliseringskontakt"].level == "should"
            # any police officer is not the radicalisation contact (one-way equivalence)
            assert fires(concern.with_types("politi"), "politi-radikaliseringskontakt")
            assert fires(concern.with_types("pst"), "politi-radikaliseringskontakt")
            assert not fires(
                concern.with_types("radikaliseringskontakt"), "politi-radikaliseringskontakt"
            )
    # no police route in the situation: no ask (exit work has its own rule)
    for flag in ("pupil", "mental_health", "in_custody", "wants_exit", "long_term_needs"):
        assert not fires(prof(age=16, situation={flag}), "politi-radikaliseringskontakt"), flag
    assert not fires(prof(), "politi-radikaliseringskontakt")
    # with exit as well, both rules ask for the contact at the same level
    both = gaps_by_type(prof(situation={"wants_exit", "returnee"}))["radikaliseringskontakt"]
    assert [hit.rule_id for hit in both.rules] == [
        "politi-radikaliseringskontakt",
        "exit-radikaliseringskontakt",
    ]


# -- 3. exit work -------------------------------------------------------------------------


@covers("exit-radikaliseringskontakt")
def test_exit_radicalisation_contact() -> None:
    exit_ = prof(situation={"wants_exit"})
    assert gaps_by_type(exit_)["radikaliseringskontakt"].level == "should"
    assert not fires(prof(situation={"serious_concern"}), "exit-radikaliseringskontakt")
    # one-way: any police officer is not the radicalisation contact
    assert fires(exit_.with_types("politi"), "exit-radikaliseringskontakt")


@covers("exit-rvts")
def test_exit_rvts() -> None:
    assert gaps_by_type(prof(situation={"wants_exit"}))["rvts"].level == "should"
    assert not fires(prof(situation={"mental_health"}), "exit-rvts")
    assert not fires(prof(situation={"wants_exit"}, present_types={"rvts"}), "exit-rvts")


@covers("exit-kommune-ansvarlig")
def test_exit_one_responsible_in_the_municipality() -> None:
    assert rule_gaps(prof(situation={"wants_exit"}), "exit-kommune-ansvarlig") == {"kommune"}
    assert not fires(
        prof(situation={"wants_exit"}, present_types={"slt_koordinator"}), "exit-kommune-ansvarlig"
    )
    assert not fires(prof(situation={"online"}), "exit-kommune-ansvarlig")


@covers("exit-pst")
def test_exit_pst_when_needed() -> None:
    gap = gaps_by_type(prof(situation={"wants_exit"}))["pst"]
    assert gap.level == "may"
    assert not fires(prof(situation={"in_custody"}), "exit-pst")
    # with a serious concern as well, PST stays a «kan»: the «må» goes to the police, with
    # PST as the alternative route («politi og/eller PST»)
    both = gaps_by_type(prof(situation={"wants_exit", "serious_concern"}))
    assert both["pst"].level == "may"
    assert [hit.rule_id for hit in both["pst"].rules] == ["exit-pst"]
    assert both["politi"].level == "must" and "pst" in both["politi"].alternatives


@covers("exit-samtale-under-18")
def test_exit_conversations_with_a_child() -> None:
    child = prof(age=16, situation={"wants_exit"})
    assert rule_gaps(child, "exit-samtale-under-18") == {"foresatte", "barnevern"}
    for age in (18, None):
        assert not fires(prof(age=age, situation={"wants_exit"}), "exit-samtale-under-18")
    assert not fires(prof(age=16), "exit-samtale-under-18")
    for either in ("foresatte", "barnevern"):
        assert not fires(child.with_types(either), "exit-samtale-under-18")


@covers("arbeid-nav")
def test_work_or_education_nav() -> None:
    # a need, not an exit process: NAV is asked for with or without wants_exit
    for situation in ({"needs_work_or_education"}, {"needs_work_or_education", "wants_exit"}):
        assert gaps_by_type(prof(situation=situation))["nav"].level == "should"
    assert not fires(prof(situation={"wants_exit"}), "arbeid-nav")


@covers("soning-kriminalomsorg", "soning-tilbakeforing-kommune")
def test_in_custody() -> None:
    custody = prof(situation={"in_custody"})
    gaps = gaps_by_type(custody)
    assert gaps["kriminalomsorg"].level == "should"
    assert "soning-tilbakeforing-kommune" in {hit.rule_id for hit in gaps["kommune"].rules}
    assert not fires(prof(situation={"wants_exit"}), "soning-kriminalomsorg")
    assert not fires(prof(situation={"wants_exit"}), "soning-tilbakeforing-kommune")
    assert not fires(custody.with_types("slt_koordinator"), "soning-tilbakeforing-kommune")
    assert not fires(custody.with_types("kriminalomsorg"), "soning-kriminalomsorg")
    # the prison service is not the municipality
    assert fires(custody.with_types("kriminalomsorg"), "soning-tilbakeforing-kommune")


@covers("soning-konfliktrad")
def test_custody_konfliktrad_in_reintegration() -> None:
    """Correction 9: seed-001 «Konfliktråd» «kan kontaktes … i tilbakeføringsarbeid»."""
    for age in (None, 15, 17, 18, 40):
        custody = prof(age=age, situation={"in_custody"})
        assert gaps_by_type(custody)["konfliktrad"].level == "may"
        assert not fires(custody.with_types("konfliktrad"), "soning-konfliktrad")
    # the prison service does not stand in for the konfliktråd
    assert fires(
        prof(situation={"in_custody"}, present_types={"kriminalomsorg"}), "soning-konfliktrad"
    )
    assert not fires(prof(situation={"wants_exit"}), "soning-konfliktrad")
    # with a restorative process as well, both rules ask for it, still at «kan»
    both = gaps_by_type(prof(situation={"in_custody", "restorative"}))["konfliktrad"]
    assert both.level == "may"
    assert {hit.rule_id for hit in both.rules} == {
        "soning-konfliktrad",
        "gjenopprettende-konfliktrad",
    }


@covers("gjenopprettende-konfliktrad")
def test_restorative_konfliktrad() -> None:
    assert gaps_by_type(prof(situation={"restorative"}))["konfliktrad"].level == "may"
    assert not fires(prof(situation={"in_custody", "wants_exit"}), "gjenopprettende-konfliktrad")


@covers("familie-familievern")
def test_family_relations_familievern() -> None:
    assert gaps_by_type(prof(situation={"family_relations"}))["familievern"].level == "may"
    assert not fires(prof(situation={"wants_exit"}), "familie-familievern")
    # the family itself is not the family counselling service
    assert fires(
        prof(situation={"family_relations"}, present_types={"familie"}), "familie-familievern"
    )


@covers("psykisk-helse", "rus-helse")
def test_health_for_mental_health_and_substance_use() -> None:
    for flag, rule_id in (("mental_health", "psykisk-helse"), ("substance_use", "rus-helse")):
        assert rule_gaps(prof(situation={flag}), rule_id) == {"helse"}
        assert not fires(prof(situation={flag}, present_types={"helse"}), rule_id)
    both = gaps_by_type(prof(situation={"mental_health", "substance_use"}))["helse"]
    assert {hit.rule_id for hit in both.rules} == {"psykisk-helse", "rus-helse"}
    assert not fires(prof(situation={"wants_exit"}), "psykisk-helse")
    assert not fires(prof(situation={"wants_exit"}), "rus-helse")


@covers("nett-rad")
def test_online_advice_from_police_or_rvts() -> None:
    online = prof(situation={"online"})
    assert rule_gaps(online, "nett-rad") == {"politi", "rvts"}
    assert gaps_by_type(online)["rvts"].alternatives == ("politi",)
    for either in ("politi", "rvts", "radikaliseringskontakt"):
        assert not fires(online.with_types(either), "nett-rad")
    assert not fires(prof(), "nett-rad")


# -- 4. school and individuell plan -------------------------------------------------------


@covers("elev-skole", "elev-individuell-plan")
def test_pupil_school() -> None:
    assert gaps_by_type(prof(situation={"pupil"}))["skole"].level == "should"
    plan = prof(situation={"pupil", "long_term_needs"}, wants_individual_plan=True)
    gap = gaps_by_type(plan)["skole"]
    assert gap.level == "must"
    assert [hit.rule_id for hit in gap.rules] == ["elev-individuell-plan", "elev-skole"]
    for wish in (False, None):
        no_plan = prof(situation={"pupil", "long_term_needs"}, wants_individual_plan=wish)
        assert gaps_by_type(no_plan)["skole"].level == "should"
        assert not fires(no_plan, "elev-individuell-plan")
    assert not fires(prof(situation={"long_term_needs"}, wants_individual_plan=True), "elev-skole")
    assert not fires(plan.with_types("skole"), "elev-individuell-plan")


@covers("individuell-plan")
def test_individual_plan_only_when_wanted() -> None:
    wanted = prof(situation={"long_term_needs"}, wants_individual_plan=True)
    assert gaps_by_type(wanted)["kommune"].level == "must"
    assert fires(wanted, "individuell-plan")
    for wish in (False, None):
        assert not fires(
            prof(situation={"long_term_needs"}, wants_individual_plan=wish), "individuell-plan"
        )
    assert not fires(prof(wants_individual_plan=True), "individuell-plan")


@pytest.mark.parametrize("age", [None, 14, 15, 17, 18, 23, 24, 40])
def test_individual_plan_is_met_by_any_municipal_service_provider(age: int | None) -> None:
    """Seed-002: «En av tjenesteyterne i kommunen skal oppnevnes som koordinator» (correction 2)."""
    wanted = prof(age=age, situation={"long_term_needs"}, wants_individual_plan=True)
    hit = next(h for h in gaps_by_type(wanted)["kommune"].rules if h.rule_id == "individuell-plan")
    assert set(hit.alternatives) == {"helse", "nav", "barnevern"}
    for provider in ("kommune", "helse", "nav", "barnevern"):
        assert not fires(wanted.with_types(provider), "individuell-plan"), provider
        assert not fires(wanted.with_types(provider), "koordinator-langvarige-behov"), provider
    # police, PST and the prison service are not the municipality's service providers
    for state in ("politi", "radikaliseringskontakt", "pst", "kriminalomsorg", "skole"):
        assert fires(wanted.with_types(state), "individuell-plan"), state
    # SLT only within its age range (seed-003 «SLT»)
    slt = wanted.with_types("slt_koordinator")
    assert fires(slt, "individuell-plan") is (age is not None and age > 23)


@covers("koordinator-langvarige-behov")
def test_coordinator_offered_even_without_a_plan() -> None:
    for wish in (True, False, None):
        needs = prof(situation={"long_term_needs"}, wants_individual_plan=wish)
        assert fires(needs, "koordinator-langvarige-behov")
        assert gaps_by_type(needs)["kommune"].level == "must"
    assert not fires(prof(wants_individual_plan=True), "koordinator-langvarige-behov")
    for provider in ("kommune", "nav", "helse", "barnevern"):
        assert not fires(
            prof(situation={"long_term_needs"}, present_types={provider}),
            "koordinator-langvarige-behov",
        )
    for not_municipal in ("politi", "pst", "kriminalomsorg"):
        assert fires(
            prof(situation={"long_term_needs"}, present_types={not_municipal}),
            "koordinator-langvarige-behov",
        )


# -- 5. the person's own network ----------------------------------------------------------


@covers("nettverk-uformelt")
def test_informal_network() -> None:
    for age in (None, 10, 17, 18, 90):
        gaps = gaps_by_type(prof(age=age))
        assert {"familie", "venner"} <= set(gaps) and gaps["venner"].level == "may"
    assert "familie" in gaps_by_type(prof())["venner"].alternatives
    for member in ("familie", "venner", "tros_livssyn", "fritid", "frivillig", "foresatte"):
        assert not fires(prof(present_types={member}), "nettverk-uformelt"), member
    # being near someone's home is not a supportive network by itself
    assert fires(prof(present_types={"naermiljo"}), "nettverk-uformelt")
    assert fires(prof(present_types={"risikomiljo"}), "nettverk-uformelt")


@covers("mentor")
def test_mentor_in_exit_work_or_custody() -> None:
    for flag in ("wants_exit", "in_custody"):
        assert gaps_by_type(prof(situation={flag}))["mentor"].level == "may"
    assert not fires(prof(situation={"serious_concern", "pupil"}), "mentor")
    assert not fires(prof(situation={"wants_exit"}, present_types={"mentor"}), "mentor")


# -- engine semantics ---------------------------------------------------------------------


def test_equivalences_in_data() -> None:
    assert RULESET.met_by("politi") == {"radikaliseringskontakt"}
    assert RULESET.met_by("kommune") == {"slt_koordinator"}
    assert RULESET.met_by("familie") == {"foresatte"}
    # one-way
    assert RULESET.met_by("radikaliseringskontakt") == frozenset()
    assert RULESET.met_by("slt_koordinator") == frozenset()
    assert RULESET.met_by("foresatte") == frozenset()
    for equivalence in RULESET.equivalences:
        assert len(equivalence.reason) > 40 and equivalence.source


@pytest.mark.parametrize(
    ("age", "stands_in"),
    [
        (None, True),
        (0, True),
        (14, True),
        (15, True),
        (17, True),
        (18, True),
        (23, True),
        (24, False),
        (40, False),
        (120, False),
    ],
)
def test_slt_stands_in_for_the_municipality_only_for_young_people(
    age: int | None, stands_in: bool
) -> None:
    """Seed-003 «SLT»: most municipalities under 18, some places up to 23 (correction 6)."""
    covered = covered_types({"slt_koordinator"}, RULESET.equivalences, age, RULESET.age_limits)
    assert ("kommune" in covered) is stands_in
    assert "slt_koordinator" in covered  # it always counts as itself
    assert RULESET.serves("slt_koordinator", age) is stands_in
    # every rule asking for the municipality follows the same line
    for rule_id in ("exit-kommune-ansvarlig", "soning-tilbakeforing-kommune"):
        _, _, profile = SPEC[rule_id]
        aged = prof(age=age, situation=profile.situation, present_types={"slt_koordinator"})
        assert fires(aged, rule_id) is not stands_in, (rule_id, age)


def test_age_limit_table() -> None:
    (limit,) = RULESET.age_limits
    assert (limit.type, limit.usual_max_age, limit.max_age, limit.instead) == (
        "slt_koordinator",
        17,
        23,
        "kommune",
    )
    assert limit.source == ("seed-003 § SLT",)
    assert RULESET.serves("radikaliseringskontakt", 90)  # no limit: every age


def test_broken_age_limit_is_refused() -> None:
    raw = raw_rules()
    raw["age_limits"][0]["usual_max_age"] = 30
    raw["age_limits"][0]["instead"] = "kommunen"
    problems = refused(raw)
    assert any("usual_max_age" in problem for problem in problems)
    assert any("ukjent aktørtype «kommunen»" in problem for problem in problems)


def test_propose_outside_asks_any_is_refused() -> None:
    raw = raw_rules()
    raw["rules"][0]["propose"] = ["pst"]
    (problem,) = refused(raw)
    assert "propose" in problem and "pst" in problem


def test_covered_types_applies_equivalences_once() -> None:
    covered = covered_types({"radikaliseringskontakt", "slt_koordinator"}, RULESET.equivalences)
    assert covered == {"radikaliseringskontakt", "slt_koordinator", "politi", "kommune"}
    assert covered_types(set(), RULESET.equivalences) == frozenset()


@pytest.mark.parametrize(
    ("group", "age", "expected"),
    [
        ("under_18", 17, True),
        ("under_18", 0, True),
        ("under_18", 18, False),
        ("under_18", None, False),
        ("adult", 18, True),
        ("adult", 17, False),
        ("adult", None, False),
        (None, None, True),
        (None, 5, True),
    ],
)
def test_age_matches(group: str | None, age: int | None, expected: bool) -> None:
    assert age_matches(group, age) is expected


def test_gap_merges_rules_and_takes_the_highest_level() -> None:
    profile = prof(age=16, situation={"planned_travel", "serious_concern", "online"})
    politi = gaps_by_type(profile)["politi"]
    ids = [hit.rule_id for hit in politi.rules]
    assert set(ids) == {
        "trinn3-politi",
        "alvorlig-bekymring",
        "utreise-politi",
        "nett-rad",
    }
    assert politi.level == "must"
    levels = [hit.level for hit in politi.rules]
    assert levels == sorted(levels, key=["must", "should", "may"].index)
    assert set(politi.alternatives) == {"pst", "rvts"}  # barnevern is a separate ask
    hit = next(hit for hit in politi.rules if hit.rule_id == "utreise-politi")
    assert hit.alternatives == ()
    assert hit.citations == ("seed-000 § Før utreise",)
    assert hit.sources == (
        "Nasjonal veileder: Hva gjør du hvis du er bekymret?, avsnitt «Før utreise»",
    )
    assert hit.verification == "seed"


def test_gaps_are_sorted_by_level_then_type_order() -> None:
    profile = prof(age=16, situation=set(SITUATION_FLAGS), wants_individual_plan=True)
    gaps = find_gaps(profile)
    keys = [
        (["must", "should", "may"].index(gap.level), TYPE_ORDER.index(gap.type)) for gap in gaps
    ]
    assert keys == sorted(keys)
    assert len({gap.type for gap in gaps}) == len(gaps)
    # formal before informal inside a level
    assert TYPE_ORDER.index("mentor") < TYPE_ORDER.index("familie")


def test_full_network_has_no_gaps() -> None:
    everyone = prof(
        age=16,
        situation=set(SITUATION_FLAGS),
        wants_individual_plan=True,
        present_types=TYPE_ORDER,
    )
    assert find_gaps(everyone) == []
    assert all(is_satisfied for _, is_satisfied in applicable_rules(everyone))


def test_applicable_rules_lists_satisfied_and_unsatisfied() -> None:
    profile = prof(age=16, situation={"planned_travel"}, present_types={"barnevern"})
    result = {rule.id: ok for rule, ok in applicable_rules(profile)}
    assert result["utreise-under-18"] is True
    assert result["utreise-politi"] is False
    assert result["trinn3-barnevern-under-18"] is True
    assert result["trinn3-politi"] is False  # barnevern does not stand in for the police
    assert list(result) == [i for i in RULESET.ids() if i in result]  # file order


def test_unknown_flags_and_types_in_a_profile_are_ignored() -> None:
    odd = prof(age=30, situation={"ukjent_flagg"}, present_types={"ukjent_type"})
    assert {gap.type for gap in find_gaps(odd)} == {gap.type for gap in find_gaps(prof(age=30))}


def test_worked_example_from_formats() -> None:
    """FORMATS.md §1's example case: A (16), pupil, planned travel."""
    profile = prof(
        age=16,
        situation={"pupil", "planned_travel"},
        present_types={"foresatte", "slt_koordinator", "skole"},
    )
    gaps = find_gaps(profile)
    assert [(gap.type, gap.level) for gap in gaps] == [
        ("barnevern", "must"),
        ("politi", "must"),
        ("radikaliseringskontakt", "should"),  # police involved before departure (seed-003)
    ]
    assert gaps[0].rules[0].rule_id == "utreise-under-18"


# -- present_any and other language features, on small synthetic rule sets ---------------


def synthetic(rules: list[dict[str, Any]], equivalences: list[dict[str, Any]] | None = None):
    """Build a small rule set with the real coordinator table."""
    raw = raw_rules()
    return parse_ruleset(
        {
            "rules": rules,
            "equivalences": equivalences if equivalences is not None else raw["equivalences"],
            "coordinator": raw["coordinator"],
        }
    )


def rule_dict(rule_id: str, asks: list[str], **when: Any) -> dict[str, Any]:
    return {
        "id": rule_id,
        "title": "Testregel",
        "level": "should",
        "asks_any": asks,
        "reason": "En regel som bare finnes i testene.",
        "source": ["seed-000 § Før utreise"],
        "verification": "inferred",
        "when": when,
    }


def test_present_any_uses_equivalences() -> None:
    ruleset = synthetic([rule_dict("etter-politi", ["pst"], present_any=["politi"])])
    rule = ruleset.rule("etter-politi")
    assert not applies(rule, prof(), ruleset.equivalences)
    assert applies(rule, prof(present_types={"politi"}), ruleset.equivalences)
    assert applies(rule, prof(present_types={"radikaliseringskontakt"}), ruleset.equivalences)
    assert not applies(rule, prof(present_types={"radikaliseringskontakt"}))  # no equivalences
    assert [g.type for g in find_gaps(prof(present_types={"politi"}), ruleset)] == ["pst"]


def test_situation_all_and_any_together() -> None:
    ruleset = synthetic(
        [rule_dict("kombi", ["nav"], situation_all=["pupil"], situation_any=["online", "returnee"])]
    )
    assert find_gaps(prof(situation={"pupil"}), ruleset) == []
    assert find_gaps(prof(situation={"online"}), ruleset) == []
    assert [g.type for g in find_gaps(prof(situation={"pupil", "returnee"}), ruleset)] == ["nav"]


def test_wants_individual_plan_false_condition() -> None:
    ruleset = synthetic([rule_dict("uten-plan", ["kommune"], wants_individual_plan=False)])
    assert find_gaps(prof(wants_individual_plan=None), ruleset) == []
    assert find_gaps(prof(wants_individual_plan=True), ruleset) == []
    assert len(find_gaps(prof(wants_individual_plan=False), ruleset)) == 1


def test_equivalence_is_not_transitive_and_absent_equivalences_mean_literal() -> None:
    ruleset = synthetic([rule_dict("politi", ["politi"])], equivalences=[])
    assert [g.type for g in find_gaps(prof(present_types={"radikaliseringskontakt"}), ruleset)] == [
        "politi"
    ]


# -- broken rule sets are refused with a clear message ------------------------------------


def refused(raw: dict[str, Any]) -> tuple[str, ...]:
    with pytest.raises(RuleSetError) as caught:
        parse_ruleset(raw)
    assert str(caught.value).startswith("Veiledningsreglene (rules.toml) er ugyldige:")
    return caught.value.problems


def test_unknown_type_is_refused() -> None:
    raw = raw_rules()
    raw["rules"][0]["asks_any"] = ["politi", "hemmelig_tjeneste"]
    (problem,) = refused(raw)
    assert "trinn3-politi" in problem and "hemmelig_tjeneste" in problem
    assert "ukjent aktørtype" in problem


@pytest.mark.parametrize("where", ["present_any", "equivalence", "met_by", "coordinator"])
def test_unknown_type_anywhere_is_refused(where: str) -> None:
    raw = raw_rules()
    if where == "present_any":
        raw["rules"][1]["when"]["present_any"] = ["politiet"]
    elif where == "equivalence":
        raw["equivalences"][0]["requirement"] = "politiet"
    elif where == "met_by":
        raw["equivalences"][0]["met_by"] = ["radikaliseringskontakten"]
    else:
        raw["coordinator"]["preferred_types"] = ["slt"]
    problems = refused(raw)
    assert any("ukjent aktørtype" in problem for problem in problems)


@pytest.mark.parametrize("field", ["situation_all", "situation_any"])
def test_unknown_flag_is_refused(field: str) -> None:
    raw = raw_rules()
    raw["rules"][4]["when"][field] = ["fremmedkriger"]
    (problem,) = refused(raw)
    assert "utreise-politi" in problem and "fremmedkriger" in problem
    assert "ukjent situasjon" in problem and "planned_travel" in problem


def test_duplicate_id_is_refused() -> None:
    raw = raw_rules()
    raw["rules"][1]["id"] = raw["rules"][0]["id"]
    (problem,) = refused(raw)
    assert "trinn3-politi" in problem and "2 ganger" in problem


def test_unknown_citation_doc_is_refused() -> None:
    raw = raw_rules()
    raw["rules"][0]["source"] = ["seed-999 § Trinn"]
    (problem,) = refused(raw)
    assert "ukjent kilde «seed-999»" in problem and "trinn3-politi" in problem


def test_citation_without_section_is_refused() -> None:
    raw = raw_rules()
    raw["equivalences"][0]["source"] = ["seed-001"]
    (problem,) = refused(raw)
    assert "mangler avsnitt" in problem


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda rule: rule.update(level="skal"), "level: må være en av"),
        (lambda rule: rule.pop("reason"), "reason: mangler"),
        (lambda rule: rule.update(asks_all=["politi"]), "asks_all: ukjent nøkkel"),
        (lambda rule: rule.update(id="Utreise Politi"), "id: har feil form"),
        (lambda rule: rule.update(asks_any=[]), "asks_any: er for kort eller tom"),
        (lambda rule: rule.update(verification="sjekket"), "verification: må være en av"),
        (lambda rule: rule["when"].update(age="barn"), "when.age: må være en av"),
        (lambda rule: rule.update(reference=["X1"]), "har ikke formen R01–R99"),
        (lambda rule: rule.update(asks_any=["politi", "politi"]), "flere ganger"),
    ],
)
def test_malformed_rule_is_refused(change: Callable[[dict[str, Any]], Any], expected: str) -> None:
    raw = raw_rules()
    change(raw["rules"][4])
    problems = refused(raw)
    assert any(expected in problem for problem in problems), problems
    assert all(problem.startswith("regel «") for problem in problems)  # named by its id


def test_equivalence_chain_is_refused() -> None:
    raw = raw_rules()
    raw["equivalences"].append(
        {
            "requirement": "radikaliseringskontakt",
            "met_by": ["pst"],
            "reason": "Bare for å lage en kjede i testen.",
            "source": ["seed-001 § Politi"],
        }
    )
    problems = refused(raw)
    assert any("kjede" in problem for problem in problems)


def test_all_problems_are_reported_at_once() -> None:
    raw = raw_rules()
    raw["rules"][0]["asks_any"] = ["ukjent_a"]
    raw["rules"][1]["source"] = ["seed-999 § X"]
    assert len(refused(raw)) == 2


# -- the data itself: sources, references, docs -------------------------------------------


def test_load_ruleset_is_cached() -> None:
    assert load_ruleset() is load_ruleset()


def test_rule_types_are_catalogue_types() -> None:
    types = known_types()
    assert set(TYPE_ORDER) <= types
    for rule in RULESET.rules:
        assert set(rule.asks_any) <= types


def test_situation_flags_match_the_vocabulary() -> None:
    assert len(SITUATION_FLAGS) == 14  # the 13 of FORMATS §1 and has_children of §4.1
    assert "has_children" in SITUATION_FLAGS
    assert set(SITUATION_FLAGS) <= set(read_toml("vocabulary.toml")["situation"])


def test_has_children_is_the_flag_formats_4_1_defines() -> None:
    formats = SHARED / "spec" / "FORMATS.md"
    if not formats.is_file():
        pytest.skip(f"{formats} finnes ikke her")
    text = formats.read_text(encoding="utf-8")
    section = text[text.index("### 4.1") : text.index("### 4.2")]
    assert "`person.situation` adds `has_children`" in section


def test_coordinator_table() -> None:
    coordinator = RULESET.coordinator
    assert coordinator.preferred_types == ("slt_koordinator", "radikaliseringskontakt")
    assert set(coordinator.individual_plan_types) == {
        "kommune",
        "helse",
        "nav",
        "barnevern",
        "slt_koordinator",
    }
    assert "seed-001 § Samarbeid på tvers av sektorer og nettverk" in coordinator.source
    assert coordinator.individual_plan_source == ("seed-002 § Individuell plan",)


def all_citations() -> list[str]:
    citations = [c for rule in RULESET.rules for c in rule.source]
    citations += [c for eq in RULESET.equivalences for c in eq.source]
    return [*citations, *RULESET.coordinator.source, *RULESET.coordinator.individual_plan_source]


SEED_CITATIONS = sorted({c for c in all_citations() if c.partition(" § ")[0] in SEED_FILES})


@pytest.mark.parametrize("citation", SEED_CITATIONS)
def test_seed_sections_exist_in_the_seed(citation: str) -> None:
    """Traceability: every part of a seed citation's section is found in that seed."""
    doc, _, section = citation.partition(" § ")
    path = SHARED / SEED_FILES[doc]
    if not path.is_file():
        pytest.skip(f"{path} finnes ikke her")
    text = path.read_text(encoding="utf-8")
    for part in section.split(" – "):
        assert part in GENERIC_SECTIONS or part in text, f"«{part}» står ikke i {doc}"


def reference_rows() -> dict[str, dict[str, str]]:
    if not REFERENCE_CSV.is_file():
        pytest.skip(f"{REFERENCE_CSV} finnes ikke her")
    with REFERENCE_CSV.open(encoding="utf-8", newline="") as handle:
        return {row["rule_id"]: row for row in csv.DictReader(handle)}


def test_references_and_urls_come_from_the_reference_csv() -> None:
    rows = reference_rows()
    urls = {url.strip() for row in rows.values() for url in row["source_url"].split(";")}
    for rule in RULESET.rules:
        assert set(rule.reference) <= set(rows), rule.id
        for citation in rule.source:
            if citation.startswith("https://"):
                assert citation.partition(" § ")[0] in urls, (rule.id, citation)


def test_verification_is_stated_honestly() -> None:
    rows = reference_rows()
    for rule in RULESET.rules:
        docs = {citation.partition(" § ")[0] for citation in rule.source}
        if rule.verification == "seed":
            assert docs & set(SEED_FILES), f"{rule.id}: «seed» uten seed-kilde"
        else:
            assert any(c.startswith("https://") for c in rule.source), rule.id
            csv_levels = {rows[ref]["verification"] for ref in rule.reference}
            assert rule.verification in csv_levels, rule.id


def test_reasons_are_in_own_words() -> None:
    """No reason repeats eight words in a row from a seed (facts carry over, sentences not)."""

    def words(text: str) -> list[str]:
        return re.findall(r"\w+", text.lower())

    seeds = " ".join(
        " ".join(words((SHARED / name).read_text(encoding="utf-8")))
        for name in SEED_FILES.values()
        if (SHARED / name).is_file()
    )
    if not seeds:
        pytest.skip("seedene finnes ikke her")
    texts = [(rule.id, rule.reason) for rule in RULESET.rules]
    texts += [(f"likeverdighet {eq.requirement}", eq.reason) for eq in RULESET.equivalences]
    texts += [("coordinator", RULESET.coordinator.reason)]
    texts += [("coordinator", RULESET.coordinator.individual_plan_reason)]
    copied = []
    for where, text in texts:
        reason = words(text)
        windows = (" ".join(reason[i : i + 8]) for i in range(len(reason) - 7))
        copied += [f"{where}: «{window}»" for window in windows if window in seeds]
    assert copied == []


def test_reasons_are_short() -> None:
    for rule in RULESET.rules:
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", rule.reason.strip()) if s]
        assert 1 <= len(sentences) <= 2, rule.id


def test_docs_table_lists_every_rule() -> None:
    docs = (PROJECT_ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule in RULESET.rules:
        row = re.search(rf"^\| `{re.escape(rule.id)}` \| (\w+) \|", docs, re.MULTILINE)
        assert row, f"docs/rules.md mangler en tabellrad for {rule.id}"
        assert row.group(1) == rule.level, f"docs/rules.md har feil nivå for {rule.id}"


def test_graph_guidance_does_not_import_streamlit() -> None:
    code = "import sys, graph.guidance; assert 'streamlit' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(PROJECT_ROOT))
