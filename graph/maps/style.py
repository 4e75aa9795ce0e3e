"""The map's visual language, in one place so every map and its legend agree.

Encodings are chosen to survive a black-and-white printout: the sphere is shown by
shape as well as colour (services are boxes, the informal network round dots,
contacts in an extremist milieu triangles), problem ties are dashed as well as red,
referrals carry an arrow, and the coordinator has a thick border and a star.

Every node style and legend line also names its ``group``: clicking a legend line on
the map selects the nodes or ties of its group (ties are grouped by their kind).
"""

from __future__ import annotations

from graph.render.spec import LegendItem, MapNode

PERSON_STYLE = {
    "group": "person",
    "shape": "ellipse",
    "color": "#1d3557",
    "border_color": "#0b1a2e",
    "font": "#ffffff",
}
FORMAL_STYLE = {"group": "formal", "shape": "box", "color": "#cfe3f3", "border_color": "#1d4e89"}
INFORMAL_STYLE = {
    "group": "informal",
    "shape": "dot",
    "color": "#f6c89f",
    "border_color": "#8a4b0f",
}
RISK_ACTOR_STYLE = {
    "group": "risk-actor",
    "shape": "triangle",
    "color": "#f4a3a3",
    "border_color": "#8b1e1e",
}
GHOST_STYLE = {"group": "ghost", "color": "#ffffff", "border_color": "#6b6b6b"}
COORDINATOR_GROUP = "coordinator"
"""The coordinator's group, whatever its sphere: the legend line «★ Koordinator»."""
HIGHLIGHTED_TIE_GROUP = "highlighted"
"""Group of ties marked in the panel (drawn orange), instead of their kind."""
COORDINATOR_BORDER = 5
COORDINATOR_MARK = "★ "
HIGHLIGHT_BORDER_COLOR = "#e07b00"

TIE_STYLES: dict[str, dict] = {
    "relation": {"color": "#8d8d8d", "dashes": False},
    "support": {"color": "#2a7f62", "dashes": False},
    "collaboration": {"color": "#1d4e89", "dashes": False},
    "referral": {"color": "#3d3d3d", "dashes": False, "arrow": True},
    "risk": {"color": "#c1121f", "dashes": (10, 6)},
    "conflict": {"color": "#c1121f", "dashes": (3, 5)},
}
STRENGTH_WIDTH = {None: 1.8, 1: 1.2, 2: 2.4, 3: 4.0}
INFO_SHARING_MARK = "§"


def actor_style(sphere: str, type_key: str) -> dict:
    """The node style of an actor, by its sphere (and the risk milieu as its own)."""
    if type_key == "risikomiljo":
        return RISK_ACTOR_STYLE
    return FORMAL_STYLE if sphere == "formal" else INFORMAL_STYLE


def centre_node(node_id: str, label: str, title: str, border_width: int = 1) -> MapNode:
    """The node in the middle of a map (the person, the individual, the municipality)."""
    return MapNode(
        id=node_id,
        label=label,
        title=title,
        x=0.0,
        y=0.0,
        shape=PERSON_STYLE["shape"],
        color=PERSON_STYLE["color"],
        border_color=PERSON_STYLE["border_color"],
        border_width=border_width,
        font_color=PERSON_STYLE["font"],
        size=24,
        group=PERSON_STYLE["group"],
    )


def person_sample(text: str) -> LegendItem:
    """Legend line for the node in the middle (the person, the individual, the municipality)."""
    return LegendItem(
        "node", text, shape="ellipse", color=PERSON_STYLE["color"], group=PERSON_STYLE["group"]
    )


def service_sample(text: str) -> LegendItem:
    """Legend line for a service (formal network)."""
    return LegendItem(
        "node",
        text,
        shape="box",
        color=FORMAL_STYLE["color"],
        border_color=FORMAL_STYLE["border_color"],
        group=FORMAL_STYLE["group"],
    )


def informal_sample(text: str) -> LegendItem:
    """Legend line for an actor of the informal network."""
    return LegendItem(
        "node",
        text,
        shape="dot",
        color=INFORMAL_STYLE["color"],
        border_color=INFORMAL_STYLE["border_color"],
        group=INFORMAL_STYLE["group"],
    )


def risk_actor_sample(text: str) -> LegendItem:
    """Legend line for a contact in an extremist milieu."""
    return LegendItem(
        "node",
        text,
        shape="triangle",
        color=RISK_ACTOR_STYLE["color"],
        border_color=RISK_ACTOR_STYLE["border_color"],
        group=RISK_ACTOR_STYLE["group"],
    )


def ghost_sample(text: str = "Mangler ifølge veilederen (stiplet kant)") -> LegendItem:
    """Legend line for a dashed "ghost": an actor type the guidance asks for that is missing."""
    return LegendItem(
        "node",
        text,
        shape="box",
        color=GHOST_STYLE["color"],
        border_color=GHOST_STYLE["border_color"],
        border_width=2,
        border_dashes=True,
        group=GHOST_STYLE["group"],
    )


def case_legend() -> tuple[LegendItem, ...]:
    """The legend of a person's network map."""
    node = "node"
    edge = "edge"
    return (
        person_sample("Personen i midten"),
        service_sample("Tjeneste (formelt nettverk)"),
        informal_sample("Uformelt nettverk"),
        risk_actor_sample("Kontakt i ekstremt miljø"),
        LegendItem(
            node,
            "★ Koordinator (tykk kant)",
            shape="box",
            color=FORMAL_STYLE["color"],
            border_color="#111111",
            border_width=COORDINATOR_BORDER,
            group=COORDINATOR_GROUP,
        ),
        ghost_sample(),
        LegendItem(edge, "Støtte", color=TIE_STYLES["support"]["color"], group="support"),
        LegendItem(edge, "Relasjon", color=TIE_STYLES["relation"]["color"], group="relation"),
        LegendItem(
            edge, "Samarbeid", color=TIE_STYLES["collaboration"]["color"], group="collaboration"
        ),
        LegendItem(
            edge,
            "Melding / henvisning (pil)",
            color=TIE_STYLES["referral"]["color"],
            arrow=True,
            group="referral",
        ),
        LegendItem(
            edge,
            "Risiko (rød, lange streker)",
            color=TIE_STYLES["risk"]["color"],
            dashes=TIE_STYLES["risk"]["dashes"],
            group="risk",
        ),
        LegendItem(
            edge,
            "Konflikt (rød, korte streker)",
            color=TIE_STYLES["conflict"]["color"],
            dashes=TIE_STYLES["conflict"]["dashes"],
            group="conflict",
        ),
        LegendItem(
            edge,
            f"{INFO_SHARING_MARK} Opplysninger om personen deles langs båndet",
            color="#555555",
        ),
        LegendItem(edge, "Tykkere linje = sterkere bånd", color="#555555"),
        LegendItem(
            edge,
            "Oransje = markert i panelet (for eksempel deling uten grunnlag)",
            color=HIGHLIGHT_BORDER_COLOR,
            group=HIGHLIGHTED_TIE_GROUP,
        ),
    )
