"""The national actor map (the seed's "idékart") as a drawable map.

Seed 000 draws the individual in the middle, the near arenas around (family,
friends, school, leisure, neighbourhood, faith community, workplace) and the
services further out (municipality, child welfare, police, health, voluntary
organisations, PST, NAV, correctional service). Which type stands where is
recorded in the catalogue (``idea_map = "near"`` or ``"outer"``), with its source.
"""

from __future__ import annotations

from graph.maps.casemap import MAP_LABEL_SIZE, MAP_LABEL_WRAP
from graph.maps.style import (
    actor_style,
    centre_node,
    informal_sample,
    person_sample,
    service_sample,
)
from graph.reference.catalogue import ActorType, Catalogue, load_catalogue
from graph.render.geometry import map_quality
from graph.render.layout import SCALE_STEP, polar_to_xy
from graph.render.spec import MapEdge, MapNode, MapSpec

NEAR_RADIUS = 210.0
OUTER_RADIUS = 430.0
CENTRE_ID = "individet"
MIN_SCALE = 0.5
"""The rings are first tried at this fraction of their radii…"""
SIZES = 20
"""…and then this many times larger by :data:`graph.render.layout.SCALE_STEP` at most."""


def _ring_nodes(types: list[ActorType], radius: float, offset_deg: float) -> list[MapNode]:
    nodes = []
    for index, actor_type in enumerate(types):
        angle = 90.0 + offset_deg + 360.0 * index / len(types)
        x, y = polar_to_xy(radius, angle)
        style = actor_style(actor_type.sphere, actor_type.key)
        nodes.append(
            MapNode(
                id=actor_type.key,
                label=actor_type.label,
                title=f"{actor_type.label}\n{actor_type.description}",
                x=x,
                y=y,
                shape=style["shape"],
                color=style["color"],
                border_color=style["border_color"],
                size=14,
                group=style["group"],
            )
        )
    return nodes


def idea_map_spec(catalogue: Catalogue | None = None) -> MapSpec:
    """Build the idékart: the individual, the near arenas, the services outside.

    Types are ordered by sector and then by catalogue order, so arenas that belong
    together stand together. The rings are drawn as small as they can be with no label
    covering another label or a node (measured by
    :func:`graph.render.geometry.map_quality`), trying :data:`SIZES` sizes.
    """
    for step in range(SIZES):
        spec = _idea_map_at(MIN_SCALE * SCALE_STEP**step, catalogue)
        quality = map_quality(spec)
        if not quality.overlaps and not quality.edge_node:
            break
    return spec  # the largest size tried, if none was clear


def _idea_map_at(scale: float, catalogue: Catalogue | None) -> MapSpec:
    catalogue = catalogue or load_catalogue()
    sector_order = {sector.key: index for index, sector in enumerate(catalogue.sectors)}
    ordered = sorted(catalogue.types.values(), key=lambda t: sector_order[t.sector])
    near = [t for t in ordered if t.idea_map == "near"]
    outer = [t for t in ordered if t.idea_map == "outer"]
    centre = centre_node(CENTRE_ID, "Individet", "Personen det gjelder står i midten")
    near_radius, outer_radius = round(NEAR_RADIUS * scale, 1), round(OUTER_RADIUS * scale, 1)
    near_nodes = _ring_nodes(near, near_radius, 0.0)
    outer_nodes = _ring_nodes(outer, outer_radius, 180.0 / max(len(outer), 1))
    edges = [MapEdge(CENTRE_ID, node.id, color="#b8b8b8", width=1.2) for node in near_nodes]
    legend = (
        person_sample("Individet"),
        informal_sample("Nære arenaer (uformelt nettverk)"),
        service_sample("Tjenester"),
    )
    return MapSpec(
        title="",
        nodes=(centre, *near_nodes, *outer_nodes),
        edges=tuple(edges),
        legend=legend,
        rings=(near_radius, outer_radius),
        height_px=620,
        label_size=MAP_LABEL_SIZE,
        label_wrap=MAP_LABEL_WRAP,
    )
