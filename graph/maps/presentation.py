"""The presentation mode of a case's map: the network revealed step by step.

In a meeting or a workshop the map is shown full screen and built up in the order a
facilitator talks it through (issue 14 § 4): the person, the family, friends and the
near arenas, the services, the ties between them, what is missing (the dashed
"ghosts") and, last, whom to involve. Which node and which tie appears at which step
is decided here, from the case and the catalogue; the page's script only shows and
hides what the steps name (``graph/render/static/map_present.js``).

Every actor is in the step of its type's sector (:data:`SECTOR_STEPS`); an actor of a
sector no step names (a catalogue with a sector of its own) comes with the services,
so the last step always shows the whole map. The whom-to-involve step marks what
:func:`graph.analysis.involve.involve` suggests that the map shows: the ghost of each
missing type and the actors it names (supporters, bridges, ends of risk ties).

A projector of 1280×720 pixels shows a whole case map, fitted with its rings and sector
names, with labels of 6 to 11 pixels: too small to read from the back of a room. So
every step zooms in on the nodes shown so far (``focus``): the person, then the family,
then friends and arenas, the view pulling back as the network grows; the nodes and their
labels fill the screen, the rings and sector lines may run out of it. And every step
draws the labels as large as they can be without covering another label or node
(:func:`with_label_scales`).

Examples
--------
>>> from graph.format.validation import validate_case
>>> case = validate_case({
...     "format": "tverrkart-case/1", "person": {"alias": "A", "age": 15, "situation": ["pupil"]},
...     "actors": [{"id": "mor", "label": "Mor", "type": "foresatte", "closeness": 1},
...                {"id": "nav", "label": "NAV", "type": "nav", "closeness": 3}],
...     "ties": [{"from": "person", "to": "mor", "kind": "support"}]})
>>> steps = case_presentation(case, missing=[("barnevern", "should")])
>>> [(s.title, s.nodes, s.edges) for s in steps][:5]  # doctest: +NORMALIZE_WHITESPACE
[('Personen', ('person',), ()), ('Familie', ('mor',), ()),
 ('Venner og nærmiljø', (), ()), ('Tjenester', ('nav',), ()), ('Båndene', (), (0,))]
>>> steps[5].nodes, steps[6].highlight
(('mangler:barnevern',), ('mangler:barnevern', 'mor'))
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection

import networkx as nx

from graph.analysis.gaps import case_gaps
from graph.analysis.involve import involve
from graph.analysis.metrics import contact_graph
from graph.format.model import PERSON_ID, Case
from graph.guidance.gaps import Gap
from graph.maps.casemap import ghost_ids
from graph.reference.catalogue import Catalogue, load_catalogue
from graph.render.geometry import map_quality
from graph.render.spec import MapSpec, PresentationStep

STEP_TITLES: tuple[str, ...] = (
    "Personen",
    "Familie",
    "Venner og nærmiljø",
    "Tjenester",
    "Båndene",
    "Det som mangler",
    "Hvem bør involveres (markert med ring)",
)
"""The steps' titles, in order (the page shows «Trinn 3 av 7: Venner og nærmiljø»)."""

PERSON_STEP, TIES_STEP, MISSING_STEP, INVOLVE_STEP = 0, 4, 5, 6
"""Indexes into :data:`STEP_TITLES` of the steps that are not sectors."""

SECTOR_STEPS: dict[str, int] = {
    "familie": 1,
    "venner_naermiljo": 2,
    "skole_arbeid_fritid": 2,
    "tjenester": 3,
}
"""The step (index into :data:`STEP_TITLES`) in which the actors of each sector appear."""

OTHER_SECTOR_STEP = 3
"""The step of actors in a sector :data:`SECTOR_STEPS` does not name."""


LABEL_SCALES = (1.6, 1.45, 1.3, 1.2, 1.1)
"""Label sizes tried for a step, largest first (times the map's label size)."""


def involve_ids(
    case: Case,
    catalogue: Catalogue,
    ghosts: dict[str, str],
    gaps: list[Gap] | None = None,
) -> tuple[str, ...]:
    """The node ids the whom-to-involve step marks, in the order of the suggestions.

    Parameters
    ----------
    case : Case
        A validated case.
    catalogue : Catalogue
        The actor catalogue.
    ghosts : dict
        Missing type → the id of its ghost on the map (:func:`graph.maps.casemap.ghost_ids`);
        a gap whose type has no ghost here (a «kan» gap, or ghosts not drawn) marks
        nothing.
    gaps : list of Gap, optional
        The case's gaps (computed when not given).

    Returns
    -------
    tuple of str
        Each id once. The articulation points are those of
        :func:`graph.analysis.metrics.network_metrics` (the contacts' graph, the person
        left out), so the map marks the same bridges as the analysis.
    """
    gaps = case_gaps(case) if gaps is None else gaps
    bridges = sorted(nx.articulation_points(contact_graph(case, catalogue)))
    marked: dict[str, None] = {}
    for suggestion in involve(case, gaps, bridges, catalogue):
        if suggestion.kind == "gap":
            if suggestion.type in ghosts:
                marked[ghosts[suggestion.type]] = None
            continue
        for actor_id in suggestion.ids:
            marked[actor_id] = None
    return tuple(marked)


def case_presentation(
    case: Case,
    catalogue: Catalogue | None = None,
    missing: Collection[tuple[str, str]] = (),
    gaps: list[Gap] | None = None,
) -> tuple[PresentationStep, ...]:
    """The seven steps that reveal the map of ``case`` (see the module's docstring).

    Parameters
    ----------
    case : Case
        A validated case, the one the map is drawn from.
    catalogue : Catalogue, optional
        The actor catalogue (the shipped one by default).
    missing : collection of (type, level)
        The missing types drawn as ghosts, exactly as given to
        :func:`graph.maps.casemap.case_map_spec` (the ghost ids are made the same way).
    gaps : list of Gap, optional
        The case's gaps, if already computed (see :func:`involve_ids`).

    Returns
    -------
    tuple of PresentationStep
        One per :data:`STEP_TITLES`. Every node of the map (the person, each actor and
        each ghost) appears at exactly one step, every tie (by its index in
        ``case.ties``, which is its index in the map's edges) at the ties step. Cost:
        one pass over actors and ties, plus :func:`involve_ids`.
    """
    catalogue = catalogue or load_catalogue()
    nodes: list[list[str]] = [[] for _ in STEP_TITLES]
    nodes[PERSON_STEP].append(PERSON_ID)
    for actor in case.actors:
        sector = catalogue.types[actor.type].sector
        nodes[SECTOR_STEPS.get(sector, OTHER_SECTOR_STEP)].append(actor.id)
    ghosts = ghost_ids(list(missing), [a.id for a in case.actors])
    nodes[MISSING_STEP].extend(ghosts[type_key] for type_key, _ in missing)
    highlight = involve_ids(case, catalogue, ghosts, gaps)
    focus = [tuple(i for s in nodes[: index + 1] for i in s) for index in range(len(nodes))]
    return tuple(
        PresentationStep(
            title=title,
            nodes=tuple(nodes[index]),
            edges=tuple(range(len(case.ties))) if index == TIES_STEP else (),
            highlight=highlight if index == INVOLVE_STEP else (),
            focus=focus[index],
        )
        for index, title in enumerate(STEP_TITLES)
    )


def _hidden_overlaps(spec: MapSpec, nodes: tuple, size: float) -> int:
    """Labels over labels or nodes among ``nodes``, measured at label size ``size``."""
    quality = map_quality(dataclasses.replace(spec, nodes=nodes, edges=(), label_size=size))
    return quality.label_label + quality.label_node


def with_label_scales(spec: MapSpec) -> MapSpec:
    """``spec`` with each presentation step's label size as large as it can be.

    A step's labels grow to the largest of :data:`LABEL_SCALES` at which the nodes shown
    at that step cover each other no more than at the map's own label size (the layout
    kept labels apart at that size), measured as :func:`graph.render.geometry.map_quality`
    measures the map. Steps that show the same nodes are measured once.

    Parameters
    ----------
    spec : MapSpec
        A map with its :attr:`~graph.render.spec.MapSpec.presentation`.

    Returns
    -------
    MapSpec
        The same map; steps keep ``label_scale`` 1 where nothing larger fits, and on a
        map whose labels keep one size on screen (``label_size`` None: too many
        actors to read, labels show only when zoomed in).
    """
    if spec.label_size is None or not spec.presentation:
        return spec
    by_id = {node.id: node for node in spec.nodes}
    shown: list[str] = []
    measured: dict[int, float] = {}
    steps = []
    for step in spec.presentation:
        shown.extend(step.nodes)
        if len(shown) not in measured:
            nodes = tuple(by_id[i] for i in shown)
            own = _hidden_overlaps(spec, nodes, spec.label_size)
            measured[len(shown)] = next(
                (
                    scale
                    for scale in LABEL_SCALES
                    if _hidden_overlaps(spec, nodes, spec.label_size * scale) <= own
                ),
                1.0,
            )
        steps.append(dataclasses.replace(step, label_scale=measured[len(shown)]))
    return dataclasses.replace(spec, presentation=tuple(steps))
