"""Where personal information about the person is shared without a fitting legal basis.

Sharing across services needs a basis: consent, the duty to avert serious crime
(avvergingsplikt, straffeloven § 196) or the duty to inform barnevern
(opplysningsplikt), which only covers information *to* barnevern (seed 001/002
«Informasjonsutveksling»; FORMATS.md §3.1).

Examples
--------
>>> from graph.model import Case
>>> case = Case.model_validate({"format": "tverrkart-case/1", "person": {"alias": "A"},
...     "actors": [{"id": "skole", "label": "Skole", "type": "skole"},
...                {"id": "nav", "label": "NAV", "type": "nav"}],
...     "ties": [{"from": "skole", "to": "nav", "kind": "collaboration",
...               "info_sharing": True, "legal_basis": "opplysningsplikt"}]})
>>> [p.problem for p in sharing_problems(case)]
['basis_does_not_fit']
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.model import PERSON_ID, Case, Tie

NO_LEGAL_BASIS = "no_legal_basis"
UNKNOWN_BASIS = "unknown_basis"
BASIS_DOES_NOT_FIT = "basis_does_not_fit"

_MESSAGES = {
    NO_LEGAL_BASIS: "Opplysninger deles uten rettslig grunnlag. Be om samtykke, eller stans "
    "delingen.",
    UNKNOWN_BASIS: "Opplysninger deles, men grunnlaget er ikke oppgitt. Avklar om det finnes "
    "samtykke eller en lovhjemmel.",
    BASIS_DOES_NOT_FIT: "Opplysningsplikten gjelder bare opplysninger til barnevernet. Her går "
    "opplysningene til en annen, så grunnlaget passer ikke.",
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


def tie_problem(tie: Tie, types: dict[str, str]) -> str | None:
    """The problem with one tie's information sharing, or None when it is fine."""
    if not tie.info_sharing:
        return None
    if tie.legal_basis == "none":
        return NO_LEGAL_BASIS
    if tie.legal_basis is None:
        return UNKNOWN_BASIS
    if tie.legal_basis == "opplysningsplikt" and not _reaches_barnevern(tie, types):
        return BASIS_DOES_NOT_FIT
    return None


def sharing_problems(case: Case) -> list[SharingProblem]:
    """Every tie that shares information without a fitting basis, in file order."""
    types = {a.id: a.type for a in case.actors}
    types[PERSON_ID] = PERSON_ID
    problems = []
    for index, tie in enumerate(case.ties):
        problem = tie_problem(tie, types)
        if problem:
            problems.append(SharingProblem(index, tie.source, tie.target, problem))
    return problems
