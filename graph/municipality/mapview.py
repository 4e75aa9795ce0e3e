"""The municipal actor map, drawn in the style of the national idékart.

The municipality stands in the middle, like «Individet» in the idékart. Around it, on
the inner ring, are the services it has registered, and dashed "ghosts" for the actor
types the coverage finds missing. On the outer ring stand the bodies that are filled in
automatically: the police district, the RVTS region and the konfliktråd (regional), and
PST and NAV (national). A regional body whose assignment is not certain says so in its
label («usikker» or «middels sikker») and has an orange border, so the mark survives a
black-and-white printout.

Positions are computed here (physics is off in the browser) and only the fields of a
:class:`~graph.render.spec.MapSpec` reach the page: the contact shown in a tooltip is
the service contact the municipality registered, nothing else from the file.

Examples
--------
>>> from graph.municipality.files import shipped_files
>>> from graph.municipality.coverage import compute_coverage
>>> holmestrand = shipped_files()[0].municipality
>>> spec = municipal_map_spec(holmestrand, compute_coverage(holmestrand))
>>> [n.label for n in spec.nodes if n.id.startswith(REGIONAL_PREFIX)][:2]
['Sør-Øst politidistrikt', 'RVTS Sør\\n(usikker)']
"""

from __future__ import annotations

from graph.format.model import MunicipalityFile
from graph.guidance.gaps import type_sort_key
from graph.maps.casemap import shorten_label
from graph.maps.style import (
    GHOST_STYLE,
    actor_style,
    centre_node,
    ghost_sample,
    informal_sample,
    person_sample,
    service_sample,
)
from graph.municipality.coverage import Coverage
from graph.municipality.regional import RegionalBody
from graph.reference.catalogue import Catalogue, load_catalogue
from graph.reference.vocabulary import LEVEL_LABELS
from graph.render.layout import polar_to_xy
from graph.render.spec import LegendItem, MapEdge, MapNode, MapSpec

CENTRE_ID = "kommunen"
ACTOR_PREFIX = "a:"
GHOST_PREFIX = "mangler:"
REGIONAL_PREFIX = "regional:"

NATIONAL_KINDS = frozenset({"pst", "nav"})
REGIONAL_STYLE = {"shape": "hexagon", "color": "#dcebd5", "border_color": "#3f6e2a"}
REGIONAL_GROUP = "regional"
REGIONAL_UNCERTAIN_GROUP = "regional-uncertain"
UNCERTAIN_BORDER = "#c26100"
"""Orange border of a regional body whose assignment is not certain."""

MIN_HALF_WIDTH = 240.0
ASPECT = 0.55
"""The rings are ellipses about twice as wide as high: labels are wide, screens too."""
LABEL_BOX = (205.0, 28.0)
"""Room one label needs: neighbours must be this far apart across or down.

The renderer draws labels at a fixed size on screen (13 px) and fits the map to the
frame, so map units are close to screen pixels for a typical frame (about 950 × 640).
A box here is a label of about 25 characters and its border."""
ROW_GAP = 150.0
"""How far above and below the inner ring the rows of regional and national bodies stand."""
SPACING = 1.3
"""Walking round the inner ring passes this many label boxes per node (room to spare)."""
_SAMPLES = 720


def _label_distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    """How many label boxes apart two points are (1 or more: the labels do not overlap)."""
    return max(abs(a[0] - b[0]) / LABEL_BOX[0], abs(a[1] - b[1]) / LABEL_BOX[1])


def _ellipse(radii: tuple[float, float], angle_deg: float) -> tuple[float, float]:
    x, _ = polar_to_xy(radii[0], angle_deg)
    _, y = polar_to_xy(radii[1], angle_deg)
    return x, y


def _walk(radii: tuple[float, float]) -> list[tuple[float, float]]:
    """Angles round the ellipse from the top, with the label distance walked so far."""
    walked, total, previous = [], 0.0, _ellipse(radii, 90.0)
    for step in range(_SAMPLES + 1):
        angle = 90.0 + 360.0 * step / _SAMPLES
        point = _ellipse(radii, angle)
        total += _label_distance(previous, point)
        walked.append((angle, total))
        previous = point
    return walked


def inner_ring(count: int) -> tuple[float, float]:
    """Half-width and half-height of the inner ring, big enough for ``count`` labels.

    The ring grows until walking round it passes :data:`SPACING` label boxes per node,
    so that every node can have a box to itself.

    Examples
    --------
    >>> inner_ring(3)
    (240.0, 132.0)
    >>> inner_ring(40)[0] > inner_ring(21)[0] > 240.0
    True
    """
    unit = _walk((1.0, ASPECT))[-1][1]
    half_width = max(MIN_HALF_WIDTH, SPACING * count / unit)
    return round(half_width, 1), round(half_width * ASPECT, 1)


def _ring(count: int, radii: tuple[float, float]) -> list[tuple[float, float]]:
    """``count`` points round an ellipse, the first straight up, spaced for their labels.

    Points are spread evenly by *label distance*, not by angle: along the top and bottom,
    where neighbours sit side by side, they stand a label's width apart; along the sides,
    where they sit above each other, a label's height apart.
    """
    if count == 0:
        return []
    walked = _walk(radii)
    total = walked[-1][1]
    points, cursor = [], 0
    for index in range(count):
        target = total * index / count
        while walked[cursor][1] < target:
            cursor += 1
        points.append(_ellipse(radii, walked[cursor][0]))
    return points


def body_positions(
    bodies: tuple[RegionalBody, ...], inner: tuple[float, float]
) -> list[tuple[float, float]]:
    """Regional bodies in a row above the inner ring, national ones in a row below.

    Rows keep the map about as wide as the inner ring, so the map is not zoomed out for
    bodies at the far sides and the inner labels keep their room.

    Examples
    --------
    >>> from graph.municipality.regional import regional_bodies_for
    >>> body_positions(regional_bodies_for("3903"), (400.0, 165.0))
    [(-300.0, -315.0), (0.0, -315.0), (300.0, -315.0), (-150.0, 315.0), (150.0, 315.0)]
    """
    spread = max(inner[0] * 0.75, LABEL_BOX[0] * 1.25)
    rows = (
        ([b.kind for b in bodies if b.kind not in NATIONAL_KINDS], -(inner[1] + ROW_GAP), spread),
        ([b.kind for b in bodies if b.kind in NATIONAL_KINDS], inner[1] + ROW_GAP, spread / 2),
    )
    placed: dict[str, tuple[float, float]] = {}
    for kinds, y, half in rows:
        for index, kind in enumerate(kinds):
            x = 0.0 if len(kinds) == 1 else -half + 2 * half * index / (len(kinds) - 1)
            placed[kind] = (round(x, 2) + 0.0, round(y, 2) + 0.0)
    return [placed[b.kind] for b in bodies]


def _actor_title(actor, catalogue: Catalogue, duties: dict[str, list[str]]) -> str:
    lines = [actor.label, f"Type: {catalogue.label(actor.type)}"]
    if actor.contact:
        lines.append(f"Kontakt: {actor.contact}")
    if duties.get(actor.id):
        lines.append("Ansvar for: " + "; ".join(duties[actor.id]))
    return "\n".join(lines)


def _regional_title(body: RegionalBody) -> str:
    lines = [f"{body.scope_label}: {body.name}"]
    if body.mark:
        lines.append(f"Sikkerhet: {body.mark} – {body.basis}")
    elif body.kind not in ("pst", "nav"):
        lines.append(f"Sikkerhet: høy – {body.basis}")
    if body.area:
        lines.append(f"Område: {body.area}")
    if body.contact_text:
        lines.append(body.contact_text)
    lines.append("Fylt inn automatisk fra Tverrkarts kommunedata.")
    return "\n".join(lines)


def _regional_label(body: RegionalBody) -> str:
    name = body.name.replace(" eller ", " eller\n").replace(" (", "\n(")
    return f"{name}\n({body.mark})" if body.mark else name


def municipal_map_spec(
    municipality: MunicipalityFile,
    coverage: Coverage,
    catalogue: Catalogue | None = None,
    show_missing: bool = True,
) -> MapSpec:
    """Build the municipal actor map (see the module docstring).

    Parameters
    ----------
    municipality : MunicipalityFile
        The validated file.
    coverage : Coverage
        Its coverage (for the missing types and the regional bodies).
    catalogue : Catalogue, optional
    show_missing : bool
        Draw missing actor types as dashed ghosts.
    """
    catalogue = catalogue or load_catalogue()
    duties: dict[str, list[str]] = {}
    for measure in municipality.measures:
        for actor_id in measure.responsible:
            duties.setdefault(actor_id, []).append(measure.what)

    ghosts = coverage.missing("actor") if show_missing else []
    # Registered actors and missing types share the inner ring, in type order, so a
    # missing type stands where it would be if it were there.
    order = sorted(
        [
            (type_sort_key(a.type), index, ACTOR_PREFIX + a.id)
            for index, a in enumerate(municipality.actors)
        ]
        + [(type_sort_key(g.item.type or ""), -1, GHOST_PREFIX + g.item.id) for g in ghosts]
    )
    inner = inner_ring(len(order))
    ring = _ring(len(order), inner)
    positions = {node_id: point for (_, _, node_id), point in zip(order, ring, strict=True)}

    centre_label = f"{coverage.name} kommune" if coverage.kommune else coverage.kommunenummer
    nodes = [centre_node(CENTRE_ID, centre_label, f"{centre_label} ({coverage.kommunenummer})")]
    edges = []
    for actor in municipality.actors:
        x, y = positions[ACTOR_PREFIX + actor.id]
        sphere = catalogue.types[actor.type].sphere if actor.type in catalogue.types else "formal"
        style = actor_style(sphere, actor.type)
        node_id = ACTOR_PREFIX + actor.id
        nodes.append(
            MapNode(
                id=node_id,
                label=shorten_label(actor.label),
                title=_actor_title(actor, catalogue, duties),
                x=x,
                y=y,
                shape=style["shape"],
                color=style["color"],
                border_color=style["border_color"],
                size=14,
                group=style["group"],
            )
        )
        edges.append(MapEdge(CENTRE_ID, node_id, color="#1d4e89", width=1.6))
    for status in ghosts:
        x, y = positions[GHOST_PREFIX + status.item.id]
        item = status.item
        level = LEVEL_LABELS[item.level]
        nodes.append(
            MapNode(
                id=GHOST_PREFIX + item.id,
                label=f"{level}: {shorten_label(item.title)}",
                title=f"Mangler ({level.lower()}): {item.title}\n{item.reason}",
                x=x,
                y=y,
                shape="box",
                color=GHOST_STYLE["color"],
                border_color=GHOST_STYLE["border_color"],
                border_width=2,
                border_dashes=True,
                size=12,
                font_color="#555555",
                group=GHOST_STYLE["group"],
            )
        )

    for body, (x, y) in zip(
        coverage.regional, body_positions(coverage.regional, inner), strict=True
    ):
        node_id = REGIONAL_PREFIX + body.kind
        nodes.append(
            MapNode(
                id=node_id,
                label=_regional_label(body),
                title=_regional_title(body),
                x=x,
                y=y,
                shape=REGIONAL_STYLE["shape"],
                color=REGIONAL_STYLE["color"],
                border_color=UNCERTAIN_BORDER if body.uncertain else REGIONAL_STYLE["border_color"],
                border_width=4 if body.uncertain else 1,
                size=20,
                group=REGIONAL_UNCERTAIN_GROUP if body.uncertain else REGIONAL_GROUP,
            )
        )
        edges.append(MapEdge(CENTRE_ID, node_id, color="#9a9a9a", width=1.0, dashes=(4, 6)))

    return MapSpec(
        title=f"Aktørkart for {centre_label}",
        nodes=tuple(nodes),
        edges=tuple(edges),
        legend=municipal_legend(),
        height_px=640,
    )


def municipal_legend() -> tuple[LegendItem, ...]:
    """The legend of the municipal actor map."""
    return (
        person_sample("Kommunen"),
        service_sample("Tjeneste kommunen har registrert"),
        informal_sample("Frivillig eller privat aktør kommunen har registrert"),
        ghost_sample(),
        LegendItem(
            "node",
            "Regional eller nasjonal instans (fylt inn automatisk)",
            shape="hexagon",
            color=REGIONAL_STYLE["color"],
            border_color=REGIONAL_STYLE["border_color"],
            group=REGIONAL_GROUP,
        ),
        LegendItem(
            "node",
            "Usikker tilordning (oransje kant, «usikker» i navnet)",
            shape="hexagon",
            color=REGIONAL_STYLE["color"],
            border_color=UNCERTAIN_BORDER,
            border_width=4,
            group=REGIONAL_UNCERTAIN_GROUP,
        ),
    )
