"""The workshop's domain API in one place: pages call `workshop.<function>(store, ...)`.

The functions live in focused modules of booster/live/ and are re-exported here:

    live/sessions           create a session, find it by code, PIN, activity state and countdown
    live/participants       join, resume from a link, last seen
    live/responses          one owner's response to an activity; submit
    live/card_sort          the card sort: placements, own groups, card notes, paper sorts
    live/answers            worksheet answers (field-by-field merge) and feedback
    live/facilitator_board  the facilitator's live board
    live/records            the typed records below

The room around the workshop has modules of its own, which screens call directly (their session
results are the same records): live/room_timer (the timer everyone sees), live/projector (the
wall's link and stages), live/debrief (results of submitted work), live/paper_sorts (paper entry,
correction, deletion), live/session_setup (language from the country, duplicating a setup).

Sessions, participants and the board come back as typed, read-only records (`Session`,
`Participant`, `Board`), never as stored documents, so screens do not depend on the store's layout.
Every failure is an exception from booster.errors; see docs/DATA.md for the stored shapes.
"""

from __future__ import annotations

import collections.abc
import datetime as dt

from .live import facilitator_board, participants, sessions
from .live.answers import (ITEM_ID, MAX_FEEDBACK_TEXT, field_limit, get_feedback, get_feedback_draft, is_empty, item_key, new_item_id,
                           picked_name, save_answers, save_feedback, save_feedback_draft, with_picked_names)
from .live.card_sort import (add_custom_group, enter_paper_sort, paper_groups, place_card, save_sort, set_card_note,
                             sort_progress)
from .live.participants import MAX_NAME, touch
from .live.records import ActivityState, Board, BoardRow, CardAgreement, Participant, RatingMean, Session
from .live.responses import get_response, submit, submitted_answers
from .live.sessions import ACTIVITIES, MODES, SORT_MODES, STEPS, normalize_code
from .piles import slugify
from .privacy import audit

__all__ = [
    "ACTIVITIES", "STEPS", "MODES", "SORT_MODES",
    "Session", "ActivityState", "Participant", "Board", "BoardRow", "CardAgreement", "RatingMean",
    "create_session", "get_session", "normalize_code", "check_pin",
    "set_activity_status", "set_revealed",
    "join", "resume", "touch", "get_participant", "list_participants", "owner_of",
    "get_response", "submit", "submitted_answers",
    "place_card", "save_sort", "add_custom_group", "set_card_note", "slugify", "sort_progress",
    "enter_paper_sort", "paper_groups",
    "save_answers", "is_empty", "field_limit", "ITEM_ID", "item_key", "new_item_id", "save_feedback", "get_feedback",
    "picked_name", "with_picked_names", "MAX_NAME", "save_feedback_draft", "get_feedback_draft", "MAX_FEEDBACK_TEXT",
    "board",
]


def create_session(store, **settings) -> Session:
    """A new session (see booster.live.sessions.create_session for the settings and their rules)."""
    return Session.of(sessions.create_session(store, **settings))


def get_session(store, code: str) -> Session:
    """The session with this join code (any case, spaces ignored); NotFound otherwise."""
    return Session.of(sessions.get_session(store, code))


def check_pin(store, code: str, pin: str) -> None:
    """AccessDenied unless `pin` is the session's facilitator PIN."""
    sessions.check_pin(sessions.get_session(store, code), pin)


def set_activity_status(store, code: str, activity: str, status: str, minutes: float | None = None,
                        auto_close: bool = False) -> Session:
    """Open, close or reset an activity. Opening one closes any other open one (one activity at a
    time); `minutes` starts the room timer (booster.live.room_timer): answers are still accepted
    after it unless `auto_close`. Logged in the session's record of actions, as the facilitator's."""
    session = Session.of(sessions.set_activity_status(store, code, activity, status, minutes, auto_close))
    audit.record(store, session.code, "facilitator", audit.STATUS_ACTIONS[status], activity)
    return session


def set_revealed(store, code: str, activity: str, revealed: bool) -> Session:
    """Show (or hide) the group's results on participants' screens (logged, as the facilitator's)."""
    session = Session.of(sessions.set_revealed(store, code, activity, revealed))
    audit.record(store, session.code, "facilitator", "revealed" if revealed else "hidden", activity)
    return session


def join(store, code: str, name: str = "", group_id: str | None = None,
         language: str | None = None) -> tuple[Participant, str]:
    """Join a session: (participant, resume token). In group mode a table must be chosen."""
    participant, token = participants.join(store, code, name, group_id, language)
    return Participant.of(participant), token


def resume(store, code: str, token: str) -> Participant:
    """The participant a resume token belongs to; AccessDenied for any bad or foreign token."""
    return Participant.of(participants.resume(store, code, token))


def get_participant(store, code: str, pid: str) -> Participant:
    return Participant.of(participants.get_participant(store, code, pid))


def list_participants(store, code: str) -> list[Participant]:
    """Every participant of a session, in join order."""
    return [Participant.of(p) for p in participants.list_participants(store, code)]


def owner_of(session: Session, participant: Participant) -> str:
    """Whose work a participant edits: their table's in group mode, else their own."""
    return participant.owner(session)


def board(store, code: str, deck: collections.abc.Mapping[str, str] | collections.abc.Sequence[str],
          now: dt.datetime) -> Board:
    """Everything the live board shows; `deck` is card ids (steps from the content) or card -> step."""
    return Board.of(facilitator_board.board(store, code, deck, now))
