"""Who coordinates the follow-up, whom the coordinator reaches, and who could coordinate.

The guidance asks that it is clear who coordinates (seed 000, step 4; seed 001,
«Samarbeid på tvers av sektorer og nettverk»), and an individuell plan has exactly one
coordinator (seed 002). This module checks that, finds the formal actors the
coordinator does not reach over formal ties, and warns when everything between the
services hangs on the coordinator alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from graph.catalogue import Catalogue, load_catalogue
from graph.guidance.ruleset import RuleSet, load_ruleset
from graph.model import Case
from graph.sources import describe_citation

#: Tie kinds that carry coordination between services. Risk and conflict do not.
COORDINATING_KINDS = frozenset({"relation", "support", "collaboration", "referral"})


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
class CoordinatorReport:
    """Everything the analysis says about coordination."""

    status: str
    ids: tuple[str, ...]
    candidates: tuple[Candidate, ...] = ()
    unreached: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict:
        """JSON-ready form (FORMATS.md §3.1 ``coordinator``)."""
        return {
            "status": self.status,
            "ids": list(self.ids),
            "candidates": [c.as_dict() for c in self.candidates],
            "unreached": list(self.unreached),
            "warnings": list(self.warnings),
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


def _candidates(case: Case, catalogue: Catalogue, ruleset: RuleSet) -> tuple[Candidate, ...]:
    by_type: dict[str, list[str]] = {}
    for actor in case.actors:
        by_type.setdefault(actor.type, []).append(actor.id)
    rules = ruleset.coordinator
    person = case.person
    found = _preferred(by_type, person.age, ruleset)
    if person.wants_individual_plan and "long_term_needs" in person.situation:
        ip_sources = tuple(describe_citation(c) for c in rules.individual_plan_source)
        for type_key in rules.individual_plan_types:
            ids = tuple(by_type.get(type_key, ()))
            if ids and type_key not in rules.preferred_types:
                found.append(Candidate(type_key, ids, rules.individual_plan_reason, ip_sources))
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
    groups = single_point_of_failure(case, catalogue)
    if groups:
        labels = {a.id: a.label for a in case.actors}
        described = " | ".join(", ".join(labels[i] for i in group) for group in groups)
        warnings.append(
            "Koordinatoren er eneste bindeledd mellom tjenestene: faller koordinatoren ut, "
            f"mister disse gruppene kontakten med hverandre: {described}."
        )
    needs_candidates = status != "ok" or bool(informal)
    return CoordinatorReport(
        status=status,
        ids=ids,
        candidates=_candidates(case, catalogue, ruleset) if needs_candidates else (),
        unreached=unreached_actors(case, catalogue),
        warnings=tuple(warnings),
    )
