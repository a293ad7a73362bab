"""Typed, read-only records of a session, a participant and the live board: what `booster.workshop`
hands to screens, so no screen reads the stored layout (docs/DATA.md) and the store can change
shape behind them. Each record is built from its stored document with `of(doc)`; the small rules
screens need about them (which activity is open, whose work a participant edits) live here too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping

from .. import clock


def owner_id(group_mode: bool, participant_id: str, group_id: str | None) -> str:
    """Whose work a participant edits: their table's in group mode, else their own."""
    return group_id if group_mode and group_id else participant_id


@dataclasses.dataclass(frozen=True)
class ActivityState:
    status: str = "pending"          # pending | open | closed
    ends_at: str | None = None       # the end of the room timer (ISO time): every screen counts to it
    revealed: bool = False           # the group's results are shown on participants' screens
    paused_at: str | None = None     # while the timer is paused: when it was paused
    auto_close: bool = False         # close the activity when the timer reaches zero
    minutes: float | None = None     # the length of the timer last set
    revealed_at: str | None = None   # when it was last revealed (the wall shows the newest reveal)
    debrief_field: str | None = None  # the worksheet field whose common words the debrief shows

    @classmethod
    def of(cls, doc: Mapping) -> ActivityState:
        return cls(doc.get("status", "pending"), doc.get("ends_at"), bool(doc.get("revealed")),
                   doc.get("paused_at"), bool(doc.get("auto_close")), doc.get("minutes"),
                   doc.get("revealed_at"), doc.get("debrief_field"))

    @property
    def paused(self) -> bool:
        return bool(self.ends_at and self.paused_at)

    def seconds_left(self, at: dt.datetime) -> float | None:
        """Seconds left on the room timer (0 when past; held while paused), None without one."""
        if not self.ends_at:
            return None
        until = clock.parse_iso(self.paused_at) if self.paused_at else at
        return max(0.0, (clock.parse_iso(self.ends_at) - until).total_seconds())


@dataclasses.dataclass(frozen=True)
class Session:
    code: str
    title: str
    country: str
    agency: str
    language: str
    date: str
    content_version: str
    activities: tuple[str, ...]
    mode: str                        # individual | group
    sort_mode: str                   # closed | hybrid
    groups: Mapping[str, str]        # table id -> name, in order
    states: Mapping[str, ActivityState]
    demo: bool = False
    withdrawals_closed: bool = False  # participants can no longer see or withdraw their data
    decks: tuple[str, ...] | None = None  # the card decks dealt; None: made before decks, every card

    def deck(self, content) -> list[str]:
        """The card ids this session's card sort deals, in content order (booster.content.Content)."""
        return content.deck_card_ids(self.decks)

    @classmethod
    def of(cls, doc: Mapping) -> Session:
        return cls(code=doc["id"], title=doc.get("title", ""), country=doc.get("country", ""),
                   agency=doc.get("agency", ""), language=doc["language"], date=doc.get("date", ""),
                   content_version=doc["content_version"], activities=tuple(doc["activities"]),
                   mode=doc["mode"], sort_mode=doc["sort_mode"],
                   groups={g["id"]: g["name"] for g in doc.get("groups") or []},
                   states={a: ActivityState.of(s) for a, s in doc["activity_state"].items()},
                   demo=bool(doc.get("demo")), withdrawals_closed=bool(doc.get("withdrawals_closed")),
                   decks=tuple(doc["decks"]) if doc.get("decks") is not None else None)

    @property
    def group_mode(self) -> bool:
        return self.mode == "group"

    def state(self, activity: str) -> ActivityState:
        return self.states.get(activity, ActivityState())

    def current_activity(self) -> str | None:
        """The open activity (the first in the session's order if several are open), else None."""
        return next((a for a in self.activities if self.state(a).status == "open"), None)

    def latest_revealed(self) -> str | None:
        """The activity the facilitator revealed last (None when nothing is revealed)."""
        revealed = [a for a in self.activities if self.state(a).revealed]
        return max(revealed, key=lambda a: self.state(a).revealed_at or "") if revealed else None

    def screen_activity(self) -> str | None:
        """What participants' screens show: the open activity; otherwise the one revealed last, or
        the last one that was open (both read-only); else none yet."""
        closed = [a for a in self.activities if self.state(a).status == "closed"]
        return self.current_activity() or self.latest_revealed() or (closed[-1] if closed else None)

    def seconds_left(self, activity: str, at: dt.datetime) -> float | None:
        """Seconds left on the activity's room timer (0 when past), None without one."""
        return self.state(activity).seconds_left(at)

    def room_signature(self) -> tuple:
        """Changes exactly when the facilitator opens, closes or reveals. Not the room timer: the
        participant's follow fragment reads it afresh on every poll, so pausing reruns no phone."""
        return tuple((a, s.status, s.revealed) for a, s in self.states.items())


@dataclasses.dataclass(frozen=True)
class Participant:
    id: str
    name: str
    kind: str                        # person | paper
    group_id: str | None
    language: str | None
    joined_at: str | None = None
    last_seen: str | None = None

    @classmethod
    def of(cls, doc: Mapping) -> Participant:
        return cls(id=doc["id"], name=doc.get("name") or "", kind=doc.get("kind", "person"),
                   group_id=doc.get("group_id"), language=doc.get("language"),
                   joined_at=doc.get("joined_at"), last_seen=doc.get("last_seen"))

    def owner(self, session: Session) -> str:
        """Whose work this participant edits in `session`."""
        return owner_id(session.group_mode, self.id, self.group_id)


@dataclasses.dataclass(frozen=True)
class BoardRow:
    """One participant on the live board."""

    id: str
    name: str
    kind: str
    group: str | None
    group_name: str | None
    owner: str
    joined_at: str | None
    last_seen: str | None
    active: bool
    progress: Mapping[str, str]      # activity -> not_started | in_progress | submitted


@dataclasses.dataclass(frozen=True)
class CardAgreement:
    n: int                           # sorts that placed the card anywhere
    k: int                           # ... on its intended step
    share: float | None              # k / n
    piles: Mapping[str, int]         # pile id -> sorts that put it there


@dataclasses.dataclass(frozen=True)
class RatingMean:
    mean: float
    n: int


@dataclasses.dataclass(frozen=True)
class Board:
    """Everything the facilitator's live board shows (booster.live.facilitator_board.board)."""

    session: Session
    participants: tuple[BoardRow, ...]
    counts: Mapping[str, Mapping[str, int]]                 # activity -> stage -> owners
    agreement: Mapping[str, CardAgreement]                  # card id -> agreement so far
    feedback: Mapping[str, Mapping[str, RatingMean]]        # activity -> question -> mean rating
    problems: tuple[str, ...]

    @classmethod
    def of(cls, board: Mapping) -> Board:
        return cls(session=Session.of(board["session"]),
                   participants=tuple(BoardRow(**row) for row in board["participants"]),
                   counts=board["counts"], agreement={c: CardAgreement(**a) for c, a in board["agreement"].items()},
                   feedback={a: {q: RatingMean(**v) for q, v in qs.items()} for a, qs in board["feedback"].items()},
                   problems=tuple(board["problems"]))
