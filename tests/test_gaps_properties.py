"""Property tests for the gap engine (hypothesis), on the shipped rule set.

For every profile — age unknown or 0–120, any subset of the 14 situation flags, any wish
for an individuell plan, any subset of the 25 actor types (plus odd keys) — the engine
must not raise, must never report a present type, must sort its gaps, and must be
monotone: adding an actor can only remove gaps, never add one.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.guidance import SITUATION_FLAGS, Gap, Profile, applicable_rules, find_gaps
from graph.guidance.gaps import (
    LEVEL_RANK,
    TYPE_ORDER,
    profile_covered,
    type_sort_key,
)
from graph.guidance.ruleset import load_ruleset

RULESET = load_ruleset()

ages = st.none() | st.integers(min_value=0, max_value=120)
flags = st.frozensets(st.sampled_from(SITUATION_FLAGS))
wishes = st.sampled_from([None, True, False])
types = st.frozensets(st.sampled_from(TYPE_ORDER))
odd_types = st.frozensets(st.sampled_from(TYPE_ORDER) | st.text(min_size=1, max_size=12))


@st.composite
def profiles(draw: st.DrawFn, present: st.SearchStrategy[frozenset[str]] = types) -> Profile:
    """Any profile the file format allows."""
    return Profile(
        age=draw(ages),
        situation=draw(flags),
        wants_individual_plan=draw(wishes),
        present_types=draw(present),
    )


def by_type(gaps: list[Gap]) -> dict[str, set[str]]:
    """Map each gap's type to the ids of the rules behind it."""
    return {gap.type: {hit.rule_id for hit in gap.rules} for gap in gaps}


def test_shipped_rules_do_not_condition_on_presence() -> None:
    """Monotonicity below rests on this: ``present_any`` could add gaps when a type is added.

    If a rule ever needs ``present_any``, weaken the monotone property on purpose.
    """
    assert all(not rule.when.present_any for rule in RULESET.rules)


@settings(max_examples=400)
@given(profiles(odd_types))
def test_find_gaps_never_raises_and_never_reports_a_present_type(profile: Profile) -> None:
    gaps = find_gaps(profile)
    assert all(isinstance(gap, Gap) for gap in gaps)
    assert not {gap.type for gap in gaps} & profile.present_types
    covered = profile_covered(profile, RULESET)
    assert not {gap.type for gap in gaps} & covered  # nor a type met by an equivalent


@settings(max_examples=300)
@given(profiles())
def test_gaps_are_unique_and_sorted(profile: Profile) -> None:
    gaps = find_gaps(profile)
    assert len({gap.type for gap in gaps}) == len(gaps)
    keys = [(LEVEL_RANK[gap.level], *type_sort_key(gap.type)) for gap in gaps]
    assert keys == sorted(keys)
    for gap in gaps:
        ranks = [LEVEL_RANK[hit.level] for hit in gap.rules]
        assert gap.rules and ranks == sorted(ranks)
        assert gap.level == gap.rules[0].level  # the highest level of its rules
        assert gap.type not in gap.alternatives
        assert set(gap.alternatives) >= {alt for hit in gap.rules for alt in hit.alternatives}


@settings(max_examples=300)
@given(profiles(), st.sampled_from(TYPE_ORDER))
def test_adding_a_type_never_adds_a_gap(profile: Profile, added: str) -> None:
    before = by_type(find_gaps(profile))
    after = by_type(find_gaps(profile.with_types(added)))
    assert added not in after
    assert set(after) <= set(before)
    for type_key, rule_ids in after.items():
        assert rule_ids <= before[type_key]


@settings(max_examples=200)
@given(profiles(), types)
def test_monotone_for_any_added_set(profile: Profile, added: frozenset[str]) -> None:
    before = by_type(find_gaps(profile))
    after = by_type(find_gaps(profile.with_types(*added)))
    assert set(after) <= set(before) - added


@settings(max_examples=200)
@given(profiles())
def test_gaps_agree_with_applicable_rules(profile: Profile) -> None:
    unsatisfied = {rule.id: rule for rule, ok in applicable_rules(profile) if not ok}
    expected = {
        (type_key, rule_id) for rule_id, rule in unsatisfied.items() for type_key in rule.proposed
    }
    found = {(gap.type, hit.rule_id) for gap in find_gaps(profile) for hit in gap.rules}
    assert found == expected


@settings(max_examples=200)
@given(profiles())
def test_radicalisation_contact_always_covers_police(profile: Profile) -> None:
    gaps = find_gaps(profile.with_types("radikaliseringskontakt"))
    assert "politi" not in {gap.type for gap in gaps}


@settings(max_examples=200)
@given(profiles())
def test_under_18_rules_never_fire_without_a_known_child_age(profile: Profile) -> None:
    if profile.age is not None and profile.age < 18:
        return
    for rule, _ in applicable_rules(profile):
        assert rule.when.age != "under_18"
    barnevern_rules = {
        hit.rule_id for gap in find_gaps(profile) if gap.type == "barnevern" for hit in gap.rules
    }
    # barnevern is only ever asked for children: the person under 18, or the person's own
    # children on return from a conflict zone (has_children, FORMATS §4.1; R14)
    expected = {"hjemkomst-barn-barnevern"} & barnevern_rules
    assert barnevern_rules == expected
    if expected:
        assert {"returnee", "has_children"} <= profile.situation
