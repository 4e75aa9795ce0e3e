"""Synthetic, valid cases of any size for benchmarks (deterministic for a given seed)."""

from __future__ import annotations

import random

from graph.format.model import Case
from graph.format.validation import validate_case
from graph.reference.catalogue import load_catalogue

KINDS = ("relation", "support", "collaboration", "referral", "risk", "conflict")
BASES = (None, "consent", "avvergingsplikt", "opplysningsplikt", "none")


def synthetic_case(
    actors: int, seed: int = 1, ties_per_actor: float = 1.5, *, validate: bool = True
) -> Case:
    """A case with ``actors`` actors of every type and about 1.5 ties per actor.

    Every actor is tied to the person or to an earlier actor, so the network is
    connected like a real one; the rest of the ties are random. ``validate=False``
    builds it with the models only, without the file rules (such as the largest case a
    file may hold), for measuring the analysis beyond them.
    """
    rng = random.Random(seed)
    types = list(load_catalogue().types)
    actor_list = []
    for index in range(actors):
        actor = {"id": f"a{index}", "label": f"Aktør {index}", "type": types[index % len(types)]}
        ring = rng.choice((None, 1, 2, 3))
        if ring:
            actor["closeness"] = ring
        actor_list.append(actor)
    if actor_list:
        actor_list[0]["coordinator"] = True
    ids = [a["id"] for a in actor_list]
    ties = []
    for index, actor_id in enumerate(ids):
        other = "person" if index == 0 or rng.random() < 0.3 else rng.choice(ids[:index])
        ties.append({"from": other, "to": actor_id, "kind": rng.choice(KINDS)})
    for _ in range(int(actors * (ties_per_actor - 1))):
        a, b = rng.sample(ids, 2)
        tie = {"from": a, "to": b, "kind": rng.choice(KINDS)}
        if rng.random() < 0.2:
            tie["info_sharing"] = True
            basis = rng.choice(BASES)
            if basis:
                tie["legal_basis"] = basis
        ties.append(tie)
    raw = {
        "format": "tverrkart-case/1",
        "title": f"Syntetisk sak med {actors} aktører",
        "person": {"alias": "S", "age": 17, "situation": ["pupil", "wants_exit", "online"]},
        "actors": actor_list,
        "ties": ties,
    }
    return validate_case(raw) if validate else Case.model_validate(raw)


def triples_case_dict(actors: int) -> dict:
    """The hostile case of issue 9, finding 2, as a file's dict: exponentially many cliques.

    ``actors`` actors in groups of three; every actor is tied to the person and to every
    actor outside its own group. The contacts then form a complete multipartite graph
    with parts of three, which has 3^(actors/3) maximal cliques: 60 actors (1,770 ties,
    a file of 82–92 KB) have about 3.5 billion. Listing them all is what once ran the
    server out of memory.

    Examples
    --------
    >>> raw = triples_case_dict(60)
    >>> len(raw["actors"]), len(raw["ties"])
    (60, 1770)
    """
    ids = [f"a{index}" for index in range(actors)]
    ties = [{"from": "person", "to": actor_id, "kind": "relation"} for actor_id in ids]
    ties += [
        {"from": ids[x], "to": ids[y], "kind": "relation"}
        for x in range(actors)
        for y in range(x + 1, actors)
        if x // 3 != y // 3
    ]
    return {
        "format": "tverrkart-case/1",
        "title": f"Alle kjenner alle utenfor egen trio ({actors} aktører)",
        "person": {"alias": "T"},
        "actors": [{"id": i, "label": f"Aktør {i}", "type": "venner"} for i in ids],
        "ties": ties,
    }


def triples_case(actors: int) -> Case:
    """:func:`triples_case_dict` as a :class:`~graph.format.model.Case` (models only, no size
    rules)."""
    return Case.model_validate(triples_case_dict(actors))
