"""TOML tables → ruleset model, one section at a time; shape errors are collected, not raised.

The expressions of criteria, tracks and priority levels are read by `_parse_expr`."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from thiduarules.ruleset._expr import Ref
from thiduarules.ruleset._model import (
    CANDIDATE_KINDS,
    PARAMETER_TYPES,
    ROUNDS,
    STATUSES,
    VOCABULARIES,
    Allocation,
    AssessmentKind,
    Clause,
    Criterion,
    DatedValue,
    Meta,
    Parameter,
    ParamValue,
    Principle,
    PriorityLevel,
    Term,
    Text,
    Timing,
    Track,
)
from thiduarules.ruleset._parse_expr import ExprParser
from thiduarules.ruleset._reader import join

LANGUAGE = "thiduarules/1"
PRINCIPLE_RULES = (
    "annual-limit",
    "form-fits",
    "judgement-precedence",
    "one-achievement-one-reward",
    "period-end-limit",
    "report-deadline",
)
TIMING_RULES = ("after-achievement", "annual-deadline", "window")
# What a kind of assessment may judge besides a candidate's year (`of`).
JUDGED = ("achievement",)
_MONTH_DAY = re.compile(r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")


def nfc(value: Any) -> Any:
    """Normalise every string inside a raw TOML value to Unicode NFC."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [nfc(v) for v in value]
    if isinstance(value, dict):
        return {nfc(k): nfc(v) for k, v in value.items()}
    return value


class Parser(ExprParser):
    """Builds model objects from raw tables (expressions: `ExprParser`); references are checked
    later by `_validate`."""

    def __init__(self, file: str) -> None:
        super().__init__(file)
        # Names defined in the file, even where the definition itself has mistakes: a reference
        # to them is not a second mistake.
        self.declared: dict[str, set[str]] = {"criteria": set(), "parameters": set()}

    def text(self, table: dict[str, Any], path: str) -> Text | None:
        vi = self.string(table.get("vi"), join(path, "vi"))
        en = self.string(table.get("en"), join(path, "en"))
        return Text(vi, en) if vi is not None and en is not None else None

    # ---- metadata, clauses, vocabularies --------------------------------------------------

    def meta(self, raw: object) -> Meta | None:
        table = self.table(raw, "ruleset")
        if table is None:
            return None
        self.keys(
            table,
            "ruleset",
            required=("id", "version", "language", "title", "source", "period"),
        )
        rid = self.string(table.get("id"), "ruleset.id")
        version = self.string(table.get("version"), "ruleset.version")
        language = self.string(table.get("language"), "ruleset.language", choices=(LANGUAGE,))
        title = source = None
        issuer: str | None = None
        if (t := self.table(table.get("title"), "ruleset.title")) is not None:
            self.keys(t, "ruleset.title", required=("vi", "en"))
            title = self.text(t, "ruleset.title")
        if (s := self.table(table.get("source"), "ruleset.source")) is not None:
            self.keys(s, "ruleset.source", required=("vi", "en", "issuer"))
            source = self.text(s, "ruleset.source")
            issuer = self.string(s.get("issuer"), "ruleset.source.issuer")
        start = end = None
        if (p := self.table(table.get("period"), "ruleset.period")) is not None:
            self.keys(p, "ruleset.period", required=("start", "end"))
            start = self.date(p.get("start"), "ruleset.period.start")
            end = self.date(p.get("end"), "ruleset.period.end")
            if start and end and end < start:
                self.problem(
                    "ruleset.period.end",
                    "kết thúc trước khi bắt đầu / ends before it starts",
                    found=end,
                )
        parts = (rid, version, language, title, source, issuer, start, end)
        if any(x is None for x in parts):
            return None
        return Meta(rid, version, language, title, source, issuer, start, end)  # type: ignore[arg-type]

    def clauses(self, raw: object) -> tuple[Clause, ...]:
        table = self.table(raw, "clauses") or {}
        out = []
        for cid in sorted(table):
            path = join("clauses", cid)
            if (t := self.table(table[cid], path)) is None:
                continue
            self.keys(t, path, required=("vi", "en"))
            if (text := self.text(t, path)) is not None:
                out.append(Clause(cid, text.vi, text.en))
        return tuple(out)

    def vocabularies(self, raw: object) -> tuple[tuple[str, tuple[Term, ...]], ...]:
        table = self.table(raw, "vocabularies") or {}
        self.keys(table, "vocabularies", required=VOCABULARIES)
        out = []
        for name in VOCABULARIES:
            path = join("vocabularies", name)
            vocab = self.table(table.get(name, {}), path) or {}
            terms = []
            for slug in sorted(vocab):
                tpath = join(path, slug)
                if (t := self.table(vocab[slug], tpath)) is None:
                    continue
                if name == "forms":
                    self.keys(t, tpath, required=("vi", "en", "grantor"))
                    grantor = self.string(
                        t.get("grantor"), join(tpath, "grantor"), choices=("commune", "higher")
                    )
                else:
                    self.keys(t, tpath, required=("vi", "en"))
                    grantor = None
                if (text := self.text(t, tpath)) is not None:
                    terms.append(Term(slug, text.vi, text.en, grantor))
            out.append((name, tuple(terms)))
        return tuple(out)

    def assessments(self, raw: object) -> tuple[AssessmentKind, ...]:
        table = self.table(raw, "assessments") or {}
        out = []
        for slug in sorted(table):
            path = join("assessments", slug)
            if (t := self.table(table[slug], path)) is None:
                continue
            self.keys(t, path, required=("vi", "en", "subject", "values"), optional=("of",))
            text = self.text(t, path)
            of = self.string(t["of"], join(path, "of"), choices=JUDGED) if "of" in t else None
            subject = self.string(
                t.get("subject"), join(path, "subject"), choices=(*CANDIDATE_KINDS, "any")
            )
            values = self.table(t.get("values"), join(path, "values")) or {}
            terms = []
            for v in sorted(values):
                vpath = join(join(path, "values"), v)
                if (vt := self.table(values[v], vpath)) is None:
                    continue
                self.keys(vt, vpath, required=("vi", "en"))
                if (vtext := self.text(vt, vpath)) is not None:
                    terms.append(Term(v, vtext.vi, vtext.en))
            if not values:
                self.problem(
                    join(path, "values"), "cần ít nhất một giá trị / needs at least one value"
                )
            if text and subject:
                out.append(AssessmentKind(slug, text.vi, text.en, subject, tuple(terms), of))
        return tuple(out)

    # ---- parameters -------------------------------------------------------------------------

    def parameters(self, raw: object) -> tuple[Parameter, ...]:
        table = self.table(raw, "parameters") or {}
        self.declared["parameters"] = set(table)
        out = []
        for name in sorted(table):
            path = join("parameters", name)
            if (t := self.table(table[name], path)) is not None and (
                p := self.parameter(name, t, path)
            ):
                out.append(p)
        return tuple(out)

    def parameter(self, name: str, t: dict[str, Any], path: str) -> Parameter | None:
        self.keys(
            t,
            path,
            required=("vi", "en", "type", "clauses", "reason"),
            optional=("choices", "of", "interprets", "unset", "values"),
        )
        text = self.text(t, path)
        ptype = self.string(t.get("type"), join(path, "type"), choices=PARAMETER_TYPES)
        clauses = self.strings(t.get("clauses"), join(path, "clauses"))
        reason = self.string(t.get("reason"), join(path, "reason"))
        choices: tuple[str, ...] = ()
        if ptype == "choice":
            choices = self.strings(t.get("choices"), join(path, "choices")) or ()
        elif "choices" in t:
            self.problem(
                join(path, "choices"), 'chỉ dùng với type = "choice" / only for type = "choice"'
            )
        of = None
        if ptype == "set":
            of = self.string(t.get("of"), join(path, "of"), choices=VOCABULARIES)
        elif "of" in t:
            self.problem(join(path, "of"), 'chỉ dùng với type = "set" / only for type = "set"')
        interprets = None
        if "interprets" in t:
            interprets = self.integer(t["interprets"], join(path, "interprets"), minimum=1)
            if interprets is not None and interprets > 9:
                self.problem(
                    join(path, "interprets"),
                    "clauses.md liệt kê 9 lựa chọn / clauses.md lists 9 choices",
                    found=interprets,
                )
        unset = self.string(t["unset"], join(path, "unset")) if "unset" in t else None
        values = []
        raw_values = t.get("values", [])
        if not isinstance(raw_values, list):
            self.problem(
                join(path, "values"),
                "phải là mảng bảng / must be an array of tables",
                found=raw_values,
            )
            raw_values = []
        for i, rv in enumerate(raw_values):
            vpath = join(join(path, "values"), i)
            if (vt := self.table(rv, vpath)) is not None and ptype is not None:
                dv = self.dated_value(vt, vpath, ptype, choices)
                if dv is not None:
                    values.append(dv)
        if not raw_values and unset is None:
            self.problem(
                join(path, "values"),
                "tham số không có giá trị và không nêu lý do / no value, and no `unset` reason",
                expected='at least one [[values]] entry, or `unset = "why"`',
            )
        ordered = sorted(values, key=lambda v: v.since or dt.date.min)
        for a, b in itertools.pairwise(ordered):
            if a.since == b.since:
                self.problem(
                    join(path, "values"),
                    "hai giá trị cùng ngày hiệu lực / two values from the same date",
                    found=b.since,
                )
        if text is None or ptype is None or clauses is None or reason is None:
            return None
        return Parameter(
            name, text, ptype, clauses, reason, tuple(ordered), choices, of, interprets, unset
        )

    def dated_value(
        self, vt: dict[str, Any], vpath: str, ptype: str, choices: tuple[str, ...]
    ) -> DatedValue | None:
        self.keys(vt, vpath, required=("source", "status"), optional=("since", "value", "unset"))
        since = self.date(vt["since"], join(vpath, "since")) if "since" in vt else None
        source = self.string(vt.get("source"), join(vpath, "source"))
        status = self.string(vt.get("status"), join(vpath, "status"), choices=STATUSES)
        unset = self.string(vt["unset"], join(vpath, "unset")) if "unset" in vt else None
        value: ParamValue | None = None
        if "value" in vt and unset is not None:
            self.problem(vpath, "có cả `value` và `unset` / has both `value` and `unset`")
        elif "value" in vt:
            value = self.typed(vt["value"], join(vpath, "value"), ptype, choices)
            if value is None:
                return None
        elif unset is None:
            self.problem(
                join(vpath, "value"),
                "thiếu giá trị / value is missing",
                expected='`value`, or `unset = "why"`',
            )
            return None
        if source is None or status is None or ("since" in vt and since is None):
            return None
        return DatedValue(since, value, source, status, unset)

    def typed(
        self, value: object, path: str, ptype: str, choices: tuple[str, ...]
    ) -> ParamValue | None:
        """A parameter value checked against its declared type."""
        if ptype in ("integer", "money"):
            return self.integer(value, path, minimum=0)
        if ptype == "boolean":
            if isinstance(value, bool):
                return value
            self.problem(
                path,
                "phải là true/false / must be a boolean",
                found=value,
                expected="true or false",
            )
            return None
        if ptype == "date":
            return self.date(value, path)
        if ptype == "month-day":
            if isinstance(value, str) and _MONTH_DAY.match(value):
                return value
            self.problem(
                path,
                'phải có dạng "MM-DD" / must be "MM-DD"',
                found=value,
                expected='a string such as "03-31"',
            )
            return None
        if ptype == "decimal":
            if isinstance(value, str):
                try:
                    number = Decimal(value)
                except InvalidOperation:
                    number = None
                if number is not None and number.is_finite() and number >= 0:
                    return number
            self.problem(
                path,
                "phải là số thập phân dạng chuỗi / must be a decimal string",
                found=value,
                expected='a string such as "0.3"',
            )
            return None
        if ptype == "choice":
            return self.string(value, path, choices=choices)
        if ptype == "set":
            if isinstance(value, list) and not value:
                return ()
            return self.strings(value, path)
        return self.string(value, path)

    # ---- criteria, tracks, principles, allocation -------------------------------------------

    def criteria(self, raw: object) -> tuple[Criterion, ...]:
        table = self.table(raw, "criteria") or {}
        self.declared["criteria"] = set(table)
        out = []
        for cid in sorted(table):
            path = join("criteria", cid)
            if (t := self.table(table[cid], path)) is None:
                continue
            self.keys(t, path, required=("vi", "en", "clauses", "when"))
            text = self.text(t, path)
            clauses = self.strings(t.get("clauses"), join(path, "clauses"))
            when = self.expr(t.get("when"), join(path, "when")) if "when" in t else None
            if text and clauses and when:
                out.append(Criterion(cid, text, clauses, when))
        return tuple(out)

    def tracks(self, raw: object) -> tuple[Track, ...]:
        table = self.table(raw, "tracks") or {}
        out = []
        for tid in sorted(table):
            path = join("tracks", tid)
            if (t := self.table(table[tid], path)) is None:
                continue
            self.keys(
                t,
                path,
                required=("vi", "en", "clauses", "subject", "round", "forms", "requires"),
                optional=("timing", "year"),
            )
            text = self.text(t, path)
            clauses = self.strings(t.get("clauses"), join(path, "clauses"))
            subject = self.string(t.get("subject"), join(path, "subject"), choices=CANDIDATE_KINDS)
            rnd = self.string(t.get("round"), join(path, "round"), choices=ROUNDS)
            forms = self.strings(t.get("forms"), join(path, "forms"))
            requires = (
                self.expr(t.get("requires"), join(path, "requires")) if "requires" in t else None
            )
            timing = self.timing(t["timing"], join(path, "timing")) if "timing" in t else None
            year = self.int_arg(t["year"], join(path, "year")) if "year" in t else None
            if (
                text
                and clauses
                and subject
                and rnd
                and forms
                and requires
                and ("timing" not in t or timing)
                and ("year" not in t or year is not None)
            ):
                out.append(Track(tid, text, clauses, subject, rnd, forms, requires, timing, year))
        return tuple(out)

    def timing(self, raw: object, path: str) -> Timing | None:
        t = self.table(raw, path)
        if t is None:
            return None
        rule = self.string(t.get("rule"), join(path, "rule"), choices=TIMING_RULES)
        needs = {
            "annual-deadline": ("deadline", "inclusive"),
            "after-achievement": ("within_days",),
            "window": ("opens", "closes"),
        }.get(rule or "", ())
        self.keys(t, path, required=("rule", "clauses", "late", *needs))
        clauses = self.strings(t.get("clauses"), join(path, "clauses"))
        late: str | Ref | None = None
        if isinstance(t.get("late"), dict):
            late = self.ref(t["late"], join(path, "late"))
        elif "late" in t:
            late = self.string(t["late"], join(path, "late"), choices=("canh-bao", "tu-choi"))
        refs: dict[str, Any] = {}
        for key in ("deadline", "opens", "closes"):
            if key in needs and key in t:
                refs[key] = self.ref(t[key], join(path, key))
                if refs[key] is None:
                    self.problem(
                        join(path, key),
                        'phải là { param = "…" } / must be a parameter reference',
                        found=t.get(key),
                    )
        if "inclusive" in needs and "inclusive" in t:
            refs["inclusive"] = self.bool_arg(t["inclusive"], join(path, "inclusive"))
        if "within_days" in needs and "within_days" in t:
            refs["within_days"] = self.int_arg(t["within_days"], join(path, "within_days"))
        if (
            rule is None
            or clauses is None
            or late is None
            or any(v is None for v in refs.values())
            or set(needs) - set(refs)
        ):
            return None
        return Timing(rule, clauses, late=late, **refs)

    def principles(self, raw: object) -> tuple[Principle, ...]:
        table = self.table(raw, "principles") or {}
        out = []
        for pid in sorted(table):
            path = join("principles", pid)
            if (t := self.table(table[pid], path)) is None:
                continue
            rule = self.string(t.get("rule"), join(path, "rule"), choices=PRINCIPLE_RULES)
            extra = {
                "one-achievement-one-reward": ("conflict",),
                "annual-limit": ("limit",),
                "period-end-limit": ("limit",),
                "report-deadline": ("deadline",),
                "judgement-precedence": ("precedence",),
            }.get(rule or "", ())
            self.keys(t, path, required=("vi", "en", "clauses", "rule", *extra), optional=("law",))
            text = self.text(t, path)
            clauses = self.strings(t.get("clauses"), join(path, "clauses"))
            law = self.string(t["law"], join(path, "law")) if "law" in t else None
            conflict = limit = deadline = precedence = None
            for key in ("conflict", "deadline", "precedence"):
                if key in extra and key in t:
                    ref = self.ref(t[key], join(path, key))
                    if ref is None:
                        self.problem(
                            join(path, key),
                            'phải là { param = "…" } / must be a parameter reference',
                            found=t[key],
                        )
                    elif key == "conflict":
                        conflict = ref
                    elif key == "deadline":
                        deadline = ref
                    else:
                        precedence = ref
            if "limit" in extra and "limit" in t:
                limit = self.int_arg(t["limit"], join(path, "limit"))
            complete = {
                "conflict": conflict,
                "limit": limit,
                "deadline": deadline,
                "precedence": precedence,
            }
            if text and clauses and rule and all(complete[k] is not None for k in extra):
                out.append(
                    Principle(pid, text, clauses, rule, law, conflict, limit, deadline, precedence)
                )
        return tuple(out)

    def allocation(self, raw: object) -> Allocation | None:
        t = self.table(raw, "allocation")
        if t is None:
            return None
        keys = ("amount_individual", "amount_collective", "base_salary", "rounding")
        self.keys(t, "allocation", required=("clauses", "priority", *keys), optional=("budget",))
        clauses = self.strings(t.get("clauses"), "allocation.clauses")
        refs = {}
        for key in keys:
            refs[key] = self.ref(t.get(key), join("allocation", key))
            if refs[key] is None and key in t:
                self.problem(
                    join("allocation", key),
                    'phải là { param = "…" } / must be a parameter reference',
                    found=t.get(key),
                )
        levels = []
        raw_levels = t.get("priority", [])
        if not isinstance(raw_levels, list):
            self.problem(
                "allocation.priority",
                "phải là mảng bảng / must be an array of tables",
                found=raw_levels,
            )
            raw_levels = []
        for i, lv in enumerate(raw_levels):
            lpath = join("allocation.priority", i)
            if (lt := self.table(lv, lpath)) is None:
                continue
            self.keys(lt, lpath, required=("vi", "en", "clauses", "when"))
            text = self.text(lt, lpath)
            lclauses = self.strings(lt.get("clauses"), join(lpath, "clauses"))
            when = self.expr(lt.get("when"), join(lpath, "when")) if "when" in lt else None
            if text and lclauses and when:
                levels.append(PriorityLevel(text, lclauses, when))
        budget = None
        if "budget" in t:
            budget = self.ref(t["budget"], "allocation.budget")
            if budget is None:
                self.problem(
                    "allocation.budget",
                    'phải là { param = "…" } / must be a parameter reference',
                    found=t["budget"],
                )
                return None
        if clauses is None or any(v is None for v in refs.values()):
            return None
        return Allocation(clauses, priority=tuple(levels), budget=budget, **refs)  # type: ignore[arg-type]
