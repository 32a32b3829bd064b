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
- never leaves a session half done: the main thread's signals are held while sessions run
  (`_signals.Held`: a Ctrl-C or a user's SIGALRM handler raises only once they are closed), and
  an exception raised inside a session (a `MemoryError`, an engine error) still completes every
  open action, fires the end rule and deletes the state; a session whose state cannot be known
  (a call into the binding failed midway) is never touched again: its compiled ruleset is
  released and compiled afresh, so the matcher stays usable;
- turns every failure of the binding into `EngineError`, so no partial answer escapes.

On CPython 3.13+ `durable_rules_engine` does not import; `AVAILABLE` is then False and
`UNAVAILABLE_REASON` says why.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections import defaultdict
from typing import Any

from thiduarules import _signals
from thiduarules._deadline import Deadline
from thiduarules._printable import printable
from thiduarules._program import Matches, Pattern, Program
from thiduarules.errors import EngineError

try:
    import durable_rules_engine as _engine
except Exception as exc:  # ImportError, or the undefined-symbol error seen on CPython 3.13
    _engine = None
    AVAILABLE = False
    UNAVAILABLE_REASON = (
        f"durable-rules không dùng được / durable-rules unavailable: {printable(str(exc))}"
    )
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
        self._bodies = [
            json.dumps(definitions(group, with_joins=i == 0), ensure_ascii=False)
            for i, group in enumerate(split(program.patterns))
        ]
        self._handles: list[int] = []
        with _LOCK:
            try:
                for body in self._bodies:
                    self._handles.append(_create(body))
            except BaseException:
                self.close()
                raise

    @property
    def closed(self) -> bool:
        """Whether the compiled rulesets are released (by `close`, or after one could not be
        compiled again)."""
        return not self._handles

    def close(self) -> None:
        """Release the compiled rulesets (durable-rules frees nothing by itself)."""
        with _LOCK:
            while self._handles:
                _engine.delete_ruleset(self._handles.pop())

    def __del__(self) -> None:
        if getattr(self, "_handles", None) and _engine is not None:
            self.close()

    def run(self, records: tuple[dict[str, str], ...], deadline: Deadline | None = None) -> Matches:
        """Assert `records`, collect every firing, close the sessions; raise on any failure.

        The main thread's signals are held from before the process-wide lock is taken until it
        is released (`_signals.Held`): a Ctrl-C gives its KeyboardInterrupt once every session
        is closed. With a `deadline`, the wait for the lock and the start of each session are
        checked against it (`DeadlineExceeded`); a session once begun is run to its end.
        """
        facts = _with_ids(records)
        fired: list[str] = []
        with _signals.Held():
            wait = -1.0 if deadline is None else deadline.remaining()
            if not _LOCK.acquire(timeout=wait):
                assert deadline is not None  # only a timed wait gives up
                raise deadline.exceeded("durable", 0, len(self._handles))
            try:
                if self.closed:
                    raise EngineError(
                        "durable-rules: bộ luật đã được giải phóng / the matcher is closed"
                    )
                for i in range(len(self._handles)):
                    if deadline is not None:
                        deadline.check("durable", i, len(self._handles))
                    fired.extend(self._session(i, facts))
            finally:
                _LOCK.release()
        return _collect(fired)

    def _session(self, i: int, facts: list[dict[str, str]]) -> list[str]:
        """One session on ruleset `i`, run whole; on any failure, closed cleanly or, if what the
        engine holds cannot be known, discarded with its compiled ruleset, compiled afresh."""
        session = _Session(self._handles[i], f"s{next(_SIDS)}")
        try:
            session.run(facts)
        except BaseException as exc:
            self._close(i, session)
            if isinstance(exc, EngineError) or not isinstance(exc, Exception):
                raise
            raise EngineError(
                f"durable-rules lỗi khi đánh giá / durable-rules failed: {printable(repr(exc))}"
            ) from exc
        self._close(i, session)
        return session.out

    def _close(self, i: int, session: _Session) -> None:
        closed = False
        try:
            closed = session.close()
        finally:
            if not closed:
                self._discard(i)

    def _discard(self, i: int) -> None:
        """Drop compiled ruleset `i`, whose session was left in a state this module cannot know,
        and compile it again. `delete_ruleset` frees the ruleset's pools without reading its
        sessions, so it is safe whatever they hold (what they allocated themselves is lost). If
        it cannot be compiled again, every ruleset is released (`closed`)."""
        handle = self._handles[i]
        try:
            fresh = _create(self._bodies[i])
        except BaseException:
            self.close()
            raise
        self._handles[i] = fresh
        _engine.delete_ruleset(handle)


def _create(body: str) -> int:
    try:
        handle: int = _engine.create_ruleset(f"thiduarules-{next(_NAMES)}", body)
    except Exception as exc:
        raise EngineError(
            f"durable-rules không dựng được bộ luật / could not create ruleset: {printable(str(exc))}"
        ) from exc
    return handle


class _Session:
    """One session id's life in one compiled ruleset: facts asserted, every action started and
    completed, the end rule fired, the state deleted.

    At every moment it knows whether an action is open (started, not completed) — except while
    a call into the binding is under way: `known` is false from just before each call until its
    result is recorded, so a call that raises, or an exception arriving between its return and
    the record, leaves the session marked as unknowable, never as clean.
    """

    __slots__ = ("end_asserted", "handle", "known", "open", "out", "sid", "state")

    def __init__(self, handle: int, sid: str) -> None:
        self.handle = handle
        self.sid = sid
        self.state: int | None = None  # the engine's state for the sid, once a fact reached it
        self.open = False
        self.known = True
        self.end_asserted = False
        self.out: list[str] = []

    def run(self, facts: list[dict[str, str]]) -> None:
        """Assert `facts` and the end fact, collecting the message of every action."""
        if facts:
            batch = [{"sid": self.sid, **f} for f in facts]
            self._assert(_engine.assert_facts, json.dumps(batch, ensure_ascii=False))
            self.drain()
        self._assert_end()

    def close(self) -> bool:
        """Leave nothing open, then delete the state: complete the open action and every one
        after it, run what is pending, fire the end rule if it has not fired (a state in which
        no action ran crashes `delete_state`) — the messages of a failed session are dropped.
        True once the state is deleted (or was never made); false if the session cannot be
        known or a call failed: it must not be touched again."""
        if not self.known:
            return False
        if self.state is None:
            return True
        try:
            while self.open:
                self._complete()
            self.drain(keep=False)
            if not self.end_asserted:
                self._assert_end(keep=False)
            self.known = False
            _engine.delete_state(self.handle, self.sid)
        except Exception:
            return False
        return True

    def drain(self, *, keep: bool = True) -> None:
        """Run every pending action of the session, keeping each one's message if `keep` (raw
        JSON, decoded together once the session is done; the actions of this library change
        nothing in the state, so nothing is written back)."""
        self.known = False
        started = _engine.start_action_for_state(self.handle, self.state)
        self.open = started is not None
        self.known = True
        if started is None:
            return
        if keep:
            self.out.append(started[1])
        while self.open:
            message = self._complete()
            if keep and message is not None:
                self.out.append(message)

    def _complete(self) -> str | None:
        """Complete the open action and start the next one pending, if any; its message."""
        self.known = False
        message: str | None = _engine.complete_and_start_action(self.handle, self.state)
        self.open = message is not None
        self.known = True
        return message

    def _assert_end(self, *, keep: bool = True) -> None:
        # A rule fires in this session before it is deleted: the work-around for the crash on
        # sessions in which no action ever ran.
        self._assert(_engine.assert_fact, json.dumps({"sid": self.sid, "id": "end", "t": "end"}))
        self.end_asserted = True
        self.drain(keep=keep)

    def _assert(self, call: Any, text: str) -> None:
        self.known = False
        code, state = call(self.handle, text)
        self.state = state
        self.known = True
        if code == 1:
            raise EngineError(
                "durable-rules: một dữ kiện không khớp luật nào / a fact matched no rule"
            )
        if code == 2:
            raise EngineError(
                "durable-rules: dữ kiện bị coi là trùng (va chạm băm) / a fact was taken for a duplicate"
            )


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
