"""Coverage: how much of what the guidance asks a municipality to have is registered.

``data/municipalities/coverage.toml`` lists the *items*: actor types (a police contact,
barnevern, a coordinator, …) and structures (politiråd, handlingsplan, …), each with a
level (``must``, ``should``, ``may``), a reason and sources. Items that rest on guidance
rules name them, and their level is the strongest level among those rules.

The score
---------
Each item weighs 3 (``must``), 2 (``should``) or 1 (``may``). The score is the sum of the
weights of the items the municipality has covered, divided by the sum of all weights:

    score = Σ weight(item) for covered items / Σ weight(item) for all items

An actor item is covered when the municipality has registered an actor of one of its
types, or of a type that an equivalence in ``data/rules.toml`` says meets it (a
radikaliseringskontakt is a police contact). A structure item is covered when the
structure is ``true``; ``false`` («nei») and a structure left out («ikke oppgitt») both
leave it uncovered, but are told apart (:attr:`ItemStatus.answer`,
:attr:`Coverage.score_if_stated`). The items are fixed (they never depend on the file), and both
tests only look for something being present, so adding an actor or setting a structure to
``true`` can only cover more items: the score never goes down. It is 0 for an empty file
and 1 when every item is covered. Regional and national bodies (police district, RVTS,
konfliktråd, PST, NAV) are filled in for every municipality and are not items.

Examples
--------
>>> from graph.format.model import MunicipalityFile
>>> empty = MunicipalityFile(format="tverrkart-municipality/1", kommunenummer="3903")
>>> compute_coverage(empty).score
0.0
>>> one = MunicipalityFile.model_validate({
...     "format": "tverrkart-municipality/1", "kommunenummer": "3903",
...     "actors": [{"id": "p", "type": "radikaliseringskontakt", "label": "Politikontakt"}]})
>>> result = compute_coverage(one)
>>> [s.item.id for s in result.statuses if s.covered]  # covers the police contact too
['politi', 'radikaliseringskontakt']
>>> round(result.score, 3)
0.167
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Literal

from graph.format.model import MunicipalityFile
from graph.guidance.gaps import covered_types, level_rank, type_sort_key
from graph.guidance.ruleset import LEVELS, RuleSet, load_ruleset
from graph.municipality.regional import RegionalBody, regional_bodies
from graph.reference import norway_time
from graph.reference.catalogue import load_catalogue
from graph.reference.registry import Kommune, kommune
from graph.reference.sources import FOLDER, check_source, describe_source

COVERAGE_FILE = "coverage.toml"
COVERAGE_FORMAT = "tverrkart-coverage/1"
ItemKind = Literal["actor", "structure"]
StructureAnswer = Literal["ja", "nei", "ikke oppgitt"]
UNSTATED: StructureAnswer = "ikke oppgitt"

#: The structures FORMATS.md §2 names; every one of them must be an item.
REQUIRED_STRUCTURES: tuple[str, ...] = (
    "politirad",
    "handlingsplan",
    "slt_modell",
    "mentorordning",
    "ressursteam",
)
STRUCTURE_LABELS = {
    "politirad": "Politiråd",
    "handlingsplan": "Handlingsplan",
    "slt_modell": "SLT-modellen",
    "mentorordning": "Mentorordning",
    "ressursteam": "Ressursteam",
}


class CoverageSpecError(ValueError):
    """``coverage.toml`` cannot be used; ``problems`` says why, one line each."""

    def __init__(self, problems: Sequence[str]):
        self.problems = tuple(problems)
        super().__init__("; ".join(self.problems))


@dataclass(frozen=True)
class CoverageItem:
    """One thing a municipality should have: an actor type or a structure.

    Attributes
    ----------
    id : str
        For a structure, its key in ``structures``.
    kind : {"actor", "structure"}
    title : str
        Norwegian name shown to people.
    level : {"must", "should", "may"}
    reason : str
        Why the municipality should have it, in Norwegian.
    sources : tuple of str
        The item's own sources followed by those of its rules.
    asks_any : tuple of str
        Actor types that cover the item (empty for a structure). The first is the one
        reported as missing; the others are its alternatives.
    rules : tuple of str
        Ids of the guidance rules the item rests on.
    """

    id: str
    kind: ItemKind
    title: str
    level: str
    reason: str
    sources: tuple[str, ...]
    asks_any: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()

    @property
    def type(self) -> str | None:
        """The actor type reported when the item is missing (None for a structure)."""
        return self.asks_any[0] if self.asks_any else None


@dataclass(frozen=True)
class CoverageSpec:
    """Every item and the weight of each level."""

    items: tuple[CoverageItem, ...]
    weights: dict[str, int]

    def weight(self, item: CoverageItem) -> int:
        """The weight of an item's level."""
        return self.weights[item.level]

    def actor_items(self) -> tuple[CoverageItem, ...]:
        """The items that are actor types."""
        return tuple(item for item in self.items if item.kind == "actor")

    def structure_items(self) -> tuple[CoverageItem, ...]:
        """The items that are structures."""
        return tuple(item for item in self.items if item.kind == "structure")


def _item(raw: dict[str, Any], ruleset: RuleSet, problems: list[str]) -> CoverageItem | None:
    where = f"post «{raw.get('id', '?')}»"
    rule_ids = tuple(raw.get("rules", ()))
    rules = []
    for rule_id in rule_ids:
        try:
            rules.append(ruleset.rule(rule_id))
        except KeyError:
            problems.append(f"{where}: ukjent regel «{rule_id}» (se data/rules.toml)")
    if rules:
        strongest = min((rule.level for rule in rules), key=level_rank)
        if raw.get("level", strongest) != strongest:
            problems.append(f"{where}: level må være {strongest}, det sterkeste i reglene")
        level = strongest
    else:
        level = raw.get("level", "")
    if level not in LEVELS:
        problems.append(f"{where}: level må være en av {', '.join(LEVELS)}")
        return None
    sources = list(raw.get("source", ()))
    for rule in rules:
        sources.extend(s for s in rule.source if s not in sources)
    for source in sources:
        try:
            check_source(source)
        except ValueError:
            problems.append(f"{where}: kilden «{source}» finnes ikke")
    kind = raw.get("kind")
    asks_any = tuple(raw.get("asks_any", ()))
    if kind == "actor":
        unknown = [t for t in asks_any if t not in load_catalogue().types]
        problems.extend(f"{where}: ukjent aktørtype «{t}»" for t in unknown)
        if not asks_any:
            problems.append(f"{where}: en aktørpost trenger asks_any")
    elif kind != "structure" or asks_any:
        problems.append(f"{where}: kind må være actor (med asks_any) eller structure (uten)")
    return CoverageItem(
        id=raw["id"],
        kind=kind,  # type: ignore[arg-type]
        title=raw["title"],
        level=level,
        reason=raw["reason"],
        sources=tuple(sources),
        asks_any=asks_any,
        rules=rule_ids,
    )


def parse_coverage_spec(raw: dict[str, Any], ruleset: RuleSet | None = None) -> CoverageSpec:
    """Build and check the coverage items from parsed TOML.

    Raises
    ------
    CoverageSpecError
        With every problem: an unknown rule, type or source, a level that is not the
        strongest of the item's rules, a duplicate id, or a structure of FORMATS.md §2
        without an item.
    """
    ruleset = ruleset or load_ruleset()
    problems: list[str] = []
    items = [_item(entry, ruleset, problems) for entry in raw.get("items", [])]
    kept = tuple(item for item in items if item is not None)
    ids = [item.id for item in kept]
    problems += [
        f"post-id «{i}» er brukt flere ganger" for i in sorted(set(ids)) if ids.count(i) > 1
    ]
    structures = {item.id for item in kept if item.kind == "structure"}
    problems += [f"strukturen «{s}» mangler" for s in REQUIRED_STRUCTURES if s not in structures]
    weights = dict(raw.get("weights", {}))
    if sorted(weights) != sorted(LEVELS) or any(
        not isinstance(w, int) or w <= 0 for w in weights.values()
    ):
        problems.append("weights må gi et positivt heltall for must, should og may")
    if problems:
        raise CoverageSpecError(problems)
    return CoverageSpec(items=kept, weights=weights)


@lru_cache(maxsize=1)
def load_coverage_spec() -> CoverageSpec:
    """Load and check ``data/municipalities/coverage.toml`` once per process."""
    from graph.reference.datafiles import data_dir

    with (data_dir() / FOLDER / COVERAGE_FILE).open("rb") as handle:
        return parse_coverage_spec(tomllib.load(handle))


# -- computing ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemStatus:
    """Whether one item is covered, and by which registered actors."""

    item: CoverageItem
    covered: bool
    by: tuple[str, ...] = ()
    """Ids of the registered actors that cover an actor item."""
    answer: StructureAnswer | None = None
    """For a structure: ``"ja"`` (true), ``"nei"`` (false) or ``"ikke oppgitt"`` (absent)."""

    @property
    def unstated(self) -> bool:
        """True for a structure the file says nothing about («ikke oppgitt»)."""
        return self.answer == UNSTATED


NoticeKind = Literal["plan_expired", "plan_validity_unstated", "step_without_responsible"]
PLAN_SOURCE = "seed-001 § Arbeidet i kommunene"
ROUTE_SOURCE = "seed-004 § 5 Handlingsveileder: Hva gjør jeg ved bekymring?"


@dataclass(frozen=True)
class Notice:
    """Something about the plan or the handling route the municipality should look at.

    Notices do not change the score (it counts what is registered, whatever the date).

    Attributes
    ----------
    kind : {"plan_expired", "plan_validity_unstated", "step_without_responsible"}
    text : str
        One plain Norwegian sentence (may hold a step's text as the user typed it).
    source : str
        Where the guidance asks for it.
    step : int or None
        The step's number (1-based) for ``step_without_responsible``.
    until : str or None
        The plan's last valid day (``ÅÅÅÅ-MM-DD``) for ``plan_expired``.
    """

    kind: NoticeKind
    text: str
    source: str
    step: int | None = None
    until: str | None = None


def norwegian_date(day: dt.date) -> str:
    """``31.12.2022``.

    >>> norwegian_date(dt.date(2022, 12, 31))
    '31.12.2022'
    """
    return day.strftime("%d.%m.%Y")


def plan_notices(municipality: MunicipalityFile, today: dt.date) -> list[Notice]:
    """An expired action plan, or one whose end is not stated, and route steps nobody owns.

    Parameters
    ----------
    municipality : MunicipalityFile
    today : datetime.date
        The day the plan's validity is judged on.

    Examples
    --------
    >>> m = MunicipalityFile.model_validate({
    ...     "format": "tverrkart-municipality/1", "kommunenummer": "3903",
    ...     "handlingsplan_gyldig_til": "2022-12-31",
    ...     "handling_route": [{"what": "Avklar bekymringen"}]})
    >>> [n.text for n in plan_notices(m, dt.date(2026, 11, 30))]  # doctest: +NORMALIZE_WHITESPACE
    ['Handlingsplanen gikk ut 2022 (gyldig til 31.12.2022). Veilederen ber kommunen ha en
      oppdatert handlingsplan.',
     'Trinn 1 i handlingsveilederen («Avklar bekymringen») har ingen ansvarlig aktør fra
      kartet.']
    """
    notices = []
    valid_to = municipality.handlingsplan_gyldig_til
    if valid_to is not None:
        end = dt.date.fromisoformat(valid_to)
        if end < today:
            notices.append(
                Notice(
                    "plan_expired",
                    f"Handlingsplanen gikk ut {end.year} (gyldig til {norwegian_date(end)}). "
                    "Veilederen ber kommunen ha en oppdatert handlingsplan.",
                    PLAN_SOURCE,
                    until=valid_to,
                )
            )
    elif municipality.structures.get("handlingsplan") is True:
        notices.append(
            Notice(
                "plan_validity_unstated",
                "Det står ikke hvor lenge handlingsplanen gjelder. Skriv det inn, så ser "
                "Tverrkart når planen må oppdateres.",
                PLAN_SOURCE,
            )
        )
    for number, step in enumerate(municipality.handling_route, start=1):
        if not step.responsible:
            wording = (step.model_extra or {}).get("ansvar")
            says = f" Planen sier: «{wording}»." if isinstance(wording, str) and wording else ""
            notices.append(
                Notice(
                    "step_without_responsible",
                    f"Trinn {number} i handlingsveilederen («{step.what}») har ingen ansvarlig "
                    f"aktør fra kartet.{says}",
                    ROUTE_SOURCE,
                    number,
                )
            )
    return notices


@dataclass(frozen=True)
class Coverage:
    """The coverage of one municipality file.

    Attributes
    ----------
    kommunenummer : str
    kommune : Kommune or None
        The municipality (None only for a number outside the 2024 list, which
        validation refuses).
    score : float
        In [0, 1]; see the module docstring.
    present : tuple of str
        The actor types registered, in FORMATS.md order.
    statuses : tuple of ItemStatus
        Every item, in the order of ``coverage.toml``.
    regional : tuple of RegionalBody
        Police district, RVTS, konfliktråd, PST and NAV.
    """

    kommunenummer: str
    kommune: Kommune | None
    score: float
    present: tuple[str, ...]
    statuses: tuple[ItemStatus, ...]
    regional: tuple[RegionalBody, ...]
    notices: tuple[Notice, ...] = ()
    score_if_stated: float | None = None
    """The score if every structure «ikke oppgitt» turned out to be in place (≥ score)."""

    @property
    def name(self) -> str:
        """The municipality's name (the number when it is unknown)."""
        return self.kommune.name if self.kommune else self.kommunenummer

    def missing(self, kind: ItemKind | None = None) -> list[ItemStatus]:
        """Items not covered, strongest first, then by type order.

        Parameters
        ----------
        kind : {"actor", "structure"}, optional
            Only items of this kind.
        """
        found = [s for s in self.statuses if not s.covered and kind in (None, s.item.kind)]
        return sorted(
            found,
            key=lambda s: (
                level_rank(s.item.level),
                s.item.kind != "actor",
                *type_sort_key(s.item.type or s.item.id),
            ),
        )

    def unstated(self) -> list[ItemStatus]:
        """The structures the file says nothing about («ikke oppgitt»), in item order."""
        return [s for s in self.statuses if s.unstated]

    def structure_counts(self) -> dict[StructureAnswer, int]:
        """How many structures are «ja», «nei» and «ikke oppgitt».

        Examples
        --------
        >>> from graph.municipality.files import shipped_files
        >>> compute_coverage(shipped_files()[0].municipality).structure_counts()
        {'ja': 4, 'nei': 0, 'ikke oppgitt': 1}
        """
        counts: dict[StructureAnswer, int] = {"ja": 0, "nei": 0, UNSTATED: 0}
        for status in self.statuses:
            if status.answer is not None:
                counts[status.answer] += 1
        return counts

    def status(self, item_id: str) -> ItemStatus:
        """The status of the item with this id.

        Raises
        ------
        KeyError
            When no item has the id.
        """
        for status in self.statuses:
            if status.item.id == item_id:
                return status
        raise KeyError(item_id)


def coverage_score(statuses: Iterable[ItemStatus], weights: dict[str, int]) -> float:
    """The weighted share of covered items (0.0 when there are no items).

    Examples
    --------
    >>> item = CoverageItem("x", "structure", "X", "must", "…", ())
    >>> other = CoverageItem("y", "structure", "Y", "may", "…", ())
    >>> coverage_score([ItemStatus(item, True), ItemStatus(other, False)],
    ...                {"must": 3, "should": 2, "may": 1})
    0.75
    """
    statuses = list(statuses)
    total = sum(weights[s.item.level] for s in statuses)
    if not total:
        return 0.0
    return sum(weights[s.item.level] for s in statuses if s.covered) / total


def structure_answer(municipality: MunicipalityFile, key: str) -> StructureAnswer:
    """What the file says about one structure: «ja», «nei» or «ikke oppgitt» (left out).

    Examples
    --------
    >>> m = MunicipalityFile(format="tverrkart-municipality/1", kommunenummer="3903",
    ...                      structures={"politirad": True, "slt_modell": False})
    >>> [structure_answer(m, k) for k in ("politirad", "slt_modell", "mentorordning")]
    ['ja', 'nei', 'ikke oppgitt']
    """
    value = municipality.structures.get(key)
    if value is None:
        return UNSTATED
    return "ja" if value else "nei"


def item_statuses(
    municipality: MunicipalityFile, spec: CoverageSpec, ruleset: RuleSet
) -> tuple[ItemStatus, ...]:
    """Which items a municipality file covers, and with which actors."""
    present = {actor.type for actor in municipality.actors}
    covered = covered_types(present, ruleset.equivalences)
    statuses = []
    for item in spec.items:
        if item.kind == "structure":
            answer = structure_answer(municipality, item.id)
            statuses.append(ItemStatus(item, answer == "ja", answer=answer))
            continue
        if covered.isdisjoint(item.asks_any):
            statuses.append(ItemStatus(item, False))
            continue
        meeting = set(item.asks_any)
        for requirement in item.asks_any:
            meeting |= ruleset.met_by(requirement)
        by = tuple(actor.id for actor in municipality.actors if actor.type in meeting)
        statuses.append(ItemStatus(item, True, by))
    return tuple(statuses)


def compute_coverage(
    municipality: MunicipalityFile,
    spec: CoverageSpec | None = None,
    ruleset: RuleSet | None = None,
    today: dt.date | None = None,
) -> Coverage:
    """The coverage of one (validated) municipality file.

    Parameters
    ----------
    municipality : MunicipalityFile
    spec : CoverageSpec, optional
        Defaults to :func:`load_coverage_spec`.
    ruleset : RuleSet, optional
        For the equivalences; defaults to :func:`~graph.guidance.ruleset.load_ruleset`.
    today : datetime.date, optional
        The day an action plan's validity is judged on (today by default). It changes
        only the notices, never the score.
    """
    spec = spec or load_coverage_spec()
    ruleset = ruleset or load_ruleset()
    today = today or norway_time.today()
    statuses = item_statuses(municipality, spec, ruleset)
    present = sorted({actor.type for actor in municipality.actors}, key=type_sort_key)
    place = kommune(municipality.kommunenummer)
    stated = [replace(s, covered=True) if s.unstated else s for s in statuses]
    return Coverage(
        kommunenummer=municipality.kommunenummer,
        kommune=place,
        score=coverage_score(statuses, spec.weights),
        present=tuple(present),
        statuses=statuses,
        regional=regional_bodies(place),
        notices=tuple(plan_notices(municipality, today)),
        score_if_stated=coverage_score(stated, spec.weights),
    )


# -- JSON (FORMATS.md §3.2) -----------------------------------------------------------------


def _missing_entry(status: ItemStatus) -> dict[str, Any]:
    item = status.item
    entry: dict[str, Any] = {"type": item.type} if item.kind == "actor" else {"structure": item.id}
    entry.update(
        {
            "level": item.level,
            "reason": item.reason,
            "item": item.id,
            "title": item.title,
            "source": "; ".join(describe_source(s) for s in item.sources),
            "rules": list(item.rules),
        }
    )
    if item.kind == "actor":
        entry["alternatives"] = list(item.asks_any[1:])
    else:
        entry["answer"] = status.answer
    return entry


def coverage_as_dict(result: Coverage) -> dict[str, Any]:
    """One municipality of the ``tverrkart-coverage/1`` output.

    The keys of FORMATS.md §3.2 come first (``score`` rounded to two decimals; each
    ``regional`` value carries ``(usikker)`` or ``(middels sikker)`` when the
    assignment is not certain), then more detail: missing structures, the structures
    in place, the fylke and each regional body's confidence and reason.
    """
    regional = {body.kind: body for body in result.regional}
    return {
        "kommunenummer": result.kommunenummer,
        "name": result.name,
        "score": round(result.score, 2),
        "present": list(result.present),
        "missing": [_missing_entry(s) for s in result.missing("actor")],
        "regional": {
            kind: regional[kind].display()
            for kind in ("politidistrikt", "rvts", "konfliktrad")
            if kind in regional
        },
        "missing_structures": [_missing_entry(s) for s in result.missing("structure")],
        "structures": sorted(
            s.item.id for s in result.statuses if s.item.kind == "structure" and s.covered
        ),
        "unstated_structures": [s.item.id for s in result.unstated()],
        "score_if_stated": round(result.score_if_stated, 2)
        if result.score_if_stated is not None
        else None,
        "notices": [
            {"kind": n.kind, "text": n.text, "source": describe_source(n.source)}
            | ({"step": n.step} if n.step is not None else {})
            | ({"until": n.until} if n.until is not None else {})
            for n in result.notices
        ],
        "fylke": result.kommune.fylke if result.kommune else None,
        "regional_details": {
            body.kind: {
                "name": body.name,
                "confidence": body.confidence,
                "uncertain": body.uncertain,
                "basis": body.basis,
                "contact": body.contact,
            }
            for body in result.regional
        },
    }


def coverage_report(results: Iterable[Coverage]) -> dict[str, Any]:
    """The whole ``tverrkart coverage --json`` document for some municipalities."""
    return {"format": COVERAGE_FORMAT, "municipalities": [coverage_as_dict(r) for r in results]}
