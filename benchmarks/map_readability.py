"""Benchmark: is the case map readable? Label overlaps and ties through nodes (issue 11).

Run with ``.venv/bin/python benchmarks/map_readability.py``. It builds the Nettverkskart
map (:func:`graph.maps.network_map`, ghosts included) of 200 seeded random cases of
20-60 actors, of every example in ``data/examples/`` and of the idékart, and measures
each with :func:`graph.render.geometry.map_quality`:

* label overlaps: pairs of node labels, and of a label and another node, that overlap;
* ties through nodes: a tie running through a node it does not connect;
* tie labels («§ samtykke» …) covering a node, a label or another tie label;
* the time to build each map (CPU time of this process, so other load on the machine
  counts less than in wall time).

The random cases have labels like real ones (the type's name, often with a detail such
as «(skolehelsetjenesten)»), every closeness, about 1.5 ties per actor and one tie in
five sharing information. The same seeds give the same cases.

"Before" (issue 11's figures) is this script run on the commit before the change, in a
``git worktree`` of its own with ``graph/render/geometry.py`` and ``graph/render/spec.py``
copied in: the old maps have no label size, so their labels are measured at
vis-network's 14 map units, which is smaller than the old page drew them (13 px on
screen at the fitted zoom, about 30 map units): the before figures are a lower bound.

``--as-drawn`` measures maps without a label size (the old ones) at about the size the
old page drew their labels: 13 px on screen at the zoom that fits the map into the
660 px high frame, estimated as 13 / scale with scale = 280 px / the map's outer radius
(the frame's half height less padding and the sector labels). It is an estimate of
the browser's fitting, not a measurement in it.

``--out FILE`` writes every case's counts as JSON (default
``benchmarks/results/map_readability.json``).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.format.examples import list_examples
from graph.format.model import Case
from graph.format.validation import validate_case
from graph.maps import network_map
from graph.maps.ideamap import idea_map_spec
from graph.reference.catalogue import load_catalogue
from graph.render.geometry import map_quality

DETAILS = (
    "(skolehelsetjenesten)",
    "fra klassen",
    "på ungdomsklubben",
    "(kjent bare ved brukernavn)",
    "i nabolaget",
    "ved NAV-kontoret",
    "(oppfølging hver uke)",
    "fra fotballaget",
    "(familiens kontakt)",
)
KINDS = ("relation", "support", "collaboration", "referral", "risk", "conflict")
BASES = (None, "consent", "avvergingsplikt", "opplysningsplikt", "lovhjemmel", "none")
DEFAULT_OUT = Path(__file__).resolve().parent / "results" / "map_readability.json"


def random_case(seed: int) -> Case:
    """A valid case of 20-60 actors with labels like real ones (same seed, same case)."""
    rng = random.Random(seed)
    types = list(load_catalogue().types.values())
    count = rng.randint(20, 60)
    actors, seen = [], {}
    for index in range(count):
        actor_type = rng.choice(types)
        label = actor_type.label
        if rng.random() < 0.5:
            label = f"{label} {rng.choice(DETAILS)}"
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            label = f"{label} {seen[label]}"
        actor = {"id": f"a{index}", "label": label, "type": actor_type.key}
        closeness = rng.choice((None, 1, 2, 3))
        if closeness:
            actor["closeness"] = closeness
        actors.append(actor)
    actors[rng.randrange(count)]["coordinator"] = True
    ids = [a["id"] for a in actors]
    ties = []
    for index, actor_id in enumerate(ids):
        other = "person" if index == 0 or rng.random() < 0.7 else rng.choice(ids[:index])
        ties.append({"from": other, "to": actor_id, "kind": rng.choice(KINDS)})
    for _ in range(count // 2):
        a, b = rng.sample(ids, 2)
        tie = {"from": a, "to": b, "kind": rng.choice(KINDS)}
        if rng.random() < 0.2:
            tie["info_sharing"] = True
            basis = rng.choice(BASES)
            if basis:
                tie["legal_basis"] = basis
            if basis == "lovhjemmel":
                tie["legal_basis_note"] = "Rutinen for varsling mellom politiet og kommunen"
        ties.append(tie)
    return validate_case(
        {
            "format": "tverrkart-case/1",
            "title": f"Tilfeldig sak {seed}",
            "person": {"alias": "T", "age": 16, "situation": ["pupil", "online"]},
            "actors": actors,
            "ties": ties,
        }
    )


AS_DRAWN = {"on": False}
FITTED_ROOM_PX = 280.0
LABEL_PX = 13.0


def as_drawn(spec):
    """``spec`` with the label size the old page drew (see ``--as-drawn``)."""
    if not AS_DRAWN["on"] or getattr(spec, "label_size", None) is not None:
        return spec
    outer = max([*spec.rings, *(math.hypot(n.x, n.y) + n.size for n in spec.nodes)])
    return dataclasses.replace(spec, label_size=LABEL_PX * outer / FITTED_ROOM_PX)


def counts(spec) -> dict:
    """The figures of one map."""
    quality = map_quality(as_drawn(spec))
    return {
        "label_label": quality.label_label,
        "label_node": quality.label_node,
        "edge_node": quality.edge_node,
        "edge_label": quality.edge_label,
    }


def measure(cases: int) -> dict:
    """Every figure of the run (see the module's docstring)."""
    rows, times = [], []
    for seed in range(cases):
        case = random_case(seed)
        started = time.process_time()
        spec = network_map(case)
        times.append((time.process_time() - started) * 1000)
        rows.append(
            {
                "seed": seed,
                "actors": len(case.actors),
                "ms": round(times[-1], 1),
                # How large the rings are drawn, against the fixed rings before issue 11.
                "ring3_radius": spec.rings[2] if len(spec.rings) > 2 else None,
                **counts(spec),
            }
        )
    examples = {example.name: counts(network_map(example.load())) for example in list_examples()}
    keys = ("label_label", "label_node", "edge_node", "edge_label")
    return {
        "cases": rows,
        "examples": examples,
        "idea_map": counts(idea_map_spec()),
        "totals": {key: sum(row[key] for row in rows) for key in keys},
        "cases_with": {key: sum(1 for row in rows if row[key]) for key in keys},
        "map_ms": {
            "median": round(statistics.median(times), 1),
            "p90": round(sorted(times)[int(0.9 * len(times))], 1),
            "max": round(max(times), 1),
        },
        "ring3_radius_median": statistics.median(
            row["ring3_radius"] for row in rows if row["ring3_radius"]
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--as-drawn", action="store_true")
    args = parser.parse_args()
    AS_DRAWN["on"] = args.as_drawn
    result = measure(args.cases)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    totals, cases_with = result["totals"], result["cases_with"]
    print(f"{args.cases} tilfeldige saker med 20-60 aktører:")
    for key, text in (
        ("label_label", "etikett over etikett"),
        ("label_node", "etikett over node (eller node over node)"),
        ("edge_node", "bånd gjennom en annen node"),
        ("edge_label", "båndetikett over node/etikett"),
    ):
        print(f"  {text}: {totals[key]} i alt, i {cases_with[key]} saker")
    times = result["map_ms"]
    print(
        f"  CPU-tid per kart: median {times['median']} ms, 90 % under {times['p90']} ms, "
        f"lengst {times['max']} ms"
    )
    print(f"  ring 3 (median): {result['ring3_radius_median']} kartenheter")
    print(f"eksemplene: {result['examples']}")
    print(f"idékartet: {result['idea_map']}")


if __name__ == "__main__":
    main()
