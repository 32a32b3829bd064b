"""Results as text a commune officer can read aloud: Vietnamese by default, or English.

Verdicts and recommendation lists alike; every sentence comes from the message catalogue.
The lines are built from the data as it is and made `printable` as the text is returned, so a
control character in a name or an id shows as an escape (`\\x1b`) and never acts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from thiduarules._printable import printable, printable_lines
from thiduarules.allocation import Recommendation
from thiduarules.render._labels import YES_NO, Labels
from thiduarules.render._messages import lack, note, say
from thiduarules.ruleset._model import Ruleset
from thiduarules.verdict import CaseResult, Need, Node, Note, Verdict

MARK = {"true": "✓", "false": "✗", "unknown": "?"}
LATE = "!"  # a late dossier the ruleset only flags: it counts, but it is not on time
CITED = ("criterion", "track", "subject", "form", "timing", "principle")
WORDS = {
    "vi": {
        "title": "KẾT QUẢ XÉT ĐIỀU KIỆN KHEN THƯỞNG",
        "ruleset": "Bộ quy tắc",
        "engine": "Bộ máy",
        "as_of": "Ngày xét",
        "eligible": "ĐỦ ĐIỀU KIỆN",
        "ineligible": "KHÔNG ĐỦ ĐIỀU KIỆN",
        "undetermined": "CHƯA XÁC ĐỊNH ĐƯỢC",
        "proposal": "đề xuất cấp có thẩm quyền",
        "missing": "Còn thiếu",
        "settle": "Cần bổ sung để kết luận",
        "warnings": "Lưu ý",
        "conflicts": "THÀNH TÍCH ĐƯỢC ĐỀ NGHỊ TRÙNG (III.1.2.2)",
        "duplicates": "HỒ SƠ TRÙNG",
        "late": "ĐƠN VỊ BÁO CÁO CHẬM (IV.2)",
        "summary": "Tổng hợp",
        "form": "Hình thức",
        "year": "năm",
        "rec_title": "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG (III.2.1.b.2, III.2.1.b.3)",
        "budget": "Kinh phí",
        "decision_date": "Ngày quyết định",
        "total": "Tổng",
        "no_priority": "không thuộc diện ưu tiên",
        "left_off": "Ngoài danh sách",
        "not_costed": "Chưa tính được mức tiền",
        "proposals": "Đề xuất cấp có thẩm quyền (không chi từ quỹ xã)",
    },
    "en": {
        "title": "ELIGIBILITY FOR REWARD",
        "ruleset": "Ruleset",
        "engine": "Engine",
        "as_of": "As of",
        "eligible": "ELIGIBLE",
        "ineligible": "INELIGIBLE",
        "undetermined": "UNDETERMINED",
        "proposal": "proposal to the competent authority",
        "missing": "Missing",
        "settle": "To settle it, provide",
        "warnings": "Warnings",
        "conflicts": "ACHIEVEMENTS CLAIMED MORE THAN ONCE (III.1.2.2)",
        "duplicates": "DUPLICATE DOSSIERS",
        "late": "UNITS REPORTING LATE (IV.2)",
        "summary": "Summary",
        "form": "Form",
        "year": "year",
        "rec_title": "RECOMMENDATION LIST (III.2.1.b.2, III.2.1.b.3)",
        "budget": "Budget",
        "decision_date": "Decision date",
        "total": "Total",
        "no_priority": "no priority",
        "left_off": "Left off",
        "not_costed": "Not costed",
        "proposals": "Proposed to the competent authority (not paid by the commune)",
    },
}


def _check(lang: str) -> None:
    if lang not in WORDS:
        raise ValueError(f"lang must be 'vi' or 'en', not {lang!r}")


def labels(result: CaseResult | Recommendation, lang: str) -> Labels:
    """The labels for rendering `result`: its ruleset's words and its candidates' names."""
    names: dict[str, str] = {}
    if isinstance(result, CaseResult):
        names = {v.candidate: v.candidate_name for v in result.verdicts}
    else:
        for item in (*result.listed, *result.left_off, *result.not_costed):
            names[item.candidate] = item.candidate_name
    return Labels(result.ruleset, lang, names)


def node_args(node: Node, lb: Labels) -> dict[str, Any]:
    args: dict[str, Any] = dict(node.args)
    args["ref"] = node.ref
    if node.kind == "not" and node.children:
        args["child"] = node_text(node.children[0], lb)
    return args


def node_text(node: Node, lb: Labels) -> str:
    """What one node states, in `lb`'s language."""
    return say(node.code, node_args(node, lb), lb)


def need_text(need: Need, lb: Labels) -> str:
    return say(need.code, dict(need.args), lb)


def note_text(n: Note, lb: Labels) -> str:
    return note(n.code, dict(n.args), lb)


def _value(value: object, lb: Labels) -> str:
    if value is None:
        return lb.pick(("(chưa có)", "(not recorded)"))
    if isinstance(value, bool):
        return lb.pick(YES_NO["true" if value else "false"])
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return lb.date(_iso(value))
    return str(value)


def _iso(text: str) -> object:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return text


def _node_lines(node: Node, lb: Labels, depth: int, out: list[str]) -> None:
    mark = LATE if node.code == "timing.late-flagged" else MARK[node.result]
    text = node_text(node, lb)
    if node.result == "false" and node.kind in (
        "condition",
        "achievement",
        "years",
        "achievements",
    ):
        text = lack(node.code, node_args(node, lb), lb)
    cites = f" [{', '.join(node.clauses)}]" if node.clauses and node.kind in CITED else ""
    facts = ""
    if node.facts and node.kind != "track":
        shown = "; ".join(f"{f.path} = {_value(f.value, lb)}" for f in node.facts[:4])
        more = f"; … (+{len(node.facts) - 4})" if len(node.facts) > 4 else ""
        facts = f"  ⟨{shown}{more}⟩"
    out.append(f"{'   ' * depth}[{mark}] {text}{cites}{facts}")
    for child in node.children:
        _node_lines(child, lb, depth + 1, out)


def verdict_text(v: Verdict, lang: str, index: int, lb: Labels | None = None) -> list[str]:
    """The lines of one verdict: heading, outcome, explanation tree, what is missing — as the
    data reads, for a caller that makes them `printable` as it writes them out."""
    _check(lang)
    lb = lb or Labels(None, lang, {v.candidate: v.candidate_name})
    w = WORDS[lang]
    out = [
        f"{index}. {v.nomination} — {v.candidate_name} ({v.candidate}) — {lb.track(v.track)}, {w['year']} {v.year}"
    ]
    outcome = w[v.outcome] + (f" ({w['proposal']})" if v.proposal else "")
    out.append(f"   ⇒ {outcome} — {w['form']}: {lb.form(v.form)}")
    for child in v.explanation.children:
        _node_lines(child, lb, 2, out)
    for key, items in (("missing", v.missing), ("warnings", v.warnings)):
        if items:
            out.append(f"   {w[key]}:")
            out.extend(f"     - {note_text(i, lb)}" for i in items)
    if v.settle:
        out.append(f"   {w['settle']}:")
        out.extend(f"     - {need_text(n, lb)} ({n.path})" for n in v.settle)
    return out


def to_text(result: CaseResult | Recommendation, lang: str = "vi") -> str:
    """A case result, or a recommendation list, as readable text in `lang` ("vi" or "en")."""
    _check(lang)
    if isinstance(result, Recommendation):
        return recommendation_text(result, lang)
    lb = labels(result, lang)
    w = WORDS[lang]
    s = result.stamp
    out = [
        w["title"],
        f"{w['ruleset']}: {s.ruleset_id} {s.ruleset_version} ({s.ruleset_hash[:19]}…) · thiduarules {s.library_version}",
        f"{w['engine']}: {s.engine} · {w['as_of']}: {lb.date(_iso(s.as_of))}",
        "",
    ]
    for i, v in enumerate(result.verdicts, 1):
        out.extend(verdict_text(v, lang, i, lb))
        out.append("")
    for key, notes in (
        ("conflicts", [c.note for c in result.conflicts]),
        ("duplicates", result.duplicates),
        ("late", result.late_reports),
    ):
        if notes:
            out.append(w[key])
            out.extend(f"  - {note_text(n, lb)}" for n in notes)
            out.append("")
    counts = summary(result)
    out.append(f"{w['summary']}: " + ", ".join(f"{w[k].lower()} {n}" for k, n in counts.items()))
    return printable_lines(out)


def summary(result: CaseResult) -> Mapping[str, int]:
    return {
        k: sum(v.outcome == k for v in result.verdicts)
        for k in ("eligible", "ineligible", "undetermined")
    }


def recommendation_text(r: Recommendation, lang: str = "vi") -> str:
    """The recommendation list as text for the Council."""
    _check(lang)
    lb = labels(r, lang)
    w = WORDS[lang]
    out = [
        w["rec_title"],
        f"{w['budget']}: {lb.money(r.budget)} · {w['decision_date']}: {lb.date(_iso(r.decision_date))} · {w['total']}: {lb.money(r.total)}",
        "",
    ]
    for a in r.amounts:
        out.append(f"  {lb.kind(a.kind)}: {note_text(a.basis, lb)}")
    out.append("")
    for i in r.listed:
        pri = "; ".join(f"{p}. {lb.priority(p)}" for p in i.priority) or w["no_priority"]
        amount = lb.money(i.amount) if i.amount is not None else ""
        out.append(f"{i.rank:>3}. {i.nomination} — {i.candidate_name} — {amount} — {pri}")
    for key, items in (("left_off", r.left_off), ("not_costed", r.not_costed)):
        if items:
            out.append("")
            out.append(w[key] + ":")
            out.extend(
                f"  - {i.nomination} — {i.candidate_name}: {note_text(i.note, lb) if i.note else ''}"
                for i in items
            )
    if r.proposals:
        out.append("")
        out.append(f"{w['proposals']}: " + ", ".join(r.proposals))
    return printable_lines(out)


def describe(
    item: Node | Need | Note,
    lang: str = "vi",
    *,
    ruleset: Ruleset | None = None,
    names: Mapping[str, str] | None = None,
) -> str:
    """One node, need or note in words: what it states (a note: what it says is lacking or
    flagged), with `ruleset`'s labels and the candidates' `names` where given."""
    _check(lang)
    lb = Labels(ruleset, lang, names or {})
    if isinstance(item, Node):
        return printable(node_text(item, lb))
    if isinstance(item, Need):
        return printable(need_text(item, lb))
    return printable(note_text(item, lb))
