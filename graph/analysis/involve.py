"""Whom to involve next: the gaps first, then resources already in the network.

The ranked list starts with the guidance's gaps (must, then should, then may) and
goes on with what the network itself offers: informal supporters close to the
person who are not yet part of the follow-up (seed 002: find who can be a positive
support, by the person's own wishes), actors who are the only bridge between parts
of the network, and risk ties that the team should address.

Each part is one pass over the actors or the ties (the bridges come from the
articulation points of :mod:`.metrics`, one depth-first search), so the list costs
time linear in the size of the case and has at most one entry per gap, actor and tie.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.format.model import PERSON_ID, Case
from graph.guidance.gaps import Gap
from graph.reference.catalogue import Catalogue, load_catalogue
from graph.reference.vocabulary import LEVEL_LABELS


@dataclass(frozen=True)
class Suggestion:
    """One thing to do next: involve a type (a gap) or make more of an actor or a tie."""

    kind: str
    """``gap``, ``supporter``, ``bridge`` or ``risk``."""
    type: str
    why: str
    level: str | None = None
    ids: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        """JSON-ready form (FORMATS.md §3.1 ``involve``)."""
        entry: dict = {"type": self.type, "why": self.why, "kind": self.kind}
        if self.level:
            entry["level"] = self.level
        if self.ids:
            entry["ids"] = list(self.ids)
        return entry


def _gap_suggestions(gaps: list[Gap], catalogue: Catalogue) -> list[Suggestion]:
    return [
        Suggestion(
            "gap",
            gap.type,
            f"{LEVEL_LABELS[gap.level]}: {catalogue.label(gap.type)} mangler. "
            f"{gap.rules[0].reason}",
            level=gap.level,
        )
        for gap in gaps
    ]


def informal_supporters(case: Case, catalogue: Catalogue) -> list[Suggestion]:
    """Informal actors close to the person, with a supportive tie, not linked to any service."""
    formal = {a.id for a in case.actors if catalogue.types[a.type].is_formal}
    supportive: set[str] = set()
    linked_to_service: set[str] = set()
    for tie in case.ties:
        ends = {tie.source, tie.target}
        if PERSON_ID in ends and tie.kind == "support":
            supportive |= ends - {PERSON_ID}
        if ends & formal:
            linked_to_service |= ends
    found = []
    for actor in case.actors:
        actor_type = catalogue.types[actor.type]
        close = actor.closeness in (1, 2)
        if (
            not actor_type.is_formal
            and actor.type != "risikomiljo"
            and close
            and actor.id in supportive
            and actor.id not in linked_to_service
        ):
            found.append(
                Suggestion(
                    "supporter",
                    actor.type,
                    f"«{actor.label}» står personen nær og gir støtte, men har ingen kontakt med "
                    "tjenestene. Vurder å trekke inn hen i oppfølgingen, hvis personen ønsker det.",
                    ids=(actor.id,),
                )
            )
    return found


def bridges(case: Case, articulation_points: list[str]) -> list[Suggestion]:
    """Actors that are the only link between parts of the network (person left out)."""
    labels = {a.id: (a.label, a.type) for a in case.actors}
    return [
        Suggestion(
            "bridge",
            labels[node][1],
            f"«{labels[node][0]}» er eneste forbindelse mellom deler av nettverket. Hold hen "
            "orientert, og bygg flere forbindelser så nettverket ikke henger på én.",
            ids=(node,),
        )
        for node in articulation_points
    ]


def risk_ties(case: Case) -> list[Suggestion]:
    """Risk ties that touch the person or an actor close to the person."""
    actors = {a.id: a for a in case.actors}
    found = []
    for tie in case.ties:
        if tie.kind != "risk":
            continue
        ends = [e for e in (tie.source, tie.target) if e != PERSON_ID]
        near = PERSON_ID in (tie.source, tie.target) or any(
            actors[e].closeness in (1, 2) for e in ends
        )
        if not near:
            continue
        names = [actors[e].label for e in ends]
        other = next((actors[e] for e in ends if actors[e].type == "risikomiljo"), actors[ends[0]])
        who = " og ".join(f"«{n}»" for n in names) if len(names) > 1 else f"«{names[0]}»"
        found.append(
            Suggestion(
                "risk",
                other.type,
                f"Risikobånd til {who}. Drøft i teamet hvordan påvirkningen kan reduseres, "
                "og hvem som følger det opp.",
                ids=tuple(ends),
            )
        )
    return found


def involve(
    case: Case,
    gaps: list[Gap],
    articulation_points: list[str],
    catalogue: Catalogue | None = None,
) -> list[Suggestion]:
    """The ranked list: gaps (must, should, may), supporters, bridges, risk ties."""
    catalogue = catalogue or load_catalogue()
    return [
        *_gap_suggestions(gaps, catalogue),
        *informal_supporters(case, catalogue),
        *bridges(case, articulation_points),
        *risk_ties(case),
    ]
