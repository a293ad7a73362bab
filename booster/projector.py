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
from .errors import AccessDenied, NotFound

KEY_LENGTH = 20


def view_key(session: dict) -> str:
    mac = hmac.new(bytes.fromhex(session["pin_hash"]), f"projector:{session['uid']}".encode(), hashlib.sha256)
    return mac.hexdigest()[:KEY_LENGTH]


def view_token(session: dict) -> str:
    """What the projector link carries: '<code>.<view key>'."""
    return f"{session['id']}.{view_key(session)}"


def open_view(store, token: str) -> dict:
    """The session a projector link shows; AccessDenied for any wrong or foreign link."""
    code, _, key = str(token or "").partition(".")
    try:
        session = ss.get_session(store, code)
    except NotFound:
        raise AccessDenied("projector link") from None
    if not key or not hmac.compare_digest(key, view_key(session)):
        raise AccessDenied("projector link")
    return session


def latest_revealed(session: dict) -> str | None:
    """The activity the facilitator revealed last (None when nothing is revealed)."""
    states = session["activity_state"]
    revealed = [a for a in session["activities"] if states[a].get("revealed")]
    return max(revealed, key=lambda a: states[a].get("revealed_at") or "") if revealed else None


def stage(session: dict) -> tuple[str, str | None]:
    """What the wall shows: ('activity', a) while `a` is open and not revealed; ('debrief', a) for
    the open activity once revealed, else for the one revealed last; else ('join', None)."""
    current = ss.current_activity(session)
    if current:
        return ("debrief" if session["activity_state"][current].get("revealed") else "activity"), current
    shown = latest_revealed(session)
    return ("debrief", shown) if shown else ("join", None)


def room_counts(board: dict, activity: str) -> dict:
    """joined (people, not paper sorts), working, submitted and the total of owners for the bar."""
    stages = board["counts"].get(activity, {})
    return {"joined": sum(1 for p in board["participants"] if p["kind"] != "paper"),
            "working": stages.get("in_progress", 0), "submitted": stages.get("submitted", 0),
            "owners": sum(stages.values())}
