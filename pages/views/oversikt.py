"""Page Oversikt: many municipalities side by side, for regional planners."""

from __future__ import annotations

import hashlib
import os

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from graph.limits import MAX_UPLOAD_FILES
from graph.municipality.charts import MAX_HEATMAP_ROWS, heatmap_chart, missing_chart
from graph.municipality.coverage import compute_coverage
from graph.municipality.files import (
    FOLDER_ENV,
    LoadedFile,
    folder_bytes,
    json_files_in,
    municipality_folder,
    read_named,
    read_one,
)
from graph.municipality.overview import (
    SORT_CHOICES,
    Entry,
    filter_entries,
    missing_counts,
    overview_frame,
    sort_entries,
    status_frame,
)
from graph.reference.registry import fylker, politidistrikter
from pages.widgets import state, ui

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
    return loaded, Entry(name, coverage)


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
        store[file.file_id] = (loaded, Entry(file.name, coverage) if coverage else None)
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


st.title("Oversikt")
st.markdown(
    "Sammenlign mange kommuner: hvor godt hver kommune er dekket, hva som mangler oftest, og "
    "hvilke regionale instanser som dekker dem. Filene leses bare i denne nettleserfanen."
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

fylke_col, district_col, sort_col = st.columns(3)
present_fylker = {e.fylke for e in entries}
present_districts = {e.politidistrikt for e in entries}
chosen_fylker = fylke_col.multiselect(
    "Fylke",
    [f for f in fylker() if f in present_fylker],
    key=state.OVERSIKT_FYLKER,
    placeholder="Alle",
)
chosen_districts = district_col.multiselect(
    "Politidistrikt",
    [d for d in politidistrikter() if d in present_districts],
    key=state.OVERSIKT_DISTRICTS,
    placeholder="Alle",
)
order = sort_col.selectbox(
    "Sorter etter", list(SORT_CHOICES), format_func=SORT_CHOICES.get, key=state.OVERSIKT_SORT
)
shown = sort_entries(filter_entries(entries, chosen_fylker, chosen_districts), order)

scores = [e.coverage.score for e in shown]
cols = st.columns(3)
cols[0].metric("Kommuner", f"{len(shown)} av {len(entries)}")
cols[1].metric(
    "Gjennomsnittlig dekning", f"{round(100 * sum(scores) / len(scores))} %" if scores else "–"
)
cols[2].metric("Lavest dekning", f"{round(100 * min(scores))} %" if scores else "–")

if not shown:
    st.info("Ingen kommuner passer filteret.")
    st.stop()

st.subheader("Kommunene")
st.dataframe(
    overview_frame(shown),
    hide_index=True,
    width="stretch",
    column_config={
        "Dekning": st.column_config.ProgressColumn(
            "Dekning", min_value=0.0, max_value=1.0, format="percent"
        )
    },
)

st.subheader("Hva har kommunene?")
st.caption(
    "Hver rad er en kommune, hver kolonne et punkt veilederen ber om. Blått: på plass. "
    "Oransje til mørk rød: mangler (jo mørkere, jo sterkere ber veilederen om det)."
)
if len(shown) > MAX_HEATMAP_ROWS:
    st.info(f"Velg fylke eller politidistrikt for å se mindre enn {MAX_HEATMAP_ROWS} kommuner.")
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
