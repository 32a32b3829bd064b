"""The case result as text a commune officer can read aloud: Vietnamese by default, or English."""

from __future__ import annotations

from thiduarules.verdict import CaseResult, Node, Verdict

MARK = {"true": "✓", "false": "✗", "unknown": "?"}
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
    },
}


def _node_lines(node: Node, lang: str, depth: int, out: list[str]) -> None:
    text = node.vi if lang == "vi" else node.en
    cites = (
        f" [{', '.join(node.clauses)}]"
        if node.clauses
        and node.kind in ("criterion", "track", "subject", "form", "timing", "principle")
        else ""
    )
    facts = ""
    if node.facts and node.kind not in ("track",):
        shown = "; ".join(f"{f.path} = {f.value}" for f in node.facts[:4])
        more = f"; … (+{len(node.facts) - 4})" if len(node.facts) > 4 else ""
        facts = f"  ⟨{shown}{more}⟩"
    out.append(f"{'   ' * depth}[{MARK[node.result]}] {text}{cites}{facts}")
    for child in node.children:
        _node_lines(child, lang, depth + 1, out)


def verdict_text(v: Verdict, lang: str, index: int) -> list[str]:
    w = WORDS[lang]
    out = [
        f"{index}. {v.nomination} — {v.candidate_name} ({v.candidate}) — {v.explanation.vi if lang == 'vi' else v.explanation.en}, {w['year']} {v.year}"
    ]
    outcome = w[v.outcome] + (f" ({w['proposal']})" if v.proposal else "")
    out.append(f"   ⇒ {outcome} — {w['form']}: {v.form}")
    for child in v.explanation.children:
        _node_lines(child, lang, 2, out)
    for key, items in (("missing", v.missing), ("warnings", v.warnings)):
        if items:
            out.append(f"   {w[key]}:")
            out.extend(f"     - {(i.vi if lang == 'vi' else i.en)}" for i in items)
    if v.settle:
        out.append(f"   {w['settle']}:")
        out.extend(f"     - {(n.vi if lang == 'vi' else n.en)} ({n.path})" for n in v.settle)
    return out


def to_text(result: CaseResult, lang: str = "vi") -> str:
    """The whole case result as readable text in `lang` ("vi" or "en")."""
    if lang not in WORDS:
        raise ValueError(f"lang must be 'vi' or 'en', not {lang!r}")
    w = WORDS[lang]
    s = result.stamp
    out = [
        w["title"],
        f"{w['ruleset']}: {s.ruleset_id} {s.ruleset_version} ({s.ruleset_hash[:19]}…) · thiduarules {s.library_version}",
        f"{w['engine']}: {s.engine} · {w['as_of']}: {s.as_of}",
        "",
    ]
    for i, v in enumerate(result.verdicts, 1):
        out.extend(verdict_text(v, lang, i))
        out.append("")
    for key, notes in (
        ("conflicts", [c.note for c in result.conflicts]),
        ("duplicates", result.duplicates),
        ("late", result.late_reports),
    ):
        if notes:
            out.append(w[key])
            out.extend(f"  - {(n.vi if lang == 'vi' else n.en)}" for n in notes)
            out.append("")
    counts = {
        k: sum(v.outcome == k for v in result.verdicts)
        for k in ("eligible", "ineligible", "undetermined")
    }
    out.append(f"{w['summary']}: " + ", ".join(f"{w[k].lower()} {n}" for k, n in counts.items()))
    return "\n".join(out) + "\n"
