"""The durable-rules boundary: the measured hazards of the field notes, each held off."""

from __future__ import annotations

from typing import Any

import pytest

from thiduarules import _durable
from thiduarules._plain import match_plain
from thiduarules._program import Pattern, Program
from thiduarules.errors import EngineError

pytestmark = pytest.mark.skipif(
    not _durable.AVAILABLE, reason="durable-rules unavailable on this Python"
)

PATTERNS = (
    Pattern("p0", "asm", (("kind", "in", ("dd",)),), (("value", "in", ("tot", "xs")),)),
    Pattern("p1", "ach", (("kind", "in", ("sk", "mh")),), (("ae", "in", ("true",)),)),
    Pattern("p2", "cand", (), (("role", "not_in", ("x",)),)),
)
RECORDS = (
    {"k": "c0", "t": "cand", "kind": "ca-nhan", "role": "y"},
    {"k": "c1", "t": "cand", "kind": "ca-nhan"},
    {"k": "s2", "t": "asm", "kind": "dd", "value": "tot", "by": "u"},
    {"k": "s3", "t": "asm", "kind": "dd", "value": "no", "by": "u"},
    {"k": "a4", "t": "ach", "kind": "sk", "ae": "true"},
    {"k": "a5", "t": "ach", "kind": "sk"},
    {"k": "w6.7", "t": "awi", "a": "a4", "w": "w6"},
    {"k": "n8.9", "t": "clm", "a": "a4", "n": "n8"},
    {"k": "n10.11", "t": "clm", "a": "a4", "n": "n10"},
)


def test_matches_agree_with_the_plain_matcher() -> None:
    program = Program(PATTERNS, {}, {})
    m = _durable.Matcher(program)
    try:
        got = m.run(RECORDS)
    finally:
        m.close()
    assert got.differences(match_plain(program, RECORDS)) == []
    assert got.hit["p0"] == {"s2"}
    assert got.decided["p1"] == {"a4"}
    assert got.hit["p2"] == {"c0"}
    assert got.rewarded == {("n8", "a4", "w6"), ("n10", "a4", "w6")}


def test_thousands_of_sessions_including_empty_ones_do_not_crash() -> None:
    """Sessions are closed with a sentinel rule fired first (the delete_state crash) and never pile up (1,024 limit)."""
    m = _durable.Matcher(Program(PATTERNS, {}, {}))
    try:
        for i in range(1500):
            m.run(RECORDS if i % 2 else ())
    finally:
        m.close()


def test_known_hash_collision_is_avoided_for_fact_ids() -> None:
    assert _durable.fnv1a32("cand925299") == _durable.fnv1a32("cand1406946")
    ids = [
        f["id"]
        for f in _durable._with_ids(({"k": "cand925299", "t": "x"}, {"k": "cand1406946", "t": "x"}))
    ]
    assert len({_durable.fnv1a32(i) for i in ids}) == 2


def test_patterns_are_split_to_stay_under_the_rule_path_limit() -> None:
    many = tuple(
        Pattern(f"p{i}", "asm", (("kind", "in", (f"k{i}",)),), (("value", "in", ("v",)),))
        for i in range(45)
    )
    groups = _durable.split(many)
    assert [len(g) for g in groups] == [20, 20, 5]
    m = _durable.Matcher(Program(many, {}, {}))
    try:
        got = m.run(({"k": "s0", "t": "asm", "kind": "k44", "value": "v"},))
    finally:
        m.close()
    assert got.hit == {"p44": frozenset({"s0"})}


def test_a_fact_no_rule_handles_is_an_error_not_a_crash() -> None:
    m = _durable.Matcher(Program(PATTERNS, {}, {}))
    try:
        with pytest.raises(EngineError, match="matched no rule"):
            m.run(({"k": "z0", "t": "unknown-type"},))
        m.run(RECORDS)  # the matcher is still usable afterwards
    finally:
        m.close()


def test_closed_matcher_refuses_work() -> None:
    m = _durable.Matcher(Program(PATTERNS, {}, {}))
    m.close()
    with pytest.raises(EngineError, match="closed"):
        m.run(RECORDS)


def test_every_rule_starts_with_a_discriminator() -> None:
    rules = _durable.definitions(PATTERNS, with_joins=True)
    for name, rule in rules.items():
        first = next(iter(rule["all"][0].values()))
        head = first["$and"][0] if "$and" in first else first
        assert "t" in head, name
        assert "$nex" not in str(rule)


def test_claims_with_no_award_need_no_catch_all_rule() -> None:
    """A claim always reaches the join's first pattern, so a batch of claims alone is handled."""
    records = tuple({"k": f"q{i}", "t": "clm", "a": "a0", "n": f"n{i}"} for i in range(50))
    m = _durable.Matcher(Program(PATTERNS, {}, {}))
    try:
        got = m.run(records)
    finally:
        m.close()
    assert got.rewarded == frozenset()
    assert got.differences(match_plain(Program(PATTERNS, {}, {}), records)) == []


def test_the_claim_join_grows_with_the_claims_not_their_square() -> None:
    """500 claims on one rewarded achievement: one match per claim (a self-join of claims would
    give 249,500 pairs)."""
    records = (
        {"k": "a0", "t": "ach", "kind": "sk", "ae": "true"},
        {"k": "r0", "t": "awi", "a": "a0", "w": "w0"},
        *({"k": f"q{i}", "t": "clm", "a": "a0", "n": f"n{i}"} for i in range(500)),
    )
    m = _durable.Matcher(Program(PATTERNS, {}, {}))
    try:
        got = m.run(records)
    finally:
        m.close()
    assert len(got.rewarded) == 500


def test_a_refused_batch_still_fires_the_end_rule_before_its_session_is_deleted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Deleting a session in which no action ran crashes the C core; a refused batch must
    still have the end rule fire before `delete_state`."""
    m = _durable.Matcher(Program(PATTERNS, {}, {}))
    asserted: list[str] = []
    deleted: list[str] = []
    unended: list[str] = []
    real_assert, real_delete = _durable._engine.assert_fact, _durable._engine.delete_state

    def spy_assert(handle: int, text: str) -> Any:
        asserted.append(text)
        return real_assert(handle, text)

    def spy_delete(handle: int, sid: str) -> Any:
        deleted.append(sid)
        if not any('"t": "end"' in a and f'"{sid}"' in a for a in asserted):
            unended.append(sid)
        return real_delete(handle, sid)

    monkeypatch.setattr(_durable._engine, "assert_fact", spy_assert)
    monkeypatch.setattr(_durable._engine, "delete_state", spy_delete)
    try:
        for _ in range(50):
            with pytest.raises(EngineError, match="matched no rule"):
                m.run(({"k": "z0", "t": "unknown-type"},))
        assert len(deleted) == 50
        assert not unended, f"sessions deleted before the end rule fired: {unended[:3]}"
        m.run(RECORDS)
    finally:
        m.close()
