"""The app's thin Streamlit pages.

Page scripts live in ``pages/views/`` and shared helpers in ``pages/widgets/``; no
``.py`` file other than this one sits directly in ``pages/``. Streamlit treats a
top-level ``pages/*.py`` as a legacy page until ``st.navigation`` has run once in the
process, so a first visit straight to ``/aktorkart`` on a fresh server would run that
script without ``app.py`` (no page config, a sidebar listing every helper module).
With the scripts one level down, such a visit runs ``app.py``, whose navigation then
picks the page.
"""
