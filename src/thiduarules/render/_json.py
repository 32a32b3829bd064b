"""The JSON form of results: one document, byte-identical for equal input.

Nodes, needs and notes carry their reason `code` and typed `args` (dates as `YYYY-MM-DD`,
lists as arrays); with `lang`, each also carries its `text` in that language. Empty fields
are left out. The document is written by the C encoder, one verdict per line.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from thiduarules import _gc
from thiduarules.allocation import Recommendation
from thiduarules.render._labels import Labels
from thiduarules.render._messages import note, say
from thiduarules.render._text import labels, node_args
from thiduarules.verdict import Args, CaseResult, Conflict, Need, Node, Note, Stamp, Verdict


def _default(value: Any) -> Any:
    """Dates as `YYYY-MM-DD`; the encoder writes tuples as arrays by itself."""
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"no JSON form for {type(value).__name__}")


_encode = json.JSONEncoder(ensure_ascii=False, default=_default, check_circular=False).encode


def _args(args: Args) -> dict[str, Any]:
    return dict(args)


def _need(n: Need, lb: Labels | None) -> dict[str, Any]:
    out: dict[str, Any] = {"path": n.path, "code": n.code}
    if n.args:
        out["args"] = _args(n.args)
    if lb is not None:
        out["text"] = say(n.code, dict(n.args), lb)
    return out


def _note(n: Note, lb: Labels | None) -> dict[str, Any]:
    out: dict[str, Any] = {"code": n.code}
    if n.args:
        out["args"] = _args(n.args)
    if n.clauses:
        out["clauses"] = list(n.clauses)
    if lb is not None:
        out["text"] = note(n.code, dict(n.args), lb)
    return out


def _node(n: Node, lb: Labels | None) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": n.kind, "result": n.result, "code": n.code}
    if n.args:
        out["args"] = _args(n.args)
    if lb is not None:
        out["text"] = say(n.code, node_args(n, lb), lb)
    if n.clauses:
        out["clauses"] = list(n.clauses)
    if n.ref is not None:
        out["ref"] = n.ref
    if n.facts:
        out["facts"] = [{"path": f.path, "value": f.value} for f in n.facts]
    if n.needs:
        out["needs"] = [_need(x, lb) for x in n.needs]
    if n.children:
        out["children"] = [_node(c, lb) for c in n.children]
    return out


def verdict_jsonable(v: Verdict, lb: Labels | None = None) -> dict[str, Any]:
    """One verdict as the encoder's input (with `text` fields when `lb` is given): dicts, lists,
    tuples and dates, which `_encode` writes as arrays and `YYYY-MM-DD`."""
    out: dict[str, Any] = {
        "nomination": v.nomination,
        "candidate": v.candidate,
        "candidate_name": v.candidate_name,
        "track": v.track,
        "year": v.year,
        "form": v.form,
        "outcome": v.outcome,
        "proposal": v.proposal,
        "grounds": list(v.grounds),
        "judgements": list(v.judgements),
        "settle": [_need(x, lb) for x in v.settle],
        "missing": [_note(x, lb) for x in v.missing],
        "warnings": [_note(x, lb) for x in v.warnings],
        "conflicts_with": list(v.conflicts_with),
        "explanation": _node(v.explanation, lb),
    }
    return out


def verdict_line(v: Verdict, lb: Labels | None = None) -> str:
    """One verdict as JSON text on one line, as it appears in `to_json`'s document."""
    return _encode(verdict_jsonable(v, lb))


def stamp_jsonable(s: Stamp) -> dict[str, Any]:
    return {
        "ruleset_id": s.ruleset_id,
        "ruleset_version": s.ruleset_version,
        "ruleset_hash": s.ruleset_hash,
        "library_version": s.library_version,
        "engine": s.engine,
        "as_of": s.as_of,
        "case_digest": s.case_digest,
        "overrides": [list(o) for o in s.overrides],
    }


def _conflict(c: Conflict, lb: Labels | None) -> dict[str, Any]:
    return {
        "achievement": c.achievement,
        "nominations": list(c.nominations),
        "resolution": c.resolution,
        "kept_by": c.kept_by,
        "note": _note(c.note, lb),
    }


def to_jsonable(result: CaseResult | Recommendation, lang: str | None = None) -> dict[str, Any]:
    """The result as plain JSON data (str, int, bool, None, lists, dicts): `to_json`'s document."""
    data: dict[str, Any] = json.loads(to_json(result, lang))
    return data


def _rest(result: CaseResult, lb: Labels | None) -> dict[str, Any]:
    return {
        "conflicts": [_conflict(c, lb) for c in result.conflicts],
        "duplicates": [_note(n, lb) for n in result.duplicates],
        "late_reports": [_note(n, lb) for n in result.late_reports],
    }


def recommendation_jsonable(r: Recommendation, lang: str | None = None) -> dict[str, Any]:
    """The recommendation list as the encoder's input."""
    lb = labels(r, lang) if lang is not None else None

    def item(i: Any) -> dict[str, Any]:
        return {
            "rank": i.rank,
            "nomination": i.nomination,
            "candidate": i.candidate,
            "candidate_name": i.candidate_name,
            "kind": i.kind,
            "priority": list(i.priority),
            "amount": i.amount,
            "note": _note(i.note, lb) if i.note is not None else None,
        }

    return {
        "stamp": stamp_jsonable(r.stamp),
        "budget": r.budget,
        "decision_date": r.decision_date,
        "total": r.total,
        "amounts": [
            {"kind": a.kind, "amount": a.amount, "basis": _note(a.basis, lb)} for a in r.amounts
        ],
        "listed": [item(i) for i in r.listed],
        "left_off": [item(i) for i in r.left_off],
        "not_costed": [item(i) for i in r.not_costed],
        "proposals": list(r.proposals),
    }


def to_json(result: CaseResult | Recommendation, lang: str | None = None) -> str:
    """The result as UTF-8 JSON text, one verdict (or list item) per line, ending with a newline.

    Without `lang` the document carries codes and arguments only; with `lang` ("vi", "en")
    every node, need and note also carries its `text`.
    """
    with _gc.paused():
        if isinstance(result, Recommendation):
            return _encode(recommendation_jsonable(result, lang)) + "\n"
        lb = labels(result, lang) if lang is not None else None
        head = _encode({"stamp": stamp_jsonable(result.stamp)})[:-1]
        body = ",\n".join(verdict_line(v, lb) for v in result.verdicts)
        tail = _encode(_rest(result, lb))[1:]
        return (
            f'{head},\n"verdicts": [\n{body}\n],\n{tail}\n'
            if result.verdicts
            else (f'{head}, "verdicts": [], {tail}\n')
        )
