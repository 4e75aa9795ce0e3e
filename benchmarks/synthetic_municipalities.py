"""Synthetic municipality files, one for every municipality of 2024 (deterministic per seed).

For the map of Norway and the Oversikt benchmark: made-up services («Tjeneste 3»),
structures answered yes, no or left out («ikke oppgitt»), some measures, and for every
third municipality a handling route and an action plan date (some expired). They are
test data and say so in their ``source``; nothing in them is about a real municipality.

Write a folder to look at in the app (``TVERRKART_MUNICIPALITY_DIR``)::

    .venv/bin/python benchmarks/synthetic_municipalities.py /tmp/kommuner
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from graph.format.validation import validate_municipality
from graph.municipality.coverage import REQUIRED_STRUCTURES
from graph.reference.catalogue import load_catalogue
from graph.reference.registry import load_kommuner

SOURCE = "Syntetiske testdata fra benchmarks/synthetic_municipalities.py, ikke en ekte kommune."


def synthetic_municipality(number: str, rng: random.Random) -> dict:
    """A valid municipality file with 0–20 actors, structures, measures and maybe a route."""
    catalogue = load_catalogue()
    types = [k for k, t in catalogue.types.items() if t.is_formal]
    types += ["frivillig", "tros_livssyn", "fritid"]
    actors = [
        {"id": f"a{i}", "type": rng.choice(types), "label": f"Tjeneste {i}"}
        for i in range(rng.randint(0, 20))
    ]
    # About 60 % answered, of them 60 % yes; the rest left out («ikke oppgitt»).
    structures = {key: rng.random() < 0.6 for key in REQUIRED_STRUCTURES if rng.random() < 0.6}
    ids = [a["id"] for a in actors]
    measures = [
        {"what": f"Tiltak {j}", "responsible": rng.sample(ids, min(len(ids), 2))}
        for j in range(rng.randint(0, 8))
    ]
    raw: dict = {
        "format": "tverrkart-municipality/1",
        "kommunenummer": number,
        "actors": actors,
        "structures": structures,
        "measures": measures,
        "source": SOURCE,
    }
    if rng.random() < 1 / 3:
        raw["handling_route"] = [
            {
                "what": f"Trinn {step}",
                "responsible": rng.sample(ids, min(len(ids), rng.randint(0, 2))),
                "note": "Syntetisk trinn.",
            }
            for step in range(1, 6)
        ]
        raw["handlingsplan_gyldig_til"] = f"{rng.randint(2020, 2030)}-12-31"
    return raw


def write_municipality_files(folder: Path, seed: int = 16) -> list[Path]:
    """Write one valid file per municipality of 2024 (357) into ``folder``; return them."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in load_kommuner():
        raw = synthetic_municipality(number, rng)
        validate_municipality(raw)  # a generator that writes invalid files would prove nothing
        path = folder / f"kommune-{number}.json"
        path.write_text(json.dumps(raw, ensure_ascii=False), "utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("Bruk: synthetic_municipalities.py MAPPE")
    written = write_municipality_files(Path(sys.argv[1]))
    print(f"{len(written)} kommunefiler skrevet i {sys.argv[1]}")
