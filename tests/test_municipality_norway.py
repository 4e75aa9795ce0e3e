"""The map of Norway on «Oversikt»: shapes, colours, hover, regions, Haram, pictures, clicks.

The pure parts (graph/municipality/norway.py, the region helpers of the registry) are
tested on plain data; the page with AppTest (opening a municipality from the list beside
the map runs the same code as a click on the map, which only a browser can make:
tests/browser/test_norway_map.py).
"""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from graph.format.validation import validate_municipality
from graph.municipality.coverage import compute_coverage
from graph.municipality.files import shipped_files
from graph.municipality.norway import (
    ALESUND,
    CREDIT,
    HARAM,
    NO_FILE,
    NO_SCORE,
    SCORE,
    chosen_number,
    colour_choices,
    file_count,
    load_topology,
    map_frame,
    map_picture,
    norway_spec,
    shape_numbers,
    shapes_for,
)
from graph.municipality.overview import Entry
from graph.reference.registry import load_kommuner, region_numbers, regional_names
from pages.widgets import state
from tests.conftest import ROOT

APP = str(ROOT / "app.py")


def entry(number: str, types=(), structures=None, name: str = "") -> Entry:
    actors = [{"id": f"a{i}", "type": t, "label": t} for i, t in enumerate(types)]
    model = validate_municipality(
        {
            "format": "tverrkart-municipality/1",
            "kommunenummer": number,
            "actors": actors,
            "structures": structures or {},
        }
    )
    return Entry(name or f"{number}.json", compute_coverage(model), model)


def holmestrand() -> Entry:
    model = shipped_files()[0].municipality
    return Entry("holmestrand.json", compute_coverage(model), model)


# --------------------------------------------------------------------------- the shapes


def test_every_shape_is_a_2024_municipality_and_only_haram_lacks_one() -> None:
    numbers = shape_numbers()
    assert len(numbers) == len(set(numbers)) == 356
    assert set(numbers) <= set(load_kommuner())
    assert set(load_kommuner()) - set(numbers) == {HARAM}
    assert load_topology()["type"] == "Topology"


def test_a_region_keeps_only_its_shapes_and_haram_brings_alesund() -> None:
    vestfold = region_numbers(fylker=["Vestfold"])
    kept = shapes_for(vestfold)["objects"]["kommuner"]["geometries"]
    assert sorted(g["properties"]["nr"] for g in kept) == sorted(vestfold)
    assert [
        g["properties"]["nr"] for g in shapes_for([HARAM])["objects"]["kommuner"]["geometries"]
    ] == [ALESUND]
    assert len(load_topology()["objects"]["kommuner"]["geometries"]) == 356  # not changed


@pytest.mark.parametrize("kind", ["politidistrikt", "rvts", "konfliktrad"])
def test_every_region_has_municipalities_and_together_they_cover_norway(kind: str) -> None:
    names = regional_names(kind)
    arguments = {"politidistrikt": "politidistrikter", "rvts": "rvts", "konfliktrad": "konfliktrad"}
    covered: set[str] = set()
    for name in names:
        numbers = region_numbers(**{arguments[kind]: [name]})
        assert numbers, name
        covered |= set(numbers)
    assert covered == set(load_kommuner())


def test_an_undecided_municipality_is_in_both_regions() -> None:
    buskerud = [k.number for k in load_kommuner().values() if " eller " in k.rvts.name]
    assert buskerud
    assert set(buskerud) <= set(region_numbers(rvts=["RVTS Øst"]))
    assert set(buskerud) <= set(region_numbers(rvts=["RVTS Sør"]))


# --------------------------------------------------------------------------- the frame


def test_municipalities_without_a_file_are_grey_and_counted() -> None:
    entries = [holmestrand(), entry("0301", ["politi"]), entry("0301", [], name="oslo-2.json")]
    frame = map_frame(entries).set_index("nr")
    assert int(frame["har_fil"].sum()) == 2
    assert frame.loc["4601", "Dekning"] == NO_SCORE and frame.loc["4601", "Farge"] == NO_FILE
    assert frame.loc["4601", "Dekningstekst"] == NO_FILE
    assert "2 filer for kommunen" in frame.loc["0301", "Merknad"]
    assert file_count(entries, region_numbers()) == (2, 357)
    assert file_count(entries, region_numbers(fylker=["Vestfold"])) == (1, 6)


def test_hover_says_name_score_what_is_missing_and_the_regions_with_confidence() -> None:
    row = map_frame([holmestrand()]).set_index("nr").loc["3903"]
    assert row["Kommune"] == "Holmestrand" and row["Dekningstekst"] == "83 %"
    assert row["Mangler"].startswith("Frivillige, tros- og livssynssamfunn og fritid")
    assert "Mentorordning (ikke oppgitt)" in row["Mangler"]
    assert row["RVTS"] == "RVTS Sør (usikker)"
    assert row["Konfliktråd"] == "Konfliktrådet Sør-Øst (usikker)"
    spec = norway_spec(map_frame([holmestrand()]), shapes_for(["3903"]))
    shown = [t["field"] for t in spec["encoding"]["tooltip"]]
    assert shown[:4] == ["Kommune", "nr", "Dekningstekst", "Mangler"]
    assert {"RVTS", "Konfliktråd", "Politidistrikt", "Merknad"} <= set(shown)


def test_haram_is_explained_on_alesunds_shape() -> None:
    frame = map_frame([entry(HARAM, ["barnevern"])]).set_index("nr")
    assert HARAM not in frame.index
    note = frame.loc[ALESUND, "Merknad"]
    assert "Haram (1580) har ingen egen flate" in note and "Haram: dekning 10 %" in note
    assert "Haram: ingen kommunefil" in map_frame([]).set_index("nr").loc[ALESUND, "Merknad"]


def test_colouring_by_a_structure_tells_ikke_oppgitt_from_nei() -> None:
    entries = [
        entry("0301", structures={"politirad": True}),
        entry("3903", structures={"politirad": False}),
        entry("4601"),
    ]
    frame = map_frame(entries, "politirad").set_index("nr")
    assert [frame.loc[n, "Farge"] for n in ("0301", "3903", "4601", "5001")] == [
        "Har",
        "Mangler",
        "Ikke oppgitt",
        NO_FILE,
    ]
    assert map_frame(entries, "barnevern").set_index("nr").loc["0301", "Farge"] == "Mangler"
    with pytest.raises(KeyError):
        map_frame(entries, "ukjent")
    assert set(colour_choices()) == {SCORE, *(s for s in colour_choices() if s != SCORE)}


# --------------------------------------------------------------------------- the specification


def test_the_spec_is_inline_offline_and_clickable() -> None:
    spec = norway_spec(map_frame([holmestrand()]), shapes_for(region_numbers()))
    text = json.dumps(spec)
    assert '"url"' not in text and "http" not in json.dumps(spec["data"])
    assert "datasets" not in spec  # the values stay inline where Vega reads them
    assert spec["data"]["format"] == {"type": "topojson", "feature": "kommuner"}
    assert len(spec["data"]["values"]["objects"]["kommuner"]["geometries"]) == 356
    lookup = next(t for t in spec["transform"] if "lookup" in t)
    assert len(lookup["from"]["data"]["values"]) == 356
    assert spec["params"][0]["name"] == "kommune"
    assert spec["params"][0]["select"]["fields"] == ["nr"]
    assert spec["encoding"]["color"]["condition"]["test"] == "datum.Dekning < 0"


def test_the_spec_is_the_same_as_altair_would_build_it() -> None:
    from graph.municipality.norway import norway_chart

    frame = map_frame([holmestrand()])
    topology = shapes_for(region_numbers(fylker=["Vestfold"]))
    fast = norway_spec(frame, topology, "politirad")
    slow = norway_chart(frame, topology, "politirad").to_dict()
    for data in [slow["data"], next(t for t in slow["transform"] if "lookup" in t)["from"]["data"]]:
        data["values"] = slow["datasets"][data.pop("name")]
    del slow["datasets"]
    assert fast == slow


@pytest.mark.parametrize("kind", ["svg", "png"])
def test_the_map_downloads_as_a_picture_with_the_credit(kind: str) -> None:
    spec = norway_spec(
        map_frame([holmestrand()]),
        shapes_for(region_numbers(politidistrikter=["Sør-Øst politidistrikt"])),
        title="Sør-Øst",
        width=300,
    )
    picture = map_picture(spec, kind)
    if kind == "svg":
        text = picture.decode("utf-8")
        assert text.startswith("<svg") and "Kartverket" in text and "path" in text
    else:
        assert picture[:8] == b"\x89PNG\r\n\x1a\n" and len(picture) > 10_000
    with pytest.raises(ValueError):
        map_picture(spec, "gif")
    assert "Kartverket (CC BY 4.0)" in CREDIT


def test_a_click_gives_a_kommunenummer_or_nothing() -> None:
    assert chosen_number({"selection": {"kommune": [{"nr": "3903"}]}}) == "3903"
    for event in (None, {}, {"selection": {}}, {"selection": {"kommune": [{"nr": "9999"}]}}):
        assert chosen_number(event) is None
    assert chosen_number({"selection": {"kommune": [{"nr": ["<x>"]}]}}) is None


# --------------------------------------------------------------------------- the page


def oversikt_in_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("pages/views/oversikt.py").run()
    at.toggle(key=state.OVERSIKT_FOLDER).set_value(True).run()
    assert not at.exception, at.exception
    return at


def test_the_page_draws_the_map_counts_and_credits() -> None:
    at = oversikt_in_app()
    [map_chart, *_] = at.get("vega_lite_chart")
    spec = json.loads(map_chart.proto.spec)
    assert spec["mark"]["type"] == "geoshape"
    assert next(m.value for m in at.metric if m.label == "Har registrert aktørkart") == "1 av 357"
    captions = " ".join(c.value.replace("\\", "") for c in at.caption)
    assert "1 av 357 kommuner i kartet har registrert aktørkart" in captions
    assert "Kartgrunnlag: © Kartverket (CC BY 4.0), via csmaps" in captions
    assert any("Haram (1580)" in i.value for i in at.info)  # all of Norway holds Ålesund
    downloads = [d.proto.label.replace("\\", "") for d in at.get("download_button")]
    assert "Last ned kartet (SVG)" in downloads and "Last ned kartet (PNG)" in downloads
    table = at.dataframe[0].value
    assert list(table["RVTS"]) == ["RVTS Sør (usikker)"]
    assert list(table["Konfliktråd"]) == ["Konfliktrådet Sør-Øst (usikker)"]


def test_a_region_filter_zooms_the_map_and_the_count() -> None:
    at = oversikt_in_app()
    at.multiselect(key=state.OVERSIKT_RVTS).set_value(["RVTS Nord"]).run()
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    numbers = {
        g["properties"]["nr"] for g in spec["data"]["values"]["objects"]["kommuner"]["geometries"]
    }
    assert numbers == set(region_numbers(rvts=["RVTS Nord"]))
    assert next(m.value for m in at.metric if m.label == "Har registrert aktørkart") == (
        f"0 av {len(numbers)}"
    )
    assert not any("Haram (1580)" in i.value for i in at.info)  # Ålesund is not in the north
    assert any("Ingen kommuner passer filteret" in i.value for i in at.info)
    at.multiselect(key=state.OVERSIKT_RVTS).set_value([]).run()
    at.multiselect(key=state.OVERSIKT_KONFLIKTRAD).set_value(["Konfliktrådet Sør-Øst"]).run()
    assert list(at.dataframe[0].value["Kommune"]) == ["Holmestrand"]


def test_colouring_by_a_structure_changes_the_legend() -> None:
    at = oversikt_in_app()
    at.selectbox(key=state.OVERSIKT_COLOUR).set_value("politirad").run()
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert spec["encoding"]["color"]["field"] == "Farge"
    assert spec["encoding"]["color"]["scale"]["domain"] == [
        "Har",
        "Mangler",
        "Ikke oppgitt",
        NO_FILE,
    ]


@pytest.mark.parametrize(
    ("number", "subheader", "actors"),
    [("3903", "Holmestrand (3903)", 19), (HARAM, "Haram (1580)", 0)],
)
def test_opening_from_the_map_list_goes_to_kommunens_aktorkart(number, subheader, actors) -> None:
    at = oversikt_in_app()
    at.selectbox(key=state.OVERSIKT_OPEN).set_value(number).run()
    next(b for b in at.button if b.key == state.OVERSIKT_OPEN_BUTTON).click()
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Kommunens aktørkart"
    assert subheader in at.subheader[0].value
    assert len(at.session_state[state.MUNICIPALITY.content]["actors"]) == actors


# --------------------------------------------------------------------------- every municipality


def test_the_map_draws_a_generated_file_for_every_municipality(tmp_path) -> None:
    from benchmarks.synthetic_municipalities import write_municipality_files
    from graph.municipality.files import read_folder

    assert len(write_municipality_files(tmp_path)) == 357
    loaded = read_folder(tmp_path)
    assert len(loaded) == 357 and all(f.ok for f in loaded)
    entries = [Entry(f.name, compute_coverage(f.municipality), f.municipality) for f in loaded]
    frame = map_frame(entries)
    assert bool(frame["har_fil"].all()) and (frame["Dekning"] >= 0).all()
    assert file_count(entries, region_numbers()) == (357, 357)
    assert "Haram: dekning" in frame.set_index("nr").loc[ALESUND, "Merknad"]
    spec = norway_spec(frame, shapes_for(region_numbers()))
    assert len(spec["data"]["values"]["objects"]["kommuner"]["geometries"]) == 356
    by_structure = map_frame(entries, "mentorordning")["Farge"].value_counts()
    assert set(by_structure.index) == {"Har", "Mangler", "Ikke oppgitt"}
