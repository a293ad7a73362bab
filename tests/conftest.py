"""Fixtures shared by every test layer."""

from __future__ import annotations

import pytest

from booster.store import FileStore, MemoryStore


@pytest.fixture
def file_store(tmp_path) -> FileStore:
    return FileStore(tmp_path / "data")


@pytest.fixture
def memory_store() -> MemoryStore:
    return MemoryStore()
