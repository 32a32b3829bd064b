"""The public surface: a sorted, complete `__all__`; imports that follow the data one way."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import thiduarules

SRC = Path(thiduarules.__file__).resolve().parent


def test_all_is_sorted_and_complete() -> None:
    assert thiduarules.__all__ == sorted(thiduarules.__all__)
    for name in thiduarules.__all__:
        assert hasattr(thiduarules, name), name


def test_package_root_does_not_import_test_libraries() -> None:
    code = "import thiduarules, sys; assert 'hypothesis' not in sys.modules and 'pytest' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return out


def test_only_one_module_imports_durable_rules() -> None:
    users = sorted(
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if any(m.startswith(("durable", "durable_rules_engine")) for m in _imports(p))
    )
    assert users == ["_durable.py"]


def test_upstream_modules_do_not_import_downstream() -> None:
    """Ruleset and case loading never reach for the engine, the renderers or the CLI."""
    downstream = (
        "thiduarules.engine",
        "thiduarules._evaluate",
        "thiduarules.render",
        "thiduarules.cli",
        "thiduarules.principles",
        "thiduarules.allocation",
        "thiduarules.testing",
    )
    for package in ("ruleset", "case"):
        for path in (SRC / package).glob("*.py"):
            bad = [m for m in _imports(path) if m.startswith(downstream)]
            assert not bad, (path.name, bad)
    for name in (
        "errors.py",
        "_canonical.py",
        "verdict.py",
        "_params.py",
        "_program.py",
        "_plain.py",
        "_durable.py",
    ):
        bad = [m for m in _imports(SRC / name) if m.startswith(downstream)]
        assert not bad, (name, bad)


def test_nothing_is_evaluated_or_unpickled() -> None:
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for word in ("eval(", "exec(", "pickle", "marshal"):
            assert word not in text.replace("literal_eval", ""), (path.name, word)
