"""The message catalogue: every reason code of a node, need or note, in Vietnamese and English.

`say(code, args, lb)` writes what a node states; `lack(code, args, lb)` what a false node lacks.
Arguments are the typed values the engine recorded; words for slugs come from the ruleset's
own labels (`Labels`). A code with no entry is an error a test catches, never a blank line.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from thiduarules.render._labels import FIELD, YES_NO, Labels

A = Mapping[str, Any]
Message = Callable[[A, Labels], str]


def _pair(vi: Message, en: Message) -> tuple[Message, Message]:
    return vi, en


def _values(a: A, lb: Labels) -> str:
    field = a["field"]
    vals = a["values"]
    if field == "in_commune":
        return " / ".join(lb.pick(YES_NO.get(v, (v, v))) for v in vals)
    if field == "kind":
        return ", ".join(lb.kind(v) for v in vals)
    vocab = "roles" if field == "role" else "duties"
    return ", ".join(lb.term(vocab, v) for v in vals)


def _current(a: A, lb: Labels) -> str:
    field, value = a["field"], a["value"]
    if value is None or value == "" or value == ():
        return lb.pick(("(chưa có)", "(not recorded)"))
    if field == "in_commune":
        return lb.pick(YES_NO.get(str(value), (str(value), str(value))))
    if field == "kind":
        return lb.kind(value)
    if field == "duties":
        return ", ".join(lb.term("duties", d) for d in value)
    return lb.term("roles", value)


def _candidate(a: A, lb: Labels) -> str:
    neg = a["op"] == "not_in"
    f_vi, f_en = FIELD[a["field"]]
    shown = _values(a, lb)
    if a["field"] == "in_commune":
        return lb.pick(
            (
                f"{f_vi.capitalize()}: {'không phải ' if neg else ''}{shown}",
                f"{f_en.capitalize()}: {'not ' if neg else ''}{shown}",
            )
        )
    return lb.pick(
        (
            f"{f_vi.capitalize()} {'không ' if neg else ''}thuộc: {shown}",
            f"{f_en.capitalize()} {'not ' if neg else ''}among: {shown}",
        )
    )


def _candidate_lack(a: A, lb: Labels) -> str:
    neg = a["op"] == "not_in"
    f_vi, f_en = FIELD[a["field"]]
    name, now, shown = lb.name(a["candidate"]), _current(a, lb), _values(a, lb)
    return lb.pick(
        (
            f"{f_vi.capitalize()} của {name}: {now}; cần {'khác ' if neg else ''}{shown}",
            f"{f_en.capitalize()} of {name}: {now}; must {'not ' if neg else ''}be {shown}",
        )
    )


def _required(a: A, lb: Labels) -> str:
    """What an assessment must say: its values, and by whom."""
    neg = a["op"] == "not_in"
    values = lb.pick((" hoặc ", " or ")).join(
        lb.assessment_value(a["kind"], v) for v in a["values"]
    )
    text = lb.pick(("không phải ", "not ")) + values if neg else values
    if a.get("by"):
        bodies = lb.pick((" hoặc ", " or ")).join(lb.term("bodies", b) for b in a["by"])
        text += lb.pick((f", do {bodies} đánh giá", f", by {bodies}"))
    return text


def _assessment(a: A, lb: Labels) -> str:
    return f"{lb.assessment_year(a['kind'], a['year'])}: {_required(a, lb)}"


def _assessment_lack(a: A, lb: Labels) -> str:
    found = lb.assessment_value(a["kind"], a["value"])
    by = lb.term("bodies", a["value_by"])
    return lb.pick(
        (
            f"{lb.assessment_year(a['kind'], a['year'])}: {found} ({by}, {lb.date(a['date'])}); yêu cầu: {_required(a, lb)}",
            f"{lb.assessment_year(a['kind'], a['year'])}: {found} ({by}, {lb.date(a['date'])}); required: {_required(a, lb)}",
        )
    )


def _years(a: A, lb: Labels) -> str:
    span = f"{a['start']}–{a['end']}"
    n = a["n"]
    return {
        "every": lb.pick((f"Đạt trong mọi năm {span}", f"Met in every year {span}")),
        "consecutive": lb.pick(
            (f"Ít nhất {n} năm liên tục trong {span}", f"At least {n} consecutive years in {span}")
        ),
        "at-least": lb.pick((f"Ít nhất {n} năm trong {span}", f"At least {n} years in {span}")),
    }[a["mode"]]


def _years_lack(a: A, lb: Labels) -> str:
    more, have, n = max(a["n"] - a["have"], 0), a["have"], a["n"]
    if a["mode"] == "consecutive":
        return lb.pick(
            (
                f"Cần thêm {more} năm liên tục đạt yêu cầu: hiện có {have}/{n}",
                f"{more} more consecutive year(s) needed: {have}/{n}",
            )
        )
    return lb.pick(
        (
            f"Cần thêm {more} năm đạt yêu cầu: hiện có {have}/{n}",
            f"{more} more year(s) needed: {have}/{n}",
        )
    )


def _kinds(a: A, lb: Labels) -> str:
    return " / ".join(lb.term("achievement-kinds", k) for k in a["kinds"])


def _achievements(a: A, lb: Labels) -> str:
    window = f"{lb.date(a['start'])}–{lb.date(a['end'])}"
    text = lb.pick(
        (
            f"Có ít nhất {a['n']} {_kinds(a, lb)} được áp dụng hiệu quả ({window})",
            f"At least {a['n']} {_kinds(a, lb)} applied effectively ({window})",
        )
    )
    if not a["include"]:
        text += lb.pick((", chưa được khen thưởng", ", not yet rewarded"))
    return text


def _achievements_lack(a: A, lb: Labels) -> str:
    more = max(a["n"] - a["have"], 0)
    return lb.pick(
        (
            f"Cần thêm {more} {_kinds(a, lb)} được áp dụng hiệu quả: hiện có {a['have']}/{a['n']}",
            f"{more} more {_kinds(a, lb)} applied effectively needed: {a['have']}/{a['n']}",
        )
    )


_REASONS = {
    "kind-not-counted": ("loại thành tích này không được tính", "this kind does not count here"),
    "not-applied": ("chưa được áp dụng hiệu quả", "not applied effectively"),
    "outside-window": ("ngày lập ngoài thời gian xét", "dated outside the period considered"),
}


def _achievement(a: A, lb: Labels) -> str:
    head = f"“{a['title']}” ({a['achievement']})"
    reasons = [lb.pick(_REASONS[r]) for r in a["reasons"]]
    if "outside-window" in a["reasons"]:
        reasons[a["reasons"].index("outside-window")] = lb.pick(
            (
                f"ngày {lb.date(a['date'])} ngoài thời gian xét",
                f"dated {lb.date(a['date'])}, outside the period considered",
            )
        )
    return head + (": " + "; ".join(reasons) if reasons else "")


def _rewarded(a: A, lb: Labels) -> str:
    return lb.pick(
        (
            f"Đã được khen thưởng: {lb.form(a['form'])}, Quyết định số {a['decision']} ngày {lb.date(a['date'])} — không khen thưởng nhiều lần cho một thành tích",
            f"Already rewarded: {lb.form(a['form'])}, decision {a['decision']} of {lb.date(a['date'])} — one achievement, one reward",
        )
    )


def _timing_rule(a: A, lb: Labels) -> str:
    rule = a["rule"]
    if rule == "annual-deadline":
        return lb.pick(
            (
                f"Nộp hồ sơ {'đến hết' if a['inclusive'] else 'trước'} ngày {lb.date(a['closes'])}",
                f"Dossier filed {'on or before' if a['inclusive'] else 'before'} {lb.date(a['closes'])}",
            )
        )
    if rule == "window":
        return lb.pick(
            (
                f"Nộp hồ sơ từ {lb.date(a['opens'])} đến {lb.date(a['closes'])}",
                f"Dossier filed from {lb.date(a['opens'])} to {lb.date(a['closes'])}",
            )
        )
    return lb.pick(
        (
            f"Đề nghị trong {a['within']} ngày sau khi lập được thành tích",
            f"Proposed within {a['within']} days of the achievement",
        )
    )


def _late(a: A, lb: Labels) -> str:
    rule = _timing_rule(a, lb)
    return lb.pick(
        (
            f"Hồ sơ nộp ngày {lb.date(a['filed'])}, ngoài thời hạn ({rule[0].lower() + rule[1:]})",
            f"Filed on {lb.date(a['filed'])}, outside the time allowed ({rule[0].lower() + rule[1:]})",
        )
    )


def _limit(a: A, lb: Labels) -> str:
    return lb.pick(
        (
            f"Mỗi năm tối đa {a['limit']} Giấy khen hằng năm cho một đối tượng",
            f"At most {a['limit']} annual award(s) a year per candidate",
        )
    )


def _limit_undated(a: A, lb: Labels) -> str:
    return lb.pick(
        (
            f"{lb.name(a['candidate'])} có {a['count']} đề nghị khen thưởng hằng năm {a['year']}, tối đa {a['limit']}; chưa biết hồ sơ nào nộp trước",
            f"{lb.name(a['candidate'])} has {a['count']} annual nominations for {a['year']}, at most {a['limit']}; which was filed first is not known",
        )
    )


def _limit_taken(a: A, lb: Labels) -> str:
    return lb.pick(
        (
            f"{lb.name(a['candidate'])} đã có đề nghị {lb.ids(a['kept_by'])} đủ điều kiện, nộp trước, cho khen thưởng hằng năm {a['year']}; mỗi năm tối đa {a['limit']} Giấy khen — hồ sơ {a['nomination']} không tính thêm",
            f"{lb.name(a['candidate'])} already has nomination {lb.ids(a['kept_by'])}, eligible and filed earlier, for the {a['year']} annual round; at most {a['limit']} a year — {a['nomination']} is not counted",
        )
    )


def _limit_held(a: A, lb: Labels) -> str:
    vi, en = [], []
    if a["earlier"]:
        vi.append(f"đã có đề nghị {lb.ids(a['earlier'])} nộp trước")
        en.append(f"already has nomination {lb.ids(a['earlier'])}, filed earlier")
    if a["same_day"]:
        vi.append(f"đề nghị {lb.ids(a['same_day'])} nộp cùng ngày {lb.date(a['filed'])}")
        en.append(f"nomination {lb.ids(a['same_day'])} filed the same day, {lb.date(a['filed'])}")
    return lb.pick(
        (
            f"{lb.name(a['candidate'])} {' và '.join(vi)} cho khen thưởng hằng năm {a['year']}; mỗi năm tối đa {a['limit']} Giấy khen — hồ sơ {a['nomination']} chỉ được tính nếu đề nghị kia không đủ điều kiện",
            f"{lb.name(a['candidate'])} {' and '.join(en)} for the {a['year']} annual round; at most {a['limit']} a year — {a['nomination']} is counted only if the other one is not eligible",
        )
    )


def _decided(a: A, lb: Labels) -> tuple[str, str]:
    record = f", {a['record']}" if a.get("record") else ""
    return (
        f"Hội đồng TĐKT xã đã quyết định tính cho đề nghị {a['nomination']} ({a['decision']}{record}, ngày {lb.date(a['date'])})",
        f"the Council decided it counts for {a['nomination']} ({a['decision']}{record}, {lb.date(a['date'])})",
    )


def _conflict(a: A, lb: Labels) -> str:
    how = a["how"]
    kept = a.get("kept_by")
    hows = {
        "council-decided": _decided(a, lb) if how == "council-decided" else ("", ""),
        "kept-by": (f"đề nghị {kept} nộp trước được tính", f"{kept}, filed first, keeps it"),
        "kept-if-eligible": (
            f"đề nghị {kept} nộp trước được tính nếu đủ điều kiện, nếu không thì xét đến đề nghị nộp sau",
            f"{kept}, filed first, keeps it if eligible; otherwise the next one filed",
        ),
        "order-unsettled": (
            "chưa xác định được đề nghị nào nộp trước — Hội đồng quyết định nếu nộp cùng ngày",
            "which was filed first is not settled — the Council decides between dossiers of one day",
        ),
        "council": ("Hội đồng TĐKT xã quyết định", "the Council decides"),
    }
    return lb.pick(
        (
            f"Thành tích “{a['title']}” ({a['achievement']}) được đề nghị ở {lb.ids(a['nominations'])}: {hows[how][0]}",
            f"Achievement “{a['title']}” ({a['achievement']}) is claimed by {lb.ids(a['nominations'])}: {hows[how][1]}",
        )
    )


def _form(code: str) -> Message:
    def say(a: A, lb: Labels) -> str:
        f = lb.form(a["form"])
        allowed = ", ".join(lb.form(x) for x in a["allowed"])
        return lb.pick(
            {
                "form.fits": (
                    f"Hình thức {f} phù hợp với diện khen thưởng",
                    f"{f} fits this track",
                ),
                "form.proposal": (
                    f"Hình thức {f} do cấp trên quyết định: UBND xã lựa chọn, đề xuất cấp có thẩm quyền",
                    f"{f} is decided by a higher authority: the commune UBND selects and proposes",
                ),
                "form.not-commune": (
                    f"{f} không thuộc thẩm quyền của xã; chỉ được đề xuất cấp có thẩm quyền khi tổng kết giai đoạn — hồ sơ không được tiếp nhận ở đợt này",
                    f"{f} is not the commune's to grant; it can only be proposed to the competent authority at period end — not receivable in this round",
                ),
                "form.not-track": (
                    f"Hình thức {f} không thuộc diện này (được: {allowed})",
                    f"{f} is not a form of this track (allowed: {allowed})",
                ),
            }[code]
        )

    return say


def _unset(a: A, lb: Labels) -> str:
    why = f" ({a['reason']})" if a.get("reason") else ""
    return lb.pick(
        (
            f"Tham số “{lb.parameter(a['param'])}” chưa có giá trị áp dụng ngày {lb.date(a['on'])}{why}",
            f"Parameter “{lb.parameter(a['param'])}” has no value in force on {lb.date(a['on'])}{why}",
        )
    )


def _amount(a: A, lb: Labels) -> str:
    rounding = lb.pick(("làm tròn", "rounded"))
    if "multiplier" in a:
        return lb.pick(
            (
                f"{lb.decimal(a['multiplier'])} × mức cá nhân ({lb.decimal(a['coefficient'])} × {lb.money(a['base'])}), {rounding} = {lb.money(a['amount'])}",
                f"{lb.decimal(a['multiplier'])} × the individual amount ({lb.decimal(a['coefficient'])} × {lb.money(a['base'])}), {rounding} = {lb.money(a['amount'])}",
            )
        )
    return lb.pick(
        (
            f"{lb.decimal(a['coefficient'])} × mức lương cơ sở {lb.money(a['base'])}, {rounding} = {lb.money(a['amount'])}",
            f"{lb.decimal(a['coefficient'])} × the base salary {lb.money(a['base'])}, {rounding} = {lb.money(a['amount'])}",
        )
    )


def _s(vi: str, en: str) -> Message:
    return lambda a, lb: lb.pick((vi.format(**a), en.format(**a)))


SAY: dict[str, Message] = {
    "track": lambda a, lb: lb.track(a["ref"]),
    "subject": lambda a, lb: lb.pick(
        (f"Đối tượng là {lb.kind(a['wanted'])}", f"The candidate is {lb.kind(a['wanted'])}")
    ),
    "period": _s(
        "Năm {year} thuộc giai đoạn {start}–{end} của Kế hoạch",
        "{year} lies in the plan's period {start}–{end}",
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
    "limit.held": lambda a, lb: _limit(a, lb),
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
    "limit.held": _limit_held,
    "limit.undated": _limit_undated,
}
# A held or undated annual place reads the same in a warning as in the duplicates list.
SAY_NOTE: dict[str, Message] = {
    "limit.taken": _limit_taken,
    "limit.held": _limit_held,
    "limit.undated": _limit_undated,
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
