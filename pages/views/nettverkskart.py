"""Page Nettverkskart: build or open the network around one person and see it as a map."""

from __future__ import annotations

import contextlib
import dataclasses
import json
from collections.abc import Iterable

import streamlit as st

from graph.analysis import CHOICES, analyse_case, highlight_for
from graph.format import (
    ACTOR_REQUIRED,
    CLOSENESS_OPTIONS,
    MAP_READABLE_ACTORS,
    MAX_ACTORS,
    MAX_TIES,
    STRENGTH_OPTIONS,
    Case,
    InvalidFileError,
    actors_frame,
    apply_actor_rows,
    apply_person,
    apply_step_rows,
    apply_tie_rows,
    endpoint_options,
    legal_basis_options,
    list_examples,
    load_case_bytes,
    new_case_dict,
    removed_ties,
    responsible_options,
    row_problems,
    step_status_options,
    steps_frame,
    tie_kind_options,
    tie_row_problems,
    ties_frame,
    type_options,
    validate_case,
)
from graph.maps import filtered_network_map, network_map
from graph.municipality import gap_links, shipped_files
from graph.reference import (
    SITUATION_FLAGS,
    closeness_label,
    load_catalogue,
    situation_help,
    situation_label,
)
from graph.storage import GapChange, compare_gaps
from pages.widgets import drafts, editor_page, interop, panels, route, state, ui
from pages.widgets.item import CASE, MUNICIPALITY
from pages.widgets.map_component import editable_map

PLAN_CHOICES = {"Ikke spurt": None, "Ja": True, "Nei": False}

catalogue = load_catalogue()


def form_values(case: Case) -> dict:
    """What the person form and «Hva om?» show for a case, by widget key."""
    person = case.person
    plan = next(k for k, v in PLAN_CHOICES.items() if v == person.wants_individual_plan)
    shown = {"age": person.age, "situation": list(person.situation), "plan": plan}
    values = {
        state.person_field("title"): case.title,
        state.person_field("alias"): person.alias,
        state.person_field("municipality"): case.municipality or "",
    }
    for name, value in shown.items():
        values[state.person_field(name)] = value
        values[state.what_if_field(name)] = value
    return values


def show_in_forms(case: Case) -> None:
    """Put a case's values into the form widgets that do not hold one yet.

    Replacing the case forgets those widgets (:meth:`EditedItem.replace`), so they
    are set here on the server: otherwise the browser sends its old field values back
    and the form would save the previous case's title and alias over the opened one.
    """
    for key, value in form_values(case).items():
        if key not in st.session_state:
            st.session_state[key] = value


def new_column() -> None:
    """Start a new, empty case."""
    if st.button("Start en ny, tom sak", key=CASE.keys.widget("new")):
        CASE.replace(validate_case(new_case_dict()), "En ny, tom sak er startet.")


def example_column() -> None:
    """Open one of the fictitious examples."""
    examples = {example.title: example for example in list_examples()}
    chosen = st.selectbox("Eksempel", list(examples), key=state.EXAMPLE_CHOICE)
    if st.button("Åpne eksempelet", key=CASE.keys.widget("open_example")) and chosen:
        CASE.replace(examples[chosen].load(), f"Åpnet eksempelet «{chosen}».")


def open_section() -> None:
    """New case, an example, or an uploaded file."""
    expanded = not CASE.is_open()  # open on a session's first view
    editor_page.open_section(
        CASE,
        "Ny sak, lagret sak, eksempel eller fil",
        expanded=expanded,
        new=("Ny sak", new_column),
        stored="Lagret sak",
        example=("Fiktivt eksempel", example_column),
        upload=editor_page.Upload(
            "Saksfil fra før",
            "Last opp saksfil (.json)",
            "En fil du har lastet ned fra Tverrkart tidligere. En sak kan ha høyst "
            f"{MAX_ACTORS} aktører og {MAX_TIES} bånd.",
            load_case_bytes,
            "Saken du hadde, er uendret.",
        ),
        more=spreadsheet_row,
    )


def spreadsheet_row() -> None:
    """Open actors and ties from a spreadsheet, after a preview."""
    st.markdown("**Regneark med aktører og bånd (.xlsx)**")
    from_sheet = interop.spreadsheet_import(keys=CASE.keys)
    if from_sheet is not None:
        CASE.replace(from_sheet, "Åpnet saken fra regnearket.")


def downloads(case: Case, analysis: dict) -> None:
    """Download the case, its map, the meeting sheet and the files other tools read."""
    stem = ui.file_stem(case.title, "sak")
    interop.case_downloads(case, analysis, file_stem=stem, keys=CASE.keys)


PERSON_FIELDS = ("title", "alias", "age", "municipality", "situation", "plan")
PERSON_TITLE = "Personen"
TABLE_TITLES = {"actors": "Aktører", "ties": "Bånd", "steps": "Trinn"}
"""What the user calls each table, in the notices about edits not taken in."""


def person_pending(case: Case) -> bool:
    """Whether the person fields hold something not taken into the case yet."""
    shown = form_values(case)
    return any(
        st.session_state.get(state.person_field(name), shown[state.person_field(name)])
        != shown[state.person_field(name)]
        for name in PERSON_FIELDS
    )


def person_form(case: Case) -> None:
    """The person's pseudonym, age and situation, and the case title.

    Not a form: the page must know about a field that is changed but not taken in,
    so that «Lagre i databasen» never stores the case without it.
    """
    title = st.text_input("Sakens tittel", max_chars=200, key=state.person_field("title"))
    alias = st.text_input(
        "Pseudonym",
        max_chars=200,
        key=state.person_field("alias"),
        help="Bruk initialer eller et oppdiktet navn. Aldri ekte navn eller fødselsnummer.",
    )
    age = st.number_input(
        "Alder (tomt = ukjent)",
        min_value=0,
        max_value=120,
        step=1,
        key=state.person_field("age"),
    )
    municipality = st.text_input(
        "Kommunenummer (valgfritt)",
        max_chars=4,
        key=state.person_field("municipality"),
        help="Fire sifre, 2024-inndeling. For eksempel 3903.",
    )
    situation = st.multiselect(
        "Situasjon",
        SITUATION_FLAGS,
        format_func=situation_label,
        key=state.person_field("situation"),
        help=" · ".join(f"{situation_label(f)}: {situation_help(f)}" for f in SITUATION_FLAGS),
    )
    plan = st.radio(
        "Ønsker personen individuell plan?",
        list(PLAN_CHOICES),
        horizontal=True,
        key=state.person_field("plan"),
        help="En individuell plan lages bare hvis personen selv ønsker det.",
    )
    editor_page.table_notice(CASE, "person")
    pending = person_pending(case)
    if pending:
        st.caption(":orange[:material/pending_actions: Endringene er ikke tatt inn i kartet ennå.]")
    pressed = st.button("Oppdater kartet", type="primary", key=CASE.keys.widget("person_apply"))
    if pressed or (pending and editor_page.take_all_requested(CASE)):
        candidate = apply_person(
            CASE.content,
            alias=alias.strip(),
            age=None if age is None else int(age),
            situation=situation,
            wants_individual_plan=PLAN_CHOICES[plan],
            title=title.strip(),
            municipality=municipality.strip() or None,
        )
        editor_page.accept_edit(
            CASE,
            "person",
            editor_page.Save(
                "Oppdater kartet",
                "Opplysningene om personen ble ikke tatt inn.",
                "Opplysningene om personen er tatt inn i kartet.",
                title=PERSON_TITLE,
            ),
            candidate,
            tuple(f"whatif_{name}" for name in ("age", "situation", "plan")),
        )


def checked_actor_rows(content: dict, rows: list[dict]) -> dict:
    """The case with the actors table's rows, or the rows' empty cells as problems."""
    problems = row_problems(rows, "actors", ACTOR_REQUIRED)
    if problems:
        raise InvalidFileError(problems)
    return apply_actor_rows(content, rows, catalogue)


def actors_form(case: Case) -> None:
    """The actors table: add, change or remove actors; mark the coordinator."""
    st.caption(
        "Legg til en rad for hver person eller tjeneste. Nærhet: 1 er nærmest personen. "
        "Marker én aktør som koordinator. Trykk «Oppdater kartet» før du legger inn bånd "
        "til nye aktører."
    )
    editor_page.table_form(
        CASE,
        "actors",
        actors_frame(case, catalogue),
        {
            "id": st.column_config.TextColumn(
                "ID", disabled=True, help="Lages automatisk for nye aktører."
            ),
            # Not «required»: Streamlit would hold back a row with an empty required
            # cell, and the row would vanish. The page reports the empty cell instead.
            "label": st.column_config.TextColumn("Navn eller rolle", max_chars=200),
            "type": st.column_config.SelectboxColumn("Type", options=list(type_options(catalogue))),
            "closeness": st.column_config.SelectboxColumn("Nærhet", options=CLOSENESS_OPTIONS),
            "coordinator": st.column_config.CheckboxColumn("Koordinator", default=False),
        },
        editor_page.Save(
            "Oppdater kartet",
            "Aktørene ble ikke tatt inn.",
            "Aktørene er tatt inn i kartet.",
            ("ties",),
            title=TABLE_TITLES["actors"],
        ),
        checked_actor_rows,
        losses=removed_ties,
    )


def ties_form(case: Case) -> None:
    """The ties table: who is tied to whom, how, and whether information is shared."""
    endpoints = endpoint_options(case)
    st.caption(
        "Ett bånd per rad. «Deler opplysninger» betyr at personopplysninger om personen går "
        "langs båndet; oppgi da det rettslige grunnlaget."
    )

    def checked_tie_rows(content: dict, rows: list[dict]) -> dict:
        problems = tie_row_problems(rows)
        if problems:
            raise InvalidFileError(problems)
        return apply_tie_rows(content, rows, endpoints)

    editor_page.table_form(
        CASE,
        "ties",
        ties_frame(case),
        {
            "from": st.column_config.SelectboxColumn("Fra", options=list(endpoints)),
            "to": st.column_config.SelectboxColumn("Til", options=list(endpoints)),
            "kind": st.column_config.SelectboxColumn("Type bånd", options=list(tie_kind_options())),
            "strength": st.column_config.SelectboxColumn("Styrke", options=STRENGTH_OPTIONS),
            "info_sharing": st.column_config.CheckboxColumn("Deler opplysninger", default=False),
            "legal_basis": st.column_config.SelectboxColumn(
                "Rettslig grunnlag", options=list(legal_basis_options())
            ),
            "legal_basis_note": st.column_config.TextColumn(
                "Hvilken lovhjemmel",
                help="Fyll ut når grunnlaget er «Annen lovhjemmel»: hvilken bestemmelse eller "
                "rutine delingen bygger på.",
                max_chars=200,
            ),
        },
        editor_page.Save(
            "Oppdater kartet",
            "Båndene ble ikke tatt inn.",
            "Båndene er tatt inn i kartet.",
            title=TABLE_TITLES["ties"],
        ),
        checked_tie_rows,
    )


def steps_panel(case: Case, analysis: dict) -> None:
    """The handling steps for this person: what is done, what comes next, and who does it."""
    steps = analysis["steps"]
    if not steps:
        st.info("Ingen håndteringstrinn gjelder for denne situasjonen ennå.")
        return
    routines = list(dict.fromkeys(step["routine"] for step in steps))
    st.caption(
        ui.plain(
            "Trinnene kommer fra " + " og ".join(f"«{r}»" for r in routines) + ". Marker det "
            "som er gjort, hvem som har ansvaret og når. Trinn som ikke gjelder, settes til "
            "«Ikke aktuelt»."
        )
    )
    following = next((s for s in steps if s["id"] == analysis["next_step"]), None)
    if following is not None:
        st.info(
            ui.plain(f"Neste trinn: {following['title']}. {following['what']}"),
            icon=":material/arrow_forward:",
        )
    else:
        st.success("Alle trinnene er gjort eller ikke aktuelle.", icon=":material/check_circle:")
    responsible = responsible_options(case)
    editor_page.table_form(
        CASE,
        "steps",
        steps_frame(case, steps),
        {
            "id": None,
            "title": st.column_config.TextColumn("Trinn", disabled=True, width="large"),
            "status": st.column_config.SelectboxColumn(
                "Status", options=list(step_status_options()), required=True
            ),
            "date": st.column_config.DateColumn("Dato", format="DD.MM.YYYY"),
            "responsible": st.column_config.SelectboxColumn("Ansvarlig", options=list(responsible)),
            "note": st.column_config.TextColumn("Merknad", max_chars=200),
        },
        editor_page.Save(
            "Oppdater trinnene",
            "Trinnene ble ikke tatt inn.",
            "Trinnene er tatt inn.",
            title=TABLE_TITLES["steps"],
        ),
        lambda content, rows: apply_step_rows(content, rows, responsible),
        num_rows="fixed",
    )
    for step in steps:
        with st.expander(ui.plain(step["title"])):
            st.markdown(f"**Hva:** {ui.plain(step['what'])}")
            st.markdown(f"**Hvem:** {ui.plain(step['who'])}")
            st.caption(ui.plain(f"Kilde: {step['source']}"))


def municipal_links(case: Case, analysis: dict) -> dict:
    """Whom the case's municipality has registered for each missing type.

    Looks in the municipality file open on «Kommunens aktørkart» in this session and
    in the shipped example files.
    """
    if not case.municipality or not analysis["gaps"]:
        return {}
    candidates = []
    if MUNICIPALITY.is_open():
        with contextlib.suppress(InvalidFileError):  # that page shows its own problems
            candidates.append(MUNICIPALITY.current())
    candidates += [loaded.municipality for loaded in shipped_files()]
    return gap_links(case.municipality, [g["type"] for g in analysis["gaps"]], candidates)


def map_section(case: Case, content: str, analysis: dict) -> None:
    """The map, with missing actors as ghosts and the chosen things highlighted.

    The choices stand under the map, so the map itself is in view on a laptop screen.
    ``content`` is the case's JSON text, the key of the map kept for the session.

    The map is not a fragment (``st.fragment``) that runs alone: a fragment's run is
    dropped without a word in a session that never drew it, so after a server restart
    a drag on the map would seem done and be lost (``tests/browser/test_nothing_lost.py``).
    """
    map_slot = st.container()
    choice_col, ghost_col = st.columns([3, 2])
    choice = choice_col.selectbox(
        "Marker i kartet",
        list(CHOICES),
        format_func=CHOICES.get,
        key=state.HIGHLIGHT_CHOICE,
        help="Markerte aktører får en oransje ring, markerte bånd blir oransje.",
    )
    show_ghosts = ghost_col.toggle(
        "Vis aktører som mangler (stiplet)",
        value=True,
        key=state.SHOW_GHOSTS,
        help="Aktører veilederen sier må eller bør være med, men som ikke er i kartet.",
    )
    marked = highlight_for(choice, analysis)
    shown = map_filters(case) if len(case.actors) > MAP_READABLE_ACTORS else None
    spec = drawn_map(
        content,
        show_ghosts,
        tuple(sorted(marked.actors)),
        tuple(sorted(marked.ties)),
        shown,
    )
    with map_slot:
        editable_map(CASE, case, spec, analysis=analysis, catalogue=catalogue)


@st.cache_data(scope="session", max_entries=4, show_spinner=False)
def case_analysis(content: str) -> dict:
    """The analysis of the open case (its JSON text), kept for the session while the case
    is unchanged: a run that changes nothing in the case (a tab, a choice, a toggle)
    does not analyse it again (up to some 300 ms at 1 000 actors)."""
    return analyse_case(validate_case(json.loads(content)), catalogue)


@st.cache_data(scope="session", max_entries=8, show_spinner=False)
def drawn_map(
    content: str,
    show_ghosts: bool,
    highlight_actors: tuple[str, ...],
    highlight_ties: tuple[int, ...],
    shown: tuple[tuple[str, ...], tuple[str, ...], tuple] | None,
):
    """The map of the open case, kept for this browser session while the case is unchanged.

    Laying out a readable map takes up to a second; an ordinary rerun (a tab, a field)
    then costs nothing. The cache is per session, so no case reaches another user.
    ``shown`` is the part of a large case to draw (sectors, types, rings), or None.
    """
    case = validate_case(json.loads(content))
    options = {
        "show_ghosts": show_ghosts,
        "highlight_actors": highlight_actors,
        "highlight_ties": highlight_ties,
    }
    if shown is None:
        return network_map(case, catalogue, **options)
    sectors, types, rings = shown
    part = filtered_network_map(
        case,
        catalogue,
        sectors=sectors or None,
        types=types or None,
        rings=rings or None,
        **options,
    )
    return dataclasses.replace(part.spec, notice=part.summary())


RINGS = (1, 2, 3, None)
"""The closeness choices of the map filter; shown with the vocabulary's own words."""


def map_filters(case: Case) -> tuple[tuple[str, ...], tuple[str, ...], tuple]:
    """Which part of a large case to draw: sectors, types and rings (empty = all)."""
    st.info(
        f"Saken har {len(case.actors)} aktører. Over {MAP_READABLE_ACTORS} blir kartet "
        "uleselig, så velg hvilken del du vil se.",
        icon=":material/filter_alt:",
    )
    sector_col, type_col, ring_col = st.columns(3)
    sectors = sector_col.multiselect(
        "Sektor",
        [sector.key for sector in catalogue.sectors],
        format_func=lambda key: next(s.label for s in catalogue.sectors if s.key == key),
        key=CASE.keys.widget("filter_sectors"),
        placeholder="Alle",
    )
    used = sorted({actor.type for actor in case.actors}, key=catalogue.label)
    types = type_col.multiselect(
        "Type",
        used,
        format_func=catalogue.label,
        key=CASE.keys.widget("filter_types"),
        placeholder="Alle",
    )
    rings = ring_col.multiselect(
        "Nærhet",
        list(RINGS),
        format_func=closeness_label,
        key=CASE.keys.widget("filter_rings"),
        placeholder="Alle",
    )
    return tuple(sectors), tuple(types), tuple(rings)


def gap_shifts(changes: Iterable[GapChange]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The gaps that come and go, as ``(type, level)``; a new level is both (old goes)."""
    added = sorted((c.type, c.after) for c in changes if c.after is not None)
    removed = sorted((c.type, c.before) for c in changes if c.before is not None)
    return added, removed


def what_if(case: Case) -> None:
    """Try another age or situation and see how the gaps change, before saving."""
    person = case.person
    st.caption(
        "Prøv en annen alder eller situasjon og se hva veilederen da ber om. "
        "Ingenting lagres før du trykker på knappen."
    )
    age = st.number_input(
        "Alder (tomt = ukjent)", min_value=0, max_value=120, step=1, key=state.what_if_field("age")
    )
    situation = st.multiselect(
        "Situasjon",
        SITUATION_FLAGS,
        format_func=situation_label,
        key=state.what_if_field("situation"),
        placeholder="Velg det som gjelder",
    )
    plan = st.radio(
        "Ønsker personen individuell plan?",
        list(PLAN_CHOICES),
        horizontal=True,
        key=state.what_if_field("plan"),
    )
    # The case as it would be (not validated: the widgets keep age and situation valid).
    trial = case.model_copy(
        update={
            "person": person.model_copy(
                update={
                    "age": None if age is None else int(age),
                    "situation": list(situation),
                    "wants_individual_plan": PLAN_CHOICES[plan],
                }
            )
        }
    )
    added, removed = gap_shifts(compare_gaps(case, trial))
    if not added and not removed:
        st.info("Manglene blir de samme som nå.")
    for type_key, level in added:
        st.markdown(
            f"- :red[Ny mangel] {panels.LEVEL_BADGE[level]} {ui.plain(catalogue.label(type_key))}"
        )
    for type_key, level in removed:
        st.markdown(
            f"- :green[Faller bort] {panels.LEVEL_BADGE[level]} "
            f"{ui.plain(catalogue.label(type_key))}"
        )
    if st.button("Lagre dette som personens situasjon", key=CASE.keys.widget("whatif_save")):
        candidate = apply_person(
            CASE.content,
            alias=person.alias,
            age=None if age is None else int(age),
            situation=situation,
            wants_individual_plan=PLAN_CHOICES[plan],
            title=case.title,
            municipality=case.municipality,
        )
        if CASE.update(candidate, "Situasjonen ble ikke lagret.", "Situasjonen er lagret."):
            # The person form shows the new situation; «Hva om?» already does (and its
            # widgets exist in this run, so they cannot be set).
            CASE.forget_shown(*(f"person_{name}" for name in ("age", "situation", "plan")))
            st.rerun()


editor_page.header(
    "Nettverkskart",
    "Det du skriver, er bare i denne fanen til du trykker «Lagre i databasen» under kartet "
    "(eller laster ned saksfilen). Bruk pseudonym, aldri navn eller fødselsnummer.",
)
with editor_page.above_tabs():
    open_section()
    drafts.offer_restore(CASE)
    CASE.messages()
    current = CASE.start(new_case_dict)
    show_in_forms(current)
    content = json.dumps(CASE.content, sort_keys=True)
    analysis = case_analysis(content)
    st.subheader(ui.plain(current.title or "Uten tittel"))
    panels.summary(analysis)
    map_section(current, content, analysis)
    downloads(current, analysis)
    # Filled in last, once the tables below have said whether they hold edits.
    save_slot = st.container()
tabs = st.tabs(
    [
        "Hva mangler?",
        "Trinn",
        "Hvem bør involveres?",
        "Nøkkeltall",
        "Hva om?",
        "Personen",
        "Aktører",
        "Bånd",
    ]
)
(
    missing_tab,
    steps_tab,
    involve_tab,
    figures_tab,
    whatif_tab,
    person_tab,
    actors_tab,
    ties_tab,
) = tabs
with missing_tab:
    panels.coordinator_panel(current, analysis, catalogue)
    st.markdown("#### Aktører veilederen ber om")
    panels.gaps_panel(analysis, catalogue, municipal_links(current, analysis))
    st.markdown("#### Varsler og bekymringsmeldinger")
    panels.notifications_panel(analysis, catalogue)
    st.markdown("#### Deling av opplysninger")
    panels.sharing_panel(current, analysis)
    panels.questions_panel(analysis)
with steps_tab:
    steps_panel(current, analysis)
    route.municipal_route_panel(current)
with involve_tab:
    panels.involve_panel(analysis, catalogue)
with figures_tab:
    st.caption(
        "Tallene gjelder aktørene i kartet; personen i midten er ikke med. Velg et tall under "
        "«Marker i kartet» for å se hvem det gjelder."
    )
    figures_table = panels.metrics_table(current, analysis)
    st.dataframe(
        figures_table,
        hide_index=True,
        width="stretch",
        height=editor_page.table_height(len(figures_table), False),
        column_config={
            "Nøkkeltall": st.column_config.TextColumn(width="medium"),
            "Verdi": st.column_config.TextColumn(width="large"),
            "Hva betyr det?": st.column_config.TextColumn(width="large"),
        },
    )
    panels.limits_panel(analysis)
    st.markdown("**Per del av kartet**")
    st.dataframe(panels.group_table(analysis, catalogue), hide_index=True, width="stretch")
    st.markdown("**Hvem binder nettverket sammen?**")
    st.dataframe(panels.centrality_table(current, analysis), hide_index=True, width="stretch")
    panels.formulas_help()
with whatif_tab:
    what_if(current)
with person_tab:
    person_form(current)
with actors_tab:
    actors_form(current)
with ties_tab:
    ties_form(current)
with save_slot:
    editor_page.save_section(CASE, TABLE_TITLES, [PERSON_TITLE] if person_pending(current) else [])
drafts.keep_draft(CASE)
