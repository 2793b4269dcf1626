"""The tree reads as the architecture: small packages, small modules, no import upward.

Layers, lowest first: the seams (``ports``, ``timemath``, ``i18n``) and ``storage``;
the domain packages; the outbox (which sends for them); the dialogues (which answer
people); the engine and the ticker on top. A module may import its own layer and the
ones below. The names of states (``*.states``) may be read from anywhere. Nothing in
``surveys/`` or ``nlp/`` knows Telegram or its frameworks.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAX_TOP_LEVEL_MODULES = 6
MAX_MODULES_PER_PACKAGE = 12
MAX_MODULE_LINES = 400
LONG_ON_PURPOSE = {
    # A migration revision is history: it is never rewritten to fit a size rule.
    "surveys/storage/migrations/versions/0001_initial_schema.py",
}

LAYERS: dict[str, int] = {
    "surveys.ports": 0,
    "surveys.timemath": 0,
    "surveys.i18n": 0,
    "surveys.storage": 0,
    "surveys.inputs": 0,
    "surveys.flood": 0,
    "surveys.staff": 1,
    "surveys.conversation": 1,
    "surveys.customers": 1,
    "surveys.importing": 1,
    "surveys.reports": 1,
    "surveys.complaints": 2,
    "surveys.waves": 2,
    "surveys.audits": 2,
    "surveys.outbox": 3,
    "surveys.dialogues": 4,
    "surveys.web": 4,
    "surveys.engine": 5,
    "surveys.ticker": 5,
    "surveys": 6,  # the package's public surface names everything
}
FOREIGN = ("bot", "aiogram", "telegram")


def _modules(*packages: str) -> list[Path]:
    return sorted(p for package in packages for p in (ROOT / package).rglob("*.py"))


def _name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> int | None:
    if "states" in module.split("."):
        return 0
    for prefix in sorted(LAYERS, key=len, reverse=True):
        if module == prefix or (module.startswith(prefix + ".") and prefix != "surveys"):
            return LAYERS[prefix]
    return None


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
            found.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_surveys_has_few_modules_at_its_top() -> None:
    top = [p.name for p in (ROOT / "surveys").glob("*.py")]
    assert len(top) <= MAX_TOP_LEVEL_MODULES, sorted(top)


@pytest.mark.parametrize("package", ["surveys", "bot", "nlp"])
def test_no_package_is_crowded(package: str) -> None:
    crowded = {
        str(folder.relative_to(ROOT)): count
        for folder in [ROOT / package, *(ROOT / package).rglob("*")]
        if folder.is_dir() and "versions" not in folder.parts
        if (count := len(list(folder.glob("*.py")))) > MAX_MODULES_PER_PACKAGE
    }
    assert not crowded, crowded


@pytest.mark.parametrize("package", ["surveys", "bot", "nlp"])
def test_no_module_is_long(package: str) -> None:
    long = {
        str(path.relative_to(ROOT)): lines
        for path in _modules(package)
        if str(path.relative_to(ROOT)) not in LONG_ON_PURPOSE
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not long, long


def test_the_domain_and_nlp_know_no_chat_framework() -> None:
    offenders = [
        f"{_name(path)} imports {module}"
        for path in _modules("surveys", "nlp")
        for module in _imports(path)
        if module.split(".")[0] in FOREIGN
    ]
    assert not offenders, offenders


def test_nlp_stands_alone() -> None:
    offenders = [
        f"{_name(path)} imports {module}"
        for path in _modules("nlp")
        for module in _imports(path)
        if module.split(".")[0] == "surveys"
    ]
    assert not offenders, offenders


def test_no_import_runs_upward() -> None:
    offenders: list[str] = []
    for path in _modules("surveys"):
        own = _layer(_name(path))
        assert own is not None, f"{_name(path)} belongs to no layer: add it to LAYERS"
        for module in _imports(path):
            other = _layer(module) if module.startswith("surveys.") else None
            if other is not None and other > own:
                offenders.append(f"{_name(path)} (layer {own}) imports {module} (layer {other})")
    assert not offenders, "\n".join(sorted(set(offenders)))


def test_importing_the_bot_pays_for_no_heavy_library() -> None:
    """The CLI and the domain start without matplotlib, openpyxl or a chat framework:
    each is imported by the command that uses it."""
    code = (
        "import sys, surveys, surveys.engine, surveys.ticker, bot.wiring, bot.cli; "
        "print(','.join(m for m in ('matplotlib', 'openpyxl', 'aiogram', 'telegram') "
        "if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == ""
