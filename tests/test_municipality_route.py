"""The municipality's own handling route, the plan's validity and «ikke oppgitt».

Format and validation (FORMATS-consistent: ``handling_route``, ``handlingsplan_gyldig_til``,
structures true / false / left out), the coverage notices judged on a fixed «today», the
pure route for a case, the table editing, and the page «Kommunens aktørkart».
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from graph.format.validation import InvalidFileError, municipality_problems, validate_municipality
from graph.municipality.coverage import compute_coverage, coverage_as_dict, plan_notices
from graph.municipality.editing import apply_actor_rows, apply_route_rows, route_frame
from graph.municipality.route import case_route, route_view
from pages.widgets import state
from tests.conftest import ROOT

EXAMPLE = ROOT / "data" / "municipalities" / "examples" / "holmestrand.json"
TODAY = dt.date(2026, 11, 30)
BASE = {"format": "tverrkart-municipality/1", "kommunenummer": "3903"}


def holmestrand() -> dict:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def messages(raw: dict) -> dict:
    return {p.location: p.message for p in municipality_problems(raw)}


# --------------------------------------------------------------------------- the format


def test_the_example_carries_the_five_steps_of_seed_004_with_sources() -> None:
    raw = holmestrand()
    steps = raw["handling_route"]
    assert [s["what"] for s in steps] == [
        "Avklar bekymringen",
        "Snakk med den du er bekymret for",
        "Oppfølging og tiltak",
        "Melding til politiet",
        "Politiets oppfølging",
    ]
    assert all(s["source"].startswith("seed-004 § 5 Handlingsveileder") for s in steps)
    assert steps[4]["responsible"] == ["politiet", "barnevern"]
    assert steps[2]["responsible"] == ["kommunens-team"]
    assert raw["handlingsplan_gyldig_til"] == "2022-12-31"
    assert "handling_route" in raw["source"] and "handlingsplan_gyldig_til" in raw["source"]
    seed = (ROOT.parent / "shared" / "seeds" / "004_9b23151b7efad976.txt").resolve()
    if seed.exists():  # the notes are the plan's own words
        text = seed.read_text(encoding="utf-8")
        assert all(s["note"] in text for s in steps)


def test_a_route_step_must_name_registered_actors() -> None:
    raw = {**BASE, "handling_route": [{"what": "Meld", "responsible": ["ukjent"]}]}
    assert messages(raw) == {
        ("handling_route", 0, "responsible", 0): "«ukjent» finnes ikke blant aktørene"
    }


@pytest.mark.parametrize(
    ("value", "words"),
    [("2022-13-01", "er ikke en dato"), ("31.12.2022", "ÅÅÅÅ-MM-DD"), (2022, "«2022»")],
)
def test_the_plans_validity_must_be_a_real_iso_day(value, words: str) -> None:
    found = messages({**BASE, "handlingsplan_gyldig_til": value})
    assert list(found) == [("handlingsplan_gyldig_til",)]
    assert words in found[("handlingsplan_gyldig_til",)]


def test_a_null_structure_is_refused_with_how_to_say_ikke_oppgitt() -> None:
    found = messages({**BASE, "structures": {"politirad": None}})
    assert "ikke oppgitt" in found[("structures", "politirad")]
    assert "la strukturen være ute" in found[("structures", "politirad")]


def test_too_many_steps_are_refused_in_norwegian() -> None:
    found = messages({**BASE, "handling_route": [{"what": "x"}] * 21})
    assert found == {("handling_route",): "har 21 trinn; høyst 20 er tillatt. Slå sammen trinn."}


def test_the_new_keys_are_optional_and_round_trip() -> None:
    assert not municipality_problems(BASE)
    from graph.format.model import municipality_to_dict

    model = validate_municipality(holmestrand())
    assert municipality_to_dict(model) == holmestrand()


# --------------------------------------------------------------------------- notices


def test_an_expired_plan_and_steps_without_a_responsible_actor_are_reported() -> None:
    result = compute_coverage(validate_municipality(holmestrand()), today=TODAY)
    kinds = [(n.kind, n.step) for n in result.notices]
    assert kinds == [
        ("plan_expired", None),
        ("step_without_responsible", 1),
        ("step_without_responsible", 2),
        ("step_without_responsible", 4),
    ]
    assert result.notices[0].text.startswith("Handlingsplanen gikk ut 2022")
    assert "Planen sier: «Du, og eventuelt din leder.»" in result.notices[1].text
    entry = coverage_as_dict(result)
    assert entry["notices"][0]["kind"] == "plan_expired"
    assert "seed-001" in entry["notices"][0]["source"] or "exit" in entry["notices"][0]["source"]


@pytest.mark.parametrize(
    ("today", "expired"),
    [(dt.date(2022, 12, 31), False), (dt.date(2023, 1, 1), True), (dt.date(2020, 1, 1), False)],
)
def test_the_plan_runs_out_the_day_after_its_last_day(today: dt.date, expired: bool) -> None:
    model = validate_municipality({**BASE, "handlingsplan_gyldig_til": "2022-12-31"})
    assert any(n.kind == "plan_expired" for n in plan_notices(model, today)) is expired
    assert route_view(model, today).expired is expired


def test_a_plan_without_an_end_date_is_noticed_only_when_there_is_a_plan() -> None:
    with_plan = validate_municipality({**BASE, "structures": {"handlingsplan": True}})
    without = validate_municipality({**BASE, "structures": {"handlingsplan": False}})
    assert [n.kind for n in plan_notices(with_plan, TODAY)] == ["plan_validity_unstated"]
    assert plan_notices(without, TODAY) == []


@settings(max_examples=40, deadline=None)
@given(
    day=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)),
    today=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)),
)
def test_notices_never_change_the_score(day: dt.date, today: dt.date) -> None:
    raw = holmestrand()
    plain = compute_coverage(validate_municipality({**raw, "handling_route": []}), today=today)
    dated = compute_coverage(
        validate_municipality({**raw, "handlingsplan_gyldig_til": day.isoformat()}), today=today
    )
    assert plain.score == dated.score and plain.score_if_stated == dated.score_if_stated


# --------------------------------------------------------------------------- ikke oppgitt


def test_ikke_oppgitt_is_told_apart_from_nei() -> None:
    result = compute_coverage(
        validate_municipality({**BASE, "structures": {"politirad": False, "handlingsplan": True}})
    )
    assert result.structure_counts() == {"ja": 1, "nei": 1, "ikke oppgitt": 3}
    assert [s.item.id for s in result.unstated()] == ["ressursteam", "slt_modell", "mentorordning"]
    entry = coverage_as_dict(result)
    answers = {m["structure"]: m["answer"] for m in entry["missing_structures"]}
    assert answers["politirad"] == "nei" and answers["mentorordning"] == "ikke oppgitt"
    assert entry["unstated_structures"] == ["ressursteam", "slt_modell", "mentorordning"]
    # politiråd 2 + handlingsplan 2 + ressursteam 2 + slt 1 + mentorordning 1 of 30
    assert result.score == pytest.approx(2 / 30)
    assert result.score_if_stated == pytest.approx(6 / 30)


def test_the_example_leaves_mentorordning_unstated() -> None:
    result = compute_coverage(validate_municipality(holmestrand()))
    assert [s.item.id for s in result.unstated()] == ["mentorordning"]
    assert round(result.score, 2) == 0.83 and round(result.score_if_stated, 2) == 0.87


# --------------------------------------------------------------------------- the route for a case


def test_a_case_in_holmestrand_gets_its_route_and_another_municipality_none() -> None:
    model = validate_municipality(holmestrand())
    route = case_route("3903", [None, model], today=TODAY)
    assert route is not None and route.name == "Holmestrand"
    assert [s.number for s in route.steps] == [1, 2, 3, 4, 5]
    assert [a.id for a in route.steps[4].responsible] == ["politiet", "barnevern"]
    assert route.steps[0].wording == "Du, og eventuelt din leder."
    assert route.validity_text().startswith("Handlingsplanen gikk ut 2022")
    assert case_route("0301", [model]) is None
    assert case_route(None, [model]) is None


def test_a_municipality_without_a_route_gives_an_empty_route() -> None:
    route = case_route("3903", [validate_municipality(BASE)], today=TODAY)
    assert route is not None and route.steps == () and route.validity_text() == ""


def test_hostile_text_stays_plain_in_the_route() -> None:
    raw = {
        **BASE,
        "actors": [{"id": "a", "type": "politi", "label": "<b>x</b>", "contact": "[l](http://e)"}],
        "handling_route": [{"what": "**fet**", "responsible": ["a"]}],
    }
    step = route_view(validate_municipality(raw), TODAY).steps[0]
    assert "**fet**" in step.text() and "<b>x</b>" in step.text()


# --------------------------------------------------------------------------- editing


def test_the_route_table_round_trips_and_keeps_the_plans_own_keys() -> None:
    raw = holmestrand()
    model = validate_municipality(raw)
    from graph.municipality.editing import responsible_options

    options = responsible_options(model)
    rows = route_frame(model).to_dict("records")
    assert [r["trinn"] for r in rows] == [1, 2, 3, 4, 5]
    again = apply_route_rows(raw, rows, options, "2022-12-31")
    assert again == raw
    rows[3]["responsible"] = ["SLT-koordinator [slt]"]
    changed = validate_municipality(apply_route_rows(raw, rows, options, None))
    assert changed.handling_route[3].responsible == ["slt"]
    assert changed.handlingsplan_gyldig_til is None
    assert changed.handling_route[3].model_extra["ansvar"] == "Du. Virksomheten. Kommunen"


def test_removing_an_actor_removes_it_from_the_route_too() -> None:
    from graph.municipality.editing import actors_frame
    from graph.reference.catalogue import load_catalogue

    raw = holmestrand()
    model = validate_municipality(raw)
    rows = [r for r in actors_frame(model, load_catalogue()).to_dict("records")]
    rows = [r for r in rows if r["id"] != "barnevern"]
    edited = validate_municipality(apply_actor_rows(raw, rows, load_catalogue()))
    assert edited.handling_route[4].responsible == ["politiet"]


def test_an_edit_without_a_route_does_not_add_one() -> None:
    from graph.reference.catalogue import load_catalogue

    edited = apply_actor_rows(dict(BASE), [], load_catalogue())
    assert "handling_route" not in edited


# --------------------------------------------------------------------------- the pages


def kommune_page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages/views/kommune.py"), default_timeout=30)
    at.run()
    next(b for b in at.button if b.key == state.MUNICIPALITY.widget("open_example")).click()
    at.run()
    assert not at.exception, at.exception
    return at


def test_the_page_warns_about_the_expired_plan_and_ikke_oppgitt() -> None:
    at = kommune_page()
    assert any("Handlingsplanen gikk ut 2022" in w.value for w in at.warning)
    assert any("Trinn 4" in i.value for i in at.info)
    assert any("1 struktur er ikke oppgitt" in c.value for c in at.caption)
    assert any("ikke oppgitt" in e.label for e in at.expander)  # Mentorordning, ikke oppgitt


def test_the_route_is_edited_in_its_own_table() -> None:
    at = kommune_page()
    at.session_state[state.MUNICIPALITY.shown("route")] = {
        "edited_rows": {"3": {"responsible": ["SLT-koordinator [slt]"]}},
        "added_rows": [{"what": "Evaluer", "responsible": [], "note": "Årlig"}],
        "deleted_rows": [0],
    }
    next(b for b in at.button if b.label == "Lagre handlingsveileder").click()
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    content = at.session_state[state.MUNICIPALITY.content]
    route = content["handling_route"]
    assert route[0]["what"] == "Snakk med den du er bekymret for"
    assert route[2]["responsible"] == ["slt"] and route[2]["ansvar"]
    assert route[-1] == {"what": "Evaluer", "responsible": [], "note": "Årlig"}
    assert content["handlingsplan_gyldig_til"] == "2022-12-31"


def _route_script() -> None:
    import streamlit as st

    from graph.format.validation import validate_case
    from pages.widgets.route import municipal_route_panel

    municipality = st.session_state.get("test.municipality")
    municipal_route_panel(
        validate_case(
            {"format": "tverrkart-case/1", "person": {"alias": "A"}, "municipality": municipality}
        )
    )


@pytest.mark.parametrize(
    ("number", "expected"),
    [("3903", "Trinn 5: Politiets oppfølging"), ("0301", "ingen kommunefil"), (None, None)],
)
def test_the_route_widget_shows_the_steps_or_says_why_not(number, expected) -> None:
    at = AppTest.from_function(_route_script, default_timeout=30)
    at.session_state["test.municipality"] = number
    at.run()
    assert not at.exception, at.exception
    texts = [m.value.replace("\\", "") for m in [*at.markdown, *at.caption]]
    if expected is None:
        assert not texts
    else:
        assert any(expected in t for t in texts), texts
    if number == "3903":
        assert any("gikk ut 2022" in w.value for w in at.warning)


def test_invalid_route_in_an_upload_is_refused() -> None:
    raw = {**holmestrand(), "handling_route": [{"what": "", "responsible": ["zz"]}]}
    with pytest.raises(InvalidFileError) as refused:
        validate_municipality(raw)
    locations = {p.location for p in refused.value.problems}
    assert ("handling_route", 0, "what") in locations


def test_the_printable_summary_has_the_route_and_the_notices() -> None:
    from graph.municipality.summary import summary_html

    model = validate_municipality(holmestrand())
    page = summary_html(model, compute_coverage(model, today=TODAY), printed=TODAY)
    assert "Handlingsveileder: hva gjør jeg ved bekymring?" in page
    assert "5. Politiets oppfølging" in page and "Politiet, Barneverntjenesten" in page
    assert "Handlingsplanen gjelder til 31.12.2022." in page
    assert "Handlingsplanen gikk ut 2022" in page
    hostile = {**holmestrand(), "handling_route": [{"what": "<script>x</script>"}]}
    page = summary_html(validate_municipality(hostile), printed=TODAY)
    assert "<script>x" not in page and "&lt;script&gt;x" in page
