"""Hand-made stores for the analysis tests: 3 complete sorters, 4 cards, every number by hand.

Deck (content "v1"): c1 -> scope, c2 -> engage, c3 -> understand, c4 -> understand.

Session AAAAAA (Indonesia, id, individual, hybrid), complete sorts:
    A: c1 scope    c2 engage      c3 understand       c4 understand
    B: c1 scope    c2 understand  c3 understand       c4 unsure
    C: c1 engage   c2 engage      c3 custom:research  c4 custom:research
Session BBBBBB (Portugal, pt, group mode): group g-1 sorted only c1 -> scope (incomplete).
"""

from __future__ import annotations

import dataclasses

STEPS = ["scope", "engage", "understand", "reframe", "design", "test", "communicate"]
CARDS = {"c1": "scope", "c2": "engage", "c3": "understand", "c4": "understand"}
PA, PB, PC, PD = "p-00000000aa", "p-00000000bb", "p-00000000cc", "p-00000000dd"
SORTS = {
    PA: {"c1": "scope", "c2": "engage", "c3": "understand", "c4": "understand"},
    PB: {"c1": "scope", "c2": "understand", "c3": "understand", "c4": "unsure"},
    PC: {"c1": "engage", "c2": "engage", "c3": "custom:research", "c4": "custom:research"},
}


@dataclasses.dataclass
class Field:
    id: str
    type: str
    fields: list = dataclasses.field(default_factory=list)
    label: str = ""


@dataclasses.dataclass
class Worksheet:
    id: str
    fields: list


@dataclasses.dataclass
class Card:
    id: str
    intended_step: str


class FakeContent:
    """The slice of booster.content.Content the analysis uses."""

    version = "v1"

    def __init__(self, cards=None):
        self.cards = [Card(c, s) for c, s in (cards or CARDS).items()]
        self.worksheets = {
            "service_challenge": Worksheet("service_challenge", [
                Field("service_name", "text"), Field("user_group", "text"),
                Field("challenge_statement", "textarea"), Field("context", "textarea")]),
            "user_characteristics": Worksheet("user_characteristics", [
                Field("user_group", "text"), Field("contrast_digital_literacy", "contrast"),
                Field("priority_profiles", "group", [Field("name", "text"), Field("reason", "text")])]),
        }

    activities = [Card(a, None) for a in ("card_sort", "service_challenge", "user_characteristics")]

    def card_ids(self):
        return [c.id for c in self.cards]

    def deck_card_ids(self, decks=None):
        """Every fake card is in every deck."""
        return self.card_ids()

    def default_decks(self):
        return ["tools"]

    def card_kind(self, card_id):
        return "tool" if card_id in CARDS else None

    def feedback_tool(self, activity_id):
        return "structure" if activity_id == "card_sort" else activity_id

    def step_ids(self):
        return list(STEPS)

    def card_label(self, card_id, lang="en"):
        return f"Card {card_id}"

    def step_name(self, step_id, lang="en"):
        return step_id.title()

    def label(self, kind, item_id, lang="en", default=None):
        names = {"card": self.card_label, "step": self.step_name}
        return names[kind](item_id, lang) if kind in names else (item_id if default is None else default)


def session(code, country="Indonesia", language="id", date="2025-08-14", mode="individual",
            version="v1", uid=None):
    return {"schema_version": 1, "id": code, "uid": uid or f"uid{code.lower()}", "title": f"Pilot {code}",
            "country": country, "agency": "Agency", "language": language, "date": date,
            "content_version": version, "activities": ["card_sort", "service_challenge"],
            "mode": mode, "sort_mode": "hybrid", "groups": [{"id": "g-1", "name": "Table 1"}],
            "created_at": "2025-08-14T08:00:00", "demo": False}


def participant(pid, name, group_id=None, kind="person"):
    return {"schema_version": 1, "id": pid, "secret_hash": "0" * 64, "name": name, "kind": kind,
            "group_id": group_id, "language": "id", "joined_at": "2025-08-14T08:01:00"}


def response(code, owner, activity, data, status="submitted"):
    return {"schema_version": 1, "session_id": code, "owner_id": owner, "activity": activity,
            "status": status, "started_at": "2025-08-14T08:02:00", "updated_at": "2025-08-14T08:20:00",
            "submitted_at": None, "revision": 3, "data": data, "conflicts": []}


def sort_data(placements, **extra):
    return {"placements": placements, "custom_groups": {"research": "Research"}, "comments": {},
            "suggested_names": {}, "card_order": list(CARDS), "elapsed_seconds": 300.0,
            "source": "screen"} | extra


def feedback(code, pid, activity, answers):
    return {"schema_version": 1, "session_id": code, "participant_id": pid, "activity": activity,
            "language": "id", "submitted_at": "2025-08-14T09:00:00", "answers": answers}


def fill(store):
    """Write the documented example into any Store and return it."""
    a = "AAAAAA"
    store.write((a, "session"), session(a))
    for pid, name in ((PA, "Ayu"), (PB, "Budi"), (PC, "Citra")):
        store.write((a, "participants", pid), participant(pid, name))
        extra = {}
        if pid == PA:
            extra = {"comments": {"c4": "Not sure what this means"}, "suggested_names": {"c4": "Plan research"}}
        if pid == PB:
            extra = {"comments": {"c4": "=cmd|' /C calc'!A0", "c2": "  "}}
        store.write((a, "responses", pid, "card_sort"), response(a, pid, "card_sort", sort_data(SORTS[pid], **extra)))
    store.write((a, "responses", PA, "service_challenge"), response(a, PA, "service_challenge", {
        "answers": {"service_name": "Building permits", "user_group": "Small businesses",
                    "challenge_statement": "We want to understand why permits take months"},
        "revisions": {"service_name": 2}}))
    store.write((a, "responses", PB, "service_challenge"), response(a, PB, "service_challenge", {
        "answers": {"service_name": "Passport renewal", "user_group": "small businesses ",
                    "challenge_statement": ""}, "revisions": {}}, status="in_progress"))
    store.write((a, "responses", PC, "user_characteristics"), response(a, PC, "user_characteristics", {
        "answers": {"user_group": "Farmers", "contrast_digital_literacy": {"value": 2, "note": "low"},
                    "priority_profiles": [{"name": "Older farmer", "reason": "far from office"},
                                          {"name": "Young farmer", "reason": ""}]},
        "revisions": {"user_group": 1}}))
    store.write((a, "feedback", PA, "card_sort"), feedback(a, PA, "card_sort", {
        "ease": 4, "relevance": 5, "effectiveness": 3, "confusing": "Re-frame versus Design was unclear"}))
    store.write((a, "feedback", PB, "card_sort"), feedback(a, PB, "card_sort", {
        "ease": 2, "relevance": 4, "effectiveness": 3, "suggestions": "@SUM(A1) more examples", "missing": ""}))
    store.write((a, "feedback", PC, "card_sort"), feedback(a, PC, "card_sort", {"ease": 3}))
    store.write((a, "feedback", PC, "service_challenge"), feedback(a, PC, "service_challenge", {"ease": 5}))
    b = "BBBBBB"
    store.write((b, "session"), session(b, "Portugal", "pt", "2025-09-01", mode="group"))
    store.write((b, "participants", PD), participant(PD, "Duarte", group_id="g-1"))
    store.write((b, "responses", "g-1", "card_sort"),
                response(b, "g-1", "card_sort", sort_data({"c1": "scope"}), status="in_progress"))
    return store


def contents():
    return {"v1": FakeContent()}
