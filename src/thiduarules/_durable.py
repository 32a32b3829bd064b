"""The one module that touches durable-rules: its C binding, driven directly.

Following the field notes on durable-rules 2.0.28, this module
- compiles patterns into JSON rulesets where every pattern starts with a discriminator (`t`),
  no `$nex`, no reserved field names, string values only, at most 20 patterns per fact type in
  one ruleset (3 rule paths each: well under the 64-path limit) and never 500 fields;
- gives every fact type a catch-all rule, so no fact in a batch goes unhandled;
- runs one evaluation at a time per process behind one lock (the binding holds the GIL and has
  no locks of its own), in one short-lived session id, which it closes by firing a sentinel rule
  before `delete_state` (the work-around for the segfault on sessions with no action);
- sets every fact's `id` itself, checking the 32-bit FNV-1a hashes for collisions;
- frees each compiled ruleset with `delete_ruleset` when its `Matcher` is closed;
- turns every failure of the binding into `EngineError`, so no partial answer escapes.

On CPython 3.13+ `durable_rules_engine` does not import; `AVAILABLE` is then False and
`UNAVAILABLE_REASON` says why.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import threading
from collections import defaultdict
from typing import Any

from thiduarules._program import Matches, Pattern, Program
from thiduarules.errors import EngineError

try:
    import durable_rules_engine as _engine
except Exception as exc:  # ImportError, or the undefined-symbol error seen on CPython 3.13
    _engine = None
    AVAILABLE = False
    UNAVAILABLE_REASON = f"durable-rules không dùng được / durable-rules unavailable: {exc}"
    VERSION = None
else:
    AVAILABLE = True
    UNAVAILABLE_REASON = ""
    VERSION = "2.0.28"

MAX_PATTERNS_PER_TYPE = 20
# Fact types that may match no pattern; a claim always reaches the join's first pattern, so it
# needs no catch-all rule (and fires no action of its own).
CATCH_ALL = ("ach", "asm", "awi", "cand", "duty")
_LOCK = threading.RLock()
_NAMES = itertools.count()
_SIDS = itertools.count()


def fnv1a32(text: str) -> int:
    """The 32-bit FNV-1a hash durable-rules uses for ids and session ids."""
    h = 0x811C9DC5
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def _condition(field: str, op: str, values: tuple[str, ...]) -> dict[str, Any]:
    if op == "in":
        alts: list[dict[str, Any]] = [{field: v} for v in values]
        return alts[0] if len(alts) == 1 else {"$or": alts}
    parts: list[dict[str, Any]] = [{"$ex": {field: 1}}] + [{"$neq": {field: v}} for v in values]
    return {"$and": parts}


def _match(*conditions: dict[str, Any]) -> dict[str, Any]:
    return conditions[0] if len(conditions) == 1 else {"$and": list(conditions)}


def definitions(patterns: tuple[Pattern, ...], with_joins: bool) -> dict[str, Any]:
    """One durable-rules ruleset definition for `patterns` (and the joins, if asked)."""
    rules: dict[str, Any] = {}
    for p in patterns:
        head = [{"t": p.type}] + [_condition(*s) for s in p.select]
        rules[f"{p.id}.s"] = {"all": [{"m": _match(*head)}]}
        rules[f"{p.id}.d"] = {
            "all": [{"m": _match(*head, *({"$ex": {f: 1}} for f, _, _ in p.test))}]
        }
        rules[f"{p.id}.h"] = {"all": [{"m": _match(*head, *(_condition(*t) for t in p.test))}]}
    if with_joins:
        # A claim joined with the award items of the same achievement: linear in the claims
        # (an equality join is a hash index), where a self-join of claims would be quadratic.
        rules["j.rewarded"] = {
            "all": [{"x": {"t": "clm"}}, {"y": {"$and": [{"t": "awi"}, {"a": {"x": "a"}}]}}]
        }
    for t in CATCH_ALL:
        rules[f"any.{t}"] = {"all": [{"m": {"t": t}}]}
    rules["end"] = {"all": [{"m": {"t": "end"}}]}
    return rules


def split(patterns: tuple[Pattern, ...]) -> list[tuple[Pattern, ...]]:
    """Groups of patterns with at most `MAX_PATTERNS_PER_TYPE` of each fact type."""
    groups: list[list[Pattern]] = [[]]
    counts: list[dict[str, int]] = [defaultdict(int)]
    for p in patterns:
        for group, count in zip(groups, counts, strict=True):
            if count[p.type] < MAX_PATTERNS_PER_TYPE:
                group.append(p)
                count[p.type] += 1
                break
        else:
            groups.append([p])
            counts.append(defaultdict(int, {p.type: 1}))
    return [tuple(g) for g in groups]


class Matcher:
    """Compiled durable-rules rulesets for one program; `run` decides a batch of records."""

    def __init__(self, program: Program) -> None:
        if not AVAILABLE:
            raise EngineError(UNAVAILABLE_REASON)
        self._handles: list[int] = []
        with _LOCK:
            try:
                for i, group in enumerate(split(program.patterns)):
                    name = f"thiduarules-{next(_NAMES)}"
                    body = json.dumps(definitions(group, with_joins=i == 0), ensure_ascii=False)
                    self._handles.append(_engine.create_ruleset(name, body))
            except Exception as exc:
                self.close()
                raise EngineError(
                    f"durable-rules không dựng được bộ luật / could not create ruleset: {exc}"
                ) from exc

    def close(self) -> None:
        """Release the compiled rulesets (durable-rules frees nothing by itself)."""
        with _LOCK:
            while self._handles:
                _engine.delete_ruleset(self._handles.pop())

    def __del__(self) -> None:
        if getattr(self, "_handles", None) and _engine is not None:
            self.close()

    def run(self, records: tuple[dict[str, str], ...]) -> Matches:
        """Assert `records`, collect every firing, close the session; raise on any failure."""
        if not self._handles:
            raise EngineError("durable-rules: bộ luật đã được giải phóng / the matcher is closed")
        facts = _with_ids(records)
        fired: list[str] = []
        with _LOCK:
            for handle in self._handles:
                fired.extend(self._session(handle, facts))
        return _collect(fired)

    def _session(self, handle: int, facts: list[dict[str, str]]) -> list[str]:
        sid = f"s{next(_SIDS)}"
        end = json.dumps({"sid": sid, "id": "end", "t": "end"})
        out: list[str] = []
        ended = False
        try:
            if facts:
                batch = [{"sid": sid, **f} for f in facts]
                out.extend(
                    _drain(
                        handle, _engine.assert_facts(handle, json.dumps(batch, ensure_ascii=False))
                    )
                )
            # A rule fires in this session before it is deleted: the work-around for the crash on
            # sessions in which no action ever ran.
            _drain(handle, _engine.assert_fact(handle, end))
            ended = True
        except EngineError:
            raise
        except Exception as exc:
            raise EngineError(
                f"durable-rules lỗi khi đánh giá / durable-rules failed: {exc}"
            ) from exc
        finally:
            if not ended:
                # A batch was refused (or the session failed) before the end rule fired: fire it
                # now, or a session with no action run would crash `delete_state`.
                with contextlib.suppress(Exception):
                    _drain(handle, _engine.assert_fact(handle, end))
                    ended = True
            if ended:  # otherwise the session is left to the engine rather than risk the crash
                with contextlib.suppress(Exception):
                    _engine.delete_state(handle, sid)
        return out


def _with_ids(records: tuple[dict[str, str], ...]) -> list[dict[str, str]]:
    """Records with an `id` the library chose, free of 32-bit hash collisions within the batch."""
    seen: set[int] = {fnv1a32("end")}
    out = []
    for r in records:
        ident, n = r["k"], 0
        while fnv1a32(ident) in seen:
            n += 1
            ident = f"{r['k']}~{n}"
        seen.add(fnv1a32(ident))
        out.append({"id": ident, **r})
    return out


def _drain(handle: int, result: tuple[int, int]) -> list[str]:
    """Run every pending action of the session; the matches come back as raw JSON messages,
    decoded together once the session is done (no state is written back: the actions of this
    library change nothing in it)."""
    code, state = result
    if code == 1:
        raise EngineError("durable-rules: một dữ kiện không khớp luật nào / a fact matched no rule")
    if code == 2:
        raise EngineError(
            "durable-rules: dữ kiện bị coi là trùng (va chạm băm) / a fact was taken for a duplicate"
        )
    out: list[str] = []
    started = _engine.start_action_for_state(handle, state)
    while started:
        out.append(started[1])
        nxt = _engine.complete_and_start_action(handle, state)
        started = (started[0], nxt) if nxt else None
    return out


def _collect(messages: list[str]) -> Matches:
    sets: dict[str, dict[str, set[str]]] = {
        "s": defaultdict(set),
        "d": defaultdict(set),
        "h": defaultdict(set),
    }
    rewarded: set[tuple[str, str, str]] = set()
    decoded: list[dict[str, Any]] = json.loads("[" + ",".join(messages) + "]") if messages else []
    for message in decoded:
        for rule, match in message.items():
            if rule == "j.rewarded":
                rewarded.add((match["x"]["n"], match["x"]["a"], match["y"]["w"]))
            elif rule[0] == "p":
                pid, _, which = rule.rpartition(".")
                sets[which][pid].add(match["m"]["k"])
    return Matches(
        {p: frozenset(v) for p, v in sets["s"].items()},
        {p: frozenset(v) for p, v in sets["d"].items()},
        {p: frozenset(v) for p, v in sets["h"].items()},
        frozenset(rewarded),
    )
