"""What demo participants do in each activity; called by booster.demo.generator.SessionRun (`run`).

Every action goes through booster.workshop, at a scripted time, with the run's seeded random source.
"""

from __future__ import annotations

import datetime as dt

from . import texts as tx
from .. import workshop as ws
from ..piles import UNSURE, custom_pile


def _minutes(run, low: float, high: float) -> dt.timedelta:
    return dt.timedelta(seconds=run.rng.randint(int(low * 60), int(high * 60)))


def choose_pile(rng, card: str, intended: str, revised: frozenset = frozenset()) -> str:
    """Mostly the intended step; otherwise a known confusion (a third as often for a revised card),
    a neighbouring step or 'unsure'."""
    if rng.random() < 0.04:
        return UNSURE
    for step, share in tx.CONFUSIONS.get(card, []):
        if step != intended and rng.random() < (share / 3 if card in revised else share):
            return step
    if rng.random() < 0.06:
        i = ws.STEPS.index(intended) + rng.choice((-1, 1))
        return ws.STEPS[min(max(i, 0), len(ws.STEPS) - 1)]
    return intended


def _board(run, owner: str, members: list, start) -> dict:
    rng, deck = run.rng, list(run.spec.intended)
    placements = {card: choose_pile(rng, card, step, run.spec.revised) for card, step in run.spec.intended.items()}
    if run.plan.sort_mode == "hybrid" and rng.random() < 0.35:
        run.at(start)
        slug = ws.add_custom_group(run.store, run.code, owner, rng.choice(tx.CUSTOM_GROUPS[run.lang]),
                                   by=rng.choice(members).id)
        for card in rng.sample(deck, rng.randint(1, 3)):
            placements[card] = custom_pile(slug)
    return placements


def do_sort(run, owner: str, members: list, activity: str, start) -> None:
    rng, deck = run.rng, list(run.spec.intended)
    placements = _board(run, owner, members, start)
    complete = rng.random() < 0.75
    if not complete:
        for card in rng.sample(deck, rng.randint(len(deck) // 10 + 1, len(deck) // 2)):
            placements.pop(card)
    cards = rng.sample(list(placements), len(placements))
    moment = start
    for batch in (cards[: len(cards) // 3], cards[len(cards) // 3: 2 * len(cards) // 3], cards[2 * len(cards) // 3:]):
        moment += _minutes(run, 2, 7)
        run.at(moment)
        ws.save_sort(run.store, run.code, owner, {c: placements[c] for c in batch}, deck, by=rng.choice(members).id)
    _card_notes(run, owner, members, deck)
    if rng.random() < (0.95 if complete else 0.35):
        run.at(moment + _minutes(run, 0.5, 2))
        ws.submit(run.store, run.code, owner, "card_sort", by=rng.choice(members).id)


def _card_notes(run, owner: str, members: list, deck: list[str]) -> None:
    rng = run.rng
    if rng.random() > 0.45:
        return
    hard = [c for c in deck if c in tx.CONFUSIONS or c in tx.SUGGESTED_NAMES[run.lang]]
    for card in rng.sample(hard or deck, rng.randint(1, 2)):
        better = tx.SUGGESTED_NAMES[run.lang].get(card) if rng.random() < 0.5 else None
        comment = rng.choice(tx.CARD_COMMENTS[run.lang]) if better is None or rng.random() < 0.5 else None
        ws.set_card_note(run.store, run.code, owner, card, comment=comment, suggested_name=better,
                         by=rng.choice(members).id)


def sheet_answers(run, activity: str, scenario: dict) -> dict:
    """Plausible answers for the worksheet's fields (only those the content defines), cut to length."""
    rng, lang = run.rng, run.lang
    profiles = scenario["profiles"]
    made = {key: scenario[key] for key in scenario if key != "profiles"}
    made["notes"] = rng.choice(tx.CONTRAST_NOTES[lang])
    made["user_profiles"] = [{"name": n, "description": d} for n, d in profiles]
    made["priority_profiles"] = [{"name": profiles[0][0], "reason": tx.PRIORITY_REASON[lang]}]
    answers = {}
    for field, (kind, max_len) in run.spec.fields[activity].items():
        if kind == "contrast":
            if rng.random() < 0.85:
                answers[field] = {"value": rng.randint(1, 5), "note": rng.choice(tx.CONTRAST_NOTES[lang])}
        elif field in made and made[field]:
            value = made[field]
            answers[field] = value[:max_len] if isinstance(value, str) and max_len else value
    return answers


def do_worksheet(run, owner: str, members: list, activity: str, start) -> None:
    rng = run.rng
    answers = sheet_answers(run, activity, rng.choice(tx.SCENARIOS[run.lang]))
    fields = list(answers)
    finished = rng.random() >= 0.15
    if not finished:
        fields = fields[: max(1, len(fields) // 2)]
    moment = start
    for part in (fields[: len(fields) // 2], fields[len(fields) // 2:]):
        moment += _minutes(run, 3, 9)
        run.at(moment)
        ws.save_answers(run.store, run.code, owner, activity, {f: answers[f] for f in part}, {},
                        by=rng.choice(members).id)
    _second_thoughts(run, owner, members, activity, moment)
    if finished:
        run.at(moment + _minutes(run, 2, 5))
        ws.submit(run.store, run.code, owner, activity, by=rng.choice(members).id)


def _second_thoughts(run, owner: str, members: list, activity: str, moment) -> None:
    """A rewrite of one field (counted in `revisions`), or at a table, a second person rewording
    it from the empty field they still saw (a conflict: both texts are kept)."""
    rng, lang = run.rng, run.lang
    stored = ws.get_response(run.store, run.code, owner, activity)["data"]["answers"]
    field = next((f for f in ("challenge_statement", "user_group") if f in stored), None)
    if field is None or rng.random() > 0.4:
        return
    text = stored[field] + tx.REFINEMENT[lang]
    if field == "challenge_statement" and {"service_name", "user_group"} <= set(stored):
        text = tx.REWORDED_CHALLENGE[lang].format(
            users=_lower_first(stored["user_group"]), service=_lower_first(stored["service_name"]))
    table = len(members) > 1
    run.at(moment + _minutes(run, 1, 2))
    ws.save_answers(run.store, run.code, owner, activity, {field: text}, {} if table else {field: stored[field]},
                    by=rng.choice(members).id)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def do_paper_sorts(run) -> None:
    """Some sessions also had a table sorting printed cards; the facilitator types them in."""
    rng = run.rng
    if rng.random() > 0.25:
        return
    deck = list(run.spec.intended)
    for k in range(1, rng.randint(1, 2) + 1):
        placements = {card: choose_pile(rng, card, step, run.spec.revised) for card, step in run.spec.intended.items()}
        custom = {}
        if run.plan.sort_mode == "hybrid" and rng.random() < 0.5:
            name = tx.CUSTOM_GROUPS[run.lang][0]
            custom = {ws.slugify(name): name}
            placements[rng.choice(deck)] = custom_pile(ws.slugify(name))
        comments = {rng.choice(deck): rng.choice(tx.CARD_COMMENTS[run.lang])} if rng.random() < 0.5 else {}
        table = ("Meja {k} (kertas)" if run.lang == "id" else "Table {k} (paper)").format(k=k)
        ws.enter_paper_sort(run.store, run.code, table, placements, custom, comments, deck_ids=deck)


def give_feedback(run, activity: str, closed) -> None:
    rng = run.rng
    for person in run.people:
        if rng.random() > 0.85:
            # Rated one question and left it there: a draft, never sent (no draw from rng, so the
            # rest of the demo stays what it was).
            ws.save_feedback_draft(run.store, run.code, person.id, activity, {"ease": 3})
            continue
        run.at(closed + _minutes(run, 0.2, 4))
        lift = 0.6 if run.spec.feedback_tools.get(activity) in run.spec.revised else 0.0
        answers = {q: min(5, max(1, round(rng.gauss(mean + lift, 0.9))))
                   for q, mean in zip(("ease", "relevance", "effectiveness"), tx.SCORE_MEANS[activity])}
        for question, options in tx.FEEDBACK_TEXTS[run.lang].items():
            if rng.random() < 0.3:
                answers[question] = rng.choice(options)
        ws.save_feedback(run.store, run.code, person.id, activity, answers, run.lang,
                         tool=run.spec.feedback_tools.get(activity))

