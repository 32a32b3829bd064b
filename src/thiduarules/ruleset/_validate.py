"""Cross-references and types across a parsed ruleset: clauses, vocabularies, criteria, parameters."""

from __future__ import annotations

from thiduarules.errors import closest
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
from thiduarules.ruleset._model import CANDIDATE_KINDS, Ruleset
from thiduarules.ruleset._reader import Reader, join
from thiduarules.ruleset._refs import referred_criteria

_FIELD_VOCAB = {"role": "roles", "duties": "duties"}


class Validator:
    """Checks one parsed ruleset; every problem goes to the shared `Reader`."""

    def __init__(self, rs: Ruleset, reader: Reader, *, check_period: bool = True) -> None:
        self.rs = rs
        self.r = reader
        self.check_period = check_period
        declared: dict[str, set[str]] = getattr(reader, "declared", {})
        self.declared_criteria = declared.get("criteria", set())
        self.declared_params = declared.get("parameters", set())
        self.clause_ids = {c.id for c in rs.clauses}
        self.params = {p.name: p for p in rs.parameters}
        self.criteria = {c.id: c for c in rs.criteria}
        self.kinds = {a.slug: a for a in rs.assessments}
        self.vocab = {name: {t.slug for t in terms} for name, terms in rs.vocabularies}

    def run(self) -> None:
        for p in self.rs.parameters:
            path = join("parameters", p.name)
            self.cite(p.clauses, join(path, "clauses"))
            self.parameter_values(p.name, path)
        for c in self.rs.criteria:
            path = join("criteria", c.id)
            self.cite(c.clauses, join(path, "clauses"))
            self.expr(c.when)
        self.cycles()
        for t in self.rs.tracks:
            path = join("tracks", t.id)
            self.cite(t.clauses, join(path, "clauses"))
            self.expr(t.requires)
            for i, form in enumerate(t.forms):
                self.member(form, "forms", join(join(path, "forms"), i))
            self.param(t.year, join(path, "year"), "integer")
            if t.timing is not None:
                tm, tpath = t.timing, join(path, "timing")
                self.cite(tm.clauses, join(tpath, "clauses"))
                self.param(tm.deadline, join(tpath, "deadline"), "month-day")
                self.param(tm.inclusive, join(tpath, "inclusive"), "boolean")
                self.param(tm.within_days, join(tpath, "within_days"), "integer")
                self.param(tm.opens, join(tpath, "opens"), "date")
                self.param(tm.closes, join(tpath, "closes"), "date")
                self.param(tm.late, join(tpath, "late"), "choice", choices={"tu-choi", "canh-bao"})
        for pr in self.rs.principles:
            path = join("principles", pr.id)
            self.cite(pr.clauses, join(path, "clauses"))
            self.param(pr.conflict, join(path, "conflict"), "choice")
            self.param(pr.limit, join(path, "limit"), "integer")
            self.param(pr.deadline, join(path, "deadline"), "month-day")
            self.param(pr.precedence, join(path, "precedence"), "set", of="bodies")
        if (al := self.rs.allocation) is not None:
            self.cite(al.clauses, "allocation.clauses")
            self.param(al.amount_individual, "allocation.amount_individual", "decimal")
            self.param(al.amount_collective, "allocation.amount_collective", "decimal")
            self.param(al.base_salary, "allocation.base_salary", "money")
            self.param(
                al.rounding,
                "allocation.rounding",
                "choice",
                choices={"len-chuc-nghin", "gan-nhat-chuc-nghin"},
            )
            self.param(al.budget, "allocation.budget", "money")
            for i, level in enumerate(al.priority):
                self.cite(level.clauses, join(join("allocation.priority", i), "clauses"))
                self.expr(level.when)

    # ---- references ----------------------------------------------------------------------------

    def cite(self, clauses: tuple[str, ...], path: str) -> None:
        for i, cid in enumerate(clauses):
            if cid not in self.clause_ids:
                self.r.problem(
                    join(path, i),
                    "điều khoản không có trong bảng [clauses] / clause not in the [clauses] table",
                    found=cid,
                    expected="a clause ID defined in the [clauses] table",
                    suggestion=closest(cid, self.clause_ids),
                )

    def member(self, value: object, vocab: str, path: str) -> None:
        allowed = self.vocab.get(vocab, set())
        if not isinstance(value, str):
            self.r.problem(
                path,
                f"so sánh khác kiểu: {vocab} là chuỗi / incompatible types: {vocab} holds strings",
                found=value,
            )
        elif value not in allowed:
            self.r.problem(
                path,
                f"không có trong từ vựng {vocab} / not in the {vocab} vocabulary",
                found=value,
                expected="one of " + ", ".join(sorted(allowed)),
                suggestion=closest(value, allowed),
            )

    def param(
        self,
        arg: object,
        path: str,
        ptype: str,
        *,
        of: str | None = None,
        choices: set[str] | None = None,
    ) -> None:
        """A `{ param = … }` argument: it exists and is of the type its place needs."""
        if not isinstance(arg, Ref):
            return
        p = self.params.get(arg.param)
        if p is None and arg.param in self.declared_params:
            return  # defined with mistakes of its own, reported there
        if p is None:
            self.r.problem(
                join(path, "param"),
                "tham số không tồn tại / no such parameter",
                found=arg.param,
                suggestion=closest(arg.param, self.params),
            )
            return
        if p.type != ptype:
            self.r.problem(
                join(path, "param"),
                "tham số sai kiểu / parameter of the wrong type",
                found=f"{arg.param} of type {p.type}",
                raw=True,
                expected=f"a parameter of type {ptype}",
            )
        elif of is not None and p.of != of:
            self.r.problem(
                join(path, "param"),
                "tham số là tập giá trị của từ vựng khác / a set over another vocabulary",
                found=f"{arg.param} of {p.of}",
                raw=True,
                expected=f"a set of {of}",
            )
        elif choices is not None and not set(p.choices) <= choices:
            self.r.problem(
                join(path, "param"),
                "lựa chọn không hợp lệ cho vị trí này / choices not understood here",
                found=", ".join(p.choices),
                raw=True,
                expected="choices among " + ", ".join(sorted(choices)),
            )

    def parameter_values(self, name: str, path: str) -> None:
        p = self.params[name]
        if p.of is not None:
            for i, dv in enumerate(p.values):
                for j, v in enumerate(dv.value if isinstance(dv.value, tuple) else ()):
                    self.member(v, p.of, join(join(join(join(path, "values"), i), "value"), j))
        if p.unset is None and self.check_period:
            start = self.rs.meta.start
            if not any(v.since is None or v.since <= start for v in p.values) and p.values:
                self.r.problem(
                    join(path, "values"),
                    "không có giá trị áp dụng từ đầu giai đoạn / no value in force at the start of the period",
                    found=min(v.since for v in p.values if v.since is not None),
                    expected=f'a value from {start.isoformat()} or earlier, or `unset = "why"`',
                )

    # ---- expressions ---------------------------------------------------------------------------

    def expr(self, expr: Expr) -> None:
        checks = _NodeChecks(self)
        for node in expr.walk():
            node.accept(checks)

    def choose(self, node: Choose) -> None:
        p = self.params.get(node.param)
        self.param(Ref(node.param), join(node.path, "choose"), "choice")
        if p is None or p.type != "choice":
            return
        have = {k for k, _ in node.cases}
        for missing in sorted(set(p.choices) - have):
            self.r.problem(
                join(join(node.path, "cases"), missing),
                "thiếu trường hợp / case not covered",
                expected=f"one case per choice of {node.param}",
            )
        for extra in sorted(have - set(p.choices)):
            self.r.problem(
                join(join(node.path, "cases"), extra),
                "không phải lựa chọn của tham số / not a choice of the parameter",
                found=extra,
                expected="one of " + ", ".join(p.choices),
                suggestion=closest(extra, p.choices),
            )

    def candidate(self, node: CandidateTest) -> None:
        path = join(node.path, node.op)
        if isinstance(node.values, Ref):
            if node.field not in _FIELD_VOCAB:
                self.r.problem(
                    path,
                    f"trường {node.field} không so với tham số tập / {node.field} cannot take a set parameter",
                )
            else:
                self.param(node.values, path, "set", of=_FIELD_VOCAB[node.field])
            return
        for i, v in enumerate(node.values):
            vpath = path if node.op == "is" else join(path, i)
            if node.field == "in_commune":
                if not isinstance(v, bool):
                    self.r.problem(
                        vpath,
                        "so sánh khác kiểu: in_commune là true/false / incompatible types: in_commune is a boolean",
                        found=v,
                    )
            elif node.field == "kind":
                if v not in CANDIDATE_KINDS:
                    self.r.problem(
                        vpath,
                        "loại đối tượng không hợp lệ / not a kind of candidate",
                        found=v,
                        expected="tap-the or ca-nhan",
                        suggestion=closest(str(v), CANDIDATE_KINDS),
                    )
            else:
                self.member(v, _FIELD_VOCAB[node.field], vpath)

    def spec(self, spec: AssessmentSpec, path: str) -> None:
        kind = self.kinds.get(spec.kind)
        if kind is None:
            self.r.problem(
                join(path, "assessment"),
                "loại đánh giá không tồn tại / no such kind of assessment",
                found=spec.kind,
                suggestion=closest(spec.kind, self.kinds),
            )
        vpath = join(path, spec.op)
        if isinstance(spec.values, Ref):
            self.r.problem(
                vpath,
                "giá trị đánh giá phải ghi trực tiếp / assessment values are written out, not parameters",
                found=spec.values.param,
            )
        elif kind is not None:
            allowed = set(kind.value_slugs())
            for i, v in enumerate(spec.values):
                ipath = vpath if spec.op == "is" else join(vpath, i)
                if not isinstance(v, str):
                    self.r.problem(
                        ipath,
                        f"so sánh khác kiểu: giá trị của {spec.kind} là chuỗi / incompatible types: {spec.kind} values are strings",
                        found=v,
                        expected="one of " + ", ".join(sorted(allowed)),
                    )
                elif v not in allowed:
                    self.r.problem(
                        ipath,
                        f"không phải giá trị của {spec.kind} / not a value of {spec.kind}",
                        found=v,
                        expected="one of " + ", ".join(sorted(allowed)),
                        suggestion=closest(v, allowed),
                    )
        if isinstance(spec.by, Ref):
            self.param(spec.by, join(path, "by"), "set", of="bodies")
        elif spec.by is not None:
            for i, body in enumerate(spec.by):
                self.member(body, "bodies", join(join(path, "by"), i))

    def cycles(self) -> None:
        """Report each cycle of criteria referring to one another, once. A depth-first search
        kept on an explicit stack: a chain of a thousand criteria is no deeper for Python."""
        state: dict[str, int] = {}
        reported: set[frozenset[str]] = set()
        for root in sorted(self.criteria):
            if root in state:
                continue
            state[root] = 1
            stack = [root]
            todo = [iter(referred_criteria(self.criteria[root].when))]
            while todo:
                cid = stack[-1]
                nxt = next(todo[-1], None)
                if nxt is None:
                    todo.pop()
                    stack.pop()
                    state[cid] = 2
                elif nxt in self.criteria and state.get(nxt) == 1:
                    loop = [*stack[stack.index(nxt) :], nxt]
                    if frozenset(loop) not in reported:
                        reported.add(frozenset(loop))
                        self.r.problem(
                            join(join("criteria", cid), "when"),
                            "tiêu chuẩn tham chiếu vòng tròn / criteria refer to each other in a cycle",
                            found=" → ".join(loop),
                            raw=True,
                        )
                elif nxt in self.criteria and nxt not in state:
                    state[nxt] = 1
                    stack.append(nxt)
                    todo.append(iter(referred_criteria(self.criteria[nxt].when)))


class _NodeChecks(ExprVisitor[None]):
    """What each construct must get right beyond its shape: the parameters it reads exist and
    have the type its place needs, the criteria it names exist, its values are in the
    vocabularies. Problems go to the `Validator`'s reader."""

    def __init__(self, v: Validator) -> None:
        self.v = v

    def all_of(self, e: AllOf) -> None:
        return None

    def any_of(self, e: AnyOf) -> None:
        return None

    def at_least(self, e: AtLeast) -> None:
        self.v.param(e.n, join(e.path, "at_least"), "integer")

    def not_(self, e: Not) -> None:
        return None

    def criterion_ref(self, e: CriterionRef) -> None:
        v = self.v
        if e.criterion not in v.criteria and e.criterion not in v.declared_criteria:
            v.r.problem(
                join(e.path, "criterion"),
                "tiêu chuẩn không tồn tại / no such criterion",
                found=e.criterion,
                suggestion=closest(e.criterion, v.criteria),
            )

    def choose(self, e: Choose) -> None:
        self.v.choose(e)

    def candidate_test(self, e: CandidateTest) -> None:
        self.v.candidate(e)

    def assessment_test(self, e: AssessmentTest) -> None:
        self.v.spec(e.spec, e.path)

    def years_count(self, e: YearsCount) -> None:
        for i, spec in enumerate(e.specs):
            self.v.spec(spec, join(join(e.path, "years"), i))
        self.v.param(e.at_least, join(e.path, "at_least"), "integer")
        self.v.param(e.consecutive, join(e.path, "consecutive"), "boolean")

    def achievement_count(self, e: AchievementCount) -> None:
        for i, kind in enumerate(e.kinds):
            self.v.member(
                kind, "achievement-kinds", join(join(join(e.path, "achievements"), "kinds"), i)
            )
        self.v.param(e.at_least, join(e.path, "at_least"), "integer")
        self.v.param(e.rewarded, join(e.path, "rewarded"), "boolean")
