"""Which screens each role sees, and moving between them without losing language or role."""

from __future__ import annotations

import streamlit as st

ROLE_PARAM = "role"
ROLES = ("participant", "facilitator", "analyst")
VIEW_PARAM = "view"  # the projector link: the wall of one session, no other screen

# page key -> (file, url path, title key, icon)
PAGES = {
    "home": ("pages/home.py", "home", "nav.home", ":material/home:"),
    "join": ("pages/join.py", "join", "nav.join", ":material/login:"),
    "workshop": ("pages/participant.py", "workshop", "nav.workshop", ":material/edit_note:"),
    "new_session": ("pages/new_session.py", "new", "nav.new_session", ":material/add_circle:"),
    "run_session": ("pages/run_session.py", "run", "nav.run_session", ":material/dashboard:"),
    "paper_sort": ("pages/paper_sort.py", "paper", "nav.paper_sort", ":material/description:"),
    "projector": ("pages/projector.py", "wall", "nav.projector", ":material/tv:"),
    "cardsort_analysis": ("pages/analysis_cardsort.py", "cardsort", "nav.cardsort_analysis", ":material/grid_view:"),
    "worksheet_analysis": ("pages/analysis_worksheets.py", "worksheets", "nav.worksheet_analysis", ":material/table_view:"),
    "feedback_analysis": ("pages/analysis_feedback.py", "feedback", "nav.feedback_analysis", ":material/reviews:"),
    "compare_analysis": ("pages/analysis_compare.py", "compare", "nav.compare_analysis", ":material/compare_arrows:"),
    "backlog": ("pages/analysis_backlog.py", "backlog", "nav.backlog", ":material/checklist:"),
    "data": ("pages/analysis_data.py", "data", "nav.data", ":material/download:"),
    "revisions": ("pages/analysis_revisions.py", "revisions", "nav.revisions", ":material/difference:"),
}
ROLE_PAGES = {
    None: ["home", "join"],
    "participant": ["join", "workshop"],
    "facilitator": ["home", "new_session", "run_session", "paper_sort"],
    "projector": ["projector"],
    "analyst": ["home", "cardsort_analysis", "worksheet_analysis", "feedback_analysis", "compare_analysis", "backlog",
                "revisions", "data"],
}


def current_role() -> str | None:
    """Participants arrive by a join link (?code=) or resume link (?s=&t=); others pick on the home page.

    The role lives in this tab's session state and is mirrored into the URL on every run
    (a page switch clears query parameters), so a reload keeps the facilitator on their screen.
    """
    params = st.query_params
    if VIEW_PARAM in params:
        st.session_state["role"] = "projector"
    elif "t" in params or "code" in params:
        st.session_state["role"] = "participant"
    elif params.get(ROLE_PARAM) in ROLES:
        st.session_state.setdefault("role", params[ROLE_PARAM])
    role = st.session_state.get("role")
    if role in ("facilitator", "analyst"):
        st.query_params[ROLE_PARAM] = role
    return role


def choose_role(role: str | None) -> None:
    st.session_state["role"] = role
    if role is None:
        st.query_params.pop(ROLE_PARAM, None)


def _page(key: str, t) -> st.Page:
    file, url, title, icon = PAGES[key]
    return st.Page(file, title=t(title), icon=icon, url_path=url, default=(key == _default_key()))


def _default_key() -> str:
    role = current_role()
    if role == "participant":
        return "workshop" if "t" in st.query_params else "join"
    if role == "projector":
        return "projector"
    # Streamlit serves the default page at "/" only, so roles whose screens are deep-linked keep
    # home as their default and every other screen keeps its own URL (/run, /cardsort ...).
    return "home"


def pages_for(role: str | None, t) -> list[st.Page]:
    return [_page(key, t) for key in ROLE_PAGES[role]]


def go(key: str, **params: str) -> None:
    """Switch screen keeping the language (and any given parameters) in the URL."""
    keep = {k: v for k, v in st.query_params.items() if k == "lang"}
    keep.update({k: v for k, v in params.items() if v is not None})
    st.switch_page(PAGES[key][0], query_params=keep)


def analyst_gate(t) -> None:
    """When BOOSTER_ANALYST_PASSWORD is set, analyst screens (all sessions' data, bundles) need it."""
    import time

    from booster import settings
    from booster.live.access import check_password
    from ui import resources
    from ui.guard import guard

    expected = settings.analyst_password()
    if not expected or st.session_state.get("analyst_unlocked"):
        return
    with st.form("analyst_gate"):
        given = st.text_input(t("home.analyst_password"), type="password", key="analyst_password")
        if st.form_submit_button(t("facilitator.sign_in_button"), type="primary", key="analyst_sign_in"):
            with guard():
                resources.attempts().attempt("_analyst", "analyst password", time.monotonic(),
                                             lambda: check_password(given, expected))
                st.session_state["analyst_unlocked"] = True
                st.rerun()
    st.stop()
