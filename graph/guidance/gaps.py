"""The gap engine: which actors the guidance asks for that the network does not have.

A *gap* is an actor type that at least one applicable guidance rule asks for and that no
actor in the case has. The engine is pure: it reads a :class:`Profile` (age, situation
flags, the wish for an individuell plan and the actor types present) and a
:class:`~graph.guidance.ruleset.RuleSet`, and returns the gaps merged per type, the
strongest first, each with every rule behind it and that rule's sources.

The semantics, in short (``docs/rules.md`` has the long version):

- a rule whose ``when`` does not hold gives nothing;
- a rule is satisfied when any type it asks for is present, or a type that an
  equivalence says meets it (``politi`` is met by ``radikaliseringskontakt``); a type
  with an age limit (``slt_koordinator``) only stands in for another when it can serve
  the person's age;
- an unsatisfied rule makes each type it proposes (``propose``, by default every type it
  asks for) a gap, with the rule's other types as alternatives ("politi og/eller PST");
- a type that is present is never a gap;
- gaps are sorted by level (must, should, may), then by the type order of FORMATS.md §1
  (formal services first, then the informal network), then by key.

Examples
--------
>>> profile = Profile.build(age=16, situation={"planned_travel"}, present_types={"skole"})
>>> [(gap.type, gap.level) for gap in find_gaps(profile)][:2]
[('barnevern', 'must'), ('politi', 'must')]
>>> profile = Profile.build(age=16, situation={"planned_travel"},
...                         present_types={"radikaliseringskontakt", "barnevern"})
>>> "politi" in {gap.type for gap in find_gaps(profile)}
False
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from graph.guidance.ruleset import (
    LEVELS,
    AgeLimit,
    Condition,
    Equivalence,
    Rule,
    RuleSet,
    load_ruleset,
)
from graph.reference.catalogue import REQUIRED_FORMAL, REQUIRED_INFORMAL
from graph.reference.citations import describe_citation

#: Rank of each level: lower is stronger.
LEVEL_RANK: dict[str, int] = {level: rank for rank, level in enumerate(LEVELS)}

#: The fixed type order for sorting: FORMATS.md §1, formal services first, then informal.
TYPE_ORDER: tuple[str, ...] = (*REQUIRED_FORMAL, *REQUIRED_INFORMAL)
_TYPE_RANK: dict[str, int] = {key: rank for rank, key in enumerate(TYPE_ORDER)}


@dataclass(frozen=True)
class Profile:
    """What the rules look at in a case.

    Attributes
    ----------
    age : int or None
        The person's age, ``None`` when unknown.
    situation : frozenset of str
        The situation flags (FORMATS.md §1).
    wants_individual_plan : bool or None
        Whether the person wants an individuell plan; ``None`` when not asked.
    present_types : frozenset of str
        The actor types of the actors in the network.
    """

    age: int | None
    situation: frozenset[str]
    wants_individual_plan: bool | None
    present_types: frozenset[str]

    @classmethod
    def build(
        cls,
        *,
        age: int | None = None,
        situation: Iterable[str] = (),
        wants_individual_plan: bool | None = None,
        present_types: Iterable[str] = (),
    ) -> Profile:
        """Make a profile from any iterables, with empty defaults.

        Examples
        --------
        >>> Profile.build(age=17, situation=["pupil"]).situation
        frozenset({'pupil'})
        """
        return cls(
            age=age,
            situation=frozenset(situation),
            wants_individual_plan=wants_individual_plan,
            present_types=frozenset(present_types),
        )

    def with_types(self, *types: str) -> Profile:
        """Return the same profile with more actor types present."""
        return Profile(
            age=self.age,
            situation=self.situation,
            wants_individual_plan=self.wants_individual_plan,
            present_types=self.present_types | frozenset(types),
        )


@dataclass(frozen=True)
class RuleHit:
    """One rule behind a gap, ready to show: why, how strongly and where it says so.

    Attributes
    ----------
    sources : tuple of str
        The rule's citations described for a reader (document title and section).
    citations : tuple of str
        The raw citations as written in ``data/rules.toml``.
    alternatives : tuple of str
        The rule's other asked-for types: any one of them would also satisfy this rule.
    """

    rule_id: str
    level: str
    title: str
    reason: str
    sources: tuple[str, ...]
    citations: tuple[str, ...]
    verification: str
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True)
class Question:
    """Something the engine cannot decide from the file, for the team to find out.

    Attributes
    ----------
    id : str
        ``age_unknown`` (FORMATS.md §4.2).
    why : str
        A Norwegian sentence for the team: what to find out and what depends on it.
    rules : tuple of str
        The ids of the rules that could apply once the answer is known.
    """

    id: str
    why: str
    rules: tuple[str, ...]


@dataclass(frozen=True)
class Gap:
    """An actor type the guidance asks for that the network lacks.

    Attributes
    ----------
    type : str
        The missing actor type.
    level : str
        The strongest level among ``rules``.
    rules : tuple of RuleHit
        Every applicable, unsatisfied rule that asks for the type, strongest first.
    alternatives : tuple of str
        Every other type that would satisfy at least one of ``rules`` (each rule's own
        alternatives are on its :class:`RuleHit`), in type order.
    """

    type: str
    level: str
    rules: tuple[RuleHit, ...]
    alternatives: tuple[str, ...]


# -- small pure pieces --------------------------------------------------------------------


def type_sort_key(type_key: str) -> tuple[int, str]:
    """Sort key for actor types: FORMATS.md order, unknown keys last by name."""
    return (_TYPE_RANK.get(type_key, len(TYPE_ORDER)), type_key)


def level_rank(level: str) -> int:
    """Return 0 for ``must``, 1 for ``should``, 2 for ``may``."""
    return LEVEL_RANK[level]


def covered_types(
    present: Iterable[str],
    equivalences: Sequence[Equivalence],
    age: int | None = None,
    age_limits: Sequence[AgeLimit] = (),
) -> frozenset[str]:
    """Return the types whose requirements are met: those present, plus equivalents.

    Equivalences are one-way and applied once (not transitively). A present type with an
    age limit that cannot serve ``age`` still counts as itself, but does not stand in for
    another type (an SLT-koordinator does not make "the municipality" present for a
    40-year-old). An unknown age never removes an equivalence.

    Examples
    --------
    >>> from graph.guidance.ruleset import load_ruleset
    >>> ruleset = load_ruleset()
    >>> sorted(covered_types({"radikaliseringskontakt"}, ruleset.equivalences))
    ['politi', 'radikaliseringskontakt']
    >>> sorted(covered_types({"slt_koordinator"}, ruleset.equivalences, 40, ruleset.age_limits))
    ['slt_koordinator']
    """
    present = frozenset(present)
    too_old = {limit.type for limit in age_limits if not limit.serves(age)}
    standing_in = present - too_old
    met = {eq.requirement for eq in equivalences if standing_in.intersection(eq.met_by)}
    return present | met


def profile_covered(profile: Profile, ruleset: RuleSet) -> frozenset[str]:
    """Return :func:`covered_types` for a profile under a rule set (age limits included)."""
    return covered_types(
        profile.present_types, ruleset.equivalences, profile.age, ruleset.age_limits
    )


def age_matches(age_group: str | None, age: int | None) -> bool:
    """Tell whether a known or unknown age fits a rule's age condition.

    Examples
    --------
    >>> age_matches("under_18", 17), age_matches("under_18", 18), age_matches("under_18", None)
    (True, False, False)
    >>> age_matches(None, None)
    True
    """
    if age_group is None:
        return True
    if age is None:
        return False
    return age < 18 if age_group == "under_18" else age >= 18


def condition_holds(when: Condition, profile: Profile, covered: frozenset[str]) -> bool:
    """Tell whether every part of a condition holds for a profile.

    ``covered`` is the result of :func:`covered_types` for the profile, which
    ``present_any`` is checked against.
    """
    wish = when.wants_individual_plan
    return (
        age_matches(when.age, profile.age)
        and profile.situation.issuperset(when.situation_all)
        and (not when.situation_any or not profile.situation.isdisjoint(when.situation_any))
        and (not when.present_any or not covered.isdisjoint(when.present_any))
        and (wish is None or profile.wants_individual_plan is wish)
    )


def applies(rule: Rule, profile: Profile, equivalences: Sequence[Equivalence] = ()) -> bool:
    """Tell whether a rule's ``when`` holds for a profile.

    Parameters
    ----------
    rule : Rule
    profile : Profile
    equivalences : sequence of Equivalence, optional
        Only used for ``present_any``; without them presence is taken literally.
    """
    return condition_holds(rule.when, profile, covered_types(profile.present_types, equivalences))


def satisfied(
    rule: Rule,
    profile: Profile,
    equivalences: Sequence[Equivalence],
    age_limits: Sequence[AgeLimit] = (),
) -> bool:
    """Tell whether any type the rule asks for, or an equivalent of one, is present.

    ``age_limits`` (from the rule set) keep a type from standing in for another when it
    cannot serve the person's age; without them every equivalence holds.
    """
    covered = covered_types(profile.present_types, equivalences, profile.age, age_limits)
    return not covered.isdisjoint(rule.asks_any)


def rule_hit(rule: Rule, for_type: str) -> RuleHit:
    """Describe one rule for a gap of ``for_type``, with readable sources."""
    return RuleHit(
        rule_id=rule.id,
        level=rule.level,
        title=rule.title,
        reason=rule.reason,
        sources=tuple(describe_citation(citation) for citation in rule.source),
        citations=rule.source,
        verification=rule.verification,
        alternatives=tuple(key for key in rule.asks_any if key != for_type),
    )


def _evaluate(profile: Profile, ruleset: RuleSet) -> list[tuple[Rule, bool]]:
    covered = profile_covered(profile, ruleset)
    return [
        (rule, not covered.isdisjoint(rule.asks_any))
        for rule in ruleset.rules
        if condition_holds(rule.when, profile, covered)
    ]


def _merge(type_key: str, rules: list[Rule]) -> Gap:
    ordered = sorted(rules, key=lambda rule: level_rank(rule.level))  # stable: file order
    alternatives = {key for rule in rules for key in rule.asks_any} - {type_key}
    return Gap(
        type=type_key,
        level=ordered[0].level,
        rules=tuple(rule_hit(rule, type_key) for rule in ordered),
        alternatives=tuple(sorted(alternatives, key=type_sort_key)),
    )


# -- the engine ---------------------------------------------------------------------------


def applicable_rules(profile: Profile, ruleset: RuleSet | None = None) -> list[tuple[Rule, bool]]:
    """Return every rule that applies to the profile and whether it is satisfied.

    Meant for a "what the guidance says" panel: satisfied rules are shown too. The rules
    come in file order.

    Parameters
    ----------
    profile : Profile
    ruleset : RuleSet, optional
        Defaults to :func:`~graph.guidance.ruleset.load_ruleset`.
    """
    return _evaluate(profile, ruleset if ruleset is not None else load_ruleset())


_LEVEL_WORDS = {"must": "må", "should": "bør", "may": "kan"}


def age_bound_rules(profile: Profile, ruleset: RuleSet | None = None) -> list[Rule]:
    """Rules that would apply at some known age and are not yet satisfied, for an unknown age.

    Empty when the age is known. A rule counts when its condition holds for the profile
    once its age condition is left out, and no type it asks for (or an equivalent) is
    present: those are the gaps that the age alone decides.
    """
    ruleset = ruleset if ruleset is not None else load_ruleset()
    if profile.age is not None:
        return []
    covered = profile_covered(profile, ruleset)
    return [
        rule
        for rule in ruleset.rules
        if rule.when.age is not None
        and condition_holds(rule.when.model_copy(update={"age": None}), profile, covered)
        and covered.isdisjoint(rule.asks_any)
    ]


def find_questions(profile: Profile, ruleset: RuleSet | None = None) -> list[Question]:
    """Return what the rules cannot decide for this profile (FORMATS.md §4.2 ``questions``).

    For now one kind: ``age_unknown``, when the age is not recorded and a rule for
    under-18s (or adults) would otherwise ask for a type the network lacks. Such rules give
    no gap with an unknown age (FORMATS.md §3.1); the question says what hangs on the age.
    Rules that do not depend on age (the police in step 3) still give their gaps.

    Examples
    --------
    >>> [q.rules for q in find_questions(Profile.build(situation={"planned_travel"}))]
    [('trinn3-barnevern-under-18', 'oppfolging-foresatte', 'utreise-under-18')]
    >>> find_questions(Profile.build(age=16, situation={"planned_travel"}))
    []
    """
    rules = age_bound_rules(profile, ruleset)
    if not rules:
        return []
    children = [rule for rule in rules if rule.when.age == "under_18"]
    adults = [rule for rule in rules if rule.when.age == "adult"]
    parts = []
    for group, words in ((children, "under 18 år"), (adults, "18 år eller eldre")):
        if group:
            listed = "; ".join(
                f"{_LEVEL_WORDS[rule.level]}: «{rule.title}»"
                for rule in sorted(group, key=lambda rule: level_rank(rule.level))
            )
            parts.append(f"Er personen {words}, gjelder også dette ({listed}).")
    why = (
        "Finn ut alderen. Alderen er ikke registrert, så Tverrkart kan ikke avgjøre om "
        "regler som avhenger av alderen, gjelder. " + " ".join(parts)
    )
    return [Question("age_unknown", why, tuple(rule.id for rule in rules))]


def find_gaps(profile: Profile, ruleset: RuleSet | None = None) -> list[Gap]:
    """Return the actor types the guidance asks for that the network lacks.

    Parameters
    ----------
    profile : Profile
        The person's age, situation, wish for a plan and the actor types present.
    ruleset : RuleSet, optional
        Defaults to :func:`~graph.guidance.ruleset.load_ruleset`.

    Returns
    -------
    list of Gap
        One gap per missing type, with every rule that asks for it, sorted by level
        (must first), then FORMATS.md type order, then key.

    Examples
    --------
    >>> profile = Profile.build(age=30, situation={"wants_exit"},
    ...                         present_types={"radikaliseringskontakt", "familie"})
    >>> [(gap.type, gap.level) for gap in find_gaps(profile)]
    [('kommune', 'should'), ('rvts', 'should'), ('pst', 'may'), ('mentor', 'may')]
    """
    ruleset = ruleset if ruleset is not None else load_ruleset()
    asked: dict[str, list[Rule]] = {}
    for rule, is_satisfied in _evaluate(profile, ruleset):
        if is_satisfied:
            continue
        for type_key in rule.proposed:
            if type_key not in profile.present_types:  # a present type is never a gap
                asked.setdefault(type_key, []).append(rule)
    gaps = [_merge(type_key, rules) for type_key, rules in asked.items()]
    return sorted(gaps, key=lambda gap: (level_rank(gap.level), *type_sort_key(gap.type)))
