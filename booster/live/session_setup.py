"""Setting a session up: the participants' language a country suggests, and a past session's setup
to start a new one from (a new code and PIN are always made; nothing of the participants is copied).
"""

from __future__ import annotations

from . import sessions as ss
from .records import Session

# Countries whose pilots run in a language other than English (the Booster's own pilot countries
# may be added here as their content languages arrive).
COUNTRY_LANGUAGES = {"indonesia": "id"}
DEFAULT_LANGUAGE = "en"


def language_for_country(country: str, available: list[str]) -> str:
    """'Indonesia' -> 'id' when Bahasa Indonesia is available; English otherwise."""
    wanted = COUNTRY_LANGUAGES.get(" ".join(str(country or "").split()).casefold())
    return wanted if wanted in available else DEFAULT_LANGUAGE


def setup_of(session: Session) -> dict:
    """What a duplicate starts from: the form's fields, and each activity's last timer length."""
    return {"title": session.title, "country": session.country, "agency": session.agency,
            "language": session.language, "content_version": session.content_version,
            "activities": list(session.activities), "decks": session.decks, "mode": session.mode, "sort_mode": session.sort_mode,
            "tables": len(session.groups) or 4,
            "minutes": {a: s.minutes for a, s in session.states.items() if s.minutes}}


def set_timer_defaults(store, code: str, minutes: dict[str, float]) -> Session:
    """Give a new session's activities the timer lengths of the session it was copied from."""
    def change(session):
        for activity, value in minutes.items():
            if activity in session["activity_state"]:
                session["activity_state"][activity]["minutes"] = value

    return Session.of(ss.edit_session(store, code, change))
