"""The national guidance as data (``data/rules.toml``) and the engine that finds gaps.

See :mod:`graph.guidance.ruleset` for the rule language,
:mod:`graph.guidance.gaps` for how a case's gaps are found and
:mod:`graph.guidance.steps` for the handling steps (``data/steps.toml``).
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
from graph.guidance.steps import Routine, Step, StepCatalogue, applicable_steps, load_steps

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
    "Routine",
    "Rule",
    "RuleHit",
    "RuleSet",
    "RuleSetError",
    "Step",
    "StepCatalogue",
    "applicable_rules",
    "applicable_steps",
    "applies",
    "find_gaps",
    "find_questions",
    "load_ruleset",
    "load_steps",
    "parse_ruleset",
    "satisfied",
]
