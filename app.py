"""Tverrkart: the Streamlit entry point. It only declares the pages."""

from pathlib import Path

import streamlit as st

from graph.render import ensure_static_copy
from pages.widgets import team

st.set_page_config(
    page_title="Tverrkart",
    page_icon=str(Path(__file__).parent / "static" / "favicon.png"),
    layout="wide",
)

# Team mode: nobody gets past this without logging in (local mode: nothing happens).
team.gate()

# vis-network is served from the app's own static folder: no request leaves the machine.
ensure_static_copy(Path(__file__).parent / "static")

pages = [
    st.Page(
        "pages/views/nettverkskart.py", title="Nettverkskart", icon=":material/hub:", default=True
    ),
    st.Page("pages/views/aktorkart.py", title="Aktørkart", icon=":material/map:"),
    st.Page("pages/views/saker.py", title="Lagrede saker", icon=":material/folder_open:"),
    st.Page("pages/views/kommune.py", title="Kommunens aktørkart", icon=":material/location_city:"),
    st.Page("pages/views/oversikt.py", title="Oversikt", icon=":material/table_chart:"),
]
st.navigation(pages).run()
