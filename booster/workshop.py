"""The workshop's domain API in one place: pages call `workshop.<function>(store, ...)`.

The functions live in focused modules and are re-exported here:

    sessions      create a session, find it by code, PIN, activity state and countdown
    participants  join, resume from a link, last seen
    responses     one owner's response to an activity; submit
    sorting       the card sort: placements, own groups, card notes, paper sorts
    answers       worksheet answers (field-by-field merge) and feedback
    board         the facilitator's live board

Every failure is an exception from booster.errors; see docs/DATA.md for the stored shapes.
"""

from __future__ import annotations

from .answers import (ITEM_ID, field_limit, get_feedback, is_empty, item_key, new_item_id, save_answers,
                      save_feedback)
from .board import board
from .participants import get_participant, join, list_participants, owner_of, resume, touch
from .responses import get_response, submit, submitted_answers
from .sessions import (ACTIVITIES, STEPS, check_pin, create_session, current_activity, get_session,
                       normalize_code, seconds_left, set_activity_status, set_revealed)
from .sorting import (add_custom_group, enter_paper_sort, place_card, save_sort, set_card_note, slugify,
                      sort_progress)

__all__ = [
    "ACTIVITIES", "STEPS",
    "create_session", "get_session", "normalize_code", "check_pin",
    "set_activity_status", "set_revealed", "current_activity", "seconds_left",
    "join", "resume", "touch", "get_participant", "list_participants", "owner_of",
    "get_response", "submit", "submitted_answers",
    "place_card", "save_sort", "add_custom_group", "set_card_note", "slugify", "sort_progress",
    "enter_paper_sort",
    "save_answers", "is_empty", "field_limit", "ITEM_ID", "item_key", "new_item_id", "save_feedback", "get_feedback",
    "board",
]
