"""The expression nodes: every construct has its own visitor method, every visitor handles every
construct, no module outside `ruleset/_expr` dispatches on expression classes, and no module
grows past 600 lines."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import thiduarules
from thiduarules.ruleset._expr import CONSTRUCTS, ExprVisitor

SRC = Path(thiduarules.__file__).resolve().parent
EXPR_MODULE = "ruleset/_expr.py"
EXPR_NAMES = frozenset({c.__name__ for c in CONSTRUCTS} | {"LEAVES"})
MAX_LINES = 600

# Every module tells constructs apart through `ExprVisitor` or the node methods; none is
# excepted, and none may be longer than MAX_LINES.


def _import_everything() -> None:
    """Import every module of the library (the testing tools included), so every visitor is
    defined before its subclasses are collected."""
    for info in pkgutil.walk_packages(thiduarules.__path__, "thiduarules."):
        if info.name != "thiduarules.__main__":  # running it is all it does
            importlib.import_module(info.name)


def _subclasses(cls: type) -> Iterator[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


_import_everything()
VISITORS = sorted(
    {c for c in _subclasses(ExprVisitor) if c.__module__.startswith("thiduarules.")},
    key=lambda c: f"{c.__module__}.{c.__qualname__}",
)


def test_each_construct_hands_itself_to_a_visitor_method_of_its_own() -> None:
    """`ExprVisitor` has one abstract method per construct, and each construct's `accept` calls
    its own: a construct added without its method is caught here."""
    methods = ExprVisitor.__abstractmethods__
    recorder = type(
        "Recorder",
        (ExprVisitor,),
        {name: (lambda self, e, name=name: name) for name in methods},
    )()
    called = {c: object.__new__(c).accept(recorder) for c in CONSTRUCTS}
    assert len(methods) == len(CONSTRUCTS)
    assert sorted(called.values()) == sorted(methods), called


def test_the_visitors_are_found() -> None:
    """The modules that treat constructs differently each define a visitor (so the test below
    is not vacuous)."""
    modules = {c.__module__ for c in VISITORS}
    expected = {
        "thiduarules.ruleset._refs",
        "thiduarules.ruleset._validate",
        "thiduarules.testing.invariants._explanations",
        "thiduarules.testing.mutation._operators",
        "thiduarules.testing.oracle",
        "thiduarules.testing.strategies._edits",
        "thiduarules.testing.strategies._profile",
    }
    assert expected <= modules, sorted(expected - modules)


@pytest.mark.parametrize("visitor", VISITORS, ids=lambda c: f"{c.__module__}.{c.__qualname__}")
def test_every_visitor_handles_every_construct(visitor: type) -> None:
    """A visitor missing a construct's method is abstract, and cannot be built."""
    missing = sorted(getattr(visitor, "__abstractmethods__", ()))
    assert not inspect.isabstract(visitor), f"no method for: {', '.join(missing)}"
    object.__new__(visitor)  # what building one does first; raises TypeError if abstract


def _mentions_expr_class(node: ast.AST) -> bool:
    for n in ast.walk(node):
        if isinstance(n, ast.Name) and n.id in EXPR_NAMES:
            return True
        if isinstance(n, ast.Attribute) and n.attr in EXPR_NAMES:
            return True
    return False


def _is_call_to(node: ast.AST, *names: str) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names


def dispatches(source: str) -> list[int]:
    """The lines of `source` that tell expression constructs apart by class: `isinstance` or
    `issubclass` against one, `type(x) is …` or `==` one, a `match` case on one, or a table
    keyed by them."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if _is_call_to(node, "isinstance", "issubclass"):
            assert isinstance(node, ast.Call)
            hit = len(node.args) > 1 and _mentions_expr_class(node.args[1])
        elif isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            hit = any(_is_call_to(s, "type") for s in sides) and any(
                _mentions_expr_class(s) for s in sides if not _is_call_to(s, "type")
            )
        elif isinstance(node, ast.match_case):
            hit = any(
                isinstance(p, ast.MatchClass) and _mentions_expr_class(p.cls)
                for p in ast.walk(node.pattern)
            )
        elif isinstance(node, ast.Dict):
            hit = any(k is not None and _mentions_expr_class(k) for k in node.keys)
        else:
            continue
        if hit:
            where = node.pattern if isinstance(node, ast.match_case) else node
            found.append(getattr(where, "lineno", 0))
    return sorted(found)


@pytest.mark.parametrize(
    "source",
    [
        "isinstance(e, AllOf)",
        "isinstance(e, AllOf | AnyOf)",
        "isinstance(e, (_expr.Choose, int))",
        "type(e) is YearsCount",
        "match e:\n    case Not(item=i):\n        pass",
        "KINDS = {AtLeast: 'at-least'}",
    ],
)
def test_the_scan_sees_each_way_of_dispatching(source: str) -> None:
    assert dispatches(source)


def test_the_scan_lets_other_values_be_told_apart() -> None:
    assert dispatches("isinstance(v, Ref)\nisinstance(v, bool)\ntype(v) is dt.date") == []


def _modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def _name(path: Path) -> str:
    return path.relative_to(SRC).as_posix()


def test_no_module_but_expr_dispatches_on_expression_classes() -> None:
    """Only `ruleset/_expr` knows the constructs' shapes; every other module that treats them
    differently implements `ExprVisitor`, or uses `children()`, `with_children()`, `params()`,
    `walk()`."""
    found = {
        _name(p): lines
        for p in _modules()
        if _name(p) != EXPR_MODULE and (lines := dispatches(p.read_text(encoding="utf-8")))
    }
    assert not found, f"dispatch on expression classes (lines): {found}"


def test_no_module_is_longer_than_600_lines() -> None:
    lengths = {_name(p): len(p.read_text(encoding="utf-8").splitlines()) for p in _modules()}
    long = {k: n for k, n in lengths.items() if n > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines: {long}"
