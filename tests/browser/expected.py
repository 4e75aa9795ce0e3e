"""What the maps should show, computed in Python the way the pages compute it."""

from __future__ import annotations

from typing import Any

from graph.format.examples import list_examples
from graph.format.model import Case
from graph.format.validation import validate_case
from graph.maps import network_map
from graph.maps.ideamap import idea_map_spec
from graph.reference.catalogue import load_catalogue
from graph.render.html import _text as renderer_text
from graph.render.spec import MapSpec

CATALOGUE = load_catalogue()
EXAMPLES = {example.title: example for example in list_examples()}


def case_spec(case: Case | dict, show_ghosts: bool = True) -> MapSpec:
    """The Nettverkskart map of ``case``, built by the function the page uses."""
    if isinstance(case, dict):
        case = validate_case(case)
    return network_map(case, CATALOGUE, show_ghosts=show_ghosts)


def idea_spec() -> MapSpec:
    """The Aktørkart map (the national idea map)."""
    return idea_map_spec(CATALOGUE)


def node_data(spec: MapSpec) -> dict[str, dict[str, Any]]:
    """Node id → the label and tooltip the page should hold, after the renderer's
    documented clean-up (control characters removed, CR/CRLF turned into LF)."""
    return {
        str(n.id): {"label": renderer_text(n.label), "title": renderer_text(n.title) or None}
        for n in spec.nodes
    }


def counts(spec: MapSpec) -> tuple[int, int]:
    return len(spec.nodes), len(spec.edges)
