"""Realistic synthetic workshop sessions, written through the same domain functions as live ones.

`generate(store, sessions=N, participants=M, seed=S)` writes N sessions of M participants each:
several countries in Indonesian and English, individual and group mode, closed and hybrid sorts,
complete and abandoned sorts with typical confusions, worksheets (with the odd merge conflict at a
table), paper sorts and feedback. Everything derives from the seed (ids, texts and timestamps), so
the same seed writes the same files. Sessions are marked `demo: true`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import random

from .. import clock
from . import texts as tx
from .. import workshop as ws
from .work import do_paper_sorts, do_sort, do_worksheet, give_feedback
from ..errors import ValidationError
from ..store import MemoryStore

DEMO_PIN = "1234"
START = dt.datetime(2025, 8, 4, 1, 0, tzinfo=dt.UTC)
WORKSHEETS = ("service_challenge", "user_characteristics")


@dataclasses.dataclass(frozen=True)
class Spec:
    """What the generator needs from a content version: each card's step (the cards of its default
    decks, which the demo sessions deal), each worksheet's fields."""

    version: str
    intended: dict[str, str]
    fields: dict[str, dict[str, tuple[str, int | None]]]
    feedback_tools: dict[str, str] = dataclasses.field(default_factory=dict)
    # Cards and tools a revision changed (the version's changes.yaml): demo people confuse such a
    # card less often and rate such a tool a little higher, so the before/after comparison shows effects.
    revised: frozenset[str] = frozenset()

    @classmethod
    def from_content(cls, content, version: str = "v1", revised=()) -> "Spec":
        fields = {a: {f.id: (f.type, getattr(f, "max_length", None)) for f in content.worksheets[a].fields}
                  for a in WORKSHEETS}
        dealt = set(content.deck_card_ids(content.default_decks()))
        return cls(version, {c.id: c.intended_step for c in content.cards if c.id in dealt}, fields,
                   {a.id: content.feedback_tool(a.id) for a in content.activities}, frozenset(revised))


def default_spec(version: str = "v1") -> Spec:
    from ..analysis.refinement import load_changes  # pandas: only when a demo is written
    from ..content import load_content

    changes = load_changes(version).get("changes") or []
    revised = {c["item_id"] for c in changes} | {p for c in changes for p in (c.get("result") or {}).get("parts", [])}
    return Spec.from_content(load_content(version), version, revised)


def version_specs(versions=None) -> list[Spec]:
    """One Spec per content version (default: every installed version, oldest first)."""
    from ..content import available_versions

    return [default_spec(v) for v in (versions or available_versions())]


@dataclasses.dataclass
class Plan:
    """One session's settings, chosen up front."""

    country: str
    language: str
    agency: str
    mode: str
    sort_mode: str
    day: dt.datetime
    participants: int
    title: str = ""


def plan_for(index: int, participants: int, rng: random.Random) -> Plan:
    """Alternate Indonesia with the other countries, and vary mode and sort mode, so any two
    sessions already cover both languages and both modes."""
    others = [c for c in tx.COUNTRIES if c != "Indonesia"]
    country = "Indonesia" if index % 2 == 0 else others[(index // 2) % len(others)]
    language, agencies, _ = tx.COUNTRIES[country]
    day = START + dt.timedelta(days=3 * index + rng.randint(0, 2))
    return Plan(country, language, rng.choice(agencies), "group" if index % 3 == 1 else "individual",
                "hybrid" if index % 2 == 0 else "closed", day, participants)


def generate(store, *, sessions: int, participants: int, seed: int = 0, spec: Spec | None = None,
             specs: list[Spec] | None = None) -> list[ws.Session]:
    """Write `sessions` demo sessions of `participants` people each; returns the sessions. With
    several `specs` (content versions, oldest first) the sessions are shared out in date order: the
    first ones run the first version, the last ones the newest, as a revised toolkit would be piloted."""
    rng = random.Random(seed)
    specs = specs or [spec or default_spec()]
    plans = [plan_for(i, participants, rng) for i in range(sessions)]
    return _play(store, plans, rng, seed, [specs[i * len(specs) // sessions] for i in range(sessions)])


def _play(store, plans: list[Plan], rng: random.Random, seed: int, specs: list[Spec | None]) -> list[ws.Session]:
    """Play the workshops in memory (fast: no file locks or syncs), then copy them into `store`."""
    scratch = MemoryStore()
    with clock.scripted(clock.ScriptedEnv(seed, START)) as env:
        made = [SessionRun(scratch, spec or default_spec(), rng, env, plan).run() for plan, spec in zip(plans, specs)]
    copy_sessions(scratch, store, [s.code for s in made])
    return made


def copy_sessions(source, target, codes: list[str]) -> None:
    """Write finished sessions into `target` document by document. A real session is never
    overwritten; the same demo (same seed) is simply written again."""
    for code in codes:
        if target.exists((code, "session")) and not target.read((code, "session")).get("demo"):
            raise ValidationError("demo", f"session {code} already exists and is not a demo; use another --seed.")
    for code in codes:
        for key in _keys(source, (code,)):
            target.write(key, source.read(key))


def _keys(store, prefix: tuple):
    for name in store.documents(prefix):
        yield (*prefix, name)
    for child in store.children(prefix):
        yield from _keys(store, (*prefix, child))


def ensure_demo_session(store, spec: Spec | None = None) -> ws.Session | None:
    """Seed one demo session (PIN 1234, card sort open, 12 people's work) when the store holds no
    session yet. Returns the new session, or None when the store already had sessions."""
    if any(store.exists((code, "session")) for code in store.children(())):
        return None
    plan = Plan("Indonesia", "en", "KemenPANRB", "individual", "hybrid", START, 12,
                title=f"Demo session (PIN {DEMO_PIN})")
    code = _play(store, [plan], random.Random(2025), 2025, [spec])[0].code
    for activity in ws.ACTIVITIES[1:]:
        ws.set_activity_status(store, code, activity, "pending")
    return ws.set_activity_status(store, code, "card_sort", "open")


class SessionRun:
    """Plays one workshop: people join, then each activity is opened, worked on and closed."""

    def __init__(self, store, spec: Spec, rng: random.Random, env: clock.ScriptedEnv, plan: Plan):
        self.store, self.spec, self.rng, self.env, self.plan = store, spec, rng, env, plan
        self.lang = plan.language
        self.code, self.session = "", None
        self.people: list[ws.Participant] = []

    def at(self, moment: dt.datetime) -> None:
        self.env.time = moment

    def run(self) -> ws.Session:
        self.create()
        self.join_all()
        clock = self.plan.day + dt.timedelta(minutes=15)
        for activity in ws.ACTIVITIES:
            clock = self.activity(activity, clock) + dt.timedelta(minutes=10)
        return ws.get_session(self.store, self.code)

    def create(self) -> None:
        p = self.plan
        self.at(p.day - dt.timedelta(minutes=30))
        session = ws.create_session(
            self.store, title=p.title or tx.TITLES[self.lang].format(agency=p.agency), country=p.country,
            agency=p.agency, date=p.day.date().isoformat(), language=self.lang, content_version=self.spec.version,
            activities=list(ws.ACTIVITIES), mode=p.mode, sort_mode=p.sort_mode, pin=DEMO_PIN,
            groups=math.ceil(p.participants / 5), demo=True)
        self.code, self.session = session.code, session

    def join_all(self) -> None:
        names = tx.COUNTRIES[self.plan.country][2]
        tables = list(self.session.groups) or [None]
        for i in range(self.plan.participants):
            self.at(self.plan.day + dt.timedelta(seconds=20 * i + self.rng.randint(0, 15)))
            name = "" if self.rng.random() < 0.1 else self.rng.choice(names)
            person, _ = ws.join(self.store, self.code, name=name, group_id=tables[i % len(tables)],
                                language=self.lang)
            self.people.append(person)

    def owners(self) -> dict[str, list[ws.Participant]]:
        """Who does the work: each person, or each table with its members in group mode."""
        found: dict[str, list[ws.Participant]] = {}
        for person in self.people:
            found.setdefault(ws.owner_of(self.session, person), []).append(person)
        return found

    def activity(self, activity: str, opened: dt.datetime) -> dt.datetime:
        self.at(opened)
        ws.set_activity_status(self.store, self.code, activity, "open", minutes=30)
        for owner, members in self.owners().items():
            start = opened + dt.timedelta(seconds=self.rng.randint(30, 240))
            (do_sort if activity == "card_sort" else do_worksheet)(self, owner, members, activity, start)
        closed = opened + dt.timedelta(minutes=35)
        self.at(closed)
        ws.set_activity_status(self.store, self.code, activity, "closed")
        if activity == "card_sort":
            do_paper_sorts(self)
        if self.rng.random() < 0.5:
            ws.set_revealed(self.store, self.code, activity, True)
        give_feedback(self, activity, closed)
        return closed + dt.timedelta(minutes=5)
