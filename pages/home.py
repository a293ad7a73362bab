"""Home: say what the app is for and let each person pick their role."""

import streamlit as st

from ui import nav
from ui.i18n import t

st.title(t("app.title"))
st.write(t("app.tagline"))

role = nav.current_role()
cards = [
    ("participant", "home.participant", "home.participant_help", ":material/smartphone:"),
    ("facilitator", "home.facilitator", "home.facilitator_help", ":material/co_present:"),
    ("analyst", "home.analyst", "home.analyst_help", ":material/insights:"),
]
for key, title, help_key, icon in cards:
    with st.container(border=True, key=f"role_{key}"):
        st.subheader(t(title))
        st.caption(t(help_key))
        if key == "participant":
            if st.button(t("home.go_join"), key="go_participant", icon=icon):
                nav.go("join")
        elif st.button(t("home.choose_role"), key=f"go_{key}", icon=icon,
                       type="primary" if role == key else "secondary"):
            nav.choose_role(key)
            st.rerun()

if role in ("facilitator", "analyst"):
    st.divider()
    for page_key in nav.ROLE_PAGES[role][1:]:
        st.page_link(nav.PAGES[page_key][0], label=t(nav.PAGES[page_key][2]), icon=nav.PAGES[page_key][3])
