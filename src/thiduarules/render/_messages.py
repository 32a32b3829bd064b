"""The message catalogue: every reason code of a node, need or note, in Vietnamese and English.

`say(code, args, lb)` writes what a node states; `lack(code, args, lb)` what a false node lacks.
Arguments are the typed values the engine recorded; words for slugs come from the ruleset's
own labels (`Labels`). A code with no entry is an error a test catches, never a blank line.
"""

from __future__ import annotations

from typing import Any

from thiduarules.render._labels import FIELD, Labels
from thiduarules.render._phrases import (
    A,
    Message,
    _achievement,
    _achievements,
    _achievements_lack,
    _amount,
    _assessment,
    _assessment_lack,
    _candidate,
    _candidate_lack,
    _conflict,
    _decided,
    _disagree,
    _form,
    _late,
    _limit,
    _limit_awarded,
    _limit_held,
    _limit_period,
    _limit_period_awarded,
    _limit_period_council,
    _limit_period_placed,
    _limit_taken,
    _limit_undated,
    _rewarded,
    _s,
    _timing_rule,
    _unset,
    _years,
    _years_lack,
)

SAY: dict[str, Message] = {
    "track": lambda a, lb: lb.track(a["ref"]),
    "subject": lambda a, lb: lb.pick(
        (f"Đối tượng là {lb.kind(a['wanted'])}", f"The candidate is {lb.kind(a['wanted'])}")
    ),
    "period": _s(
        "Năm {year} thuộc giai đoạn {start}–{end} của Kế hoạch",
        "{year} lies in the plan's period {start}–{end}",
    ),
    "period.year": _s(
        "Hồ sơ ghi năm {year}; đợt tổng kết xét năm {wanted} (cuối giai đoạn {start}–{end})",
        "The dossier names {year}; the period-end round is {wanted} (the end of {start}–{end})",
    ),
    "form.fits": _form("form.fits"),
    "form.proposal": _form("form.proposal"),
    "form.not-commune": _form("form.not-commune"),
    "form.not-track": _form("form.not-track"),
    "criterion": lambda a, lb: lb.criterion(a["ref"]),
    "all": _s("Đạt tất cả các tiêu chuẩn sau", "All of the following"),
    "any": _s("Đạt một trong các tiêu chuẩn sau", "Any one of the following"),
    "at-least": _s("Đạt ít nhất {n} tiêu chuẩn sau", "At least {n} of the following"),
    "not": lambda a, lb: lb.pick(("Không: ", "Not: ")) + a["child"],
    "choose": lambda a, lb: lb.pick(
        (
            f"Theo tham số “{lb.parameter(a['param'])}” = {a['value']}",
            f"By the parameter “{lb.parameter(a['param'])}” = {a['value']}",
        )
    ),
    "param-unset": _unset,
    "candidate": _candidate,
    "assessment": _assessment,
    "assessment.disagree": _disagree,
    "years": _years,
    "year": _s("Năm {year}", "{year}"),
    "achievements": _achievements,
    "achievement": _achievement,
    "rewarded": _rewarded,
    "claims": lambda a, lb: (
        lb.principle(a["ref"])
        if a.get("ref")
        else lb.pick(
            (
                "Thành tích đề nghị chưa được khen thưởng",
                "The achievements claimed are not yet rewarded",
            )
        )
    ),
    "timing": _timing_rule,
    "timing.late-flagged": lambda a, lb: (
        _timing_rule(a, lb)
        + lb.pick((" (quá hạn: Hội đồng xem xét)", " (late: for the Council to consider)"))
    ),
    "timing.late": _timing_rule,
    "limit.undated": lambda a, lb: _limit(a, lb),
    "limit.taken": lambda a, lb: _limit(a, lb),
    "limit.awarded": lambda a, lb: _limit(a, lb),
    "limit.held": lambda a, lb: _limit(a, lb),
    "limit.period-awarded": _limit_period,
    "limit.period-placed": _limit_period,
    "limit.period-council": _limit_period,
    "claim.undated": _s(
        "Cùng được đề nghị ở {rivals_}; chưa biết hồ sơ nào nộp trước",
        "Also claimed by {rivals_}; which was filed first is not known",
    ),
    "claim.kept-earlier": _s(
        "Thành tích đã được dùng cho đề nghị {kept_by} (nộp trước) — không khen thưởng hai lần cho một thành tích",
        "The achievement grounds nomination {kept_by} (filed earlier) — one achievement, one reward",
    ),
    "claim.earlier-pending": _s(
        "Cùng được đề nghị ở {earlier_} (nộp trước, chưa kết luận) — chỉ được tính nếu đề nghị đó không đủ điều kiện",
        "Also claimed by {earlier_} (filed earlier, not yet settled) — counts only if that one is not eligible",
    ),
    "claim.council-decided": lambda a, lb: lb.pick(
        (
            _decided(a, lb)[0] + " — không khen thưởng hai lần cho một thành tích",
            _decided(a, lb)[1].capitalize() + " — one achievement, one reward",
        )
    ),
    "claim.council": lambda a, lb: lb.pick(
        (
            f"Cùng được đề nghị ở {lb.ids(a['rivals'])}{', nộp cùng ngày' if a['same_day'] else ''} — chờ Hội đồng Thi đua - Khen thưởng xã quyết định",
            f"Also claimed by {lb.ids(a['rivals'])}{', filed the same day' if a['same_day'] else ''} — for the Council to decide",
        )
    ),
    # needs
    "need.param": lambda a, lb: lb.pick(
        (
            f"Cần quyết định giá trị tham số “{lb.parameter(a['param'])}”"
            + (f" ({a['reason']})" if a.get("reason") else ""),
            f"The parameter “{lb.parameter(a['param'])}” must be given a value"
            + (f" ({a['reason']})" if a.get("reason") else ""),
        )
    ),
    "need.candidate": lambda a, lb: lb.pick(
        (
            f"Cần ghi {FIELD[a['field']][0]} của {lb.name(a['candidate'])}",
            f"Record the {FIELD[a['field']][1]} of {lb.name(a['candidate'])}",
        )
    ),
    "need.assessment": lambda a, lb: lb.pick(
        (
            f"Cần kết quả đánh giá “{lb.assessment(a['kind'])}” năm {a['year']} của {lb.name(a['candidate'])}",
            f"The “{lb.assessment(a['kind'])}” assessment of {lb.name(a['candidate'])} for {a['year']}",
        )
    ),
    "need.disagreement": lambda a, lb: lb.pick(
        (
            f"Các đánh giá “{lb.assessment(a['kind'])}” năm {a['year']} của {lb.name(a['candidate'])} không thống nhất ({lb.ids(a['rivals'])}): cần cơ quan có thẩm quyền xác định lại, hoặc bộ quy tắc quy định thứ tự ưu tiên giữa các cơ quan đánh giá",
            f"The “{lb.assessment(a['kind'])}” judgements of {lb.name(a['candidate'])} for {a['year']} disagree ({lb.ids(a['rivals'])}): the competent body must settle them, or the ruleset rank the bodies",
        )
    ),
    "need.assessment-of": lambda a, lb: lb.pick(
        (
            f"Cần kết quả đánh giá “{lb.assessment(a['kind'])}” của {lb.name(a['candidate'])} cho thành tích {lb.ids(a['achievements'])} được đề nghị (ghi achievement trong đánh giá, ngày đánh giá không trước ngày lập thành tích)",
            f"The “{lb.assessment(a['kind'])}” assessment of {lb.name(a['candidate'])} for the achievement claimed, {lb.ids(a['achievements'])} (naming it in `achievement`, dated no earlier than the achievement)",
        )
    ),
    "need.assessment-later": lambda a, lb: lb.pick(
        (
            f"Cần kết quả đánh giá “{lb.assessment(a['kind'])}” năm {a['year']} của {lb.name(a['candidate'])} có trước ngày xét {lb.date(a['on'])}; đánh giá {lb.ids(a['later'])} ghi ngày sau ngày xét nên chưa được tính",
            f"The “{lb.assessment(a['kind'])}” assessment of {lb.name(a['candidate'])} for {a['year']}, recorded by the evaluation date {lb.date(a['on'])}; {lb.ids(a['later'])} is dated later and not yet counted",
        )
    ),
    "need.claims": _s(
        "Cần kê thành tích (sáng kiến, giải pháp…) được đề nghị", "List the achievements claimed"
    ),
    "need.applied": _s(
        "Cần xác nhận “{title}” có được áp dụng hiệu quả không",
        "Whether “{title}” was applied effectively",
    ),
    "need.achievement-date": _s("Cần ngày lập thành tích “{title}”", "The date of “{title}”"),
    "need.filed": _s("Cần ngày nộp hồ sơ {nomination}", "The date dossier {nomination} was filed"),
    "need.claims-dated": _s(
        "Cần thành tích được đề nghị và ngày lập thành tích", "The achievement claimed and its date"
    ),
    "need.settle-first": _s(
        "Cần kết luận đề nghị {nomination} trước", "Nomination {nomination} must be settled first"
    ),
    "need.council-place": _s(
        "Hội đồng TĐKT xã chọn hồ sơ được tính trong các hồ sơ nộp cùng ngày ({nominations_}); ghi quyết định vào council_decisions",
        "The Council chooses which of the dossiers filed the same day counts ({nominations_}); record it in council_decisions",
    ),
    "need.council-period": _s(
        "Hội đồng TĐKT xã chọn một trong các hồ sơ tổng kết của {candidate} ({nominations_}); ghi quyết định (không nêu thành tích) vào council_decisions",
        "The Council chooses one of {candidate}'s period-end dossiers ({nominations_}); record it in council_decisions, without an achievement",
    ),
    "need.council-claim": _s(
        "Hội đồng TĐKT xã quyết định đề nghị nào được tính thành tích “{title}” ({nominations_}); ghi quyết định vào council_decisions",
        "The Council decides which nomination the achievement “{title}” counts for ({nominations_}); record it in council_decisions",
    ),
    "need.filed-order": _s(
        "Cần ngày nộp hồ sơ để biết đề nghị nào nộp trước được tính thành tích “{title}”",
        "The filing dates, to know which nomination filed first keeps “{title}”",
    ),
    # notes
    "warning.late": lambda a, lb: (
        _late(a, lb) + lb.pick((" — Hội đồng xem xét", " — for the Council to consider"))
    ),
    "warning.filed-early": lambda a, lb: lb.pick(
        (
            f"Hồ sơ {a['nomination']} đề nghị khen thưởng năm {a['year']} nhưng nộp ngày {lb.date(a['filed'])}, khi năm {a['year']} chưa kết thúc — Hội đồng xem xét",
            f"Dossier {a['nomination']} for {a['year']} was filed on {lb.date(a['filed'])}, before {a['year']} had ended — for the Council to consider",
        )
    ),
    "warning.award-later": lambda a, lb: lb.pick(
        (
            f"Quyết định {a['decision']} ({a['award']}) khen thưởng thành tích {a['achievement']} ghi ngày {lb.date(a['date'])}, sau ngày xét {lb.date(a['on'])}: chưa được tính",
            f"Decision {a['decision']} ({a['award']}) rewarding {a['achievement']} is dated {lb.date(a['date'])}, after the evaluation date {lb.date(a['on'])}: not counted yet",
        )
    ),
    "warning.assessment-early": lambda a, lb: lb.pick(
        (
            f"Đánh giá {a['assessment']} cho năm {a['year']} ghi ngày {lb.date(a['date'])}, trước khi năm {a['year']} bắt đầu — Hội đồng xem xét",
            f"Assessment {a['assessment']} for {a['year']} is dated {lb.date(a['date'])}, before {a['year']} began — for the Council to consider",
        )
    ),
    "warning.judged-before": lambda a, lb: lb.pick(
        (
            f"Đánh giá {a['assessment']} ghi ngày {lb.date(a['date'])}, trước ngày lập thành tích {a['achievement']} ({lb.date(a['achieved'])}), nên không làm căn cứ khen thưởng thành tích đó",
            f"Assessment {a['assessment']} is dated {lb.date(a['date'])}, before achievement {a['achievement']} was made ({lb.date(a['achieved'])}), so it cannot ground its reward",
        )
    ),
    "warning.shared": _s(
        "Thành tích “{title}” ({achievement}) trùng với đề nghị {others_}",
        "Achievement “{title}” ({achievement}) is also claimed by {others_}",
    ),
    "warning.decision-overridden": _s(
        "Quyết định {decision} của Hội đồng TĐKT xã (tính thành tích {achievement} cho {nomination}) không được áp dụng: theo bộ quy tắc, hồ sơ nộp trước được tính; Hội đồng chỉ quyết định giữa các hồ sơ nộp cùng ngày",
        "Council decision {decision} ({achievement} counts for {nomination}) is not applied: under this ruleset the dossier filed first keeps it; the Council decides only between dossiers filed the same day",
    ),
    "conflict": _conflict,
    "report.missing": lambda a, lb: lb.pick(
        (
            f"{a['unit']}: chưa báo cáo kết quả năm {a['year']} (hạn trước ngày {lb.date(a['deadline'])})",
            f"{a['unit']}: no {a['year']} report (due before {lb.date(a['deadline'])})",
        )
    ),
    "report.late": lambda a, lb: lb.pick(
        (
            f"{a['unit']}: báo cáo năm {a['year']} ngày {lb.date(a['reported'])}, sau hạn (trước ngày {lb.date(a['deadline'])})",
            f"{a['unit']}: {a['year']} report on {lb.date(a['reported'])}, late (due before {lb.date(a['deadline'])})",
        )
    ),
    "amount.unset": lambda a, lb: lb.pick(
        (
            f"Chưa có mức tiền: tham số “{lb.parameter(a['param'])}” chưa có giá trị ({a['reason'] or 'chưa xác nhận'})",
            f"No amount: the parameter “{lb.parameter(a['param'])}” has no value ({a['reason'] or 'not confirmed'})",
        )
    ),
    "amount.individual": _amount,
    "amount.collective": _amount,
    "amount.collective-unset": lambda a, lb: lb.pick(
        (
            f"Chưa có mức tiền cho tập thể ngày {lb.date(a['on'])}: {a['reason'] or 'chưa xác nhận'}",
            f"No confirmed amount for collectives on {lb.date(a['on'])}: {a['reason'] or 'not confirmed'}",
        )
    ),
    "over-budget": lambda a, lb: lb.pick(
        (
            f"Vượt kinh phí: hạng {a['rank']}, kinh phí đủ cho {a['fits']} (còn {lb.money(a['left'])}, hạng {a['fits'] + 1} cần {lb.money(a['next_amount'])})",
            f"Over budget: rank {a['rank']}, the budget covers {a['fits']} ({lb.money(a['left'])} left, rank {a['fits'] + 1} needs {lb.money(a['next_amount'])})",
        )
    ),
}

LACK: dict[str, Message] = {
    "subject": lambda a, lb: lb.pick(
        (
            f"Diện này dành cho {lb.kind(a['wanted'])}; {lb.name(a['candidate'])} là {lb.kind(a['actual'])}",
            f"This track is for {lb.kind(a['wanted'])}; {lb.name(a['candidate'])} is {lb.kind(a['actual'])}",
        )
    ),
    "period": _s(
        "Năm {year} ngoài giai đoạn {start}–{end}: không xét theo Kế hoạch này",
        "{year} is outside {start}–{end}: not under this plan",
    ),
    "period.year": _s(
        "Đợt này chỉ xét hồ sơ năm {wanted} (cuối giai đoạn {start}–{end}); hồ sơ ghi năm {year}",
        "This round considers only {wanted} (the end of {start}–{end}); the dossier names {year}",
    ),
    "criterion": lambda a, lb: lb.pick(("Chưa đạt: ", "Not met: ")) + lb.criterion(a["ref"]),
    "any": _s(
        "Chưa đạt tiêu chuẩn nào trong các tiêu chuẩn thay thế", "None of the alternatives is met"
    ),
    "at-least": lambda a, lb: lb.pick(
        (
            f"Cần đạt thêm {a['n'] - a['met']} tiêu chuẩn: hiện có {a['met']}/{a['n']}",
            f"{a['n'] - a['met']} more needed: {a['met']}/{a['n']} met",
        )
    ),
    "candidate": _candidate_lack,
    "assessment": _assessment_lack,
    "years": _years_lack,
    "achievements": _achievements_lack,
    "timing.late": lambda a, lb: _late(a, lb) + lb.pick((" — không tiếp nhận", " — refused")),
    "limit.taken": _limit_taken,
    "limit.awarded": _limit_awarded,
    "limit.held": _limit_held,
    "limit.undated": _limit_undated,
    "limit.period-awarded": _limit_period_awarded,
    "limit.period-placed": _limit_period_placed,
    "limit.period-council": _limit_period_council,
}
# A held or undated annual place reads the same in a warning as in the duplicates list.
SAY_NOTE: dict[str, Message] = {
    "limit.taken": _limit_taken,
    "limit.awarded": _limit_awarded,
    "limit.held": _limit_held,
    "limit.undated": _limit_undated,
    "limit.period-awarded": _limit_period_awarded,
    "limit.period-placed": _limit_period_placed,
    "limit.period-council": _limit_period_council,
}


def _expand(args: A) -> dict[str, Any]:
    """The arguments, with `NAME_` beside every list (`a, b`) for the simple templates."""
    out = dict(args)
    for k, v in args.items():
        if isinstance(v, tuple):
            out[f"{k}_"] = ", ".join(str(x) for x in v)
    return out


def say(code: str, args: A, lb: Labels) -> str:
    """What a node, need or note states, in `lb`'s language."""
    return SAY[code](_expand(args), lb)


def lack(code: str, args: A, lb: Labels) -> str:
    """What a false node lacks (the node's own words where no lack is phrased)."""
    if code.startswith("not."):
        return lb.pick(("Không được: ", "Must not hold: ")) + say(code[4:], args, lb)
    fn = LACK.get(code)
    return fn(_expand(args), lb) if fn is not None else SAY[code](_expand(args), lb)


def note(code: str, args: A, lb: Labels) -> str:
    """A note of a verdict or a case (a warning, a lack, a conflict, a late report)."""
    if code.startswith("not."):
        return lack(code, args, lb)
    fn = SAY_NOTE.get(code) or LACK.get(code) or SAY[code]
    return fn(_expand(args), lb)


CODES = frozenset(SAY)
