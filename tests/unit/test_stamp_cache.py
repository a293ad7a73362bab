"""booster.store.StampCache: the room poll's read, parsed again only when the document changed."""

from __future__ import annotations

import os

import pytest

from booster import store as store_mod
from booster.errors import NotFound
from booster.store import FileStore, MemoryStore, StampCache


def _counting_cache():
    parsed = []

    def parse(doc):
        parsed.append(doc)
        return dict(doc)

    return StampCache(parse), parsed


def test_an_unchanged_document_is_parsed_once_and_a_changed_one_again():
    store, (cache, parsed) = MemoryStore(), _counting_cache()
    store.write(("S", "session"), {"v": 1})
    assert cache.get(store, ("S", "session")) == {"v": 1}
    assert cache.get(store, ("S", "session")) == {"v": 1}
    assert len(parsed) == 1
    store.write(("S", "session"), {"v": 2})
    assert cache.get(store, ("S", "session")) == {"v": 2}
    assert len(parsed) == 2


def test_a_missing_or_deleted_document_is_not_found():
    store, (cache, _) = MemoryStore(), _counting_cache()
    with pytest.raises(NotFound):
        cache.get(store, ("S", "session"))
    store.write(("S", "session"), {"v": 1})
    cache.get(store, ("S", "session"))
    store.delete(("S", "session"))
    with pytest.raises(NotFound):
        cache.get(store, ("S", "session"))


def test_each_store_has_its_own_entries():
    """Two stores whose stamps count from the same start never answer for each other."""
    first, second, (cache, _) = MemoryStore(), MemoryStore(), _counting_cache()
    first.write(("S", "session"), {"v": "first"})
    second.write(("S", "session"), {"v": "second"})
    assert cache.get(first, ("S", "session")) == {"v": "first"}
    assert cache.get(second, ("S", "session")) == {"v": "second"}


def test_a_file_written_twice_within_one_mtime_step_is_never_served_stale(tmp_path):
    """Two writes can share an mtime: a file changed within SETTLE_NS is read afresh every time."""
    store, (cache, _) = FileStore(tmp_path), _counting_cache()
    store.write(("S", "session"), {"v": 1})
    stamp = os.stat(store.path(("S", "session"))).st_mtime_ns
    assert cache.get(store, ("S", "session")) == {"v": 1}
    store.write(("S", "session"), {"v": 2})
    os.utime(store.path(("S", "session")), ns=(stamp, stamp))  # the same mtime as the first write
    assert cache.get(store, ("S", "session")) == {"v": 2}


def test_a_settled_file_is_read_once_until_it_changes(tmp_path, monkeypatch):
    monkeypatch.setattr(store_mod, "SETTLE_NS", 0)
    store, (cache, parsed) = FileStore(tmp_path), _counting_cache()
    store.write(("S", "session"), {"v": 1})
    cache.get(store, ("S", "session"))
    cache.get(store, ("S", "session"))
    assert len(parsed) == 1
    store.write(("S", "session"), {"v": 2})
    os.utime(store.path(("S", "session")), ns=(1, 1))  # a different stamp
    assert cache.get(store, ("S", "session")) == {"v": 2}
