"""Every UI string the screens ask for exists, in every language (a missing key would show as its id)."""

import re
from pathlib import Path

import pytest

from booster.content import available_languages, load_ui_strings
from ui.nav import PAGES

REPO = Path(__file__).resolve().parents[2]
LITERAL = re.compile(r"""\bt\(\s*["']([a-z_]+(?:\.[a-z0-9_]+)+)["']""")
TEMPLATE = re.compile(r"""\bt\(\s*f["']([a-z_]+\.[a-z_]*)\{""")
# Keys built from a prefix and a value: each prefix with every value the code can give it.
TEMPLATED_VALUES = {
    "facilitator.mode_": ["individual", "group"],
    "facilitator.sort_": ["closed", "hybrid"],
    "feedback.scale_": ["1", "5"],
    "status.": ["pending", "open", "closed"],
    "card_kinds.": ["all", "tool", "other", "tool_one", "sub_step_one", "app_one"],
    "progress.": ["not_started", "in_progress", "submitted"],
    "worksheet.position_": ["0", "1", "2", "3", "4", "5"],
    "analysis.q_": ["ease", "relevance", "effectiveness"],
    "compare.": ["lower", "higher", "same"],
    "compare.verdict_": ["lower", "higher", "same", "too_few"],
    "revision.action_": ["rename", "move", "clarify", "split", "cut"],
    "revision.lang_": ["en", "id"],
}


def _used_keys() -> set[str]:
    keys = {page[2] for page in PAGES.values()}
    for path in [REPO / "app.py", *REPO.glob("pages/*.py"), *REPO.glob("ui/*.py")]:
        text = path.read_text()
        keys |= set(LITERAL.findall(text))
        for prefix in TEMPLATE.findall(text):
            assert prefix in TEMPLATED_VALUES, f"{path.name}: add the values of t(f'{prefix}...') to this test"
            keys |= {prefix + value for value in TEMPLATED_VALUES[prefix]}
    keys |= {p + v for p, values in TEMPLATED_VALUES.items() for v in values}
    return keys


@pytest.mark.parametrize("language", available_languages())
def test_every_key_the_screens_use_exists(language):
    strings = load_ui_strings()
    missing = sorted(k for k in _used_keys() if strings.t(k, language) == k)
    assert not missing, f"missing in {language}: {missing}"


@pytest.mark.parametrize("language", available_languages())
def test_the_words_our_components_are_given_exist(language):
    """The card-sort board and the live text field get their words as data (not through t(...))."""
    from ui import cardsort_board, text_field

    strings = load_ui_strings()
    keys = [*cardsort_board.BOARD_TEXTS.values(), *text_field.TEXTS.values(), "textfield.required_here"]
    missing = sorted(k for k in keys if strings.t(k, language) == k)
    assert not missing, f"missing in {language}: {missing}"
