"""Write the municipality data files of this folder from ``shared/reference/``.

Run it only when the reference files change (a developer's tool, not used by the app):

    .venv/bin/python data/municipalities/build_from_reference.py ../shared/reference

It writes ``kommuner_2024.csv`` and ``crosswalk_2020_2024.csv``. The regional bodies
(``regional_bodies.toml``) and the sources (``sources.toml``) are written by hand from
the same reference files; ``tests/test_municipality_data.py`` checks that the three
agree with each other and, when the reference folder is there, with the reference.

What this script decides (see README.md in this folder for the reasons):

- confidence is normalised to ``high`` / ``medium`` / ``low``: ``medium-high`` and
  ``medium`` become ``medium``; ``medium-low``, ``low-medium``, ``low`` and anything
  unresolved become ``low``;
- a konfliktråd's confidence is the lowest of the row's own rating and the area and
  name ratings of that konfliktråd in ``konfliktrad.csv`` (the areas are an assumption);
- "X or Y (unresolved)" becomes "X eller Y" with confidence ``low``;
- every basis text is Norwegian, written from the reference's notes.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

RANK = {"low": 0, "medium": 1, "high": 2}

POLICE_EXCEPTIONS = {
    "1811": "Unntak fra fylkesregelen: Bindal (Nordland) hører til Trøndelag politidistrikt "
    "(Namdal politistasjonsdistrikt).",
    "3201": "Unntak fra fylkesregelen: Bærum (Akershus) hører til Oslo politidistrikt "
    "(Asker og Bærum politidistrikt ble slått sammen med Oslo i 2016).",
    "3203": "Unntak fra fylkesregelen: Asker (Akershus), med tidligere Røyken og Hurum, "
    "hører til Oslo politidistrikt fra 2020.",
    "3234": "Unntak fra fylkesregelen: Lunner (Akershus) hører til Innlandet politidistrikt "
    "(Hadeland, Gran og Lunner lensmannskontor).",
    "3236": "Unntak fra fylkesregelen: Jevnaker (Akershus) hører til Sør-Øst politidistrikt "
    "(tidligere Nordre Buskerud politidistrikt, Ringerike).",
    "4228": "Unntak fra fylkesregelen: Sirdal (Agder) hører til Sør-Vest politidistrikt.",
    "4611": "Unntak fra fylkesregelen: Etne (Vestland) hører til Sør-Vest politidistrikt "
    "(tidligere Haugaland og Sunnhordland politidistrikt).",
    "4612": "Unntak fra fylkesregelen: Sveio (Vestland) hører til Sør-Vest politidistrikt "
    "(Haugesund politistasjon).",
    "4613": "Unntak fra fylkesregelen: Bømlo (Vestland) hører til Sør-Vest politidistrikt. "
    "En senere flytting til Vest politidistrikt (når Hordfast er på plass) var varslet, "
    "men er ikke bekreftet gjennomført.",
    "4614": "Unntak fra fylkesregelen: Stord (Vestland) hører til Sør-Vest politidistrikt. "
    "En senere flytting til Vest politidistrikt var varslet, men er ikke bekreftet "
    "gjennomført.",
    "4615": "Unntak fra fylkesregelen: Fitjar (Vestland) hører til Sør-Vest politidistrikt. "
    "En senere flytting til Vest politidistrikt var varslet, men er ikke bekreftet "
    "gjennomført.",
    "5516": "Unntak fra fylkesregelen: Gratangen (Troms) hører til Nordland politidistrikt.",
}

RVTS_BASIS = {
    ("RVTS Øst", "high"): "RVTS Øst oppgir selv at regionen dekker Oslo og Innlandet.",
    ("RVTS Øst", "medium"): "RVTS Øst oppgir «Oslo, Innlandet og Viken» (ordlyd fra før 2024); "
    "fylket var en del av Viken. Ikke kontrollert etter delingen av Viken.",
    ("RVTS Sør", "low"): "RVTS Sør finnes, men fylkene regionen dekker er ikke funnet i kildene. "
    "Historisk dekket RVTS Sør Agder, Telemark, Vestfold og Buskerud (ikke kontrollert).",
    ("RVTS Vest", "low"): "Utledet fra Helse Vests område (Rogaland og Vestland). "
    "Ikke kontrollert hos RVTS Vest.",
    ("RVTS Midt", "high"): "Årsrapporten til RVTS Midt (2011) sier at senteret dekker "
    "Nord-Trøndelag, Sør-Trøndelag og Møre og Romsdal, som i dag er Trøndelag og Møre og Romsdal.",
    ("RVTS Nord", "low"): "Utledet fra Helse Nords område (Nordland, Troms og Finnmark). "
    "Ikke kontrollert hos RVTS Nord.",
    ("RVTS Øst eller RVTS Sør", "low"): "Uavklart: RVTS Øst skriver «Viken», som Buskerud var en "
    "del av før 2024, mens RVTS Sør historisk dekket Buskerud. Sjekk med RVTS Øst eller RVTS Sør.",
}

KONFLIKTRAD_BASIS_RULE = (
    "Antatt: ledelsen i de 12 konfliktrådene er organisert slik politidistriktene er, så "
    "kommunen er plassert i konfliktrådet for sitt politidistrikt. Området er ikke kontrollert."
)
KONFLIKTRAD_BASIS_EXCEPTION = (
    "Antatt ut fra politidistriktet; kommunen er et unntak fra fylkesregelen for politiet, "
    "og konfliktrådets område er ikke kontrollert."
)
KONFLIKTRAD_BASIS_SIRDAL = (
    "Uavklart: Sirdal hører til Sør-Vest politidistrikt, men Konfliktrådet Agder skriver at det "
    "har møtesteder i alle de 25 Agder-kommunene. Sjekk med konfliktrådet."
)


def normalise(confidence: str) -> str:
    """Turn the reference's many confidence words into high / medium / low."""
    text = confidence.strip().lower()
    if text.startswith("high"):
        return "high"
    if text.startswith(("medium-high", "medium (", "medium")) and not text.startswith("medium-low"):
        return "medium"
    return "low"


def lowest(*levels: str) -> str:
    """The weakest of some normalised confidence levels."""
    return min(levels, key=RANK.__getitem__)


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def urls(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip().startswith("http")]


def build(reference: Path) -> None:
    """Write both CSV files of this folder from the reference folder."""
    kommuner = {row["kommunenummer"]: row for row in read(reference / "kommuner_2024.csv")}
    konfliktrad = {row["konfliktrad"]: row for row in read(reference / "konfliktrad.csv")}
    rows = []
    for bodies in read(reference / "kommune_regional_bodies_2024.csv"):
        number = bodies["kommunenummer"]
        kommune = kommuner[number]
        exception = bodies["politidistrikt_basis"] == "exception"
        pd_name = bodies["politidistrikt"]
        pd_conf = normalise(bodies["politidistrikt_confidence"])
        pd_basis = (
            POLICE_EXCEPTIONS[number]
            if exception
            else f"Fylkesregel: kommunene i {kommune['fylkesnavn']} hører til {pd_name}, "
            "bortsett fra unntakene som er ført opp."
        )
        pd_source = " ; ".join(["ref-regional", *urls(bodies["politidistrikt_source"])])
        if not exception:
            pd_source = "ref-regional ; ref-politidistrikter"

        rvts_raw = bodies["rvts_region"]
        rvts_name = rvts_raw.replace(" or ", " eller ").replace(" (unresolved)", "")
        rvts_conf = normalise(bodies["rvts_confidence"])
        if "unresolved" in rvts_raw:
            rvts_conf = "low"

        kr_raw = bodies["konfliktrad"]
        kr_name = kr_raw.replace(" (assumed = police district)", "").replace(" (UNRESOLVED)", "")
        kr_name = kr_name.replace(" or ", " eller ")
        kr_conf = normalise(bodies["konfliktrad_confidence"])
        if "UNRESOLVED" in kr_raw:
            kr_conf, kr_basis = "low", KONFLIKTRAD_BASIS_SIRDAL
        else:
            area = konfliktrad[kr_name]
            kr_conf = lowest(
                kr_conf, normalise(area["area_confidence"]), normalise(area["name_confidence"])
            )
            kr_basis = KONFLIKTRAD_BASIS_EXCEPTION if exception else KONFLIKTRAD_BASIS_RULE

        rows.append(
            {
                "kommunenummer": number,
                "kommunenavn": kommune["kommunenavn"],
                "fylkesnummer": kommune["fylkesnummer"],
                "fylke": kommune["fylkesnavn"],
                "source": "ref-kommuner",
                "politidistrikt": pd_name,
                "politidistrikt_confidence": pd_conf,
                "politidistrikt_basis": pd_basis,
                "politidistrikt_source": pd_source,
                "rvts": rvts_name,
                "rvts_confidence": rvts_conf,
                "rvts_basis": RVTS_BASIS[(rvts_name, rvts_conf)],
                "rvts_source": "ref-regional ; ref-rvts",
                "konfliktrad": kr_name,
                "konfliktrad_confidence": kr_conf,
                "konfliktrad_basis": kr_basis,
                "konfliktrad_source": "ref-regional ; ref-konfliktrad",
            }
        )
    rows.sort(key=lambda row: row["kommunenummer"])
    write(HERE / "kommuner_2024.csv", rows)

    crosswalk = []
    for row in read(reference / "kommune_crosswalk_2020_2024.csv"):
        change = row["change"]
        kind = (
            "unchanged"
            if change == "unchanged"
            else "split"
            if change.startswith("split")
            else "renumbered"
        )
        crosswalk.append(
            {
                "kommunenummer_2020": row["kommunenummer_2020"],
                "kommunenavn_2020": row["kommunenavn_2020"],
                "kommunenummer_2024": row["kommunenummer_2024"],
                "kommunenavn_2024": row["kommunenavn_2024"],
                "change": kind,
                "source": "ref-crosswalk",
            }
        )
    crosswalk.sort(key=lambda row: (row["kommunenummer_2020"], row["kommunenummer_2024"]))
    write(HERE / "crosswalk_2020_2024.csv", crosswalk)


def write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/reference"))
