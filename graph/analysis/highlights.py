"""What the map can highlight, and which actors or ties each choice marks.

The app offers a list of things to mark on the map (actors the coordinator does not
reach, ties that share information without a fitting basis, the network figures
that name actors). This module is the single place that maps a choice to ids, so
the page, the map and the tests agree.

It only reads an analysis and never computes a figure itself: the cliques it marks are
the bounded list of :func:`graph.analysis.metrics.bounded_cliques` (at most
:data:`~graph.analysis.metrics.MAX_CLIQUES`), so a case with billions of cliques costs
no more to highlight than to analyse. Its cost is linear in the ids it returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Highlight:
    """Actor ids and tie indexes to mark on the map."""

    actors: frozenset[str] = frozenset()
    ties: frozenset[int] = frozenset()


#: Choice key → Norwegian label, in the order the app offers them.
CHOICES: dict[str, str] = {
    "problems": "Problemer: ikke nådd av koordinator og deling uten grunnlag",
    "none": "Ingenting",
    "unreached": "Tjenester koordinatoren ikke når",
    "info_sharing": "Deling av opplysninger uten passende grunnlag",
    "stars": "Stjerner (flest bånd)",
    "isolated": "Isolerte (bare bånd til personen)",
    "not_tied_to_person": "Uten bånd til personen",
    "articulation_points": "Brobyggere (eneste forbindelse)",
    "cliques": "Klikker (alle kjenner alle)",
}


def highlight_for(choice: str, analysis: dict[str, Any]) -> Highlight:
    """The actors and ties a choice marks, from an analysis of :func:`analyse_case`.

    Examples
    --------
    >>> analysis = {"coordinator": {"unreached": ["nav"]},
    ...             "info_sharing": [{"tie": 3}], "metrics": {"stars": ["slt"]}}
    >>> highlight_for("problems", analysis)
    Highlight(actors=frozenset({'nav'}), ties=frozenset({3}))
    >>> highlight_for("stars", analysis).actors
    frozenset({'slt'})
    """
    metrics = analysis.get("metrics", {})
    unreached = frozenset(analysis.get("coordinator", {}).get("unreached", []))
    problem_ties = frozenset(p["tie"] for p in analysis.get("info_sharing", []))
    if choice == "problems":
        return Highlight(unreached, problem_ties)
    if choice == "unreached":
        return Highlight(actors=unreached)
    if choice == "info_sharing":
        return Highlight(ties=problem_ties)
    if choice == "cliques":
        return Highlight(actors=frozenset(i for c in metrics.get("cliques", []) for i in c))
    if choice in ("stars", "isolated", "not_tied_to_person", "articulation_points"):
        return Highlight(actors=frozenset(metrics.get(choice, [])))
    return Highlight()
