"""Compare two versions of a case: what was added, removed or changed, and the gaps.

:func:`compare_cases` finds the changes; :func:`change_rows` and :func:`gap_rows`
turn them into table rows. Drawing them on a map is :mod:`graph.maps.comparison`'s
job, so storage does not depend on the map stack.

Actors are matched by id. Ties have no id: a tie matches a tie with the same ends
and kind; what is left is matched by the same ends (then its kind changed); the
rest was added or removed.

Examples
--------
>>> from graph.format.validation import validate_case
>>> def case(actors, ties):
...     return validate_case({"format": "tverrkart-case/1", "person": {"alias": "A", "age": 16},
...                           "actors": actors, "ties": ties})
>>> mor = {"id": "mor", "label": "Mor", "type": "foresatte", "closeness": 2}
>>> old = case([mor], [{"from": "person", "to": "mor", "kind": "support"}])
>>> new = case([{**mor, "closeness": 1}, {"id": "bv", "label": "Barnevern", "type": "barnevern"}],
...            [{"from": "person", "to": "mor", "kind": "conflict"}])
>>> diff = compare_cases(old, new)
>>> [(a.id, a.change) for a in diff.actors]
[('mor', 'changed'), ('bv', 'added')]
>>> [(f.field, f.before, f.after) for f in diff.actors[0].fields]
[('Nærhet', 'Middels', 'Nær')]
>>> [(t.change, [f.after for f in t.fields]) for t in diff.ties]
[('changed', ['Konflikt'])]
>>> "barnevern" in [g.type for g in diff.gaps if g.change == "resolved"]
True
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from graph.analysis.gaps import case_gaps
from graph.format.model import PERSON_ID, Actor, Case, Tie
from graph.guidance.ruleset import RuleSet
from graph.reference.catalogue import Catalogue, load_catalogue
from graph.reference.vocabulary import (
    LEVEL_LABELS,
    closeness_label,
    legal_basis_label,
    situation_label,
    strength_label,
    tie_kind_label,
)

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
CHANGE_WORDS = {ADDED: "Ny", REMOVED: "Fjernet", CHANGED: "Endret"}
GAP_WORDS = {"new": "Ny mangel", "resolved": "Ikke lenger mangel", "level": "Nytt nivå"}


@dataclass(frozen=True)
class FieldChange:
    """One field that differs: its Norwegian name and the values before and after."""

    field: str
    before: str
    after: str


@dataclass(frozen=True)
class ActorChange:
    """An actor added, removed or changed (``label`` and ``type`` as they are now, or were)."""

    id: str
    change: str
    label: str
    type: str
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class TieChange:
    """A tie added, removed or changed; indexes point into the old and new ``ties``."""

    change: str
    old_index: int | None
    new_index: int | None
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class GapChange:
    """A gap that is new, no longer there, or asked for at another level."""

    type: str
    change: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class CaseDiff:
    """Everything that differs between two versions of a case."""

    case: tuple[FieldChange, ...]
    actors: tuple[ActorChange, ...]
    ties: tuple[TieChange, ...]
    gaps: tuple[GapChange, ...]

    @property
    def is_empty(self) -> bool:
        """True when the two versions hold the same network and the same gaps."""
        return not (self.case or self.actors or self.ties or self.gaps)

    def count(self, what: str, change: str) -> int:
        """How many actors or ties (``what``) were added, removed or changed."""
        items = self.actors if what == "actors" else self.ties
        return sum(item.change == change for item in items)


# --------------------------------------------------------------------------- comparing


def _yes_no(value: bool | None) -> str:
    return {True: "Ja", False: "Nei", None: "Ikke spurt"}[value]


def _extra_change(before: dict | None, after: dict | None) -> list[FieldChange]:
    before, after = before or {}, after or {}
    keys = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    if not keys:
        return []
    return [FieldChange("Andre opplysninger", "", "endret: " + ", ".join(keys))]


FieldSpec = tuple[str, Callable[[Any], Any], Callable[[Any], str]]
"""A compared field: its Norwegian name, how to read it, how to show a value."""


def _changed_fields(old: Any, new: Any, fields: Iterable[FieldSpec]) -> list[FieldChange]:
    """One change per field whose value differs between ``old`` and ``new``, in words."""
    changes = []
    for name, read, show in fields:
        before, after = read(old), read(new)
        if before != after:
            changes.append(FieldChange(name, show(before), show(after)))
    return changes + _extra_change(old.model_extra, new.model_extra)


_CASE_FIELDS: tuple[FieldSpec, ...] = (
    ("Tittel", attrgetter("title"), str),
    ("Kommunenummer", lambda case: case.municipality or "", str),
    ("Pseudonym", attrgetter("person.alias"), str),
    ("Alder", attrgetter("person.age"), lambda v: "ukjent" if v is None else f"{v} år"),
    (
        "Situasjon",
        lambda case: sorted(case.person.situation),
        lambda v: ", ".join(situation_label(f) for f in v) or "ingen",
    ),
    ("Ønsker individuell plan", attrgetter("person.wants_individual_plan"), _yes_no),
)

_TIE_FIELDS: tuple[FieldSpec, ...] = (
    ("Type bånd", attrgetter("kind"), tie_kind_label),
    ("Styrke", attrgetter("strength"), strength_label),
    ("Deler opplysninger", attrgetter("info_sharing"), _yes_no),
    ("Rettslig grunnlag", attrgetter("legal_basis"), legal_basis_label),
)


def _case_changes(old: Case, new: Case) -> tuple[FieldChange, ...]:
    return tuple(_changed_fields(old, new, _CASE_FIELDS))


def _actor_fields(old: Actor, new: Actor, catalogue: Catalogue) -> tuple[FieldChange, ...]:
    fields: tuple[FieldSpec, ...] = (
        ("Navn eller rolle", attrgetter("label"), str),
        ("Type", attrgetter("type"), catalogue.label),
        ("Nærhet", attrgetter("closeness"), closeness_label),
        ("Koordinator", attrgetter("coordinator"), _yes_no),
    )
    return tuple(_changed_fields(old, new, fields))


def compare_actors(old: Case, new: Case, catalogue: Catalogue) -> tuple[ActorChange, ...]:
    """Actors changed or added (in the new order), then those removed (in the old order)."""
    before = {actor.id: actor for actor in old.actors}
    after = {actor.id for actor in new.actors}
    changes = []
    for actor in new.actors:
        previous = before.get(actor.id)
        if previous is None:
            changes.append(ActorChange(actor.id, ADDED, actor.label, actor.type))
            continue
        fields = _actor_fields(previous, actor, catalogue)
        if fields:
            changes.append(ActorChange(actor.id, CHANGED, actor.label, actor.type, fields))
    changes += [
        ActorChange(actor.id, REMOVED, actor.label, actor.type)
        for actor in old.actors
        if actor.id not in after
    ]
    return tuple(changes)


def _tie_fields(old: Tie, new: Tie) -> tuple[FieldChange, ...]:
    return tuple(_changed_fields(old, new, _TIE_FIELDS))


def match_ties(old: list[Tie], new: list[Tie]) -> list[tuple[int | None, int | None]]:
    """Pair the ties of two versions: same ends and kind first, then the same ends.

    Returns
    -------
    list of (old index, new index)
        ``(i, None)`` for a removed tie, ``(None, j)`` for an added one.
    """
    pairs: dict[int, int] = {}
    for key in (lambda t: (t.source, t.target, t.kind), lambda t: (t.source, t.target)):
        waiting: dict[tuple, list[int]] = defaultdict(list)
        for j, tie in enumerate(new):
            if j not in pairs.values():
                waiting[key(tie)].append(j)
        for i, tie in enumerate(old):
            if i not in pairs and waiting[key(tie)]:
                pairs[i] = waiting[key(tie)].pop(0)
    matched_new = {j: i for i, j in pairs.items()}
    result: list[tuple[int | None, int | None]] = [(matched_new.get(j), j) for j in range(len(new))]
    result += [(i, None) for i in range(len(old)) if i not in pairs]
    return result


def compare_ties(old: Case, new: Case) -> tuple[TieChange, ...]:
    """Ties changed or added (in the new order), then those removed (in the old order)."""
    changes = []
    for i, j in match_ties(old.ties, new.ties):
        if i is None:
            changes.append(TieChange(ADDED, None, j))
        elif j is None:
            changes.append(TieChange(REMOVED, i, None))
        else:
            fields = _tie_fields(old.ties[i], new.ties[j])
            if fields:
                changes.append(TieChange(CHANGED, i, j, fields))
    return tuple(changes)


def compare_gaps(old: Case, new: Case, ruleset: RuleSet | None = None) -> tuple[GapChange, ...]:
    """Gaps that arose, went away or changed level between the versions."""
    before = {gap.type: gap.level for gap in case_gaps(old, ruleset)}
    after = {gap.type: gap.level for gap in case_gaps(new, ruleset)}
    changes = []
    for type_key, level in after.items():
        if type_key not in before:
            changes.append(GapChange(type_key, "new", None, level))
        elif before[type_key] != level:
            changes.append(GapChange(type_key, "level", before[type_key], level))
    changes += [
        GapChange(type_key, "resolved", level, None)
        for type_key, level in before.items()
        if type_key not in after
    ]
    return tuple(changes)


def compare_cases(
    old: Case,
    new: Case,
    catalogue: Catalogue | None = None,
    ruleset: RuleSet | None = None,
) -> CaseDiff:
    """Everything that differs from ``old`` to ``new`` (both validated cases)."""
    catalogue = catalogue or load_catalogue()
    return CaseDiff(
        case=_case_changes(old, new),
        actors=compare_actors(old, new, catalogue),
        ties=compare_ties(old, new),
        gaps=compare_gaps(old, new, ruleset),
    )


# --------------------------------------------------------------------------- tables


def _end_label(case: Case, end: str) -> str:
    if end == PERSON_ID:
        return case.person.alias
    actor = case.actor(end)
    return actor.label if actor else end


def _tie_text(case: Case, tie: Tie) -> str:
    ends = f"{_end_label(case, tie.source)} → {_end_label(case, tie.target)}"
    return f"{ends} ({tie_kind_label(tie.kind)})"


def _fields_text(fields: tuple[FieldChange, ...]) -> str:
    return "; ".join(
        f"{f.field}: {f.after}" if not f.before else f"{f.field}: {f.before} → {f.after}"
        for f in fields
    )


def change_rows(
    diff: CaseDiff, old: Case, new: Case, catalogue: Catalogue | None = None
) -> list[dict[str, str]]:
    """One row per change, for a table: «Hva», «Endring», «Hvem» and «Detaljer».

    Every value is plain text (labels as typed); show it as text, never as Markdown.
    """
    catalogue = catalogue or load_catalogue()
    rows = [
        {
            "Hva": "Saken",
            "Endring": "Endret",
            "Hvem": change.field,
            "Detaljer": _fields_text((change,)),
        }
        for change in diff.case
    ]
    for actor in diff.actors:
        details = (
            catalogue.label(actor.type) if actor.change != CHANGED else _fields_text(actor.fields)
        )
        rows.append(
            {
                "Hva": "Aktør",
                "Endring": CHANGE_WORDS[actor.change],
                "Hvem": actor.label,
                "Detaljer": details,
            }
        )
    for tie in diff.ties:
        if tie.change == REMOVED:
            text, details = _tie_text(old, old.ties[tie.old_index]), ""
        else:
            text = _tie_text(new, new.ties[tie.new_index])
            details = _fields_text(tie.fields)
        rows.append(
            {"Hva": "Bånd", "Endring": CHANGE_WORDS[tie.change], "Hvem": text, "Detaljer": details}
        )
    return rows


def gap_rows(diff: CaseDiff, catalogue: Catalogue | None = None) -> list[dict[str, str]]:
    """One row per changed gap: «Aktørtype», «Før», «Nå» and «Endring»."""
    catalogue = catalogue or load_catalogue()

    def level(value: str | None) -> str:
        return "–" if value is None else LEVEL_LABELS[value]

    return [
        {
            "Aktørtype": catalogue.label(gap.type),
            "Før": level(gap.before),
            "Nå": level(gap.after),
            "Endring": GAP_WORDS[gap.change],
        }
        for gap in diff.gaps
    ]
