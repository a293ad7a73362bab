"""Guards of the house's layout: booster/ never imports Streamlit, the facades export all they
hold, every setting is documented and read in one place, docs/DATA.md describes what the store
really holds, README's architecture lists every module, and the linter passes."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest

from booster import analysis, demo, privacy, settings, workshop
from booster.store import MemoryStore

ROOT = Path(__file__).resolve().parents[2]
BOOSTER = ROOT / "booster"
FACADES = [workshop, analysis, demo, privacy]


def _imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            found.add(node.module or "")
    return found


def test_booster_never_imports_streamlit():
    offenders = [str(p.relative_to(ROOT)) for p in BOOSTER.rglob("*.py")
                 if any(m.split(".")[0] == "streamlit" for m in _imported_modules(p))]
    assert offenders == []


@pytest.mark.parametrize("facade", FACADES, ids=lambda m: m.__name__)
def test_each_facade_exports_everything_it_holds(facade):
    held = {name for name, value in vars(facade).items()
            if not name.startswith("_") and name != "annotations"
            and not (isinstance(value, types.ModuleType) and name not in facade.__all__)}
    assert sorted(held - set(facade.__all__)) == [], "held but missing from __all__"
    assert sorted(set(facade.__all__) - held) == [], "in __all__ but not there"
    assert len(facade.__all__) == len(set(facade.__all__))


def _readme_section(title: str) -> str:
    text = (ROOT / "README.md").read_text()
    return text.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_readme_configuration_table_lists_every_setting():
    documented = set(re.findall(r"^\| `(BOOSTER_[A-Z_]+)` \|", _readme_section("Configuration"), re.M))
    assert documented == {s.name for s in settings.SETTINGS}


def test_settings_are_read_only_in_booster_settings():
    readers = []
    for path in [ROOT / "app.py", *BOOSTER.rglob("*.py"), *(ROOT / "ui").glob("*.py"), *(ROOT / "pages").glob("*.py")]:
        if path != BOOSTER / "settings.py" and re.search(r"environ|getenv", path.read_text()):
            readers.append(str(path.relative_to(ROOT)))
    assert readers == []


def test_settings_fall_back_to_their_defaults(monkeypatch):
    monkeypatch.setenv("BOOSTER_DATA_DIR", "")
    monkeypatch.setenv("BOOSTER_PUBLIC_URL", "http://192.168.1.20:8501/")
    assert settings.data_dir() == "sessions"
    assert settings.public_url() == "http://192.168.1.20:8501"
    monkeypatch.delenv("BOOSTER_ANALYST_PASSWORD", raising=False)
    assert settings.analyst_password() == ""


def _architecture_files() -> set[str]:
    """Paths named in README's architecture block: a line's first word, nested by its indent."""
    block = _readme_section("Architecture").split("```\n", 2)[1]
    found, parents = set(), {}
    for line in block.splitlines():
        match = re.match(r"( *)(\S+)", line)
        if not match or len(match.group(1)) % 2 or not re.fullmatch(r"[\w.<>-]+/?|\w+/[\w/.<>-]+", match.group(2)):
            continue
        depth, name = len(match.group(1)) // 2, match.group(2)
        path = "".join(parents[d] for d in range(depth)) + name
        parents[depth] = name if name.endswith("/") else ""
        found.add(path)
    return found


def test_readme_architecture_names_every_module_and_only_real_ones():
    listed = _architecture_files()
    modules = {str(p.relative_to(ROOT)) for folder in ("booster", "ui", "pages") for p in (ROOT / folder).rglob("*.py")}
    modules = {m for m in modules if not m.endswith("__init__.py")} | {"app.py"}
    assert sorted(modules - listed) == [], "modules the README's architecture does not name"
    named_files = {p for p in listed if p.endswith(".py")}
    assert sorted(p for p in named_files if not (ROOT / p).exists()) == [], "named in the README but missing"


# ---- docs/DATA.md against what the store really holds ------------------------------------------


def _walk(store, prefix=()):
    for name in store.documents(prefix):
        yield (*prefix, name)
    for child in store.children(prefix):
        yield from _walk(store, (*prefix, child))


@pytest.fixture(scope="module")
def demo_store():
    store = MemoryStore()
    demo.generate(store, sessions=4, participants=6, seed=3)
    return store


def _key_shape(key: tuple) -> tuple:
    """("K7PQ2M", "responses", "p-0a1b2c3d4e", "card_sort") -> ("code", "responses", "owner_id", "activity")."""
    names = {2: ("code", None), 3: ("code", None, "pid"), 4: ("code", None, "owner_id", "activity")}[len(key)]
    if key[1] in ("feedback", "feedback_drafts"):
        names = ("code", None, "pid", "activity")
    return tuple(name or key[i] for i, name in enumerate(names))


def _documented_keys() -> set[tuple]:
    text = (ROOT / "docs" / "DATA.md").read_text().split("## Store keys", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `\((.+?)\)` \|", text, re.M)
    return {tuple(part.strip().strip('"') for part in row.split(",")) for row in rows}


def test_data_md_lists_the_keys_the_store_holds(demo_store):
    held = {_key_shape(key) for key in _walk(demo_store) if key[0] != "_analysis"}
    assert held == _documented_keys()


def _documented_fields(heading: str) -> set[str]:
    """The keys at the top level of the JSON example that follows `heading` in docs/DATA.md."""
    text = (ROOT / "docs" / "DATA.md").read_text()
    block = text.split(heading, 1)[1].split("```json\n", 1)[1].split("```", 1)[0]
    depth, keys = 0, set()
    for match in re.finditer(r'[{}\[\]]|"(\w+)":', block):
        token = match.group(0)
        depth += {"{": 1, "[": 1, "}": -1, "]": -1}.get(token, 0)
        if match.group(1) and depth == 1:
            keys.add(match.group(1))
    return keys


@pytest.mark.parametrize("kind, heading, pick", [
    ("session", "Session (`(code, \"session\")`)", lambda k: k[1:] == ("session",)),
    ("record of actions", "Record of actions (`(code, \"audit\")`)", lambda k: k[1:] == ("audit",)),
    ("participant", "Participant (`(code, \"participants\", pid)`)", lambda k: k[1] == "participants"),
    ("response", "Response (`(code, \"responses\", owner_id, activity)`)", lambda k: k[1] == "responses"),
    ("feedback", "Feedback (`(code, \"feedback\", pid, activity)`)", lambda k: k[1] == "feedback"),
    ("feedback draft", "Feedback draft (`(code, \"feedback_drafts\", pid, activity)`)",
     lambda k: k[1] == "feedback_drafts"),
    ("card sort data", "Card sort `data`", lambda k: k[1] == "responses" and k[-1] == "card_sort"),
    ("worksheet data", "Worksheet `data`", lambda k: k[1] == "responses" and k[-1] != "card_sort"),
])
def test_data_md_documents_every_field_of_each_document(demo_store, kind, heading, pick):
    documented = _documented_fields(heading)
    docs = [demo_store.read(k) for k in _walk(demo_store) if k[0] != "_analysis" and pick(k)]
    docs = [d["data"] for d in docs] if kind.endswith("data") else docs
    assert docs, f"the demo wrote no {kind}"
    held = set().union(*(d.keys() for d in docs))
    assert sorted(held - documented) == [], f"{kind} fields the store holds but docs/DATA.md does not name"
    assert sorted(documented - held) == [], f"{kind} fields docs/DATA.md names but no demo document holds"


def test_ruff_passes():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", str(ROOT)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_store_protocol_declares_every_method_booster_calls_and_both_stores_have_them():
    from booster.store import FileStore, Store

    declared = {name for name in vars(Store) if not name.startswith("_")}
    for store in (FileStore, MemoryStore):
        assert sorted(declared - set(dir(store))) == [], store.__name__
    source = "\n".join(p.read_text() for p in BOOSTER.rglob("*.py"))
    called = set(re.findall(r"\b(?:store|target|source)\.(\w+)\(", source))
    assert sorted(called - declared) == [], "called on a store but not declared by the Store protocol"


def _download_data(call: ast.Call):
    """The data argument of a download_button call: its second positional argument or data=."""
    given = {k.arg: k.value for k in call.keywords}
    return call.args[1] if len(call.args) > 1 else given.get("data")


def test_no_download_is_made_on_the_click():
    """A download_button given a callable makes its file on the click and Streamlit keeps it for no
    screen: a busy server deletes it before the browser fetches it. Files are given as bytes
    (ui/prepared_file.py for ones made on a press)."""
    made_on_click = []
    for path in [*ROOT.glob("ui/*.py"), *ROOT.glob("pages/*.py"), ROOT / "app.py"]:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "download_button"):
                data = _download_data(node)
                callee = data.func if isinstance(data, ast.Call) else None
                if isinstance(data, ast.Lambda) or getattr(callee, "attr", getattr(callee, "id", "")) == "audited":
                    made_on_click.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not made_on_click, f"download made on the click at {made_on_click}"
