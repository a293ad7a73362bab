"""Figures about the code's layout (issue 7's before/after note); prints them, asserts nothing.

    .venv/bin/python bench/house_figures.py [ROOT]     (ROOT: another checkout; default this one)

- largest module: the longest .py file under booster/, ui/, pages/ (lines)
- modules per folder: .py files directly in each package folder
- import floors: layers of booster/'s own import graph (a module that imports no booster module is
  floor 1; otherwise one above the highest module it imports)
- broad excepts: `except:`, `except Exception` and `except BaseException` handlers that swallow
  the exception (a cleanup that ends in a bare `raise` does not count)
- stored-key subscripts: `x["key"]` in pages/ and ui/ where "key" is a key of a stored document
  (docs/DATA.md); also counted apart outside the analysis screens (pages/ and ui/ analysis*.py),
  whose subscripts are mostly pandas columns of the analysis tables, not stored JSON
"""

from __future__ import annotations

import ast
import functools
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[1]).resolve()
FOLDERS = ("booster", "ui", "pages")
STORED_KEYS = {  # the keys of the stored documents in docs/DATA.md
    "schema_version", "id", "uid", "title", "country", "agency", "language", "date", "content_version",
    "activities", "mode", "sort_mode", "groups", "name", "pin_salt", "pin_hash", "activity_state",
    "status", "ends_at", "revealed", "created_at", "demo", "secret_hash", "kind", "group_id",
    "joined_at", "last_seen", "session_id", "owner_id", "activity", "started_at", "updated_at",
    "submitted_at", "revision", "data", "conflicts", "placements", "custom_groups", "comments",
    "suggested_names", "card_order", "elapsed_seconds", "source", "answers", "revisions",
    "participant_id",
}


def modules() -> list[Path]:
    return sorted(p for folder in FOLDERS for p in (ROOT / folder).rglob("*.py"))


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, known: set[str]) -> set[str]:
    """The modules of `known` that `path` imports (relative imports resolved; `from pkg import mod`
    counts as importing mod, not pkg)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base)
    return found & known


def import_floors() -> int:
    paths = {_module_name(p): p for p in (ROOT / "booster").rglob("*.py")}
    graph = {name: _imports(path, set(paths)) - {name} for name, path in paths.items()}

    @functools.cache
    def floor(name: str) -> int:
        return 1 + max((floor(m) for m in graph[name]), default=0)

    return max(floor(name) for name in graph)


def broad_excepts(path: Path) -> int:
    """Handlers of every exception (bare, Exception, BaseException) that do not raise it again."""
    def broad(handler: ast.ExceptHandler) -> bool:
        kind = handler.type
        catches_all = kind is None or (isinstance(kind, ast.Name) and kind.id in {"Exception", "BaseException"})
        reraises = any(isinstance(n, ast.Raise) and n.exc is None for n in ast.walk(handler))
        return catches_all and not reraises
    return sum(broad(n) for n in ast.walk(ast.parse(path.read_text())) if isinstance(n, ast.ExceptHandler))


def stored_key_subscripts(path: Path) -> int:
    return sum(isinstance(n, ast.Subscript) and isinstance(n.slice, ast.Constant) and n.slice.value in STORED_KEYS
               for n in ast.walk(ast.parse(path.read_text())))


def main() -> int:
    paths = modules()
    lines = {p: len(p.read_text().splitlines()) for p in paths}
    largest = max(paths, key=lines.get)
    print(f"largest module: {largest.relative_to(ROOT)} ({lines[largest]} lines)")
    per_folder = Counter(str(p.parent.relative_to(ROOT)) for p in paths)
    print("modules per folder: " + ", ".join(f"{folder}/ {n}" for folder, n in sorted(per_folder.items())))
    print(f"import floors in booster/: {import_floors()}")
    print("broad excepts: " + ", ".join(f"{f}/ {sum(broad_excepts(p) for p in paths if p.parts[len(ROOT.parts)] == f)}"
                                        for f in FOLDERS))
    keyed = {f: sum(stored_key_subscripts(p) for p in paths if p.parts[len(ROOT.parts)] == f) for f in ("pages", "ui")}
    live = sum(stored_key_subscripts(p) for p in paths
               if p.parts[len(ROOT.parts)] in ("pages", "ui") and not p.name.startswith("analysis"))
    print(f"stored-key subscripts: pages/ {keyed['pages']}, ui/ {keyed['ui']}, together {sum(keyed.values())}; "
          f"outside the analysis screens {live}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
