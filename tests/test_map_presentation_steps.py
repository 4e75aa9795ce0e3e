"""The presentation mode's steps are decided in Python (graph/maps/presentation.py) and
carried to the page as typed data (graph/render/page.py ``Presentation``).

The expected steps are worked out here from the case, the catalogue and the analysis
(``analyse_case``), not from the builder, so a step that takes the wrong actors, a tie
shown too early or a suggestion left unmarked fails.
"""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from graph.analysis import analyse_case
from graph.format.examples import list_examples
from graph.format.model import PERSON_ID
from graph.format.validation import validate_case
from graph.interop.export import export_html
from graph.maps import filtered_network_map, network_map, presentation
from graph.maps.casemap import GHOST_PREFIX
from graph.maps.presentation import STEP_TITLES, case_presentation
from graph.reference.catalogue import load_catalogue
from graph.render.geometry import map_quality
from graph.render.html import map_page_data, render_map_html
from graph.render.spec import MapEdge, MapNode, MapSpec, PresentationStep
from graph.storage.practice import practice_copy
from tests.hostile_strings import HOSTILE

CATALOGUE = load_catalogue()
EXAMPLES = {example.name: example for example in list_examples()}

TITLES = (
    "Personen",
    "Familie",
    "Venner og nærmiljø",
    "Tjenester",
    "Båndene",
    "Det som mangler",
    "Hvem bør involveres (markert med ring)",
)


def sector_of(case, actor_id: str) -> str:
    actor = case.actor(actor_id)
    assert actor is not None
    return CATALOGUE.types[actor.type].sector


def ghost_ids(case, spec: MapSpec) -> list[str]:
    """The map's ghosts: every node that is neither the person nor an actor."""
    actors = {a.id for a in case.actors}
    return [n.id for n in spec.nodes if n.id != PERSON_ID and n.id not in actors]


def expected_highlight(case, spec: MapSpec) -> set[str]:
    """What «Hvem bør involveres» must mark: from the analysis' own involve list."""
    ghost_of_type = {}
    for node_id in ghost_ids(case, spec):
        ghost_of_type[node_id.removeprefix(GHOST_PREFIX).rstrip("*")] = node_id
    marked = set()
    for entry in analyse_case(case, CATALOGUE)["involve"]:
        if entry["kind"] == "gap":
            if entry["type"] in ghost_of_type:
                marked.add(ghost_of_type[entry["type"]])
        else:
            marked.update(entry["ids"])
    return marked


def check_steps(case, spec: MapSpec) -> None:
    """The steps of ``spec`` (a map of ``case``) are the seven the issue asks for."""
    steps = spec.presentation
    assert tuple(s.title for s in steps) == TITLES
    assert steps[0].nodes == (PERSON_ID,)
    wanted_sectors = [
        {"familie"},
        {"venner_naermiljo", "skole_arbeid_fritid"},
        {"tjenester"},
    ]
    for step, sectors in zip(steps[1:4], wanted_sectors, strict=True):
        assert {sector_of(case, i) for i in step.nodes} <= sectors, step.title
        assert not step.edges and not step.highlight
    assert sorted(i for s in steps[1:4] for i in s.nodes) == sorted(a.id for a in case.actors)
    assert steps[4].nodes == () and steps[4].edges == tuple(range(len(case.ties)))
    ghosts = ghost_ids(case, spec)
    assert all(g.startswith(GHOST_PREFIX) for g in ghosts)
    assert list(steps[5].nodes) == ghosts and not steps[5].edges
    assert steps[6].nodes == () and steps[6].edges == ()
    assert set(steps[6].highlight) == expected_highlight(case, spec)
    assert len(set(steps[6].highlight)) == len(steps[6].highlight)
    assert all(not s.highlight for s in steps[:6])
    shown = [i for s in steps for i in s.nodes]
    assert sorted(shown) == sorted(n.id for n in spec.nodes)  # each node exactly once


@pytest.mark.parametrize("name", sorted(EXAMPLES))
@pytest.mark.parametrize("show_ghosts", [True, False])
def test_every_example_is_revealed_in_the_seven_steps(name, show_ghosts):
    case = EXAMPLES[name].load()
    spec = network_map(case, CATALOGUE, show_ghosts=show_ghosts)
    check_steps(case, spec)
    if not show_ghosts:
        assert spec.presentation[5].nodes == ()


def test_the_examples_have_something_at_every_step_that_they_can():
    """Guards the test above against passing on empty steps: the examples together
    have family, friends, services, ghosts and suggestions."""
    seen = [0] * len(TITLES)
    for example in EXAMPLES.values():
        steps = network_map(example.load(), CATALOGUE).presentation
        for index, step in enumerate(steps):
            seen[index] += len(step.nodes) + len(step.edges) + len(step.highlight)
    assert all(seen), seen


def test_a_practice_copy_has_the_same_steps_with_its_own_ids():
    case = EXAMPLES["exit-soning"].load()
    copy = validate_case(practice_copy(case, CATALOGUE))
    original, practice = network_map(case, CATALOGUE), network_map(copy, CATALOGUE)
    check_steps(copy, practice)
    assert [len(s.nodes) for s in practice.presentation] == [
        len(s.nodes) for s in original.presentation
    ]
    assert len(practice.presentation[6].highlight) == len(original.presentation[6].highlight)
    named = {i for s in practice.presentation for i in (*s.nodes, *s.highlight)}
    assert not named & {a.id for a in case.actors}  # the copy's ids, not the case's
    labels = [n["label"] for n in map_page_data(practice)["nodes"]]
    assert case.person.alias not in labels and "Personen" in labels


def test_a_ghost_id_made_unique_is_the_one_the_step_names():
    case = validate_case(
        {
            "format": "tverrkart-case/1",
            "person": {"alias": "A", "age": 15, "situation": ["pupil"]},
            "actors": [
                {"id": "mangler:barnevern", "label": "Mor", "type": "foresatte", "closeness": 1}
            ],
            "ties": [{"from": "person", "to": "mangler:barnevern", "kind": "support"}],
        }
    )
    spec = network_map(case, CATALOGUE)
    check_steps(case, spec)
    assert "mangler:barnevern*" in spec.presentation[5].nodes
    assert spec.presentation[1].nodes == ("mangler:barnevern",)


def test_an_actor_of_a_sector_no_step_names_comes_with_the_services(monkeypatch):
    monkeypatch.delitem(presentation.SECTOR_STEPS, "familie")  # as a sector of its own
    case = validate_case(
        {
            "format": "tverrkart-case/1",
            "person": {"alias": "A"},
            "actors": [{"id": "mor", "label": "Mor", "type": "foresatte", "closeness": 1}],
        }
    )
    steps = case_presentation(case, CATALOGUE)
    assert steps[3].nodes == ("mor",)
    assert all("mor" not in s.nodes for s in steps if s is not steps[3])


def test_the_steps_reach_the_page_as_typed_data():
    case = EXAMPLES["exit-soning"].load()
    spec = network_map(case, CATALOGUE)
    data = map_page_data(spec)
    present = data["present"]
    assert present is not None
    assert [s["title"] for s in present["steps"]] == list(STEP_TITLES)
    for step, page_step in zip(spec.presentation, present["steps"], strict=True):
        assert page_step == {
            "title": step.title,
            "nodes": list(step.nodes),
            "edges": list(step.edges),
            "highlight": list(step.highlight),
            "focus": list(step.focus),
            "labelScale": step.label_scale,
        }
    # An edge index names the same tie in the page's edge list.
    page_edges = [(e["from"], e["to"]) for e in data["edges"]]
    assert page_edges == [(t.source, t.target) for t in case.ties]


def test_a_map_without_steps_has_no_presenter_button_and_no_script():
    case = EXAMPLES["ung-nett"].load()
    spec = network_map(case, CATALOGUE)
    with_steps = render_map_html(spec, inline_js=False)
    without = render_map_html(dataclasses.replace(spec, presentation=()), inline_js=False)
    assert 'id="tk-present"' in with_steps and ">Presenter</button>" in with_steps
    assert re.search(
        r'<script id="tk-present-script" src="/app/static/map/map_present\.js\?v=\w{12}"',
        with_steps,
    )
    assert 'id="tk-present' not in without and "Presenter" not in without
    assert map_page_data(dataclasses.replace(spec, presentation=()))["present"] is None
    # The filtered map of a large case presents the part it shows, and nothing else.
    part = filtered_network_map(case, CATALOGUE, sectors={"familie"})
    shown = {node.id for node in part.spec.nodes}
    presented = {node for step in part.spec.presentation for node in step.nodes}
    assert part.spec.presentation and presented == shown


def test_the_offline_export_holds_the_presentation_inline():
    page = export_html(EXAMPLES["exit-soning"].load())
    assert page.count('<script id="tk-present-script">') == 1
    assert "hook.present = {" in page
    assert "map_present.js?v=" not in page
    block = re.search(r'<script type="application/json" id="tk-data">(.*?)</script>', page, re.S)
    assert block
    assert [s["title"] for s in json.loads(block.group(1))["present"]["steps"]] == list(TITLES)


def small_spec(steps: tuple[PresentationStep, ...]) -> MapSpec:
    return MapSpec(
        title="",
        nodes=(MapNode("a", "A", 0, 0), MapNode("b", "B", 50, 0)),
        edges=(MapEdge("a", "b"),),
        presentation=steps,
    )


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        ((PresentationStep("1", ("a",)),), "no presentation step shows node 'b'"),
        ((PresentationStep("1", ("a", "b")),), "no presentation step shows edge 0"),
        ((PresentationStep("1", ("a", "b", "c"), (0,)),), "unknown node 'c'"),
        ((PresentationStep("1", ("a", "b"), (1,)),), "unknown edge 1"),
        ((PresentationStep("1", ("a", "b"), (0,), ("x",)),), "unknown node 'x'"),
        (
            (PresentationStep("1", ("a",), (0,)), PresentationStep("2", ("a", "b"))),
            "shows a node a second time",
        ),
        (
            (PresentationStep("1", ("a", "b"), (0,)), PresentationStep("2", (), (0,))),
            "shows an edge a second time",
        ),
        ((PresentationStep("1", ("a", "b"), (0,), focus=("z",)),), "unknown node 'z'"),
        ((PresentationStep("1", ("a", "b"), (0,), label_scale=0.5),), "label_scale 0.5"),
        ((PresentationStep("1", ("a", "b"), (0,), label_scale=9),), "label_scale 9"),
        (
            tuple(PresentationStep(str(i), ("a", "b") if i == 0 else ()) for i in range(21)),
            "at most",
        ),
    ],
)
def test_a_presentation_that_does_not_reveal_the_map_exactly_once_is_refused(steps, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        render_map_html(small_spec(steps), inline_js=True)


@pytest.mark.parametrize("hostile", HOSTILE, ids=[h.name for h in HOSTILE])
def test_a_step_title_is_plain_text_in_the_data_block(hostile):
    spec = small_spec((PresentationStep(hostile.text, ("a", "b"), (0,)),))
    spec = dataclasses.replace(spec, nodes=(MapNode("a", hostile.text, 0, 0), spec.nodes[1]))
    page = render_map_html(spec, inline_js=True)
    block = re.search(r'<script type="application/json" id="tk-data">(.*?)</script>', page, re.S)
    assert block and "<" not in block.group(1)
    data = json.loads(block.group(1))
    assert data["present"]["steps"][0]["title"] == data["nodes"][0]["label"]  # text, as labels
    controls = re.compile(r"[\x00-\x1f\x7f]")
    assert controls.sub("", data["present"]["steps"][0]["title"]) == controls.sub("", hostile.text)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_every_step_zooms_in_on_what_it_is_about(name):
    case = EXAMPLES[name].load()
    steps = network_map(case, CATALOGUE).presentation
    shown: list[str] = []
    for step in steps:
        shown += step.nodes
        assert step.focus == tuple(shown)  # everything so far: the view pulls back


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_labels_grow_only_as_far_as_they_still_hide_nothing(name):
    """Each step's label scale is the largest tried at which the nodes shown cover each
    other no more than at the map's own size, and the next larger one would cover more."""
    spec = network_map(EXAMPLES[name].load(), CATALOGUE)
    by_id = {n.id: n for n in spec.nodes}
    shown: list[str] = []

    def hidden(scale: float) -> int:
        nodes = tuple(by_id[i] for i in shown)
        size = spec.label_size * scale
        quality = map_quality(dataclasses.replace(spec, nodes=nodes, edges=(), label_size=size))
        return quality.label_label + quality.label_node

    tried = (1.0, *sorted(presentation.LABEL_SCALES))
    for step in spec.presentation:
        shown += step.nodes
        assert step.label_scale in tried
        assert hidden(step.label_scale) <= hidden(1.0)
        larger = [s for s in tried if s > step.label_scale]
        assert all(hidden(s) > hidden(1.0) for s in larger)
    assert spec.presentation[0].label_scale > 1  # the person alone can grow


def test_a_map_too_large_to_read_keeps_its_label_size():
    spec = dataclasses.replace(network_map(EXAMPLES["ung-nett"].load(), CATALOGUE), label_size=None)
    assert presentation.with_label_scales(spec) == spec
