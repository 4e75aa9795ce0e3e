"""«Hva sakene etterspør»: what the stored cases ask of a municipality, as counts only."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import streamlit as st

from graph.municipality import MAX_CASES, MIN_CASES, shown_count, stored_cases
from graph.municipality.case_demand import case_demand
from pages.widgets import state, storage_ui, ui

RESULT = state.key("municipality", "case_demand", "result")
"""Session key: (kommunenummer, registered types, counts, unreadable, truncated); no case."""
COUNT_BUTTON = state.key("municipality", "case_demand", "count")
GAPS_TABLE = state.key("municipality", "case_demand", "gaps")
USED_TABLE = state.key("municipality", "case_demand", "used")

EXPLANATION = (
    f"Tallene kommer fra de lagrede sakene du har tilgang til som gjelder denne kommunen. "
    f"Bare tall vises, aldri titler, aliaser eller navn. Tall under {MIN_CASES} vises som "
    f"«under {MIN_CASES}», slik at ingen enkeltsak kan kjennes igjen."
)


def _count(number: str, types: tuple[str, ...]) -> None:
    repo = storage_ui.repository()
    if repo is None:
        return
    with st.spinner("Teller sakene …"):
        found = storage_ui.attempt("Sakene kunne ikke telles.", lambda: stored_cases(repo, number))
    if found is None:
        return
    result = case_demand(found.cases, number, types)
    # Only the counts are kept in the session, not the cases.
    st.session_state[RESULT] = (number, types, result, found.unreadable, found.truncated)


def case_demand_panel(municipality_number: str, registered_types: Iterable[str] = ()) -> None:
    """Show «Hva sakene etterspør» for a municipality: counts from its stored cases.

    The cases are read (and each read is logged) only when the user asks, with the
    button; the counts stay until the municipality or its registered types change.
    """
    types = tuple(dict.fromkeys(registered_types))
    st.subheader("Hva sakene etterspør")
    st.caption(EXPLANATION)
    if st.button("Tell opp sakene", key=COUNT_BUTTON, icon=":material/calculate:"):
        _count(municipality_number, types)
    kept = st.session_state.get(RESULT)
    if not kept or kept[0] != municipality_number or kept[1] != types:
        st.info(
            "Trykk «Tell opp sakene» for å se hvilke aktørtyper sakene i kommunen har manglet, "
            "og hvilke av kommunens registrerte aktørtyper som er brukt i sakene.",
            icon=":material/info:",
        )
        return
    _, _, result, unreadable, truncated = kept
    if truncated:
        st.warning(
            f"Bare de {MAX_CASES} sist lagrede sakene er talt med.", icon=":material/warning:"
        )
    if unreadable:
        st.warning(
            ui.plain(f"{unreadable} lagrede saker kunne ikke leses og er ikke talt med."),
            icon=":material/warning:",
        )
    if result["cases"] is None:
        st.info(
            f"Færre enn {MIN_CASES} lagrede saker gjelder kommunen, så ingen tall vises.",
            icon=":material/visibility_off:",
        )
        return
    st.markdown(ui.plain(f"{result['cases']} saker gjelder kommunen."))
    if result["gaps"]:
        st.markdown("Aktørtyper sakene manglet (antall saker der veilederen sier må eller bør):")
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "Aktørtype": row["label"],
                        "Manglet, må": shown_count(row["must"]),
                        "Manglet, bør": shown_count(row["should"]),
                    }
                    for row in result["gaps"]
                ]
            ),
            hide_index=True,
            width="stretch",
            key=GAPS_TABLE,
        )
    else:
        st.success(f"Ingen aktørtype manglet i {MIN_CASES} saker eller flere.")
    if result["used"]:
        st.markdown("Kommunens registrerte aktørtyper brukt i sakene (antall saker):")
        st.dataframe(
            pd.DataFrame(
                [
                    {"Aktørtype": row["label"], "Brukt i saker": shown_count(row["cases"])}
                    for row in result["used"]
                ]
            ),
            hide_index=True,
            width="stretch",
            key=USED_TABLE,
        )
