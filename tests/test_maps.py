"""The Nettverkskart map is composed once (graph.maps.network_map), the way the page did."""

from __future__ import annotations

import dataclasses

import pytest

from graph.analysis import analyse_case
from graph.analysis.highlights import CHOICES, highlight_for
from graph.format.examples import list_examples
from graph.maps import network_map
from graph.maps.casemap import case_map_spec
from graph.reference.catalogue import load_catalogue

CATALOGUE = load_catalogue()
EXAMPLES = {example.title: example for example in list_examples()}


def _composed_by_hand(case, choice: str, show_ghosts: bool):
    """The composition the page wrote out before: gaps → ghosts, highlight, case map."""
    analysis = analyse_case(case, CATALOGUE)
    marked = highlight_for(choice, analysis)
    missing = [(g["type"], g["level"]) for g in analysis["gaps"] if g["level"] != "may"]
    return case_map_spec(
        case,
        CATALOGUE,
        highlight_actors=marked.actors,
        highlight_ties=marked.ties,
        missing=missing if show_ghosts else (),
    )


@pytest.mark.parametrize("title", list(EXAMPLES))
@pytest.mark.parametrize("show_ghosts", [True, False])
def test_the_network_map_is_the_case_with_its_ghosts_and_highlight(title, show_ghosts):
    case = EXAMPLES[title].load()
    analysis = analyse_case(case, CATALOGUE)
    for choice in CHOICES:
        marked = highlight_for(choice, analysis)
        built = network_map(
            case,
            CATALOGUE,
            show_ghosts=show_ghosts,
            highlight_actors=marked.actors,
            highlight_ties=marked.ties,
        )
        # The presentation steps are checked in tests/test_map_presentation_steps.py.
        without_steps = dataclasses.replace(built, presentation=())
        assert without_steps == _composed_by_hand(case, choice, show_ghosts), choice
