"""What every column of every exported file means (codebook.csv / codebook.md / the XLSX sheet).

Columns are described once here; a name used by several files means the same in each. A test
checks that every column export writes is described.
"""

from __future__ import annotations

COLUMNS = {
    # who and where
    "session_id": "Session join code (6 characters); the session's folder in the data store.",
    "uid": "Unique id of the session, kept across bundle imports.",
    "title": "Session title given by the facilitator.",
    "country": "Country where the session ran.",
    "agency": "Agency or programme hosting the session.",
    "language": "Language the session was run in (ISO code).",
    "date": "Date of the session (YYYY-MM-DD).",
    "content_version": "Version of the Booster card and worksheet content used.",
    "mode": "individual: each participant works alone; group: one table group shares the work.",
    "sort_mode": "closed: only the seven steps; hybrid: participants may also make their own groups.",
    "demo": "True for generated demonstration sessions.",
    "participant_id": "Participant id (p-...), a paper sort, or the table group (g-...) that owns the work.",
    "owner_id": "Who owns a response: the participant, or the table group in group mode.",
    "kind": "person: answered on a device; paper: a paper sort typed in by the facilitator.",
    "group_id": "Table group of the participant (group mode), else empty.",
    "name": "Name or nickname the participant gave.",
    "status_card_sort": "Card sort status of the participant's owner: not_started, in_progress or submitted.",
    "status_service_challenge": "Service Challenge worksheet status (not_started, in_progress, submitted).",
    "status_user_characteristics": "User Characteristics worksheet status (not_started, in_progress, submitted).",
    "elapsed_seconds": "Seconds spent on the card sort, as measured by the app.",
    "cards_sorted": "Cards of the deck placed (the unsure pile counts as placed).",
    "cards_total": "Cards in the deck of the session's content version.",
    "complete": "True when every card of the deck was placed.",
    # placements and cards
    "card_id": "Card id (for tool cards the tool id).",
    "card_label": "English name of the card.",
    "step_id": "Pile the card was put on: a step id, 'unsure', or 'custom:<slug>' for a participant-made group.",
    "custom_label": "Name of a participant-made group after the analysts' saved synonym merges "
                    "(empty for steps and unsure).",
    "custom_label_raw": "Name of a participant-made group exactly as the participant gave it (before merges).",
    "intended_step": "Step the toolkit's authors place the card in.",
    "is_intended": "True when the card was put in its intended step.",
    "source": "screen: sorted in the app; paper: a paper sort typed in.",
    "note_type": "comment: a participant's remark on a card; suggested_name: a proposed new name.",
    "text": "The participant's own words.",
    "n": "Number of sorters who placed the card (any pile, unsure included).",
    "k": "Sorters who put the card in its intended step.",
    "share": "k / n: share of sorters who put the card in its intended step.",
    "lo": "Lower bound of the Wilson 95% interval of share.",
    "hi": "Upper bound of the Wilson 95% interval of share.",
    "unsure": "Sorters who put the card on the unsure pile.",
    "unsure_share": "unsure / n.",
    "wrong_pile": "Most frequent pile other than the intended step and unsure.",
    "wrong_share": "Share of the card's sorters who chose wrong_pile.",
    "top_cogrouped_card": "Other card most often put in the same pile as this one.",
    "top_cogrouped_share": "Similarity with top_cogrouped_card.",
    "confused_card": "Card of a different intended step most often put in the same pile as this one.",
    "confused_share": "Similarity with confused_card.",
    "n_sorters": "Sorters who used the pile (placed at least one card on it).",
    "n_cards": "Distinct cards placed on the pile.",
    "agreement": "Spencer's category agreement: mean over the pile's cards of "
                 "(sorters who put the card there / n_sorters).",
    "card_a": "First card of the pair.",
    "card_b": "Second card of the pair.",
    "n_both": "Sorters who placed both cards.",
    "n_same": "Sorters who put both cards in the same pile (unsure does not count).",
    "similarity": "n_same / n_both (empty when no one placed both).",
    # worksheets
    "activity": "Activity: card_sort, service_challenge or user_characteristics.",
    "field_id": "Worksheet field id.",
    "item_index": "Position of the item in a repeatable group field (0 = first); empty for other fields.",
    "subfield": "Part of the answer: a group's sub-field, or value/note of a contrast; empty for plain fields.",
    "value": "The answer text (a contrast's value is its position 1-5).",
    "revisions": "Saves that changed the field after it already held text (a sign of an unclear prompt).",
    # feedback
    "tool": "What the feedback rates: the Booster tool the activity tested (service_challenge, "
            "user_characteristics), or structure (the toolkit's steps and tools, after the card sort).",
    "question": "Feedback question: ease, relevance, effectiveness (ratings) or confusing, missing, suggestions (open).",
    "score": "Rating 1 (low) to 5 (high); empty for open questions.",
    "answer_language": "Language the participant answered the feedback in.",
    "mean": "Mean rating.",
    "sd": "Standard deviation of the ratings (n - 1).",
    "ci_lo": "Lower bound of the 95% t-interval of the mean (empty when n < 2).",
    "ci_hi": "Upper bound of the 95% t-interval of the mean (empty when n < 2).",
    **{f"n_{s}": f"Number of ratings of {s}." for s in range(1, 6)},
    # backlog
    "rank": "Position in the backlog (1 = look at first).",
    "item_type": "card, tool, structure (the seven-step logic), step or field (activity.field).",
    "item_id": "Id of the card, tool/activity, step, or activity.field.",
    "label": "English name of the item.",
    "reasons": "The rules that fired, as sentences (thresholds in booster/analysis/backlog.py).",
    "card_kind": "For a card: tool (a Booster tool), sub_step (a step inside a tool) or app (written for this app).",
    "agreement_share": "Share of sorters who put the card in its intended step.",
    "agreement_lo": "Lower bound of the Wilson 95% interval of agreement_share.",
    "agreement_hi": "Upper bound of the Wilson 95% interval of agreement_share.",
    "notes_count": "Comments and suggested names written on the card by the sorters counted in n.",
    "confused_with": "Card of another step most often grouped with this one.",
    "feedback_ease": "Mean ease-of-use rating (1-5).",
    "feedback_relevance": "Mean relevance rating (1-5).",
    "feedback_effectiveness": "Mean effectiveness rating (1-5).",
    "feedback_n": "Participants who rated the tool.",
    "confusing_count": "Open answers to 'what was confusing'.",
    "category_agreement": "Spencer's agreement of the step's pile.",
    "empty_share": "Share of submitted worksheets that left the field empty.",
    "mean_revisions": "Mean number of revisions of the field per submitted worksheet.",
    "countries": "Countries contributing evidence, comma-separated.",
    "n_responses": "Submitted worksheets for the activity (sheets in progress or abandoned are not counted).",
    "n_empty": "Submitted worksheets that left the field empty.",
    # codebook itself
    "file": "Exported file the column belongs to.",
    "column": "Column name.",
    "description": "What the column holds.",
}

OVERRIDES = {
    ("feedback_summary.csv", "n"): "Ratings given to the question.",
    ("backlog.csv", "n"): "Evidence size: sorters (card, step), respondents (tool) or worksheets (field).",
    ("backlog.csv", "score"): "Sum over fired rules of weight * (0.5 + 0.5 * severity); higher = more urgent.",
}


def describe(file: str, column: str) -> str | None:
    return OVERRIDES.get((file, column)) or COLUMNS.get(column)
