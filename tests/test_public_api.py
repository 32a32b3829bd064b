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


def _public_packages() -> list[str]:
    """Every importable package or module of the library whose name has no private part."""
    import pkgutil

    names = ["thiduarules"]
    for info in pkgutil.walk_packages(thiduarules.__path__, "thiduarules."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            names.append(info.name)
    return sorted(names)


def test_all_is_two_way_in_every_public_module() -> None:
    """Every exported name is public and defined; every public class or function a module
    offers (its own, or one of its private modules') is exported: nothing is public by accident
    or hidden."""
    import importlib
    import types

    problems: list[str] = []
    for name in _public_packages():
        mod = importlib.import_module(name)
        exported = getattr(mod, "__all__", None)
        if exported is None:
            problems.append(f"{name}: no __all__")
            continue
        problems += [f"{name}.{n}: exported but private" for n in exported if n.startswith("_")]
        problems += [f"{name}.{n}: exported but missing" for n in exported if not hasattr(mod, n)]
        # Classes and functions defined here or in one of this package's private modules.
        offered = {
            n
            for n, v in vars(mod).items()
            if not n.startswith("_")
            and isinstance(v, type | types.FunctionType)
            and (v.__module__ == name or v.__module__.startswith(name + "._"))
        }
        problems += [
            f"{name}.{n}: public but not in __all__" for n in sorted(offered - set(exported))
        ]
    assert not problems, "\n".join(problems)


def test_command_line_options_are_defined_once() -> None:
    """Every option is registered by `_options.py`; the parsers only call it (plus `--version`)."""
    found = [
        f"{p.relative_to(SRC)}:{i}"
        for p in SRC.rglob("*.py")
        if p.name != "_options.py"
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if ".add_argument(" in line and '"--version"' not in line
    ]
    assert not found, found
