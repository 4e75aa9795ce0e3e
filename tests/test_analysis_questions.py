"""``questions`` for an unknown age (FORMATS.md §4.2; issue 12, correction 5).

With ``age: null`` the rules for under-18s give no gap (FORMATS.md §3.1), but the analysis
says what it cannot decide and why. Rules that do not depend on age still give their gaps.
"""

from __future__ import annotations

import pytest

from graph.analysis import analyse_case
from graph.guidance import Profile, find_gaps, find_questions
from tests.conftest import make_case


def prof(**fields) -> Profile:
    return Profile.build(**fields)


def test_unknown_age_with_a_planned_departure_asks_for_the_age() -> None:
    # seed 000 «Før utreise»: under 18 → barnevern must; trinn 3: barnevern for children
    (question,) = find_questions(prof(situation={"planned_travel"}))
    assert question.id == "age_unknown"
    assert question.rules == (
        "trinn3-barnevern-under-18",
        "oppfolging-foresatte",
        "utreise-under-18",
    )
    assert question.why.startswith("Finn ut alderen.")
    assert "under 18 år" in question.why
    assert "må: «Utreise, under 18 år: bekymringsmelding til barnevernet»" in question.why
    # strongest first inside the sentence
    assert question.why.index("må:") < question.why.index("bør:")


def test_age_independent_parts_still_apply_with_unknown_age() -> None:
    gaps = {gap.type: gap.level for gap in find_gaps(prof(situation={"planned_travel"}))}
    assert gaps["politi"] == "must"  # utreise-politi, every age
    assert "barnevern" not in gaps  # decided by the age: a question, not a gap
    plain = {gap.type: gap.level for gap in find_gaps(prof())}
    assert plain["politi"] == "should"  # trinn3-politi, every age


@pytest.mark.parametrize("age", [0, 14, 15, 17, 18, 40])
def test_known_age_gives_no_question(age: int) -> None:
    assert find_questions(prof(age=age, situation={"planned_travel", "wants_exit"})) == []


def test_no_question_when_the_age_would_not_change_anything() -> None:
    # barnevern and foresatte are already there: every under-18 rule is met whatever the age
    covered = prof(
        situation={"planned_travel", "wants_exit"}, present_types={"barnevern", "foresatte"}
    )
    assert find_questions(covered) == []
    # only foresatte: barnevern still hangs on the age
    (question,) = find_questions(prof(situation={"planned_travel"}, present_types={"foresatte"}))
    assert question.rules == ("trinn3-barnevern-under-18", "utreise-under-18")


def test_unknown_age_question_without_any_flag() -> None:
    # a bare concern: step 3 (barnevern for children) and foresatte (step 4) depend on the age
    (question,) = find_questions(prof())
    assert question.rules == ("trinn3-barnevern-under-18", "oppfolging-foresatte")


def test_analysis_output_has_questions() -> None:
    unknown = make_case([("skole", "skole")], situation=["pupil", "planned_travel"])
    result = analyse_case(unknown)
    (question,) = result["questions"]
    assert set(question) == {"id", "why", "rules"}
    assert question["id"] == "age_unknown"
    assert "utreise-under-18" in question["rules"]
    assert {gap["type"] for gap in result["gaps"]} >= {"politi"}
    assert "barnevern" not in {gap["type"] for gap in result["gaps"]}
    known = make_case([("skole", "skole")], situation=["pupil", "planned_travel"], age=16)
    assert analyse_case(known)["questions"] == []
    assert "barnevern" in {gap["type"] for gap in analyse_case(known)["gaps"]}
