"""Edits to a demo store that plant a known effect, for tests that must find it."""

from __future__ import annotations


def lower_ease(store, country: str, by: int = 2) -> None:
    """Make `country`'s people rate ease of use `by` points lower (at least 1): a difference the
    comparison's test must call beyond chance."""
    def lower(doc):
        answers = doc["answers"]
        if isinstance(answers.get("ease"), int):
            answers["ease"] = max(1, answers["ease"] - by)
        return doc

    for code in store.children(()):
        if code.startswith("_") or store.read((code, "session"))["country"] != country:
            continue
        for owner in store.children((code, "feedback")):
            for activity in store.documents((code, "feedback", owner)):
                store.update((code, "feedback", owner, activity), lower)
