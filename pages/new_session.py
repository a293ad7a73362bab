"""Facilitator: set up a new pilot session, from scratch or from the setup of one they ran."""

import datetime as dt

import streamlit as st

from booster import content as content_mod, workshop
from booster.live import session_setup
from ui import facilitator, nav, resources
from ui.guard import guard
from ui.i18n import LANGUAGE_NAMES, lang, t
from ui.text import plain

AUTO = "auto"  # the participants' language follows the country


def _language_name(code: str) -> str:
    return t("facilitator.language_auto") if code == AUTO else LANGUAGE_NAMES.get(code, code)


def _version_name(version: str) -> str:
    proposed = resources.content(version).structure.status != content_mod.RELEASED
    return t("revision.proposed_version", version=version) if proposed else version


st.title(t("facilitator.new_title"))
# New sessions start with the newest released version; a proposed one (the refinement loop's) is picked on purpose.
content = resources.content(resources.default_version())
activity_ids = [a.id for a in content.activities]
copied = None
with guard():
    copied = facilitator.session_to_copy()
setup = session_setup.setup_of(copied) if copied else {}
if copied:
    st.info(t("facilitator.copying", title=plain(copied.title), code=copied.code), icon=":material/content_copy:")

with st.form("new_session"):
    title = st.text_input(t("facilitator.title"), value=setup.get("title", ""), max_chars=120, key="ns_title")
    country = st.text_input(t("facilitator.country"), value=setup.get("country", "Indonesia"), max_chars=60,
                            key="ns_country")
    agency = st.text_input(t("facilitator.agency"), value=setup.get("agency", ""), max_chars=120, key="ns_agency")
    date = st.date_input(t("facilitator.date"), value=dt.date.today(), key="ns_date")
    choices = [AUTO, *resources.languages()]
    language = st.selectbox(t("facilitator.default_language"), choices, key="ns_language",
                            index=choices.index(setup.get("language", AUTO)),
                            format_func=_language_name)
    version = st.selectbox(t("facilitator.content_version"), resources.versions(), key="ns_version",
                           index=resources.versions().index(setup.get("content_version", content.version)),
                           format_func=_version_name)
    activities = st.multiselect(t("facilitator.activities"), activity_ids,
                                default=setup.get("activities", activity_ids), key="ns_activities",
                                help=t("facilitator.activities_help"),
                                format_func=lambda a: content.activity_name(a, lang()))
    dealt = content.deck_card_ids(content.default_decks())
    st.caption(t("facilitator.extra_decks", count=len(dealt)))
    extra = [deck for deck in content.deck_ids() if deck not in content.default_decks()
             and st.checkbox(content.label("deck", deck, lang()), key=f"ns_deck_{deck}",
                             value=deck in (setup.get("decks") or ()),
                             help=content.text(lang(), "decks", deck, "description"))]
    mode = st.radio(t("facilitator.mode"), list(workshop.MODES), key="ns_mode", horizontal=True,
                    index=list(workshop.MODES).index(setup.get("mode", workshop.MODES[0])),
                    format_func=lambda m: t(f"facilitator.mode_{m}"))
    tables = st.number_input(t("facilitator.tables"), 1, 30, setup.get("tables", 4), key="ns_tables",
                             help=t("facilitator.tables_help"))
    sort_mode = st.radio(t("facilitator.sort_mode"), list(workshop.SORT_MODES), key="ns_sort_mode", horizontal=True,
                         index=list(workshop.SORT_MODES).index(setup.get("sort_mode", workshop.SORT_MODES[0])),
                         format_func=lambda m: t(f"facilitator.sort_{m}"))
    pin = st.text_input(t("facilitator.pin"), type="password", max_chars=12, key="ns_pin",
                        help=t("facilitator.pin_help"))
    submitted = st.form_submit_button(t("facilitator.create"), type="primary", key="create_session")

if submitted:
    with guard():
        if language == AUTO:
            language = session_setup.language_for_country(country, resources.languages())
        session = workshop.create_session(
            resources.store(), title=title, country=country, agency=agency, date=date.isoformat(),
            language=language, content_version=version, activities=activities, mode=mode,
            decks=[*resources.content(version).default_decks(), *extra],
            sort_mode=sort_mode, pin=pin, groups=int(tables) if mode == "group" else 0)
        if setup.get("minutes"):
            session_setup.set_timer_defaults(resources.store(), session.code, setup["minutes"])
        facilitator.unlock(session.code)
        nav.go("run_session", s=session.code)
