"""The guidance rules as data: models for ``data/rules.toml``, loading and checking it.

The national guidance says which services and people should take part when someone may
be radicalising. Tverrkart keeps those statements as *data* (``data/rules.toml``), so
that a reader can check each one against its source and a municipality can see why the
tool asks for an actor. This module turns the TOML into frozen pydantic models and refuses
a rule set that is broken: a duplicate id, an actor type the catalogue does not know, a
situation flag outside the file format, or a citation that does not resolve. The rule
language itself is explained in ``docs/rules.md``; the engine is :mod:`graph.guidance.gaps`.

Examples
--------
>>> ruleset = load_ruleset()
>>> rule = ruleset.rule("utreise-under-18")
>>> rule.level, rule.asks_any, rule.when.age
('must', ('barnevern',), 'under_18')
>>> ruleset.met_by("politi")
frozenset({'radikaliseringskontakt'})
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from graph.reference.catalogue import REQUIRED_FORMAL, REQUIRED_INFORMAL, load_catalogue
from graph.reference.citations import UnknownSourceError, check_citation
from graph.reference.datafiles import data_dir, read_toml
from graph.reference.vocabulary import SITUATION_FLAGS

Level = Literal["must", "should", "may"]
AgeGroup = Literal["under_18", "adult"]
Verification = Literal["seed", "verified", "partially_verified", "inferred"]

#: The levels, strongest first.
LEVELS: tuple[Level, ...] = ("must", "should", "may")


RULES_FILE = "rules.toml"
RULE_ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
REFERENCE_PATTERN = r"^R\d{2}$"

_Citations = tuple[str, ...]
_TypeKeys = tuple[str, ...]


class RuleSetError(ValueError):
    """A rule set that cannot be used, with every problem found in it.

    Parameters
    ----------
    problems : Iterable[str]
        One Norwegian line per problem, each naming where it is.
    """

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        lines = "\n".join(f"- {problem}" for problem in self.problems)
        super().__init__(f"Veiledningsreglene ({RULES_FILE}) er ugyldige:\n{lines}")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Condition(_Frozen):
    """When a rule applies. Every given condition must hold; an empty one always holds.

    Attributes
    ----------
    age : {"under_18", "adult"} or None
        ``under_18`` needs a known age below 18, ``adult`` a known age of 18 or more.
        ``None`` means any age, unknown included.
    situation_all : tuple of str
        Flags that must all be set.
    situation_any : tuple of str
        Flags of which at least one must be set (no condition when empty).
    present_any : tuple of str
        Actor types of which at least one must be in the network, after equivalences.
        Makes the result non-monotone (adding an actor can add gaps), so the shipped rules
        do not use it.
    wants_individual_plan : bool or None
        When given, the person's answer must be exactly this (``None`` never matches it).
    """

    age: AgeGroup | None = None
    situation_all: tuple[str, ...] = ()
    situation_any: tuple[str, ...] = ()
    present_any: _TypeKeys = ()
    wants_individual_plan: bool | None = None


class Rule(_Frozen):
    """One statement of the guidance: in this situation, involve one of these actor types.

    Attributes
    ----------
    asks_any : tuple of str
        The rule is satisfied when any of these types (or an equivalent) is present.
    propose : tuple of str
        The types shown as gaps when the rule is not satisfied; empty means every type in
        ``asks_any``. Used where the seeds accept several routes but point the municipal
        team to one of them: «politi og/eller PST» is satisfied by either, but the team is
        told to go to the police, who contact PST themselves.
    notification : bool
        The source words the rule as a notification («skal varsles», «sendes
        bekymringsmelding», «meldes»): it is only *done* when a ``referral`` tie reaches
        one of the asked types (FORMATS.md §4.2 ``notifications``). Presence alone still
        meets it as a gap.
    """

    id: str = Field(pattern=RULE_ID_PATTERN, max_length=64)
    title: str = Field(min_length=3)
    level: Level
    asks_any: _TypeKeys = Field(min_length=1)
    propose: _TypeKeys = ()
    notification: bool = False
    reason: str = Field(min_length=20)
    source: _Citations = Field(min_length=1)
    verification: Verification
    reference: tuple[str, ...] = ()
    when: Condition = Condition()

    @property
    def proposed(self) -> tuple[str, ...]:
        """The types that become gaps when the rule is not satisfied."""
        return self.propose or self.asks_any


class AgeLimit(_Frozen):
    """An actor type that only serves people up to a certain age.

    Attributes
    ----------
    type : str
        The actor type (``slt_koordinator``).
    usual_max_age : int
        The highest age the type serves in most places (17: «under 18 år»).
    max_age : int
        The highest age it serves anywhere (23). Above it the type never stands in for
        another (equivalences) and is never proposed as coordinator.
    instead : str or None
        The type proposed as coordinator in its place above ``max_age`` (``kommune``).
    """

    type: str
    usual_max_age: int = Field(ge=0, le=120)
    max_age: int = Field(ge=0, le=120)
    instead: str | None = None
    reason: str = Field(min_length=20)
    source: _Citations = Field(min_length=1)

    def serves(self, age: int | None) -> bool:
        """Tell whether the type can serve a person of this age (unknown age: yes).

        Examples
        --------
        >>> limit = AgeLimit(type="slt_koordinator", usual_max_age=17, max_age=23,
        ...                  reason="SLT er for barn og unge.", source=("seed-003 § SLT",))
        >>> limit.serves(17), limit.serves(23), limit.serves(24), limit.serves(None)
        (True, True, False, True)
        """
        return age is None or age <= self.max_age

    def usually_serves(self, age: int | None) -> bool:
        """Tell whether the type serves this known age in most places (unknown: no)."""
        return age is not None and age <= self.usual_max_age


class Equivalence(_Frozen):
    """A one-way equivalence: a requirement for ``requirement`` is met by any of ``met_by``."""

    requirement: str
    met_by: _TypeKeys = Field(min_length=1)
    reason: str = Field(min_length=20)
    source: _Citations = Field(min_length=1)


class Coordinator(_Frozen):
    """Which actor types can hold the coordinating role, and why.

    Attributes
    ----------
    preferred_types : tuple of str
        Types the exit guidance names as the usual coordinator.
    individual_plan_types : tuple of str
        Municipal services that can be appointed koordinator for an individuell plan.
    """

    preferred_types: _TypeKeys = Field(min_length=1)
    reason: str = Field(min_length=20)
    source: _Citations = Field(min_length=1)
    individual_plan_types: _TypeKeys = Field(min_length=1)
    individual_plan_reason: str = Field(min_length=20)
    individual_plan_source: _Citations = Field(min_length=1)


class RuleSet(_Frozen):
    """All guidance rules, the equivalences between actor types and the coordinator table."""

    rules: tuple[Rule, ...]
    equivalences: tuple[Equivalence, ...] = ()
    coordinator: Coordinator
    age_limits: tuple[AgeLimit, ...] = ()

    def rule(self, rule_id: str) -> Rule:
        """Return the rule with this id.

        Raises
        ------
        KeyError
            When no rule has the id.
        """
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def ids(self) -> tuple[str, ...]:
        """Return every rule id, in file order."""
        return tuple(rule.id for rule in self.rules)

    def age_limit(self, type_key: str) -> AgeLimit | None:
        """Return the age limit of an actor type, or None when it serves every age."""
        return next((limit for limit in self.age_limits if limit.type == type_key), None)

    def serves(self, type_key: str, age: int | None) -> bool:
        """Tell whether an actor type can serve a person of this age (unknown age: yes)."""
        limit = self.age_limit(type_key)
        return limit is None or limit.serves(age)

    def met_by(self, requirement: str) -> frozenset[str]:
        """Return the types that meet a requirement for ``requirement`` besides itself."""
        return frozenset(
            other
            for equivalence in self.equivalences
            if equivalence.requirement == requirement
            for other in equivalence.met_by
        )


# -- checking -----------------------------------------------------------------------------


def known_types() -> frozenset[str]:
    """Return every actor type key a rule may name.

    The 25 keys of FORMATS.md §1 are always known; when ``data/catalogue.toml`` exists, the
    catalogue's own keys are added (a broken catalogue raises its own error).
    """
    required = frozenset((*REQUIRED_FORMAL, *REQUIRED_INFORMAL))
    if not (data_dir() / "catalogue.toml").is_file():
        return required
    return required | frozenset(load_catalogue().types)


def _where(rule: Rule) -> str:
    return f"regel «{rule.id}»"


def _unknown(values: Iterable[str], allowed: frozenset[str] | tuple[str, ...]) -> list[str]:
    return [value for value in values if value not in allowed]


def _citation_problems(where: str, citations: Iterable[str]) -> list[str]:
    problems = []
    for text in citations:
        try:
            citation = check_citation(text)
        except UnknownSourceError:
            doc = text.partition(" § ")[0].strip()
            problems.append(f"{where}: ukjent kilde «{doc}» i «{text}» (se data/sources.toml)")
            continue
        if not citation.section:
            problems.append(f"{where}: kilden «{text}» mangler avsnitt («DOK § avsnitt»)")
    return problems


def _rule_problems(rule: Rule, types: frozenset[str]) -> list[str]:
    where = _where(rule)
    problems = [
        f"{where}: ukjent aktørtype «{key}» i {field}"
        for field, keys in (
            ("asks_any", rule.asks_any),
            ("when.present_any", rule.when.present_any),
        )
        for key in _unknown(keys, types)
    ]
    problems += [
        f"{where}: «{key}» i propose står ikke i asks_any"
        for key in rule.propose
        if key not in rule.asks_any
    ]
    problems += [
        f"{where}: ukjent situasjon «{flag}» i when.{field} (gyldige: {', '.join(SITUATION_FLAGS)})"
        for field, flags in (
            ("situation_all", rule.when.situation_all),
            ("situation_any", rule.when.situation_any),
        )
        for flag in _unknown(flags, SITUATION_FLAGS)
    ]
    problems += [
        f"{where}: aktørtypen «{key}» står flere ganger i asks_any"
        for key, count in Counter(rule.asks_any).items()
        if count > 1
    ]
    problems += [
        f"{where}: referansen «{ref}» har ikke formen R01–R99"
        for ref in rule.reference
        if not _matches(REFERENCE_PATTERN, ref)
    ]
    return problems + _citation_problems(where, rule.source)


def _matches(pattern: str, text: str) -> bool:
    return re.fullmatch(pattern, text) is not None


def _equivalence_problems(
    equivalences: tuple[Equivalence, ...], types: frozenset[str]
) -> list[str]:
    problems: list[str] = []
    requirements = {equivalence.requirement for equivalence in equivalences}
    for equivalence in equivalences:
        where = f"likeverdighet for «{equivalence.requirement}»"
        problems += [
            f"{where}: ukjent aktørtype «{key}»"
            for key in _unknown((equivalence.requirement, *equivalence.met_by), types)
        ]
        if equivalence.requirement in equivalence.met_by:
            problems.append(f"{where}: en type kan ikke være likeverdig med seg selv")
        problems += [
            f"{where}: «{key}» er selv et krav i en annen likeverdighet; likeverdigheter "
            "gjelder ikke i kjede, så skriv alle typene direkte i met_by"
            for key in equivalence.met_by
            if key in requirements
        ]
        problems += _citation_problems(where, equivalence.source)
    return problems


def _coordinator_problems(coordinator: Coordinator, types: frozenset[str]) -> list[str]:
    where = "coordinator"
    problems = [
        f"{where}: ukjent aktørtype «{key}» i {field}"
        for field, keys in (
            ("preferred_types", coordinator.preferred_types),
            ("individual_plan_types", coordinator.individual_plan_types),
        )
        for key in _unknown(keys, types)
    ]
    return (
        problems
        + _citation_problems(where, coordinator.source)
        + _citation_problems(where, coordinator.individual_plan_source)
    )


def _age_limit_problems(limits: tuple[AgeLimit, ...], types: frozenset[str]) -> list[str]:
    problems: list[str] = []
    for limit in limits:
        where = f"aldersgrense for «{limit.type}»"
        keys = (limit.type,) if limit.instead is None else (limit.type, limit.instead)
        problems += [f"{where}: ukjent aktørtype «{key}»" for key in _unknown(keys, types)]
        if limit.usual_max_age > limit.max_age:
            problems.append(f"{where}: usual_max_age kan ikke være høyere enn max_age")
        problems += _citation_problems(where, limit.source)
    problems += [
        f"aldersgrense for «{key}» står {count} ganger"
        for key, count in Counter(limit.type for limit in limits).items()
        if count > 1
    ]
    return problems


def check_ruleset(ruleset: RuleSet, types: frozenset[str] | None = None) -> list[str]:
    """Return every problem of a rule set that its models cannot see on their own.

    Parameters
    ----------
    ruleset : RuleSet
        The rule set to check.
    types : frozenset of str, optional
        The actor type keys rules may name; :func:`known_types` when omitted.

    Returns
    -------
    list of str
        One Norwegian line per problem; empty when the rule set is fine.
    """
    types = known_types() if types is None else types
    problems = [
        f"regel-id «{rule_id}» er brukt {count} ganger; hver regel må ha sin egen id"
        for rule_id, count in Counter(ruleset.ids()).items()
        if count > 1
    ]
    for rule in ruleset.rules:
        problems += _rule_problems(rule, types)
    problems += _equivalence_problems(ruleset.equivalences, types)
    problems += _age_limit_problems(ruleset.age_limits, types)
    return problems + _coordinator_problems(ruleset.coordinator, types)


# -- parsing and loading ------------------------------------------------------------------

_PYDANTIC_MESSAGES = {
    "missing": "mangler",
    "extra_forbidden": "ukjent nøkkel (skrivefeil?)",
    "string_pattern_mismatch": "har feil form (id skrives med små bokstaver og bindestrek)",
    "too_short": "er for kort eller tom",
    "bool_type": "må være true eller false",
}


def _location(loc: tuple[Any, ...], raw: Mapping[str, Any]) -> str:
    """Name where a pydantic error is, using the rule id when there is one."""
    parts = list(loc)
    if len(parts) >= 2 and parts[0] == "rules" and isinstance(parts[1], int):
        rules = raw.get("rules") or []
        entry = rules[parts[1]] if parts[1] < len(rules) else {}
        rule_id = entry.get("id") if isinstance(entry, Mapping) else None
        head = f"regel «{rule_id}»" if rule_id else f"regel nr. {parts[1] + 1}"
        parts = [head, *parts[2:]]
    return ".".join(str(part) for part in parts) or "(fila)"


def _pydantic_problems(error: ValidationError, raw: Mapping[str, Any]) -> list[str]:
    problems = []
    for item in error.errors():
        message = _PYDANTIC_MESSAGES.get(item["type"])
        if item["type"] == "literal_error":
            message = f"må være en av {item['ctx']['expected']} (fikk {item['input']!r})"
        problems.append(f"{_location(item['loc'], raw)}: {message or item['msg']}")
    return problems


def parse_ruleset(raw: Mapping[str, Any], types: frozenset[str] | None = None) -> RuleSet:
    """Build and check a :class:`RuleSet` from parsed TOML.

    Parameters
    ----------
    raw : Mapping
        The parsed content of a rules file (``rules``, ``equivalences``, ``coordinator``).
    types : frozenset of str, optional
        The actor type keys rules may name; :func:`known_types` when omitted.

    Returns
    -------
    RuleSet

    Raises
    ------
    RuleSetError
        With every problem found, each on its own line, when the data cannot be used.

    Examples
    --------
    >>> broken = {"rules": [], "coordinator": {}}
    >>> try:
    ...     parse_ruleset(broken)
    ... except RuleSetError as error:
    ...     print(error.problems[0])
    coordinator.preferred_types: mangler
    """
    try:
        ruleset = RuleSet.model_validate(dict(raw))
    except ValidationError as error:
        raise RuleSetError(_pydantic_problems(error, raw)) from None
    problems = check_ruleset(ruleset, types)
    if problems:
        raise RuleSetError(problems)
    return ruleset


@lru_cache(maxsize=1)
def load_ruleset() -> RuleSet:
    """Load and check ``data/rules.toml`` once per process.

    Raises
    ------
    RuleSetError
        When the file breaks a rule of the rule language.
    """
    return parse_ruleset(read_toml(RULES_FILE))
