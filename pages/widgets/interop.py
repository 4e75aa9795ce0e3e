"""Downloads in every format and the spreadsheet upload, for Nettverkskart and Kommunens aktørkart.

The pages call these; everything they show comes from :mod:`graph.interop.export` and
:mod:`graph.interop`. Every download is made only when it is clicked and never reruns
the page (``on_click="ignore"``, see ``tests/test_page_downloads.py``). The spreadsheet
upload reads the file once, shows what it found (or every problem, by sheet, row and
column), and hands the case over only when the user accepts it.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import streamlit as st

from graph.format import MAX_ACTORS, MAX_TIES, Case, MunicipalityFile, Problem
from graph.interop import (
    EXPORTS,
    MAX_WORKBOOK_BYTES,
    actors_table,
    case_xlsx,
    import_municipality_actors,
    import_workbook,
    meeting_sheet_pdf,
    municipality_pdf,
    municipality_xlsx,
    pdf_unavailable_reason,
    ties_table,
)
from pages.widgets import state
from pages.widgets.ui import UploadRefusedError, plain, show_problems, take_upload

CASE_FORMATS = ("json", "html", "graphml", "gexf", "csv", "xlsx", "pdf", "svg")
CASE_BUTTONS: dict[str, tuple[str, str]] = {
    "json": ("Last ned saken (JSON)", "Ta vare på saken: filen kan lastes opp igjen senere."),
    "html": ("Last ned kartet (HTML)", "Ett frittstående kart som kan åpnes uten nett."),
    "graphml": (
        "Last ned for Gephi (GraphML)",
        "For Gephi og andre nettverksprogrammer: hvert bånd med navn og retning.",
    ),
    "gexf": (
        "Last ned for Gephi (GEXF)",
        "Gephis eget format, med kartets farger, former og plasseringer.",
    ),
    "csv": (
        "Last ned tabeller (CSV)",
        "To tabeller, noder og kanter, i én zip-fil. Åpnes i Excel eller Gephi.",
    ),
    "xlsx": (
        "Last ned regneark (Excel)",
        "Aktører, bånd, mangler og trinn i hvert sitt ark. Kan lastes opp igjen.",
    ),
    "pdf": (
        "Last ned møteark (PDF)",
        "Til møtet i ressursteamet: kart, deltakere, mangler, trinn og deling av "
        "opplysninger. Merket «Unntatt offentlighet».",
    ),
    "svg": (
        "Last ned kartet som bilde (SVG)",
        "Kartet som bilde, til utskrift eller i et dokument.",
    ),
}
"""Each case download's button text and help (the first three are those Nettverkskart has
always had: the browser tests click them by name)."""


def case_downloads(
    case: Case,
    analysis: dict,
    *,
    file_stem: str,
    formats: tuple[str, ...] = CASE_FORMATS,
    keys: state.ItemKeys = state.CASE,
) -> None:
    """A download button for each of ``formats`` (all by default), four to a row.

    Each file is made only when its button is clicked. Where WeasyPrint cannot run, the
    PDF button is replaced by a Norwegian note saying why.
    """
    makers = {fmt: (lambda fmt=fmt: EXPORTS[fmt].make(case)) for fmt in EXPORTS}
    makers["xlsx"] = lambda: case_xlsx(case, analysis)
    makers["pdf"] = lambda: meeting_sheet_pdf(case, analysis)
    reason = pdf_unavailable_reason() if "pdf" in formats else None
    slots = itertools.cycle(st.columns(4))
    for fmt in formats:
        if fmt == "pdf" and reason is not None:
            continue
        label, help_text = CASE_BUTTONS[fmt]
        next(slots).download_button(
            label,
            makers[fmt],
            f"{file_stem}.{EXPORTS[fmt].suffix}",
            EXPORTS[fmt].mime,
            help=help_text,
            key=keys.widget(f"dl_{fmt}"),
            on_click="ignore",
        )
    if reason is not None:
        st.caption(plain(reason))


def municipality_downloads(
    municipality: MunicipalityFile, *, file_stem: str, keys: state.ItemKeys = state.MUNICIPALITY
) -> None:
    """The municipality map as a workbook and its printable summary as PDF."""
    xlsx, pdf = EXPORTS["xlsx"], EXPORTS["pdf"]
    left, right = st.columns(2)
    left.download_button(
        "Last ned regneark (Excel)",
        lambda: municipality_xlsx(municipality),
        f"{file_stem}.{xlsx.suffix}",
        xlsx.mime,
        help="Aktører, strukturer, mangler, regionale instanser, tiltak og handlingsrute i "
        "hvert sitt ark.",
        key=keys.widget("dl_xlsx"),
        on_click="ignore",
    )
    reason = pdf_unavailable_reason()
    if reason is None:
        right.download_button(
            "Last ned sammendrag (PDF)",
            lambda: municipality_pdf(municipality),
            f"{file_stem}.{pdf.suffix}",
            pdf.mime,
            help="Én side med kommunens aktørkart, merket «Unntatt offentlighet».",
            key=keys.widget("dl_pdf"),
            on_click="ignore",
        )
    else:
        right.caption(plain(reason))


def remember_sheet(name: str, data: bytes, *, keys: state.ItemKeys = state.CASE) -> None:
    """Read an uploaded workbook and keep what it gave for :func:`spreadsheet_import`."""
    result = import_workbook(data, title=Path(name).stem)
    st.session_state[keys.widget("sheet_pending")] = (name, result.case, result.problems)


def remember_municipality_sheet(
    name: str,
    data: bytes,
    current: MunicipalityFile,
    *,
    keys: state.ItemKeys = state.MUNICIPALITY,
) -> None:
    """Read an uploaded list of services for :func:`municipality_spreadsheet_import`."""
    result = import_municipality_actors(data, current)
    st.session_state[keys.widget("sheet_pending")] = (name, result.municipality, result.problems)


def _uploaded_sheet(keys: state.ItemKeys, help_text: str) -> tuple[str, bytes] | None:
    """A newly uploaded workbook's name and bytes (each file once), or None.

    A file more than this tab may upload is refused, and the refusal kept as its result.
    """
    uploaded = st.file_uploader(
        "Last opp regneark (.xlsx)",
        type=["xlsx"],
        key=keys.widget("sheet_upload"),
        help=plain(help_text),
    )
    seen = keys.widget("sheet_seen")
    if uploaded is None or st.session_state.get(seen) == uploaded.file_id:
        return None
    st.session_state[seen] = uploaded.file_id
    try:
        return uploaded.name, take_upload(uploaded)
    except UploadRefusedError as refused:
        pending = (uploaded.name, None, [Problem((), str(refused))])
        st.session_state[keys.widget("sheet_pending")] = pending
        return None


def _pending(keys: state.ItemKeys) -> tuple | None:
    """The last workbook's ``(name, result, problems)``; shows the problems when refused."""
    pending = st.session_state.get(keys.widget("sheet_pending"))
    if not pending:
        return None
    name, result, problems = pending
    if result is None:
        show_problems(
            f"Regnearket «{name}» ble ikke lest. Rett dette i regnearket og last det opp "
            "på nytt (det du hadde, er uendret):",
            problems,
        )
        return None
    return pending


def municipality_spreadsheet_import(
    current: MunicipalityFile, *, keys: state.ItemKeys = state.MUNICIPALITY
) -> MunicipalityFile | None:
    """Upload a list of the municipality's services; return the file with those actors
    when the user accepts it (None otherwise).

    Structures, measures and the route stay; the page decides what to do with the file.
    """
    uploaded = _uploaded_sheet(
        keys,
        "Et ark «Aktører» med kolonnene Navn og Type, og gjerne ID og Kontakt. Listen "
        f"erstatter kommunens aktører. Høyst {MAX_ACTORS} aktører.",
    )
    if uploaded is not None:
        remember_municipality_sheet(*uploaded, current, keys=keys)
    pending = _pending(keys)
    if pending is None:
        return None
    name, municipality, _ = pending
    st.success(
        f"Regnearket «{plain(name)}» gir {len(municipality.actors)} aktører. Se over, og "
        "ta dem i bruk hvis alt stemmer.",
        icon=":material/task_alt:",
    )
    st.dataframe(
        [
            {"ID": a.id, "Navn": a.label, "Type": a.type, "Kontakt": a.contact}
            for a in municipality.actors
        ],
        hide_index=True,
    )
    if st.button("Bruk aktørene fra regnearket", key=keys.widget("sheet_accept"), type="primary"):
        st.session_state.pop(keys.widget("sheet_pending"), None)
        return municipality
    return None


def spreadsheet_import(*, keys: state.ItemKeys = state.CASE) -> Case | None:
    """Upload a workbook, preview what it holds or list every problem; return the case
    when the user accepts it (None otherwise).

    The page decides what to do with the case (open it in the editor, as when a case
    file is uploaded).
    """
    uploaded = _uploaded_sheet(
        keys,
        "Et ark «Aktører» (eller «Elements») med kolonnene Navn og Type, og gjerne et ark "
        "«Bånd» (eller «Connections») med Fra, Til og Type. Høyst "
        f"{MAX_ACTORS} aktører og {MAX_TIES} bånd, og høyst "
        f"{MAX_WORKBOOK_BYTES // (1024 * 1024)} MB.",
    )
    if uploaded is not None:
        remember_sheet(*uploaded, keys=keys)
    pending = _pending(keys)
    if pending is None:
        return None
    name, case, _ = pending
    st.success(
        f"Regnearket «{plain(name)}» gir en sak med {len(case.actors)} aktører og "
        f"{len(case.ties)} bånd. Se over, og åpne den hvis alt stemmer.",
        icon=":material/task_alt:",
    )
    for table in (actors_table(case), ties_table(case)):
        st.dataframe(
            [dict(zip(table.columns, row, strict=True)) for row in table.rows],
            hide_index=True,
        )
    if st.button("Åpne saken fra regnearket", key=keys.widget("sheet_accept"), type="primary"):
        st.session_state.pop(keys.widget("sheet_pending"), None)
        return case
    return None
