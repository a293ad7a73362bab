"""The command line: `python -m booster <command> ...` (booster/__main__.py calls `main`).

Each command is one entry in COMMANDS: a name, a help line, a function adding its arguments to an
argparse parser, and a function running it with the parsed arguments and the content lookup
(returns the exit code). To add a command, write those two functions and append a Command. Errors
from booster.errors are printed as their sentence. `main(argv, contents=...)` takes the content
lookup as a parameter, so a test can hand in its own content without patching modules.
"""

from __future__ import annotations

import argparse
import re
import dataclasses
import sys
import time
from pathlib import Path
from collections.abc import Callable

from .errors import BoosterError, ValidationError
from .store import open_store

Contents = Callable[[str], object]  # content version -> booster.content.Content


@dataclasses.dataclass(frozen=True)
class Command:
    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, Contents], int]


def _data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", "--store", dest="data_dir", default=None,
                        help="the data folder or a postgresql:// URL (default: $BOOSTER_STORE, else "
                             "$BOOSTER_DATA_DIR, else ./sessions)")


def _demo_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sessions", type=int, default=6, help="how many sessions (default 6)")
    parser.add_argument("--participants", type=int, default=20, help="participants per session (default 20)")
    parser.add_argument("--seed", type=int, default=0, help="the same seed writes the same files (default 0)")
    parser.add_argument("--versions", default=None,
                        help="content versions to run, comma-separated, oldest first (default: every installed "
                             "version; the later sessions run the newer ones)")
    _data_dir(parser)


def _demo(args: argparse.Namespace, contents: Contents) -> int:
    from . import demo

    for option in ("sessions", "participants"):
        if getattr(args, option) < 1:
            raise ValidationError(f"--{option}", f"{getattr(args, option)} is too few; give at least 1.")
    started = time.perf_counter()
    versions = [v.strip() for v in args.versions.split(",") if v.strip()] if args.versions else None
    sessions = demo.generate(open_store(args.data_dir), sessions=args.sessions, participants=args.participants,
                             seed=args.seed, specs=demo.version_specs(versions))
    print(f"Wrote {len(sessions)} demo sessions of {args.participants} participants "
          f"in {time.perf_counter() - started:.1f} s: {', '.join(s.code for s in sessions)}")
    return 0


def _seed_demo(args: argparse.Namespace, contents: Contents) -> int:
    from . import demo

    session = demo.ensure_demo_session(open_store(args.data_dir))
    if session is None:
        print("The data folder already holds sessions; no demo session was added.")
    else:
        print(f"Demo session added: join code {session.code}, facilitator PIN {demo.DEMO_PIN}.")
    return 0


COMMANDS: list[Command] = [
    Command("demo", "write realistic synthetic sessions (marked demo)", _demo_arguments, _demo),
    Command("seed-demo", "add one demo session (PIN 1234) if the data folder has none", _data_dir, _seed_demo),
]


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m booster", description="Booster Workshop command line.")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        sub = commands.add_parser(command.name, help=command.help, description=command.help)
        command.configure(sub)
        sub.set_defaults(run=command.run)
    return top


def main(argv: list[str] | None = None, *, contents: Contents | None = None) -> int:
    """Run one command; `contents` defaults to booster.content.load_content."""
    args = parser().parse_args(argv)
    if contents is None:
        from .content import load_content as contents
    try:
        return args.run(args, contents)
    except BoosterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


# ---- analysis and data files (booster.files; imported only when run) ------------------------------


def _export_arguments(parser: argparse.ArgumentParser) -> None:
    _data_dir(parser)
    parser.add_argument("--out", required=True, help="folder for the CSV files and the codebook")
    parser.add_argument("--xlsx", action="store_true", help="also write booster_analysis.xlsx")
    parser.add_argument("--html", action="store_true", help="also write report.html (works offline)")
    parser.add_argument("--include-incomplete", action="store_true", help="keep unfinished card sorts")


def _bundle_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("code", help="the session's join code")
    _data_dir(parser)
    parser.add_argument("--out", required=True, help="the zip file to write")


def _import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("bundle", help="a session bundle (.zip) written by the bundle command")
    _data_dir(parser)
    parser.add_argument("--force", action="store_true", help="import even a session that was deleted here")


def _export(args: argparse.Namespace, contents: Contents) -> int:
    from .analysis.tables import filter_tables, load_tables  # pandas is slow to load: only when run
    from .files.export import write_exports

    from .privacy import audit

    store = open_store(args.data_dir)
    tables = filter_tables(load_tables(store, contents), include_incomplete=args.include_incomplete)
    paths = write_exports(tables, contents, args.out, xlsx=args.xlsx, html=args.html)
    audit.record_many(store, tables.sessions["session_id"], "command_line", "exported")
    for problem in tables.problems:
        print(f"skipped: {problem}")
    print(f"Wrote {len(paths)} files to {args.out} ({len(tables.sessions)} sessions).")
    return 0


def _bundle(args: argparse.Namespace, contents: Contents) -> int:
    from .files.bundle import export_bundle
    from .privacy import audit

    store = open_store(args.data_dir)
    data = export_bundle(store, args.code)
    audit.record(store, args.code, "command_line", "exported")
    Path(args.out).write_bytes(data)
    print(f"Wrote session {args.code} to {args.out} ({len(data)} bytes).")
    return 0


def _import(args: argparse.Namespace, contents: Contents) -> int:
    """0 when imported or already there."""
    from .files.bundle import import_bundle, read_bundle_file

    name = Path(args.bundle).name
    result = import_bundle(open_store(args.data_dir), read_bundle_file(args.bundle), name, force=args.force)
    print(f"{name}: {result.reason}.")
    return 0


COMMANDS += [
    Command("export", "write the analysis as CSV files with a codebook (optionally XLSX and HTML)",
            _export_arguments, _export),
    Command("bundle", "write one session's files into a zip bundle", _bundle_arguments, _bundle),
    Command("import", "add a session bundle to the data folder (a second import changes nothing)",
            _import_arguments, _import),
]


def _print_kit_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--version", default="v1", help="the content version (default v1)")
    parser.add_argument("--lang", default="en", help="the kit's language, e.g. en or id (default en)")
    parser.add_argument("--out", required=True, help="the PDF file to write")


def _print_kit(args: argparse.Namespace, contents: Contents) -> int:
    from .files.print_kit import build

    kit = build(contents(args.version), args.lang)
    Path(args.out).write_bytes(kit.pdf)
    pages = ", ".join(f"{name} {len(numbers)}" for name, numbers in kit.sections.items())
    print(f"Wrote {args.out}: {sum(len(n) for n in kit.sections.values())} pages ({pages}).")
    return 0


COMMANDS.append(Command("print-kit", "write the printable kit (cards, placemat, worksheets) as an A4 PDF",
                        _print_kit_arguments, _print_kit))


# ---- data protection (booster.privacy) -----------------------------------------------------------


def _delete_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("code", help="the session's join code")
    _data_dir(parser)
    parser.add_argument("--yes", action="store_true", help="do not ask to type the join code to confirm")


def _purge_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--older-than", type=int, default=None, metavar="DAYS",
                        help="delete sessions dated more than DAYS days ago (default: $BOOSTER_RETENTION_DAYS)")
    parser.add_argument("--dry-run", action="store_true", help="only list the sessions it would delete")
    _data_dir(parser)


def _describe(session) -> str:
    """One line naming a session (a workshop.Session)."""
    return f"{session.code}  {session.date}  {session.country}  {session.title}"


def _delete_session(args: argparse.Namespace, contents: Contents) -> int:
    from .privacy import deletion
    from .workshop import get_session

    store = open_store(args.data_dir)
    session = get_session(store, args.code)
    if not args.yes:
        print(f"This deletes session {_describe(session)} and all its files.")
        try:
            typed = input("Type its join code to confirm: ")
        except EOFError:
            typed = ""
        deletion.check_confirmation(session.code, typed)
    tomb = deletion.delete_session(store, session.code, "command_line")
    print(f"Deleted {deletion.tombstone_line(tomb)}.")
    return 0


def _purge(args: argparse.Namespace, contents: Contents) -> int:
    from . import clock, settings
    from .privacy import deletion

    days = args.older_than if args.older_than is not None else settings.retention_days()
    if days is None:
        raise ValidationError("--older-than", "no number of days was given and BOOSTER_RETENTION_DAYS "
                                              "is not set; give --older-than DAYS.")
    due = deletion.purge(open_store(args.data_dir), days, clock.now().date(), dry_run=args.dry_run)
    verb = "Would delete" if args.dry_run else "Deleted"
    for session in due:
        print(f"{verb} {_describe(session)}")
    print(f"{verb} {len(due)} session(s) dated more than {days} days ago.")
    return 0


COMMANDS += [
    Command("delete-session", "delete a session and all its files (a tombstone line is kept)",
            _delete_arguments, _delete_session),
    Command("purge", "delete sessions whose date is older than the retention period, listing them",
            _purge_arguments, _purge),
]


# ---- hosting: the PostgreSQL schema, moving a whole store (booster.store_postgres, booster.migrate) ----


def _db_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["upgrade"], help="upgrade: create or migrate the schema")
    parser.add_argument("--store", default=None, help="a postgresql:// URL (default: $BOOSTER_STORE)")


def _db(args: argparse.Namespace, contents: Contents) -> int:
    from . import store_postgres
    from .store import is_database_url, store_location

    url = args.store or store_location()
    if not is_database_url(url):
        raise ValidationError("--store", f"'{url}' is not a postgresql:// URL; set BOOSTER_STORE or pass --store.")
    before, after = store_postgres.upgrade(url)
    print(f"Schema of {store_postgres.where(url)}: "
          + (f"from version {before} to {after}." if after != before else f"already at version {after}."))
    return 0


def _migrate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="source", required=True, help="a data folder or a postgresql:// URL")
    parser.add_argument("--to", required=True, help="a data folder or a postgresql:// URL")


def _migrate(args: argparse.Namespace, contents: Contents) -> int:
    """0 when every source document is at the destination and checks out."""
    import contextlib

    from . import store_postgres
    from .migrate import copy_store
    from .store import is_database_url

    if is_database_url(args.to):
        store_postgres.upgrade(args.to)  # a new database gets its schema; an upgraded one is left as is
    with contextlib.closing(open_store(args.source)) as source, contextlib.closing(open_store(args.to)) as dest:
        report = copy_store(source, dest)
    print(f"{report.documents} documents of {report.sessions} sessions in the source: {report.copied} copied, "
          f"{report.already} already there, {len(report.conflicts)} different there (left alone), "
          f"{len(report.unreadable)} unreadable (skipped).")
    for label, items in (("different at the destination", report.conflicts), ("unreadable", report.unreadable),
                         ("not read back the same", report.mismatched)):
        for item in items:
            print(f"  {label}: {item}")
    print(f"checksum of the source {report.source_sum[:16]}, of the copy {report.copy_sum[:16]}: "
          + ("identical." if report.ok else "NOT identical."))
    return 0 if report.ok else 1


COMMANDS += [
    Command("db", "create or upgrade the PostgreSQL schema (BOOSTER_STORE or --store)", _db_arguments, _db),
    Command("migrate", "copy a whole store between a folder and PostgreSQL, then check it (safe to rerun)",
            _migrate_arguments, _migrate),
]


# ---- the refinement loop: analysts' marks -> the next content version (booster.analysis.refinement) ----


def _content_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["propose"], help="propose: write the next version from marks")
    marks_from = parser.add_mutually_exclusive_group(required=True)
    marks_from.add_argument("--marks", help="a YAML file of marks (see booster/demo/v2_marks.yaml)")
    marks_from.add_argument("--from-store", action="store_true", help="the marks analysts saved in the app")
    _data_dir(parser)
    parser.add_argument("--evidence", action="store_true",
                        help="attach the backlog figures of the base version's sessions in --data-dir to marks "
                             "that carry none")
    parser.add_argument("--base", default=None, help="the version to start from (default: the newest released)")
    parser.add_argument("--version", default=None, help="the new version's name (default: the next number)")
    parser.add_argument("--out", default=None, help="the content folder to write into (default: booster_content)")
    parser.add_argument("--zip", default=None, help="also write the version as this zip file")
    parser.add_argument("--status", choices=["proposed", "released"], default="proposed",
                        help="proposed (default): new sessions keep starting with the newest released version")
    parser.add_argument("--skip-missing", action="store_true",
                        help="skip marks on items the base version no longer has (listed in the changelog)")
    parser.add_argument("--force", action="store_true", help="replace the version's folder if it exists")


def _content(args: argparse.Namespace, contents: Contents) -> int:
    from .analysis import refinement
    from .content import CONTENT_ROOT, available_versions, default_version

    root = Path(args.out) if args.out else CONTENT_ROOT
    base = args.base or default_version()
    version = args.version or refinement.next_version(available_versions(CONTENT_ROOT) + available_versions(root))
    for option, name in (("--base", base), ("--version", version)):  # a folder name, never a path
        if not re.fullmatch(r"v\d+", str(name)):
            raise ValidationError(option, f"'{name}' is not a version name; use v followed by a number, such as v2.")
    if (root / version).exists() and not args.force:
        raise ValidationError("--version", f"{root / version} already exists; pass --force to replace it "
                                           "or --version to name another.")
    store = open_store(args.data_dir) if (args.from_store or args.evidence) else None
    marks = list(refinement.load_marks(store).values()) if args.from_store else refinement.read_marks_file(args.marks)
    if args.evidence:
        marks = refinement.with_evidence(marks, _backlog_of(store, contents, base))
    proposal = refinement.propose(CONTENT_ROOT / base, marks, version, status=args.status,
                                  skip_missing=args.skip_missing)
    refinement.validate(proposal)
    folder = proposal.write(root)
    if args.zip:
        Path(args.zip).write_bytes(proposal.zip_bytes())
    print(f"Wrote {folder} ({len(proposal.changes)} changes from {base}, {len(proposal.skipped)} skipped, "
          f"{len(proposal.needs_translation)} texts needing translation); it loads. See {folder / 'CHANGELOG.md'}.")
    return 0


def _backlog_of(store, contents: Contents, version: str):
    from .analysis.backlog import build_backlog
    from .analysis.tables import filter_tables, load_tables

    tables = filter_tables(load_tables(store, contents), versions=[version])
    return build_backlog(tables, contents(version))


COMMANDS.append(Command("content", "propose the next content version from analysts' marks (with a changelog)",
                        _content_arguments, _content))
