"""Network figures of a person's map, defined as social work's network maps define them.

The key figures follow easyNWK (the network map of social work, FH St. Pölten): they
are computed over the *contacts* on the map, with the person at the centre left out,
because what matters is how the person's world hangs together without them. Centrality
(degree, betweenness, closeness), components and articulation points come from
networkx, computed on the same contact graph.

Every figure is defined in :data:`DEFINITIONS` (Norwegian, shown as help text in the app).

Every figure has a bounded cost, because a case file is untrusted input: one valid file
of 82 KB (60 actors, each tied to everyone outside its own group of three) has 3^20
maximal cliques, and listing them all once ran the server out of memory (issue 9). The
figures that could cost more than a little over the size of the case are capped, and the
output says so in ``limits`` (figure → ``reason`` and a Norwegian ``note``):

- **cliques** (exponential in the worst case): a search with a deterministic step
  budget (:data:`CLIQUE_STEP_LIMIT`), at most :data:`MAX_CLIQUES` listed, and a wall-time
  safety net (:data:`CLIQUE_TIME_LIMIT_S`) that a normal machine never reaches;
- **betweenness** (sources × ties): exact while contacts · (contacts + ties) stays
  within :data:`CENTRALITY_WORK_LIMIT`, else estimated from a seeded sample of sources
  sized to that budget;
- **closeness** (sources × ties): breadth-first searches that count their steps and
  give up (no figure, a note) past :data:`CENTRALITY_WORK_LIMIT`.

Where Tverrkart and easyNWK differ (checked against easyNWK's own analysis on its demo
file and 200 random networks): every figure counts actors without a ring too, since
Tverrkart draws them (outermost) as part of the network, while easyNWK leaves contacts
it has not placed out. The average closeness is over the contacts tied to the person,
as in easyNWK. A figure that is not defined (density of fewer than two contacts, the
average degree of an empty sector) is ``None``, shown as «–», not 0.

The rest is linear or near-linear in contacts + ties, so needs no cap: sizes, density
and degrees (one pass), stars and isolated (one pass over degrees), components and
articulation points (one depth-first search each, networkx's iterative Hopcroft–Tarjan),
the per-sector and per-sphere figures (one pass over the ties for all groups).

Examples
--------
>>> from graph.format.model import Case
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
>>> figures["cliques_capped"], figures["limits"]
(False, {})
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from statistics import mean
from typing import Any

import networkx as nx

from graph.analysis.network import case_graph
from graph.format.model import PERSON_ID, Case
from graph.reference.catalogue import Catalogue, load_catalogue

#: Above this many contacts, betweenness is estimated from a fixed sample of sources
#: (networkx ``k``, seeded, so the result is still the same every time).
EXACT_BETWEENNESS_LIMIT = 400
BETWEENNESS_SAMPLE = 100
#: Above this many contacts, closeness centrality is not computed (it needs every
#: shortest path); the analysis says so instead of guessing.
CLOSENESS_LIMIT = 600
#: Work budget of betweenness and closeness, in visits of a contact or a tie: one
#: breadth-first search from every contact costs contacts · (contacts + ties). About
#: 0.3 s on the project's 2-core machine; a sparse map of 400 contacts needs under half.
CENTRALITY_WORK_LIMIT = 1_000_000
#: At most this many cliques are listed; with more, the figure says «mer enn 100».
MAX_CLIQUES = 100
#: Step budget of the clique search: one step per branch of the search plus one per
#: candidate looked at when choosing a pivot. Deterministic, so the same case always
#: gives the same answer; at most about 0.1 s of search on the project's machine (0.05 s
#: at 42 contacts, 0.12 s at 1,000 contacts with 150,000 ties). A sparse map of 2,000
#: contacts needs about 12,000 steps.
CLIQUE_STEP_LIMIT = 200_000
#: Safety net in seconds, in case a machine is far slower than expected; the step budget
#: normally ends a hard search long before.
CLIQUE_TIME_LIMIT_S = 1.0

DEFINITIONS: dict[str, str] = {
    "size": "Antall aktører i kartet (personen i midten er ikke med).",
    "size_tied_to_person": "Antall aktører som har minst ett bånd direkte til personen.",
    "size_not_tied_to_person": "Antall aktører som ikke har noe bånd direkte til personen.",
    "size_by_sector": "Antall aktører i hver sektor av kartet.",
    "size_by_sphere": "Antall aktører i det formelle nettverket (tjenester) og det uformelle.",
    "average_closeness": "Gjennomsnittlig nærhet (1 = nær, 3 = fjern) for aktørene som har "
    "bånd til personen og oppgitt nærhet (som i easyNWK).",
    "ties_among_actors": "Antall par av aktører som har minst ett bånd seg imellom (bånd til "
    "personen telles ikke).",
    "density": "Tetthet: bånd mellom aktørene delt på alle mulige bånd, n·(n−1)/2. 0 betyr at "
    "ingen kjenner hverandre, 1 at alle kjenner alle.",
    "average_degree": "Gjennomsnittlig antall andre aktører hver aktør har bånd til (bånd til "
    "personen telles ikke).",
    "stars": "«Stjerner»: aktørene med flest bånd til andre aktører.",
    "isolated": "Isolerte aktører: har bånd bare til personen, ikke til noen andre i kartet.",
    "not_tied_to_person": "Aktører uten bånd direkte til personen.",
    "cliques": "Klikker: grupper på tre eller flere aktører der alle har bånd til alle. "
    f"Høyst {MAX_CLIQUES} vises; søket stanses hvis det blir for stort, og det står da "
    "under tabellen.",
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


def _density(nodes: int, edges: int) -> float | None:
    return None if nodes < 2 else round(edges / (nodes * (nodes - 1) / 2), 4)


def density(graph: nx.Graph) -> float | None:
    """Ties among contacts divided by the n·(n−1)/2 possible ones.

    ``None`` for fewer than two contacts: no tie is possible, so there is no share to
    give (easyNWK shows nothing there, not 0).
    """
    return _density(graph.number_of_nodes(), graph.number_of_edges())


def stars(graph: nx.Graph) -> list[str]:
    """Contacts with the most ties to other contacts (empty when nobody has any)."""
    degrees = dict(graph.degree())
    top = max(degrees.values(), default=0)
    return sorted(node for node, degree in degrees.items() if degree == top and top > 0)


@dataclass(frozen=True)
class CliqueSearch:
    """The outcome of :func:`bounded_cliques`.

    Attributes
    ----------
    cliques : list of list of str
        Maximal cliques found (each sorted by id), largest first, at most ``max_cliques``.
    reason : str or None
        Why the search stopped early: ``count`` (more than ``max_cliques`` cliques),
        ``steps`` (the step budget) or ``time`` (the safety net); None when complete.
    steps : int
        Steps the search took.
    """

    cliques: list[list[str]]
    reason: str | None
    steps: int

    @property
    def capped(self) -> bool:
        """True when there may be (``count``: there are) cliques not listed."""
        return self.reason is not None

    def note(self, max_cliques: int = MAX_CLIQUES) -> str | None:
        """What was capped and why, in Norwegian; None when the list is complete."""
        found = len(self.cliques)
        if self.reason == "count":
            return (
                f"Mer enn {max_cliques} klikker. Viser de {max_cliques} første søket fant; "
                "de er ikke nødvendigvis de største."
            )
        if self.reason is not None:
            why = "for mange trinn" if self.reason == "steps" else "for lang tid"
            return (
                f"Søket etter klikker ble stanset ({why}): det kan finnes mer enn "
                f"{max_cliques} klikker. Viser de {found} som ble funnet; de er ikke "
                "nødvendigvis de største."
            )
        return None


class _CliqueSearch:
    """Tomita's pivoting Bron–Kerbosch search that counts its steps.

    The same algorithm as :func:`networkx.find_cliques` (Tomita, Tanaka & Takahashi
    2006), written out so it can count what it does: every branch, also one that ends
    without a clique, costs one step, and choosing a pivot costs one step per candidate
    looked at. Branches that cannot reach ``minimum`` members are cut. Nodes are
    integers, so set order, and with it which cliques come first, does not depend on
    string hashing: the same graph always gives the same cliques.
    """

    def __init__(
        self, adjacency: list[set[int]], minimum: int, max_steps: int, deadline: float
    ) -> None:
        self.adjacency = adjacency
        self.minimum = minimum
        self.max_steps = max_steps
        self.deadline = deadline
        self.steps = 0
        self._rounds = 0
        self.stopped: str | None = None
        """``steps`` or ``time`` when a budget ended the search."""

    def _pivot_extension(self, subgraph: set[int], candidates: set[int]) -> set[int]:
        adjacency = self.adjacency
        self.steps += len(subgraph)
        pivot = max(subgraph, key=lambda u: len(candidates & adjacency[u]))
        return candidates - adjacency[pivot]

    def _over_budget(self) -> bool:
        self._rounds += 1
        if self.steps > self.max_steps:
            self.stopped = "steps"
        elif self._rounds % 256 == 0 and time.perf_counter() > self.deadline:
            self.stopped = "time"
        return self.stopped is not None

    def cliques(self) -> Iterator[list[int]]:
        """Yield maximal cliques of at least ``minimum`` until done or over budget."""
        adjacency, minimum = self.adjacency, self.minimum
        subgraph, candidates = set(range(len(adjacency))), set(range(len(adjacency)))
        if not subgraph:
            return
        extension = self._pivot_extension(subgraph, candidates)
        clique: list[int] = []
        stack: list[tuple[set[int], set[int], set[int]]] = []
        while not self._over_budget():
            if not extension:
                if not stack:
                    return
                clique.pop()
                subgraph, candidates, extension = stack.pop()
                continue
            node = extension.pop()
            candidates.remove(node)
            self.steps += 1
            neighbours = adjacency[node]
            subgraph_here = subgraph & neighbours
            if not subgraph_here:  # nothing can be added: a maximal clique
                if len(clique) + 1 >= minimum:
                    yield [*clique, node]
                continue
            candidates_here = candidates & neighbours
            if not candidates_here or len(clique) + 1 + len(candidates_here) < minimum:
                continue  # a dead end, or every clique down here is too small
            stack.append((subgraph, candidates, extension))
            clique.append(node)
            subgraph, candidates = subgraph_here, candidates_here
            extension = self._pivot_extension(subgraph, candidates)


def bounded_cliques(
    graph: nx.Graph,
    minimum: int = 3,
    max_cliques: int = MAX_CLIQUES,
    max_steps: int = CLIQUE_STEP_LIMIT,
    time_limit_s: float = CLIQUE_TIME_LIMIT_S,
) -> CliqueSearch:
    """Maximal cliques of at least ``minimum`` contacts, with a bounded search.

    A graph of n nodes can have 3^(n/3) maximal cliques, so the search stops after
    ``max_cliques`` cliques or ``max_steps`` steps (deterministic), or, as a safety net
    only, after ``time_limit_s`` seconds; the result says which. Memory stays small: the
    search holds one path of the search tree and at most ``max_cliques + 1`` cliques.

    Examples
    --------
    >>> triangle_and_pair = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d")])
    >>> search = bounded_cliques(triangle_and_pair)
    >>> search.cliques, search.capped
    ([['a', 'b', 'c']], False)
    >>> crowded = nx.complete_multipartite_graph(*[3] * 8)  # 3^8 = 6,561 cliques
    >>> search = bounded_cliques(crowded)
    >>> len(search.cliques), search.reason
    (100, 'count')
    >>> search.note()[:22]
    'Mer enn 100 klikker. V'
    """
    names = sorted(graph, key=str)
    index = {name: number for number, name in enumerate(names)}
    adjacency = [{index[v] for v in graph[u] if v != u} for u in names]
    deadline = time.perf_counter() + time_limit_s
    search = _CliqueSearch(adjacency, minimum, max_steps, deadline)
    found: list[list[str]] = []
    reason: str | None = None
    for clique in search.cliques():
        if len(found) == max_cliques:
            reason = "count"
            break
        found.append(sorted(names[i] for i in clique))
    reason = reason or search.stopped
    return CliqueSearch(sorted(found, key=lambda c: (-len(c), c)), reason, search.steps)


def cliques(graph: nx.Graph, minimum: int = 3) -> list[list[str]]:
    """Maximal cliques of at least ``minimum`` contacts, largest first (bounded search).

    See :func:`bounded_cliques`; this keeps only the list.
    """
    return bounded_cliques(graph, minimum).cliques


def _rounded(values: dict[str, float]) -> dict[str, float]:
    return {node: round(value, 4) for node, value in sorted(values.items())}


def _group_figures(graph: nx.Graph, groups: dict[str, list[str]]) -> dict[str, dict[str, Any]]:
    """Size, density and average degree inside each group of a partition of the contacts.

    One pass over the ties for all groups together (a subgraph view per group would
    walk every tie again for each group and each figure).
    """
    group_of = {node: key for key, members in groups.items() for node in members}
    inside = dict.fromkeys(groups, 0)
    for u, v in graph.edges():
        key = group_of.get(u)
        if key is not None and key == group_of.get(v):
            inside[key] += 1
    return {
        key: {
            "size": len(members),
            "density": _density(len(members), inside[key]),
            "average_degree": round(2 * inside[key] / len(members), 3) if members else None,
        }
        for key, members in groups.items()
    }


def closeness(graph: nx.Graph, max_steps: int = CENTRALITY_WORK_LIMIT) -> dict[str, float] | None:
    """Closeness centrality of every contact, or None when it would cost too much.

    The same figure as :func:`networkx.closeness_centrality` (Wasserman–Faust scaling
    for graphs in parts): one breadth-first search per contact, each stopping as soon as
    it has reached the whole of its part of the graph. The searches count every tie
    they look at and give up past ``max_steps``, so the cost is bounded whatever the
    shape; a dense map stays cheap (each search ends after one round), a long tail
    behind a dense core does not.

    Examples
    --------
    >>> closeness(nx.path_graph(["a", "b", "c"]))
    {'a': 0.6666666666666666, 'b': 1.0, 'c': 0.6666666666666666}
    >>> closeness(nx.lollipop_graph(30, 30), max_steps=1_000) is None
    True
    """
    n = graph.number_of_nodes()
    part_size: dict = {}
    for part in nx.connected_components(graph):
        part_size.update(dict.fromkeys(part, len(part)))
    adjacency = {node: list(graph[node]) for node in graph}
    steps = 0
    result: dict[str, float] = {}
    for source in graph:
        whole = part_size[source]
        seen = {source}
        level, depth, total = [source], 0, 0
        while level and len(seen) < whole:
            depth += 1
            following = []
            for node in level:
                neighbours = adjacency[node]
                steps += len(neighbours)
                if steps > max_steps:
                    return None
                for neighbour in neighbours:
                    if neighbour not in seen:
                        seen.add(neighbour)
                        following.append(neighbour)
                        total += depth
                if len(seen) == whole:
                    break
            level = following
        reached = len(seen) - 1
        result[source] = reached / total * reached / (n - 1) if total > 0 and n > 1 else 0.0
    return result


def _limit(reason: str, note: str) -> dict[str, str]:
    return {"reason": reason, "note": note}


def centralities(graph: nx.Graph) -> dict[str, Any]:
    """Degree, betweenness and closeness centrality of every contact, at bounded cost.

    Degree centrality is one pass. Betweenness is exact up to
    :data:`EXACT_BETWEENNESS_LIMIT` contacts while contacts · (contacts + ties) is within
    :data:`CENTRALITY_WORK_LIMIT`; otherwise it is estimated from a fixed, seeded
    sample of sources (at most :data:`BETWEENNESS_SAMPLE`, fewer when the ties are
    many, so the work stays within the same budget). Closeness is left out above
    :data:`CLOSENESS_LIMIT` contacts or when :func:`closeness` runs out of budget.
    ``limits`` says what was estimated or left out, and why.

    Examples
    --------
    >>> figures = centralities(nx.complete_graph(200))  # 200 · (200 + 19,900) > 1,000,000
    >>> figures["betweenness_method"], figures["limits"]["betweenness_centrality"]["reason"]
    ('estimate_k49', 'sample')
    """
    n = graph.number_of_nodes()
    visits = n + graph.number_of_edges()
    exact = n <= EXACT_BETWEENNESS_LIMIT and n * visits <= CENTRALITY_WORK_LIMIT
    sample = min(n, BETWEENNESS_SAMPLE, max(1, CENTRALITY_WORK_LIMIT // max(visits, 1)))
    betweenness = nx.betweenness_centrality(
        graph, k=None if exact else sample, seed=None if exact else 7
    )
    limits: dict[str, dict[str, str]] = {}
    if not exact:
        limits["betweenness_centrality"] = _limit(
            "sample",
            f"Mellomliggende sentralitet er et anslag ut fra korteste veier fra {sample} av "
            f"{n} aktører (for mange aktører eller bånd til å regne nøyaktig).",
        )
    result: dict[str, Any] = {
        "degree_centrality": _rounded(nx.degree_centrality(graph)) if n > 1 else {},
        "betweenness_centrality": _rounded(betweenness),
        "betweenness_method": "exact" if exact else f"estimate_k{sample}",
    }
    values = closeness(graph) if n <= CLOSENESS_LIMIT else None
    if values is not None:
        result["closeness_centrality"] = _rounded(values)
    else:
        result["closeness_centrality"] = None
        result["closeness_note"] = (
            f"ikke beregnet for mer enn {CLOSENESS_LIMIT} aktører"
            if n > CLOSENESS_LIMIT
            else "ikke beregnet: for mange bånd å gå gjennom"
        )
        limits["closeness_centrality"] = _limit(
            "size" if n > CLOSENESS_LIMIT else "steps",
            f"Nærhetssentralitet er {result['closeness_note']}.",
        )
    result["limits"] = limits
    return result


def network_metrics(case: Case, catalogue: Catalogue | None = None) -> dict[str, Any]:
    """All key figures of a case (see :data:`DEFINITIONS` for each one).

    Lists of actors are sorted by id so the result is stable.
    """
    catalogue = catalogue or load_catalogue()
    graph = case_graph(case, catalogue)
    tied = set(graph.neighbors(PERSON_ID))
    graph.remove_node(PERSON_ID)
    actor_ids = [a.id for a in case.actors]
    # easyNWK: the average closeness is over the contacts tied to the person.
    rings = [a.closeness for a in case.actors if a.closeness is not None and a.id in tied]
    by_sector: dict[str, list[str]] = {s.key: [] for s in catalogue.sectors}
    by_sphere: dict[str, list[str]] = {"formal": [], "informal": []}
    for actor in case.actors:
        actor_type = catalogue.types[actor.type]
        by_sector[actor_type.sector].append(actor.id)
        by_sphere[actor_type.sphere].append(actor.id)
    clique_search = bounded_cliques(graph)
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
        else None,
        "stars": stars(graph),
        "isolated": sorted(a for a in actor_ids if a in tied and graph.degree(a) == 0),
        "not_tied_to_person": sorted(a for a in actor_ids if a not in tied),
        "cliques": clique_search.cliques,
        "cliques_capped": clique_search.capped,
        "components": sorted(sorted(c) for c in nx.connected_components(graph)),
        "articulation_points": sorted(nx.articulation_points(graph)),
        "by_sector": _group_figures(graph, by_sector),
        "by_sphere": _group_figures(graph, by_sphere),
    }
    central = centralities(graph)
    limits = central.pop("limits")
    figures.update(central)
    if clique_search.capped:
        limits = {"cliques": _limit(clique_search.reason, clique_search.note()), **limits}
    figures["limits"] = limits
    return figures
