"""Booster Workshop's logic: sessions, participants' work, analysis and data files. Never imports streamlit.

Screens use two facades, `booster.workshop` (the live workshop, over booster/live/) and
`booster.analysis` (the analysis), plus `booster.store` (where documents live) and
`booster.content` (the toolkit's texts). `booster.piles` holds the card sort's vocabulary,
`booster.settings` every setting; booster/files/ writes exports and bundles; booster/demo/ makes
synthetic sessions; `python -m booster` is the command line (booster/cli.py).
"""
