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

from graph.format.model import Case
from graph.guidance.gaps import Gap, Profile, Question, find_gaps, find_questions
from graph.guidance.ruleset import RuleSet
from graph.reference.catalogue import Catalogue, load_catalogue


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


def grouped_gaps(gaps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The gaps of an analysis as needs: one entry per set of types that stand in for each other.

    A rule that any one of five types satisfies is one need, not five gaps: counting
    alternatives would tell a team five actors are missing where one would do.
    Each need keeps the strictest level among its gaps, its types in order, and
    every rule behind it once.

    Parameters
    ----------
    gaps : list of dict
        ``analysis["gaps"]`` (:func:`gap_as_dict`).

    Returns
    -------
    list of dict
        ``{"level", "types", "labels", "rules"}`` in the order of the first gap of each need.

    Examples
    --------
    >>> gaps = [
    ...     {"type": "a", "label": "A", "level": "may", "alternatives": ["b"],
    ...      "rules": [{"rule": "r"}]},
    ...     {"type": "b", "label": "B", "level": "may", "alternatives": ["a"],
    ...      "rules": [{"rule": "r"}]},
    ...     {"type": "c", "label": "C", "level": "must", "alternatives": [], "rules": []},
    ... ]
    >>> [(need["level"], need["types"]) for need in grouped_gaps(gaps)]
    [('may', ['a', 'b']), ('must', ['c'])]
    """
    strictness = {"must": 0, "should": 1, "may": 2}
    needs: dict[frozenset[str], dict[str, Any]] = {}
    for gap in gaps:
        key = frozenset([gap["type"], *gap["alternatives"]])
        need = needs.setdefault(
            key, {"level": gap["level"], "types": [], "labels": [], "rules": []}
        )
        need["types"].append(gap["type"])
        need["labels"].append(gap["label"])
        if strictness[gap["level"]] < strictness[need["level"]]:
            need["level"] = gap["level"]
        known = {rule["rule"] for rule in need["rules"]}
        need["rules"] += [rule for rule in gap["rules"] if rule["rule"] not in known]
    return list(needs.values())
