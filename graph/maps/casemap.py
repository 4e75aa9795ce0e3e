"""From a case to a drawable map: positions, shapes, labels and tooltips.

Only what the map shows is put into the :class:`~graph.render.spec.MapSpec`: label,
type, closeness, coordinator mark and the tie kinds. Notes, contacts and unknown
keys of the file stay on the server.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence

from graph.format.limits import MAP_READABLE_ACTORS
from graph.format.model import PERSON_ID, Actor, Case, Tie
from graph.maps.style import (
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
from graph.reference.catalogue import Catalogue, load_catalogue
from graph.reference.vocabulary import (
    LEVEL_LABELS,
    closeness_label,
    legal_basis_label,
    strength_label,
    tie_kind_label,
)
from graph.render.geometry import (
    footprint,
    map_quality,
    node_extent,
    route_edges,
    untangle,
    with_curves,
)
from graph.render.layout import (
    BASE_SCALE,
    RING_RADII,
    SCALE_STEP,
    Layout,
    Placement,
    SectorSpan,
    egocentric_layout,
    labelled_layout,
    nearby_places,
    sector_spans,
)
from graph.render.spec import MapEdge, MapNode, MapSpec

MAP_LABEL_LIMIT = 28
"""Labels longer than this are shortened on the map so neighbours stay readable."""

MAP_LABEL_SIZE = 14.0
"""Font size of labels on a case's map, in map units: the layout keeps labels of this
size apart (:func:`graph.render.layout.labelled_layout`) and they zoom with the map."""

UNTANGLE_SIZES = 6
ROUTE_WORK_LIMIT = 50_000
"""Ties × nodes above which ties are drawn straight: routing each tie around every node
costs about that many checks per curve tried (a valid case may have 5,000 ties)."""
UNTANGLE_WORK_LIMIT = 20_000
"""Ties × nodes above which actors are not moved to free ties (one size is routed only):
moving tries every nearby place and routes the ties again for each, so a dense map of
150 actors took half a minute. Every example and a typical case of 20–60 actors stay
well under it (60 actors and 90 ties: about 6,000)."""
"""If some tie still runs through a node, or a tie's label covers something, the map is
laid out again a little larger, at most this many sizes in all (the first size without
either is kept, else the one with the fewest)."""

MAP_LABEL_WRAP = 140.0
"""Widest line of a label on a case's map, in map units (about 15 to 20 characters):
longer labels are broken into lines, which keeps boxes of services narrow."""

ACTOR_SIZE = 14
GHOST_SIZE = 12

GHOST_PREFIX = "mangler:"
"""Ghost node ids start with this (made unique against the case's own ids)."""

LEGAL_BASIS_SHORT = {
    "consent": "samtykke",
    "avvergingsplikt": "avvergingsplikt",
    "opplysningsplikt": "opplysningsplikt",
    "lovhjemmel": "lovhjemmel",
    "none": "uten grunnlag",
    None: "grunnlag ikke oppgitt",
}
"""The legal basis in a word or two, written beside the «§» on a tie that shares
information (the tooltip has the whole name, from ``data/vocabulary.toml``)."""


def too_many_notice(count: int) -> str:
    """What the map says above :data:`graph.format.limits.MAP_READABLE_ACTORS` actors (else "").

    Examples
    --------
    >>> too_many_notice(3)
    ''
    >>> too_many_notice(2000)[:40]
    'Saken har 2000 aktører. Så mange kan ikk'
    """
    if count <= MAP_READABLE_ACTORS:
        return ""
    return (
        f"Saken har {count} aktører. Så mange kan ikke leses som ett kart: navnene vises "
        "først når du zoomer inn. Vis en del av saken ved å velge sektor, type eller nærhet, "
        f"så kartet får høyst {MAP_READABLE_ACTORS} aktører."
    )


def ghost_ids(missing: Collection[tuple[str, str]], taken: Collection[str] = ()) -> dict[str, str]:
    """The node id of each missing type's ghost, unique against ``taken`` ids."""
    used = set(taken)
    ids = {}
    for type_key, _ in missing:
        candidate = f"{GHOST_PREFIX}{type_key}"
        while candidate in used:
            candidate += "*"
        used.add(candidate)
        ids[type_key] = candidate
    return ids


def ghost_types(nodes: Iterable[MapNode], types: Collection[str]) -> dict[str, str]:
    """The missing actor type each ghost node of a map stands for (node id → type).

    The inverse of :func:`ghost_ids` for the nodes drawn as ghosts: the editable map
    uses it to offer «Ny aktør» of the right type when a ghost is clicked. Ids of other
    nodes, and of types not in ``types``, are left out.

    Examples
    --------
    >>> ids = ghost_ids([("barnevern", "must")], taken=["mangler:barnevern"])
    >>> ghosts = [MapNode(i, "", 0.0, 0.0, group=GHOST_STYLE["group"]) for i in ids.values()]
    >>> ghost_types(ghosts, ["barnevern"])
    {'mangler:barnevern*': 'barnevern'}
    """
    found = {}
    for node in nodes:
        if node.group != GHOST_STYLE["group"] or not node.id.startswith(GHOST_PREFIX):
            continue
        type_key = node.id[len(GHOST_PREFIX) :].rstrip("*")
        if type_key in types:
            found[node.id] = type_key
    return found


def _ghost_label(type_key: str, level: str, catalogue: Catalogue, mark: str = "") -> str:
    return f"{mark}{LEVEL_LABELS[level]}: {catalogue.types[type_key].label}"


def _actor_label(actor: Actor, mark: str = "") -> str:
    short = shorten_label(actor.label)
    return f"{mark}{COORDINATOR_MARK}{short}" if actor.coordinator else f"{mark}{short}"


def _footprints(shape: str, size: int, label: str) -> tuple[tuple, tuple]:
    body, _ = node_extent(shape, size, label, MAP_LABEL_SIZE, MAP_LABEL_WRAP)
    area = footprint(shape, size, label, MAP_LABEL_SIZE, MAP_LABEL_WRAP)
    return (area.left, area.top, area.right, area.bottom), (
        body.left,
        body.top,
        body.right,
        body.bottom,
    )


SPAN_BY_ACTORS = 0.5
"""How much of the circle is shared out by the number of actors in each sector (the rest
by the catalogue's weights), so a sector with many actors gets room for their labels."""


def case_spans(
    case: Case, catalogue: Catalogue | None = None, missing: Collection[tuple[str, str]] = ()
) -> list[SectorSpan]:
    """The sectors of this case's map: part by the catalogue's weights, part by actors.

    Up to :data:`graph.format.limits.MAP_READABLE_ACTORS` actors, :data:`SPAN_BY_ACTORS` of the
    circle is shared out in proportion to the actors (and ghosts) in each sector, the
    rest by the catalogue's weights, so every sector keeps a slice and a crowded one
    gets more. Above it (and for a case with no actors) the catalogue's weights alone.

    Examples
    --------
    >>> from graph.format.model import Case
    >>> case = Case.model_validate({"format": "tverrkart-case/1", "person": {"alias": "A"}})
    >>> [round(s.width_deg) for s in case_spans(case)]
    [72, 72, 72, 144]
    """
    catalogue = catalogue or load_catalogue()
    counts = {s.key: 0 for s in catalogue.sectors}
    for actor in case.actors:
        counts[catalogue.types[actor.type].sector] += 1
    for type_key, _ in missing:
        counts[catalogue.types[type_key].sector] += 1
    total = sum(counts.values())
    weights = sum(s.weight for s in catalogue.sectors)
    share = SPAN_BY_ACTORS if total and len(case.actors) <= MAP_READABLE_ACTORS else 0.0
    return sector_spans(
        (
            s.key,
            s.label,
            (1 - share) * s.weight / weights + (share * counts[s.key] / total if share else 0.0),
        )
        for s in catalogue.sectors
    )


def case_layout(
    case: Case,
    catalogue: Catalogue | None = None,
    missing: Collection[tuple[str, str]] = (),
    label_marks: Mapping[str, str] | None = None,
    ghost_mark: str = "",
    *,
    min_scale: float | Mapping[int | str | None, float] = BASE_SCALE,
) -> Layout:
    """Where each actor (and each ghost of ``missing``) of ``case`` stands on its map.

    Up to :data:`graph.format.limits.MAP_READABLE_ACTORS` actors the labels are kept apart
    (:func:`graph.render.layout.labelled_layout`); above it the plain layout is used (labels
    are only drawn when zoomed in). Ghosts stand on the ring outside the actors, with
    ids from :func:`ghost_ids`. The person is not in the positions: it is (0, 0).
    """
    catalogue = catalogue or load_catalogue()
    type_order = {key: index for index, key in enumerate(catalogue.types)}
    spans = case_spans(case, catalogue, missing)
    readable = len(case.actors) <= MAP_READABLE_ACTORS
    placements = []
    for actor in case.actors:
        actor_type = catalogue.types[actor.type]
        shape = actor_style(actor_type.sphere, actor.type)["shape"]
        area, body = (
            _footprints(shape, ACTOR_SIZE, _actor_label(actor)) if readable else (None,) * 2
        )
        along = actor.position.along if actor.position is not None else None
        placements.append(
            Placement(
                actor.id,
                actor_type.sector,
                actor.closeness,
                type_order[actor.type],
                area,
                body,
                along,
            )
        )
    ids = ghost_ids(missing, [a.id for a in case.actors])
    for type_key, level in missing:
        actor_type = catalogue.types[type_key]
        shape = actor_style(actor_type.sphere, type_key)["shape"]
        label = _ghost_label(type_key, level, catalogue, ghost_mark)
        area, body = _footprints(shape, GHOST_SIZE, label) if readable else (None, None)
        placements.append(
            Placement(ids[type_key], actor_type.sector, "missing", type_order[type_key], area, body)
        )
    if not readable:
        return Layout(egocentric_layout(placements, spans), 1.0, False)
    person, _ = node_extent("ellipse", 24, case.person.alias, MAP_LABEL_SIZE, MAP_LABEL_WRAP)
    centre = ((0.0, 0.0), (person.left, person.top, person.right, person.bottom))
    links = [(t.source, t.target) for t in case.ties]
    return labelled_layout(
        placements, spans, fixed={PERSON_ID: centre}, links=links, min_scale=min_scale
    )


def case_positions(case: Case, catalogue: Catalogue | None = None) -> dict[str, tuple]:
    """Position of every actor and of the person (at the centre) for this case.

    See :func:`case_layout` for how positions are chosen.
    """
    positions = dict(case_layout(case, catalogue).positions)
    positions[PERSON_ID] = (0.0, 0.0)
    return positions


def ghost_nodes(
    missing: Collection[tuple[str, str]],
    catalogue: Catalogue | None = None,
    taken: Collection[str] = (),
    positions: Mapping[str, tuple[float, float]] | None = None,
    mark: str = "",
) -> tuple[MapNode, ...]:
    """Dashed "ghost" nodes for actor types the guidance says are missing.

    Parameters
    ----------
    missing : collection of (type, level)
        The missing types and the level of the strongest rule asking for each.
    catalogue : Catalogue, optional
        The actor catalogue.
    taken : collection of str
        Ids already on the map; a ghost id never collides with one of them.
    positions : mapping, optional
        Where each ghost id stands (from :func:`case_layout`, which places ghosts and
        actors together so their labels stay apart). By default the ghosts are placed
        on their own ring.
    mark : str
        Put before every ghost's label.

    Each ghost stands in its type's sector on a ring outside the actors, labelled
    with the level ("Må: Barnevern"), so the team sees where the gap is.
    """
    catalogue = catalogue or load_catalogue()
    ids = ghost_ids(missing, taken)
    if positions is None:
        type_order = {key: index for index, key in enumerate(catalogue.types)}
        placements = [
            Placement(ids[t], catalogue.types[t].sector, "missing", type_order[t])
            for t, _ in missing
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
                label=_ghost_label(type_key, level, catalogue, mark),
                title=f"Mangler: {actor_type.label}\nVeilederen sier: {LEVEL_LABELS[level].lower()}"
                " involveres",
                x=positions[node_id][0],
                y=positions[node_id][1],
                shape=style["shape"],
                color=GHOST_STYLE["color"],
                border_color=GHOST_STYLE["border_color"],
                border_width=2,
                border_dashes=True,
                size=GHOST_SIZE,
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
    actor: Actor, xy: tuple[float, float], catalogue: Catalogue, highlighted: bool, mark: str = ""
) -> MapNode:
    actor_type = catalogue.types[actor.type]
    style = actor_style(actor_type.sphere, actor.type)
    return MapNode(
        id=actor.id,
        label=_actor_label(actor, mark),
        title=_actor_tooltip(actor, catalogue),
        x=xy[0],
        y=xy[1],
        shape=style["shape"],
        color=style["color"],
        border_color="#111111" if actor.coordinator else style["border_color"],
        border_width=COORDINATOR_BORDER if actor.coordinator else 1,
        size=ACTOR_SIZE,
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
        label = f"{INFO_SHARING_MARK} {LEGAL_BASIS_SHORT.get(tie.legal_basis, basis)}"
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
    missing: Collection[tuple[str, str]] = (),
    extra_nodes: tuple[MapNode, ...] = (),
    height_px: int = 660,
    label_marks: Mapping[str, str] | None = None,
    ghost_mark: str = "",
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
    missing : collection of (type, level)
        Actor types the guidance says are missing, drawn as dashed "ghost" nodes
        (see :func:`ghost_nodes`), placed together with the actors.
    extra_nodes : tuple of MapNode
        Nodes drawn in addition, where they stand (the layout does not see them).
    height_px : int
        Height of the drawing.
    label_marks : mapping, optional
        Actor id to a mark put before its label (such as «+ » for an added actor), so
        the layout keeps the marked labels apart.
    ghost_mark : str
        Put before every ghost's label.

    Returns
    -------
    MapSpec
        Up to :data:`graph.format.limits.MAP_READABLE_ACTORS` actors no label covers another
        label or a node, and every tie that would run through a node it does not
        connect is curved around it (:func:`graph.render.geometry.route_edges`).
        Above it, the map says it is too large to read (``notice``). The cost is
        bounded for dense maps too: above :data:`UNTANGLE_WORK_LIMIT` ties × nodes no
        actor is moved to free a tie, above :data:`ROUTE_WORK_LIMIT` ties stay straight.
    """
    catalogue = catalogue or load_catalogue()
    marks = label_marks or {}
    readable = len(case.actors) <= MAP_READABLE_ACTORS
    person = centre_node(PERSON_ID, case.person.alias, _person_tooltip(case), border_width=2)
    highlighted = set(highlight_actors)
    highlighted_ties = set(highlight_ties)
    edges = tuple(_tie_edge(t, i in highlighted_ties) for i, t in enumerate(case.ties))
    spans = case_spans(case, catalogue, missing)

    def draw(layout: Layout) -> MapSpec:
        positions = layout.positions
        nodes = [person] + [
            _actor_node(a, positions[a.id], catalogue, a.id in highlighted, marks.get(a.id, ""))
            for a in case.actors
        ]
        ghosts = ghost_nodes(missing, catalogue, [a.id for a in case.actors], positions, ghost_mark)
        return MapSpec(
            title=case.title,
            nodes=(*nodes, *ghosts, *extra_nodes),
            edges=edges,
            legend=case_legend(),
            rings=tuple(layout.radius(ring) for ring in (1, 2, 3)),
            sector_lines=tuple((span.start_deg % 360, span.label) for span in spans),
            height_px=height_px,
            label_size=MAP_LABEL_SIZE if readable else None,
            label_wrap=MAP_LABEL_WRAP if readable else None,
            notice=too_many_notice(len(case.actors)),
        )

    layout = case_layout(case, catalogue, missing, marks, ghost_mark)
    work = len(case.ties) * (len(case.actors) + len(missing) + 1)
    if not readable or work > ROUTE_WORK_LIMIT:
        return draw(layout)
    if work > UNTANGLE_WORK_LIMIT:
        spec = draw(layout)
        return with_curves(spec, route_edges(spec))
    best: tuple[tuple[int, int], MapSpec] | None = None
    for size in range(UNTANGLE_SIZES):
        if size:
            larger = {ring: layout.ring_scale(ring) * SCALE_STEP for ring in RING_RADII}
            layout = case_layout(case, catalogue, missing, marks, ghost_mark, min_scale=larger)
        spec = draw(layout)
        spec = with_curves(spec, route_edges(spec))
        if any(edge.curve for edge in spec.edges):
            spec = untangle(spec, _places(case, catalogue, missing, layout))
            spec = with_curves(spec, route_edges(spec))
        quality = map_quality(spec)
        score = (quality.edge_node, quality.edge_label)
        if best is None or score < best[0]:
            best = (score, spec)
        if score == (0, 0) or not layout.clear:
            break
    return best[1]


class _Places(Mapping[str, Sequence[tuple[float, float]]]):
    """Node id → the other places it may take, worked out when first asked for.

    :func:`graph.render.geometry.untangle` asks only for the nodes in the way of a
    tie, mostly a few of them; working out every node's places first cost about a
    twentieth of drawing a map of 60 actors.
    """

    def __init__(
        self, where: Mapping[str, tuple[SectorSpan, int | str | None]], layout: Layout
    ) -> None:
        self._where = where
        self._layout = layout
        self._found: dict[str, Sequence[tuple[float, float]]] = {}

    def __getitem__(self, node_id: str) -> Sequence[tuple[float, float]]:
        if node_id not in self._found:
            span, ring = self._where[node_id]
            layout = self._layout
            self._found[node_id] = nearby_places(
                span, ring, layout.ring_scale(ring), layout.positions[node_id]
            )
        return self._found[node_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)


def _places(
    case: Case, catalogue: Catalogue, missing: Collection[tuple[str, str]], layout: Layout
) -> Mapping[str, Sequence[tuple[float, float]]]:
    """Where each actor and ghost could stand instead (see
    :func:`graph.render.layout.nearby_places`), each worked out when first asked for."""
    spans = {span.key: span for span in case_spans(case, catalogue, missing)}
    # An actor the user put somewhere has no other place: it stays where it is.
    where: dict[str, tuple[SectorSpan, int | str | None]] = {
        a.id: (spans[catalogue.types[a.type].sector], a.closeness)
        for a in case.actors
        if a.position is None or a.position.along is None
    }
    ids = ghost_ids(missing, [a.id for a in case.actors])
    for type_key, _ in missing:
        where[ids[type_key]] = (spans[catalogue.types[type_key].sector], "missing")
    return _Places(where, layout)


def _person_tooltip(case: Case) -> str:
    person = case.person
    age = "ukjent" if person.age is None else f"{person.age} år"
    return f"{person.alias} (personen i midten)\nAlder: {age}"
