"""The national actor map (the seed's "idékart") as a drawable map.

Seed 000 draws the individual in the middle, the near arenas around (family,
friends, school, leisure, neighbourhood, faith community, workplace) and the
services further out (municipality, child welfare, police, health, voluntary
organisations, PST, NAV, correctional service). Which type stands where is
recorded in the catalogue (``idea_map = "near"`` or ``"outer"``), with its source.
"""

from __future__ import annotations

from graph.catalogue import ActorType, Catalogue, load_catalogue
from graph.layout import polar_to_xy
from graph.render.spec import MapEdge, MapNode, MapSpec
from graph.style import actor_style, centre_node, informal_sample, person_sample, service_sample

NEAR_RADIUS = 210.0
OUTER_RADIUS = 430.0
CENTRE_ID = "individet"


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
    together stand together.
    """
    catalogue = catalogue or load_catalogue()
    sector_order = {sector.key: index for index, sector in enumerate(catalogue.sectors)}
    ordered = sorted(catalogue.types.values(), key=lambda t: sector_order[t.sector])
    near = [t for t in ordered if t.idea_map == "near"]
    outer = [t for t in ordered if t.idea_map == "outer"]
    centre = centre_node(CENTRE_ID, "Individet", "Personen det gjelder står i midten")
    near_nodes = _ring_nodes(near, NEAR_RADIUS, 0.0)
    outer_nodes = _ring_nodes(outer, OUTER_RADIUS, 180.0 / max(len(outer), 1))
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
        rings=(NEAR_RADIUS, OUTER_RADIUS),
        height_px=620,
    )
