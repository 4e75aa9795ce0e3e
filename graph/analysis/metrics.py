"""Network figures of a person's map, defined as social work's network maps define them.

The key figures follow easyNWK (the network map of social work, FH St. Pölten): they
are computed over the *contacts* on the map, with the person at the centre left out,
because what matters is how the person's world hangs together without them. Centrality
(degree, betweenness, closeness), components and articulation points come from
networkx, computed on the same contact graph.

Every figure is defined in :data:`DEFINITIONS` (Norwegian, shown as help text in the app).

Examples
--------
>>> from graph.model import Case
>>> case = Case.model_validate({"format": "tverrkart-case/1", "person": {"alias": "A"},
...     "actors": [{"id": i, "label": i, "type": "venner"} for i in ("a", "b", "c", "d")],
...     "ties": [{"from": "person", "to": "a", "kind": "support"},
...              {"from": "a", "to": "b", "kind": "relation"},
...              {"from": "b", "to": "c", "kind": "relation"},
...              {"from": "a", "to": "c", "kind": "relation"}]})
>>> figures = network_metrics(case)
>>> figures["size"], figures["size_tied_to_person"], figures["density"]
(4, 1, 0.5)
>>> figures["cliques"], figures["not_tied_to_person"]
([['a', 'b', 'c']], ['b', 'c', 'd'])
"""

from __future__ import annotations

from collections.abc import Iterable
from statistics import mean
from typing import Any

import networkx as nx

from graph.catalogue import Catalogue, load_catalogue
from graph.model import PERSON_ID, Case
from graph.network import case_graph

#: Above this many contacts, betweenness is estimated from a fixed sample of sources
#: (networkx ``k``, seeded, so the result is still the same every time).
EXACT_BETWEENNESS_LIMIT = 400
BETWEENNESS_SAMPLE = 100
#: Above this many contacts, closeness centrality is not computed (it needs every
#: shortest path); the analysis says so instead of guessing.
CLOSENESS_LIMIT = 600

DEFINITIONS: dict[str, str] = {
    "size": "Antall aktører i kartet (personen i midten er ikke med).",
    "size_tied_to_person": "Antall aktører som har minst ett bånd direkte til personen.",
    "size_not_tied_to_person": "Antall aktører som ikke har noe bånd direkte til personen.",
    "size_by_sector": "Antall aktører i hver sektor av kartet.",
    "size_by_sphere": "Antall aktører i det formelle nettverket (tjenester) og det uformelle.",
    "average_closeness": "Gjennomsnittlig nærhet (1 = nær, 3 = fjern) for aktørene som har "
    "oppgitt nærhet.",
    "ties_among_actors": "Antall par av aktører som har minst ett bånd seg imellom (bånd til "
    "personen telles ikke).",
    "density": "Tetthet: bånd mellom aktørene delt på alle mulige bånd, n·(n−1)/2. 0 betyr at "
    "ingen kjenner hverandre, 1 at alle kjenner alle.",
    "average_degree": "Gjennomsnittlig antall andre aktører hver aktør har bånd til (bånd til "
    "personen telles ikke).",
    "stars": "«Stjerner»: aktørene med flest bånd til andre aktører.",
    "isolated": "Isolerte aktører: har bånd bare til personen, ikke til noen andre i kartet.",
    "not_tied_to_person": "Aktører uten bånd direkte til personen.",
    "cliques": "Klikker: grupper på tre eller flere aktører der alle har bånd til alle.",
    "components": "Deler av nettverket som henger sammen når personen tas bort. Flere deler "
    "betyr at nettverket rundt personen er splittet.",
    "articulation_points": "Brobyggere: aktører som er eneste forbindelse mellom deler av "
    "nettverket. Faller de ut, blir nettverket splittet.",
    "degree_centrality": "Gradsentralitet: andelen av de andre aktørene en aktør har bånd til.",
    "betweenness_centrality": "Mellomliggende sentralitet: hvor ofte en aktør ligger på den "
    "korteste veien mellom to andre aktører. Høy verdi = bindeledd.",
    "closeness_centrality": "Nærhetssentralitet: hvor kort vei en aktør har til alle andre "
    "aktører den henger sammen med.",
}


def contact_graph(case: Case, catalogue: Catalogue | None = None) -> nx.Graph:
    """The contacts (actors) and the ties among them, with the person left out."""
    graph = case_graph(case, catalogue)
    graph.remove_node(PERSON_ID)
    return graph


def density(graph: nx.Graph) -> float:
    """Ties among contacts divided by the n·(n−1)/2 possible ones (0 for fewer than 2)."""
    n = graph.number_of_nodes()
    return 0.0 if n < 2 else round(graph.number_of_edges() / (n * (n - 1) / 2), 4)


def stars(graph: nx.Graph) -> list[str]:
    """Contacts with the most ties to other contacts (empty when nobody has any)."""
    degrees = dict(graph.degree())
    top = max(degrees.values(), default=0)
    return sorted(node for node, degree in degrees.items() if degree == top and top > 0)


def cliques(graph: nx.Graph, minimum: int = 3) -> list[list[str]]:
    """Maximal cliques of at least ``minimum`` contacts, largest first."""
    found = [sorted(c) for c in nx.find_cliques(graph) if len(c) >= minimum]
    return sorted(found, key=lambda c: (-len(c), c))


def _rounded(values: dict[str, float]) -> dict[str, float]:
    return {node: round(value, 4) for node, value in sorted(values.items())}


def _group_figures(graph: nx.Graph, members: Iterable[str]) -> dict[str, Any]:
    sub = graph.subgraph(members)
    n = sub.number_of_nodes()
    return {
        "size": n,
        "density": density(sub),
        "average_degree": round(2 * sub.number_of_edges() / n, 3) if n else 0.0,
    }


def centralities(graph: nx.Graph) -> dict[str, Any]:
    """Degree, betweenness and closeness centrality of every contact.

    Betweenness is exact up to :data:`EXACT_BETWEENNESS_LIMIT` contacts and estimated
    from a fixed, seeded sample above it; closeness is left out above
    :data:`CLOSENESS_LIMIT`. The result says which was done.
    """
    n = graph.number_of_nodes()
    exact = n <= EXACT_BETWEENNESS_LIMIT
    betweenness = nx.betweenness_centrality(
        graph, k=None if exact else BETWEENNESS_SAMPLE, seed=None if exact else 7
    )
    result: dict[str, Any] = {
        "degree_centrality": _rounded(nx.degree_centrality(graph)) if n > 1 else {},
        "betweenness_centrality": _rounded(betweenness),
        "betweenness_method": "exact" if exact else f"estimate_k{BETWEENNESS_SAMPLE}",
    }
    if n <= CLOSENESS_LIMIT:
        result["closeness_centrality"] = _rounded(nx.closeness_centrality(graph))
    else:
        result["closeness_centrality"] = None
        result["closeness_note"] = f"ikke beregnet for mer enn {CLOSENESS_LIMIT} aktører"
    return result


def network_metrics(case: Case, catalogue: Catalogue | None = None) -> dict[str, Any]:
    """All key figures of a case (see :data:`DEFINITIONS` for each one).

    Lists of actors are sorted by id so the result is stable.
    """
    catalogue = catalogue or load_catalogue()
    full = case_graph(case, catalogue)
    graph = full.copy()
    graph.remove_node(PERSON_ID)
    tied = {n for n in full.neighbors(PERSON_ID)}
    actor_ids = [a.id for a in case.actors]
    rings = [a.closeness for a in case.actors if a.closeness is not None]
    by_sector: dict[str, list[str]] = {s.key: [] for s in catalogue.sectors}
    by_sphere: dict[str, list[str]] = {"formal": [], "informal": []}
    for actor in case.actors:
        actor_type = catalogue.types[actor.type]
        by_sector[actor_type.sector].append(actor.id)
        by_sphere[actor_type.sphere].append(actor.id)
    figures: dict[str, Any] = {
        "size": len(actor_ids),
        "size_tied_to_person": len(tied),
        "size_not_tied_to_person": len(actor_ids) - len(tied),
        "size_by_sector": {key: len(ids) for key, ids in by_sector.items()},
        "size_by_sphere": {key: len(ids) for key, ids in by_sphere.items()},
        "average_closeness": round(mean(rings), 2) if rings else None,
        "ties_among_actors": graph.number_of_edges(),
        "density": density(graph),
        "average_degree": round(2 * graph.number_of_edges() / len(actor_ids), 3)
        if actor_ids
        else 0.0,
        "stars": stars(graph),
        "isolated": sorted(a for a in actor_ids if a in tied and graph.degree(a) == 0),
        "not_tied_to_person": sorted(a for a in actor_ids if a not in tied),
        "cliques": cliques(graph),
        "components": sorted(sorted(c) for c in nx.connected_components(graph)),
        "articulation_points": sorted(nx.articulation_points(graph)),
        "by_sector": {key: _group_figures(graph, ids) for key, ids in by_sector.items()},
        "by_sphere": {key: _group_figures(graph, ids) for key, ids in by_sphere.items()},
    }
    figures.update(centralities(graph))
    return figures
