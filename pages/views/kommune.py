"""Page Kommunens aktørkart: one municipality's services, structures, measures and coverage."""

from __future__ import annotations

import json
from datetime import date

import streamlit as st

from graph.format import (
    MAX_ACTORS,
    MAX_MEASURES,
    MAX_NOTE_LENGTH,
    MAX_STRUCTURES,
    MunicipalityFile,
    municipality_to_dict,
    type_options,
    validate_municipality,
)
from graph.municipality import (
    STRUCTURE_CHOICES,
    STRUCTURE_LABELS,
    UNSTATED,
    Coverage,
    actors_frame,
    apply_actor_rows,
    apply_measure_rows,
    apply_route_rows,
    apply_structures,
    compute_coverage,
    load_municipality_bytes,
    measures_frame,
    municipal_map_spec,
    new_municipality_dict,
    responsible_options,
    route_frame,
    shipped_files,
    structure_choice,
    structure_keys,
    summary_html,
)
from graph.reference import (
    LEVEL_LABELS,
    describe_source,
    earlier_numbers,
    kommune,
    load_catalogue,
    load_kommuner,
    norway_time,
    old_number_hint,
    successors,
)
from pages.widgets import editor_page, interop, state, ui
from pages.widgets.case_demand import case_demand_panel
from pages.widgets.item import MUNICIPALITY
from pages.widgets.panels import LEVEL_BADGE

catalogue = load_catalogue()
kommuner = load_kommuner()


def option_text(number: str) -> str:
    """«3905 Tønsberg (før 2024: 3803)»: a search for the old number finds the municipality."""
    earlier = earlier_numbers(number)
    label = kommuner[number].option_label()
    return f"{label} (før 2024: {', '.join(earlier)})" if earlier else label


def choose_municipality(number: str) -> None:
    """Put ``number`` into the municipality box (a button's callback, before the box is drawn)."""
    st.session_state[state.MUNICIPALITY_CHOICE] = number


def new_column() -> None:
    """Start a new, empty map for a municipality chosen by name or number (old ones too)."""
    number = st.selectbox(
        "Kommune",
        list(kommuner),
        index=None,
        format_func=option_text,
        placeholder="Skriv navn eller nummer",
        key=state.MUNICIPALITY_CHOICE,
        help="Kommuneinndelingen fra 2024 (357 kommuner). Søk på navn eller nummer; "
        "nummer fra før 2024 finner kommunen de ble til.",
    )
    if st.button(
        "Start et nytt, tomt kart", key=MUNICIPALITY.keys.widget("new"), disabled=number is None
    ):
        MUNICIPALITY.replace(
            validate_municipality(new_municipality_dict(number)),
            f"Et nytt, tomt kart for {kommuner[number].name} er startet.",
        )
    old = st.text_input(
        "Har du et kommunenummer fra før 2024?",
        max_chars=4,
        key=state.MUNICIPALITY_OLD_NUMBER,
        placeholder="For eksempel 3803",
    ).strip()
    if old:
        hint = old_number_hint(old)
        if kommune(old):
            st.caption(f"{old} er {ui.plain(kommuner[old].name)} i dag også.")
        elif hint:
            st.caption(ui.plain(hint))
            for successor in successors(old):
                st.button(
                    ui.plain(f"Bruk {successor.number} {successor.name}"),
                    key=MUNICIPALITY.keys.widget(f"use_{successor.number}"),
                    on_click=choose_municipality,
                    args=(successor.number,),
                )
        else:
            st.caption(
                f"«{ui.plain(old)}» er ikke et kommunenummer fra 2020 eller 2024. Tverrkart "
                "kjenner nummer fra 2020 og senere; slå opp eldre nummer hos SSB (Klass 131)."
            )


def example_column() -> None:
    """Open the shipped example (Holmestrand's action plan)."""
    st.caption("Holmestrands handlingsplan (2021–2022) lagt inn som kommunefil.")
    if st.button("Åpne eksempelet Holmestrand", key=MUNICIPALITY.keys.widget("open_example")):
        example = shipped_files()[0]
        if example.municipality is not None:
            MUNICIPALITY.replace(example.municipality, "Åpnet eksempelet Holmestrand.")


def open_section() -> None:
    """Choose a municipality, open a stored map or the example, or upload a file."""
    editor_page.open_section(
        MUNICIPALITY,
        "Velg kommune, åpne et lagret kart eller eksempelet, eller last opp en fil",
        expanded=not MUNICIPALITY.is_open(),
        new=("Nytt kart for en kommune", new_column),
        stored="Lagret kart",
        example=("Eksempel", example_column),
        upload=editor_page.Upload(
            "Kommunefil fra før",
            "Last opp kommunefil (.json)",
            "En fil du har lastet ned fra denne siden tidligere. Høyst "
            f"{MAX_ACTORS} aktører, {MAX_MEASURES} tiltak og {MAX_STRUCTURES} strukturer.",
            load_municipality_bytes,
            "Kartet du hadde, er uendret.",
        ),
    )


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
    unstated = coverage.structure_counts()[UNSTATED]
    cols[3].metric(
        "Strukturer på plass",
        f"{sum(s.covered for s in structures)} av {len(structures)}",
        help=ui.plain(
            f"{unstated} ikke oppgitt. «Ikke oppgitt» er ikke det samme som «nei», men teller "
            "ikke med i dekningen før dere har svart «ja»."
        ),
    )
    if unstated:
        st.caption(ui.plain(unstated_sentence(coverage, unstated)))


def unstated_sentence(coverage: Coverage, unstated: int) -> str:
    """«Dekning 83 %. 1 struktur er ikke oppgitt; er den på plass, blir dekningen 87 %.»"""
    one = unstated == 1
    best = coverage.score_if_stated if coverage.score_if_stated is not None else coverage.score
    return (
        f"Dekning {round(coverage.score * 100)} %. {unstated} "
        f"{'struktur' if one else 'strukturer'} er ikke oppgitt; er "
        f"{'den' if one else 'de'} på plass, blir dekningen {round(best * 100)} %."
    )


def downloads(municipality: MunicipalityFile, coverage: Coverage) -> None:
    """Download the file and the printable summary."""
    stem = ui.file_stem(f"kommune-{coverage.kommunenummer}-{coverage.name}", "kommune")
    json_col, html_col = st.columns(2)
    json_col.download_button(
        "Last ned kommunefilen (JSON)",
        json.dumps(municipality_to_dict(municipality), ensure_ascii=False, indent=2),
        f"{stem}.json",
        "application/json",
        help="Ta vare på kartet: filen kan lastes opp igjen her eller på siden Oversikt.",
        key=MUNICIPALITY.keys.widget("dl_json"),
        on_click="ignore",
    )
    html_col.download_button(
        "Last ned sammendrag for utskrift (HTML)",
        lambda: summary_html(municipality, coverage, catalogue, norway_time.today()),
        f"{stem}-sammendrag.html",
        "text/html",
        help="Én side med dekning, aktører, strukturer, mangler og tiltak. Åpne den og skriv ut.",
        key=MUNICIPALITY.keys.widget("dl_summary"),
        on_click="ignore",
    )
    interop.municipality_downloads(municipality, file_stem=stem, keys=MUNICIPALITY.keys)


def missing_panel(coverage: Coverage) -> None:
    """What is missing, each with the level, the reason and the sources."""
    notices_panel(coverage)
    missing = coverage.missing()
    if not missing:
        st.success("Kommunen har alt veilederen ber om.", icon=":material/check_circle:")
        return
    for status in missing:
        item = status.item
        kind = "Aktør" if item.kind == "actor" else f"Struktur, {ANSWER_TEXT[status.answer]}"
        alternatives = [catalogue.label(t) for t in item.asks_any[1:]]
        also = f" (eller {ui.plain(', '.join(alternatives))})" if alternatives else ""
        with st.expander(f"{LEVEL_LABELS[item.level]}: {item.title} · {kind}"):
            st.markdown(f"{LEVEL_BADGE[item.level]} **{ui.plain(item.title)}**{also}")
            st.markdown(ui.plain(item.reason))
            sources = "; ".join(describe_source(s) for s in item.sources)
            st.caption(f"Kilde: {ui.plain(sources)}")


ANSWER_TEXT = {"nei": "svart nei", UNSTATED: "ikke oppgitt", "ja": "ja", None: ""}


def notices_panel(coverage: Coverage) -> None:
    """The plan's validity and route steps without a responsible actor."""
    for notice in coverage.notices:
        source = f" (Kilde: {describe_source(notice.source)})"
        if notice.kind == "plan_expired":
            st.warning(ui.plain(notice.text + source), icon=":material/event_busy:")
        else:
            st.info(ui.plain(notice.text + source), icon=":material/info:")


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
    editor_page.table_form(
        MUNICIPALITY,
        "actors",
        actors_frame(municipality, catalogue),
        {
            "id": st.column_config.TextColumn("ID", disabled=True, help="Lages automatisk."),
            "type": st.column_config.SelectboxColumn(
                "Type", options=list(type_options(catalogue)), required=True
            ),
            "label": st.column_config.TextColumn("Navn", max_chars=200, required=True),
            "contact": st.column_config.TextColumn(
                "Kontakt", max_chars=200, help="Telefon, e-post eller annen kontaktvei."
            ),
        },
        editor_page.Save(
            "Lagre aktører",
            "Aktørene ble ikke lagret.",
            "Aktørene er lagret.",
            ("measures", "route"),
        ),
        lambda content, rows: apply_actor_rows(content, rows, catalogue),
    )


def structures_form(municipality: MunicipalityFile) -> None:
    """Yes / no / not stated for each structure."""
    st.caption("Velg «Ikke oppgitt» når dere ikke vet; da sier filen ingenting om det.")
    with st.form(MUNICIPALITY.keys.widget("structures_form")):
        choices = {}
        for key in structure_keys(municipality):
            choices[key] = st.radio(
                ui.plain(STRUCTURE_LABELS.get(key, key)),  # a file may name its own structures
                list(STRUCTURE_CHOICES),
                index=list(STRUCTURE_CHOICES).index(structure_choice(municipality, key)),
                horizontal=True,
                key=state.structure_choice(key),
            )
        editor_page.save_button(
            MUNICIPALITY,
            editor_page.Save(
                "Lagre strukturer", "Strukturene ble ikke lagret.", "Strukturene er lagret."
            ),
            lambda: apply_structures(MUNICIPALITY.content, choices),
        )


def measures_form(municipality: MunicipalityFile) -> None:
    """The measures table: what, and who is responsible."""
    options = responsible_options(municipality)
    st.caption(
        "Tiltakene i kommunens plan og hvem som har ansvaret. Ansvarlig velges blant aktørene; "
        "legg til aktøren under «Aktører» først."
    )
    editor_page.table_form(
        MUNICIPALITY,
        "measures",
        measures_frame(municipality),
        {
            "what": st.column_config.TextColumn("Tiltak", max_chars=200, required=True),
            "responsible": st.column_config.MultiselectColumn("Ansvarlig", options=list(options)),
        },
        editor_page.Save("Lagre tiltak", "Tiltakene ble ikke lagret.", "Tiltakene er lagret."),
        lambda content, rows: apply_measure_rows(content, rows, options),
    )


def route_form(municipality: MunicipalityFile) -> None:
    """The municipality's own handling route: steps, who is responsible, a note; plan date."""
    options = responsible_options(municipality)
    st.caption(
        "Kommunens egne trinn når noen er bekymret («Hva gjør jeg ved bekymring?»), i "
        "rekkefølge. Ansvarlig velges blant aktørene; legg til aktøren under «Aktører» først. "
        "Trinnene vises i Nettverkskart for saker i kommunen, ved siden av de nasjonale trinnene."
    )
    valid_to = municipality.handlingsplan_gyldig_til
    day = st.date_input(
        "Handlingsplanen gjelder til",
        value=date.fromisoformat(valid_to) if valid_to else None,
        min_value=date(2000, 1, 1),
        max_value=date(2100, 12, 31),
        format="DD.MM.YYYY",
        key=MUNICIPALITY.keys.shown("route_valid_to"),
        help="Siste dag planen gjelder. Tomt når dere ikke vet det. Lagres med knappen under "
        "tabellen.",
    )
    editor_page.table_form(
        MUNICIPALITY,
        "route",
        route_frame(municipality),
        {
            "trinn": st.column_config.NumberColumn(
                "Trinn", disabled=True, help="Rekkefølgen på radene er rekkefølgen på trinnene."
            ),
            "what": st.column_config.TextColumn("Hva gjør du?", max_chars=200, required=True),
            "responsible": st.column_config.MultiselectColumn("Ansvarlig", options=list(options)),
            "note": st.column_config.TextColumn(
                "Merknad", max_chars=MAX_NOTE_LENGTH, help="Mer om trinnet, gjerne planens ord."
            ),
        },
        editor_page.Save(
            "Lagre handlingsveileder",
            "Handlingsveilederen ble ikke lagret.",
            "Handlingsveilederen er lagret.",
            title="Handlingsveileder",
        ),
        lambda content, rows: apply_route_rows(
            content, rows, options, day.isoformat() if day else None
        ),
    )


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


editor_page.header(
    "Kommunens aktørkart",
    "Endringer du gjør her, lagres ikke før du trykker «Lagre» under kartet (eller laster "
    "ned kommunefilen).",
)
with editor_page.above_tabs():
    open_section()
    MUNICIPALITY.messages()
    if not MUNICIPALITY.is_open():
        st.markdown(
            "Velg en kommune for å starte et nytt kart, åpne eksempelet fra Holmestrand, eller "
            "last opp en kommunefil."
        )
        st.stop()

    current = MUNICIPALITY.current()
    coverage = compute_coverage(current)
    place = coverage.kommune
    st.subheader(
        f"{ui.plain(coverage.name)} ({coverage.kommunenummer})"
        + (f" · {place.fylke}" if place else "")
    )
    summary_metrics(coverage, current)
    show_missing = st.toggle(
        "Vis aktørtyper som mangler (stiplet)", value=True, key=state.MUNICIPALITY_SHOW_MISSING
    )
    ui.show_map(municipal_map_spec(current, coverage, catalogue, show_missing=show_missing))
    downloads(current, coverage)
    editor_page.save_section(MUNICIPALITY)
tabs = st.tabs(
    [
        "Hva mangler?",
        "Regionalt og nasjonalt",
        "Aktører",
        "Strukturer",
        "Tiltak",
        "Handlingsveileder",
        "Om dekningen",
    ]
)
missing_tab, regional_tab, actors_tab, structures_tab, measures_tab, route_tab, about_tab = tabs
with missing_tab:
    missing_panel(coverage)
    case_demand_panel(coverage.kommunenummer, [actor.type for actor in current.actors])
with regional_tab:
    regional_panel(coverage)
with actors_tab:
    actors_form(current)
    with st.expander("Aktører fra et regneark (.xlsx)"):
        found = interop.municipality_spreadsheet_import(current, keys=MUNICIPALITY.keys)
        if found is not None:
            MUNICIPALITY.replace(found, "Tok inn aktørene fra regnearket.")
with structures_tab:
    structures_form(current)
with measures_tab:
    measures_form(current)
with route_tab:
    route_form(current)
with about_tab:
    about_panel()
