"""The command line: `python -m booster <command> ...`.

Each command is one entry in COMMANDS: a name, a help line, a function adding its arguments to an
argparse parser, and a function running it (returns the exit code). To add a command, write those
two functions and append a Command. Errors from booster.errors are printed as their sentence.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from typing import Callable

from .errors import BoosterError, ValidationError
from .store import open_store


@dataclasses.dataclass(frozen=True)
class Command:
    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def _data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", "--store", dest="data_dir", default=None,
                        help="the data folder or a postgresql:// URL (default: $BOOSTER_STORE, else "
                             "$BOOSTER_DATA_DIR, else ./sessions)")


def _demo_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sessions", type=int, default=6, help="how many sessions (default 6)")
    parser.add_argument("--participants", type=int, default=20, help="participants per session (default 20)")
    parser.add_argument("--seed", type=int, default=0, help="the same seed writes the same files (default 0)")
    _data_dir(parser)


def _demo(args: argparse.Namespace) -> int:
    from . import demo

    for option in ("sessions", "participants"):
        if getattr(args, option) < 1:
            raise ValidationError(f"--{option}", f"{getattr(args, option)} is too few; give at least 1.")
    started = time.perf_counter()
    sessions = demo.generate(open_store(args.data_dir), sessions=args.sessions,
                             participants=args.participants, seed=args.seed)
    print(f"Wrote {len(sessions)} demo sessions of {args.participants} participants "
          f"in {time.perf_counter() - started:.1f} s: {', '.join(s['id'] for s in sessions)}")
    return 0


def _seed_demo(args: argparse.Namespace) -> int:
    from . import demo

    session = demo.ensure_demo_session(open_store(args.data_dir))
    if session is None:
        print("The data folder already holds sessions; no demo session was added.")
    else:
        print(f"Demo session added: join code {session['id']}, facilitator PIN {demo.DEMO_PIN}.")
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


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except BoosterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


# ---- analysis and data files (booster.export, booster.bundle; imported only when run) ----------


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


def _later(module: str, function: str) -> Callable[[argparse.Namespace], int]:
    """Run booster.<module>.<function>, imported only then (pandas is slow to load)."""
    def run(args: argparse.Namespace) -> int:
        import importlib

        return getattr(importlib.import_module(f"booster.{module}"), function)(args)
    return run


COMMANDS += [
    Command("export", "write the analysis as CSV files with a codebook (optionally XLSX and HTML)",
            _export_arguments, _later("export", "cli_export")),
    Command("bundle", "write one session's files into a zip bundle", _bundle_arguments, _later("bundle", "cli_bundle")),
    Command("import", "add a session bundle to the data folder (a second import changes nothing)",
            _import_arguments, _later("bundle", "cli_import")),
]


# ---- hosting: the PostgreSQL schema, moving a whole store (booster.store_postgres, booster.migrate) ----


def _db_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["upgrade"], help="upgrade: create or migrate the schema")
    parser.add_argument("--store", default=None, help="a postgresql:// URL (default: $BOOSTER_STORE)")


def _db(args: argparse.Namespace) -> int:
    from . import store_postgres
    from .store import is_database_url, store_location

    url = args.store or store_location()
    if not is_database_url(url):
        raise ValidationError("--store", f"'{url}' is not a postgresql:// URL; set BOOSTER_STORE or pass --store.")
    before, after = store_postgres.upgrade(url)
    print(f"Schema of {store_postgres.where(url)}: " +
          (f"from version {before} to {after}." if after != before else f"already at version {after}."))
    return 0


def _migrate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="source", required=True, help="a data folder or a postgresql:// URL")
    parser.add_argument("--to", required=True, help="a data folder or a postgresql:// URL")


COMMANDS += [
    Command("db", "create or upgrade the PostgreSQL schema (BOOSTER_STORE or --store)", _db_arguments, _db),
    Command("migrate", "copy a whole store between a folder and PostgreSQL, then check it (safe to rerun)",
            _migrate_arguments, _later("migrate", "cli_migrate")),
]


if __name__ == "__main__":
    sys.exit(main())
