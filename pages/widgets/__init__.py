"""Streamlit helpers shared by the pages: escaping, maps, panels, storage controls."""
