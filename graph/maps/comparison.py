"""Two versions of a case on one map: the newer network with the changes marked.

Added actors and ties are green, removed ones grey and dashed (at the place they
had), changed ones orange, and new gaps red dashed "ghosts". Unchanged ties are
light grey so the changes stand out. The changes themselves come from
:func:`graph.storage.diff.compare_cases`; this module only draws them, so the
storage package does not depend on the map stack.
"""

from __future__ import annotations

import dataclasses

from graph.format.model import Case, case_to_dict
from graph.maps.casemap import case_map_spec, ghost_ids
from graph.maps.style import (
    HIGHLIGHT_BORDER_COLOR,
    informal_sample,
    risk_actor_sample,
    service_sample,
)
from graph.reference.catalogue import Catalogue, load_catalogue
from graph.render.spec import LegendItem, MapEdge, MapNode, MapSpec
from graph.storage.diff import (
    ADDED,
    CHANGED,
    REMOVED,
    ActorChange,
    CaseDiff,
    TieChange,
    compare_cases,
)

MARKS = {ADDED: "+ ", REMOVED: "− ", CHANGED: "~ "}
"""Put before a label on the map, so the change reads in black and white too."""
NEW_GAP_MARK = "! "

ADDED_COLOR = "#1a9641"
REMOVED_COLOR = "#8c8c8c"
REMOVED_FILL = "#f2f2f2"
CHANGED_COLOR = HIGHLIGHT_BORDER_COLOR
UNCHANGED_TIE_COLOR = "#cfcfcf"
NEW_GAP_COLOR = "#c1121f"
NEW_GAP_GROUP = "new-gap"
UNCHANGED_TIE_GROUP = "unchanged"
"""Map groups of the comparison (with ``added``, ``removed``, ``changed``)."""
REMOVED_DASHES = (6, 4)


def union_case(old: Case, new: Case, diff: CaseDiff) -> Case:
    """The new case plus what was removed, so everything can be placed on one map.

    Removed actors come after the new ones, removed ties after the new ties (in the
    order of ``diff``), so edge ``i`` of the map is tie ``i`` of this case.
    """
    removed_actors = {a.id for a in diff.actors if a.change == REMOVED}
    removed_ties = [t.old_index for t in diff.ties if t.change == REMOVED]
    data = case_to_dict(new)
    old_data = case_to_dict(old)
    data["actors"] = [
        *data.get("actors", []),
        *(a for a in old_data.get("actors", []) if a["id"] in removed_actors),
    ]
    data["ties"] = [*data.get("ties", []), *(old_data["ties"][i] for i in removed_ties)]
    return Case.model_validate(data)


def diff_legend() -> tuple[LegendItem, ...]:
    """The legend of a comparison map."""
    return (
        service_sample("Tjeneste"),
        informal_sample("Uformelt nettverk"),
        risk_actor_sample("Kontakt i ekstremt miljø"),
        LegendItem(
            "node",
            "+ Ny aktør (grønn, tykk kant)",
            border_color=ADDED_COLOR,
            border_width=4,
            group=ADDED,
        ),
        LegendItem(
            "node",
            "− Fjernet aktør (grå, stiplet)",
            color=REMOVED_FILL,
            border_color=REMOVED_COLOR,
            border_width=2,
            border_dashes=True,
            group=REMOVED,
        ),
        LegendItem(
            "node",
            "~ Endret aktør (oransje kant)",
            border_color=CHANGED_COLOR,
            border_width=4,
            group=CHANGED,
        ),
        LegendItem(
            "node",
            "! Ny mangel (rød, stiplet)",
            border_color=NEW_GAP_COLOR,
            border_width=2,
            border_dashes=True,
            group=NEW_GAP_GROUP,
        ),
        LegendItem("edge", "Nytt bånd (grønt, tykt)", color=ADDED_COLOR, group=ADDED),
        LegendItem(
            "edge",
            "Fjernet bånd (grått, stiplet)",
            color=REMOVED_COLOR,
            dashes=REMOVED_DASHES,
            group=REMOVED,
        ),
        LegendItem("edge", "Endret bånd (oransje)", color=CHANGED_COLOR, group=CHANGED),
        LegendItem(
            "edge", "Uendret bånd (lys grå)", color=UNCHANGED_TIE_COLOR, group=UNCHANGED_TIE_GROUP
        ),
    )


def _new_gap(ghost: MapNode) -> MapNode:
    """A ghost of a gap that is new in the later version (its label already has «! »)."""
    return dataclasses.replace(
        ghost, title=f"Ny mangel\n{ghost.title}", border_color=NEW_GAP_COLOR, group=NEW_GAP_GROUP
    )


def _restyle_node(node: MapNode, change: ActorChange | None) -> MapNode:
    """Colour a changed actor (its label already has its mark from :data:`MARKS`)."""
    if change is None:
        return node
    if change.change == ADDED:
        return dataclasses.replace(
            node,
            title=f"Ny aktør\n{node.title}",
            border_color=ADDED_COLOR,
            border_width=4,
            group=ADDED,
        )
    if change.change == REMOVED:
        return dataclasses.replace(
            node,
            title=f"Fjernet aktør\n{node.title}",
            color=REMOVED_FILL,
            border_color=REMOVED_COLOR,
            border_width=2,
            border_dashes=True,
            font_color="#595959",
            group=REMOVED,
        )
    what = "\n".join(
        f"{f.field}: {f.before} → {f.after}" if f.before else f"{f.field}: {f.after}"
        for f in change.fields
    )
    return dataclasses.replace(
        node,
        title=f"Endret aktør\n{what}\n\n{node.title}",
        border_color=CHANGED_COLOR,
        border_width=4,
        group=CHANGED,
    )


def _restyle_edge(edge: MapEdge, change: TieChange | None) -> MapEdge:
    if change is None:
        return dataclasses.replace(
            edge, color=UNCHANGED_TIE_COLOR, width=1.2, dashes=False, group=UNCHANGED_TIE_GROUP
        )
    if change.change == ADDED:
        return dataclasses.replace(
            edge,
            title=f"Nytt bånd\n{edge.title}",
            color=ADDED_COLOR,
            width=max(edge.width, 2.0) + 2,
            dashes=False,
            group=ADDED,
        )
    if change.change == REMOVED:
        return dataclasses.replace(
            edge,
            title=f"Fjernet bånd\n{edge.title}",
            color=REMOVED_COLOR,
            width=2.0,
            dashes=REMOVED_DASHES,
            group=REMOVED,
        )
    what = "\n".join(
        f"{f.field}: {f.before} → {f.after}" if f.before else f"{f.field}: {f.after}"
        for f in change.fields
    )
    return dataclasses.replace(
        edge,
        title=f"Endret bånd\n{what}\n\n{edge.title}",
        color=CHANGED_COLOR,
        width=max(edge.width, 2.0) + 1,
        dashes=False,
        group=CHANGED,
    )


def diff_map_spec(
    old: Case,
    new: Case,
    diff: CaseDiff | None = None,
    catalogue: Catalogue | None = None,
    *,
    height_px: int = 660,
) -> MapSpec:
    """One map of both versions: the newer network with the changes marked.

    Parameters
    ----------
    old, new : Case
        The earlier and the later version.
    diff : CaseDiff, optional
        From :func:`compare_cases` (computed when not given).
    catalogue : Catalogue, optional
        The actor catalogue.
    height_px : int
        Height of the drawing.
    """
    catalogue = catalogue or load_catalogue()
    diff = diff or compare_cases(old, new, catalogue)
    union = union_case(old, new, diff)
    new_gaps = [(g.type, g.after) for g in diff.gaps if g.change == "new"]
    ghosts = set(ghost_ids(new_gaps, [a.id for a in union.actors]).values())
    spec = case_map_spec(
        union,
        catalogue,
        missing=new_gaps,
        height_px=height_px,
        label_marks={change.id: MARKS[change.change] for change in diff.actors},
        ghost_mark=NEW_GAP_MARK,
    )
    by_actor = {change.id: change for change in diff.actors}
    nodes = tuple(
        _new_gap(node) if node.id in ghosts else _restyle_node(node, by_actor.get(node.id))
        for node in spec.nodes
    )
    by_edge: dict[int, TieChange] = {}
    removed_edges = iter(range(len(new.ties), len(union.ties)))
    for change in diff.ties:
        index = change.new_index if change.change != REMOVED else next(removed_edges)
        by_edge[index] = change
    edges = tuple(_restyle_edge(edge, by_edge.get(i)) for i, edge in enumerate(spec.edges))
    return dataclasses.replace(spec, title="", nodes=nodes, edges=edges, legend=diff_legend())
