"""Facilitator: set up a new pilot session."""

import datetime as dt

import streamlit as st

from booster import content as content_mod, workshop
from ui import facilitator, nav, resources
from ui.guard import guard
from ui.i18n import LANGUAGE_NAMES, lang, t

st.title(t("facilitator.new_title"))
content = resources.content(content_mod.newest_version(resources.versions()))
activity_ids = [a.id for a in content.activities]

with st.form("new_session"):
    title = st.text_input(t("facilitator.title"), max_chars=120, key="ns_title")
    country = st.text_input(t("facilitator.country"), value="Indonesia", max_chars=60, key="ns_country")
    agency = st.text_input(t("facilitator.agency"), max_chars=120, key="ns_agency")
    date = st.date_input(t("facilitator.date"), value=dt.date.today(), key="ns_date")
    language = st.selectbox(t("facilitator.default_language"), resources.languages(), key="ns_language",
                            index=resources.languages().index(lang()),
                            format_func=lambda c: LANGUAGE_NAMES.get(c, c))
    version = st.selectbox(t("facilitator.content_version"), resources.versions(), key="ns_version",
                           index=resources.versions().index(content.version))
    activities = st.multiselect(t("facilitator.activities"), activity_ids, default=activity_ids,
                                key="ns_activities", help=t("facilitator.activities_help"),
                                format_func=lambda a: content.activity_name(a, lang()))
    mode = st.radio(t("facilitator.mode"), list(workshop.MODES), key="ns_mode", horizontal=True,
                    format_func=lambda m: t(f"facilitator.mode_{m}"))
    tables = st.number_input(t("facilitator.tables"), 1, 30, 4, key="ns_tables",
                             help=t("facilitator.tables_help"))
    sort_mode = st.radio(t("facilitator.sort_mode"), list(workshop.SORT_MODES), key="ns_sort_mode", horizontal=True,
                         format_func=lambda m: t(f"facilitator.sort_{m}"))
    pin = st.text_input(t("facilitator.pin"), type="password", max_chars=12, key="ns_pin",
                        help=t("facilitator.pin_help"))
    submitted = st.form_submit_button(t("facilitator.create"), type="primary", key="create_session")

if submitted:
    with guard():
        session = workshop.create_session(
            resources.store(), title=title, country=country, agency=agency, date=date.isoformat(),
            language=language, content_version=version, activities=activities, mode=mode,
            sort_mode=sort_mode, pin=pin, groups=int(tables) if mode == "group" else 0)
        facilitator.unlock(session.code)
        nav.go("run_session", s=session.code)
