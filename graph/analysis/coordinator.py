"""Who coordinates the follow-up, whom the coordinator reaches, and who could coordinate.

The guidance asks that it is clear who coordinates (seed 000, step 4; seed 001,
«Samarbeid på tvers av sektorer og nettverk»), and an individuell plan has a coordinator
who is one of the municipality's service providers (seed 002: «En av tjenesteyterne i
kommunen skal oppnevnes som koordinator»). This module checks that, finds the formal
actors the coordinator does not reach over formal ties, and warns when everything between
the services hangs on the coordinator alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from graph.analysis.gaps import case_profile
from graph.format.model import Case
from graph.guidance.gaps import condition_holds
from graph.guidance.ruleset import RuleSet, load_ruleset
from graph.reference.catalogue import Catalogue, load_catalogue
from graph.reference.citations import describe_citation

#: Tie kinds that carry coordination between services. Risk and conflict do not.
COORDINATING_KINDS = frozenset({"relation", "support", "collaboration", "referral"})

#: The rule whose condition says that an individuell plan is being made.
INDIVIDUAL_PLAN_RULE = "individuell-plan"


@dataclass(frozen=True)
class Candidate:
    """An actor type suggested as coordinator, with the actors of that type in the case."""

    type: str
    ids: tuple[str, ...]
    reason: str
    sources: tuple[str, ...]

    def as_dict(self) -> dict:
        """JSON-ready form for ``tverrkart analyse --json``."""
        return {
            "type": self.type,
            "ids": list(self.ids),
            "reason": self.reason,
            "source": "; ".join(self.sources),
        }


@dataclass(frozen=True)
class PlanCoordinator:
    """The duty to appoint an individuell plan's coordinator, and whether it is met.

    Attributes
    ----------
    status : {"ok", "missing", "not_municipal"}
        ``ok``: a marked coordinator is one of the municipality's service providers;
        ``missing``: nobody is marked; ``not_municipal``: the marked coordinators are not
        (police, PST, the prison service, an informal actor, or an SLT-koordinator for a
        person above SLT's age range).
    ids : tuple of str
        The marked coordinators that fulfil the duty.
    """

    status: str
    ids: tuple[str, ...]
    reason: str
    sources: tuple[str, ...]

    @property
    def level(self) -> str:
        """The duty's level: always ``must`` (seed 002 «skal oppnevnes»)."""
        return "must"

    def as_dict(self) -> dict:
        """JSON-ready form: the status, the rule and level behind it, reason and source."""
        return {
            "status": self.status,
            "ids": list(self.ids),
            "level": self.level,
            "rule": INDIVIDUAL_PLAN_RULE,
            "reason": self.reason,
            "source": "; ".join(self.sources),
        }


@dataclass(frozen=True)
class CoordinatorReport:
    """Everything the analysis says about coordination.

    ``individual_plan`` is None unless an individuell plan is being made (long-term needs
    and the person wants a plan).
    """

    status: str
    ids: tuple[str, ...]
    candidates: tuple[Candidate, ...] = ()
    unreached: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)
    individual_plan: PlanCoordinator | None = None

    def as_dict(self) -> dict:
        """JSON-ready form (FORMATS.md §3.1 ``coordinator``, plus ``individual_plan``)."""
        return {
            "status": self.status,
            "ids": list(self.ids),
            "candidates": [c.as_dict() for c in self.candidates],
            "unreached": list(self.unreached),
            "warnings": list(self.warnings),
            "individual_plan": self.individual_plan.as_dict() if self.individual_plan else None,
        }


def coordinator_status(case: Case) -> str:
    """``ok`` (exactly one coordinator), ``missing`` (none) or ``multiple``.

    Examples
    --------
    >>> case = Case.model_validate({"format": "tverrkart-case/1", "person": {"alias": "A"},
    ...     "actors": [{"id": "slt", "label": "SLT", "type": "slt_koordinator"}]})
    >>> coordinator_status(case)
    'missing'
    """
    count = len(case.coordinators())
    return "missing" if count == 0 else ("ok" if count == 1 else "multiple")


def formal_graph(case: Case, catalogue: Catalogue) -> nx.Graph:
    """The services and the ties between them that can carry coordination.

    Nodes are formal actors; coordinators are included even when they are not
    services, so that we can ask whom they reach.
    """
    formal = {a.id for a in case.actors if catalogue.types[a.type].is_formal or a.coordinator}
    graph = nx.Graph()
    graph.add_nodes_from(sorted(formal))
    for tie in case.ties:
        if tie.kind in COORDINATING_KINDS and tie.source in formal and tie.target in formal:
            graph.add_edge(tie.source, tie.target)
    return graph


def unreached_actors(case: Case, catalogue: Catalogue) -> tuple[str, ...]:
    """Formal actors with no path to any coordinator over formal ties (file order).

    Empty when no coordinator is marked: then everyone is "unreached" and the status
    ``missing`` says so more plainly. Linear in services + ties: a coordinator already
    reached is not searched from again, so a file that marks every actor as coordinator
    costs one pass over each part of the graph, not one per coordinator.
    """
    coordinators = [a.id for a in case.coordinators()]
    if not coordinators:
        return ()
    graph = formal_graph(case, catalogue)
    reached: set[str] = set()
    for coordinator in coordinators:
        if coordinator not in reached:
            reached |= nx.node_connected_component(graph, coordinator)
    return tuple(
        a.id for a in case.actors if catalogue.types[a.type].is_formal and a.id not in reached
    )


def single_point_of_failure(case: Case, catalogue: Catalogue) -> list[list[str]]:
    """Groups of services that are only connected to each other through the coordinator.

    When the one coordinator is a cut vertex of the services' graph, losing the
    coordinator (illness, a new job) splits the team. Returns the separate groups
    (each a sorted list of ids), or ``[]`` when there is no such dependence.
    """
    coordinators = case.coordinators()
    if len(coordinators) != 1:
        return []
    coordinator = coordinators[0].id
    graph = formal_graph(case, catalogue)
    team = nx.node_connected_component(graph, coordinator) - {coordinator}
    rest = graph.subgraph(team)
    groups = [sorted(component) for component in nx.connected_components(rest)]
    return sorted(groups) if len(groups) > 1 else []


def _age_note(type_key: str, age: int | None, ruleset: RuleSet) -> str | None:
    """A sentence on why an age-limited type may not fit, or None when it fits.

    Only called for types that can serve the age (the caller leaves the others out): the
    note is for an unknown age and for ages between ``usual_max_age`` and ``max_age``.
    """
    limit = ruleset.age_limit(type_key)
    if limit is None or limit.usually_serves(age):
        return None
    if age is None:
        return (
            f" Alderen er ikke registrert: {limit.reason.split('. ')[0].rstrip('.')}. "
            "Registrer alderen."
        )
    return (
        f" Personen er {age} år: det passer bare der SLT-samarbeidet også gjelder unge voksne "
        f"(noen steder opp til {limit.max_age} år)."
    )


def _preferred(by_type: dict[str, list[str]], age: int | None, ruleset: RuleSet) -> list[Candidate]:
    """The usual coordinators (seed 001), with the age limits of ``[[age_limits]]`` applied.

    A type that cannot serve the person's age (an SLT-koordinator for someone over 23) is
    left out and its ``instead`` type is proposed in its place.
    """
    rules = ruleset.coordinator
    sources = tuple(describe_citation(c) for c in rules.source)
    found: list[Candidate] = []
    for type_key in rules.preferred_types:
        limit = ruleset.age_limit(type_key)
        if limit is not None and not limit.serves(age):
            if limit.instead and limit.instead not in rules.preferred_types:
                ids = tuple(by_type.get(limit.instead, ()))
                where = "" if ids else " Finnes ikke i nettverket ennå."
                found.append(
                    Candidate(
                        limit.instead,
                        ids,
                        limit.reason + " Pek heller ut en ansvarlig person i kommunen." + where,
                        tuple(describe_citation(c) for c in (*limit.source, *rules.source)),
                    )
                )
            continue
        ids = tuple(by_type.get(type_key, ()))
        where = "" if ids else " Finnes ikke i nettverket ennå."
        note = _age_note(type_key, age, ruleset) or ""
        found.append(Candidate(type_key, ids, rules.reason + note + where, sources))
    return found


def plan_applies(case: Case, ruleset: RuleSet) -> bool:
    """Tell whether an individuell plan is being made: the plan rule's condition holds."""
    when = ruleset.rule(INDIVIDUAL_PLAN_RULE).when
    return condition_holds(when, case_profile(case), frozenset())


def plan_coordinator_types(age: int | None, ruleset: RuleSet) -> tuple[str, ...]:
    """The municipality's service providers that can coordinate a plan for this age.

    ``[coordinator] individual_plan_types`` without the types whose age limit the person
    is above (an SLT-koordinator for someone over 23).
    """
    return tuple(
        key for key in ruleset.coordinator.individual_plan_types if ruleset.serves(key, age)
    )


def plan_coordinator(case: Case, ruleset: RuleSet) -> PlanCoordinator | None:
    """Check the duty to appoint the plan's coordinator (seed 002 «Individuell plan»).

    Returns None when no individuell plan is being made. Presence is not appointment: a
    municipal service that nobody has marked as coordinator leaves the status ``missing``.
    """
    if not plan_applies(case, ruleset):
        return None
    rules = ruleset.coordinator
    fitting = plan_coordinator_types(case.person.age, ruleset)
    marked = case.coordinators()
    ids = tuple(actor.id for actor in marked if actor.type in fitting)
    status = "ok" if ids else ("not_municipal" if marked else "missing")
    sources = tuple(describe_citation(c) for c in rules.individual_plan_source)
    return PlanCoordinator(status, ids, rules.individual_plan_reason, sources)


def _plan_warnings(plan: PlanCoordinator | None, case: Case, ruleset: RuleSet) -> list[str]:
    if plan is None or plan.status == "ok":
        return []
    if plan.status == "missing":
        return [
            "Personen ønsker individuell plan, men ingen er merket som koordinator. En av "
            "kommunens tjenesteytere skal oppnevnes som koordinator (for eksempel NAV, "
            "helsetjenesten, barnevernet eller SLT-koordinatoren). At tjenesten er med i "
            "nettverket, er ikke nok."
        ]
    labels = ", ".join(f"«{actor.label}»" for actor in case.coordinators())
    return [
        f"Koordinatoren {labels} kan ikke være koordinator for den individuelle planen: "
        "koordinatoren skal være en av kommunens tjenesteytere, ikke for eksempel politiet, "
        "PST eller kriminalomsorgen. SLT-koordinatoren passer bare innenfor SLTs aldersgruppe."
    ]


def _plan_candidates(
    by_type: dict[str, list[str]], age: int | None, ruleset: RuleSet
) -> list[Candidate]:
    """Candidates for a plan: only the municipality's service providers, never police/PST.

    The ones present in the case, in the order of ``individual_plan_types``; when none is
    present, ``kommune`` (not yet in the network).
    """
    rules = ruleset.coordinator
    sources = tuple(describe_citation(c) for c in rules.individual_plan_source)
    found = [
        Candidate(key, tuple(by_type[key]), rules.individual_plan_reason, sources)
        for key in plan_coordinator_types(age, ruleset)
        if by_type.get(key)
    ]
    if not found:
        reason = rules.individual_plan_reason + " Finnes ikke i nettverket ennå."
        found.append(Candidate("kommune", (), reason, sources))
    return found


def _candidates(case: Case, catalogue: Catalogue, ruleset: RuleSet) -> tuple[Candidate, ...]:
    by_type: dict[str, list[str]] = {}
    for actor in case.actors:
        by_type.setdefault(actor.type, []).append(actor.id)
    person = case.person
    if plan_applies(case, ruleset):
        return tuple(_plan_candidates(by_type, person.age, ruleset))
    found = _preferred(by_type, person.age, ruleset)
    present_first = sorted(found, key=lambda c: (not c.ids,))
    return tuple(present_first)


def coordinator_report(
    case: Case, catalogue: Catalogue | None = None, ruleset: RuleSet | None = None
) -> CoordinatorReport:
    """Analyse coordination in a case.

    Candidates are given when there is no single coordinator, or when the one
    marked is not a service. Warnings are Norwegian sentences for the team.
    """
    catalogue = catalogue or load_catalogue()
    ruleset = ruleset or load_ruleset()
    status = coordinator_status(case)
    ids = tuple(a.id for a in case.coordinators())
    warnings: list[str] = []
    informal = [a for a in case.coordinators() if not catalogue.types[a.type].is_formal]
    for actor in informal:
        warnings.append(
            f"Koordinatoren «{actor.label}» er ikke en tjeneste. Koordineringen bør ligge hos "
            "en tjeneste, for eksempel SLT-koordinatoren eller politiets radikaliseringskontakt."
        )
    if status == "multiple":
        warnings.append(
            "Flere er merket som koordinator. Avklar hvem som har hovedansvaret: det bør være én."
        )
    plan = plan_coordinator(case, ruleset)
    warnings += _plan_warnings(plan, case, ruleset)
    groups = single_point_of_failure(case, catalogue)
    if groups:
        labels = {a.id: a.label for a in case.actors}
        described = " | ".join(", ".join(labels[i] for i in group) for group in groups)
        warnings.append(
            "Koordinatoren er eneste bindeledd mellom tjenestene: faller koordinatoren ut, "
            f"mister disse gruppene kontakten med hverandre: {described}."
        )
    plan_unmet = plan is not None and plan.status != "ok"
    needs_candidates = status != "ok" or bool(informal) or plan_unmet
    return CoordinatorReport(
        status=status,
        ids=ids,
        candidates=_candidates(case, catalogue, ruleset) if needs_candidates else (),
        unreached=unreached_actors(case, catalogue),
        warnings=tuple(warnings),
        individual_plan=plan,
    )
