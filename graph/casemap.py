"""From a case to a drawable map: positions, shapes, labels and tooltips.

Only what the map shows is put into the :class:`~graph.render.spec.MapSpec`: label,
type, closeness, coordinator mark and the tie kinds. Notes, contacts and unknown
keys of the file stay on the server.
"""

from __future__ import annotations

from collections.abc import Collection

from graph.catalogue import Catalogue, load_catalogue
from graph.layout import RING_RADII, Placement, egocentric_layout, sector_spans
from graph.model import PERSON_ID, Actor, Case, Tie
from graph.render.spec import MapEdge, MapNode, MapSpec
from graph.style import (
    COORDINATOR_BORDER,
    COORDINATOR_GROUP,
    COORDINATOR_MARK,
    GHOST_STYLE,
    HIGHLIGHT_BORDER_COLOR,
    HIGHLIGHTED_TIE_GROUP,
    INFO_SHARING_MARK,
    STRENGTH_WIDTH,
    TIE_STYLES,
    actor_style,
    case_legend,
    centre_node,
)
from graph.vocabulary import (
    LEVEL_LABELS,
    closeness_label,
    legal_basis_label,
    strength_label,
    tie_kind_label,
)

MAP_LABEL_LIMIT = 28
"""Labels longer than this are shortened on the map so neighbours stay readable."""

GHOST_PREFIX = "mangler:"
"""Ghost node ids start with this (made unique against the case's own ids)."""


def case_positions(case: Case, catalogue: Catalogue | None = None) -> dict[str, tuple]:
    """Position of every actor and of the person (at the centre) for this case.

    See :func:`graph.layout.egocentric_layout` for how positions are chosen.
    """
    catalogue = catalogue or load_catalogue()
    type_order = {key: index for index, key in enumerate(catalogue.types)}
    placements = [
        Placement(a.id, catalogue.types[a.type].sector, a.closeness, type_order[a.type])
        for a in case.actors
    ]
    spans = sector_spans((s.key, s.label, s.weight) for s in catalogue.sectors)
    positions = egocentric_layout(placements, spans)
    positions[PERSON_ID] = (0.0, 0.0)
    return positions


def ghost_nodes(
    missing: Collection[tuple[str, str]],
    catalogue: Catalogue | None = None,
    taken: Collection[str] = (),
) -> tuple[MapNode, ...]:
    """Dashed "ghost" nodes for actor types the guidance says are missing.

    Parameters
    ----------
    missing : collection of (type, level)
        The missing types and the level of the strongest rule asking for each.

    taken : collection of str
        Ids already on the map; a ghost id never collides with one of them.

    Each ghost stands in its type's sector on a ring outside the actors, labelled
    with the level ("Må: Barnevern"), so the team sees where the gap is.
    """
    catalogue = catalogue or load_catalogue()
    used = set(taken)

    def ghost_id(type_key: str) -> str:
        candidate = f"{GHOST_PREFIX}{type_key}"
        while candidate in used:
            candidate += "*"
        return candidate

    ids = {t: ghost_id(t) for t, _ in missing}
    type_order = {key: index for index, key in enumerate(catalogue.types)}
    placements = [
        Placement(ids[t], catalogue.types[t].sector, "missing", type_order[t]) for t, _ in missing
    ]
    spans = sector_spans((s.key, s.label, s.weight) for s in catalogue.sectors)
    positions = egocentric_layout(placements, spans)
    nodes = []
    for type_key, level in missing:
        node_id = ids[type_key]
        actor_type = catalogue.types[type_key]
        style = actor_style(actor_type.sphere, type_key)
        nodes.append(
            MapNode(
                id=node_id,
                label=f"{LEVEL_LABELS[level]}: {actor_type.label}",
                title=f"Mangler: {actor_type.label}\nVeilederen sier: {LEVEL_LABELS[level].lower()}"
                " involveres",
                x=positions[node_id][0],
                y=positions[node_id][1],
                shape=style["shape"],
                color=GHOST_STYLE["color"],
                border_color=GHOST_STYLE["border_color"],
                border_width=2,
                border_dashes=True,
                size=12,
                font_color="#555555",
                group=GHOST_STYLE["group"],
            )
        )
    return tuple(nodes)


def shorten_label(label: str, limit: int = MAP_LABEL_LIMIT) -> str:
    """Cut a long label for the map (the tooltip keeps it whole).

    Examples
    --------
    >>> shorten_label("Kontakt i nettmiljø (eldre, kjent bare ved brukernavn)")
    'Kontakt i nettmiljø (eldre…'
    """
    return label if len(label) <= limit else label[: limit - 1].rstrip(" ,;:-–(") + "…"


def _actor_tooltip(actor: Actor, catalogue: Catalogue) -> str:
    lines = [actor.label, f"Type: {catalogue.label(actor.type)}"]
    lines.append(f"Nærhet: {closeness_label(actor.closeness)}")
    if actor.coordinator:
        lines.append("Koordinator for oppfølgingen")
    return "\n".join(lines)


def _actor_node(
    actor: Actor, xy: tuple[float, float], catalogue: Catalogue, highlighted: bool
) -> MapNode:
    actor_type = catalogue.types[actor.type]
    style = actor_style(actor_type.sphere, actor.type)
    short = shorten_label(actor.label)
    label = f"{COORDINATOR_MARK}{short}" if actor.coordinator else short
    return MapNode(
        id=actor.id,
        label=label,
        title=_actor_tooltip(actor, catalogue),
        x=xy[0],
        y=xy[1],
        shape=style["shape"],
        color=style["color"],
        border_color="#111111" if actor.coordinator else style["border_color"],
        border_width=COORDINATOR_BORDER if actor.coordinator else 1,
        size=14,
        highlighted=highlighted,
        group=COORDINATOR_GROUP if actor.coordinator else style["group"],
    )


def _tie_edge(tie: Tie, highlighted: bool) -> MapEdge:
    style = TIE_STYLES[tie.kind]
    title = [f"{tie_kind_label(tie.kind)}", f"Styrke: {strength_label(tie.strength)}"]
    label = ""
    if tie.info_sharing:
        basis = legal_basis_label(tie.legal_basis)
        title.append(f"Opplysninger deles. Grunnlag: {basis}")
        label = INFO_SHARING_MARK
    return MapEdge(
        source=tie.source,
        target=tie.target,
        label=label,
        title="\n".join(title),
        color=HIGHLIGHT_BORDER_COLOR if highlighted else style["color"],
        width=STRENGTH_WIDTH[tie.strength] + (1.5 if highlighted else 0.0),
        dashes=style["dashes"],
        arrow=style.get("arrow", False),
        group=HIGHLIGHTED_TIE_GROUP if highlighted else tie.kind,
    )


def case_map_spec(
    case: Case,
    catalogue: Catalogue | None = None,
    *,
    highlight_actors: Collection[str] = (),
    highlight_ties: Collection[int] = (),
    extra_nodes: tuple[MapNode, ...] = (),
    height_px: int = 660,
) -> MapSpec:
    """Build the map of one case.

    Parameters
    ----------
    case : Case
        A validated case.
    catalogue : Catalogue, optional
        The actor catalogue (the shipped one by default).
    highlight_actors : collection of str
        Actor ids to draw with a highlight ring (for example actors the coordinator
        does not reach, or the stars of the network).
    highlight_ties : collection of int
        Indexes into ``case.ties`` of ties to highlight (problem ties).
    extra_nodes : tuple of MapNode
        Nodes drawn in addition to the case's actors (such as "ghost" nodes for
        actors the guidance says are missing).
    height_px : int
        Height of the drawing.
    """
    catalogue = catalogue or load_catalogue()
    positions = case_positions(case, catalogue)
    person = centre_node(PERSON_ID, case.person.alias, _person_tooltip(case), border_width=2)
    highlighted = set(highlight_actors)
    nodes = [person] + [
        _actor_node(a, positions[a.id], catalogue, a.id in highlighted) for a in case.actors
    ]
    highlighted_ties = set(highlight_ties)
    edges = [_tie_edge(t, i in highlighted_ties) for i, t in enumerate(case.ties)]
    spans = sector_spans((s.key, s.label, s.weight) for s in catalogue.sectors)
    return MapSpec(
        title=case.title,
        nodes=(*nodes, *extra_nodes),
        edges=tuple(edges),
        legend=case_legend(),
        rings=tuple(RING_RADII[ring] for ring in (1, 2, 3)),
        sector_lines=tuple((span.start_deg % 360, span.label) for span in spans),
        height_px=height_px,
    )


def _person_tooltip(case: Case) -> str:
    person = case.person
    age = "ukjent" if person.age is None else f"{person.age} år"
    return f"{person.alias} (personen i midten)\nAlder: {age}"
