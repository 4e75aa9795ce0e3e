"""Where personal information about the person is shared without a fitting legal basis.

Sharing across services needs a basis (seed 001/002 «Informasjonsutveksling»; seed 004
§ 3.1): consent «fra den det gjelder eller dennes foresatte», the duty to avert serious
crime (avvergingsplikt, straffeloven § 196), the duty to inform barnevern
(opplysningsplikt), or another statutory basis named in a note (``lovhjemmel``). The checks
follow FORMATS.md §3.1 as changed by §4.2 (issue 12, correction 7):

- a tie where neither end is a formal service is never reported: private persons have no
  duty of confidentiality, and ``"person"`` counts as private;
- ``none`` → ``no_legal_basis``; absent → ``unknown_basis``;
- ``opplysningsplikt`` fits only a tie to ``barnevern`` about a child: to anyone else, or
  when the person is 18 or older → ``basis_does_not_fit``; with an unknown age it is a
  question (``age_unknown``), not a problem;
- ``consent`` whose ``expires`` is before today → ``consent_expired``; consent the person
  gave while under 18 → a ``consent_age`` question;
- ``avvergingsplikt`` while the case is not marked ``serious_concern`` → a
  ``basis_doubtful`` question naming the tie (not a problem);
- ``lovhjemmel`` with its note is not reported (validation refuses it without a note).

Cost: one pass over the ties, with a dictionary of actor types and labels.

Examples
--------
>>> from graph.format.model import Case
>>> case = Case.model_validate({"format": "tverrkart-case/1", "person": {"alias": "A"},
...     "actors": [{"id": "skole", "label": "Skole", "type": "skole"},
...                {"id": "nav", "label": "NAV", "type": "nav"},
...                {"id": "mor", "label": "Mor", "type": "foresatte"}],
...     "ties": [{"from": "skole", "to": "nav", "kind": "collaboration",
...               "info_sharing": True, "legal_basis": "opplysningsplikt"},
...              {"from": "mor", "to": "person", "kind": "support",
...               "info_sharing": True, "legal_basis": "none"}]})
>>> [p.problem for p in sharing_problems(case)]
['basis_does_not_fit']
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from graph.format.model import PERSON_ID, Case, Consent, Tie
from graph.guidance.gaps import Question
from graph.reference.catalogue import Catalogue, load_catalogue

NO_LEGAL_BASIS = "no_legal_basis"
UNKNOWN_BASIS = "unknown_basis"
BASIS_DOES_NOT_FIT = "basis_does_not_fit"
CONSENT_EXPIRED = "consent_expired"

ADULT_AGE = 18
"""Under 18 a person is mindreårig (vergemålsloven § 2): the foresatte have parental
responsibility and as a rule consent with or for the child (barneloven § 30, § 33;
seed 004 § 3.1: consent «fra den det gjelder eller dennes foresatte»)."""
HEALTH_CONSENT_AGE = 16
"""From 16 a young person consents to health care themself (pasient- og
brukerrettighetsloven § 4-3 første ledd bokstav b). Not a seed; documented in
docs/rules.md «Samtykke og alder»."""

_MESSAGES = {
    NO_LEGAL_BASIS: "Opplysninger deles uten rettslig grunnlag. Be om samtykke, eller stans "
    "delingen.",
    UNKNOWN_BASIS: "Opplysninger deles, men grunnlaget er ikke oppgitt. Avklar om det finnes "
    "samtykke eller en lovhjemmel.",
    BASIS_DOES_NOT_FIT: "Opplysningsplikten gjelder bare opplysninger til barnevernet om et barn "
    "under 18 år. Her går opplysningene til en annen, eller personen er voksen, så grunnlaget "
    "passer ikke.",
    CONSENT_EXPIRED: "Samtykket har gått ut. Be om et nytt samtykke, eller stans delingen.",
}


@dataclass(frozen=True)
class SharingProblem:
    """One tie where information is shared without a fitting legal basis."""

    index: int
    source: str
    target: str
    problem: str

    @property
    def message(self) -> str:
        """What is wrong and what to do, in Norwegian."""
        return _MESSAGES[self.problem]

    def as_dict(self) -> dict:
        """JSON-ready form (FORMATS.md §3.1 ``info_sharing``)."""
        return {
            "from": self.source,
            "to": self.target,
            "problem": self.problem,
            "tie": self.index,
            "message": self.message,
        }


@dataclass(frozen=True)
class TieQuestion:
    """A question about one tie's basis (FORMATS.md §4.2 ``questions``)."""

    id: str
    index: int
    source: str
    target: str
    why: str
    rules: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class SharingReport:
    """Problems and questions of a case's information sharing."""

    problems: list[SharingProblem]
    questions: list[TieQuestion]


def _reaches_barnevern(tie: Tie, types: dict[str, str]) -> bool:
    """Does information along this tie go to barnevern?

    A referral has a direction, so its target must be barnevern. Other kinds are
    not directed (the order of from/to is arbitrary), so either end may be it. The
    duty lies on services and professionals, never on the person at the centre, so a
    tie to the person never fits.
    """
    if PERSON_ID in (tie.source, tie.target):
        return False
    if tie.kind == "referral":
        return types.get(tie.target) == "barnevern"
    return "barnevern" in (types.get(tie.source), types.get(tie.target))


def _has_formal_end(tie: Tie, types: dict[str, str], catalogue: Catalogue) -> bool:
    """Is a formal service at one end? The person and unknown types count as private."""
    for end in (tie.source, tie.target):
        entry = catalogue.types.get(types.get(end, ""))
        if entry is not None and entry.is_formal:
            return True
    return False


def tie_problem(tie: Tie, types: dict[str, str], age: int | None = 0) -> str | None:
    """The problem with one tie's basis, or None when it is fine or only a question.

    ``age`` is the person's age; the default (a child) keeps the v1 reading where only
    the receiving end decides ``opplysningsplikt``. Consent expiry needs a date and is
    checked by :func:`sharing_report`.
    """
    if not tie.info_sharing:
        return None
    if tie.legal_basis == "none":
        return NO_LEGAL_BASIS
    if tie.legal_basis is None:
        return UNKNOWN_BASIS
    if tie.legal_basis == "opplysningsplikt":
        if not _reaches_barnevern(tie, types):
            return BASIS_DOES_NOT_FIT
        if age is not None and age >= ADULT_AGE:
            return BASIS_DOES_NOT_FIT
    return None


def _years_between(start: dt.date, end: dt.date) -> int:
    """Whole years from ``start`` to ``end`` (0 when ``start`` is later).

    >>> _years_between(dt.date(2025, 9, 1), dt.date(2026, 8, 31))
    0
    >>> _years_between(dt.date(2025, 9, 1), dt.date(2026, 9, 1))
    1
    """
    if start >= end:
        return 0
    years = end.year - start.year
    return years - 1 if (end.month, end.day) < (start.month, start.day) else years


def consent_age_then(age: int, consent: Consent, today: dt.date) -> tuple[int, int]:
    """The youngest and oldest the person can have been when consenting.

    ``age`` is today's age. Without a date the consent is taken as given today.

    >>> c = Consent(given_by="person", date="2025-09-01")
    >>> consent_age_then(18, c, dt.date(2026, 9, 1))
    (16, 17)
    >>> consent_age_then(18, Consent(given_by="person"), dt.date(2026, 9, 1))
    (18, 18)
    """
    if consent.date is None:
        return age, age
    given = dt.date.fromisoformat(consent.date)
    if given >= today:
        return age, age
    oldest = age - _years_between(given, today)
    return max(oldest - 1, 0), max(oldest, 0)


def _consent_limits(youngest: int) -> str:
    if youngest < HEALTH_CONSENT_AGE:
        return (
            "Under 16 år må foresatte som hovedregel samtykke for barnet, og barnet skal høres "
            "etter alder og modenhet."
        )
    return (
        "Fra 16 år kan ungdom selv samtykke til helsehjelp, men for annen deling er "
        "hovedregelen at foresatte samtykker til barnet er 18 år."
    )


def consent_age_why(age: int | None, consent: Consent, today: dt.date, where: str) -> str | None:
    """The ``consent_age`` question's text, or None when the person consented as an adult."""
    start = f"Samtykket på {where} er gitt av personen selv"
    if age is None:
        return (
            f"{start}, men alderen er ikke registrert. Finn ut om personen var under 18 år da, "
            "for da må dere avklare om foresatte også må samtykke."
        )
    youngest, oldest = consent_age_then(age, consent, today)
    if youngest >= ADULT_AGE:
        return None
    when = "under 18 år" if oldest < ADULT_AGE else "kanskje under 18 år"
    return f"{start} da hen var {when}. Avklar om foresatte også må samtykke. " + _consent_limits(
        youngest
    )


def _where(index: int, tie: Tie, labels: dict[str, str]) -> str:
    return (
        f"bånd nr. {index + 1} ({labels.get(tie.source, tie.source)} – "
        f"{labels.get(tie.target, tie.target)})"
    )


def _questions(
    index: int, tie: Tie, case: Case, labels: dict[str, str], today: dt.date
) -> list[TieQuestion]:
    where = _where(index, tie, labels)
    age = case.person.age
    found = []
    if tie.legal_basis == "avvergingsplikt" and "serious_concern" not in case.person.situation:
        why = (
            f"Opplysninger deles med avvergingsplikt som grunnlag på {where}, men saken er ikke "
            "merket som alvorlig bekymring. Avvergingsplikten (straffeloven § 196) gjelder "
            "alvorlige lovbrudd som terror og drap. Avklar om bekymringen er alvorlig, og merk "
            "den i så fall; hvis ikke trengs et annet grunnlag, som samtykke."
        )
        found.append(
            TieQuestion(
                "basis_doubtful", index, tie.source, tie.target, why, ("alvorlig-bekymring",)
            )
        )
    if tie.legal_basis == "opplysningsplikt" and age is None:
        why = (
            f"Finn ut alderen. Opplysningsplikten til barnevernet gjelder barn under 18 år, og "
            f"den brukes som grunnlag på {where}. Er personen 18 år eller eldre, passer ikke "
            "grunnlaget."
        )
        found.append(TieQuestion("age_unknown", index, tie.source, tie.target, why))
    consent = tie.consent if tie.legal_basis == "consent" else None
    if consent is not None and consent.given_by == "person":
        why = consent_age_why(age, consent, today, where)
        if why:
            found.append(TieQuestion("consent_age", index, tie.source, tie.target, why))
    return found


def sharing_report(
    case: Case, catalogue: Catalogue | None = None, today: dt.date | None = None
) -> SharingReport:
    """Problems and questions of every information-sharing tie, in file order.

    Parameters
    ----------
    case : Case
    catalogue : Catalogue, optional
        Says which types are formal services.
    today : datetime.date, optional
        The day consent expiry and age at consent are judged on; today by default.
    """
    catalogue = catalogue or load_catalogue()
    today = today or dt.date.today()
    types = {a.id: a.type for a in case.actors}
    labels = {a.id: a.label for a in case.actors}
    labels[PERSON_ID] = "personen"
    problems: list[SharingProblem] = []
    questions: list[TieQuestion] = []
    for index, tie in enumerate(case.ties):
        if not tie.info_sharing or not _has_formal_end(tie, types, catalogue):
            continue
        problem = tie_problem(tie, types, case.person.age)
        consent = tie.consent if tie.legal_basis == "consent" else None
        if problem is None and consent is not None and consent.expired(today):
            problem = CONSENT_EXPIRED
        if problem:
            problems.append(SharingProblem(index, tie.source, tie.target, problem))
            continue
        questions += _questions(index, tie, case, labels, today)
    return SharingReport(problems, questions)


def sharing_problems(
    case: Case, catalogue: Catalogue | None = None, today: dt.date | None = None
) -> list[SharingProblem]:
    """Every tie that shares information without a fitting basis, in file order."""
    return sharing_report(case, catalogue, today).problems


def question_from_tie(question: TieQuestion) -> Question:
    """The tie question as a plain :class:`~graph.guidance.gaps.Question`."""
    return Question(question.id, question.why, question.rules)
