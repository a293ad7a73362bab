"""Streamlit-only helpers: cached resources, language, error display, shared widgets."""
