"""The national guidance as data (``data/rules.toml``) and the engine that finds gaps.

See :mod:`graph.guidance.ruleset` for the rule language and
:mod:`graph.guidance.gaps` for how a case's gaps are found.
"""

from graph.guidance.gaps import (
    Gap,
    Profile,
    Question,
    RuleHit,
    applicable_rules,
    applies,
    find_gaps,
    find_questions,
    satisfied,
)
from graph.guidance.ruleset import (
    LEVELS,
    SITUATION_FLAGS,
    AgeLimit,
    Condition,
    Coordinator,
    Equivalence,
    Rule,
    RuleSet,
    RuleSetError,
    load_ruleset,
    parse_ruleset,
)

__all__ = [
    "LEVELS",
    "SITUATION_FLAGS",
    "AgeLimit",
    "Condition",
    "Coordinator",
    "Equivalence",
    "Gap",
    "Profile",
    "Question",
    "Rule",
    "RuleHit",
    "RuleSet",
    "RuleSetError",
    "applicable_rules",
    "applies",
    "find_gaps",
    "find_questions",
    "load_ruleset",
    "parse_ruleset",
    "satisfied",
]
