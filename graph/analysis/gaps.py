"""The gaps of a case: which actors the guidance asks for that the network lacks.

This glues a case to the rule engine of :mod:`graph.guidance`: it builds the
:class:`~graph.guidance.gaps.Profile` from the case and turns each gap into the
JSON of FORMATS.md §3.1.

Cost: one pass over the actors to collect their types; the rules are then evaluated
against that set, so the cost depends on the rule set, not on the number of actors or
ties.
"""

from __future__ import annotations

from typing import Any

from graph.catalogue import Catalogue, load_catalogue
from graph.guidance.gaps import Gap, Profile, Question, find_gaps, find_questions
from graph.guidance.ruleset import RuleSet
from graph.model import Case


def case_profile(case: Case) -> Profile:
    """What the rules look at: age, situation, the wish for a plan, the types present."""
    person = case.person
    return Profile.build(
        age=person.age,
        situation=person.situation,
        wants_individual_plan=person.wants_individual_plan,
        present_types={actor.type for actor in case.actors},
    )


def case_gaps(case: Case, ruleset: RuleSet | None = None) -> list[Gap]:
    """The gaps of a case, strongest first (see :func:`graph.guidance.gaps.find_gaps`)."""
    return find_gaps(case_profile(case), ruleset)


def case_questions(case: Case, ruleset: RuleSet | None = None) -> list[Question]:
    """What the rules cannot decide from the case file (FORMATS.md §4.2 ``questions``)."""
    return find_questions(case_profile(case), ruleset)


def question_as_dict(question: Question) -> dict[str, Any]:
    """JSON-ready question: ``id``, Norwegian ``why`` and the ``rules`` it affects."""
    return {"id": question.id, "why": question.why, "rules": list(question.rules)}


def gap_as_dict(gap: Gap, catalogue: Catalogue | None = None) -> dict[str, Any]:
    """JSON-ready gap: FORMATS.md §3.1 keys (from the strongest rule) plus every rule."""
    catalogue = catalogue or load_catalogue()
    first = gap.rules[0]
    return {
        "type": gap.type,
        "label": catalogue.label(gap.type),
        "level": gap.level,
        "rule": first.rule_id,
        "reason": first.reason,
        "source": "; ".join(first.sources),
        "alternatives": list(gap.alternatives),
        "rules": [
            {
                "rule": hit.rule_id,
                "level": hit.level,
                "title": hit.title,
                "reason": hit.reason,
                "source": "; ".join(hit.sources),
                "verification": hit.verification,
                "alternatives": list(hit.alternatives),
            }
            for hit in gap.rules
        ],
    }
