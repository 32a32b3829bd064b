"""Clause coverage: for every clause of a ruleset, the criteria, tracks, parameters and
principles that cite it — what `thiduarules check` prints."""

from __future__ import annotations

from collections import defaultdict

from thiduarules._printable import printable_lines
from thiduarules.ruleset._expr import Expr
from thiduarules.ruleset._model import Ruleset
from thiduarules.ruleset._refs import referred_criteria


def coverage(rs: Ruleset) -> list[tuple[str, tuple[str, ...]]]:
    """(clause ID, the things citing it) for every clause, in the ruleset's order."""
    cited: dict[str, set[str]] = defaultdict(set)
    for p in rs.parameters:
        for c in p.clauses:
            cited[c].add(f"parameter {p.name}")
    for cr in rs.criteria:
        for c in cr.clauses:
            cited[c].add(f"criterion {cr.id}")
    for t in rs.tracks:
        for c in t.clauses + (t.timing.clauses if t.timing else ()):
            cited[c].add(f"track {t.id}")
    for pr in rs.principles:
        for c in pr.clauses:
            cited[c].add(f"principle {pr.id}")
    if rs.allocation is not None:
        for c in rs.allocation.clauses:
            cited[c].add("allocation")
        for i, level in enumerate(rs.allocation.priority):
            for c in level.clauses:
                cited[c].add(f"allocation.priority[{i}]")
    return [
        (c.id, tuple(sorted(cited.get(c.id, ()))))
        for c in sorted(rs.clauses, key=lambda c: _clause_key(c.id))
    ]


def unused_criteria(rs: Ruleset) -> tuple[str, ...]:
    """Criteria that no track and no priority level reaches: they cite clauses, yet decide
    nothing (a criterion defined and never wired in)."""
    by_id = {c.id: c for c in rs.criteria}
    roots: list[Expr] = [t.requires for t in rs.tracks]
    if rs.allocation is not None:
        roots += [level.when for level in rs.allocation.priority]
    used: set[str] = set()
    while roots:
        for cid in referred_criteria(roots.pop()):
            if cid not in used:
                used.add(cid)
                if cid in by_id:
                    roots.append(by_id[cid].when)
    return tuple(sorted(set(by_id) - used))


def _clause_key(cid: str) -> tuple[tuple[int, str], ...]:
    roman = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6}
    parts = cid.split(".")
    out = []
    for i, part in enumerate(parts):
        if i == 0 and part in roman:
            out.append((roman[part], ""))
        elif part.isdigit():
            out.append((int(part), ""))
        else:
            out.append((0, part))
    return tuple(out)


def coverage_text(rs: Ruleset, section: str = "III") -> tuple[str, list[str]]:
    """The coverage table as text (safe to print: ids are made `printable`), and the clauses
    of `section` that nothing cites (as they are)."""
    rows = coverage(rs)
    head = "Điều khoản / clause"
    width = max([len(head), *(len(c) for c, _ in rows)])
    unused = unused_criteria(rs)
    lines = [
        f"Bộ quy tắc / ruleset {rs.meta.id} {rs.meta.version} — hợp lệ / valid ({rs.content_hash[:19]}…)",
        f"{len(rs.criteria)} criteria, {len(rs.tracks)} tracks, {len(rs.parameters)} parameters, {len(rs.principles)} principles",
        "",
        f"{head:<{width}}  Được trích dẫn bởi / cited by",
    ]
    uncited = []
    for cid, by in rows:
        if cid.split(".")[0] == section and not by:
            uncited.append(cid)
        marked = [
            f"{b} (không diện nào dùng / no track uses it)"
            if b.startswith("criterion ") and b.split(" ", 1)[1] in unused
            else b
            for b in by
        ]
        shown = ", ".join(marked) if by else "— (chưa trích dẫn / not cited)"
        lines.append(f"{cid:<{width}}  {shown}")
    in_section = [c for c, _ in rows if c.split(".")[0] == section]
    lines.append("")
    lines.append(
        f"Mục {section}: {len(in_section) - len(uncited)}/{len(in_section)} điều khoản được trích dẫn / section {section} clauses cited"
    )
    if unused:
        lines.append(
            "Tiêu chuẩn không diện khen thưởng nào dùng (không quyết định kết quả nào) / criteria "
            "no track uses (they decide nothing): " + ", ".join(unused)
        )
    return printable_lines(lines), uncited
