"""Every error people can meet has a message in every UI language (errors.<ui_key> in ui/<lang>.yaml),
with the placeholders its parameters fill in; ids in it are shown as names, never raw."""

from __future__ import annotations

import contextlib
import os
import re
import string
from pathlib import Path
from unittest import mock

import pytest

from booster import content, settings
from booster.live import access, answers, paper_sorts, sessions
from booster.live import card_sort as sorting
from booster.privacy import deletion, rights
from booster import store as store_module
from booster import workshop as ws
from booster.content import available_languages, load_ui_strings
from booster.errors import (AccessDenied, ActivityClosed, BoosterError, BundleError, ContentError, ExportFailed, NotFound, StoreError, TooManyAttempts, ValidationError)
from booster.store import FileStore, MemoryStore
from ui.guard import error_text

REPO = Path(__file__).resolve().parents[2]
LANGUAGES = available_languages()
STRINGS = load_ui_strings()


def _session(store, **changes):
    values = dict(title="Pilot", country="Indonesia", agency="", date="2025-08-14", language="en",
                  content_version="v1", activities=list(ws.ACTIVITIES), mode="individual",
                  sort_mode="hybrid", pin="2468")
    return ws.create_session(store, **{**values, **changes})


def _raised(fn) -> BoosterError:
    with pytest.raises(BoosterError) as info:
        fn()
    return info.value


def _all_subclasses(cls) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub} | _all_subclasses(sub)
    return found


def _examples(tmp_path) -> dict[str, BoosterError]:
    """Representative errors, raised where the code raises them (built directly only when hard to provoke)."""
    store = MemoryStore()
    session = _session(store)
    group_session = _session(store, mode="group", groups=3, sort_mode="closed")
    participant, token = ws.join(store, session.code, name="Ayu")
    limiter = access.AttemptLimiter(max_failures=1)
    limiter.attempt("S", "facilitator PIN", 0, lambda: None)
    with contextlib.suppress(AccessDenied):
        limiter.attempt("S", "facilitator PIN", 0, lambda: ws.check_pin(store, session.code, "0000"))
    closed = _session(store)
    rights.set_withdrawals(store, closed.code, False)
    leaver, _ = ws.join(store, closed.code, name="Citra")
    with mock.patch.dict(os.environ, {"BOOSTER_RETENTION_DAYS": "soon",
                                      "BOOSTER_PRIVACY_NOTICE": str(tmp_path / "none.md")}):
        retention = _raised(settings.retention_days)
        notice = _raised(lambda: rights.notice_text("id"))
    corrupt = FileStore(tmp_path)
    (tmp_path / "S").mkdir()
    (tmp_path / "S" / "doc.json").write_text("{not json")
    return {
        "empty": _raised(lambda: sessions.clean_text("title", "  ", 120, required=True)),
        "too_long": _raised(lambda: ws.join(store, session.code, name="x" * 61)),
        "choice": _raised(lambda: sessions.check_choice("mode", "solo", sessions.MODES)),
        "no_activity": _raised(lambda: _session(store, activities=[])),
        "date_format": _raised(lambda: _session(store, date="14/08/2025")),
        "tables_range": _raised(lambda: _session(store, mode="group", groups=99)),
        "pin_format": _raised(lambda: _session(store, pin="12")),
        "minutes_range": _raised(lambda: ws.set_activity_status(store, session.code, "card_sort", "open",
                                                                minutes=500)),
        "table_missing": _raised(lambda: ws.join(store, group_session.code, name="Budi")),
        "table_unknown": _raised(lambda: ws.join(store, group_session.code, group_id="g-99")),
        "score_range": _raised(lambda: answers._check_score("ease", 9)),
        "too_long_unsaved": _raised(lambda: answers._check_changes(
            {"service_name": "x" * 200}, {}, content.cached_content("v1").worksheets["service_challenge"])),
        "max_groups": _raised(lambda: sorting._group_slug({f"g{i}": f"G{i}" for i in range(sorting.MAX_GROUPS)},
                                                          "One more")),
        "groups_off": _raised(lambda: ws.add_custom_group(store, group_session.code, "g-1", "Riset")),
        "too_large": _raised(lambda: store.write(("S", "big"), {"x": "y" * store_module.MAX_DOCUMENT_BYTES})),
        "no_free_id": ValidationError("join code", "no free join code was found; try again.", rule="no_free_id"),
        "invalid_without_rule": _raised(lambda: store.read(("bad key",))),
        "session_not_found": _raised(lambda: ws.get_session(store, "ZZZZZZ")),
        "participant_not_found": _raised(lambda: ws.get_participant(store, session.code, "p-0000000000")),
        "owner_not_found": _raised(lambda: ws.save_answers(store, session.code, "p-0000000000",
                                                           "service_challenge", {"service_name": "x"})),
        "document_not_found": _raised(lambda: store.read(("S", "missing"))),
        "wrong_pin": _raised(lambda: ws.check_pin(store, session.code, "0000")),
        "wrong_resume_link": _raised(lambda: ws.resume(store, session.code, participant.id + ".wrong")),
        "wrong_password": _raised(lambda: access.check_password("a", "b")),
        "too_many_pins": _raised(lambda: limiter.check("S", "facilitator PIN", 1)),
        "activity_closed": _raised(lambda: ws.save_answers(store, session.code, participant.id,
                                                           "service_challenge", {"service_name": "x"})),
        "store_busy": StoreError("S/doc.json", "is busy: another save held it for 10 s.", rule="busy"),
        "store_unsaved": StoreError("S/doc.json", "could not be saved (disk full).", rule="unsaved"),
        "store_unreadable": StoreError("S/doc.json", "cannot be read (permission denied).", rule="unreadable"),
        "store_undeleted": StoreError("S/doc.json", "could not be deleted (permission denied).", rule="undeleted"),
        "empty_sort": _raised(lambda: paper_sorts.save(store, session.code, "Meja 1", {"scope": []}, [],
                                                       deck_ids=["persona"])),
        "card_twice": _raised(lambda: paper_sorts.placements_from_piles({"scope": ["persona"],
                                                                         "design": ["persona"]})),
        "corrupt": _raised(lambda: corrupt.read(("S", "doc"))),
        "withdrawals_closed": _raised(lambda: rights.withdraw(store, closed.code, leaver.id)),
        "retention_days": retention,
        "confirm_code": _raised(lambda: deletion.check_confirmation(session.code, "nope")),
        "notice": notice,
        "nul_character": _raised(lambda: store.write(("S", "nul"), {"x": "a\x00b"})),
        "store_disk_full": store_module._unsaved(tmp_path, OSError(28, "No space left on device")),
        "store_read_only": store_module._unsaved(tmp_path, OSError(30, "Read-only file system")),
        "store_offline_unsaved": StoreError("PostgreSQL db:5432/booster", "could not be saved.", rule="offline_unsaved"),
        "store_offline": StoreError("PostgreSQL db:5432/booster", "could not be read.", rule="offline"),
        "store_unreachable": StoreError("PostgreSQL db:5432/booster", "cannot be reached.", rule="unreachable"),
        "store_schema": StoreError("PostgreSQL db:5432/booster", "has schema version 0.", rule="schema"),
        "content": ContentError("ui/id.yaml", "errors.generic", "missing translation."),
        "bundle": BundleError("pilot.zip", "it has no session.json."),
        "export_failed": ExportFailed("xlsx", "BrokenProcessPool: the worker died"),
        "plain": BoosterError("something"),
    }


@pytest.fixture
def examples(tmp_path):
    return _examples(tmp_path)


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_examples_cover_every_error_class_and_every_rule(examples):
    classes = {type(exc) for exc in examples.values()}
    assert _all_subclasses(BoosterError) | {BoosterError} <= classes
    source = "\n".join(p.read_text() for p in (REPO / "booster").glob("*.py"))
    raised_rules = {rule for expr in re.findall(r"\brule=([^,\n]+)", source)
                    for rule in re.findall(r'"([a-z_]+)"', expr)}
    covered = {exc.rule for exc in examples.values() if isinstance(exc, (ValidationError, StoreError))}
    assert raised_rules and raised_rules <= covered, f"add an example for: {sorted(raised_rules - covered)}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_error_key_exists_and_formats(examples, language):
    strings = STRINGS.strings[language]
    for name, exc in examples.items():
        key = "errors." + exc.ui_key
        assert key in strings, f"{name}: {key} is missing in ui/{language}.yaml"
        assert _placeholders(strings[key]) == _placeholders(STRINGS.strings["en"][key])
        strings[key].format(**exc.params)  # no KeyError: every placeholder has a parameter
        assert "errors." + type(exc).ui_fallback in strings, f"{type(exc).__name__} has no generic message"


def test_errors_people_can_meet_have_their_own_message(examples):
    generic = {"invalid_without_rule", "plain"}
    for name, exc in examples.items():
        assert (exc.ui_key in ("generic", "invalid.generic")) == (name in generic), name


@pytest.mark.parametrize("language", LANGUAGES)
def test_screen_messages_are_in_the_language_and_name_ids(examples, language):
    def tr(key, **params):
        return STRINGS.t(key, language, **params)

    for name, exc in examples.items():
        text = error_text(exc, tr)
        assert "{" not in text and "errors." not in text, (name, text)
        if language != "en":
            assert text != str(exc), f"{name} is shown in English: {text}"
    assert "card_sort" not in error_text(ActivityClosed("card_sort"), tr)
    assert tr("errors.activities.card_sort") in error_text(ActivityClosed("card_sort"), tr)
    assert tr("errors.fields.title") in error_text(examples["empty"], tr)
    assert "ZZZZZZ" in error_text(examples["session_not_found"], tr)


def test_indonesian_messages_of_the_common_refusals():
    def tr(key, **params):
        return STRINGS.t(key, "id", **params)

    assert error_text(AccessDenied("facilitator PIN"), tr) == "PIN fasilitator tidak benar."
    assert error_text(TooManyAttempts("facilitator PIN", 42), tr).endswith("tunggu 42 detik lalu coba lagi.")
    assert error_text(ActivityClosed("service_challenge"), tr) == (
        'Kegiatan "Lembar kerja Tantangan Layanan" sedang tidak dibuka, sehingga jawaban tidak dapat diubah.')
    assert error_text(ValidationError("title", "must not be empty.", rule="empty"), tr) == "Judul sesi wajib diisi."


def test_unknown_keys_fall_back_to_the_class_sentence_then_the_generic_one():
    def tr(key, **params):
        return STRINGS.t(key, "id", **params)

    assert error_text(AccessDenied("secret handshake"), tr) == tr("errors.access_denied.generic")
    assert error_text(NotFound("unicorn", "u-1"), tr) == tr("errors.not_found.generic", ident="u-1")
    assert error_text(ValidationError("card", "'x' is not a card of this deck."), tr) == tr("errors.invalid.generic")
    assert error_text(ValidationError("x", "y", rule="no_such_rule"), tr) == tr("errors.invalid.generic")
    assert error_text(ValidationError("frobnicator", "y", rule="empty"), tr) == "frobnicator wajib diisi."
    assert error_text(StoreError("p", "strange"), tr) == tr("errors.store.generic")
    assert error_text(BoosterError("x"), tr) == tr("errors.generic")


def test_english_messages_stay_the_same_for_code_and_logs():
    assert str(ValidationError("title", "must not be empty.", rule="empty")) == "title: must not be empty."
    assert str(AccessDenied("facilitator PIN")) == "The facilitator PIN is not correct."
    assert ValidationError("PIN", "must be 4 to 12 digits.", rule="pin_format", min=4, max=12).params == {
        "field": "PIN", "min": 4, "max": 12}
