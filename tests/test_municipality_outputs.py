"""What the municipality pages show: the actor map, the printable summary, the overview
tables and charts, and editing through tables. All pure functions from graph/municipality/.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from graph.format.model import municipality_to_dict
from graph.format.validation import validate_municipality
from graph.municipality.charts import heatmap_chart, missing_chart
from graph.municipality.coverage import compute_coverage
from graph.municipality.editing import (
    actors_frame,
    apply_actor_rows,
    apply_measure_rows,
    apply_structures,
    measures_frame,
    new_municipality_dict,
    responsible_options,
    structure_choice,
)
from graph.municipality.files import shipped_files
from graph.municipality.mapview import (
    ACTOR_PREFIX,
    GHOST_PREFIX,
    REGIONAL_PREFIX,
    UNCERTAIN_BORDER,
    municipal_map_spec,
)
from graph.municipality.overview import (
    Entry,
    filter_entries,
    missing_counts,
    overview_frame,
    row_labels,
    sort_entries,
    status_frame,
)
from graph.municipality.summary import summary_html
from graph.reference.catalogue import load_catalogue
from graph.render.html import render_map_html

CATALOGUE = load_catalogue()
HOLMESTRAND = shipped_files()[0].municipality
HOSTILE = "<img src=x onerror=alert(1)>**fet** {{ 7*7 }}"


def municipality(number="3903", actors=(), structures=None, measures=()):
    return validate_municipality(
        {
            "format": "tverrkart-municipality/1",
            "kommunenummer": number,
            "actors": list(actors),
            "structures": structures or {},
            "measures": list(measures),
        }
    )


# --------------------------------------------------------------------------- the map


def test_the_map_has_the_municipality_its_actors_the_gaps_and_the_regional_bodies() -> None:
    spec = municipal_map_spec(HOLMESTRAND, compute_coverage(HOLMESTRAND), CATALOGUE)
    ids = [node.id for node in spec.nodes]
    assert ids[0] == "kommunen" and spec.nodes[0].label == "Holmestrand kommune"
    assert {ACTOR_PREFIX + a.id for a in HOLMESTRAND.actors} <= set(ids)
    assert {i for i in ids if i.startswith(GHOST_PREFIX)} == {
        f"{GHOST_PREFIX}{item}" for item in ("sivilsamfunn", "familievern", "mentor")
    }
    regional = [n for n in spec.nodes if n.id.startswith(REGIONAL_PREFIX)]
    assert [n.id.removeprefix(REGIONAL_PREFIX) for n in regional] == [
        "politidistrikt",
        "rvts",
        "konfliktrad",
        "pst",
        "nav",
    ]


def test_uncertain_regional_bodies_say_usikker_on_the_map() -> None:
    spec = municipal_map_spec(HOLMESTRAND, compute_coverage(HOLMESTRAND), CATALOGUE)
    nodes = {n.id: n for n in spec.nodes}
    rvts = nodes[REGIONAL_PREFIX + "rvts"]
    assert rvts.label.endswith("(usikker)") and rvts.border_color == UNCERTAIN_BORDER
    assert "Sikkerhet: usikker" in rvts.title
    police = nodes[REGIONAL_PREFIX + "politidistrikt"]
    assert "usikker" not in police.label and police.border_color != UNCERTAIN_BORDER
    assert any("usikker" in item.text for item in spec.legend)


def test_missing_types_can_be_hidden() -> None:
    spec = municipal_map_spec(HOLMESTRAND, compute_coverage(HOLMESTRAND), show_missing=False)
    assert not [n for n in spec.nodes if n.id.startswith(GHOST_PREFIX)]


def test_labels_on_the_map_are_text_never_html() -> None:
    hostile = municipality(actors=[{"id": "x", "type": "skole", "label": HOSTILE}])
    html = render_map_html(municipal_map_spec(hostile, compute_coverage(hostile)), inline_js=False)
    assert "<img src=x" not in html
    assert "onerror" in html  # kept, but only as escaped text inside the JSON data


@pytest.mark.parametrize("count", [0, 1, 5, 40])
def test_the_map_renders_for_any_number_of_actors(count: int) -> None:
    actors = [{"id": f"a{i}", "type": "skole", "label": f"Skole {i}"} for i in range(count)]
    file = municipality(actors=actors)
    spec = municipal_map_spec(file, compute_coverage(file))
    positions = {(round(n.x), round(n.y)) for n in spec.nodes}
    assert len(positions) == len(spec.nodes)  # no two nodes on the same spot
    assert render_map_html(spec, inline_js=False)


# --------------------------------------------------------------------------- the summary


def test_the_summary_is_one_standalone_escaped_page() -> None:
    hostile = municipality(
        actors=[{"id": "x", "type": "skole", "label": HOSTILE, "contact": "</td><script>"}],
        measures=[{"what": HOSTILE, "responsible": ["x"]}],
    )
    page = summary_html(hostile, printed=date(2025, 3, 1))
    assert "<img src=x" not in page and "<script" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "{{ 7*7 }}" in page and ">49<" not in page  # no template injection
    assert "01.03.2025" in page


def test_the_summary_loads_nothing_and_has_print_css() -> None:
    page = summary_html(HOLMESTRAND, printed=date(2025, 3, 1))
    assert "default-src 'none'" in page
    assert "@page" in page and "@media print" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "<script" not in page and "<link" not in page and "@import" not in page


def test_the_summary_shows_score_missing_structures_and_usikker_marks() -> None:
    page = summary_html(HOLMESTRAND, printed=date(2025, 3, 1))
    assert "83 %" in page
    assert "Mangler (4)" in page and "Mentorordning" in page
    assert "Ikke oppgitt" in page  # mentorordning is not stated in the plan
    assert page.count('class="mark">usikker<') == 2  # RVTS and konfliktråd
    assert "Tiltak (18)" in page and "478 92 261" in page
    assert "Kartverket (CC BY 4.0)" in page


# --------------------------------------------------------------------------- overview


def entries() -> list[Entry]:
    files = [
        ("holmestrand.json", HOLMESTRAND),
        ("oslo.json", municipality("0301", [{"id": "p", "type": "politi", "label": "Politi"}])),
        ("haram.json", municipality("1580")),
        ("oslo-2.json", municipality("0301")),
    ]
    return [Entry(name, compute_coverage(file)) for name, file in files]


def test_overview_table_filters_and_sorting() -> None:
    found = entries()
    table = overview_frame(sort_entries(found, "lowest"))
    assert table["Dekning"].is_monotonic_increasing
    assert list(table.columns[:7]) == [
        "Nr",
        "Kommune",
        "Fylke",
        "Politidistrikt",
        "RVTS",
        "Konfliktråd",
        "Dekning",
    ]
    holmestrand = table.set_index("Fil").loc["holmestrand.json"]
    # issue 11: Oversikt shows every regional body with its confidence mark
    assert holmestrand["RVTS"] == "RVTS Sør (usikker)"
    assert holmestrand["Konfliktråd"] == "Konfliktrådet Sør-Øst (usikker)"
    assert holmestrand["Ikke oppgitt"] == 1 and holmestrand["Strukturer"] == "4 av 5"
    assert holmestrand["Merknad"].startswith("Handlingsplanen gikk ut 2022")
    assert [e.file for e in filter_entries(found, rvts=["RVTS Sør"])] == ["holmestrand.json"]
    assert [e.file for e in filter_entries(found, konfliktrad=["Konfliktrådet Oslo"])] == [
        "oslo.json",
        "oslo-2.json",
    ]
    assert sort_entries(found, "highest")[0].file == "holmestrand.json"
    assert [e.file for e in filter_entries(found, fylker=["Oslo"])] == ["oslo.json", "oslo-2.json"]
    only = filter_entries(found, districts=["Møre og Romsdal politidistrikt"])
    assert [e.file for e in only] == ["haram.json"]
    assert filter_entries(found, ["Oslo"], ["Møre og Romsdal politidistrikt"]) == []


def test_two_files_for_one_municipality_stay_apart() -> None:
    labels = row_labels(entries())
    assert labels[1] == "0301 Oslo (oslo.json)" and labels[3] == "0301 Oslo (oslo-2.json)"
    assert labels[0] == "3903 Holmestrand"
    assert status_frame(entries())["Kommune"].nunique() == 4


def test_missing_counts_say_what_is_missing_most_often() -> None:
    counts = missing_counts(entries())
    assert counts["Kommuner"].is_monotonic_decreasing
    first = counts.iloc[0]
    assert int(first["Kommuner"]) == 4 and first["Andel"] == 1.0
    politi = counts[counts["Punkt"] == "Kontakt i politiet"].iloc[0]
    assert int(politi["Kommuner"]) == 2  # Haram and the empty Oslo file


def test_the_charts_are_vega_lite_with_the_data_inline() -> None:
    heat = heatmap_chart(status_frame(entries())).to_dict()
    assert heat["mark"]["type"] == "rect"
    assert heat["height"] == {"step": 17}  # a fixed pixel height breaks band scales
    bars = missing_chart(missing_counts(entries())).to_dict()
    assert bars["mark"]["type"] == "bar"
    for spec in (heat, bars):
        assert "url" not in str(spec.get("data", {}))  # the data is inline, nothing fetched


# --------------------------------------------------------------------------- editing


def test_editing_actors_keeps_extra_keys_and_cleans_up_measures() -> None:
    start = municipality_to_dict(HOLMESTRAND)
    rows = actors_frame(HOLMESTRAND, CATALOGUE).to_dict("records")
    rows = [r for r in rows if r["id"] != "kommunikasjon"]  # remove one
    rows.append({"id": None, "type": "Mentor", "label": "Mentorkorps", "contact": " 12 34 "})
    changed = validate_municipality(apply_actor_rows(start, rows, CATALOGUE))
    added = changed.actors[-1]
    assert (added.id, added.type, added.contact) == ("mentor-1", "mentor", "12 34")
    slt = next(a for a in changed.actors if a.id == "slt")
    assert slt.model_extra["source"].startswith("seed-004")
    web = next(m for m in changed.measures if m.what.startswith("Lokal handlingsplan"))
    assert web.responsible == ["slt"]
    assert compute_coverage(changed).score > compute_coverage(HOLMESTRAND).score


def test_editing_measures_maps_names_to_ids_and_keeps_the_plans_wording() -> None:
    start = municipality_to_dict(HOLMESTRAND)
    options = responsible_options(HOLMESTRAND)
    rows = measures_frame(HOLMESTRAND).to_dict("records")
    assert rows[0]["responsible"] == [
        "Ledergruppen i kommunen [ledergruppe]",
        "SLT-koordinator [slt]",
    ]
    rows[0]["responsible"] = ["NAV [nav]"]
    rows.append({"what": "Mentorordning for unge", "responsible": ["SLT-koordinator [slt]"]})
    rows.append({"what": None, "responsible": None})  # an empty new row is dropped
    changed = validate_municipality(apply_measure_rows(start, rows, options))
    assert changed.measures[0].responsible == ["nav"]
    assert changed.measures[0].model_extra["ansvar"] == "Ledergruppe, SLT"
    assert changed.measures[-1].what == "Mentorordning for unge"
    assert len(changed.measures) == 19


def test_structures_yes_no_and_not_stated() -> None:
    start = municipality_to_dict(HOLMESTRAND)
    changed = validate_municipality(
        apply_structures(start, {"mentorordning": "Nei", "politirad": "Ikke oppgitt"})
    )
    assert changed.structures["mentorordning"] is False
    assert "politirad" not in changed.structures
    assert structure_choice(changed, "mentorordning") == "Nei"
    assert structure_choice(changed, "politirad") == "Ikke oppgitt"


def test_a_new_file_is_valid() -> None:
    assert validate_municipality(new_municipality_dict("1580")).kommunenummer == "1580"
