"""Issue 14's «done when»: a new user builds the pupil's network on the map, and the
same network through the tables, and the two are counted.

The network is the example of a 16-year-old pupil: the mother, a friend, the school,
the child welfare service, the police and the SLT coordinator, six ties and the SLT
coordinator as coordinator (:data:`ACTORS`, :data:`TIES`). Both tests start from
«Start en ny, tom sak» on Nettverkskart, count every user action as they do it
(:class:`Actions`: a click, a double click, a shift-click and a typed field are one
action each, a choice in a list two: open it and choose) and read the case back from
«Last ned saken (JSON)». The counts are asserted (:data:`MAP_ACTIONS`,
:data:`TABLE_ACTIONS`), so a change that adds a step to either path fails here, and
printed (``-s``) for docs/benchmarks.md. Scrolling is not an action; the map test
prints how often the map or a panel was out of the window (1400×1000) and had to be
scrolled to.

The map test does nothing but on the map and the panels under it: a double click on
an empty place of a sector and ring opens «Ny aktør her» (its ring preset), a click on
one actor and a shift-click on another (or on the person in the middle) opens «Nytt
bånd», a click on an actor opens its panel. It points at the map as
``test_map_editor.py`` does: places in map units from the map's hook
(``tverrkart.guides()``, ``positions()``, ``view()``, ``domPoint``), turned into page
points through the canvas's box; after each edit it waits until the map shows it.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Locator, expect

from graph.format.model import PERSON_ID
from graph.reference.catalogue import load_catalogue

from .expected import EXAMPLES
from .helpers import OPEN_SECTION, AppPage, DataEditor
from .test_map_editor import HOST, canvas_box, map_frame, page_point
from .test_map_inplace import drag_to_ring

pytestmark = pytest.mark.browser

CATALOGUE = load_catalogue()
ALIAS = "A"
"""The person's pseudonym in a new, empty case (``graph.format.editing.new_case_dict``)."""


@dataclass(frozen=True)
class Actor:
    """One actor of the pupil's network: its id (the first of its type in the case),
    label, type and ring."""

    label: str
    type: str
    ring: int

    @property
    def id(self) -> str:
        return f"{self.type}-1"

    @property
    def sector(self) -> str:
        return CATALOGUE.sector_label(CATALOGUE.types[self.type].sector)


MOTHER = Actor("Mor", "foresatte", 1)
FRIEND = Actor("Venn", "venner", 2)
SCHOOL = Actor("Skolen", "skole", 2)
CHILD_WELFARE = Actor("Barnevernet", "barnevern", 3)
POLICE = Actor("Politiet", "politi", 3)
SLT = Actor("SLT-koordinator", "slt_koordinator", 2)
ACTORS = (MOTHER, FRIEND, SCHOOL, CHILD_WELFARE, POLICE, SLT)
COORDINATOR = SLT
PERSON = Actor(f"Personen ({ALIAS})", "", 0)
"""The person in the middle, as the ties table names it (its id is ``PERSON_ID``)."""

TIES = (
    (MOTHER, PERSON, "relation"),
    (FRIEND, PERSON, "relation"),
    (SCHOOL, PERSON, "relation"),
    (SCHOOL, CHILD_WELFARE, "referral"),
    (SCHOOL, SLT, "collaboration"),
    (SLT, POLICE, "collaboration"),
)
"""The ties, each from the actor clicked first to the one shift-clicked, and its kind."""

KIND_TEXT = {
    "relation": "Relasjon",
    "referral": "Melding / henvisning",
    "collaboration": "Samarbeid",
}
DEFAULT_KIND = "relation"
"""What «Slag bånd» in «Nytt bånd» shows before anything is chosen."""

MAP_ACTIONS = 54
"""Actions on the map path, as counted by the first test: 1 new case; per actor a
double click, its name and «Legg til aktøren» (3), and the type where the sector's
first type is not it (+2, four times); per tie a click, a shift-click and «Legg til
båndet» (3), and the kind where it is not «Relasjon» (+2, three times); the
coordinator: a click on it, «Koordinator», «Lagre aktøren» (3)."""

TABLE_ACTIONS = 84
"""Actions on the table path, as counted by the second test: 1 new case; «Aktører»
(1), six rows (6), a name (6), a type (12) and a ring (12) each, «Koordinator» (1),
«Oppdater kartet» (1); «Bånd» (1), six rows (6), «Fra», «Til» and «Type bånd» each
(36), «Oppdater kartet» (1)."""

COMMAND = ".venv/bin/pytest tests/browser/test_map_build.py -m browser -s -q -p no:cacheprovider"


@dataclass
class Actions:
    """The user's actions, counted as they are done (what each was, in order)."""

    done: list[str] = field(default_factory=list)
    scrolls: int = 0
    """Times the page had to be scrolled to reach the map or a panel (not an action)."""

    def count(self, what: str, clicks: int = 1) -> None:
        self.done.extend([what] * clicks)

    @property
    def total(self) -> int:
        return len(self.done)

    def summary(self) -> str:
        kinds = Counter(self.done)
        return ", ".join(f"{what} {n}" for what, n in kinds.items())


# --------------------------------------------------------------------------- the case


def downloaded_case(app: AppPage, folder) -> dict:
    """The open case as «Last ned saken (JSON)» gives it (not counted: it checks)."""
    with app.page.expect_download() as info:
        app.button("Last ned saken (JSON)").click()
    path = folder / "sak.json"
    info.value.save_as(path)
    return json.loads(path.read_text(encoding="utf-8"))


def assert_pupils_network(case: dict) -> None:
    """The case holds exactly the pupil's actors, ties and coordinator."""
    actors = {
        (a["label"], a["type"], a.get("closeness"), a.get("coordinator", False))
        for a in case["actors"]
    }
    assert actors == {(a.label, a.type, a.ring, a == COORDINATOR) for a in ACTORS}
    assert len(case["actors"]) == len(ACTORS)
    names = {a["id"]: a["label"] for a in case["actors"]} | {PERSON_ID: PERSON.label}
    ties = sorted((frozenset((names[t["from"]], names[t["to"]])), t["kind"]) for t in case["ties"])
    wanted = sorted((frozenset((a.label, b.label)), kind) for a, b, kind in TIES)
    assert ties == wanted


def report(path: str, actions: Actions) -> None:
    scrolled = f"; rullet {actions.scrolls} ganger" if actions.scrolls else ""
    print(f"\n{path}: {actions.total} handlinger ({actions.summary()}){scrolled}\n  {COMMAND}")


IN_VIEW_JS = """(e) => { const r = e.getBoundingClientRect();
  return r.top >= 0 && r.bottom <= window.innerHeight; }"""
"""Whether all of an element is inside the window (a person sees it without scrolling)."""


# --------------------------------------------------------------------------- on the map


class MapUser:
    """A user working on Nettverkskart's map and the panels under it, counted."""

    def __init__(self, app: AppPage, actions: Actions) -> None:
        self.app = app
        self.page = app.page
        self.actions = actions
        self.host = app.page.locator(HOST)

    # ---- pointing at the map --------------------------------------------------------

    def frame(self, nodes: tuple[str, ...] = (), edges: tuple[tuple[str, str], ...] = ()):
        """The map's frame once it is drawn, shown and holds these nodes and edges; the
        map scrolled to the top of the window, so all of it can be pointed at."""
        if not self.host.evaluate(IN_VIEW_JS):
            self.actions.scrolls += 1
            self.host.evaluate("(e) => e.scrollIntoView({block: 'start', behavior: 'instant'})")
        frame = map_frame(self.app)
        frame.wait_for_function(
            """([wantNodes, wantEdges]) => {
              const map = window.tverrkart;
              if (!map || !map.ready
                  || document.getElementById('tk-map').dataset.tkShown !== '1') {
                return false;
              }
              const ids = new Set(map.nodes().map((n) => n.id));
              const ends = map.edges().map((e) => [e.from, e.to].sort().join(' '));
              return wantNodes.every((id) => ids.has(id))
                && wantEdges.every((pair) => ends.includes([...pair].sort().join(' ')));
            }""",
            arg=[list(nodes), [list(pair) for pair in edges]],
        )
        return frame

    def to_page(self, frame, place: dict) -> tuple[float, float]:
        """Where a place on the map (map units) is on the page."""
        view = frame.evaluate("window.tverrkart.view()")
        box = canvas_box(frame)
        return page_point(
            frame,
            {
                "x": (place["x"] - view["x"]) * view["scale"] + box["width"] / 2,
                "y": (place["y"] - view["y"]) * view["scale"] + box["height"] / 2,
            },
        )

    def node(self, frame, node_id: str) -> tuple[float, float]:
        return page_point(frame, frame.evaluate("(id) => window.tverrkart.domPoint(id)", node_id))

    @staticmethod
    def empty_place(frame, sector_label: str, ring: int) -> dict:
        """A place on ring ``ring`` inside the sector, half a ring's width from any node
        (the person and the missing actors too), as the map is drawn now."""
        guides = frame.evaluate("window.tverrkart.guides()")
        rings, sectors = guides["rings"], guides["sectors"]
        positions = frame.evaluate("window.tverrkart.positions()")
        clear = (rings[1] - rings[0]) / 2
        index = next(i for i, s in enumerate(sectors) if s["label"] == sector_label)
        start = sectors[index]["angle"]
        width = (sectors[(index + 1) % len(sectors)]["angle"] - start) % 360 or 360
        radius = rings[ring - 1]
        for step in (0, 1, -1, 2, -2, 3, -3, 4, -4):
            angle = math.radians(start + width / 2 + step * width / 10)
            place = {"x": radius * math.cos(angle), "y": -radius * math.sin(angle)}
            if all(
                math.hypot(p["x"] - place["x"], p["y"] - place["y"]) > clear
                for p in positions.values()
            ):
                return place
        raise AssertionError(f"ingen tom plass på ring {ring} i sektoren «{sector_label}»")

    # ---- the panels ---------------------------------------------------------------

    def form(self, button: str) -> Locator:
        """The panel's form that has the button ``button``, scrolled into view."""
        form = self.page.get_by_test_id("stForm").filter(
            has=self.page.get_by_role("button", name=button, exact=True)
        )
        expect(form).to_be_visible()
        if not form.evaluate(IN_VIEW_JS):
            self.actions.scrolls += 1
            form.scroll_into_view_if_needed()
        return form

    def type_into(self, form: Locator, label: str, text: str) -> None:
        form.get_by_label(label, exact=True).fill(text)
        self.actions.count("skrevet felt")

    def choose(self, form: Locator, label: str, option: str) -> None:
        """Open a list in a panel's form and choose ``option`` (no run: it is a form)."""
        box = form.get_by_role("combobox", name=label, exact=True)
        box.scroll_into_view_if_needed()
        box.click(trial=True)  # waits until it stands still
        box.click()
        choice = self.page.get_by_role("option", name=option, exact=True)
        expect(choice).to_be_visible()
        choice.click()
        self.actions.count("valg i liste", 2)
        expect(box).to_have_value(option)

    def submit(self, form: Locator, button: str) -> None:
        self.app.click(form.get_by_role("button", name=button, exact=True), f"«{button}»")
        self.actions.count("klikk")

    # ---- what the user does -------------------------------------------------------

    def new_case(self) -> None:
        self.app.expand(OPEN_SECTION)
        self.app.press_button("Start en ny, tom sak")
        self.actions.count("klikk")
        self.app.expect_alert("Success", "En ny, tom sak er startet.")

    def add_actor(self, actor: Actor, shown: tuple[str, ...]) -> None:
        """Double-click an empty place of the actor's sector and ring, and fill in
        «Ny aktør her»: the name, the type if the sector's first type is not it."""
        frame = self.frame(shown)
        x, y = self.to_page(frame, self.empty_place(frame, actor.sector, actor.ring))
        self.app.rerun(lambda: self.page.mouse.dblclick(x, y), f"dobbeltklikk for {actor.label}")
        self.actions.count("dobbeltklikk")
        expect(self.page.get_by_text(f"Ny aktør her: {actor.sector}", exact=True)).to_be_visible()
        form = self.form("Legg til aktøren")
        ring = form.get_by_role("combobox", name="Nærhet (ring)", exact=True)
        expect(ring).to_have_value(re.compile(f"^{actor.ring} – "))
        self.type_into(form, "Navn eller rolle", actor.label)
        type_label = CATALOGUE.label(actor.type)
        if form.get_by_role("combobox", name="Type", exact=True).input_value() != type_label:
            self.choose(form, "Type", type_label)
        self.submit(form, "Legg til aktøren")
        self.app.expect_alert("Success", f"«{actor.label}» er lagt til.")

    def select(self, actor: Actor, frame) -> None:
        """Click an actor: its panel opens under the map."""
        x, y = self.node(frame, actor.id)
        self.app.rerun(lambda: self.page.mouse.click(x, y), f"klikk på {actor.label}")
        self.actions.count("klikk")
        expect(self.page.get_by_text(f"Valgt i kartet: {actor.label}", exact=True)).to_be_visible()

    def add_tie(
        self, first: Actor, second: Actor, kind: str, shown: tuple[str, ...], ties: tuple
    ) -> None:
        """Click ``first``, shift-click ``second`` and fill in «Nytt bånd»."""
        frame = self.frame(shown, ties)
        self.select(first, frame)
        other = PERSON_ID if second is PERSON else second.id
        x, y = self.node(frame, other)

        def shift_click() -> None:
            self.page.keyboard.down("Shift")
            self.page.mouse.click(x, y)
            self.page.keyboard.up("Shift")

        self.app.rerun(shift_click, f"shift-klikk på {second.label}")
        self.actions.count("shift-klikk")
        name = ALIAS if second is PERSON else second.label
        heading = f"Nytt bånd: {first.label} – {name}"
        expect(self.page.get_by_text(heading, exact=True)).to_be_visible()
        form = self.form("Legg til båndet")
        if kind != DEFAULT_KIND:
            self.choose(form, "Slag bånd", KIND_TEXT[kind])
        self.submit(form, "Legg til båndet")
        self.app.expect_alert("Success", "Båndet er lagt til.")

    def make_coordinator(self, actor: Actor, shown: tuple[str, ...], ties: tuple) -> None:
        self.select(actor, self.frame(shown, ties))
        form = self.form("Lagre aktøren")
        form.get_by_test_id("stCheckbox").filter(has_text="Koordinator").locator("label").click()
        self.actions.count("klikk")
        expect(form.get_by_role("checkbox", name="Koordinator")).to_be_checked()
        self.submit(form, "Lagre aktøren")
        self.app.expect_alert("Success", f"«{actor.label}» er endret.")


def test_a_new_user_builds_the_pupils_network_on_the_map(app: AppPage, tmp_path):
    actions = Actions()
    user = MapUser(app, actions)
    user.new_case()
    shown: tuple[str, ...] = (PERSON_ID,)
    for actor in ACTORS:
        user.add_actor(actor, shown)
        shown += (actor.id,)
    drawn: tuple[tuple[str, str], ...] = ()
    for first, second, kind in TIES:
        user.add_tie(first, second, kind, shown, drawn)
        drawn += ((first.id, PERSON_ID if second is PERSON else second.id),)
    user.make_coordinator(COORDINATOR, shown, drawn)
    user.frame(shown, drawn)

    assert_pupils_network(downloaded_case(app, tmp_path))
    report("Kartet", actions)
    assert actions.total == MAP_ACTIONS, actions.summary()


# --------------------------------------------------------------------------- the tables


def test_the_same_network_through_the_tables(app: AppPage, tmp_path):
    actions = Actions()
    app.expand(OPEN_SECTION)
    app.press_button("Start en ny, tom sak")
    actions.count("klikk")
    app.expect_alert("Success", "En ny, tom sak er startet.")

    panel = app.tab("Aktører")
    actions.count("klikk")
    editor = DataEditor(app, panel)
    row = editor.rows() - 1  # the grid counts its trailing «add a row» line too
    editor.add_rows(len(ACTORS))
    actions.count("klikk", len(ACTORS))
    editor.type_down(row, "Navn eller rolle", [a.label for a in ACTORS])
    actions.count("skrevet felt", len(ACTORS))
    editor.choose_down(row, "Type", [CATALOGUE.label(a.type) for a in ACTORS])
    actions.count("valg i liste", 2 * len(ACTORS))
    rings = {1: "1 – Nær", 2: "2 – Middels", 3: "3 – Fjern"}
    editor.choose_down(row, "Nærhet", [rings[a.ring] for a in ACTORS])
    actions.count("valg i liste", 2 * len(ACTORS))
    coordinator = row + ACTORS.index(COORDINATOR)
    editor.go_to(coordinator, "Koordinator")
    app.rerun(lambda: app.page.keyboard.press("Space"), "Koordinator")  # the grid's toggle key
    actions.count("klikk")
    # (The grid's accessible copy keeps showing «false» here; the case read at the end
    # shows the coordinator.)
    app.save(
        panel.get_by_role("button", name="Oppdater kartet", exact=True),
        "Aktørene er tatt inn i kartet.",
    )
    actions.count("klikk")

    panel = app.tab("Bånd")
    actions.count("klikk")
    editor = DataEditor(app, panel)
    row = editor.rows() - 1
    editor.add_rows(len(TIES))
    actions.count("klikk", len(TIES))
    editor.choose_down(row, "Fra", [a.label for a, _, _ in TIES])
    editor.choose_down(row, "Til", [b.label for _, b, _ in TIES])
    editor.choose_down(row, "Type bånd", [KIND_TEXT[kind] for _, _, kind in TIES])
    actions.count("valg i liste", 3 * 2 * len(TIES))
    app.save(
        panel.get_by_role("button", name="Oppdater kartet", exact=True),
        "Båndene er tatt inn i kartet.",
    )
    actions.count("klikk")
    app.wait_map(None, None)

    assert_pupils_network(downloaded_case(app, tmp_path))
    report("Tabellene", actions)
    assert actions.total == TABLE_ACTIONS, actions.summary()


# ------------------------------------------------------------------ map and tables agree


def test_a_drag_on_the_map_reaches_the_tables_and_the_figures(app: AppPage):
    """The map section runs alone when the map is used (``st.fragment``); after a drag
    that changed the case the whole page runs too, so the notice, the «Aktører» table
    and the rest show the new ring, not the case as it was before."""
    title = next(title for title in EXAMPLES if "J (14)" in title)
    case = json.loads(EXAMPLES[title].path.read_text(encoding="utf-8"))
    row, actor = next((i, a) for i, a in enumerate(case["actors"]) if a.get("closeness") == 1)
    app.open_example(title)
    frame = map_frame(app)
    drag_to_ring(app, frame, actor["id"], 3)
    app.expect_alert("Success", f"«{actor['label']}» er flyttet til ring 3.")
    cell = DataEditor(app, app.tab("Aktører")).cell(row, "Nærhet")
    expect(cell).to_have_text("3 – Fjern")


def test_a_click_on_a_missing_actor_adds_one_of_its_type(app: AppPage):
    """The guidance's missing actors stand dashed on the map; a click on one opens «Ny
    aktør som mangler» with its type chosen, and adding it takes the ghost away."""
    title = next(title for title in EXAMPLES if "J (14)" in title)
    app.open_example(title)
    user = MapUser(app, Actions())
    frame = user.frame(("mangler:barnevern",))
    x, y = user.node(frame, "mangler:barnevern")
    app.rerun(lambda: app.page.mouse.click(x, y), "klikk på «Må: Barnevern»")
    form = user.form("Legg til aktøren")
    expect(form.get_by_role("combobox", name="Type", exact=True)).to_have_value(
        CATALOGUE.label("barnevern")
    )
    expect(form.get_by_role("combobox", name="Nærhet (ring)", exact=True)).to_have_value(
        "Ukjent (utenfor ringene)"
    )
    user.submit(form, "Legg til aktøren")
    app.expect_alert("Success", f"«{CATALOGUE.label('barnevern')}» er lagt til.")
    frame = user.frame(("barnevern-1",))
    assert "mangler:barnevern" not in {n["id"] for n in frame.evaluate("window.tverrkart.nodes()")}
