"""Information sharing in substance (FORMATS.md §4.2; issue 12, correction 7).

- private persons have no duty of confidentiality: a tie with no formal service at either
  end is never reported (``"person"`` counts as private);
- ``opplysningsplikt`` fits only a tie to barnevern about a child (age < 18); 18 or older →
  ``basis_does_not_fit``; unknown age → an ``age_unknown`` question, not a problem;
- ``avvergingsplikt`` without ``serious_concern`` → a ``basis_doubtful`` question naming the
  tie (seed 001/002 «Informasjonsutveksling»: the duty concerns serious crime);
- consent whose ``expires`` is before today → ``consent_expired``;
- consent the person gave while under 18 → a ``consent_age`` question (seed 004 § 3.1:
  consent «fra den det gjelder eller dennes foresatte»);
- ``lovhjemmel`` with its note is not reported.
"""

from __future__ import annotations

import datetime as dt

import pytest

from graph.analysis import analyse_case
from graph.analysis.info_sharing import consent_age_then, sharing_report
from graph.format.model import Consent
from tests.conftest import make_case

TODAY = dt.date(2026, 11, 30)
ACTORS = [
    ("skole", "skole"),
    ("bv", "barnevern"),
    ("nav", "nav"),
    ("politi", "politi"),
    ("mor", "foresatte"),
    ("venn", "venner"),
    ("trener", "fritid"),
]


def tie(source: str, target: str, basis: str | None, kind: str = "collaboration", **extra):
    entry = {"from": source, "to": target, "kind": kind, "info_sharing": True, **extra}
    if basis is not None:
        entry["legal_basis"] = basis
    return entry


def report(*ties: dict, age: int | None = 16, situation: tuple[str, ...] = ()):
    case = make_case(ACTORS, ties, age=age, situation=list(situation))
    return sharing_report(case, today=TODAY)


def problems(*ties: dict, **person) -> list[str]:
    return [p.problem for p in report(*ties, **person).problems]


def questions(*ties: dict, **person) -> list[str]:
    return [q.id for q in report(*ties, **person).questions]


# --------------------------------------------------------------------------- private ties


@pytest.mark.parametrize(
    ("source", "target"),
    [("mor", "venn"), ("venn", "trener"), ("person", "mor"), ("venn", "person")],
)
@pytest.mark.parametrize("basis", [None, "none", "opplysningsplikt", "avvergingsplikt"])
def test_ties_between_private_persons_are_never_reported(source, target, basis) -> None:
    assert problems(tie(source, target, basis)) == []
    assert questions(tie(source, target, basis)) == []


@pytest.mark.parametrize(("source", "target"), [("mor", "skole"), ("person", "nav")])
def test_a_formal_service_at_one_end_is_enough(source, target) -> None:
    assert problems(tie(source, target, None)) == ["unknown_basis"]
    assert problems(tie(source, target, "none")) == ["no_legal_basis"]


# --------------------------------------------------------------------------- opplysningsplikt


@pytest.mark.parametrize(("age", "problem"), [(14, None), (15, None), (17, None), (18, "x")])
def test_opplysningsplikt_fits_only_a_child(age: int, problem) -> None:
    found = problems(tie("skole", "bv", "opplysningsplikt", "referral"), age=age)
    assert found == ([] if problem is None else ["basis_does_not_fit"])


def test_opplysningsplikt_for_an_adult_does_not_fit_at_any_adult_age() -> None:
    for age in (18, 19, 40, 120):
        assert problems(tie("skole", "bv", "opplysningsplikt"), age=age) == ["basis_does_not_fit"]


def test_opplysningsplikt_with_unknown_age_is_a_question_not_a_problem() -> None:
    found = report(tie("skole", "bv", "opplysningsplikt", "referral"), age=None)
    assert found.problems == []
    (question,) = found.questions
    assert question.id == "age_unknown"
    assert question.index == 0 and (question.source, question.target) == ("skole", "bv")
    assert question.why.startswith("Finn ut alderen.")
    assert "bånd nr. 1 (Skole – Bv)" in question.why


def test_opplysningsplikt_to_another_service_does_not_fit_whatever_the_age() -> None:
    for age in (14, 17, None):
        assert problems(tie("skole", "nav", "opplysningsplikt"), age=age) == ["basis_does_not_fit"]
    assert questions(tie("skole", "nav", "opplysningsplikt"), age=None) == []


# --------------------------------------------------------------------------- avvergingsplikt


@pytest.mark.parametrize("age", [14, 15, 17, 18, None])
def test_avvergingsplikt_without_serious_concern_is_a_doubtful_basis(age) -> None:
    found = report(tie("skole", "politi", "avvergingsplikt", "referral"), age=age)
    assert found.problems == []  # a question, not an info_sharing problem (FORMATS §4.2)
    (question,) = found.questions
    assert question.id == "basis_doubtful"
    assert (question.index, question.source, question.target) == (0, "skole", "politi")
    assert "bånd nr. 1 (Skole – Politi)" in question.why
    assert "alvorlig bekymring" in question.why
    assert question.rules == ("alvorlig-bekymring",)


def test_avvergingsplikt_with_serious_concern_raises_nothing() -> None:
    found = report(
        tie("skole", "politi", "avvergingsplikt", "referral"), situation=("serious_concern",)
    )
    assert found.problems == [] and found.questions == []


def test_the_doubtful_basis_reaches_the_analysis_questions() -> None:
    case = make_case(ACTORS, [tie("nav", "politi", "avvergingsplikt")], age=30)
    result = analyse_case(case, today=TODAY)
    assert result["info_sharing"] == []
    (question,) = result["questions"]
    assert question["id"] == "basis_doubtful"
    assert (question["tie"], question["from"], question["to"]) == (0, "nav", "politi")


# --------------------------------------------------------------------------- consent


def consent(given_by: str = "person", date: str | None = None, expires: str | None = None):
    described = {"given_by": given_by, "scope": "skole", "expires": expires}
    return described if date is None else {**described, "date": date}


@pytest.mark.parametrize(
    ("expires", "expired"),
    [("2026-11-29", True), ("2026-11-30", False), ("2027-01-01", False), (None, False)],
)
def test_consent_expired_before_today(expires, expired) -> None:
    shared = tie("skole", "nav", "consent", consent=consent("foresatte", expires=expires))
    assert problems(shared) == (["consent_expired"] if expired else [])


def test_consent_without_details_is_fine() -> None:
    assert problems(tie("skole", "nav", "consent")) == []
    assert questions(tie("skole", "nav", "consent"), age=15) == []


@pytest.mark.parametrize(
    ("age", "asked"), [(14, True), (15, True), (17, True), (18, False), (None, True)]
)
def test_consent_given_by_the_person_raises_consent_age_when_under_18(age, asked) -> None:
    shared = tie("skole", "nav", "consent", consent=consent(date="2026-11-30"))
    assert questions(shared, age=age) == (["consent_age"] if asked else [])


@pytest.mark.parametrize("age", [14, 15, 17, None])
def test_consent_given_by_the_foresatte_raises_no_question(age) -> None:
    shared = tie("skole", "nav", "consent", consent=consent("foresatte", date="2026-11-30"))
    assert questions(shared, age=age) == []


def test_consent_given_at_17_by_someone_now_18_is_asked_about() -> None:
    shared = tie("skole", "nav", "consent", consent=consent(date="2025-06-01"))
    (question,) = report(shared, age=18).questions
    assert question.id == "consent_age"
    assert "under 18 år" in question.why


def test_consent_given_months_ago_by_someone_now_18_may_have_been_under_18() -> None:
    shared = tie("skole", "nav", "consent", consent=consent(date="2026-06-01"))
    (question,) = report(shared, age=18).questions
    assert "kanskje under 18 år" in question.why


def test_consent_given_months_ago_by_someone_now_19_was_given_as_an_adult() -> None:
    shared = tie("skole", "nav", "consent", consent=consent(date="2026-06-01"))
    assert questions(shared, age=19) == []


def test_consent_age_names_the_limits_it_uses() -> None:
    under_16 = report(tie("skole", "nav", "consent", consent=consent()), age=15).questions[0]
    assert "Under 16 år" in under_16.why
    at_16 = report(tie("skole", "nav", "consent", consent=consent()), age=16).questions[0]
    assert "Fra 16 år" in at_16.why


def test_an_expired_consent_is_a_problem_and_not_also_a_question() -> None:
    shared = tie("skole", "nav", "consent", consent=consent(expires="2026-01-01"))
    found = report(shared, age=15)
    assert [p.problem for p in found.problems] == ["consent_expired"]
    assert found.questions == []


@pytest.mark.parametrize(
    ("age", "date", "expected"),
    [
        (16, None, (16, 16)),
        (18, "2026-11-30", (18, 18)),
        (18, "2025-11-30", (16, 17)),
        (18, "2025-12-01", (17, 18)),
        (20, "2027-01-01", (20, 20)),  # a date after today is taken as today
        (1, "2020-01-01", (0, 0)),
    ],
)
def test_age_at_consent(age: int, date: str | None, expected: tuple[int, int]) -> None:
    given = Consent(given_by="person") if date is None else Consent(given_by="person", date=date)
    assert consent_age_then(age, given, TODAY) == expected


# --------------------------------------------------------------------------- lovhjemmel


def test_lovhjemmel_with_its_note_is_not_reported() -> None:
    shared = tie("politi", "skole", "lovhjemmel", "referral", legal_basis_note="Varsling")
    assert problems(shared, age=None) == [] and questions(shared, age=None) == []
