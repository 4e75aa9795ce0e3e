"""The municipality's own handling route, shown on Nettverkskart next to the national steps.

The page calls :func:`municipal_route_panel` with the open case. The route comes from
the municipality file open on «Kommunens aktørkart» in this session, or else from the
shipped example files (the same candidates as the municipal links of the gaps).
"""

from __future__ import annotations

import contextlib

import streamlit as st

from graph.format import Case, InvalidFileError, MunicipalityFile
from graph.municipality import CaseRoute, case_route, shipped_files
from pages.widgets import ui
from pages.widgets.item import MUNICIPALITY


def route_candidates() -> list[MunicipalityFile]:
    """The municipality file open on «Kommunens aktørkart» first, then the shipped ones."""
    candidates = []
    if MUNICIPALITY.is_open():
        with contextlib.suppress(InvalidFileError):  # that page shows its own problems
            candidates.append(MUNICIPALITY.current())
    candidates += [loaded.municipality for loaded in shipped_files() if loaded.municipality]
    return candidates


def show_route(route: CaseRoute) -> None:
    """The steps, who is responsible with contacts, and the plan's validity."""
    if route.expired:
        st.warning(ui.plain(route.validity_text()), icon=":material/event_busy:")
    elif route.valid_to is not None:
        st.caption(ui.plain(route.validity_text()))
    for step in route.steps:
        st.markdown(ui.plain(step.text()))
        if step.note:
            st.caption(ui.plain(step.note))
    for notice in route.notices:
        if notice.kind == "step_without_responsible":
            st.caption(ui.plain(notice.text))


def municipal_route_panel(case: Case) -> None:
    """«Kommunens egen handlingsveileder» for the case's municipality, or why there is none.

    Nothing is drawn when the case names no municipality.
    """
    if not case.municipality:
        return
    st.markdown("#### Kommunens egen handlingsveileder")
    route = case_route(case.municipality, route_candidates())
    if route is None:
        st.caption(
            f"Tverrkart har ingen kommunefil for kommunenummer {ui.plain(case.municipality)}. "
            "Åpne kommunens kart på «Kommunens aktørkart» for å se kommunens egne trinn her."
        )
        return
    if not route.steps:
        st.caption(
            f"{ui.plain(route.name)} har ikke registrert egne trinn. Legg dem inn under "
            "«Handlingsveileder» på «Kommunens aktørkart»."
        )
        return
    st.caption(
        f"Trinnene {ui.plain(route.name)} kommune har i sin handlingsplan. Bruk dem sammen "
        "med de nasjonale trinnene."
    )
    show_route(route)
