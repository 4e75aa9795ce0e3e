"""Notifications made, not just actors present (FORMATS.md §4.2 ``notifications``).

The three rules the seeds word as a notification, each with its edge cases: age
14/15/17/18/unknown, flag on/off, the asked type present/absent/equivalent, and a
``referral`` tie present/absent.

- utreise-politi: «skal lokalt politi varsles» (seed 000 «Før utreise»);
- utreise-under-18: «Det skal sendes bekymringsmelding til barnevernet hvis den unge er
  under 18 år» (seed 000 «Før utreise»);
- alvorlig-bekymring: «Alvorlige bekymringer meldes til politi og/eller PST» (seed 000
  trinn 4, seed 002 «Relevante verktøy og tiltak»).
"""

from __future__ import annotations

import re

import pytest

from graph.analysis.notifications import case_notifications
from graph.guidance import load_ruleset
from graph.reference.datafiles import PROJECT_ROOT
from tests.conftest import make_case

RULESET = load_ruleset()


def statuses(actors, ties, **person) -> dict[str, str]:
    case = make_case(actors, ties, **person)
    return {entry["rule"]: entry["status"] for entry in case_notifications(case)}


def test_exactly_the_rules_worded_as_notifications_are_marked() -> None:
    marked = {rule.id for rule in RULESET.rules if rule.notification}
    assert marked == {"utreise-politi", "utreise-under-18", "alvorlig-bekymring"}


def test_every_notification_rule_is_a_must() -> None:
    # «skal … varsles», «skal sendes», «meldes»: unhedged instructions (docs/rules.md «Nivåer»)
    assert {rule.level for rule in RULESET.rules if rule.notification} == {"must"}


# --------------------------------------------------------------------------- utreise-politi


@pytest.mark.parametrize("age", [14, 15, 17, 18, None])
def test_departure_police_notification_at_every_age(age) -> None:
    actors = [("skole", "skole"), ("politi", "politi")]
    made = statuses(
        actors, [("skole", "politi", "referral")], age=age, situation=["planned_travel"]
    )
    assert made["utreise-politi"] == "made"
    # present but only collaborating: not notified
    present = statuses(
        actors, [("skole", "politi", "collaboration")], age=age, situation=["planned_travel"]
    )
    assert present["utreise-politi"] == "missing"


def test_departure_police_notification_flag_off_is_not_listed() -> None:
    actors = [("skole", "skole"), ("politi", "politi")]
    assert "utreise-politi" not in statuses(actors, [("skole", "politi", "referral")], age=16)


def test_a_referral_to_the_radicalisation_contact_notifies_the_police() -> None:
    actors = [("skole", "skole"), ("rk", "radikaliseringskontakt")]
    found = statuses(actors, [("skole", "rk", "referral")], age=16, situation=["planned_travel"])
    assert found["utreise-politi"] == "made"


def test_a_referral_to_pst_does_not_notify_the_local_police_before_departure() -> None:
    # seed 000: «Lokalt politi tar ansvar for eventuell kontakt med PST»; PST is not politi
    actors = [("skole", "skole"), ("pst", "pst")]
    found = statuses(actors, [("skole", "pst", "referral")], age=16, situation=["planned_travel"])
    assert found["utreise-politi"] == "missing"


def test_the_police_absent_is_missing() -> None:
    found = statuses([("skole", "skole")], [], age=16, situation=["planned_travel"])
    assert found["utreise-politi"] == "missing"


def test_a_referral_from_the_police_is_not_a_notification_to_them() -> None:
    actors = [("skole", "skole"), ("politi", "politi")]
    found = statuses(
        actors, [("politi", "skole", "referral")], age=16, situation=["planned_travel"]
    )
    assert found["utreise-politi"] == "missing"  # direction matters: from → to


# --------------------------------------------------------------------------- utreise-under-18


@pytest.mark.parametrize(("age", "listed"), [(14, True), (15, True), (17, True), (18, False)])
def test_departure_barnevern_report_only_under_18(age: int, listed: bool) -> None:
    actors = [("skole", "skole"), ("bv", "barnevern")]
    found = statuses(actors, [("skole", "bv", "referral")], age=age, situation=["planned_travel"])
    assert ("utreise-under-18" in found) is listed
    if listed:
        assert found["utreise-under-18"] == "made"


def test_departure_barnevern_report_unknown_age_is_not_listed() -> None:
    # the age_unknown question names the rule instead (FORMATS §3.1: no gap for unknown age)
    found = statuses([("skole", "skole")], [], age=None, situation=["planned_travel"])
    assert "utreise-under-18" not in found


def test_departure_barnevern_present_without_referral_is_missing() -> None:
    actors = [("skole", "skole"), ("bv", "barnevern")]
    found = statuses(
        actors, [("skole", "bv", "collaboration")], age=15, situation=["planned_travel"]
    )
    assert found["utreise-under-18"] == "missing"


def test_the_police_do_not_stand_in_for_barnevern() -> None:
    actors = [("skole", "skole"), ("politi", "politi")]
    found = statuses(
        actors, [("skole", "politi", "referral")], age=15, situation=["planned_travel"]
    )
    assert found == {"utreise-politi": "made", "utreise-under-18": "missing"}


# --------------------------------------------------------------------------- alvorlig-bekymring


@pytest.mark.parametrize("target_type", ["politi", "pst", "radikaliseringskontakt"])
@pytest.mark.parametrize("age", [14, 17, 18, None])
def test_serious_concern_is_reported_to_police_or_pst(target_type: str, age) -> None:
    actors = [("nav", "nav"), ("mottaker", target_type)]
    found = statuses(
        actors, [("nav", "mottaker", "referral")], age=age, situation=["serious_concern"]
    )
    assert found == {"alvorlig-bekymring": "made"}


def test_serious_concern_flag_off_is_not_listed() -> None:
    actors = [("nav", "nav"), ("politi", "politi")]
    assert statuses(actors, [("nav", "politi", "referral")], age=30) == {}


def test_serious_concern_reported_to_barnevern_only_is_missing() -> None:
    actors = [("nav", "nav"), ("bv", "barnevern")]
    found = statuses(actors, [("nav", "bv", "referral")], age=15, situation=["serious_concern"])
    assert found == {"alvorlig-bekymring": "missing"}


def test_entry_names_the_rule_its_source_and_the_ties() -> None:
    case = make_case(
        [("nav", "nav"), ("politi", "politi"), ("pst", "pst")],
        [("nav", "pst", "referral"), ("nav", "politi", "support"), ("nav", "politi", "referral")],
        age=30,
        situation=["serious_concern"],
    )
    (entry,) = case_notifications(case)
    assert entry["type"] == "politi"  # the route the team is pointed to (propose)
    assert entry["types"] == ["politi", "pst"]
    assert entry["ties"] == [0, 2]
    assert entry["level"] == "must"
    assert "Trinn i håndtering av en bekymring" in entry["source"]


def test_docs_table_lists_the_notification_rules() -> None:
    docs = (PROJECT_ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    section = docs[docs.index("## Varsler / Notifications") : docs.index("## Deling av")]
    rows = dict(re.findall(r"^\| `([a-z0-9-]+)` \| (\w+) \|", section, re.MULTILINE))
    assert rows == {rule.id: rule.level for rule in RULESET.rules if rule.notification}
