"""The Streamlit page scripts, declared in ``app.py`` with ``st.navigation``."""
