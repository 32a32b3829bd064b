"""The annual criteria as hand-written durable-rules rules, driven through its C binding directly.

What: `ruleset_definition()` is a hand-written durable-rules ruleset for the leaves of the two
annual tracks — a candidate's kind, membership and role; an assessment of a counted kind by an
accepted body, and whether its value passes; a claimed achievement of a counted kind and
whether it was applied effectively; a claim joined with a past award of the same achievement
(already rewarded); a dossier with a filing date. `DurablePeer.outcomes(case)` asserts the
facts of a batch of annual nominations into one short-lived session, drains every action,
deletes the session, and combines what fired into an outcome per nomination with Kleene logic
in Python — the latest assessment and the year window are taken in Python too, as the field
notes advise (durable-rules cannot order facts by date, and its `count`/`none` are unreliable).

Why: this is what thiduarules would be without its compiler and its explanations — the same
C core, used the same careful way (`../shared/guides/durable-rules.md`): every pattern starts
with a discriminator (`t`), a catch-all rule per fact type so no fact of a batch is refused,
only string values, explicit fact ids checked for 32-bit FNV-1a collisions within a session,
one session per batch of `BATCH` nominations (well under the 1,024 live-session limit and far
from the 100,000-facts-per-session slowdown), and a sentinel rule fired just before
`delete_state` (which can crash on a session in which no action ran). Each batch's rulings
are final-state only: no rule depends on the order facts arrive (no `none`).
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import annual
from annual import (
    BODIES_ACH,
    CN_ASSESSED,
    CN_REQUIRED,
    COLLECTIVE,
    INDIVIDUAL,
    KINDS_CN,
    KINDS_TT,
    OUTCOME,
    ROLES_CN,
    ROLES_TT,
    TT_ASSESSED,
    F,
    T,
    U,
    all3,
    any3,
)

from thiduarules.case import Case

BATCH = 100
FACT_TYPES = ("cand", "asm", "clm", "awi", "nom")
ASSESSED_KINDS = {
    COLLECTIVE: tuple(k for k, _, _ in TT_ASSESSED),
    INDIVIDUAL: (*(k for k, _, _ in CN_REQUIRED), CN_ASSESSED[0]),
}


def _one_of(field: str, values: frozenset[str]) -> dict[str, Any]:
    alts = [{field: v} for v in sorted(values)]
    return alts[0] if len(alts) == 1 else {"$or": alts}


def _rule(*conditions: dict[str, Any]) -> dict[str, Any]:
    return {"all": [{"m": {"$and": list(conditions)} if len(conditions) > 1 else conditions[0]}]}


def ruleset_definition() -> dict[str, Any]:
    """The rules, by hand: rule name → one pattern (or a join) over flat string facts."""
    rules: dict[str, Any] = {
        "cand.tt": _rule({"t": "cand"}, {"kind": "tap-the"}),
        "cand.cn": _rule({"t": "cand"}, {"kind": "ca-nhan"}),
        "cand.in": _rule({"t": "cand"}, {"inc": "1"}),
        "cand.out": _rule({"t": "cand"}, {"inc": "0"}),
        "cand.role": _rule({"t": "cand"}, {"$ex": {"role": 1}}),
        "cand.role.tt": _rule({"t": "cand"}, _one_of("role", ROLES_TT)),
        "cand.role.cn": _rule({"t": "cand"}, _one_of("role", ROLES_CN)),
        "clm.tt": _rule({"t": "clm"}, _one_of("kind", KINDS_TT)),
        "clm.cn": _rule({"t": "clm"}, _one_of("kind", KINDS_CN)),
        "clm.applied": _rule({"t": "clm"}, {"ae": "1"}),
        "clm.not-applied": _rule({"t": "clm"}, {"ae": "0"}),
        # A claim joined with a past award listing the same achievement (an equality join).
        "clm.rewarded": {
            "all": [{"x": {"t": "clm"}}, {"y": {"$and": [{"t": "awi"}, {"a": {"x": "a"}}]}}]
        },
        "nom.filed": _rule({"t": "nom"}, {"$ex": {"f": 1}}),
    }
    for kind, values, bodies in (*TT_ASSESSED, *CN_REQUIRED, CN_ASSESSED):
        name = f"asm.{kind}.{'ach' if bodies is BODIES_ACH else 'cb'}"
        head = ({"t": "asm"}, {"kind": kind}, _one_of("by", bodies))
        rules[f"{name}.selected"] = _rule(*head)
        rules[f"{name}.hit"] = _rule(*head, _one_of("v", values))
    for t in FACT_TYPES:  # a fact matching no rule would be refused, and its batch with it
        rules[f"any.{t}"] = _rule({"t": t})
    rules["end"] = _rule({"t": "end"})  # the sentinel, fired before delete_state
    return rules


def fnv1a32(text: str) -> int:
    """The 32-bit FNV-1a hash durable-rules uses for fact ids and session ids."""
    h = 0x811C9DC5
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


class DurablePeer:
    """One compiled ruleset; `outcomes` runs one session per batch of annual nominations."""

    def __init__(self) -> None:
        import durable_rules_engine as engine

        self.engine = engine
        self.handle = engine.create_ruleset(
            "bench-annual", json.dumps(ruleset_definition(), ensure_ascii=False)
        )
        self.sessions = 0

    def close(self) -> None:
        """Free the compiled ruleset (the C core frees nothing by itself)."""
        if self.handle is not None:
            self.engine.delete_ruleset(self.handle)
            self.handle = None

    def outcomes(self, case: Case) -> dict[str, str]:
        """The outcome of every annual nomination of `case`."""
        idx = annual.FactIndex(case)
        noms = sorted(
            (n for n in case.nominations if n.track in annual.ANNUAL),
            key=lambda n: (n.candidate, n.id),
        )
        out: dict[str, str] = {}
        for start in range(0, len(noms), BATCH):
            batch = noms[start : start + BATCH]
            facts, keys = self._facts(idx, batch)
            fired = self._session(facts)
            for n in batch:
                out[n.id] = self._outcome(idx, n, keys, fired)
        return out

    # ---- facts in, firings out -------------------------------------------------------------------

    def _facts(
        self, idx: annual.FactIndex, batch: list[Any]
    ) -> tuple[list[dict[str, str]], dict[tuple[str, ...], str]]:
        """Flat string facts for `batch`; `keys` maps what each fact is about to its fact key."""
        facts: list[dict[str, str]] = []
        keys: dict[tuple[str, ...], str] = {}

        def add(about: tuple[str, ...], fact: dict[str, str]) -> None:
            if about in keys:
                return
            key = f"{fact['t']}{len(facts)}"
            keys[about] = key
            facts.append({"k": key, **fact})

        for n in batch:
            c = idx.candidates[n.candidate]
            cand = {"t": "cand", "kind": c.kind}
            if c.in_commune is not None:
                cand["inc"] = "1" if c.in_commune else "0"
            if c.role is not None:
                cand["role"] = c.role
            add(("cand", c.id), cand)
            for kind in ASSESSED_KINDS[n.track]:
                for i, (by, value) in enumerate(idx.assessments.get((c.id, kind, n.year), ())):
                    add(
                        ("asm", c.id, kind, str(n.year), str(i)),
                        {"t": "asm", "kind": kind, "by": by, "v": value},
                    )
            for a_id in n.achievements:
                a = idx.achievements[a_id]
                clm = {"t": "clm", "a": a_id, "kind": a.kind}
                if a.applied_effectively is not None:
                    clm["ae"] = "1" if a.applied_effectively else "0"
                add(("clm", n.id, a_id), clm)
                if a_id in idx.rewarded:
                    add(("awi", a_id), {"t": "awi", "a": a_id})
            nom = {"t": "nom"}
            if n.filed is not None:
                nom["f"] = n.filed.isoformat()
            add(("nom", n.id), nom)
        return facts, keys

    def _session(self, facts: list[dict[str, str]]) -> dict[str, set[str]]:
        """Assert `facts` into a fresh session, drain its actions, close it: rule → fact keys."""
        e, handle = self.engine, self.handle
        self.sessions += 1
        sid = f"b{self.sessions}"
        seen = {fnv1a32("end")}
        batch = []
        for f in facts:
            ident, n = f["k"], 0
            while fnv1a32(ident) in seen:  # no collision check in the C core: do it here
                n += 1
                ident = f"{f['k']}~{n}"
            seen.add(fnv1a32(ident))
            batch.append({"sid": sid, "id": ident, **f})
        fired: dict[str, set[str]] = defaultdict(set)
        try:
            self._drain(e.assert_facts(handle, json.dumps(batch, ensure_ascii=False)), fired)
            self._drain(
                e.assert_fact(handle, json.dumps({"sid": sid, "id": "end", "t": "end"})), fired
            )
        finally:
            e.delete_state(handle, sid)
        return fired

    def _drain(self, result: tuple[int, int], fired: dict[str, set[str]]) -> None:
        code, state = result
        if code != 0:
            raise RuntimeError(f"durable-rules refused the batch (code {code})")
        e, handle = self.engine, self.handle
        started = e.start_action_for_state(handle, state)
        while started:
            for rule, match in json.loads(started[1]).items():
                if rule == "clm.rewarded":
                    fired[rule].add(match["x"]["k"])
                elif rule != "end":
                    fired[rule].add(match["m"]["k"])
            nxt = e.complete_and_start_action(handle, state)
            started = (started[0], nxt) if nxt else None

    # ---- Kleene logic over what fired --------------------------------------------------------

    def _outcome(
        self,
        idx: annual.FactIndex,
        n: Any,
        keys: dict[tuple[str, ...], str],
        fired: dict[str, set[str]],
    ) -> str:
        collective = n.track == COLLECTIVE
        ck = keys[("cand", n.candidate)]
        subject = T if ck in fired["cand.tt" if collective else "cand.cn"] else F
        in_commune = T if ck in fired["cand.in"] else (F if ck in fired["cand.out"] else U)
        role_hit = ck in fired["cand.role.tt" if collective else "cand.role.cn"]
        role = T if role_hit else (F if ck in fired["cand.role"] else U)
        person = all3((subject, in_commune, role))

        def assessed(kind: str, bodies: frozenset[str]) -> str:
            name = f"asm.{kind}.{'ach' if bodies is BODIES_ACH else 'cb'}"
            selected, hit = fired[f"{name}.selected"], fired[f"{name}.hit"]
            for i in range(len(idx.assessments.get((n.candidate, kind, n.year), ()))):
                key = keys[("asm", n.candidate, kind, str(n.year), str(i))]
                if key in selected:  # latest first: the first accepted one stands
                    return T if key in hit else F
            return U

        kinds_rule = "clm.tt" if collective else "clm.cn"
        claims = []
        for a_id in n.achievements:
            key = keys[("clm", n.id, a_id)]
            a = idx.achievements[a_id]
            date = U if a.date is None else (T if a.date.year == n.year else F)
            applied = (
                T if key in fired["clm.applied"] else (F if key in fired["clm.not-applied"] else U)
            )
            kind = T if key in fired[kinds_rule] else F
            rewarded = F if key in fired["clm.rewarded"] else T
            claims.append(all3((kind, applied, date, rewarded)))
        achievements = any3(claims)  # at least one (count3 with n = 1)
        filed = keys[("nom", n.id)] in fired["nom.filed"]
        timing = annual.timing(n.filed, n.year) if filed else U  # the deadline, in Python
        if collective:
            grounds = any3((achievements, *(assessed(k, b) for k, _, b in TT_ASSESSED)))
            parts: tuple[str, ...] = (subject, person, grounds, timing)
        else:
            required = all3(assessed(k, b) for k, _, b in CN_REQUIRED)
            grounds = any3((achievements, assessed(CN_ASSESSED[0], BODIES_ACH)))
            parts = (subject, person, required, grounds, timing)
        return OUTCOME[all3(parts)]
