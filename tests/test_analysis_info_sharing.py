"""Tests for the information-sharing check (FORMATS.md §3.1 ``info_sharing``).

``none`` → no_legal_basis; absent → unknown_basis; ``opplysningsplikt`` only fits a tie
whose other end is barnevern (a referral must point *to* barnevern), otherwise
basis_does_not_fit; ``consent`` and ``avvergingsplikt`` are never reported. The v1.1
changes (FORMATS.md §4.2: private ties, the person's age, expired consent, questions) are
in ``tests/test_info_sharing_substance.py``.
"""

from __future__ import annotations

import pytest

from graph.analysis.info_sharing import sharing_problems
from tests.conftest import make_case

ACTORS = [
    ("skole", "skole"),
    ("bv", "barnevern"),
    ("nav", "nav"),
    ("mor", "foresatte"),
    ("politi", "politi"),
]


def shared(
    source: str,
    target: str,
    kind: str = "collaboration",
    basis: str | None = None,
    info: bool = True,
) -> dict:
    tie = {"from": source, "to": target, "kind": kind, "info_sharing": info}
    if basis is not None:
        tie["legal_basis"] = basis
    return tie


def problems(*ties: dict) -> list[tuple[str, str, str]]:
    case = make_case(ACTORS, ties)
    return [(p.source, p.target, p.problem) for p in sharing_problems(case)]


def problem_of(tie: dict) -> str | None:
    found = problems(tie)
    return found[0][2] if found else None


# --------------------------------------------------------------------------- no sharing


@pytest.mark.parametrize("basis", [None, "none", "opplysningsplikt", "consent"])
def test_no_sharing_is_never_reported(basis) -> None:
    assert problem_of(shared("skole", "nav", basis=basis, info=False)) is None


def test_sharing_defaults_to_false() -> None:
    assert (
        problems({"from": "skole", "to": "nav", "kind": "collaboration", "legal_basis": "none"})
        == []
    )


# --------------------------------------------------------------------------- none / absent


def test_basis_none_is_no_legal_basis() -> None:
    assert problems(shared("skole", "nav", basis="none")) == [("skole", "nav", "no_legal_basis")]


def test_basis_none_towards_barnevern_is_still_no_legal_basis() -> None:
    assert problem_of(shared("skole", "bv", "referral", basis="none")) == "no_legal_basis"


def test_absent_basis_is_unknown_basis() -> None:
    assert problems(shared("mor", "skole")) == [("mor", "skole", "unknown_basis")]


def test_absent_basis_on_a_tie_to_barnevern_is_unknown_basis() -> None:
    assert problem_of(shared("skole", "bv", "referral")) == "unknown_basis"


# ---------------------------------------------------------------- consent / avvergingsplikt


@pytest.mark.parametrize("basis", ["consent", "avvergingsplikt"])
@pytest.mark.parametrize(
    ("source", "target", "kind"),
    [
        ("skole", "nav", "collaboration"),
        ("nav", "politi", "referral"),
        ("politi", "mor", "relation"),
        ("skole", "bv", "referral"),
        ("person", "nav", "support"),
    ],
)
def test_consent_and_avvergingsplikt_are_never_reported(basis, source, target, kind) -> None:
    assert problem_of(shared(source, target, kind, basis=basis)) is None


# --------------------------------------------------------------------------- opplysningsplikt


def test_opplysningsplikt_skole_to_barnevern_collaboration_fits() -> None:
    assert problem_of(shared("skole", "bv", "collaboration", "opplysningsplikt")) is None


def test_opplysningsplikt_barnevern_to_skole_collaboration_fits_undirected() -> None:
    # collaboration has no direction: the order of from/to is arbitrary, barnevern is one end
    assert problem_of(shared("bv", "skole", "collaboration", "opplysningsplikt")) is None


@pytest.mark.parametrize("kind", ["relation", "support", "conflict", "risk"])
def test_opplysningsplikt_other_undirected_kinds_either_end(kind) -> None:
    assert problem_of(shared("bv", "skole", kind, "opplysningsplikt")) is None
    assert problem_of(shared("skole", "bv", kind, "opplysningsplikt")) is None


def test_opplysningsplikt_referral_to_barnevern_fits() -> None:
    assert problem_of(shared("skole", "bv", "referral", "opplysningsplikt")) is None


def test_opplysningsplikt_referral_from_barnevern_does_not_fit() -> None:
    assert problems(shared("bv", "skole", "referral", "opplysningsplikt")) == [
        ("bv", "skole", "basis_does_not_fit")
    ]


@pytest.mark.parametrize("kind", ["collaboration", "referral", "relation"])
def test_opplysningsplikt_between_other_services_does_not_fit(kind) -> None:
    assert problem_of(shared("skole", "nav", kind, "opplysningsplikt")) == "basis_does_not_fit"


@pytest.mark.parametrize(
    ("source", "target", "kind"),
    [
        ("skole", "person", "support"),
        ("person", "skole", "relation"),
        ("person", "nav", "referral"),
        # ("mor", "person"): private persons only, never reported (FORMATS §4.2; see
        # tests/test_info_sharing_substance.py)
    ],
)
def test_opplysningsplikt_on_a_tie_to_the_person_does_not_fit(source, target, kind) -> None:
    assert problem_of(shared(source, target, kind, "opplysningsplikt")) == "basis_does_not_fit"


@pytest.mark.parametrize(
    ("source", "target", "kind"),
    [("person", "bv", "referral"), ("bv", "person", "support"), ("person", "bv", "relation")],
)
def test_opplysningsplikt_between_the_person_and_barnevern_does_not_fit(
    source, target, kind
) -> None:
    assert problem_of(shared(source, target, kind, "opplysningsplikt")) == "basis_does_not_fit"


# --------------------------------------------------------------------------- order, index, message


def test_order_is_file_order_and_tie_is_the_index() -> None:
    ties = [
        ("person", "mor", "support"),  # 0: no sharing
        shared("skole", "nav", basis="opplysningsplikt"),  # 1: does not fit
        shared("skole", "bv", "referral", "consent"),  # 2: fine
        shared("mor", "skole"),  # 3: unknown
        shared("nav", "politi", basis="none"),  # 4: none
        shared("bv", "skole", "referral", "opplysningsplikt"),  # 5: does not fit
    ]
    case = make_case(ACTORS, ties)
    found = [p.as_dict() for p in sharing_problems(case)]
    assert [(p["tie"], p["from"], p["to"], p["problem"]) for p in found] == [
        (1, "skole", "nav", "basis_does_not_fit"),
        (3, "mor", "skole", "unknown_basis"),
        (4, "nav", "politi", "no_legal_basis"),
        (5, "bv", "skole", "basis_does_not_fit"),
    ]
    for entry in found:
        assert case.ties[entry["tie"]].source == entry["from"]
        assert case.ties[entry["tie"]].target == entry["to"]


@pytest.mark.parametrize(
    ("tie", "words"),
    [
        (shared("skole", "nav", basis="none"), ("uten rettslig grunnlag", "samtykke")),
        (shared("skole", "nav"), ("grunnlaget er ikke oppgitt",)),
        (shared("skole", "nav", basis="opplysningsplikt"), ("barnevernet", "passer ikke")),
    ],
)
def test_message_is_norwegian(tie, words) -> None:
    (entry,) = [p.as_dict() for p in sharing_problems(make_case(ACTORS, [tie]))]
    assert set(entry) >= {"from", "to", "problem", "tie", "message"}
    for word in words:
        assert word in entry["message"]
    for english in (" the ", "legal basis", " consent"):
        assert english not in entry["message"]
