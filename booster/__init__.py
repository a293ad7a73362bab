"""Booster Workshop's logic: sessions, participants' work, analysis and data files. Never imports streamlit.

Pages use `booster.workshop` (the domain API), `booster.store` (where documents live) and the
analysis modules; `python -m booster` is the command line (see booster/__main__.py).
"""
