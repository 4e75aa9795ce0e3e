"""A map of Norway's municipalities for the page «Oversikt», drawn offline with Altair.

The geometry is ``data/municipalities/kommuner_2024.topojson`` (Kartverket via csmaps,
CC BY 4.0; see :data:`CREDIT`): 356 shapes, one per 2024 municipality except 1580 Haram,
which this source still draws inside 1508 Ålesund (:data:`HARAM_NOTE`). The shapes go
into the chart as inline data and the Vega library that Streamlit ships draws them, so
no tile server and no other address is ever asked for anything.

Each municipality is coloured by its coverage score, or by whether it has one chosen
item (an actor type or a structure: «har», «mangler», «ikke oppgitt»); municipalities
without a file are grey. Hovering shows the name, the score and what is missing; a click
selects the municipality (the page opens it on «Kommunens aktørkart»). Choosing a region
keeps only its shapes, so the projection zooms to it.

Examples
--------
>>> from graph.municipality.files import shipped_files
>>> from graph.municipality.coverage import compute_coverage
>>> from graph.municipality.overview import Entry
>>> entries = [Entry("holmestrand.json", compute_coverage(f.municipality))
...            for f in shipped_files()]
>>> frame = map_frame(entries)
>>> len(frame), int(frame["har_fil"].sum())
(356, 1)
>>> row = frame.set_index("nr").loc["3903"]
>>> row["Kommune"], float(row["Dekning"]), row["Dekningstekst"]
('Holmestrand', 0.83, '83 %')
>>> file_count(entries, region_numbers())
(1, 357)
>>> spec = norway_spec(frame, shapes_for(frame["nr"]))
>>> spec["mark"]["type"], spec["data"]["format"]["type"]
('geoshape', 'topojson')
>>> len(spec["data"]["values"]["objects"]["kommuner"]["geometries"])
356
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import altair as alt
import pandas as pd

from graph.municipality.coverage import UNSTATED, Coverage, load_coverage_spec
from graph.municipality.overview import Entry
from graph.reference.datafiles import data_dir
from graph.reference.registry import load_kommuner, region_numbers
from graph.reference.sources import FOLDER

GEO_FILE = "kommuner_2024.topojson"
GEO_OBJECT = "kommuner"
CREDIT = "Kartgrunnlag: © Kartverket (CC BY 4.0), via csmaps"
HARAM, ALESUND = "1580", "1508"
HARAM_NOTE = (
    "Haram (1580) har ingen egen flate i kartet: kartgrunnlaget er fra før Ålesund ble delt "
    "i 2024, så Haram er tegnet inne i Ålesunds flate (1508)."
)
SCORE = "score"
"""Colour by the coverage score; any other choice is the id of a coverage item."""

NO_FILE = "Ingen kommunefil"
PRESENCE_COLOURS = {
    "Har": "#2166ac",
    "Mangler": "#d6604d",
    UNSTATED.capitalize(): "#f4d03f",
    NO_FILE: "#c8c8c8",
}
NO_FILE_COLOUR = PRESENCE_COLOURS[NO_FILE]
SCORE_THRESHOLDS = [0.2, 0.4, 0.6, 0.8]
SCORE_RANGE = ["#b2182b", "#ef8a62", "#fddbc7", "#92c5de", "#2166ac"]
"""Five classes from red (low) to blue (high), ColorBrewer RdBu as the heatmap: apart for
red-green colour blindness, and a class is easier to read off a map than a shade."""
NO_SCORE = -1.0
"""``Dekning`` of a municipality without a file (drawn grey; Vega would drop a null)."""
MISSING_SHOWN = 4
"""Hover lists at most this many missing items, strongest first, then «og N til»."""
SELECTION = "kommune"
"""The name of the click selection; the page reads the chosen ``nr`` from it."""
MAP_HEIGHT = 640


@lru_cache(maxsize=1)
def load_topology() -> dict[str, Any]:
    """The municipality shapes (TopoJSON), read once per process.

    Raises
    ------
    ValueError
        When the file has no ``kommuner`` object.
    """
    with (data_dir() / FOLDER / GEO_FILE).open(encoding="utf-8") as handle:
        topology = json.load(handle)
    if GEO_OBJECT not in topology.get("objects", {}):
        raise ValueError(f"{GEO_FILE}: mangler objektet «{GEO_OBJECT}»")
    return topology


@lru_cache(maxsize=1)
def shape_numbers() -> tuple[str, ...]:
    """The kommunenummer that have a shape, in the file's order (356; not 1580 Haram)."""
    geometries = load_topology()["objects"][GEO_OBJECT]["geometries"]
    return tuple(g["properties"]["nr"] for g in geometries)


def shapes_for(numbers: Iterable[str]) -> dict[str, Any]:
    """The topology with only the shapes of ``numbers`` (the arcs are shared and kept).

    Haram (1580) has no shape of its own; asking for it gives Ålesund's shape. The
    projection fits what is drawn, so fewer shapes zoom the map to them.
    """
    wanted = set(numbers)
    if HARAM in wanted:
        wanted.add(ALESUND)
    topology = load_topology()
    subset = copy.copy(topology)
    original = topology["objects"][GEO_OBJECT]
    subset["objects"] = {
        GEO_OBJECT: {
            **original,
            "geometries": [g for g in original["geometries"] if g["properties"]["nr"] in wanted],
        }
    }
    return subset


def colour_choices() -> dict[str, str]:
    """What the map can be coloured by: the score, or one item (key → Norwegian text).

    Examples
    --------
    >>> choices = colour_choices()
    >>> choices["score"], choices["politirad"]
    ('Dekning', 'Har politiråd? (struktur)')
    """
    choices = {SCORE: "Dekning"}
    for item in load_coverage_spec().items:
        kind = "aktør" if item.kind == "actor" else "struktur"
        choices[item.id] = f"Har {item.title[0].lower()}{item.title[1:]}? ({kind})"
    return choices


def _missing_text(coverage: Coverage) -> str:
    missing = coverage.missing()
    if not missing:
        return "ingenting"
    titles = [
        f"{s.item.title} ({'ikke oppgitt' if s.unstated else 'nei'})"
        if s.item.kind == "structure"
        else s.item.title
        for s in missing[:MISSING_SHOWN]
    ]
    more = len(missing) - MISSING_SHOWN
    return ", ".join(titles) + (f" og {more} til" if more > 0 else "")


def _presence(coverage: Coverage, item_id: str) -> str:
    status = coverage.status(item_id)
    if status.covered:
        return "Har"
    return UNSTATED.capitalize() if status.unstated else "Mangler"


def _first_per_number(entries: Sequence[Entry]) -> tuple[dict[str, Entry], dict[str, int]]:
    first: dict[str, Entry] = {}
    counts: dict[str, int] = {}
    for entry in entries:
        number = entry.coverage.kommunenummer
        first.setdefault(number, entry)
        counts[number] = counts.get(number, 0) + 1
    return first, counts


def map_frame(entries: Sequence[Entry], colour_by: str = SCORE) -> pd.DataFrame:
    """One row per shape: the municipality, its regions, score, what is missing, colour.

    Parameters
    ----------
    entries : sequence of Entry
        The loaded municipality files. When a municipality has several, the first is
        drawn and the note says how many there are.
    colour_by : str
        :data:`SCORE`, or the id of a coverage item (see :func:`colour_choices`).

    Returns
    -------
    DataFrame
        Columns ``nr``, ``Kommune``, ``Fylke``, ``Politidistrikt``, ``RVTS``,
        ``Konfliktråd`` (with their confidence marks), ``har_fil``, ``Dekning`` (0–1,
        :data:`NO_SCORE` without a file), ``Dekningstekst``, ``Mangler``, ``Farge`` (the presence
        of the chosen item, or «Ingen kommunefil») and ``Merknad``.

    Raises
    ------
    KeyError
        For a ``colour_by`` that is neither the score nor an item id.
    """
    if colour_by != SCORE and colour_by not in colour_choices():
        raise KeyError(colour_by)
    kommuner = load_kommuner()
    first, counts = _first_per_number(entries)
    rows = []
    for number in shape_numbers():
        place = kommuner[number]
        entry = first.get(number)
        notes = []
        if counts.get(number, 0) > 1:
            notes.append(f"{counts[number]} filer for kommunen; den første vises.")
        if number == ALESUND:
            haram = first.get(HARAM)
            notes.append(HARAM_NOTE)
            notes.append(
                f"Haram: dekning {round(haram.coverage.score * 100)} %."
                if haram
                else "Haram: ingen kommunefil."
            )
        row = {
            "nr": number,
            "Kommune": place.name,
            "Fylke": place.fylke,
            "Politidistrikt": place.politidistrikt.display(),
            "RVTS": place.rvts.display(),
            "Konfliktråd": place.konfliktrad.display(),
            "har_fil": entry is not None,
            "Dekning": NO_SCORE,
            "Dekningstekst": NO_FILE,
            "Mangler": "",
            "Farge": NO_FILE,
            "Merknad": " ".join(notes) or "–",
        }
        if entry is not None:
            coverage = entry.coverage
            row["Dekning"] = round(coverage.score, 2)
            row["Dekningstekst"] = f"{round(coverage.score * 100)} %"
            row["Mangler"] = _missing_text(coverage)
            if colour_by != SCORE:
                row["Farge"] = _presence(coverage, colour_by)
        rows.append(row)
    return pd.DataFrame(rows)


def file_count(entries: Iterable[Entry], numbers: Iterable[str]) -> tuple[int, int]:
    """How many of ``numbers`` have at least one file, and how many there are.

    «142 av 357 har registrert aktørkart»: Haram counts as a municipality of its own
    here, though it has no shape on the map.
    """
    wanted = set(numbers)
    with_file = {e.coverage.kommunenummer for e in entries} & wanted
    return len(with_file), len(wanted)


def _tooltip() -> list[alt.Tooltip]:
    return [
        alt.Tooltip("Kommune:N"),
        alt.Tooltip("nr:N", title="Kommunenummer"),
        alt.Tooltip("Dekningstekst:N", title="Dekning"),
        alt.Tooltip("Mangler:N", title="Mangler"),
        alt.Tooltip("Fylke:N"),
        alt.Tooltip("Politidistrikt:N"),
        alt.Tooltip("RVTS:N"),
        alt.Tooltip("Konfliktråd:N"),
        alt.Tooltip("Merknad:N"),
    ]


def norway_spec(
    frame: pd.DataFrame,
    topology: dict[str, Any],
    colour_by: str = SCORE,
    *,
    title: str | None = None,
    height: int = MAP_HEIGHT,
    width: int | None = None,
) -> dict[str, Any]:
    """The map as a Vega-Lite specification (a dict), with the shapes inline.

    Same parameters as :func:`norway_chart`. Altair checks every value it is given, which
    takes most of a second for the 368 KB of shapes; the chart is therefore built around
    an empty topology and no rows, and the shapes and rows are put into the finished
    specification (as inline data: nothing is fetched).
    """
    empty = {**topology, "objects": {GEO_OBJECT: {"type": "GeometryCollection", "geometries": []}}}
    empty["arcs"] = []
    chart = norway_chart(frame.head(0), empty, colour_by, title=title, height=height, width=width)
    spec = chart.to_dict()
    lookup = next(t for t in spec["transform"] if "lookup" in t)
    # Altair moves inline values to top-level «datasets» under a name; put them back.
    for data, values in ((spec["data"], topology), (lookup["from"]["data"], _records(frame))):
        spec.get("datasets", {}).pop(data.pop("name", None), None)
        data["values"] = values
    if not spec.get("datasets", True):
        del spec["datasets"]
    return spec


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    columns = [c for c in frame.columns if c != "har_fil"]
    return json.loads(frame[columns].to_json(orient="records", force_ascii=False))


def norway_chart(
    frame: pd.DataFrame,
    topology: dict[str, Any],
    colour_by: str = SCORE,
    *,
    title: str | None = None,
    height: int = MAP_HEIGHT,
    width: int | None = None,
) -> alt.Chart:
    """The map: the shapes of ``topology`` coloured from ``frame``, clickable.

    Parameters
    ----------
    frame : DataFrame
        :func:`map_frame` (its rows are looked up by ``nr``).
    topology : dict
        :func:`load_topology` or :func:`shapes_for` (fewer shapes zoom the map).
    colour_by : str
        :data:`SCORE` or an item id, as given to :func:`map_frame`.
    title : str, optional
        Printed above the map (for the downloaded picture).
    height, width : int
        In pixels; without ``width`` the page stretches the chart.
    """
    columns = [c for c in frame.columns if c != "har_fil"]
    records = _records(frame)
    shapes = alt.InlineData(
        values=topology, format=alt.DataFormat(type="topojson", feature=GEO_OBJECT)
    )
    chosen = alt.selection_point(
        fields=["nr"], name=SELECTION, on="click", clear="dblclick", empty=False
    )
    if colour_by == SCORE:
        colour = alt.condition(
            "datum.Dekning < 0",
            alt.value(NO_FILE_COLOUR),
            alt.Color(
                "Dekning:Q",
                scale=alt.Scale(type="threshold", domain=SCORE_THRESHOLDS, range=SCORE_RANGE),
                legend=alt.Legend(title="Dekning", format=".0%", orient="top-left"),
            ),
        )
    else:
        colour = alt.Color(
            "Farge:N",
            scale=alt.Scale(domain=list(PRESENCE_COLOURS), range=list(PRESENCE_COLOURS.values())),
            legend=alt.Legend(title=None, orient="top-left"),
        )
    chart = (
        alt.Chart(shapes)
        .mark_geoshape(stroke="#ffffff", strokeWidth=0.4)
        .transform_lookup(
            lookup="properties.nr",
            from_=alt.LookupData(data=alt.InlineData(values=records), key="nr", fields=columns),
        )
        .encode(
            color=colour,
            strokeWidth=alt.condition(chosen, alt.value(1.6), alt.value(0.4)),
            stroke=alt.condition(chosen, alt.value("#111111"), alt.value("#ffffff")),
            tooltip=_tooltip(),
        )
        .add_params(chosen)
        .project(type="transverseMercator", rotate=[-15, 0, 0])
        .properties(
            height=height,
            # Read out by screen readers (the list under the map opens a municipality too).
            description="Kart over kommunene i Norge. "
            + (
                "Fargen viser dekningen."
                if colour_by == SCORE
                else f"Fargen svarer på: {colour_choices().get(colour_by, colour_by)}"
            )
            + " Grå kommuner har ingen kommunefil.",
        )
    )
    if width is not None:
        chart = chart.properties(width=width)
    if title:
        chart = chart.properties(title=alt.Title(title, subtitle=CREDIT))
    return chart


def chosen_number(event: Any) -> str | None:
    """The kommunenummer a click chose, from Streamlit's selection event (or None).

    Examples
    --------
    >>> chosen_number({"selection": {"kommune": [{"nr": "3903"}]}})
    '3903'
    >>> chosen_number({"selection": {"kommune": []}}) is None
    True
    """
    try:
        points = event["selection"][SELECTION]
    except (KeyError, TypeError):
        return None
    if not points or not isinstance(points, list | tuple):
        return None
    number = points[0].get("nr") if isinstance(points[0], dict) else None
    return number if isinstance(number, str) and number in load_kommuner() else None


def map_picture(spec: dict[str, Any], kind: str) -> bytes:
    """A map (:func:`norway_spec`) as a picture: ``"svg"`` or ``"png"``, made on this machine.

    vl-convert draws the Vega-Lite spec with its own bundled Vega, with no browser and
    no network (the shapes are inline). Imported here, so the page loads without it.

    Raises
    ------
    ValueError
        For a kind other than svg or png.
    """
    import vl_convert

    if kind == "svg":
        return vl_convert.vegalite_to_svg(spec).encode("utf-8")
    if kind == "png":
        return vl_convert.vegalite_to_png(spec, scale=2)
    raise ValueError(f"ukjent bildeformat {kind!r} (svg eller png)")


__all__ = [
    "ALESUND",
    "CREDIT",
    "HARAM",
    "HARAM_NOTE",
    "SCORE",
    "chosen_number",
    "colour_choices",
    "file_count",
    "load_topology",
    "map_frame",
    "map_picture",
    "norway_chart",
    "norway_spec",
    "region_numbers",
    "shape_numbers",
    "shapes_for",
]
