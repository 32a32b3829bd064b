"""The case digest covers every input that can change a verdict, typed, in any input order.

The stamp promises that the same digest means the same facts. So every field of every kind of
record, and every top-level value of a case, must change the digest when it changes; values
that print alike but are not alike (`None` and `"None"`, `0` and `False`, a date and its ISO
string) must give different digests; and the order records were written in must not matter.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
from decimal import Decimal
from typing import Any, TypeVar

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thiduarules import Engine, load_example_case, load_ruleset
from thiduarules.case import Case, CouncilDecision
from thiduarules.case._digest import case_digest, overrides_digest
from thiduarules.render._json import verdict_line
from thiduarules.testing.strategies import cases, near_misses

COLLECTIONS = tuple(
    f.name for f in attrs.fields(Case) if f.name not in ("format", "commune", "as_of")
)
LOOKALIKES: tuple[object, ...] = (None, "None", 0, False, "", "0")
R = TypeVar("R")


def _evolve(obj: R, /, **changes: Any) -> R:
    """`attrs.evolve`, for values of any type: these tests put ill-typed values in on purpose."""
    return attrs.evolve(obj, **changes)  # type: ignore[misc]


@pytest.fixture(scope="module")
def base() -> Case:
    """The bundled example, with one Council decision so that every kind of record is there."""
    case = load_example_case(load_ruleset())
    decision = CouncilDecision(
        id="HD-2027-01",
        nomination="DN-03",
        by="hoi-dong-thi-dua-khen-thuong-xa",
        date=dt.date(2027, 4, 2),
        achievement="GP-01",
        record="Biên bản họp số 02/BB-HĐTĐKT",
    )
    case = _evolve(case, council_decisions=(*case.council_decisions, decision))
    for name in COLLECTIONS:
        assert getattr(case, name), f"the base case has no {name}"
    return case


def _alternatives(value: object, declared: object) -> list[object]:
    """Values other than `value` a field declared as `declared` may take: a changed value of
    the same type, and None where the field is nullable (or a value where it is None)."""
    text = str(declared)
    if value is None:
        if "bool" in text:
            return [True, False]
        if "date" in text:
            return [dt.date(2026, 6, 1)]
        return ["x", ""]
    out: list[object]
    if isinstance(value, bool):
        out = [not value]
    elif isinstance(value, int):
        out = [value + 1]
    elif isinstance(value, str):
        out = [value + "·", value.upper() if value.upper() != value else value.lower()]
    elif isinstance(value, dt.date):
        out = [value + dt.timedelta(days=1)]
    elif isinstance(value, tuple):
        out = [(*value, "X"), value[:-1]] if value else [("X",)]
        if len(value) > 1:
            out.append(value[::-1])
    else:
        raise AssertionError(f"no alternative for {value!r}")
    if "None" in text:
        out.append(None)
    return [v for v in out if v != value or type(v) is not type(value)]


def _replace(case: Case, collection: str, index: int, record: object) -> Case:
    items = list(getattr(case, collection))
    items[index] = record
    return _evolve(case, **{collection: tuple(items)})


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_every_field_of_every_record_counts(base: Case, collection: str) -> None:
    digest = case_digest(base)
    records = getattr(base, collection)
    for index in (0, len(records) - 1):
        record = records[index]
        for field in attrs.fields(type(record)):
            value = getattr(record, field.name)
            changes = _alternatives(value, field.type)
            assert changes, f"{collection}.{field.name}: nothing to change it to"
            for other in changes:
                changed = _replace(base, collection, index, _evolve(record, **{field.name: other}))
                assert case_digest(changed) != digest, (
                    f"{collection}[{index}].{field.name}: {value!r} → {other!r} left the digest unchanged"
                )


@pytest.mark.parametrize("field", ["format", "commune", "as_of"])
def test_every_top_level_value_counts(base: Case, field: str) -> None:
    value = getattr(base, field)
    for other in _alternatives(value, attrs.fields_dict(Case)[field].type):
        assert case_digest(_evolve(base, **{field: other})) != case_digest(base), other


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_adding_or_removing_a_record_counts(base: Case, collection: str) -> None:
    records = getattr(base, collection)
    fewer = _evolve(base, **{collection: records[1:]})
    doubled = _evolve(base, **{collection: (*records, records[0])})
    digests = {case_digest(base), case_digest(fewer), case_digest(doubled)}
    assert len(digests) == 3


def test_lookalike_values_differ(base: Case) -> None:
    """`None`, `"None"`, `0`, `False`, `""` and `"0"`: six values, six digests — at the top
    level and inside a record."""
    top = {case_digest(_evolve(base, commune=v)) for v in LOOKALIKES}
    assert len(top) == len(LOOKALIKES)
    first = base.candidates[0]
    inner = {
        case_digest(_replace(base, "candidates", 0, _evolve(first, role=v))) for v in LOOKALIKES
    }
    assert len(inner) == len(LOOKALIKES)
    assert case_digest(_evolve(base, commune=None)) != case_digest(_evolve(base, commune="None"))


def test_a_date_is_not_its_iso_string(base: Case) -> None:
    assert base.as_of is not None
    as_text = _evolve(base, as_of=base.as_of.isoformat())
    assert case_digest(as_text) != case_digest(base)
    achievement = next(a for a in base.achievements if a.date is not None)
    index = base.achievements.index(achievement)
    assert achievement.date is not None
    dated = _replace(
        base, "achievements", index, _evolve(achievement, date=achievement.date.isoformat())
    )
    assert case_digest(dated) != case_digest(base)


def test_input_order_does_not_matter(base: Case) -> None:
    digest = case_digest(base)
    reversed_case = _evolve(base, **{c: getattr(base, c)[::-1] for c in COLLECTIONS})
    assert case_digest(reversed_case) == digest
    rng = random.Random(20270415)
    for _ in range(5):
        shuffled = {}
        for c in COLLECTIONS:
            items = list(getattr(base, c))
            rng.shuffle(items)
            shuffled[c] = tuple(items)
        assert case_digest(_evolve(base, **shuffled)) == digest


def test_order_holds_beside_missing_values(base: Case) -> None:
    """Records whose fields are None beside records where they are set (nullable roles, dates,
    filing dates) still sort into one order, whatever order they came in."""
    first = base.candidates[0]
    twins = (
        _evolve(first, id="ZZ-1", role=None, in_commune=None),
        _evolve(first, id="ZZ-2"),
        _evolve(first, id="ZZ-0", role=None),
    )
    one = _evolve(base, candidates=(*base.candidates, *twins))
    other = _evolve(base, candidates=(*twins[::-1], *base.candidates[::-1]))
    assert case_digest(one) == case_digest(other)


def test_digest_is_stable(base: Case) -> None:
    digest = case_digest(base)
    assert digest.startswith("sha256:")
    assert len(digest) == len("sha256:") + 64
    assert case_digest(base) == digest
    again = load_example_case(load_ruleset())
    assert case_digest(_evolve(again, council_decisions=base.council_decisions)) == digest


def test_digest_is_the_same_in_another_process() -> None:
    """No dependence on hash randomisation, object identity or anything of one process."""
    script = (
        "from thiduarules import load_example_case, load_ruleset\n"
        "from thiduarules.case._digest import case_digest\n"
        "print(case_digest(load_example_case(load_ruleset())))\n"
    )
    here = case_digest(load_example_case(load_ruleset()))
    for seed in ("0", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env=env,
            timeout=120,
        )
        assert out.stdout.strip() == here


def test_the_stamp_carries_the_digest(base: Case) -> None:
    with Engine(load_ruleset(), backend="plain") as engine:
        assert engine.evaluate(base).stamp.case_digest == case_digest(base)


# ---- the stamp's promise: a verdict changes only with the stamp ---------------------------------

_RULESET = load_ruleset()
_ENGINE = Engine(_RULESET, backend="plain")


def _verdict_lines(case: Case) -> tuple[str, tuple[str, ...]]:
    result = _ENGINE.evaluate(case)
    return result.stamp.case_digest, tuple(verdict_line(v) for v in result.verdicts)


def test_a_council_decision_changes_the_stamp_with_the_verdict(base: Case) -> None:
    """The case the old stamp missed: a Council decision settles a shared achievement, the
    verdicts change, so the stamp must too."""
    without = attrs.evolve(base, council_decisions=())
    before, after = _verdict_lines(without), _verdict_lines(base)
    assert before[1] != after[1]
    assert before[0] != after[0]


@pytest.mark.parametrize("criterion", ["hang-nam-ca-nhan", "hang-nam-tap-the", "tong-ket-tap-the"])
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_one_fact_that_changes_a_verdict_changes_the_digest(
    criterion: str, data: st.DataObject
) -> None:
    """Each near miss is one edit of one fact (an assessment recorded, a role set, an
    initiative marked applied…) that turns a criterion true: its verdicts differ, so must the
    digests."""
    near = data.draw(near_misses(_RULESET, criterion))
    before, after = _verdict_lines(near.case), _verdict_lines(near.fixed)
    if before[1] != after[1]:
        assert before[0] != after[0], near.edit


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_same_digest_same_verdicts(data: st.DataObject) -> None:
    """Two generated cases with one digest are the same facts, and have the same verdicts."""
    one = data.draw(cases(_RULESET))
    other = data.draw(st.one_of(st.just(one), cases(_RULESET)))
    a, b = _verdict_lines(one), _verdict_lines(other)
    if a[0] == b[0]:
        assert a[1] == b[1]
    if a[1] != b[1]:
        assert a[0] != b[0]


# ---- parameter overrides -----------------------------------------------------------------------

OVERRIDE_VALUES: tuple[Any, ...] = (
    "1",
    1,
    True,
    Decimal("1"),
    dt.date(2030, 11, 15),
    "2030-11-15",
    ("1",),
    (),
    "",
    0,
    False,
)


def test_overrides_are_typed() -> None:
    digests = {overrides_digest({"p": v}) for v in OVERRIDE_VALUES}
    assert len(digests) == len(OVERRIDE_VALUES)


def test_override_tags_cannot_be_forged() -> None:
    """A date and a tuple of strings that spells its tag, a decimal and its look-alike."""
    assert overrides_digest({"p": dt.date(2030, 11, 15)}) != overrides_digest(
        {"p": ("date", "2030-11-15")}
    )
    assert overrides_digest({"p": Decimal("0.3")}) != overrides_digest({"p": ("decimal", "0.3")})


def test_overrides_order_names_and_values_count() -> None:
    one = {"a": 1, "b": ("x", "y"), "c": Decimal("0.3")}
    assert overrides_digest(one) == overrides_digest(dict(reversed(list(one.items()))))
    assert overrides_digest(one) != overrides_digest({**one, "a": 2})
    assert overrides_digest(one) != overrides_digest({**one, "b": ("y", "x")})
    assert overrides_digest(one) != overrides_digest({"A": 1, "b": ("x", "y"), "c": Decimal("0.3")})
    assert overrides_digest({}) != overrides_digest(one)
