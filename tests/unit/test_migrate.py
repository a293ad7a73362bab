"""Moving data between stores: `python -m booster migrate` both ways, and bundles on PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import psycopg

from analysis_fixtures import contents, fill
from booster.files import bundle as bd
from booster import migrate
from booster.analysis.tables import load_tables
from booster.store import FileStore, walk
from booster.store_postgres import PostgresStore

ROOT = Path(__file__).resolve().parents[2]


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "booster", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def _everything(store) -> dict:
    return {key: store.read(key) for key in walk(store)}


def test_files_to_postgresql_and_back_copies_every_document_and_a_rerun_copies_none(tmp_path, postgres):
    source = fill(FileStore(tmp_path / "files"))
    url = postgres.create_database("booster_migrate")  # a new database: migrate creates the schema
    there = _cli("migrate", "--from", str(source.root), "--to", url)
    assert there.returncode == 0, there.stderr
    n = len(_everything(source))
    assert f"{n} documents of 2 sessions in the source: {n} copied, 0 already there" in there.stdout
    assert "identical." in there.stdout and "NOT" not in there.stdout
    again = _cli("migrate", "--from", str(source.root), "--to", url)
    assert f"0 copied, {n} already there" in again.stdout and again.returncode == 0
    back = _cli("migrate", "--from", url, "--to", str(tmp_path / "back"))
    assert back.returncode == 0 and f"{n} copied" in back.stdout, back.stderr
    assert _everything(FileStore(tmp_path / "back")) == _everything(source)
    db = PostgresStore(url)
    try:
        assert load_tables(db, contents()).placements.equals(load_tables(source, contents()).placements)
    finally:
        db.close()


def test_a_document_that_differs_at_the_destination_is_reported_and_left_alone(tmp_path, postgres_store,
                                                                                 postgres_url):
    source = fill(FileStore(tmp_path / "files"))
    key = ("AAAAAA", "session")
    postgres_store.write(key, {**source.read(key), "title": "changed on the server"})
    report = migrate.copy_store(source, postgres_store)
    assert report.conflicts == ["AAAAAA/session"] and not report.ok
    assert postgres_store.read(key)["title"] == "changed on the server"
    done = _cli("migrate", "--from", str(source.root), "--to", postgres_url)
    assert done.returncode == 1
    assert "different at the destination: AAAAAA/session" in done.stdout and "NOT identical." in done.stdout


def test_a_corrupt_source_row_is_skipped_and_named(tmp_path, postgres_store, postgres_url):
    fill(postgres_store)
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("UPDATE booster_documents SET doc = '\"text\"' WHERE path = 'AAAAAA/session'")
    report = migrate.copy_store(postgres_store, FileStore(tmp_path / "copy"))
    assert len(report.unreadable) == 1 and "AAAAAA/session" in report.unreadable[0]
    assert report.ok and not FileStore(tmp_path / "copy").exists(("AAAAAA", "session"))


def test_bundles_export_from_and_import_into_postgresql(tmp_path, postgres_store, postgres_url):
    source = fill(FileStore(tmp_path / "files"))
    first = bd.import_bundle(postgres_store, bd.export_bundle(source, "AAAAAA"), "AAAAAA.zip")
    assert first.imported and not bd.import_bundle(postgres_store, bd.export_bundle(source, "AAAAAA"),
                                                   "AAAAAA.zip").imported
    assert _everything(postgres_store) == {k: v for k, v in _everything(source).items() if k[0] == "AAAAAA"}
    out = tmp_path / "from_db.zip"
    exported = _cli("bundle", "AAAAAA", "--store", postgres_url, "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    fresh = FileStore(tmp_path / "fresh")
    assert bd.import_bundle(fresh, out.read_bytes(), out.name).imported
    # The export itself is logged in the source's record of actions, after the bundle was made.
    logged = _everything(postgres_store).pop(("AAAAAA", "audit"))
    assert [e["action"] for e in logged["entries"]] == ["exported"]
    assert _everything(fresh) == {k: v for k, v in _everything(postgres_store).items() if k != ("AAAAAA", "audit")}
