"""Synthetic, valid cases of any size for benchmarks (deterministic for a given seed)."""

from __future__ import annotations

import random

from graph.catalogue import load_catalogue
from graph.model import Case
from graph.validation import validate_case

KINDS = ("relation", "support", "collaboration", "referral", "risk", "conflict")
BASES = (None, "consent", "avvergingsplikt", "opplysningsplikt", "none")


def synthetic_case(actors: int, seed: int = 1, ties_per_actor: float = 1.5) -> Case:
    """A case with ``actors`` actors of every type and about 1.5 ties per actor.

    Every actor is tied to the person or to an earlier actor, so the network is
    connected like a real one; the rest of the ties are random.
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
    return validate_case(
        {
            "format": "tverrkart-case/1",
            "title": f"Syntetisk sak med {actors} aktører",
            "person": {"alias": "S", "age": 17, "situation": ["pupil", "wants_exit", "online"]},
            "actors": actor_list,
            "ties": ties,
        }
    )
