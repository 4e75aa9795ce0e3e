"""Page Kommunens aktørkart: one municipality's services, structures, measures and coverage."""

from __future__ import annotations

import json
import re
from datetime import date

import streamlit as st

from graph.catalogue import load_catalogue
from graph.editing import editor_rows, type_options
from graph.limits import MAX_ACTORS, MAX_MEASURES, MAX_STRUCTURES
from graph.model import MunicipalityFile, municipality_to_dict
from graph.municipality.coverage import STRUCTURE_LABELS, Coverage, compute_coverage
from graph.municipality.crosswalk import old_number_hint
from graph.municipality.editing import (
    STRUCTURE_CHOICES,
    actors_frame,
    apply_actor_rows,
    apply_measure_rows,
    apply_structures,
    measures_frame,
    new_municipality_dict,
    responsible_options,
    structure_choice,
    structure_keys,
)
from graph.municipality.files import load_municipality_bytes, shipped_files
from graph.municipality.mapview import municipal_map_spec
from graph.municipality.registry import kommune, load_kommuner
from graph.municipality.sources import describe_source
from graph.municipality.summary import summary_html
from graph.validation import InvalidFileError, validate_municipality
from graph.vocabulary import LEVEL_LABELS
from pages.widgets import storage_ui, ui
from pages.widgets.panels import LEVEL_BADGE

FILE = "km_file"
PROBLEMS = "km_problems"
NOTICE = "km_notice"
SEEN_UPLOAD = "km_seen_upload"
EDITOR_KEYS = (
    "km_actors_editor",
    "km_measures_editor",
    *(f"km_structure_{key}" for key in STRUCTURE_LABELS),
)

catalogue = load_catalogue()
kommuner = load_kommuner()


def replace_file(municipality: MunicipalityFile, notice: str, *, stored: bool = False) -> None:
    """Make ``municipality`` the open file and reset the editors to show it.

    A file that did not come from the database is unlinked from any stored map, so
    that saving it never overwrites a stored map by mistake.
    """
    if not stored:
        storage_ui.unlink("municipality")
    st.session_state[FILE] = municipality_to_dict(municipality)
    st.session_state[NOTICE] = notice
    st.session_state.pop(PROBLEMS, None)
    for key in list(st.session_state):
        if key in EDITOR_KEYS or str(key).startswith("km_structure_"):
            del st.session_state[key]


def try_update(candidate: dict, heading: str, notice: str) -> bool:
    """Accept an edited file only when it is valid; otherwise keep the last good one."""
    try:
        municipality = validate_municipality(candidate)
    except InvalidFileError as error:
        ui.show_problems(f"{heading} Rett opp og lagre på nytt.", error.problems)
        return False
    st.session_state[FILE] = municipality_to_dict(municipality)
    st.session_state[NOTICE] = notice
    st.session_state.pop(PROBLEMS, None)
    return True


def open_section() -> None:
    """Choose a municipality, open the example, or upload a file."""
    with st.expander(
        "Velg kommune, åpne et lagret kart eller eksempelet, eller last opp en fil",
        expanded=FILE not in st.session_state,
    ):
        choose_col, stored_col, example_col, upload_col = st.columns(4)
        with stored_col:
            st.markdown("**Lagret kart**")
            opened = storage_ui.municipality_open_controls()
            if opened is not None:
                replace_file(validate_municipality(opened), storage_ui.opened_notice(), stored=True)
        with choose_col:
            st.markdown("**Nytt kart for en kommune**")
            number = st.selectbox(
                "Kommune",
                list(kommuner),
                index=None,
                format_func=lambda n: kommuner[n].option_label(),
                placeholder="Skriv navn eller nummer",
                key="km_choice",
                help="Kommuneinndelingen fra 2024 (357 kommuner). Søk på navn eller nummer.",
            )
            if st.button("Start et nytt, tomt kart", key="km_new", disabled=number is None):
                replace_file(
                    validate_municipality(new_municipality_dict(number)),
                    f"Et nytt, tomt kart for {kommuner[number].name} er startet.",
                )
            old = st.text_input(
                "Har du et kommunenummer fra før 2024?",
                max_chars=4,
                key="km_old_number",
                placeholder="For eksempel 3803",
            ).strip()
            if old:
                hint = old_number_hint(old)
                if kommune(old):
                    st.caption(f"{old} er {ui.plain(kommuner[old].name)} i dag også.")
                elif hint:
                    st.caption(ui.plain(hint))
                else:
                    st.caption(f"«{ui.plain(old)}» er ikke et kommunenummer fra 2020 eller 2024.")
        with example_col:
            st.markdown("**Eksempel**")
            st.caption("Holmestrands handlingsplan (2021–2022) lagt inn som kommunefil.")
            if st.button("Åpne eksempelet Holmestrand", key="km_open_example"):
                example = shipped_files()[0]
                if example.municipality is not None:
                    replace_file(example.municipality, "Åpnet eksempelet Holmestrand.")
        with upload_col:
            st.markdown("**Kommunefil fra før**")
            opened = ui.load_new_upload(
                "Last opp kommunefil (.json)",
                key="km_upload",
                help="En fil du har lastet ned fra denne siden tidligere. Høyst "
                f"{MAX_ACTORS} aktører, {MAX_MEASURES} tiltak og {MAX_STRUCTURES} strukturer.",
                seen_key=SEEN_UPLOAD,
                load=load_municipality_bytes,
                problems_key=PROBLEMS,
                kept="Kartet du hadde, er uendret.",
            )
            if opened is not None:
                name, municipality = opened
                replace_file(municipality, f"Åpnet filen «{name}».")


def messages() -> None:
    """Show what happened at the last action."""
    if PROBLEMS in st.session_state:
        heading, problems = st.session_state[PROBLEMS]
        ui.show_problems(heading, problems)
    elif NOTICE in st.session_state:
        st.success(ui.plain(st.session_state.pop(NOTICE)), icon=":material/check_circle:")


def summary_metrics(coverage: Coverage, municipality: MunicipalityFile) -> None:
    """Four numbers at a glance."""
    missing = coverage.missing("actor")
    structures = [s for s in coverage.statuses if s.item.kind == "structure"]
    cols = st.columns(4)
    cols[0].metric(
        "Dekning",
        f"{round(coverage.score * 100)} %",
        help="Andelen av det veilederen ber kommunen ha på plass. Må teller 3, bør 2, kan 1.",
    )
    cols[1].metric("Registrerte aktører", len(municipality.actors))
    cols[2].metric(
        "Aktørtyper som mangler",
        len(missing),
        help="Må og bør først. Se «Hva mangler?» under kartet.",
    )
    cols[3].metric(
        "Strukturer på plass", f"{sum(s.covered for s in structures)} av {len(structures)}"
    )


def downloads(municipality: MunicipalityFile, coverage: Coverage) -> None:
    """Download the file and the printable summary."""
    stem = re.sub(r"[^a-z0-9]+", "-", f"kommune-{coverage.kommunenummer}-{coverage.name}".lower())
    stem = stem.strip("-")
    json_col, html_col = st.columns(2)
    json_col.download_button(
        "Last ned kommunefilen (JSON)",
        json.dumps(municipality_to_dict(municipality), ensure_ascii=False, indent=2),
        f"{stem}.json",
        "application/json",
        help="Ta vare på kartet: filen kan lastes opp igjen her eller på siden Oversikt.",
        key="km_dl_json",
        on_click="ignore",
    )
    html_col.download_button(
        "Last ned sammendrag for utskrift (HTML)",
        lambda: summary_html(municipality, coverage, catalogue, date.today()),
        f"{stem}-sammendrag.html",
        "text/html",
        help="Én side med dekning, aktører, strukturer, mangler og tiltak. Åpne den og skriv ut.",
        key="km_dl_summary",
        on_click="ignore",
    )


def missing_panel(coverage: Coverage) -> None:
    """What is missing, each with the level, the reason and the sources."""
    missing = coverage.missing()
    if not missing:
        st.success("Kommunen har alt veilederen ber om.", icon=":material/check_circle:")
        return
    for status in missing:
        item = status.item
        kind = "Aktør" if item.kind == "actor" else "Struktur"
        alternatives = [catalogue.label(t) for t in item.asks_any[1:]]
        also = f" (eller {ui.plain(', '.join(alternatives))})" if alternatives else ""
        with st.expander(f"{LEVEL_LABELS[item.level]}: {item.title} · {kind}"):
            st.markdown(f"{LEVEL_BADGE[item.level]} **{ui.plain(item.title)}**{also}")
            st.markdown(ui.plain(item.reason))
            sources = "; ".join(describe_source(s) for s in item.sources)
            st.caption(f"Kilde: {ui.plain(sources)}")


def sentence(text: str) -> str:
    """``text`` ending with a full stop, so that joined sentences read as sentences."""
    return text if text.endswith((".", "!", "?")) else f"{text}."


def regional_panel(coverage: Coverage) -> None:
    """The regional and national bodies, with the mark where the assignment is unsure."""
    st.caption(
        "Disse fylles inn automatisk ut fra kommunenummeret. «usikker» betyr at det ikke er "
        "bekreftet at kommunen hører til instansen; sjekk før dere bruker det."
    )
    for body in coverage.regional:
        mark = f" :orange-badge[{body.mark}]" if body.mark else ""
        contact = f" · {ui.plain(body.contact)}" if body.contact else ""
        st.markdown(f"**{ui.plain(body.scope_label)}:** {ui.plain(body.name)}{mark}{contact}")
        details = [body.basis, f"Område: {body.area}" if body.area else "", body.contact_text]
        st.caption(ui.plain(" ".join(sentence(text) for text in details if text)))
        with st.popover("Kilder"):
            for source in body.sources:
                st.markdown(f"- {ui.plain(describe_source(source))}")


def actors_form(municipality: MunicipalityFile) -> None:
    """The registered actors: type, name and contact."""
    st.caption(
        "Én rad per tjeneste eller rolle. Skriv tjenestens navn og felles telefon eller e-post, "
        "ikke opplysninger om enkeltpersoner i saker."
    )
    with st.form("km_actors_form"):
        edited = st.data_editor(
            actors_frame(municipality, catalogue),
            key="km_actors_editor",
            num_rows="dynamic",
            width="stretch",
            hide_index=True,
            column_config={
                "id": st.column_config.TextColumn("ID", disabled=True, help="Lages automatisk."),
                "type": st.column_config.SelectboxColumn(
                    "Type", options=list(type_options(catalogue)), required=True
                ),
                "label": st.column_config.TextColumn("Navn", max_chars=200, required=True),
                "contact": st.column_config.TextColumn(
                    "Kontakt", max_chars=200, help="Telefon, e-post eller annen kontaktvei."
                ),
            },
        )
        if st.form_submit_button("Lagre aktører", type="primary"):
            candidate = apply_actor_rows(st.session_state[FILE], editor_rows(edited), catalogue)
            if try_update(candidate, "Aktørene ble ikke lagret.", "Aktørene er lagret."):
                ui.clear_keys("km_measures_editor")
                st.rerun()


def structures_form(municipality: MunicipalityFile) -> None:
    """Yes / no / not stated for each structure."""
    st.caption("Velg «Ikke oppgitt» når dere ikke vet; da sier filen ingenting om det.")
    with st.form("km_structures_form"):
        choices = {}
        for key in structure_keys(municipality):
            choices[key] = st.radio(
                ui.plain(STRUCTURE_LABELS.get(key, key)),  # a file may name its own structures
                list(STRUCTURE_CHOICES),
                index=list(STRUCTURE_CHOICES).index(structure_choice(municipality, key)),
                horizontal=True,
                key=f"km_structure_{key}",
            )
        if st.form_submit_button("Lagre strukturer", type="primary"):
            candidate = apply_structures(st.session_state[FILE], choices)
            if try_update(candidate, "Strukturene ble ikke lagret.", "Strukturene er lagret."):
                st.rerun()


def measures_form(municipality: MunicipalityFile) -> None:
    """The measures table: what, and who is responsible."""
    options = responsible_options(municipality)
    st.caption(
        "Tiltakene i kommunens plan og hvem som har ansvaret. Ansvarlig velges blant aktørene; "
        "legg til aktøren under «Aktører» først."
    )
    with st.form("km_measures_form"):
        edited = st.data_editor(
            measures_frame(municipality),
            key="km_measures_editor",
            num_rows="dynamic",
            width="stretch",
            hide_index=True,
            column_config={
                "what": st.column_config.TextColumn("Tiltak", max_chars=200, required=True),
                "responsible": st.column_config.MultiselectColumn(
                    "Ansvarlig", options=list(options)
                ),
            },
        )
        if st.form_submit_button("Lagre tiltak", type="primary"):
            candidate = apply_measure_rows(st.session_state[FILE], editor_rows(edited), options)
            if try_update(candidate, "Tiltakene ble ikke lagret.", "Tiltakene er lagret."):
                st.rerun()


def about_panel() -> None:
    """How the score is computed, in plain words."""
    st.markdown(
        "**Slik regnes dekningen.** Veilederen ber kommunen ha visse tjenester og strukturer på "
        "plass. Hvert punkt har et nivå: *må* teller 3, *bør* 2 og *kan* 1. Dekningen er summen "
        "for punktene kommunen har registrert, delt på summen for alle punktene. Å registrere en "
        "aktør eller en struktur kan aldri gjøre dekningen lavere.\n\n"
        "En aktør oppfyller også et punkt når veiledningen sier at den dekker det samme: "
        "politiets radikaliseringskontakt er en kontakt i politiet, og SLT-koordinatoren er "
        "kommunens koordinator.\n\n"
        "Politidistrikt, RVTS, konfliktråd, PST og NAV nasjonalt fylles inn automatisk og "
        "teller ikke med: de finnes for alle kommuner."
    )


st.title("Kommunens aktørkart")
st.info(
    "Endringer du gjør her, lagres ikke før du trykker «Lagre» under kartet (eller laster "
    "ned kommunefilen).",
    icon=":material/lock:",
)
open_section()
messages()
if FILE not in st.session_state:
    st.markdown(
        "Velg en kommune for å starte et nytt kart, åpne eksempelet fra Holmestrand, eller "
        "last opp en kommunefil."
    )
    st.stop()

current = validate_municipality(st.session_state[FILE])
coverage = compute_coverage(current)
place = coverage.kommune
st.subheader(
    f"{ui.plain(coverage.name)} ({coverage.kommunenummer})" + (f" · {place.fylke}" if place else "")
)
summary_metrics(coverage, current)
show_missing = st.toggle("Vis aktørtyper som mangler (stiplet)", value=True, key="km_show_missing")
ui.show_map(municipal_map_spec(current, coverage, catalogue, show_missing=show_missing))
downloads(current, coverage)
with st.expander("Lagre i databasen", expanded=True):
    storage_ui.municipality_save_controls(st.session_state[FILE])
tabs = st.tabs(
    ["Hva mangler?", "Regionalt og nasjonalt", "Aktører", "Strukturer", "Tiltak", "Om dekningen"]
)
missing_tab, regional_tab, actors_tab, structures_tab, measures_tab, about_tab = tabs
with missing_tab:
    missing_panel(coverage)
with regional_tab:
    regional_panel(coverage)
with actors_tab:
    actors_form(current)
with structures_tab:
    structures_form(current)
with measures_tab:
    measures_form(current)
with about_tab:
    about_panel()
