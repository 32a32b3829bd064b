"""The annual criteria as a zen-engine decision (GoRules JSON Decision Model), traced.

What: `decision_graph()` builds one JDM graph — an input node, an expression node that reads
the leaves of both annual tracks from the input context (latest accepted assessment per kind,
claimed achievements that count, the filing deadline) as three-valued "T"/"F"/"U" strings,
and a decision table (first hit) that combines them by track with Kleene logic into
"eligible" / "ineligible" / "undetermined". `ZenPeer.outcomes(case)` prepares one input
context per annual nomination from the case's facts (`annual.FactIndex` look-ups: the
candidate, its assessments of the year latest first, each claimed achievement and whether a
past award took it) and evaluates the decision once per nomination with `{"trace": True}`.

Why: zen-engine is the obvious off-the-shelf rules engine a commune's IT office might pick; the
decision keeps everything the ruleset decides (accepted bodies, values, kinds, the year
window, the deadline) inside the graph, and only the look-ups a caller must do anyway happen in
Python — their time is counted, as it would be for a user. Tracing is on because thiduarules
always explains its verdicts; a peer that does not explain would be measuring something else.
The API used is the one the installed package declares (`zen/__init__.pyi`):
`ZenEngine().create_decision(json_text).evaluate(context, {"trace": True})`.
"""

from __future__ import annotations

import json
from typing import Any

import annual
from annual import (
    BODIES_ACH,
    BODIES_CN,
    COLLECTIVE,
    INDIVIDUAL,
    KINDS_CN,
    KINDS_TT,
    ROLES_CN,
    ROLES_TT,
    FactIndex,
)

from thiduarules.case import Case

ASSESSMENT_KEYS = {  # context key -> assessment kind
    "daoDuc": "dao-duc",
    "xepLoai": "xep-loai-nhiem-vu",
    "mucDo": "muc-do-tham-gia-cchc",
    "thanhTich": "thanh-tich-cchc-nam",
    "kyLuat": "ky-luat-ky-cuong",
    "ketQua": "ket-qua-tthc-chuyen-doi-so",
}
KEYS_BY_TRACK = {
    COLLECTIVE: ("thanhTich", "kyLuat", "ketQua"),
    INDIVIDUAL: ("daoDuc", "xepLoai", "mucDo", "thanhTich"),
}


def _list(values: frozenset[str]) -> str:
    return "[" + ", ".join(json.dumps(v) for v in sorted(values)) + "]"


def _latest(key: str, bodies: frozenset[str]) -> str:
    """The latest assessment's value among accepted bodies (the lists come latest first)."""
    return f"filter(asm.{key}, #.by in {_list(bodies)})[0].v"


def _assessed(key: str, bodies: frozenset[str], values: frozenset[str]) -> str:
    v = _latest(key, bodies)
    return f'{v} == null ? "U" : ({v} in {_list(values)} ? "T" : "F")'


def _achievements(kinds: frozenset[str]) -> str:
    """count3(n=1) over the claims: any that surely counts, else any that still might."""
    window = '(date(#.date) >= date(string(year) + "-01-01") and date(#.date) <= date(string(year) + "-12-31"))'
    base = f"#.kind in {_list(kinds)} and not #.rewarded"
    sure = f"some(ach, {base} and #.applied == true and #.date != null and {window})"
    maybe = f"some(ach, {base} and #.applied != false and (#.date == null or {window}))"
    return f'{sure} ? "T" : ({maybe} ? "U" : "F")'


def _leaves(track: str) -> list[dict[str, str]]:
    """The expression node of one track: each leaf of its criteria as "T", "F" or "U"."""
    collective = track == COLLECTIVE
    roles = ROLES_TT if collective else ROLES_CN
    exprs = {
        "subject": f'cand.kind == "{"tap-the" if collective else "ca-nhan"}" ? "T" : "F"',
        "inCommune": 'cand.inCommune == null ? "U" : (cand.inCommune ? "T" : "F")',
        "role": f'cand.role == null ? "U" : (cand.role in {_list(roles)} ? "T" : "F")',
        # III.2.3.a.1: before 31/3 of the next year (tinh-ca-ngay-han = false); a late dossier
        # is flagged, not refused (xu-ly-ho-so-tre = canh-bao), so only a missing date is unknown.
        "timing": (
            f'filed == null ? "U" : ({json.dumps(annual.LATE_REFUSED)} and date(filed) '
            f"{'> ' if annual.DEADLINE_DAY_ON_TIME else '>='} date(string(year + 1) + "
            f'"-{annual.DEADLINE[0]:02d}-{annual.DEADLINE[1]:02d}") ? "F" : "T")'
        ),
    }
    if collective:  # III.2.1.a.TT1–TT4
        exprs["sangKien"] = _achievements(KINDS_TT)
        exprs["thanhTich"] = _assessed("thanhTich", BODIES_ACH, frozenset({"xuat-sac-tieu-bieu"}))
        exprs["kyLuat"] = _assessed("kyLuat", BODIES_ACH, frozenset({"nghiem-tuc"}))
        exprs["ketQua"] = _assessed("ketQua", BODIES_ACH, frozenset({"noi-bat"}))
    else:  # III.2.1.a.CN, CN1, CN2
        exprs["daoDuc"] = _assessed("daoDuc", BODIES_CN, frozenset({"tot"}))
        exprs["xepLoai"] = _assessed("xepLoai", BODIES_CN, frozenset({"hoan-thanh-xuat-sac"}))
        exprs["mucDo"] = _assessed(
            "mucDo",
            BODIES_CN,
            frozenset({"truc-tiep-chi-dao", "truc-tiep-tham-muu-to-chuc", "tham-gia-thuc-hien"}),
        )
        exprs["sangKien"] = _achievements(KINDS_CN)
        exprs["thanhTich"] = _assessed("thanhTich", BODIES_ACH, frozenset({"xuat-sac-tieu-bieu"}))
    return [{"id": f"{track}-{k}", "key": k, "value": v} for k, v in exprs.items()]


REQUIRED = {
    COLLECTIVE: ("subject", "inCommune", "role", "timing"),
    INDIVIDUAL: ("subject", "inCommune", "role", "timing", "daoDuc", "xepLoai", "mucDo"),
}
ALTERNATIVES = {
    COLLECTIVE: ("sangKien", "thanhTich", "kyLuat", "ketQua"),
    INDIVIDUAL: ("sangKien", "thanhTich"),
}


def _table(track: str) -> dict[str, Any]:
    """First hit: the Kleene AND of the track's parts, one of which is an OR of alternatives
    (false only when every alternative is false); the unknowns next; eligible last."""
    required, alternatives = REQUIRED[track], ALTERNATIVES[track]
    cols = (*required, *alternatives)
    inputs = [{"id": f"i-{c}", "name": c, "field": c} for c in cols]
    outputs = [{"id": "o-outcome", "name": "outcome", "field": "outcome"}]
    rules: list[dict[str, str]] = []

    def rule(outcome: str, cells: dict[str, str]) -> None:
        row = {f"i-{c}": cells.get(c, "") for c in cols}
        row["o-outcome"] = json.dumps(outcome)
        row["_id"] = f"r{len(rules)}"
        rules.append(row)

    for c in required:
        rule("ineligible", {c: '"F"'})
    rule("ineligible", dict.fromkeys(alternatives, '"F"'))
    for c in required:
        rule("undetermined", {c: '"U"'})
    rule("undetermined", dict.fromkeys(alternatives, '!= "T"'))
    rule("eligible", {})
    return {"hitPolicy": "first", "inputs": inputs, "outputs": outputs, "rules": rules}


def decision_graph() -> dict[str, Any]:
    """The JDM graph: input → switch on the track → per track, leaves (expression node) →
    outcome (decision table) → output."""
    nodes: list[dict[str, Any]] = [
        {"id": "in", "type": "inputNode", "name": "nomination", "position": {"x": 0, "y": 0}},
        {
            "id": "track",
            "type": "switchNode",
            "name": "track",
            "position": {"x": 200, "y": 0},
            "content": {
                "hitPolicy": "first",
                "statements": [
                    {"id": f"s-{t}", "condition": f'track == "{t}"'}
                    for t in (COLLECTIVE, INDIVIDUAL)
                ],
            },
        },
    ]
    edges: list[dict[str, Any]] = [
        {"id": "e-in", "type": "edge", "sourceId": "in", "targetId": "track"}
    ]
    for y, t in enumerate((COLLECTIVE, INDIVIDUAL)):
        nodes += [
            {
                "id": f"leaves-{t}",
                "type": "expressionNode",
                "name": f"leaves {t}",
                "position": {"x": 400, "y": 200 * y},
                "content": {"expressions": _leaves(t)},
            },
            {
                "id": f"table-{t}",
                "type": "decisionTableNode",
                "name": f"outcome {t}",
                "position": {"x": 600, "y": 200 * y},
                "content": _table(t),
            },
            {
                "id": f"out-{t}",
                "type": "outputNode",
                "name": "verdict",
                "position": {"x": 800, "y": 200 * y},
            },
        ]
        edges += [
            {
                "id": f"e1-{t}",
                "type": "edge",
                "sourceId": "track",
                "targetId": f"leaves-{t}",
                "sourceHandle": f"s-{t}",
            },
            {"id": f"e2-{t}", "type": "edge", "sourceId": f"leaves-{t}", "targetId": f"table-{t}"},
            {"id": f"e3-{t}", "type": "edge", "sourceId": f"table-{t}", "targetId": f"out-{t}"},
        ]
    return {"contentType": "application/vnd.gorules.decision", "nodes": nodes, "edges": edges}


def context(idx: FactIndex, n: Any) -> dict[str, Any]:
    """The input context of one annual nomination: the facts the decision reads, looked up."""
    c = idx.candidates[n.candidate]
    keys = KEYS_BY_TRACK.get(n.track, ())
    asm = {
        k: [
            {"by": by, "v": v}
            for by, v in idx.assessments.get((c.id, ASSESSMENT_KEYS[k], n.year), ())
        ]
        for k in keys
    }
    ach = []
    for a_id in n.achievements:
        a = idx.achievements[a_id]
        ach.append(
            {
                "kind": a.kind,
                "applied": a.applied_effectively,
                "date": a.date.isoformat() if a.date else None,
                "rewarded": a_id in idx.rewarded,
            }
        )
    return {
        "track": n.track,
        "year": n.year,
        "filed": n.filed.isoformat() if n.filed else None,
        "cand": {"kind": c.kind, "role": c.role, "inCommune": c.in_commune},
        "asm": asm,
        "ach": ach,
    }


class ZenPeer:
    """One zen decision, built once; `outcomes` evaluates it once per annual nomination."""

    def __init__(self) -> None:
        import zen  # optional: `pip install '.[bench]'`

        self.engine = zen.ZenEngine()
        self.decision = self.engine.create_decision(json.dumps(decision_graph()))
        self.options: Any = {"trace": True}

    def outcomes(self, case: Case) -> dict[str, str]:
        """The outcome of every annual nomination of `case`, one traced evaluation each."""
        idx = FactIndex(case)
        out: dict[str, str] = {}
        evaluate = self.decision.evaluate
        for n in case.nominations:
            if n.track in KEYS_BY_TRACK:
                response = evaluate(context(idx, n), self.options)
                out[n.id] = response["result"]["outcome"]
        return out
