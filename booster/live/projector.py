"""The projector view: its link (not the PIN) and what the wall shows at each moment of a session.

The view link carries `<code>.<view key>`; the key is derived from the session's PIN hash and uid
with HMAC, so it needs no storage, cannot be turned back into the PIN, and only someone who could
read the session's metadata (the facilitator's screen) can make it. The wall shows no names, no PIN
and no answers beyond what the facilitator reveals.
"""

from __future__ import annotations

import hashlib
import hmac

from . import sessions as ss
from ..errors import AccessDenied, NotFound
from .records import Board, Session

KEY_LENGTH = 20


def view_key(doc: dict) -> str:
    """The key of a session's view link, from its stored document (PIN hash and uid)."""
    mac = hmac.new(bytes.fromhex(doc["pin_hash"]), f"projector:{doc['uid']}".encode(), hashlib.sha256)
    return mac.hexdigest()[:KEY_LENGTH]


def view_token(store, code: str) -> str:
    """What the projector link carries: '<code>.<view key>'."""
    doc = ss.get_session(store, code)
    return f"{doc['id']}.{view_key(doc)}"


def open_view(store, token: str) -> Session:
    """The session a projector link shows; AccessDenied for any wrong or foreign link."""
    code, _, key = str(token or "").partition(".")
    try:
        doc = ss.get_session(store, code)
    except NotFound:
        raise AccessDenied("projector link") from None
    if not key or not hmac.compare_digest(key, view_key(doc)):
        raise AccessDenied("projector link")
    return Session.of(doc)


def stage(session: Session) -> tuple[str, str | None]:
    """What the wall shows: ('activity', a) while `a` is open and not revealed; ('debrief', a) for
    the open activity once revealed, else for the one revealed last; else ('join', None)."""
    current = session.current_activity()
    if current:
        return ("debrief" if session.state(current).revealed else "activity"), current
    shown = session.latest_revealed()
    return ("debrief", shown) if shown else ("join", None)


def room_counts(board: Board, activity: str) -> dict:
    """joined (people, not paper sorts), working, submitted and the total of owners for the bar."""
    stages = board.counts.get(activity, {})
    return {"joined": sum(1 for p in board.participants if p.kind != "paper"),
            "working": stages.get("in_progress", 0), "submitted": stages.get("submitted", 0),
            "owners": sum(stages.values())}
