"""The handling steps of the guidance as data (``data/steps.toml``), chosen by profile.

The guidance describes *routines*: seed 000's four steps for a concern (bekymring → drøft →
dialog → oppfølging), the foreign-fighter routines before departure and on return, the
planning of exit work (seed 001 «Planlegging og kartlegging») and Holmestrand's five-step
handlingsveileder with ANSVARLIG (seed 004 § 5). Each routine applies to some profiles
(``when``); each step says who is responsible, as groups of actor types. A case file records
each step's status, date and responsible actor (FORMATS.md §4.1 ``steps``); the analysis
lists the steps that apply, in order, with their status and the next open step
(FORMATS.md §4.2), and a step whose responsible actor type is missing from the network
shows a gap with a reason.

Cost: choosing the routines looks at the profile only; the steps are listed once, and each
responsible group is checked against the set of types present, so the cost is linear in the
step catalogue plus the case's recorded steps.

Examples
--------
>>> catalogue = load_steps()
>>> [step.id for step in applicable_steps(catalogue, age=16, situation={"planned_travel"})][:5]
['trinn-bekymring', 'trinn-drofte', 'trinn-dialog', 'trinn-oppfolging', 'utreise-varsle-politi']
>>> [s.id for s in applicable_steps(catalogue, age=30, situation={"wants_exit"})][:2]
['exit-plan', 'exit-sikkerhet']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from graph.guidance.gaps import age_matches
from graph.guidance.ruleset import (
    RULE_ID_PATTERN,
    AgeGroup,
    RuleSetError,
    _citation_problems,
    known_types,
)
from graph.reference.datafiles import read_toml
from graph.reference.vocabulary import SITUATION_FLAGS

STEPS_FILE = "steps.toml"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RoutineCondition(_Frozen):
    """When a routine applies; every given part must hold (see ``data/steps.toml``)."""

    situation_any: tuple[str, ...] = ()
    situation_none: tuple[str, ...] = ()
    municipality_any: tuple[str, ...] = ()
    municipality_none: tuple[str, ...] = ()

    def holds(self, situation: frozenset[str], municipality: str | None) -> bool:
        """Tell whether the routine applies to this situation and kommunenummer.

        >>> RoutineCondition(municipality_any=("3903",)).holds(frozenset(), None)
        False
        >>> RoutineCondition(situation_none=("wants_exit",)).holds(frozenset(), None)
        True
        """
        return (
            (not self.situation_any or not situation.isdisjoint(self.situation_any))
            and situation.isdisjoint(self.situation_none)
            and (not self.municipality_any or municipality in self.municipality_any)
            and municipality not in self.municipality_none
        )


class Routine(_Frozen):
    """One routine of the guidance: a named series of steps for some profiles."""

    id: str = Field(pattern=RULE_ID_PATTERN, max_length=64)
    title: str = Field(min_length=3)
    source: tuple[str, ...] = Field(min_length=1)
    when: RoutineCondition = RoutineCondition()


class Step(_Frozen):
    """One handling step.

    Attributes
    ----------
    responsible : tuple of tuple of str
        Groups of actor types; each group is met by any one of its types (or an
        equivalent). Empty: the step is done by whoever holds the concern.
    age : {"under_18", "adult"} or None
        Like a rule's age condition: a known age is needed.
    """

    id: str = Field(pattern=RULE_ID_PATTERN, max_length=64)
    routine: str
    title: str = Field(min_length=3)
    what: str = Field(min_length=20)
    who: str = Field(min_length=3)
    responsible: tuple[tuple[str, ...], ...] = ()
    age: AgeGroup | None = None
    source: tuple[str, ...] = Field(min_length=1)


class StepCatalogue(_Frozen):
    """Every routine and step of ``data/steps.toml``, in file order."""

    routines: tuple[Routine, ...]
    steps: tuple[Step, ...]

    def ids(self) -> frozenset[str]:
        """Every step id (what a case file may record)."""
        return frozenset(step.id for step in self.steps)

    def routine(self, routine_id: str) -> Routine:
        """Return the routine with this id (``KeyError`` when there is none)."""
        for routine in self.routines:
            if routine.id == routine_id:
                return routine
        raise KeyError(routine_id)


def check_steps(catalogue: StepCatalogue, types: frozenset[str] | None = None) -> list[str]:
    """Every problem of a step catalogue that its models cannot see, in Norwegian."""
    types = known_types() if types is None else types
    routines = {routine.id for routine in catalogue.routines}
    problems = [
        f"{kind}-id «{key}» er brukt {count} ganger"
        for kind, keys in (
            ("rutine", [r.id for r in catalogue.routines]),
            ("trinn", [s.id for s in catalogue.steps]),
        )
        for key, count in Counter(keys).items()
        if count > 1
    ]
    for routine in catalogue.routines:
        where = f"rutine «{routine.id}»"
        flags = (*routine.when.situation_any, *routine.when.situation_none)
        problems += [f"{where}: ukjent situasjon «{f}»" for f in flags if f not in SITUATION_FLAGS]
        problems += _citation_problems(where, routine.source)
    for step in catalogue.steps:
        where = f"trinn «{step.id}»"
        if step.routine not in routines:
            problems.append(f"{where}: ukjent rutine «{step.routine}»")
        problems += [
            f"{where}: ukjent aktørtype «{key}» i responsible"
            for group in step.responsible
            for key in group
            if key not in types
        ]
        problems += [f"{where}: en tom gruppe i responsible" for g in step.responsible if not g]
        problems += _citation_problems(where, step.source)
    return problems


def parse_steps(raw: dict[str, Any], types: frozenset[str] | None = None) -> StepCatalogue:
    """Build and check a :class:`StepCatalogue` from parsed TOML.

    Raises
    ------
    RuleSetError
        With every problem, one Norwegian line each.
    """
    try:
        catalogue = StepCatalogue.model_validate(dict(raw))
    except ValidationError as error:
        raise RuleSetError(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()
        ) from None
    problems = check_steps(catalogue, types)
    if problems:
        raise RuleSetError(problems)
    return catalogue


@lru_cache(maxsize=1)
def load_steps() -> StepCatalogue:
    """Load and check ``data/steps.toml`` once per process."""
    return parse_steps(read_toml(STEPS_FILE))


def applicable_steps(
    catalogue: StepCatalogue,
    *,
    age: int | None = None,
    situation: Iterable[str] = (),
    municipality: str | None = None,
) -> list[Step]:
    """The steps that apply to a profile, routine by routine in file order.

    A step with an age condition needs a known age (as the rules do); with an unknown age
    the ``age_unknown`` question already says what hangs on it.
    """
    flags = frozenset(situation)
    chosen = {
        routine.id for routine in catalogue.routines if routine.when.holds(flags, municipality)
    }
    return [
        step
        for step in catalogue.steps
        if step.routine in chosen and (step.age is None or age_matches(step.age, age))
    ]
