"""Notifications made, not just actors present (FORMATS.md §4.2 ``notifications``).

Some rules are worded as a notification in their source: «skal lokalt politi varsles»
(seed 000 «Før utreise»), «Det skal sendes bekymringsmelding til barnevernet» (ibid.),
«Alvorlige bekymringer meldes til politi og/eller PST» (seed 000 trinn 4, seed 002). Such a
rule is marked ``notification = true`` in ``data/rules.toml``. Having the police in the
network does not show that they were notified: a notification is ``made`` only when a
``referral`` tie (a report, directed from → to) reaches an actor of an asked type or of an
equivalent type (the radicalisation contact is the police); otherwise it is ``missing``.

Cost: one pass over the ties to collect the types that referrals reach, then the rules.

Examples
--------
>>> from graph.format.model import Case
>>> case = Case.model_validate({"format": "tverrkart-case/1",
...     "person": {"alias": "A", "age": 16, "situation": ["planned_travel"]},
...     "actors": [{"id": "skole", "label": "Skole", "type": "skole"},
...                {"id": "rk", "label": "Radikaliseringskontakt",
...                 "type": "radikaliseringskontakt"}],
...     "ties": [{"from": "skole", "to": "rk", "kind": "referral"}]})
>>> [(n["rule"], n["status"]) for n in case_notifications(case)]
[('utreise-politi', 'made'), ('utreise-under-18', 'missing')]
"""

from __future__ import annotations

from typing import Any

from graph.analysis.gaps import case_profile
from graph.format.model import Case
from graph.guidance.gaps import applicable_rules, covered_types
from graph.guidance.ruleset import RuleSet, load_ruleset
from graph.reference.citations import describe_citation

MADE = "made"
MISSING = "missing"


def case_notifications(case: Case, ruleset: RuleSet | None = None) -> list[dict[str, Any]]:
    """Every applicable notification rule with ``made`` or ``missing``, in rule order.

    Each entry has ``type`` (the type the team is pointed to), ``types`` (every type
    that fulfils it), ``rule``, ``title``, ``level``, ``status``, ``ties`` (the indices
    of the referral ties that made it) and ``source``.
    """
    ruleset = ruleset if ruleset is not None else load_ruleset()
    types = {actor.id: actor.type for actor in case.actors}
    reached: dict[str, list[int]] = {}
    for index, tie in enumerate(case.ties):
        if tie.kind == "referral" and tie.target in types:
            reached.setdefault(types[tie.target], []).append(index)
    age = case.person.age
    entries = []
    for rule, _ in applicable_rules(case_profile(case), ruleset):
        if not rule.notification:
            continue
        # A referral to a type that stands in for an asked type counts (kontakt → politi).
        hits = sorted(
            index
            for reached_type, indices in reached.items()
            if not covered_types(
                {reached_type}, ruleset.equivalences, age, ruleset.age_limits
            ).isdisjoint(rule.asks_any)
            for index in indices
        )
        entries.append(
            {
                "type": rule.proposed[0],
                "types": list(rule.asks_any),
                "rule": rule.id,
                "title": rule.title,
                "level": rule.level,
                "status": MADE if hits else MISSING,
                "ties": hits,
                "source": "; ".join(describe_citation(c) for c in rule.source),
            }
        )
    return entries
