"""The phrases the message catalogue is built from: how a rule, a count, a date window or a
decision reads in Vietnamese and English. `_messages` maps reason codes to these."""

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


def _disagree(a: A, lb: Labels) -> str:
    found = [
        f"{lb.assessment_value(a['kind'], v)} ({lb.term('bodies', b)}, {r})"
        for r, v, b in zip(a["rivals"], a["values"], a["bodies"], strict=True)
    ]
    return lb.pick(
        (
            f"{lb.assessment_year(a['kind'], a['year'])}: các đánh giá cùng ngày {lb.date(a['date'])} không thống nhất — {'; '.join(found)}; yêu cầu: {_required(a, lb)}",
            f"{lb.assessment_year(a['kind'], a['year'])}: judgements of the same day, {lb.date(a['date'])}, disagree — {'; '.join(found)}; required: {_required(a, lb)}",
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


def _limit_awarded(a: A, lb: Labels) -> str:
    return lb.pick(
        (
            f"{lb.name(a['candidate'])} đã được khen thưởng hằng năm {a['year']} (khen thưởng đã quyết định {lb.ids(a['awards'])}); mỗi năm tối đa {a['limit']} Giấy khen — hồ sơ {a['nomination']} không tính thêm",
            f"{lb.name(a['candidate'])} has already been rewarded in the {a['year']} annual round (award {lb.ids(a['awards'])} decided); at most {a['limit']} a year — {a['nomination']} is not counted",
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


def _limit_period(a: A, lb: Labels) -> str:
    return lb.pick(
        (
            f"Mỗi đối tượng tối đa {a['limit']} khen thưởng tổng kết giai đoạn (Giấy khen hoặc đề nghị cấp trên): một hồ sơ tổng kết là một thành tích",
            f"At most {a['limit']} period-end reward(s) per candidate (a Giấy khen or a proposal upward): one period record is one achievement",
        )
    )


def _limit_period_awarded(a: A, lb: Labels) -> str:
    return lb.pick(
        (
            f"{lb.name(a['candidate'])} đã được khen thưởng tổng kết giai đoạn (khen thưởng đã quyết định {lb.ids(a['awards'])}); tối đa {a['limit']} — hồ sơ {a['nomination']} không tính thêm",
            f"{lb.name(a['candidate'])} has already received a period-end reward (award {lb.ids(a['awards'])} decided); at most {a['limit']} — {a['nomination']} is not counted",
        )
    )


def _limit_period_placed(a: A, lb: Labels) -> str:
    return lb.pick(
        (
            f"Hội đồng TĐKT xã đã chọn hồ sơ {lb.ids(a['kept_by'])} (quyết định {lb.ids(a['decisions'])}) cho khen thưởng tổng kết của {lb.name(a['candidate'])}; tối đa {a['limit']} — hồ sơ {a['nomination']} không tính thêm",
            f"The Council chose {lb.ids(a['kept_by'])} (decision {lb.ids(a['decisions'])}) for {lb.name(a['candidate'])}'s period-end reward; at most {a['limit']} — {a['nomination']} is not counted",
        )
    )


def _limit_period_council(a: A, lb: Labels) -> str:
    return lb.pick(
        (
            f"{lb.name(a['candidate'])} còn có hồ sơ tổng kết {lb.ids(a['rivals'])} trên cùng thành tích giai đoạn; tối đa {a['limit']} khen thưởng — chờ Hội đồng TĐKT xã chọn",
            f"{lb.name(a['candidate'])} also has period-end dossier {lb.ids(a['rivals'])} on the same period record; at most {a['limit']} reward(s) — the Council must choose",
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
