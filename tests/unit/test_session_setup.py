"""Session setup helpers (booster.session_setup): language from the country, a duplicate's setup."""

import pytest

from booster.live import session_setup
from booster import workshop as ws
from booster.store import MemoryStore


@pytest.mark.parametrize("country, available, language", [
    ("Indonesia", ["en", "id"], "id"), ("  INDONESIA", ["en", "id"], "id"),
    ("Indonesia", ["en"], "en"), ("Portugal", ["en", "id"], "en"), ("", ["en", "id"], "en")])
def test_language_for_country(country, available, language):
    assert session_setup.language_for_country(country, available) == language


def test_a_duplicates_setup_carries_activities_mode_and_timer_lengths_only():
    store = MemoryStore()
    session = ws.create_session(store, title="Pilot", country="Indonesia", agency="BKN", date="2025-08-14",
                                language="id", content_version="v1", activities=["card_sort"], mode="group",
                                sort_mode="hybrid", pin="2468", groups=5)
    ws.set_activity_status(store, session.code, "card_sort", "open", minutes=15)
    setup = session_setup.setup_of(ws.get_session(store, session.code))
    assert setup == {"title": "Pilot", "country": "Indonesia", "agency": "BKN", "language": "id",
                     "content_version": "v1", "activities": ["card_sort"], "mode": "group",
                     "sort_mode": "hybrid", "tables": 5, "minutes": {"card_sort": 15}, "decks": ("tools",)}
