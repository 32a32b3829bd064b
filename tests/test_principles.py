"""Principles across nominations (III.1.2.*), timing (III.2.3.*, IV.2): cases a naive engine gets wrong."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from builders import (
    assessment,
    award,
    build,
    decision,
    individual_basics,
    initiative,
    no_other_grounds,
    nomination,
    person,
    unit,
    vi,
)

from thiduarules import Engine
from thiduarules.principles import grounds
from thiduarules.ruleset import Ruleset, with_parameters

WINDOW = {"mo-nhan-ho-so-tong-ket": "2030-10-01", "dong-nhan-ho-so-tong-ket": "2030-11-30"}


def verdicts(ruleset: Ruleset, **parts: Any) -> dict[str, Any]:
    with Engine(ruleset) as e:
        result = e.evaluate(build(ruleset, **parts))
    return {"result": result, **{v.nomination: v for v in result.verdicts}}


def two_claims(ruleset: Ruleset, **over: Any) -> dict[str, Any]:
    """A collective and its member both claim one initiative in the 2026 annual round."""
    parts: dict[str, Any] = {"candidates": [person("CN-01"), unit("TT-01")]}
    parts.update(over)
    return verdicts(
        ruleset,
        candidates=parts.pop("candidates"),
        **parts,
        assessments=individual_basics("CN-01")
        + no_other_grounds("CN-01")
        + no_other_grounds("TT-01", "tap-the"),
        achievements=[initiative("SK-1", ["CN-01", "TT-01"])],
        nominations=[
            nomination("N1", "CN-01", achievements=["SK-1"], filed="2027-03-10"),
            nomination(
                "N2", "TT-01", track="hang-nam-tap-the", achievements=["SK-1"], filed="2027-03-12"
            ),
        ],
    )


def test_same_achievement_claimed_twice_in_a_round_is_a_conflict(ruleset: Ruleset) -> None:
    out = two_claims(ruleset)
    n1, n2, result = out["N1"], out["N2"], out["result"]
    assert n1.conflicts_with == ("N2",)
    assert n2.conflicts_with == ("N1",)
    assert n1.outcome == n2.outcome == "undetermined"  # no winner picked silently
    assert [c.nominations for c in result.conflicts] == [("N1", "N2")]
    assert result.conflicts[0].kept_by is None
    assert any(n.path == "council_decisions[achievement=SK-1]" for n in n1.settle)
    assert "III.1.2.2" in result.conflicts[0].note.clauses


def test_conflict_rule_from_the_ruleset_is_applied_and_explained(ruleset: Ruleset) -> None:
    rs = with_parameters(ruleset, {"xu-ly-trung-thanh-tich": "uu-tien-nop-truoc"})
    out = two_claims(rs)
    assert out["N1"].outcome == "eligible"  # filed first, keeps SK-1
    assert out["N2"].outcome == "ineligible"
    assert any("N1 (nộp trước)" in vi(m) for m in out["N2"].missing)
    assert out["result"].conflicts[0].kept_by == "N1"
    assert not grounds(out["N2"], "SK-1")
    assert grounds(out["N1"], "SK-1")


def test_achievement_rewarded_last_year_cannot_ground_a_new_reward(ruleset: Ruleset) -> None:
    out = verdicts(
        ruleset,
        candidates=[person()],
        assessments=individual_basics(year=2027) + no_other_grounds("CN-01", year=2027),
        achievements=[initiative("SK-1", ["CN-01"], date="2027-02-01")],
        awards=[award("KT-9", "CN-01", ["SK-1"], date="2027-05-10")],
        nominations=[
            nomination("N1", "CN-01", year=2027, achievements=["SK-1"], filed="2028-03-01")
        ],
        as_of="2028-04-01",
    )
    v = out["N1"]
    assert v.outcome == "ineligible"
    text = " ".join(vi(m) for m in v.missing)
    assert "KT-9/QĐ-UBND" in text
    assert "10/05/2027" in text
    assert "Giấy khen" in text
    assert any("III.1.2.2" in n.clauses for n in v.explanation.walk() if n.kind == "achievement")


def test_same_form_again_for_a_different_achievement_is_allowed(ruleset: Ruleset) -> None:
    out = verdicts(
        ruleset,
        candidates=[person()],
        assessments=individual_basics(),
        achievements=[
            initiative("SK-1", ["CN-01"], date="2025-06-01"),
            initiative("SK-2", ["CN-01"]),
        ],
        awards=[award("KT-1", "CN-01", ["SK-1"], date="2026-04-10")],
        nominations=[nomination("N1", "CN-01", achievements=["SK-2"])],
    )
    assert out["N1"].outcome == "eligible"


def test_a_nomination_survives_losing_one_of_two_grounds(ruleset: Ruleset) -> None:
    out = verdicts(
        ruleset,
        candidates=[person()],
        assessments=individual_basics(),
        achievements=[initiative("SK-1", ["CN-01"]), initiative("SK-2", ["CN-01"])],
        awards=[award("KT-1", "CN-01", ["SK-1"], date="2026-11-10")],
        nominations=[nomination("N1", "CN-01", achievements=["SK-1", "SK-2"])],
    )
    v = out["N1"]
    assert v.outcome == "eligible"
    assert not grounds(v, "SK-1")
    assert grounds(v, "SK-2")


def _filed(ruleset: Ruleset, filed: str) -> str:
    out = verdicts(
        ruleset,
        candidates=[person()],
        assessments=individual_basics(),
        achievements=[initiative("SK-1", ["CN-01"])],
        nominations=[nomination("N1", "CN-01", achievements=["SK-1"], filed=filed)],
    )
    v = out["N1"]
    timing = next(n for n in v.explanation.children if n.kind == "timing")
    return f"{v.outcome}/{timing.result}/{'late' if v.warnings else 'on-time'}"


def test_annual_dossier_on_the_deadline_day_and_one_day_late(ruleset: Ruleset) -> None:
    assert _filed(ruleset, "2027-03-30") == "eligible/true/on-time"
    # Default reading: "trước ngày 31/3" excludes the 31st; late dossiers are flagged.
    assert _filed(ruleset, "2027-03-31") == "eligible/true/late"
    inclusive = with_parameters(ruleset, {"tinh-ca-ngay-han": True})
    assert _filed(inclusive, "2027-03-31") == "eligible/true/on-time"
    assert _filed(inclusive, "2027-04-01") == "eligible/true/late"
    refuse = with_parameters(ruleset, {"tinh-ca-ngay-han": True, "xu-ly-ho-so-tre": "tu-choi"})
    assert _filed(refuse, "2027-03-31") == "eligible/true/on-time"
    assert _filed(refuse, "2027-04-01") == "ineligible/false/on-time"


def test_missing_filing_date_is_undetermined(ruleset: Ruleset) -> None:
    assert _filed(ruleset, None).startswith("undetermined/unknown")  # type: ignore[arg-type]


def adhoc(ruleset: Ruleset, filed: str) -> Any:
    return verdicts(
        ruleset,
        candidates=[person()],
        assessments=[
            assessment(
                "DG-1",
                "CN-01",
                "danh-gia-dot-xuat",
                "xuat-sac-tieu-bieu",
                2027,
                by="chu-tich-ubnd-xa",
                date="2027-05-05",
                achievement="TT-X",
            )
        ],
        achievements=[initiative("TT-X", ["CN-01"], date="2027-05-01", kind="thanh-tich-dot-xuat")],
        nominations=[
            nomination(
                "N1",
                "CN-01",
                track="dot-xuat-ca-nhan",
                year=2027,
                achievements=["TT-X"],
                filed=filed,
            )
        ],
        as_of="2027-07-01",
    )["N1"]


def test_ad_hoc_nomination_filed_too_long_after_the_achievement(ruleset: Ruleset) -> None:
    assert adhoc(ruleset, "2027-05-31").warnings == ()  # 30 days: within the default
    late = adhoc(ruleset, "2027-06-01")
    assert late.outcome == "eligible"
    assert "01/06/2027" in vi(late.warnings[0])
    refuse = with_parameters(ruleset, {"xu-ly-ho-so-tre": "tu-choi"})
    assert adhoc(refuse, "2027-06-01").outcome == "ineligible"


def period_end(ruleset: Ruleset, track: str, form: str | None, filed: str = "2030-10-15") -> Any:
    basics = [a for y in range(2026, 2031) for a in individual_basics(year=y)]
    extra = {"form": form} if form else {}
    return verdicts(
        ruleset,
        candidates=[person()],
        assessments=basics,
        achievements=[initiative("SK-1", ["CN-01"], date="2028-03-01")],
        nominations=[
            nomination(
                "N1", "CN-01", track=track, year=2030, achievements=["SK-1"], filed=filed, **extra
            )
        ],
        as_of="2031-01-15",
    )["N1"]


def test_period_end_window_not_yet_set_is_undetermined(ruleset: Ruleset) -> None:
    v = period_end(ruleset, "tong-ket-ca-nhan", None)
    assert v.outcome == "undetermined"
    assert any(n.path == "parameters.mo-nhan-ho-so-tong-ket" for n in v.settle)


def test_period_end_dossier_outside_the_window(ruleset: Ruleset) -> None:
    rs = with_parameters(ruleset, {**WINDOW, "xu-ly-ho-so-tre": "tu-choi"})
    assert period_end(rs, "tong-ket-ca-nhan", None).outcome == "eligible"
    assert period_end(rs, "tong-ket-ca-nhan", None, filed="2030-12-01").outcome == "ineligible"


def test_bang_khen_in_the_annual_round_is_not_receivable(ruleset: Ruleset) -> None:
    out = verdicts(
        ruleset,
        candidates=[person()],
        assessments=individual_basics(),
        achievements=[initiative("SK-1", ["CN-01"])],
        nominations=[
            nomination("N1", "CN-01", achievements=["SK-1"], form="bang-khen-chu-tich-thanh-pho")
        ],
    )
    v = out["N1"]
    assert v.outcome == "ineligible"
    assert not v.proposal
    form = next(n for n in v.explanation.children if n.kind == "form")
    assert "III.2.2.b.2" in form.clauses
    assert "không được tiếp nhận" in vi(form)


def test_bang_khen_at_period_end_is_a_proposal_to_the_competent_authority(ruleset: Ruleset) -> None:
    rs = with_parameters(ruleset, WINDOW)
    v = period_end(rs, "de-nghi-cap-tren-ca-nhan", "bang-khen-chu-tich-thanh-pho")
    assert v.outcome == "eligible"
    assert v.proposal
    assert (
        period_end(rs, "de-nghi-cap-tren-ca-nhan", "giay-khen-chu-tich-xa").outcome == "ineligible"
    )


def test_one_annual_award_per_candidate_per_year(ruleset: Ruleset) -> None:
    out = verdicts(
        ruleset,
        candidates=[person()],
        assessments=individual_basics(),
        achievements=[initiative("SK-1", ["CN-01"]), initiative("SK-2", ["CN-01"])],
        nominations=[
            nomination("N1", "CN-01", achievements=["SK-1"], filed="2027-03-01"),
            nomination("N2", "CN-01", achievements=["SK-2"], filed="2027-03-02"),
        ],
    )
    assert out["N1"].outcome == "eligible"
    assert out["N2"].outcome == "ineligible"
    assert out["result"].duplicates
    assert "N1" in vi(out["result"].duplicates[0])
    assert len(out["result"].verdicts) == 2  # one verdict per nomination


@pytest.mark.parametrize(("include", "outcome"), [(False, "ineligible"), (True, "eligible")])
def test_rewarded_achievements_at_period_end_follow_choice_1(
    ruleset: Ruleset, include: bool, outcome: str
) -> None:
    rs = with_parameters(ruleset, {**WINDOW, "tinh-thanh-tich-da-khen-tong-ket": include})
    out = verdicts(
        rs,
        candidates=[unit()],
        achievements=[
            initiative("SK-1", ["TT-01"], date="2027-05-01"),
            initiative("SK-2", ["TT-01"], date="2028-05-01"),
        ],
        awards=[award("KT-1", "TT-01", ["SK-1"], date="2028-03-15")],
        nominations=[
            nomination(
                "N1",
                "TT-01",
                track="tong-ket-tap-the",
                year=2030,
                achievements=["SK-1", "SK-2"],
                filed="2030-10-15",
            )
        ],
        assessments=[assessment("DG-1", "TT-01", "dan-dau-phong-trao", "chua-dan-dau", 2030)]
        + [
            assessment(f"DG-T{y}", "TT-01", "tap-the-tieu-bieu", "chua-tieu-bieu", y)
            for y in range(2026, 2031)
        ],
        as_of="2031-01-15",
    )
    assert out["N1"].outcome == outcome


def test_units_reporting_late_are_listed(ruleset: Ruleset) -> None:
    out = verdicts(
        ruleset,
        candidates=[person()],
        unit_reports=[
            {"unit": "Phòng Kinh tế", "year": 2026, "reported": "2026-11-25"},
            {"unit": "Phòng Văn hóa - Xã hội", "year": 2026, "reported": "2026-11-24"},
            {"unit": "Trung tâm Phục vụ hành chính công xã", "year": 2026, "reported": None},
        ],
    )
    late = [vi(n) for n in out["result"].late_reports]
    assert len(late) == 2
    assert late[0].startswith("Phòng Kinh tế")
    assert "25/11/2026" in late[0]
    assert "chưa báo cáo" in late[1]


def test_annual_limit_waits_for_an_earlier_undetermined_dossier(ruleset: Ruleset) -> None:
    """N1 (filed first) lacks its moral-conduct assessment: N2 cannot be dropped or kept yet."""
    out = verdicts(
        ruleset,
        candidates=[person()],
        assessments=individual_basics()[1:],
        achievements=[initiative("SK-1", ["CN-01"]), initiative("SK-2", ["CN-01"])],
        nominations=[
            nomination("N1", "CN-01", achievements=["SK-1"], filed="2027-03-01"),
            nomination("N2", "CN-01", achievements=["SK-2"], filed="2027-03-02"),
        ],
    )
    assert out["N1"].outcome == "undetermined"
    assert out["N2"].outcome == "undetermined"
    assert any(n.path == "nominations[N1]" for n in out["N2"].settle)


def test_annual_limit_without_filing_dates_is_undetermined(ruleset: Ruleset) -> None:
    out = verdicts(
        ruleset,
        candidates=[person()],
        assessments=individual_basics(),
        achievements=[initiative("SK-1", ["CN-01"]), initiative("SK-2", ["CN-01"])],
        nominations=[
            nomination("N1", "CN-01", achievements=["SK-1"], filed=None),
            nomination("N2", "CN-01", achievements=["SK-2"], filed="2027-03-02"),
        ],
    )
    assert out["N2"].outcome == "undetermined"
    assert any(n.path == "nominations[N1].filed" for n in out["N2"].settle)


def test_an_ineligible_claimant_is_no_conflict(ruleset: Ruleset) -> None:
    out = verdicts(
        ruleset,
        candidates=[person("CN-01"), person("CN-02", in_commune=False)],
        assessments=individual_basics("CN-01") + individual_basics("CN-02"),
        achievements=[initiative("SK-1", ["CN-01", "CN-02"])],
        nominations=[
            nomination("N1", "CN-01", achievements=["SK-1"]),
            nomination("N2", "CN-02", achievements=["SK-1"]),
        ],
    )
    assert out["N1"].outcome == "eligible"
    assert out["N2"].outcome == "ineligible"
    assert out["result"].conflicts == ()


def test_ad_hoc_award_for_an_already_rewarded_achievement_is_refused(ruleset: Ruleset) -> None:
    """An ad-hoc award rewards the achievement itself: no criterion counts it, the principle does."""
    out = verdicts(
        ruleset,
        candidates=[person()],
        assessments=[
            assessment(
                "DG-1",
                "CN-01",
                "danh-gia-dot-xuat",
                "xuat-sac-tieu-bieu",
                2027,
                by="chu-tich-ubnd-xa",
                date="2027-05-05",
                achievement="TT-X",
            )
        ],
        achievements=[initiative("TT-X", ["CN-01"], date="2027-05-01", kind="thanh-tich-dot-xuat")],
        awards=[award("KT-1", "CN-01", ["TT-X"], date="2027-05-10")],
        nominations=[
            nomination(
                "N1",
                "CN-01",
                track="dot-xuat-ca-nhan",
                year=2027,
                achievements=["TT-X"],
                filed="2027-05-20",
            )
        ],
        as_of="2027-07-01",
    )
    assert out["N1"].outcome == "ineligible"
    assert any("KT-1/QĐ-UBND" in vi(m) for m in out["N1"].missing)


def test_ad_hoc_and_annual_dossiers_claiming_one_achievement_conflict(ruleset: Ruleset) -> None:
    out = verdicts(
        ruleset,
        candidates=[person()],
        assessments=[
            *individual_basics(),
            *no_other_grounds("CN-01"),
            assessment(
                "DG-X",
                "CN-01",
                "danh-gia-dot-xuat",
                "xuat-sac-tieu-bieu",
                2026,
                by="chu-tich-ubnd-xa",
                date="2026-06-05",
                achievement="SK-1",
            ),
        ],
        achievements=[initiative("SK-1", ["CN-01"], date="2026-06-01")],
        nominations=[
            nomination(
                "N1", "CN-01", track="dot-xuat-ca-nhan", achievements=["SK-1"], filed="2026-06-10"
            ),
            nomination("N2", "CN-01", achievements=["SK-1"], filed="2027-03-10"),
        ],
    )
    assert out["N1"].outcome == "undetermined"
    assert out["N2"].outcome == "undetermined"
    assert out["N1"].conflicts_with == ("N2",)


@pytest.mark.parametrize("year", [2025, 2031])
def test_years_outside_the_plans_period_are_not_under_it(ruleset: Ruleset, year: int) -> None:
    out = verdicts(
        ruleset,
        candidates=[person()],
        assessments=individual_basics(year=year),
        achievements=[initiative("SK-1", ["CN-01"], date=f"{year}-06-01")],
        nominations=[
            nomination("N1", "CN-01", year=year, achievements=["SK-1"], filed=f"{year + 1}-03-01")
        ],
        as_of=f"{year + 1}-04-01",
    )
    assert out["N1"].outcome == "ineligible"
    assert any("ngoài giai đoạn 2026–2030" in vi(m) for m in out["N1"].missing)


# ---- the Council's decisions -----------------------------------------------------------------


@pytest.mark.parametrize(("chosen", "other"), [("N1", "N2"), ("N2", "N1")])
def test_the_councils_decision_settles_a_conflict(
    ruleset: Ruleset, chosen: str, other: str
) -> None:
    """What the default leaves to the Council, a recorded decision settles: the achievement
    counts for the nomination chosen, and the other loses it, naming the decision."""
    out = two_claims(ruleset, council_decisions=[decision("HD-01", chosen, "SK-1")])
    assert out[chosen].outcome == "eligible"
    assert out[other].outcome == "ineligible"
    assert any("HD-01" in vi(m) and chosen in vi(m) for m in out[other].missing)
    (c,) = out["result"].conflicts
    assert (c.nominations, c.kept_by) == (("N1", "N2"), chosen)
    assert "HD-01" in vi(c.note)
    assert out[chosen].conflicts_with == (other,)


def test_the_councils_decision_holds_when_the_one_chosen_turns_out_ineligible(
    ruleset: Ruleset,
) -> None:
    """The Council gave SK-1 to N2; N2 is then refused for another reason. SK-1 does not go
    back to N1: otherwise learning a fact about N2 would turn N1 from ineligible to eligible."""
    out = two_claims(
        ruleset,
        candidates=[person("CN-01"), unit("TT-01", in_commune=False)],
        council_decisions=[decision("HD-01", "N2", "SK-1")],
    )
    assert out["N2"].outcome == "ineligible"
    assert out["N1"].outcome == "ineligible"
    assert not grounds(out["N1"], "SK-1")


def test_first_filed_keeps_it_unless_filed_the_same_day_then_the_council_decides(
    ruleset: Ruleset,
) -> None:
    rs = with_parameters(ruleset, {"xu-ly-trung-thanh-tich": "uu-tien-nop-truoc"})
    same_day = {
        "assessments": individual_basics("CN-01")
        + individual_basics("CN-02")
        + no_other_grounds("CN-01")
        + no_other_grounds("CN-02"),
        "candidates": [person("CN-01"), person("CN-02")],
        "achievements": [initiative("SK-1", ["CN-01", "CN-02"])],
        "nominations": [
            nomination("N1", "CN-01", achievements=["SK-1"], filed="2027-03-10"),
            nomination("N2", "CN-02", achievements=["SK-1"], filed="2027-03-10"),
        ],
    }
    open_ = verdicts(rs, **same_day)
    assert open_["N1"].outcome == open_["N2"].outcome == "undetermined"
    assert any(n.path == "council_decisions[achievement=SK-1]" for n in open_["N2"].settle)
    settled = verdicts(rs, **same_day, council_decisions=[decision("HD-01", "N2", "SK-1")])
    assert (settled["N1"].outcome, settled["N2"].outcome) == ("ineligible", "eligible")
    # The Council's word holds even when the dossier it chose is refused for another reason.
    refused = copy.deepcopy(same_day)
    refused["candidates"][1]["in_commune"] = False
    held = verdicts(rs, **refused, council_decisions=[decision("HD-01", "N2", "SK-1")])
    assert (held["N1"].outcome, held["N2"].outcome) == ("ineligible", "ineligible")
    # On different days the rule decides, and a decision is not read.
    apart = copy.deepcopy(same_day)
    apart["nominations"][1]["filed"] = "2027-03-12"
    ruled = verdicts(rs, **apart, council_decisions=[decision("HD-01", "N2", "SK-1")])
    assert (ruled["N1"].outcome, ruled["N2"].outcome) == ("eligible", "ineligible")
    assert any("HD-01" in vi(w) and "không được áp dụng" in vi(w) for w in ruled["N2"].warnings)
    assert not any("HD-01" in vi(w) for w in settled["N2"].warnings)


def test_the_council_chooses_between_annual_dossiers_filed_the_same_day(ruleset: Ruleset) -> None:
    parts = {
        "candidates": [person()],
        "assessments": individual_basics(),
        "achievements": [initiative("SK-1", ["CN-01"]), initiative("SK-2", ["CN-01"])],
        "nominations": [
            nomination("N1", "CN-01", achievements=["SK-1"], filed="2027-03-02"),
            nomination("N2", "CN-01", achievements=["SK-2"], filed="2027-03-02"),
        ],
    }
    open_ = verdicts(ruleset, **parts)
    assert open_["N1"].outcome == open_["N2"].outcome == "undetermined"
    wanted = "council_decisions[candidate=CN-01, year=2026]"
    assert any(n.path == wanted for n in open_["N1"].settle)
    settled = verdicts(ruleset, **parts, council_decisions=[decision("HD-02", "N2")])
    assert (settled["N1"].outcome, settled["N2"].outcome) == ("ineligible", "eligible")
    assert any("N2" in vi(d) for d in settled["result"].duplicates)
