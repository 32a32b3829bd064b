"""The independent oracle agrees with the engine, and catches a fault planted in the engine's logic.

The oracle (`thiduarules.testing.oracle`) recomputes every criterion of a nomination from the
case and the ruleset alone, with its own truth tables. Agreement on the bundled example, on
generated cases and on generated rulesets is evidence for both; a fault planted in one entry
of the engine's tables (`thiduarules.evaluate._logic`) must show up as a difference naming the
criterion it changes, or the comparison proves nothing.
"""

from __future__ import annotations

import ast
import datetime as dt
import inspect
from collections.abc import Iterator
from itertools import product
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thiduarules import Engine, load_example_case, load_ruleset, structure_case
from thiduarules.case import Case
from thiduarules.evaluate import _logic
from thiduarules.ruleset import Ruleset
from thiduarules.ruleset._expr import CONSTRUCTS
from thiduarules.testing import oracle
from thiduarules.testing.invariants import InvariantFailure, sound_explanations
from thiduarules.testing.oracle import Truth, criterion_results, differences
from thiduarules.testing.strategies import cases, rulesets

MINIMAL = Path(__file__).resolve().parent / "rulesets" / "minimal.toml"
BACKENDS = ("plain", "auto")
GENERATED = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module")
def bundled() -> Ruleset:
    return load_ruleset()


@pytest.fixture(scope="module")
def engines(bundled: Ruleset) -> Iterator[dict[str, Engine]]:
    """One engine per backend for the module (durable-rules compiles its rulesets once)."""
    made = {b: Engine(bundled, backend=b) for b in BACKENDS}
    yield made
    for e in made.values():
        e.close()


# ---- the oracle's own tables ------------------------------------------------------------------

ORDER: dict[Truth, int] = {"false": 0, "unknown": 1, "true": 2}
TRUTHS: tuple[Truth, ...] = ("false", "unknown", "true")


def test_tables_are_kleene() -> None:
    """Kleene's strong logic over false < unknown < true: and is the minimum, or the maximum,
    not the reversal — checked against the oracle's literal tables entry by entry."""
    for a, b in product(TRUTHS, repeat=2):
        assert oracle._AND[(a, b)] == min(a, b, key=ORDER.__getitem__)
        assert oracle._OR[(a, b)] == max(a, b, key=ORDER.__getitem__)
    assert {a: oracle._NOT[a] for a in TRUTHS} == {
        "true": "false",
        "false": "true",
        "unknown": "unknown",
    }


@pytest.mark.parametrize("n", [0, 1, 2, 3])
def test_at_least_is_the_best_and_worst_case(n: int) -> None:
    """At least n true: true if the worst reading of the unknowns reaches n, false if even the
    best does not, unknown in between."""
    for results in product(TRUTHS, repeat=3):
        worst = sum(r == "true" for r in results)
        best = sum(r != "false" for r in results)
        want = "true" if worst >= n else ("false" if best < n else "unknown")
        assert oracle._at_least(list(results), n) == want


# ---- agreement ----------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_example_agrees(bundled: Ruleset, engines: dict[str, Engine], backend: str) -> None:
    case = load_example_case(bundled)
    result = engines[backend].evaluate(case)
    assert differences(bundled, case, result) == []
    # The comparison is not vacuous: only the nominations sharing an achievement are skipped.
    shared = oracle._shared(case)
    assert shared == {"DN-03", "DN-09"}
    compared = [v for v in result.verdicts if v.nomination not in shared]
    assert len(compared) == len(case.nominations) - 2


def test_example_known_answers(bundled: Ruleset) -> None:
    """DN-10 of the example: no moral-conduct assessment for 2026 (docs/verdicts.md)."""
    case = load_example_case(bundled)
    got = criterion_results(bundled, case, "DN-10", dt.date(2027, 4, 15))
    assert got["ca-nhan-dao-duc"] == "unknown"
    assert got["ca-nhan-hoan-thanh-xuat-sac"] == "true"
    assert got["doi-tuong-ca-nhan"] == "true"
    assert got["hang-nam-ca-nhan"] == "unknown"
    assert criterion_results(bundled, case, "DN-10", "2027-04-15") == got


@pytest.mark.parametrize("backend", BACKENDS)
@GENERATED
@given(data=st.data())
def test_generated_cases_agree(
    bundled: Ruleset, engines: dict[str, Engine], backend: str, data: st.DataObject
) -> None:
    case = data.draw(cases(bundled), label="case")
    assert differences(bundled, case, engines[backend].evaluate(case)) == []


@settings(GENERATED, max_examples=40)
@given(data=st.data())
def test_generated_rulesets_agree(data: st.DataObject) -> None:
    """Generated rulesets use `at_least … of`, `not`, parameters and unset values, which the
    bundled plan does not."""
    ruleset = data.draw(rulesets(), label="ruleset")
    case = data.draw(cases(ruleset), label="case")
    with Engine(ruleset, backend="plain") as engine:
        assert differences(ruleset, case, engine.evaluate(case)) == []


# ---- planted faults -----------------------------------------------------------------------------


def _plain_differences(ruleset: Ruleset, case: Case) -> list[str]:
    with Engine(ruleset, backend="plain") as engine:
        return differences(ruleset, case, engine.evaluate(case))


def test_planted_and_fault_is_caught(bundled: Ruleset, monkeypatch: pytest.MonkeyPatch) -> None:
    """Unknown taken for true inside all-of: DN-10 lacks its moral-conduct assessment, so its
    annual criterion would pass unseen."""
    case = load_example_case(bundled)
    assert _plain_differences(bundled, case) == []
    monkeypatch.setitem(_logic.AND, ("true", "unknown"), "true")
    found = _plain_differences(bundled, case)
    assert "DN-10: criterion hang-nam-ca-nhan: engine true, oracle unknown" in found


def test_planted_or_fault_is_caught(bundled: Ruleset, monkeypatch: pytest.MonkeyPatch) -> None:
    """Unknown taken for false inside any-of: DN-11's annual criterion has an unknown
    alternative and no true one, so it would be refused instead of left undetermined."""
    case = load_example_case(bundled)
    monkeypatch.setitem(_logic.OR, ("false", "unknown"), "false")
    found = _plain_differences(bundled, case)
    assert "DN-11: criterion hang-nam-ca-nhan: engine false, oracle unknown" in found


def _minimal_case(ruleset: Ruleset, role: str | None) -> Case:
    """One civil servant of the commune, nominated on the annual track of minimal.toml."""
    raw = {
        "format": "thiduarules-case/1",
        "as_of": "2027-04-15",
        "candidates": [
            {
                "id": "CN-01",
                "kind": "ca-nhan",
                "name": "Nguyễn Văn A",
                "unit": "Phòng Văn hóa - Xã hội",
                "role": role,
                "in_commune": True,
            }
        ],
        "nominations": [
            {
                "id": "DN-01",
                "candidate": "CN-01",
                "track": "hang-nam-ca-nhan",
                "year": 2026,
                "filed": "2027-03-20",
            }
        ],
    }
    return structure_case(raw, ruleset)


def test_planted_not_fault_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """Not-unknown taken for true: with the role unrecorded, "not a resident" is unknown, and
    the fault would let the candidate through as eligible for the track."""
    ruleset = load_ruleset(MINIMAL)
    case = _minimal_case(ruleset, role=None)
    assert criterion_results(ruleset, case, "DN-01", "2027-04-15")["doi-tuong-ca-nhan"] == (
        "unknown"
    )
    assert _plain_differences(ruleset, case) == []
    monkeypatch.setitem(_logic.NOT, "unknown", "true")
    found = _plain_differences(ruleset, case)
    assert "DN-01: criterion doi-tuong-ca-nhan: engine true, oracle unknown" in found


def test_a_known_role_is_not_affected_by_the_not_fault(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same planted entry changes nothing where the role is known: the difference above is
    the fault's, not noise of the constructed case."""
    ruleset = load_ruleset(MINIMAL)
    case = _minimal_case(ruleset, role="cong-chuc")
    monkeypatch.setitem(_logic.NOT, "unknown", "true")
    found = _plain_differences(ruleset, case)
    assert not [line for line in found if "doi-tuong-ca-nhan" in line]


# ---- independence -------------------------------------------------------------------------------

FORBIDDEN = (
    "thiduarules._evaluate",
    "thiduarules.evaluate",
    "thiduarules.verdict",
    "thiduarules._params",
    "thiduarules._program",
    "thiduarules._plain",
    "thiduarules._durable",
    "thiduarules.principles",
)
ALLOWED = ("thiduarules.ruleset._model", "thiduarules.ruleset._expr", "thiduarules.case._model")


def _imported(tree: ast.AST) -> set[str]:
    """Every module an import statement of `tree` names, `from a import b` as both `a` and `a.b`
    (b may be a submodule), wherever it stands (TYPE_CHECKING blocks and functions included)."""
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "relative import in the oracle"
            assert node.module is not None
            out.add(node.module)
            out.update(f"{node.module}.{alias.name}" for alias in node.names)
    return out


def _source_tree() -> ast.Module:
    return ast.parse(Path(inspect.getfile(oracle)).read_text(encoding="utf-8"))


def test_oracle_imports_nothing_of_the_engine() -> None:
    imported = _imported(_source_tree())
    bad = {m for m in imported if any(m == f or m.startswith(f + ".") for f in FORBIDDEN)}
    assert bad == set()
    # Of the library itself, only the data models (and the names they define).
    ours = {m for m in imported if m == "thiduarules" or m.startswith("thiduarules.")}
    outside = {m for m in ours if not any(m == a or m.startswith(a + ".") for a in ALLOWED)}
    assert outside == set()
    for call in ("__import__", "import_module"):
        assert call not in ast.unparse(_source_tree())


def test_oracle_tells_constructs_apart_only_through_the_visitor() -> None:
    """No `isinstance` (or `type(...) is`) against an expression class: a construct added
    without a visitor method must make the oracle abstract, not silently fall through."""
    names = {c.__name__ for c in CONSTRUCTS}
    for node in ast.walk(_source_tree()):
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "isinstance":
            assert not names & {n.id for n in ast.walk(node.args[1]) if isinstance(n, ast.Name)}
        if isinstance(node, ast.Compare):
            assert not names & {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def test_sound_explanations_reads_its_own_tables(
    bundled: Ruleset, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The explanations' invariant re-derives each node's result with the oracle's tables, so a
    fault planted in the engine's own tables makes it fail instead of agreeing with the fault."""
    assert sound_explanations(bundled, examples=15, seed=7).result == "passed"
    monkeypatch.setitem(_logic.AND, ("true", "unknown"), "true")
    monkeypatch.setitem(_logic.AND, ("unknown", "true"), "true")
    with pytest.raises(InvariantFailure, match="its parts give unknown"):
        sound_explanations(bundled, examples=60, seed=7)
