"""Property-based tests (hypothesis) where the input space is wide: store keys, documents written
and read back, a table's two members saving the same worksheet, and bundles that arrive damaged."""

from __future__ import annotations

import datetime as dt
import io
import re
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from analysis_fixtures import fill
from booster import clock, workshop as ws
from booster.errors import BoosterError, ValidationError
from booster.files import bundle as bd
from booster.live.answers import SEPARATOR
from booster.store import FileStore, MemoryStore, check_key

ROOT = Path(__file__).resolve().parents[2]
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _documented_segment() -> re.Pattern:
    """The segment rule as docs/DATA.md states it (an oracle independent of booster.store)."""
    text = (ROOT / "docs" / "DATA.md").read_text()
    return re.compile(re.search(r"each matching\s+`\^(.+?)\$`", text).group(1))


SEGMENT = _documented_segment()
valid_segments = st.from_regex(SEGMENT, fullmatch=True)
segments = st.one_of(valid_segments, st.text(max_size=70),
                     valid_segments.map(lambda s: s + "\n"))  # `$` alone would let a final newline through


# ---- store keys ----------------------------------------------------------------------------


@FAST
@given(st.lists(segments, max_size=4))
def test_a_key_is_accepted_exactly_when_every_segment_fits_the_documented_rule(key):
    valid = bool(key) and all(SEGMENT.fullmatch(s) for s in key)
    if valid:
        assert check_key(tuple(key)) == tuple(key)
    else:
        with pytest.raises(ValidationError, match="is not a valid store key"):
            check_key(tuple(key))


@pytest.fixture(scope="module")
def file_root():
    with tempfile.TemporaryDirectory() as tmp:
        yield Path(tmp)


@FAST
@given(st.lists(st.from_regex(SEGMENT, fullmatch=True), min_size=1, max_size=4))
def test_an_accepted_key_names_a_file_inside_the_data_folder(file_root, key):
    path = FileStore(file_root).path(tuple(key))
    assert file_root.resolve() in path.resolve().parents and path.name == key[-1] + ".json"


# ---- documents round trip ------------------------------------------------------------------

# Any text but NUL, which no store takes (PostgreSQL's jsonb cannot hold it; see the test below).
storable_text = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"))
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | storable_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(storable_text.filter(lambda t: len(t) <= 12), inner,
                                                                max_size=4),
    max_leaves=20)
documents = st.dictionaries(storable_text.filter(lambda t: len(t) <= 12), json_values, max_size=6)


@FAST
@given(key=st.lists(st.from_regex(SEGMENT, fullmatch=True), min_size=1, max_size=3), doc=documents)
def test_what_is_written_is_read_back_unchanged(file_root, key, doc):
    for store in (FileStore(file_root), MemoryStore()):
        store.write(tuple(key), doc)
        assert store.read(tuple(key)) == doc
        assert store.exists(tuple(key))


@FAST
@given(doc=documents, where=st.sampled_from(["key", "value"]), text=storable_text.filter(lambda t: len(t) <= 5))
def test_a_nul_character_anywhere_is_refused_by_every_store(file_root, doc, where, text):
    nul = text + "\x00"
    bad = {**doc, nul: 1} if where == "key" else {**doc, "x": [nul]}
    for store in (FileStore(file_root), MemoryStore()):
        with pytest.raises(ValidationError, match="NUL character"):
            store.write(("nul", "doc"), bad)


# ---- a table's two members saving one worksheet ----------------------------------------------

FIELDS = ("service_name", "user_group", "context")
texts = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=30)


@pytest.fixture(scope="module")
def table():
    """(documents, code, member a, member b): a group-mode session with the Service Challenge open,
    as documents to copy into a fresh store for each example."""
    store = MemoryStore()
    with clock.scripted(clock.ScriptedEnv(1, dt.datetime(2025, 8, 14, tzinfo=dt.UTC))):
        code = ws.create_session(store, title="Uji", country="Indonesia", agency="", date="2025-08-14",
                                 language="id", content_version="v1", activities=list(ws.ACTIVITIES),
                                 mode="group", sort_mode="closed", pin="2468", groups=2).code
        ws.set_activity_status(store, code, "service_challenge", "open")
        members = [ws.join(store, code, group_id="g-1")[0].id for _ in range(2)]
    return _snapshot(store), code, members


@FAST
@given(base=st.fixed_dictionaries({f: texts for f in FIELDS}),
       a=st.dictionaries(st.sampled_from(FIELDS), texts), b=st.dictionaries(st.sampled_from(FIELDS), texts))
def test_two_members_never_lose_each_others_text(table, base, a, b):
    documents, code, (pa, pb) = table
    store, owner = MemoryStore(), "g-1"
    for key, doc in documents.items():
        store.write(key, doc)
    ws.save_answers(store, code, owner, "service_challenge", base, None, by=pa)
    ws.save_answers(store, code, owner, "service_challenge", a, base, by=pa)
    doc, _ = ws.save_answers(store, code, owner, "service_challenge", b, base, by=pb)
    answers = doc["data"]["answers"]
    for field in FIELDS:
        final = answers.get(field) or ""
        for writer in (a, b):
            if writer.get(field, base[field]) != base[field] and writer[field].strip():
                # Kept as one of the parts, or inside the other text (a text that holds the stored
                # one replaces it, booster.live.answers): either way, nothing typed is lost.
                assert writer[field] in final.split(SEPARATOR) or writer[field] in final, (field, final)
        if field in a and field not in b:
            assert final == a[field] or (not a[field].strip() and not base[field].strip())


# ---- damaged bundles ----------------------------------------------------------------------


def _snapshot(store: MemoryStore) -> dict:
    def walk(prefix=()):
        for name in store.documents(prefix):
            yield (*prefix, name)
        for child in store.children(prefix):
            yield from walk((*prefix, child))
    return {key: store.read(key) for key in walk()}


@pytest.fixture(scope="module")
def good_bundle() -> bytes:
    return bd.export_bundle(fill(MemoryStore()), "AAAAAA")


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


@FAST
@given(cuts=st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), max_size=6),
       truncate=st.none() | st.integers(0, 10_000))
def test_a_damaged_bundle_is_refused_whole_or_imported_whole(good_bundle, cuts, truncate):
    data = bytearray(good_bundle)
    for at, value in cuts:
        data[at % len(data)] = value
    data = bytes(data[:truncate] if truncate is not None else data)
    store = MemoryStore()
    store.write(("ZZZZZZ", "session"), {"schema_version": 1, "id": "ZZZZZZ", "uid": "other"})
    before = _snapshot(store)
    try:
        result = bd.import_bundle(store, data, "upload.zip")
    except BoosterError:
        assert _snapshot(store) == before, "a refused bundle wrote something"
        return
    assert result.imported
    after = _snapshot(store)
    added = {key[1:]: doc for key, doc in after.items() if key[0] == result.code}
    assert {"/".join(k) + ".json" for k in added} | {bd.MANIFEST} == set(_members(data))


@FAST
@given(st.binary(max_size=2_000))
def test_any_bytes_are_refused_with_a_bundle_error_or_imported(data):
    assume(data[:2] != b"PK" or len(data) < 30)
    store = MemoryStore()
    with pytest.raises(BoosterError):
        bd.import_bundle(store, data, "upload.zip")
    assert _snapshot(store) == {}
