"""Page Oversikt: many municipalities side by side, for regional planners."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from graph.format import MAX_UPLOAD_FILES, validate_municipality
from graph.interop import overview_pdf, overview_xlsx, pdf_unavailable_reason
from graph.municipality import (
    ALESUND,
    CREDIT,
    FOLDER_ENV,
    HARAM,
    HARAM_NOTE,
    MAX_HEATMAP_ROWS,
    SELECTION,
    SORT_CHOICES,
    Entry,
    LoadedFile,
    chosen_number,
    colour_choices,
    compute_coverage,
    file_count,
    filter_entries,
    folder_bytes,
    heatmap_chart,
    json_files_in,
    map_frame,
    map_picture,
    missing_chart,
    missing_counts,
    municipality_folder,
    new_municipality_dict,
    norway_spec,
    overview_frame,
    read_named,
    read_one,
    shapes_for,
    sort_entries,
    status_frame,
)
from graph.reference import (
    fylker,
    kommune,
    load_kommuner,
    politidistrikter,
    region_numbers,
    regional_names,
)
from pages.widgets import state, ui
from pages.widgets.item import MUNICIPALITY

KOMMUNE_PAGE = "pages/views/kommune.py"
TABLE_DOWNLOAD = {kind: state.key("oversikt", "table_download", kind) for kind in ("xlsx", "pdf")}

# This session's folder files already read: content hash → (file, coverage or None).
CACHE = state.OVERSIKT_CACHE
UPLOADED = state.OVERSIKT_UPLOADED
"""This tab's uploaded files, read once: file id → (file, entry or None) or why not read.
Only what was read is kept; the bytes are freed on the server (``ui.take_upload``)."""
TOO_MANY = "too many"


def read_cached(name: str, data: bytes | None) -> tuple[LoadedFile, Entry | None]:
    """Read and score a file once per session; later reruns only hash its bytes.

    ``data`` is ``None`` for a file too large to read (see :func:`folder_bytes`).
    """
    if data is None:
        return read_named(name, None), None
    cache = st.session_state.setdefault(CACHE, {})
    key = hashlib.blake2b(data, digest_size=16).hexdigest()
    if key not in cache:
        loaded = read_one(name, data)
        coverage = compute_coverage(loaded.municipality) if loaded.municipality else None
        cache[key] = (loaded, coverage)
    loaded, coverage = cache[key]
    if coverage is None:
        return LoadedFile(name, None, loaded.problems), None
    return loaded, Entry(name, coverage, loaded.municipality)


def read_uploads(files: list) -> tuple[list[tuple[LoadedFile, Entry | None]], list[str]]:
    """Each uploaded file read once, and only what was read from it kept.

    ``files`` is the uploader's state: files not read yet, and files already read
    (whose bytes the server has freed). Returns the results for the files in the
    uploader now, in its order, and what to tell about files that were not read.
    """
    store = st.session_state.setdefault(UPLOADED, {})
    ids = [file.file_id for file in files]
    for gone in set(store) - set(ids):  # removed from the uploader
        del store[gone]
    for file in files:
        if file.file_id in store or not isinstance(file, UploadedFile):
            continue
        if sum(isinstance(v, tuple) for v in store.values()) >= MAX_UPLOAD_FILES:
            ui.release_upload(file)
            store[file.file_id] = TOO_MANY
            continue
        try:
            data = ui.take_upload(file)
        except ui.UploadRefusedError as refused:
            store[file.file_id] = str(refused)
            continue
        loaded = read_one(file.name, data)
        coverage = compute_coverage(loaded.municipality) if loaded.municipality else None
        entry = Entry(file.name, coverage, loaded.municipality) if coverage else None
        store[file.file_id] = (loaded, entry)
    kept = [store[i] for i in ids if isinstance(store.get(i), tuple)]
    not_read = [store[i] for i in ids if isinstance(store.get(i), str)]
    told = []
    if TOO_MANY in not_read:
        told.append(
            f"Oversikt leser høyst {MAX_UPLOAD_FILES} filer om gangen, og "
            f"{not_read.count(TOO_MANY)} av filene ble ikke lest. Fjern filer du ikke trenger "
            "(krysset ved filnavnet), og last opp de som ikke ble lest, på nytt."
        )
    told += sorted({text for text in not_read if text != TOO_MANY})
    return kept, told


def sources_section() -> tuple[list[tuple[LoadedFile, Entry | None]], list[str]]:
    """Uploads, and the server folder if chosen: every file's result, and what to tell."""
    upload_col, folder_col = st.columns([3, 2])
    with upload_col:
        st.file_uploader(
            "Last opp kommunefiler (.json)",
            type=["json"],
            accept_multiple_files=True,
            key=state.OVERSIKT_UPLOAD,
            help=f"Velg mange filer på én gang: én fil per kommune, fra Kommunens aktørkart. "
            f"Høyst {MAX_UPLOAD_FILES} filer.",
        )
    with folder_col:
        configured = bool(os.environ.get(FOLDER_ENV))
        count = len(json_files_in(municipality_folder()))
        files = f"{count} fil" if count == 1 else f"{count} filer"
        label = (
            f"Ta med kommunefilene på serveren ({files})"
            if configured
            else f"Ta med eksempelet som følger med Tverrkart ({files})"
        )
        use_folder = st.toggle(
            label,
            value=False,
            key=state.OVERSIKT_FOLDER,
            help="Mappen er bestemt av den som driver Tverrkart; den kan ikke endres her.",
        )
    # The uploader's own state also lists the files already read (and freed).
    results, told = read_uploads(list(st.session_state.get(state.OVERSIKT_UPLOAD) or []))
    if use_folder:
        results += [read_cached(name, data) for name, data in folder_bytes(municipality_folder())]
    return results, told


def open_municipality(number: str, entries: list[Entry]) -> None:
    """Open a municipality on «Kommunens aktørkart»: its file here, or a new, empty map."""
    place = kommune(number)
    name = place.name if place else number
    found = next((e.municipality for e in entries if e.coverage.kommunenummer == number), None)
    # Opening may rerun the script at once (the item folds its open section); the flag
    # makes that next run go on to «Kommunens aktørkart» (see the top of the page).
    st.session_state[state.OVERSIKT_SWITCH] = True
    if found is not None:
        MUNICIPALITY.replace(found, f"Åpnet {name} fra Oversikt.")
    else:
        MUNICIPALITY.replace(
            validate_municipality(new_municipality_dict(number)),
            f"Oversikt har ingen fil for {name}, så et nytt, tomt kart er startet.",
        )
    st.session_state.pop(state.OVERSIKT_SWITCH, None)
    st.switch_page(KOMMUNE_PAGE)


def map_section(
    entries: list[Entry], region: list[str], with_file: int, in_region: int
) -> Callable[[], dict] | None:
    """The map of Norway (or of the chosen region), its notes, the list to open from, downloads.

    Returns what makes the map's printable spec (for the table's PDF), or ``None`` when
    the map is hidden.
    """
    st.subheader("Kart")
    if not st.toggle("Vis kartet", value=True, key=state.OVERSIKT_SHOW_MAP):
        st.caption(ui.plain(f"{with_file} av {in_region} kommuner har registrert aktørkart."))
        return None
    choices = colour_choices()
    colour_by = st.selectbox(
        "Farg kommunene etter",
        list(choices),
        format_func=choices.get,
        key=state.OVERSIKT_COLOUR,
        help="Dekningen, eller om kommunen har en bestemt aktør eller struktur.",
    )
    frame = map_frame(entries, colour_by)
    spec = norway_spec(frame, shapes_for(region), colour_by)
    event = st.vega_lite_chart(
        spec,
        on_select="rerun",
        selection_mode=SELECTION,
        key=state.OVERSIKT_MAP,
        width="stretch",
    )
    number = chosen_number(event)
    if number is not None:
        st.session_state.pop(state.OVERSIKT_MAP, None)  # a later visit starts unselected
        open_municipality(number, entries)
    st.caption(
        ui.plain(
            f"{with_file} av {in_region} kommuner i kartet har registrert aktørkart; de andre "
            "er grå. Hold pekeren over en kommune for dekning og hva som mangler. Klikk for å "
            f"åpne den på «Kommunens aktørkart». {CREDIT}."
        )
    )
    if HARAM in region or ALESUND in region:
        st.info(HARAM_NOTE + " Haram kan åpnes fra listen under kartet.", icon=":material/info:")
    open_col, svg_col, png_col = st.columns([2, 1, 1], vertical_alignment="bottom")
    with open_col:
        chosen = st.selectbox(
            "Åpne en kommune på «Kommunens aktørkart»",
            region,
            index=None,
            format_func=lambda n: load_kommuner()[n].option_label(),
            key=state.OVERSIKT_OPEN,
            placeholder="Skriv navn eller nummer",
        )
    if open_col.button("Åpne", disabled=chosen is None, key=state.OVERSIKT_OPEN_BUTTON):
        open_municipality(chosen, entries)
    title = f"Tverrkart: {choices[colour_by].lower()} ({with_file} av {in_region} kommuner)"

    def print_spec() -> dict:
        return norway_spec(frame, shapes_for(region), colour_by, title=title, width=700)

    for col, kind, mime in ((svg_col, "svg", "image/svg+xml"), (png_col, "png", "image/png")):
        col.download_button(
            ui.plain(f"Last ned kartet ({kind.upper()})"),
            lambda kind=kind: map_picture(print_spec(), kind),
            f"tverrkart-kart.{kind}",
            mime,
            key=state.OVERSIKT_MAP_DOWNLOAD[kind],
            on_click="ignore",
            help="Samme kart som over, til rapporter. Lages på maskinen, uten nett.",
        )
    return print_spec


if st.session_state.pop(state.OVERSIKT_SWITCH, False):
    st.switch_page(KOMMUNE_PAGE)  # a municipality was opened in the run before
st.title("Oversikt")
st.markdown(
    "Sammenlign mange kommuner: hvor godt hver kommune er dekket, hva som mangler oftest, og "
    "hvilke regionale instanser som dekker dem, på et kart over Norge. Filene leses bare i denne "
    "nettleserfanen."
)
results, not_read = sources_section()
for text in not_read:
    st.error(ui.plain(text), icon=":material/block:")
refused = [loaded for loaded, entry in results if entry is None]
entries = [entry for _, entry in results if entry is not None]

for loaded in refused[:10]:
    ui.show_problems(
        f"Filen «{loaded.name}» ble ikke lest. De andre filene er med.", loaded.problems
    )
if len(refused) > 10:
    st.error(f"{len(refused) - 10} filer til ble ikke lest.", icon=":material/error:")

if not entries:
    st.info(
        "Last opp kommunefiler, eller slå på eksempelet, for å se oversikten.",
        icon=":material/upload_file:",
    )
    st.stop()

numbers = [e.coverage.kommunenummer for e in entries]
if len(set(numbers)) < len(numbers):
    st.warning(
        "Noen kommuner har mer enn én fil. Begge vises, med filnavnet i parentes.",
        icon=":material/warning:",
    )

fylke_col, district_col, rvts_col, konfliktrad_col = st.columns(4)
chosen_fylker = fylke_col.multiselect(
    "Fylke", fylker(), key=state.OVERSIKT_FYLKER, placeholder="Alle"
)
chosen_districts = district_col.multiselect(
    "Politidistrikt", politidistrikter(), key=state.OVERSIKT_DISTRICTS, placeholder="Alle"
)
chosen_rvts = rvts_col.multiselect(
    "RVTS-region",
    regional_names("rvts"),
    key=state.OVERSIKT_RVTS,
    placeholder="Alle",
    help="En kommune som referansedataene ikke har plassert sikkert («RVTS Øst eller RVTS "
    "Sør»), er med i begge regionene og merket «usikker».",
)
chosen_konfliktrad = konfliktrad_col.multiselect(
    "Konfliktråd",
    regional_names("konfliktrad"),
    key=state.OVERSIKT_KONFLIKTRAD,
    placeholder="Alle",
    help="Konfliktrådenes områder er antatt like politidistriktene, så alle er «usikker».",
)
region = region_numbers(chosen_fylker, chosen_districts, chosen_rvts, chosen_konfliktrad)
shown = filter_entries(entries, chosen_fylker, chosen_districts, chosen_rvts, chosen_konfliktrad)
with_file, in_region = file_count(entries, region)

scores = [e.coverage.score for e in shown]
cols = st.columns(4)
cols[0].metric("Kommuner", f"{len(shown)} av {len(entries)}", help="Filer i utvalget av alle lest.")
cols[1].metric(
    "Har registrert aktørkart",
    ui.plain(f"{with_file} av {in_region}"),
    help="Kommuner i det valgte området som har minst én kommunefil her.",
)
cols[2].metric(
    "Gjennomsnittlig dekning", f"{round(100 * sum(scores) / len(scores))} %" if scores else "–"
)
cols[3].metric("Lavest dekning", f"{round(100 * min(scores))} %" if scores else "–")

map_spec = map_section(entries, region, with_file, in_region)

if not shown:
    st.info("Ingen kommuner passer filteret.")
    st.stop()

st.subheader("Kommunene")
order = st.selectbox(
    "Sorter etter", list(SORT_CHOICES), format_func=SORT_CHOICES.get, key=state.OVERSIKT_SORT
)
shown = sort_entries(shown, order)
st.dataframe(
    overview_frame(shown),
    hide_index=True,
    width="stretch",
    column_config={
        "Dekning": st.column_config.ProgressColumn(
            "Dekning", min_value=0.0, max_value=1.0, format="percent"
        ),
        "Ikke oppgitt": st.column_config.NumberColumn(
            "Ikke oppgitt",
            help="Strukturer kommunen ikke har sagt noe om (ikke det samme som nei).",
        ),
    },
)
st.caption(
    "Politidistrikt, RVTS-region og konfliktråd fylles inn ut fra kommunenummeret. «usikker» "
    "og «middels sikker» betyr at det ikke er bekreftet at kommunen hører til instansen; "
    "sjekk før dere bruker det."
)
table_title = "Tverrkart: oversikt" + (
    f" ({', '.join(chosen_fylker + chosen_districts + chosen_rvts + chosen_konfliktrad)})"
    if chosen_fylker or chosen_districts or chosen_rvts or chosen_konfliktrad
    else ""
)
pdf_reason = pdf_unavailable_reason()
xlsx_col, pdf_col, _ = st.columns([1, 1, 2])
xlsx_col.download_button(
    "Last ned tabellen (XLSX)",
    lambda entries=shown: overview_xlsx(
        entries, map_png=map_picture(map_spec(), "png") if map_spec else None
    ),
    "tverrkart-oversikt.xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key=TABLE_DOWNLOAD["xlsx"],
    on_click="ignore",
    help="Kartet (når det vises), tabellen og hva som mangler oftest, som regneark. Lages på "
    "maskinen, uten nett.",
)
pdf_col.download_button(
    "Last ned tabellen (PDF)",
    lambda entries=shown: overview_pdf(
        entries,
        title=table_title,
        map_svg=map_picture(map_spec(), "svg").decode("utf-8") if map_spec else None,
    ),
    "tverrkart-oversikt.pdf",
    "application/pdf",
    key=TABLE_DOWNLOAD["pdf"],
    on_click="ignore",
    disabled=pdf_reason is not None,
    help=ui.plain(pdf_reason or "Kartet (når det vises), tabellen og hva som mangler oftest."),
)

st.subheader("Hva har kommunene?")
st.caption(
    "Hver rad er en kommune, hver kolonne et punkt veilederen ber om. Blått: på plass. "
    "Oransje til mørk rød: mangler (jo mørkere, jo sterkere ber veilederen om det). Grått: "
    "ikke oppgitt (kommunen har ikke sagt om strukturen finnes)."
)
if len(shown) > MAX_HEATMAP_ROWS:
    st.info(
        f"Velg fylke, politidistrikt, RVTS-region eller konfliktråd for å se færre enn "
        f"{MAX_HEATMAP_ROWS} kommuner."
    )
else:
    # Many rows scroll inside a box, so the chart of what is missing stays within reach.
    with st.container(height=720 if len(shown) > 40 else "content", border=False):
        st.altair_chart(heatmap_chart(status_frame(shown)), width="stretch")

st.subheader("Hva mangler oftest?")
counts = missing_counts(shown)
if counts.empty:
    st.success("Alle kommunene i utvalget har alt veilederen ber om.")
else:
    st.altair_chart(missing_chart(counts), width="stretch")
