"""The map the page «Nettverkskart» shows, composed in one place.

The page, the version comparison on «Lagrede saker» and the browser tests' expected
maps all draw a case the same way: its actors and ties, plus a dashed "ghost" node for
each actor type the guidance says must or should be there but is not, with the chosen
actors and ties highlighted. Composing it here keeps those three from drifting apart.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection

from graph.analysis.gaps import case_gaps
from graph.format.model import Case
from graph.maps.casemap import case_map_spec
from graph.maps.presentation import case_presentation, with_label_scales
from graph.reference.catalogue import Catalogue, load_catalogue
from graph.render.spec import MapSpec


def network_map(
    case: Case,
    catalogue: Catalogue | None = None,
    *,
    show_ghosts: bool = True,
    highlight_actors: Collection[str] = (),
    highlight_ties: Collection[int] = (),
) -> MapSpec:
    """The Nettverkskart map of ``case``.

    Parameters
    ----------
    case : Case
        A validated case.
    catalogue : Catalogue, optional
        The actor catalogue (the shipped one by default).
    show_ghosts : bool
        Draw the actor types the guidance says must or should be involved, and that the
        case lacks, as dashed ghosts (what it only allows, «kan», is not drawn).
    highlight_actors, highlight_ties : collection
        Actor ids and indexes into ``case.ties`` to highlight (see
        :func:`graph.analysis.highlights.highlight_for`).

    Returns
    -------
    MapSpec
        The map, ready for :func:`graph.render.html.render_map_html`, with its
        presentation mode (:func:`graph.maps.presentation.case_presentation`).
    """
    catalogue = catalogue or load_catalogue()
    gaps = case_gaps(case)
    missing = []
    if show_ghosts:
        missing = [(g.type, g.level) for g in gaps if g.level != "may"]
    spec = case_map_spec(
        case,
        catalogue,
        highlight_actors=highlight_actors,
        highlight_ties=highlight_ties,
        missing=missing,
    )
    steps = case_presentation(case, catalogue, missing, gaps)
    return with_label_scales(dataclasses.replace(spec, presentation=steps))
