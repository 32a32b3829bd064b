"""The invariants: each holds on the bundled ruleset, and each catches an engine with the
matching bug planted in it, with a counterexample case file that loads."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import settings

import thiduarules.engine
import thiduarules.evaluate._logic
from thiduarules import Ruleset, _durable, load_ruleset, loads_ruleset, structure_case, testing
from thiduarules._program import Matches
from thiduarules.evaluate._logic import all3
from thiduarules.ruleset import with_parameters
from thiduarules.testing import invariants as inv

ROOT = Path(__file__).resolve().parent.parent
RULESET = load_ruleset()


def examples(share: int = 5) -> int:
    """A slice of the active Hypothesis profile's examples (dev: quick; ci: thorough)."""
    return max(5, settings().max_examples // share)


@pytest.fixture(autouse=True)
def no_shrinking(monkeypatch: pytest.MonkeyPatch) -> None:
    """Planted bugs are found at once; the tests take the first counterexample, unshrunk."""
    monkeypatch.setattr(inv, "SHRINK_SECONDS", 0.0)


def test_the_public_surface_is_sorted_complete_and_lazy() -> None:
    assert testing.__all__ == sorted(testing.__all__)
    for name in testing.__all__:
        assert getattr(testing, name) is not None, name
    code = (
        "import sys, thiduarules, thiduarules.testing, thiduarules.testing.pytest_plugin;"
        "assert 'hypothesis' not in sys.modules, 'imported hypothesis'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_package_root_does_not_import_hypothesis() -> None:
    subprocess.run(
        [sys.executable, "-c", "import thiduarules, sys; assert 'hypothesis' not in sys.modules"],
        check=True,
    )


SETTINGS = {
    "first-filed": {"xu-ly-trung-thanh-tich": "uu-tien-nop-truoc"},
    "two-a-year": {"so-giay-khen-hang-nam-toi-da": 2},
    "first-filed-two-a-year": {
        "xu-ly-trung-thanh-tich": "uu-tien-nop-truoc",
        "so-giay-khen-hang-nam-toi-da": 2,
    },
    "rewarded-count-at-period-end": {"tinh-thanh-tich-da-khen-tong-ket": True},
}


@pytest.mark.parametrize("setting", list(SETTINGS))
@pytest.mark.parametrize(
    "name", ["monotonic_knowledge", "one_achievement_one_reward", "budget_holds"]
)
def test_the_principles_hold_under_every_setting_of_their_parameters(
    name: str, setting: str
) -> None:
    """The principles across nominations, under each reading the ruleset allows (choices 1, 6
    and the conflict rule), not only the default one."""
    rs = with_parameters(RULESET, SETTINGS[setting])
    report = inv.INVARIANTS[name](rs, examples=examples(2), seed=20261201)
    assert report.result == "passed", report


@pytest.mark.parametrize("name", list(inv.INVARIANTS))
def test_every_invariant_holds_on_the_bundled_ruleset(name: str) -> None:
    report = inv.INVARIANTS[name](RULESET, examples=examples(), seed=20260101)
    assert report.result in ("passed", "skipped"), report
    assert report.result == "passed" or name == "backends_agree"
    assert report.examples >= examples() or report.result == "skipped"


def test_run_all_reports_each_invariant_in_order() -> None:
    seen: list[str] = []
    reports = inv.run_all(
        RULESET,
        examples=3,
        seed=1,
        only=["sound_explanations", "budget_holds"],
        progress=lambda r: seen.append(r.name),
    )
    assert [r.name for r in reports] == seen == ["sound_explanations", "budget_holds"]
    with pytest.raises(ValueError, match="no such invariant"):
        inv.run_all(RULESET, examples=3, only=["determinsm"])
    with pytest.raises(ValueError, match="examples"):
        inv.determinism(RULESET, examples=0)


def _failure(
    name: str, ruleset: Ruleset = RULESET, n: int = 60, seed: int = 11
) -> inv.InvariantFailure:
    with pytest.raises(inv.InvariantFailure) as err:
        inv.INVARIANTS[name](ruleset, examples=n, seed=seed)
    failure = err.value
    assert isinstance(failure, AssertionError)
    assert failure.invariant == name
    if failure.case is not None:
        structure_case(json.loads(inv.case_file_text(failure.case)), ruleset)  # replayable
        assert inv.case_file_text(failure.case) in str(failure)
    for raw in failure.related.values():
        structure_case(raw, ruleset)
    return failure


def test_determinism_catches_an_engine_whose_answer_varies(monkeypatch: pytest.MonkeyPatch) -> None:
    real = thiduarules.engine.apply_principles
    calls = iter(range(10**9))

    def unstable(*args: Any) -> Any:
        result = real(*args)
        return attrs.evolve(result, verdicts=result.verdicts[::-1]) if next(calls) % 2 else result

    monkeypatch.setattr(thiduarules.engine, "apply_principles", unstable)
    failure = _failure("determinism")
    assert "different" in failure.detail
    # The same seed finds the same counterexample again.
    assert _failure("determinism").case == failure.case


def test_monotonic_knowledge_catches_a_verdict_that_an_unknown_fact_settles(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = thiduarules.engine.apply_principles

    def closed_world(ev: Any, noms: Any, stamp: Any) -> Any:
        result = real(ev, noms, stamp)
        if any(n.filed is None for n in ev.index.case.nominations):
            return attrs.evolve(
                result,
                verdicts=tuple(attrs.evolve(v, outcome="ineligible") for v in result.verdicts),
            )
        return result

    monkeypatch.setattr(thiduarules.engine, "apply_principles", closed_world)
    failure = _failure("monotonic_knowledge", n=200, seed=12)
    assert "filled" in failure.related
    assert "ineligible →" in failure.detail


def test_sound_explanations_catches_a_wrong_combinator(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(thiduarules.evaluate._logic, "any3", all3)
    failure = _failure("sound_explanations")
    assert "its parts give" in failure.detail


def test_shrinking_stops_when_its_time_is_up(monkeypatch: pytest.MonkeyPatch) -> None:
    """The smallest counterexample found in the time allowed is reported, and still fails."""
    monkeypatch.setattr(thiduarules.evaluate._logic, "any3", all3)
    monkeypatch.setattr(inv, "SHRINK_SECONDS", 0.5)
    first = _failure("sound_explanations")
    monkeypatch.setattr(inv, "SHRINK_SECONDS", 0.0)
    unshrunk = _failure("sound_explanations")
    assert len(inv.case_file_text(first.case or {})) <= len(inv.case_file_text(unshrunk.case or {}))


@pytest.mark.skipif(not _durable.AVAILABLE, reason="durable-rules unavailable")
def test_backends_agree_catches_a_plain_matcher_that_differs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The plain matcher drops every hit of one pattern: durable-rules still reports them."""
    real = thiduarules.engine.match_plain

    def lossy(program: Any, records: Any) -> Matches:
        m = real(program, records)
        hit = dict(m.hit)
        for pid in sorted(hit):
            if hit[pid]:
                hit[pid] = frozenset()
                break
        return attrs.evolve(m, hit=hit)

    monkeypatch.setattr(thiduarules.engine, "match_plain", lossy)
    failure = _failure("backends_agree")
    assert "disagree" in failure.detail


def test_backends_agree_is_skipped_without_durable_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_durable, "AVAILABLE", False)
    report = inv.backends_agree(RULESET, examples=5)
    assert report.result == "skipped"
    assert report.message == "skipped: durable-rules unavailable"


def test_one_achievement_one_reward_catches_unresolved_shared_claims(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(thiduarules.principles, "grounds", lambda v, a: False)
    failure = _failure("one_achievement_one_reward", n=150)
    # Both claimants keep it: met in both, or (where one is unknown for another reason) held
    # by two nominations that no conflict lists.
    assert re.search(
        r"counts as met in both|grounds \S+ and \S+, listed in no conflict", failure.detail
    ), failure.detail


def test_budget_holds_catches_a_list_over_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    real = thiduarules.engine.allocate

    def generous(*args: Any) -> Any:
        rec = real(*args)
        return attrs.evolve(rec, total=rec.budget + 10_000)

    monkeypatch.setattr(thiduarules.engine, "allocate", generous)
    failure = _failure("budget_holds", n=100)
    assert failure.detail.startswith("the list costs "), failure.detail
    assert failure.detail.endswith(" đ"), failure.detail


def test_reachability_reports_dead_criteria(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (ROOT / "tests" / "rulesets" / "minimal.toml").read_text(encoding="utf-8")
    text += """
[criteria.khong-dung]
vi = "Tiêu chuẩn không diện nào dùng"
en = "A criterion no track uses"
clauses = ["III.1.1"]
when = { candidate = "in_commune", is = true }

[criteria.khong-the]
vi = "Vừa là cá nhân vừa là tập thể"
en = "Both an individual and a collective"
clauses = ["III.1.1"]
when = { all = [ { candidate = "kind", is = "ca-nhan" }, { candidate = "kind", is = "tap-the" } ] }

[tracks.dien-thu]
vi = "Diện thử"
en = "A test track"
clauses = ["III.2.1.b.1"]
subject = "ca-nhan"
round = "ad-hoc"
forms = ["giay-khen-chu-tich-xa"]
requires = { criterion = "khong-the" }
"""
    rs = loads_ruleset(text)
    monkeypatch.setattr(inv, "TARGETED_SECONDS", 2.0)
    failure = _failure("reachability", rs, n=20)
    assert "khong-dung (no track uses it)" in failure.detail
    assert "khong-the (never true)" in failure.detail
    assert failure.case is None


# ---- what the invariants found in the engine ----------------------------------------------
# Each case below was found by an invariant and cut down by hand. The tests state the promise;
# they are expected to fail until the engine keeps it (strict: a fix makes them pass, and then
# the marker must go).


def _person(cid: str, **over: Any) -> dict[str, Any]:
    return {
        "id": cid,
        "kind": "ca-nhan",
        "name": cid,
        "unit": "U",
        "role": "cong-chuc",
        "in_commune": True,
        "duties": [],
        **over,
    }


def _assessment(aid: str, subject: str, kind: str, value: str) -> dict[str, Any]:
    return {
        "id": aid,
        "subject": subject,
        "kind": kind,
        "value": value,
        "year": 2026,
        "by": "chu-tich-ubnd-xa",
        "date": "2026-12-20",
    }


def test_a_nomination_held_by_the_annual_limit_still_shares_its_achievements() -> None:
    """DN-04 waits on DN-03 (filed the same day) for TT-01's one annual place; while it may
    still be rewarded, the achievement it claims with DN-02 is held for the Council in both."""
    raw = {
        "format": "thiduarules-case/1",
        "as_of": "2027-04-15",
        "candidates": [
            _person("CN-01"),
            {**_person("TT-01", in_commune=None), "kind": "tap-the", "role": "co-quan-chuyen-mon"},
        ],
        "achievements": [
            {
                "id": "TH-01",
                "holders": ["CN-01", "TT-01"],
                "kind": "giai-phap",
                "title": "TH-01",
                "date": "2026-12-10",
                "applied_effectively": True,
                "recognised_by": None,
            }
        ],
        "assessments": [
            {
                **_assessment("DG-1", "CN-01", "danh-gia-dot-xuat", "xuat-sac-tieu-bieu"),
                "achievement": "TH-01",
            },
            _assessment("DG-2", "TT-01", "thanh-tich-cchc-nam", "xuat-sac-tieu-bieu"),
        ],
        "awards": [],
        "nominations": [
            {
                "id": "DN-02",
                "candidate": "CN-01",
                "track": "dot-xuat-ca-nhan",
                "year": 2026,
                "achievements": ["TH-01"],
                "filed": "2026-12-20",
            },
            {
                "id": "DN-03",
                "candidate": "TT-01",
                "track": "hang-nam-tap-the",
                "year": 2026,
                "achievements": [],
                "filed": "2027-03-30",
            },
            {
                "id": "DN-04",
                "candidate": "TT-01",
                "track": "hang-nam-tap-the",
                "year": 2026,
                "achievements": ["TH-01"],
                "filed": "2027-03-30",
            },
        ],
    }
    with thiduarules.engine.Engine(RULESET, backend="plain") as engine:
        result = engine.evaluate(structure_case(raw, RULESET))
    assert inv.one_reward_problems(RULESET, raw, result) == []
    out = {v.nomination: v for v in result.verdicts}
    assert out["DN-04"].outcome == "undetermined"
    assert [(c.achievement, c.nominations) for c in result.conflicts] == [
        ("TH-01", ("DN-02", "DN-04"))
    ]
    assert out["DN-02"].conflicts_with == ("DN-04",)


@pytest.mark.parametrize(
    ("conduct", "first", "second"),
    [("chua-tot", "ineligible", "eligible"), ("tot", "eligible", "ineligible")],
)
def test_first_filed_keeps_it_never_flips_a_settled_verdict(
    conduct: str, first: str, second: str
) -> None:
    """With "the dossier filed first keeps it", DN-02 (filed later) waits while DN-01 is
    undetermined; once DN-01 is settled, DN-02 gets the achievement or loses it, never both."""
    text = (ROOT / "rulesets" / "khuc-thua-du-cchc-2026-2030.toml").read_text(encoding="utf-8")
    rs = loads_ruleset(text.replace('value = "hoi-dong-quyet-dinh"', 'value = "uu-tien-nop-truoc"'))
    raw: dict[str, Any] = {
        "format": "thiduarules-case/1",
        "as_of": "2027-04-15",
        "candidates": [_person("CN-01"), _person("CN-02")],
        "achievements": [
            {
                "id": "TH-01",
                "holders": ["CN-01", "CN-02"],
                "kind": "sang-kien",
                "title": "TH-01",
                "date": "2026-06-01",
                "applied_effectively": True,
                "recognised_by": None,
            }
        ],
        "assessments": [
            _assessment("DG-1", "CN-01", "xep-loai-nhiem-vu", "hoan-thanh-xuat-sac"),
            _assessment("DG-2", "CN-01", "muc-do-tham-gia-cchc", "tham-gia-thuc-hien"),
            _assessment("DG-3", "CN-02", "dao-duc", "tot"),
            _assessment("DG-4", "CN-02", "xep-loai-nhiem-vu", "hoan-thanh-xuat-sac"),
            _assessment("DG-5", "CN-02", "muc-do-tham-gia-cchc", "tham-gia-thuc-hien"),
            _assessment("DG-6", "CN-02", "thanh-tich-cchc-nam", "chua-dat"),
        ],
        "awards": [],
        "nominations": [
            {
                "id": "DN-01",
                "candidate": "CN-01",
                "track": "hang-nam-ca-nhan",
                "year": 2026,
                "achievements": ["TH-01"],
                "filed": "2027-03-01",
            },
            {
                "id": "DN-02",
                "candidate": "CN-02",
                "track": "hang-nam-ca-nhan",
                "year": 2026,
                "achievements": ["TH-01"],
                "filed": "2027-03-10",
            },
        ],
    }
    learned = {
        **raw,
        "assessments": [*raw["assessments"], _assessment("DG-7", "CN-01", "dao-duc", conduct)],
    }
    with thiduarules.engine.Engine(rs, backend="plain") as engine:
        before = {v.nomination: v for v in engine.evaluate(structure_case(raw, rs)).verdicts}
        after = {v.nomination: v for v in engine.evaluate(structure_case(learned, rs)).verdicts}
    assert before["DN-01"].outcome == before["DN-02"].outcome == "undetermined"
    assert any(n.path == "nominations[DN-01]" for n in before["DN-02"].settle)
    assert (after["DN-01"].outcome, after["DN-02"].outcome) == (first, second)
