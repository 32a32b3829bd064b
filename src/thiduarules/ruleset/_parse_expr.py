"""TOML tables → expressions of criteria: one method per construct of the language, shape
errors collected, not raised."""

from __future__ import annotations

from typing import Any

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
    Not,
    Op,
    Ref,
    YearsCount,
)
from thiduarules.ruleset._reader import Reader, join

CANDIDATE_FIELDS = ("duties", "in_commune", "kind", "role")


class ExprParser(Reader):
    """Builds expression nodes from raw tables; `Parser` adds the other sections on top."""

    def ref(self, value: object, path: str) -> Ref | None:
        t = value if isinstance(value, dict) else None
        if t is None or set(t) != {"param"} or not isinstance(t["param"], str):
            return None
        return Ref(t["param"])

    def int_arg(self, value: object, path: str) -> int | Ref | None:
        if isinstance(value, dict):
            ref = self.ref(value, path)
            if ref is None:
                self.problem(
                    path,
                    'phải là số nguyên hoặc { param = "…" } / must be an integer or a parameter',
                    found=value,
                )
            return ref
        return self.integer(value, path, minimum=0)

    def bool_arg(self, value: object, path: str) -> bool | Ref | None:
        if isinstance(value, bool):
            return value
        ref = self.ref(value, path)
        if ref is None:
            self.problem(
                path,
                'phải là true/false hoặc { param = "…" } / must be a boolean or a parameter',
                found=value,
            )
        return ref

    def expr(self, raw: object, path: str) -> Expr | None:
        t = self.table(raw, path)
        if t is None:
            return None
        forms = {
            "all": self._all,
            "any": self._any,
            "at_least": self._at_least,
            "not": self._not,
            "criterion": self._criterion,
            "choose": self._choose,
            "candidate": self._candidate,
            "assessment": self._assessment,
            "years": self._years,
            "achievements": self._achievements,
        }
        heads = [k for k in forms if k in t]
        if "at_least" in heads and ("years" in t or "achievements" in t):
            heads.remove("at_least")  # an argument of `years` and `achievements`, not a head there
        if len(heads) != 1:
            suggestion = None
            if not heads:
                suggestion = next((s for k in t if (s := closest(k, forms)) is not None), None)
            self.problem(
                path,
                "biểu thức không rõ dạng / not a recognised expression",
                found=", ".join(sorted(t)) or "an empty table",
                raw=True,
                expected="exactly one of " + ", ".join(forms),
                suggestion=suggestion,
            )
            return None
        head = heads[0]
        return forms[head](t, path)

    def _items(self, value: object, path: str) -> tuple[Expr, ...] | None:
        if not isinstance(value, list) or not value:
            self.problem(
                path,
                "phải là mảng biểu thức / must be a non-empty array of expressions",
                found=value,
            )
            return None
        items = [self.expr(v, join(path, i)) for i, v in enumerate(value)]
        return tuple(items) if all(i is not None for i in items) else None  # type: ignore[arg-type]

    def _all(self, t: dict[str, Any], path: str) -> Expr | None:
        self.keys(t, path, required=("all",))
        items = self._items(t["all"], join(path, "all"))
        return AllOf(items, path) if items else None

    def _any(self, t: dict[str, Any], path: str) -> Expr | None:
        self.keys(t, path, required=("any",))
        items = self._items(t["any"], join(path, "any"))
        return AnyOf(items, path) if items else None

    def _at_least(self, t: dict[str, Any], path: str) -> Expr | None:
        self.keys(t, path, required=("at_least", "of"))
        n = self.int_arg(t["at_least"], join(path, "at_least"))
        items = self._items(t.get("of"), join(path, "of")) if "of" in t else None
        if isinstance(n, int) and items and n > len(items):
            self.problem(
                join(path, "at_least"),
                "lớn hơn số biểu thức / more than the number of items",
                found=n,
            )
            return None
        return AtLeast(n, items, path) if n is not None and items else None

    def _not(self, t: dict[str, Any], path: str) -> Expr | None:
        self.keys(t, path, required=("not",))
        item = self.expr(t["not"], join(path, "not"))
        return Not(item, path) if item else None

    def _criterion(self, t: dict[str, Any], path: str) -> Expr | None:
        self.keys(t, path, required=("criterion",))
        cid = self.string(t["criterion"], join(path, "criterion"))
        return CriterionRef(cid, path) if cid else None

    def _choose(self, t: dict[str, Any], path: str) -> Expr | None:
        self.keys(t, path, required=("choose", "cases"))
        ref = self.ref(t["choose"], join(path, "choose"))
        if ref is None:
            self.problem(
                join(path, "choose"),
                'phải là { param = "…" } / must be a parameter reference',
                found=t["choose"],
            )
        cases_raw = self.table(t.get("cases"), join(path, "cases")) or {}
        cases = []
        for key in sorted(cases_raw):
            e = self.expr(cases_raw[key], join(join(path, "cases"), key))
            if e is not None:
                cases.append((key, e))
        if ref is None or len(cases) != len(cases_raw) or not cases:
            return None
        return Choose(ref.param, tuple(cases), path)

    def _values(
        self, t: dict[str, Any], path: str
    ) -> tuple[Op, tuple[str | bool, ...] | Ref] | None:
        ops = [k for k in ("is", "in", "not_in") if k in t]
        if len(ops) != 1:
            self.problem(
                path,
                "cần đúng một trong is, in, not_in / needs exactly one of is, in, not_in",
                found=", ".join(sorted(t)),
                raw=True,
            )
            return None
        op: Op = ops[0]
        value = t[op]
        vpath = join(path, op)
        if op == "is":
            if isinstance(value, (str, bool)):
                return op, (value,)
            self.problem(
                vpath, "phải là chuỗi hoặc true/false / must be a string or a boolean", found=value
            )
            return None
        if isinstance(value, dict):
            ref = self.ref(value, vpath)
            if ref is None:
                self.problem(
                    vpath,
                    'phải là mảng hoặc { param = "…" } / must be an array or a parameter',
                    found=value,
                )
                return None
            return op, ref
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(v, (str, bool)) for v in value)
        ):
            self.problem(
                vpath, "phải là mảng chuỗi / must be a non-empty array of strings", found=value
            )
            return None
        return op, tuple(value)

    def _candidate(self, t: dict[str, Any], path: str) -> Expr | None:
        self.keys(t, path, required=("candidate",), optional=("is", "in", "not_in"))
        field = self.string(t["candidate"], join(path, "candidate"), choices=CANDIDATE_FIELDS)
        values = self._values(t, path)
        if field is None or values is None:
            return None
        return CandidateTest(field, values[0], values[1], path)

    def _spec(self, t: dict[str, Any], path: str, head: str) -> AssessmentSpec | None:
        kind = self.string(t.get(head), join(path, head))
        values = self._values(t, path)
        by: tuple[str, ...] | Ref | None = None
        if "by" in t:
            if isinstance(t["by"], dict):
                by = self.ref(t["by"], join(path, "by"))
                if by is None:
                    self.problem(
                        join(path, "by"),
                        'phải là mảng hoặc { param = "…" } / must be an array or a parameter',
                        found=t["by"],
                    )
                    return None
            else:
                by = self.strings(t["by"], join(path, "by"))
                if by is None:
                    return None
        if kind is None or values is None:
            return None
        return AssessmentSpec(kind, values[0], values[1], by)

    def _assessment(self, t: dict[str, Any], path: str) -> Expr | None:
        self.keys(t, path, required=("assessment", "year"), optional=("is", "in", "not_in", "by"))
        self.string(t.get("year"), join(path, "year"), choices=("nomination",))
        spec = self._spec(t, path, "assessment")
        return AssessmentTest(spec, path) if spec else None

    def _years(self, t: dict[str, Any], path: str) -> Expr | None:
        self.keys(t, path, required=("years", "consecutive"), optional=("at_least", "every"))
        raw = t["years"]
        if not isinstance(raw, list) or not raw:
            self.problem(
                join(path, "years"),
                "phải là mảng đánh giá / must be a non-empty array of assessment tests",
                found=raw,
            )
            return None
        specs = []
        for i, item in enumerate(raw):
            ipath = join(join(path, "years"), i)
            if (it := self.table(item, ipath)) is None:
                continue
            self.keys(it, ipath, required=("assessment",), optional=("is", "in", "not_in", "by"))
            if (spec := self._spec(it, ipath, "assessment")) is not None:
                specs.append(spec)
        every = t.get("every", False)
        if not isinstance(every, bool):
            self.problem(join(path, "every"), "phải là true/false / must be a boolean", found=every)
            return None
        at_least = None
        if every and "at_least" in t:
            self.problem(
                path,
                "dùng `every` hoặc `at_least`, không cả hai / use `every` or `at_least`, not both",
            )
            return None
        if not every:
            if "at_least" not in t:
                self.problem(
                    join(path, "at_least"),
                    "thiếu khóa bắt buộc / required key is missing",
                    expected="`at_least = N` or `every = true`",
                )
                return None
            at_least = self.int_arg(t["at_least"], join(path, "at_least"))
            if at_least is None:
                return None
        consecutive = self.bool_arg(t["consecutive"], join(path, "consecutive"))
        if len(specs) != len(raw) or consecutive is None:
            return None
        return YearsCount(tuple(specs), at_least, every, consecutive, path)

    def _achievements(self, t: dict[str, Any], path: str) -> Expr | None:
        self.keys(t, path, required=("achievements", "at_least", "rewarded"))
        spec = self.table(t["achievements"], join(path, "achievements"))
        kinds = None
        if spec is not None:
            self.keys(spec, join(path, "achievements"), required=("kinds",))
            kinds = self.strings(spec.get("kinds"), join(join(path, "achievements"), "kinds"))
        at_least = (
            self.int_arg(t.get("at_least"), join(path, "at_least")) if "at_least" in t else None
        )
        rewarded: str | Ref | None = None
        raw = t.get("rewarded")
        if isinstance(raw, dict):
            rewarded = self.ref(raw, join(path, "rewarded"))
            if rewarded is None:
                self.problem(
                    join(path, "rewarded"),
                    'phải là "exclude", "include" hoặc { param = "…" }',
                    found=raw,
                )
        elif raw is not None:
            rewarded = self.string(raw, join(path, "rewarded"), choices=("exclude", "include"))
        if kinds is None or at_least is None or rewarded is None:
            return None
        return AchievementCount(kinds, at_least, rewarded, path)
