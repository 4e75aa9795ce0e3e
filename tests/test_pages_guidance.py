"""AppTest: the guidance on Nettverkskart — steps, notifications, questions, needs counted once."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from graph.analysis import analyse_case
from graph.format.editing import apply_step_rows, responsible_options, steps_frame
from graph.format.examples import list_examples
from graph.format.validation import validate_case
from graph.reference.catalogue import load_catalogue
from pages.widgets import state
from tests.conftest import ROOT

APP = str(ROOT / "app.py")
CASE = state.CASE


def _run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


def _shown(element) -> str:
    return re.sub(r"\\(.)", r"\1", element.value)


def _with_example(title_part: str) -> AppTest:
    at = _run(AppTest.from_file(APP, default_timeout=30))
    box = at.selectbox(key=state.EXAMPLE_CHOICE)
    box.select(next(o for o in box.options if title_part in o))
    next(b for b in at.button if b.key == CASE.widget("open_example")).click()
    return _run(at)


def _summary(at: AppTest) -> str:
    return next(_shown(m) for m in at.markdown if "Veilederen ber om" in m.value)


def test_an_empty_case_counts_the_informal_network_as_one_need():
    at = _run(AppTest.from_file(APP, default_timeout=30))
    assert "Kan 1]" in _summary(at)
    texts = [e.label for e in at.expander]
    assert any("Familie eller Venner" in t for t in texts)


def test_the_steps_tab_names_the_next_step_and_takes_a_status_in():
    at = _with_example("J (14)")
    analysis = analyse_case(validate_case(at.session_state[CASE.content]), load_catalogue())
    upcoming = next(s for s in analysis["steps"] if s["id"] == analysis["next_step"])
    assert any(f"Neste trinn: {upcoming['title']}" in _shown(i) for i in at.info)

    index = [s["id"] for s in analysis["steps"]].index(upcoming["id"])
    at.session_state[CASE.shown("steps")] = {
        "edited_rows": {index: {"status": "Gjort", "note": "Avtalt i møtet"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    next(b for b in at.button if b.key == CASE.widget("steps_apply")).click()
    _run(at)
    recorded = {s["id"]: s for s in at.session_state[CASE.content]["steps"]}
    assert recorded[upcoming["id"]]["status"] == "done"
    assert recorded[upcoming["id"]]["note"] == "Avtalt i møtet"
    assert not any(f"Neste trinn: {upcoming['title']}" in _shown(i) for i in at.info)


def test_notifications_and_questions_are_shown_on_what_is_missing():
    at = _with_example("A (16)")  # two notifications made, one question (consent age)
    analysis = analyse_case(validate_case(at.session_state[CASE.content]), load_catalogue())
    assert analysis["notifications"] and analysis["questions"]
    page = " ".join(_shown(m) for m in at.markdown)
    for notice in analysis["notifications"]:
        assert notice["title"] in page
    for question in analysis["questions"]:
        assert question["why"] in page
    missing = sum(n["status"] == "missing" for n in analysis["notifications"])
    assert f"Varsler ikke registrert: {missing}" in _summary(at).replace("*", "").replace(
        ":red[", ""
    )


def test_step_rows_keep_only_what_is_recorded_and_steps_the_table_does_not_show():
    example = next(e for e in list_examples() if "J (14)" in e.title).load()
    analysis = analyse_case(example, load_catalogue())
    frame = steps_frame(example, analysis["steps"])
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    for row in rows:
        row.update(status="Ikke gjort", date=None, responsible="Ingen valgt", note=None)
    content = example.model_dump(mode="json", by_alias=True, exclude_none=True)
    content["steps"] = [*content.get("steps", []), {"id": "not-shown", "status": "done"}]
    edited = apply_step_rows(content, rows, responsible_options(example))
    assert edited["steps"] == [{"id": "not-shown", "status": "done"}]


def test_a_case_in_holmestrand_shows_the_municipalitys_own_route_beside_the_steps():
    at = _with_example("J (14)")
    assert at.session_state[CASE.content]["municipality"] == "3903"
    texts = " ".join(_shown(m) for m in at.markdown)
    assert "Kommunens egen handlingsveileder" in texts
