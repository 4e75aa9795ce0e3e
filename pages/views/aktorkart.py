"""Page Aktørkart: the national actor map and the searchable actor catalogue."""

from __future__ import annotations

import streamlit as st

from graph.maps import idea_map_spec
from graph.reference import (
    SPHERE_LABELS,
    catalogue_frame,
    citation_url,
    describe_citation,
    fact_label,
    load_catalogue,
    search_types,
)
from pages.widgets import state, ui

catalogue = load_catalogue()

st.title("Aktørkart")
st.markdown(
    "Hvem kan bidra i det forebyggende arbeidet rundt én person? Kartet viser den nasjonale "
    "veilederens idékart: individet i midten, de nære arenaene rundt og tjenestene utenfor. "
    "Hold musepekeren over en aktør for å lese om rollen."
)
ui.show_map(idea_map_spec(catalogue))

st.subheader("Aktørkatalogen")
query_col, sphere_col = st.columns([3, 2])
query = query_col.text_input(
    "Søk",
    placeholder="For eksempel «barnevern», «koordinator» eller «taushetsplikt»",
    key=state.AKTORKART_QUERY,
    max_chars=100,
)
spheres = sphere_col.multiselect(
    "Nettverk",
    list(SPHERE_LABELS),
    default=list(SPHERE_LABELS),
    format_func=SPHERE_LABELS.get,
    key=state.AKTORKART_SPHERES,
)
found = [t for t in search_types(catalogue, query) if t.sphere in spheres]
st.caption(f"{len(found)} av {len(catalogue.types)} aktørtyper")
if found:
    st.dataframe(catalogue_frame(found, catalogue), hide_index=True, width="stretch")
else:
    st.info("Ingen aktørtyper passer søket. Prøv et annet ord.")

st.subheader("Mer om én aktør")
chosen = st.selectbox(
    "Velg aktør",
    [t.key for t in found] or list(catalogue.types),
    format_func=catalogue.label,
    key=state.AKTORKART_DETAIL,
)
actor_type = catalogue.types[chosen]
st.markdown(
    f"**{ui.plain(actor_type.label)}** · {SPHERE_LABELS[actor_type.sphere]} · "
    f"{ui.plain(catalogue.sector_label(actor_type.sector))}"
)
st.write(actor_type.description)
if actor_type.can_coordinate:
    st.markdown("Kan være **koordinator** for oppfølgingen.")
for duty_key in actor_type.duties:
    duty = catalogue.duties[duty_key]
    st.markdown(f"- **{ui.plain(duty.label)}:** {ui.plain(duty.description)}")
if actor_type.contacts:
    st.markdown("**Nasjonale kontaktpunkter**")
    for contact in actor_type.contacts:
        mark = "" if contact.confidence == "verified" else " *(delvis kontrollert)*"
        st.markdown(f"- {ui.plain(contact.name)}: {ui.plain(contact.value)}{mark}")
st.markdown("**Kilder**")
for fact, refs in actor_type.sources.items():
    for ref in refs:
        url = citation_url(ref)
        # The shipped catalogue's own sources stay links; text from users never is one.
        where = f" ([{ui.plain(url)}]({url}))" if url.startswith("https://") else ""
        st.markdown(f"- {ui.plain(fact_label(fact))}: {ui.plain(describe_citation(ref))}{where}")
