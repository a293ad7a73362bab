"""The workshop's domain API in one place: pages call `workshop.<function>(store, ...)`.

The functions live in focused modules of booster/live/ and are re-exported here:

    live/sessions           create a session, find it by code, PIN, activity state and countdown
    live/participants       join, resume from a link, last seen
    live/responses          one owner's response to an activity; submit
    live/card_sort          the card sort: placements, own groups, card notes, paper sorts
    live/answers            worksheet answers (field-by-field merge) and feedback
    live/facilitator_board  the facilitator's live board

Every failure is an exception from booster.errors; see docs/DATA.md for the stored shapes.
"""

from __future__ import annotations

from .live.answers import ITEM_ID, field_limit, get_feedback, is_empty, new_item_id, save_answers, save_feedback
from .live.card_sort import (add_custom_group, enter_paper_sort, paper_groups, place_card, save_sort, set_card_note,
                             sort_progress)
from .live.facilitator_board import board
from .live.participants import get_participant, join, list_participants, owner_of, resume, touch
from .live.responses import get_response, submit, submitted_answers
from .live.sessions import (ACTIVITIES, STEPS, check_pin, create_session, current_activity, get_session,
                            normalize_code, seconds_left, set_activity_status, set_revealed)
from .piles import slugify

__all__ = [
    "ACTIVITIES", "STEPS",
    "create_session", "get_session", "normalize_code", "check_pin",
    "set_activity_status", "set_revealed", "current_activity", "seconds_left",
    "join", "resume", "touch", "get_participant", "list_participants", "owner_of",
    "get_response", "submit", "submitted_answers",
    "place_card", "save_sort", "add_custom_group", "set_card_note", "slugify", "sort_progress",
    "enter_paper_sort", "paper_groups",
    "save_answers", "is_empty", "field_limit", "ITEM_ID", "new_item_id", "save_feedback", "get_feedback",
    "board",
]
