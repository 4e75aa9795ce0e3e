"""The editable map's payload (pages/widgets/map_component.py): the page, its data and
the shell key that decides between an in-place update and a new page."""

from __future__ import annotations

import copy
import dataclasses
import json

import pytest

from graph.format.examples import list_examples
from graph.format.model import Case
from graph.maps import ghost_types, network_map
from graph.reference.catalogue import load_catalogue
from graph.render.html import map_page_data
from pages.widgets import map_component
from pages.widgets.map_component import host_js, map_payload, sector_starts, split_page

CATALOGUE = load_catalogue()


def example() -> dict:
    return json.loads(list_examples()[0].path.read_text(encoding="utf-8"))


def payload(raw: dict, **map_options) -> dict:
    case = Case.model_validate(raw)
    spec = network_map(case, CATALOGUE, **map_options)
    return map_payload(spec, [a.id for a in case.actors], sector_starts(spec, CATALOGUE))


def test_the_page_data_is_the_pages_own_data_block():
    raw = example()
    got = payload(raw)
    spec = network_map(Case.model_validate(raw), CATALOGUE)
    assert got["page"] == map_page_data(dataclasses.replace(spec, title=""))
    assert got["actors"] == [a["id"] for a in raw["actors"]]
    assert got["sectors"] == sector_starts(spec, CATALOGUE)
    assert got["height"] > spec.height_px


def test_moving_an_actor_to_another_ring_keeps_the_shell():
    raw = example()
    moved = copy.deepcopy(raw)
    actor = next(a for a in moved["actors"] if a.get("closeness") == 1)
    actor["closeness"] = 3
    before, after = payload(raw), payload(moved)
    assert after["shell"] == before["shell"]
    assert after["page"]["nodes"] != before["page"]["nodes"]


def test_adding_an_actor_keeps_the_shell_though_rings_and_sectors_move():
    raw = example()
    added = copy.deepcopy(raw)
    added["actors"].append({"id": "ny-venn", "label": "Ny venn", "type": "venner", "closeness": 2})
    before, after = payload(raw), payload(added)
    assert after["shell"] == before["shell"]
    assert after["page"]["guides"] != before["page"]["guides"]
    assert "ny-venn" in after["actors"]


@pytest.mark.parametrize(
    "change",
    [
        {"height_px": 900},
        {"notice": "Kartet viser bare familien."},
        {"legend": ()},
        {"rings": (), "sector_lines": ()},
    ],
    ids=["height", "notice", "legend", "no guides"],
)
def test_what_needs_a_new_page_changes_the_shell(change):
    raw = example()
    case = Case.model_validate(raw)
    spec = network_map(case, CATALOGUE)
    ids = [a.id for a in case.actors]
    before = map_payload(spec, ids, sector_starts(spec, CATALOGUE))
    after = map_payload(dataclasses.replace(spec, **change), ids, sector_starts(spec, CATALOGUE))
    assert after["shell"] != before["shell"]


def test_the_same_map_gives_the_same_payload():
    assert payload(example()) == payload(example())


def test_a_page_without_its_data_blocks_is_refused():
    with pytest.raises(ValueError, match="tk-data"):
        split_page("<html><body></body></html>")


def test_the_host_script_has_every_value_written_in():
    text = host_js()
    assert "__" not in text.replace("__esModule", "")
    assert str(map_component.MAX_PNG_CHARS) in text
    assert json.dumps(map_component.PNG_PREFIX) in text
    # Only a picture may pass the size limit of events, and it never goes to Python.
    assert text.index('message.kind === "png"') < text.index('setTriggerValue("event"')


def test_the_ghosts_go_with_the_page_and_change_in_place():
    j14 = next(e for e in list_examples() if "J (14)" in e.title)
    raw = json.loads(j14.path.read_text(encoding="utf-8"))
    case = Case.model_validate(raw)
    spec = network_map(case, CATALOGUE)
    ghosts = ghost_types(spec.nodes, CATALOGUE.types)
    assert ghosts, "the example misses some actor the guidance asks for"
    drawn = {n.id for n in spec.nodes if n.group == "ghost"}
    assert set(ghosts) == drawn
    ids = [a.id for a in case.actors]
    got = map_payload(spec, ids, sector_starts(spec, CATALOGUE), ghosts)
    assert got["ghosts"] == ghosts
    # Adding the first missing type: its ghost goes, the page stays the same shell.
    first = next(iter(ghosts.values()))
    added = copy.deepcopy(raw)
    added["actors"].append({"id": f"{first}-9", "label": "Ny", "type": first})
    after_case = Case.model_validate(added)
    after_spec = network_map(after_case, CATALOGUE)
    after_ghosts = ghost_types(after_spec.nodes, CATALOGUE.types)
    assert first not in after_ghosts.values()
    after = map_payload(
        after_spec,
        [a.id for a in after_case.actors],
        sector_starts(after_spec, CATALOGUE),
        after_ghosts,
    )
    assert after["shell"] == got["shell"]


def test_the_page_goes_without_its_data_and_page_html_puts_it_back():
    raw = example()
    raw["actors"][0]["label"] = "Kari $& </script><b>x</b>"
    case = Case.model_validate(raw)
    spec = network_map(case, CATALOGUE)
    ids = [a.id for a in case.actors]
    got = map_payload(spec, ids, sector_starts(spec, CATALOGUE))
    full = map_component.editable_map_html(spec, ids, sector_starts(spec, CATALOGUE))
    assert map_component.EMPTY_DATA_BLOCK in got["html"]
    assert "Kari" not in got["html"]  # the labels come once, in the page data
    assert len(full) - len(got["html"]) > 0.9 * len(json.dumps(got["page"], ensure_ascii=False))
    rebuilt = map_component.page_html(got)
    assert split_page(rebuilt) == split_page(full)
    assert "</script><b>" not in rebuilt


def test_any_change_gives_a_new_version():
    raw = example()
    moved = copy.deepcopy(raw)
    actor = next(a for a in moved["actors"] if a.get("closeness") == 1)
    actor["closeness"] = 3
    assert payload(raw)["version"] != payload(moved)["version"]
    assert payload(raw)["version"] == payload(example())["version"]
