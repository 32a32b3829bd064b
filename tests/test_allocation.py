"""The recommendation list: priority, tie-break, amounts in force, the budget, unconfirmed figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from builders import (
    assessment,
    build,
    en,
    individual_basics,
    initiative,
    nomination,
    person,
    unit,
    vi,
)

from thiduarules import Engine
from thiduarules.allocation import round_vnd
from thiduarules.ruleset import Ruleset, with_parameters


def people(n: int) -> dict[str, Any]:
    cands, asm, achs, noms = [], [], [], []
    for i in range(n):
        cid = f"CN-{i:02d}"
        duties = ["giai-quyet-tthc"] if i % 2 == 0 else []
        cands.append(person(cid, duties=duties))
        asm += individual_basics(cid)
        achs.append(initiative(f"SK-{i:02d}", [cid]))
        noms.append(
            nomination(
                f"N{i:02d}", cid, achievements=[f"SK-{i:02d}"], filed=f"2027-03-{10 + i:02d}"
            )
        )
    return {"candidates": cands, "assessments": asm, "achievements": achs, "nominations": noms}


def test_amount_is_base_salary_times_coefficient_in_force_on_the_decision_date(
    ruleset: Ruleset,
) -> None:
    case = build(ruleset, **people(1))
    with Engine(ruleset) as e:
        before = e.allocate(case, 10_000_000, decision_date=dt.date(2026, 6, 30))
        after = e.allocate(case, 10_000_000, decision_date=dt.date(2026, 7, 1))
    assert before.listed[0].amount == 710_000  # 0.3 × 2,340,000 = 702,000, rounded up
    assert after.listed[0].amount == 760_000  # 0.3 × 2,530,000 = 759,000, rounded up


def test_rounding_modes() -> None:
    assert round_vnd(Decimal("759000"), "len-chuc-nghin") == 760_000
    assert round_vnd(Decimal("702000"), "gan-nhat-chuc-nghin") == 700_000
    assert round_vnd(Decimal("705000"), "gan-nhat-chuc-nghin") == 710_000
    assert round_vnd(Decimal("700000"), "len-chuc-nghin") == 700_000


def test_priority_first_then_earlier_dossier(ruleset: Ruleset) -> None:
    case = build(ruleset, **people(4))
    with Engine(ruleset) as e:
        rec = e.allocate(case, 100_000_000)
    # Even-numbered people handle TTHC directly and have an initiative: priority level 1.
    assert [i.nomination for i in rec.listed] == ["N00", "N02", "N01", "N03"]


def test_budget_cuts_the_list_and_says_why(ruleset: Ruleset) -> None:
    case = build(ruleset, **people(4))
    with Engine(ruleset) as e:
        rec = e.allocate(case, 2_000_000)
    assert rec.total <= 2_000_000
    assert [i.rank for i in rec.listed] == [1, 2]
    assert [i.nomination for i in rec.left_off] == ["N01", "N03"]
    assert rec.left_off[0].note is not None
    assert "Vượt kinh phí: hạng 3, kinh phí đủ cho 2" in vi(rec.left_off[0].note)


def test_unconfirmed_collective_amount_is_not_invented(ruleset: Ruleset) -> None:
    parts = people(1)
    parts["candidates"].append(unit("TT-01"))
    parts["achievements"].append(initiative("MH-1", ["TT-01"], kind="mo-hinh"))
    parts["nominations"].append(
        nomination("T1", "TT-01", track="hang-nam-tap-the", achievements=["MH-1"])
    )
    case = build(ruleset, **parts)
    with Engine(ruleset) as e:
        rec = e.allocate(case, 100_000_000)
    assert [i.nomination for i in rec.not_costed] == ["T1"]
    assert rec.not_costed[0].note is not None
    assert "Chưa có mức tiền" in vi(rec.not_costed[0].note)
    with Engine(with_parameters(ruleset, {"he-so-giay-khen-tap-the": "2"})) as e:
        rec = e.allocate(case, 100_000_000)
    assert {i.nomination: i.amount for i in rec.listed} == {"N00": 760_000, "T1": 1_520_000}


def test_budget_parameter_is_used_when_no_budget_is_given(ruleset: Ruleset) -> None:
    case = build(ruleset, **people(2))
    with Engine(with_parameters(ruleset, {"kinh-phi-khen-thuong-hang-nam": 800_000})) as e:
        assert [i.nomination for i in e.allocate(case).listed] == ["N00"]
    with Engine(ruleset) as e, pytest.raises(LookupError, match="kinh-phi-khen-thuong-hang-nam"):
        e.allocate(case)


def test_negative_budget_is_refused(ruleset: Ruleset) -> None:
    with Engine(ruleset) as e, pytest.raises(ValueError, match="negative"):
        e.allocate(build(ruleset, **people(1)), -1)


def test_priority_reads_achievements_as_the_verdict_counts_them(ruleset: Ruleset) -> None:
    """N2 lost the shared initiative to N1, filed first: it is eligible on an assessment, but the
    initiative it no longer has does not raise it to a priority level (III.2.1.b.3)."""
    rs = with_parameters(ruleset, {"xu-ly-trung-thanh-tich": "uu-tien-nop-truoc"})
    case = build(
        rs,
        candidates=[person("CN-01", duties=[]), person("CN-02", duties=[])],
        assessments=individual_basics("CN-01")
        + individual_basics("CN-02")
        + [assessment("DG-X", "CN-02", "thanh-tich-cchc-nam", "xuat-sac-tieu-bieu")],
        achievements=[initiative("SK-1", ["CN-01", "CN-02"])],
        nominations=[
            nomination("N1", "CN-01", achievements=["SK-1"], filed="2027-03-10"),
            nomination("N2", "CN-02", achievements=["SK-1"], filed="2027-03-12"),
        ],
    )
    with Engine(rs) as e:
        result = e.evaluate(case)
        rec = e.allocate(case, 100_000_000)
    out = {v.nomination: v for v in result.verdicts}
    assert out["N1"].outcome == out["N2"].outcome == "eligible"
    assert result.conflicts[0].kept_by == "N1"
    items = {i.nomination: i for i in rec.listed}
    assert items["N1"].priority  # the initiative it keeps
    assert items["N2"].priority == ()
    assert [i.nomination for i in rec.listed] == ["N1", "N2"]


def test_over_budget_note_names_the_amount_the_next_rank_needs(ruleset: Ruleset) -> None:
    """The note on every nomination left off names what rank `fits + 1` would cost, in both
    languages, even when the nominations left off cost different amounts."""
    rs = with_parameters(ruleset, {"he-so-giay-khen-tap-the": "2"})
    parts = people(2)
    parts["candidates"].append(unit("TT-01"))
    parts["achievements"].append(initiative("MH-1", ["TT-01"], kind="mo-hinh"))
    parts["nominations"].append(
        nomination("T1", "TT-01", track="hang-nam-tap-the", achievements=["MH-1"])
    )
    case = build(rs, **parts)
    with Engine(rs) as e:
        rec = e.allocate(case, 800_000, decision_date=dt.date(2026, 6, 30))
    # The collective's 1,410,000 đ does not fit, so the list stops before it (a prefix).
    assert rec.listed == ()
    needed = rec.left_off[0].amount
    assert needed == 1_410_000
    assert {i.amount for i in rec.left_off} == {710_000, 1_410_000}
    for item in rec.left_off:
        assert item.note is not None
        assert f"hạng 1 cần {needed:,} đồng".replace(",", ".") in vi(item.note)
        assert f"rank 1 needs {needed:,} VND" in en(item.note)
