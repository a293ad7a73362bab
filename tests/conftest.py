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



@pytest.fixture(scope="session")
def postgres():
    """A real PostgreSQL server for the whole run (tests/postgres_server.py), stopped afterwards."""
    from tests.postgres_server import PostgresServer

    server = PostgresServer()
    server.start()
    yield server
    server.remove()


@pytest.fixture(scope="session")
def postgres_url(postgres) -> str:
    """One upgraded database on the test server; postgres_store empties it before each test."""
    from booster import store_postgres

    url = postgres.create_database("booster_test")
    store_postgres.upgrade(url)
    return url


@pytest.fixture
def postgres_store(postgres_url):
    import psycopg

    from booster.store_postgres import PostgresStore

    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("TRUNCATE booster_documents")
    store = PostgresStore(postgres_url)
    yield store
    store.close()


STORES = ["file", "memory", "postgresql"]


@pytest.fixture(params=STORES)
def any_store(request, tmp_path):
    """Each store kind in turn: tests using it are the contract every store keeps."""
    if request.param == "postgresql":
        return request.getfixturevalue("postgres_store")
    return FileStore(tmp_path / "data") if request.param == "file" else MemoryStore()
