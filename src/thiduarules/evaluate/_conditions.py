"""The conditions of criteria, evaluated for one nomination into explanation nodes.

`Conditions` is the `ExprVisitor` that reads the facts a rule names — through the shared
`Scope`, never from hidden state — and returns a node with a reason code, typed arguments,
the facts read and, for an unknown leaf, the facts that would settle it. Combinators apply
Kleene's tables from `_logic`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from thiduarules.case._model import Achievement, Assessment, Candidate, Nomination
from thiduarules.errors import ParameterUnsetError
from thiduarules.evaluate import _logic
from thiduarules.evaluate._logic import FALSE, TRUE, UNKNOWN, Result
from thiduarules.evaluate._scope import Scope, Withdrawal
from thiduarules.ruleset._expr import (
    AchievementCount,
    AllOf,
    AnyOf,
    AssessmentSpec,
    AssessmentTest,
    AtLeast,
    CandidateTest,
    Choose,
    CriterionRef,
    Expr,
    ExprVisitor,
    Not,
    Ref,
    YearsCount,
)
from thiduarules.ruleset._model import Track
from thiduarules.verdict import Args, Fact, Need, Node, Note


def unset_node(scope: Scope, exc: ParameterUnsetError, clauses: tuple[str, ...], kind: str) -> Node:
    """A rule whose parameter has no value on the evaluation date: unknown, naming it."""
    args: Args = (("param", exc.name), ("on", scope.params.on), ("reason", exc.reason))
    return Node(
        kind,
        UNKNOWN,
        "param-unset",
        args,
        clauses,
        ref=f"parameters.{exc.name}",
        needs=(Need(f"parameters.{exc.name}", "need.param", args),),
    )


class Conditions(ExprVisitor[Node]):
    """Evaluates expressions for one nomination. `withdrawn` holds what the principles took
    from it (false) or hold for a decision (unknown), by achievement id."""

    def __init__(
        self,
        scope: Scope,
        nom: Nomination,
        track: Track,
        withdrawn: Mapping[str, Withdrawal],
        clauses: tuple[str, ...],
    ) -> None:
        self.scope = scope
        self.nom = nom
        self.cand: Candidate = scope.index.candidates[nom.candidate]
        self.track = track
        self.withdrawn = withdrawn
        self.clauses = clauses
        # Every achievement node built, in order: what the verdict counts, read without a walk.
        self.achievements: list[Node] = []
        # Notes for the Council about the facts read (dates that cannot be), in order.
        self.warnings: list[Note] = []
        # The assessment each assessment node read true, by the node's identity (the node is
        # held, so its identity is not reused): what an eligible verdict's judgements are
        # gathered from.
        self.judged: dict[int, tuple[Node, str]] = {}

    def run(self, e: Expr) -> Node:
        try:
            return e.accept(self)
        except ParameterUnsetError as exc:
            return unset_node(self.scope, exc, self.clauses, "condition")

    def _leaf(self, e: Expr) -> None:
        missing = self.scope.program.unresolved.get(e.path)
        if missing is not None:
            p = self.scope.rs.parameter(missing)
            raise ParameterUnsetError(missing, self.scope.params.on.isoformat(), p.unset)

    # ---- combinators ------------------------------------------------------------------------

    def criterion_ref(self, e: CriterionRef) -> Node:
        crit = self.scope.criteria[e.criterion]
        outer, self.clauses = self.clauses, crit.clauses
        try:
            child = self.run(crit.when)
        finally:
            self.clauses = outer
        return Node(
            "criterion", child.result, "criterion", (), crit.clauses, crit.id, children=(child,)
        )

    def all_of(self, e: AllOf) -> Node:
        kids = tuple(self.run(x) for x in e.items)
        return Node(
            "all", _logic.all3(k.result for k in kids), "all", (), self.clauses, children=kids
        )

    def any_of(self, e: AnyOf) -> Node:
        kids = tuple(self.run(x) for x in e.items)
        return Node(
            "any", _logic.any3(k.result for k in kids), "any", (), self.clauses, children=kids
        )

    def at_least(self, e: AtLeast) -> Node:
        n = self.scope.params.integer(e.n)
        kids = tuple(self.run(x) for x in e.items)
        met = sum(k.result == TRUE for k in kids)
        return Node(
            "at-least",
            _logic.count3((k.result for k in kids), n),
            "at-least",
            self.scope.args((("n", n), ("met", met))),
            self.clauses,
            children=kids,
        )

    def not_(self, e: Not) -> Node:
        kid = self.run(e.item)
        return Node("not", _logic.not3(kid.result), "not", (), self.clauses, children=(kid,))

    def choose(self, e: Choose) -> Node:
        value = str(self.scope.params.get(e.param))
        kid = self.run(dict(e.cases)[value])
        return Node(
            "choose",
            kid.result,
            "choose",
            (("param", e.param), ("value", value)),
            self.clauses,
            f"parameters.{e.param}",
            children=(kid,),
        )

    # ---- candidate ----------------------------------------------------------------------------

    def candidate_test(self, e: CandidateTest) -> Node:
        self._leaf(e)
        key = (id(e), self.cand.id, self.clauses)
        node = self.scope.shared.get(key)
        if node is None:
            node = self.scope.shared[key] = self._candidate_test(e)
        return node

    def _candidate_test(self, e: CandidateTest) -> Node:
        scope, cand = self.scope, self.cand
        pid = scope.program.by_leaf[e.path][0]
        values = scope.params.values(e.values)
        neg = e.op == "not_in"
        path = f"candidates[{cand.id}].{e.field}"
        value: str | bool | tuple[str, ...] | None
        if e.field == "duties":
            results = [scope.status(pid, f"d:{cand.id}/{d}") for d in cand.duties]
            # `in`: some duty is listed; `not_in`: every duty passes (each hit means "not listed").
            if neg:
                result: Result = TRUE if all(r == TRUE for r in results) else FALSE
            else:
                result = TRUE if TRUE in results else FALSE
            value = cand.duties
            fact = Fact(path, ", ".join(cand.duties))
        else:
            status = scope.status(pid, f"c:{cand.id}")
            result = status if status is not None else UNKNOWN
            value = getattr(cand, e.field)
            fact = Fact(path, value)  # type: ignore[arg-type]
        args: Args = (
            ("field", e.field),
            ("op", "not_in" if neg else "in"),
            ("values", tuple(_slug(v) for v in values)),
            ("value", value if not isinstance(value, bool) else _slug(value)),
            ("candidate", cand.id),
        )
        needs = (
            (Need(path, "need.candidate", (("field", e.field), ("candidate", cand.id))),)
            if result == UNKNOWN
            else ()
        )
        return Node("condition", result, "candidate", args, self.clauses, e.path, (fact,), needs)

    # ---- assessments ----------------------------------------------------------------------------

    def _read(
        self, spec: AssessmentSpec, pid: str, year: int
    ) -> tuple[Result, Assessment | None, tuple[Assessment, ...]]:
        """The judgement that stands among the assessments the pattern selects (its kind, by an
        accepted body), its result, and — where judgements disagree — the rival records.

        A senior body's judgement (judgement-precedence) prevails over the others'; among those
        left, the latest date stands; judgements of that one date that disagree are a state
        of their own (unknown, naming them all), never settled by the order of record ids."""
        scope = self.scope
        selected: list[tuple[Assessment, Result]] = []
        tied = scope.kinds[spec.kind].of == "achievement"
        for s in scope.index.assessments_of(self.cand.id, spec.kind, year):
            if tied and not self._judges_claim(s):
                continue
            st = scope.status(pid, f"s:{s.id}")
            if st is not None:
                selected.append((s, st))
        if not selected:
            return UNKNOWN, None, ()
        senior = scope.senior
        if senior:
            top = [x for x in selected if x[0].by in senior]
            selected = top or selected
        latest = max(s.date for s, _ in selected)
        last = [x for x in selected if x[0].date == latest]  # sorted by (date, id)
        if len({st for _, st in last}) > 1:
            return UNKNOWN, None, tuple(s for s, _ in last)
        chosen, chosen_status = last[-1]
        return chosen_status, chosen, ()

    def _judges_claim(self, s: Assessment) -> bool:
        """Whether a judgement of an achievement judges one this nomination claims, and was
        not made before that achievement was (III.2.3.a.2): one judgement grounds the reward
        of the achievement it judges, and no other."""
        if s.achievement not in self.nom.achievements:
            return False
        ach = self.scope.index.achievements.get(s.achievement)
        if ach is not None and ach.date is not None and s.date < ach.date:
            self.warnings.append(
                Note(
                    self.clauses,
                    "warning.judged-before",
                    (
                        ("assessment", s.id),
                        ("achievement", ach.id),
                        ("date", s.date),
                        ("achieved", ach.date),
                    ),
                )
            )
            return False
        return True

    def _spec_node(self, kind: str, spec: AssessmentSpec, pid: str, year: int, ref: str) -> Node:
        scope = self.scope
        result, s, rivals = self._read(spec, pid, year)
        rule = scope.shared.get(id(spec))
        if rule is None:
            by = scope.params.strings(spec.by) if spec.by is not None else None
            rule = scope.shared[id(spec)] = (
                ("kind", spec.kind),
                ("op", "not_in" if spec.op == "not_in" else "in"),
                ("values", scope.params.strings(spec.values)),
                ("by", by),
            )
        if rivals:
            return self._disagreement(kind, spec.kind, rule, rivals, year, ref)
        if s is None:
            key = ("need", self.cand.id, spec.kind, year)
            found = scope.shared.get(key)
            if found is None:
                found = scope.shared[key] = (
                    (
                        *rule,
                        ("year", year),
                        ("candidate", self.cand.id),
                        ("value", None),
                        ("value_by", None),
                        ("date", None),
                    ),
                    Need(
                        f"assessments[subject={self.cand.id}, kind={spec.kind}, year={year}]",
                        "need.assessment",
                        (("kind", spec.kind), ("year", year), ("candidate", self.cand.id)),
                    ),
                )
            args, need = found
            if scope.kinds[spec.kind].of == "achievement":
                need = Need(
                    f"assessments[subject={self.cand.id}, kind={spec.kind}, year={year}, achievement={', '.join(self.nom.achievements)}]",
                    "need.assessment-of",
                    (*need.args, ("achievements", self.nom.achievements)),
                )
            later = scope.index.assessments_later(self.cand.id, spec.kind, year)
            if later:
                need = Need(
                    need.path,
                    "need.assessment-later",
                    (
                        *need.args,
                        ("later", tuple(x.id for x in later)),
                        ("on", scope.params.on),
                    ),
                )
            return Node(kind, UNKNOWN, "assessment", args, self.clauses, ref, needs=(need,))
        read = scope.shared.get(s.id)
        if read is None:
            read = scope.shared[s.id] = (
                (
                    ("year", year),
                    ("candidate", self.cand.id),
                    ("value", s.value),
                    ("value_by", s.by),
                    ("date", s.date),
                ),
                (
                    Fact(f"assessments[{s.id}].value", s.value),
                    Fact(f"assessments[{s.id}].by", s.by),
                    Fact(f"assessments[{s.id}].date", s.date.isoformat()),
                ),
            )
        found_args, facts = read
        if s.date < dt.date(s.year, 1, 1):
            self.warnings.append(
                Note(
                    self.clauses,
                    "warning.assessment-early",
                    (("assessment", s.id), ("year", s.year), ("date", s.date)),
                )
            )
        args = scope.args((*rule, *found_args))
        node = Node(kind, result, "assessment", args, self.clauses, ref, facts)
        if result == TRUE:
            self.judged[id(node)] = (node, s.id)
        return node

    def _disagreement(
        self,
        kind: str,
        assessment: str,
        rule: Args,
        rivals: tuple[Assessment, ...],
        year: int,
        ref: str,
    ) -> Node:
        """Judgements of one thing, for one subject and year, on one date, that disagree."""
        ids = tuple(s.id for s in rivals)
        args = self.scope.args(
            (
                *rule,
                ("year", year),
                ("candidate", self.cand.id),
                ("rivals", ids),
                ("values", tuple(s.value for s in rivals)),
                ("bodies", tuple(s.by for s in rivals)),
                ("date", rivals[0].date),
            )
        )
        facts = tuple(
            f
            for s in rivals
            for f in (
                Fact(f"assessments[{s.id}].value", s.value),
                Fact(f"assessments[{s.id}].by", s.by),
            )
        )
        need = Need(
            f"assessments[{', '.join(ids)}]",
            "need.disagreement",
            (("rivals", ids), ("kind", assessment), ("year", year), ("candidate", self.cand.id)),
        )
        return Node(kind, UNKNOWN, "assessment.disagree", args, self.clauses, ref, facts, (need,))

    def assessment_test(self, e: AssessmentTest) -> Node:
        self._leaf(e)
        pid = self.scope.program.by_leaf[e.path][0]
        return self._spec_node("condition", e.spec, pid, self.nom.year, e.path)

    def years_count(self, e: YearsCount) -> Node:
        self._leaf(e)
        scope = self.scope
        pids = scope.program.by_leaf[e.path]
        start, end = scope.rs.meta.start.year, min(self.nom.year, scope.rs.meta.end.year)
        years: list[Node] = []
        for year in range(start, end + 1):
            parts = tuple(
                self._spec_node("assessment", spec, pid, year, e.path)
                for spec, pid in zip(e.specs, pids, strict=True)
            )
            years.append(
                Node(
                    "year",
                    _logic.all3(p.result for p in parts),
                    "year",
                    scope.args((("year", year),)),
                    self.clauses,
                    children=parts,
                )
            )
        results = [n.result for n in years]
        if e.every:  # `consecutive` means nothing here, so it is not read (it may be unset)
            mode = "every"
            result = _logic.all3(results) if results else FALSE
            n, have = len(results), results.count(TRUE)
        else:
            n = scope.params.integer(e.at_least)
            if scope.params.flag(e.consecutive):
                mode = "consecutive"
                have = _logic.longest_run(results, frozenset((TRUE,)))
                result = _logic.consecutive3(results, n)
            else:
                mode = "at-least"
                have = results.count(TRUE)
                result = _logic.count3(results, n)
        args = scope.args(
            (("mode", mode), ("n", n), ("have", have), ("start", start), ("end", end))
        )
        return Node("years", result, "years", args, self.clauses, e.path, children=tuple(years))

    # ---- achievements ---------------------------------------------------------------------------

    def achievement_count(self, e: AchievementCount) -> Node:
        self._leaf(e)
        scope, nom = self.scope, self.nom
        pid = scope.program.by_leaf[e.path][0]
        n = scope.params.integer(e.at_least)
        include = (
            scope.params.flag(e.rewarded)
            if isinstance(e.rewarded, Ref)
            else e.rewarded == "include"
        )
        if self.track.round == "period-end":
            lo, hi = scope.rs.meta.start, min(scope.rs.meta.end, dt.date(nom.year, 12, 31))
        else:
            lo, hi = dt.date(nom.year, 1, 1), dt.date(nom.year, 12, 31)
        kids = tuple(
            self.achievement(scope.index.achievements[a], pid, include, lo, hi)
            for a in nom.achievements
        )
        have = sum(k.result == TRUE for k in kids)
        args = scope.args(
            (
                ("n", n),
                ("have", have),
                ("kinds", e.kinds),
                ("start", lo),
                ("end", hi),
                ("include", include),
            )
        )
        needs = (
            ()
            if kids
            else (
                Need(
                    f"nominations[{nom.id}].achievements", "need.claims", (("nomination", nom.id),)
                ),
            )
        )
        return Node(
            "achievements",
            _logic.count3((k.result for k in kids), n),
            "achievements",
            args,
            self.clauses,
            e.path,
            needs=needs,
            children=kids,
        )

    def achievement(
        self, a: Achievement, pid: str | None, include: bool, lo: dt.date | None, hi: dt.date | None
    ) -> Node:
        """One claimed achievement: counted by a criterion (`pid` its pattern, in the window
        `lo`–`hi`), or claimed directly as what an ad-hoc reward is for (`pid` None)."""
        facts = [Fact(f"achievements[{a.id}].kind", a.kind)]
        reasons: list[str] = []
        needs: list[Need] = []
        parts: list[Result] = [TRUE]
        clauses = self.clauses
        if pid is not None:
            facts.append(Fact(f"achievements[{a.id}].applied_effectively", a.applied_effectively))
            facts.append(Fact(f"achievements[{a.id}].date", a.date.isoformat() if a.date else None))
            selected = self.scope.status(pid, f"a:{a.id}")
            if selected is None:
                parts.append(FALSE)
                reasons.append("kind-not-counted")
            else:
                parts.append(selected)
                if selected == FALSE:
                    reasons.append("not-applied")
                elif selected == UNKNOWN:
                    needs.append(
                        Need(
                            f"achievements[{a.id}].applied_effectively",
                            "need.applied",
                            (("achievement", a.id), ("title", a.title)),
                        )
                    )
            if a.date is None:
                parts.append(UNKNOWN)
                needs.append(
                    Need(
                        f"achievements[{a.id}].date",
                        "need.achievement-date",
                        (("achievement", a.id), ("title", a.title)),
                    )
                )
            elif lo is not None and hi is not None and not lo <= a.date <= hi:
                parts.append(FALSE)
                reasons.append("outside-window")
        kids: list[Node] = []
        rule = self.scope.one_reward
        for w in self.scope.rewarded.get((self.nom.id, a.id), ()):
            facts.append(Fact(f"awards[{w.id}].achievements", a.id))
            if not include:
                kids.append(
                    Node(
                        "award",
                        FALSE,
                        "rewarded",
                        (
                            ("award", w.id),
                            ("form", w.form),
                            ("decision", w.decision),
                            ("date", w.date),
                        ),
                        rule.clauses if rule else clauses,
                        w.id,
                    )
                )
        for w in self.scope.rewarded_later.get((self.nom.id, a.id), ()):
            self.warnings.append(
                Note(
                    rule.clauses if rule else clauses,
                    "warning.award-later",
                    (
                        ("award", w.id),
                        ("decision", w.decision),
                        ("date", w.date),
                        ("achievement", a.id),
                        ("on", self.scope.params.on),
                    ),
                )
            )
        wd = self.withdrawn.get(a.id)
        if wd is not None:
            kids.append(
                Node(
                    "withdrawal",
                    wd.result,
                    wd.note.code,
                    wd.note.args,
                    wd.note.clauses,
                    needs=wd.needs,
                )
            )
        if kids and rule is not None and pid is not None:
            clauses = clauses + tuple(c for c in rule.clauses if c not in clauses)
        result = _logic.all3([*parts, *(k.result for k in kids)])
        args = self.scope.args(
            (
                ("achievement", a.id),
                ("title", a.title),
                ("kind", a.kind),
                ("date", a.date),
                ("reasons", tuple(reasons)),
            )
        )
        node = Node(
            "achievement",
            result,
            "achievement",
            args,
            clauses,
            a.id,
            tuple(facts),
            tuple(needs),
            tuple(kids),
        )
        self.achievements.append(node)
        return node


def _slug(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
