"""Reading a case file: JSON → NFC → cattrs (unknown fields rejected) → checks against a ruleset."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory, is_sequence
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError

from thiduarules.case._memo import IdentityMemo
from thiduarules.case._model import (
    FORMAT,
    Achievement,
    Assessment,
    Award,
    Candidate,
    Case,
    CouncilDecision,
    Nomination,
    UnitReport,
)
from thiduarules.errors import CaseFileError, Problem, closest
from thiduarules.ruleset._load import path_key
from thiduarules.ruleset._model import CANDIDATE_KINDS, Ruleset

_T = TypeVar("_T")
_WHAT = {
    "candidate": "đối tượng",
    "achievement": "thành tích",
    "nomination": "đề nghị",
    "ca-nhan": "cá nhân",
    "tap-the": "tập thể",
}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MIN_YEAR, MAX_YEAR = 1900, 2200


def _found(value: Any) -> str:
    """A JSON value as a person would name it: `string '2026'`, `null`, `integer 7`."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"string {value!r}"
    if isinstance(value, int | float):
        return f"number {value}"
    return "an array" if isinstance(value, list) else "an object"


def _strict(kind: type, name: str) -> Callable[[Any, Any], Any]:
    def hook(value: Any, _: Any) -> Any:
        # bool is an int in Python; a case file's `true` is never a year.
        if type(value) is not kind:
            raise TypeError(f"expected {name}, found {_found(value)}")
        return value

    return hook


def _date(value: Any, _: Any) -> dt.date:
    if isinstance(value, str) and _DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"expected a real date, found {_found(value)}") from None
    raise ValueError(f'expected a date "YYYY-MM-DD", found {_found(value)}')


def _arrays(type_: Any, conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    """A JSON array, item by item; never a string or an object read as its characters or keys."""
    items = homogenous_tuple_structure_factory(type_, conv)

    def hook(value: Any, _: Any) -> Any:
        if not isinstance(value, list):
            raise TypeError(f"expected an array, found {_found(value)}")
        return items(value, type_)

    return hook


def make_converter() -> cattrs.Converter:
    """The case-file converter: strict scalar types, JSON arrays, ISO dates, unknown keys rejected."""
    conv = cattrs.Converter(forbid_extra_keys=True)
    conv.register_structure_hook_factory(is_sequence, _arrays)
    conv.register_structure_hook(str, _strict(str, "a string"))
    conv.register_structure_hook(int, _strict(int, "an integer"))
    conv.register_structure_hook(bool, _strict(bool, "true or false"))
    conv.register_structure_hook(dt.date, _date)
    conv.register_unstructure_hook(dt.date, lambda d: d.isoformat())
    return conv


converter = make_converter()


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    if isinstance(value, dict):
        return {_nfc(k): _nfc(v) for k, v in value.items()}
    return value


class _Duplicated(dict):  # type: ignore[type-arg]
    """A JSON object in which a key appeared twice; located after parsing, then reported."""

    duplicates: list[str]


def _keep_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    twice = []
    for key, value in pairs:
        if key in out:
            twice.append(key)
        out[key] = value
    if not twice:
        return out
    marked = _Duplicated(out)
    marked.duplicates = twice
    return marked


def _duplicate_keys(value: Any, path: str, name: str) -> list[Problem]:
    """Every object of the parsed JSON that repeated a key, at its JSON path."""
    found = []
    if isinstance(value, _Duplicated):
        for key in value.duplicates:
            found.append(
                Problem(
                    name,
                    path,
                    "khóa JSON lặp lại / duplicate JSON key",
                    repr(key),
                    "each key once per object",
                )
            )
    if isinstance(value, dict):
        for key, item in value.items():
            found += _duplicate_keys(item, f"{path}.{key}", name)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _duplicate_keys(item, f"{path}[{i}]", name)
    return found


def read_case(path: str | Path, ruleset: Ruleset) -> Case:
    """Load a case file and check it against `ruleset`; raise `CaseFileError` with every problem."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise CaseFileError(
            [Problem(name, "$", f"không đọc được tệp / cannot read the file: {exc.strerror}")]
        ) from exc
    return parse_case(data, ruleset, name)


def parse_case(data: bytes | str, ruleset: Ruleset, name: str = "<string>") -> Case:
    """Like `read_case`, from the file's content."""
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
        raw = json.loads(text, object_pairs_hook=_keep_duplicates)
    except UnicodeDecodeError as exc:
        raise CaseFileError(
            [Problem(name, "$", f"không phải UTF-8 / not UTF-8 at byte {exc.start}")]
        ) from exc
    except json.JSONDecodeError as exc:
        raise CaseFileError(
            [
                Problem(
                    name,
                    "$",
                    f"JSON không hợp lệ / invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
                )
            ]
        ) from exc
    duplicated = _duplicate_keys(raw, "$", name)
    if duplicated:
        raise CaseFileError(duplicated)
    return structure_case(raw, ruleset, name)


def structure_case(raw: Any, ruleset: Ruleset, name: str = "<data>") -> Case:
    """Structure already-parsed JSON data into a `Case` checked against `ruleset`."""
    raw = _nfc(raw)
    if not isinstance(raw, dict):
        raise CaseFileError(
            [
                Problem(
                    name,
                    "$",
                    "phải là đối tượng JSON / must be a JSON object",
                    found=type(raw).__name__,
                )
            ]
        )
    try:
        case = converter.structure(raw, Case)
    except ClassValidationError as exc:
        # Report every shape problem, then still check what did structure, so that a wrong type
        # in one place does not hide an unknown track in another.
        problems = shape_problems(exc, name)
        partial, indexes, broken = _partial(raw)
        problems += CaseChecker(ruleset, name, indexes=indexes, broken=broken).check(partial)
        raise CaseFileError(_sorted(problems)) from exc
    problems = CaseChecker(ruleset, name).check(case)
    if problems:
        raise CaseFileError(_sorted(problems))
    case = sort_case(case)
    _remember_checked(case, ruleset)
    return case


_SEP = "\x1f"


def _format(exc: BaseException, type_: Any) -> str:
    """cattrs' error text, replaced by our own hooks' messages and by structured extra keys."""
    if isinstance(exc, ForbiddenExtraKeysError):
        allowed = sorted(f.name for f in attrs.fields(exc.cl)) if attrs.has(exc.cl) else []
        return _SEP.join(["extra", ",".join(sorted(exc.extra_fields)), ",".join(allowed)])
    if isinstance(exc, KeyError):
        return "missing"
    if isinstance(exc, TypeError | ValueError) and str(exc).startswith("expected"):
        return str(exc)
    return str(cattrs.v.format_exception(exc, type_))


def shape_problems(exc: ClassValidationError, name: str) -> list[Problem]:
    """cattrs' exception group as problems, each at its JSON path."""
    problems = []
    for line in cattrs.transform_error(exc, path="$", format_exception=_format):
        message, _, where = line.rpartition(" @ ")
        where = where or "$"
        if message.startswith("extra" + _SEP):
            _, fields, allowed = message.split(_SEP)
            choices = allowed.split(",") if allowed else []
            for field in fields.split(","):
                problems.append(
                    Problem(
                        name,
                        f"{where}.{field}",
                        "trường không hợp lệ / unknown field",
                        repr(field),
                        "one of " + ", ".join(choices) if choices else None,
                        closest(field, choices),
                    )
                )
        elif message == "missing":
            problems.append(
                Problem(name, where, "thiếu trường bắt buộc / required field is missing")
            )
        else:
            problems.append(Problem(name, where, f"sai kiểu / wrong type: {message}"))
    return problems


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(set(problems), key=lambda p: (path_key(p.path), p.message))


_COLLECTIONS: dict[str, type] = {
    "candidates": Candidate,
    "achievements": Achievement,
    "assessments": Assessment,
    "awards": Award,
    "nominations": Nomination,
    "unit_reports": UnitReport,
    "council_decisions": CouncilDecision,
}


def _partial(raw: dict[str, Any]) -> tuple[Case, dict[str, list[int]], set[str]]:
    """The items that do structure, where each came from, and the ids of those that do not."""
    parts: dict[str, Any] = {}
    indexes: dict[str, list[int]] = {}
    broken: set[str] = set()
    for coll, cls in _COLLECTIONS.items():
        items: list[Any] = []
        where: list[int] = []
        raw_items = raw.get(coll, [])
        for i, item in enumerate(raw_items if isinstance(raw_items, list) else []):
            try:
                items.append(converter.structure(item, cls))
                where.append(i)
            except Exception:  # its shape problem is already reported
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    broken.add(item["id"])
        parts[coll] = tuple(items)
        indexes[coll] = where
    fmt = raw.get("format")
    return Case(format=fmt if isinstance(fmt, str) else FORMAT, **parts), indexes, broken


def sort_case(case: Case) -> Case:
    """The same case with every collection in a canonical order (so input order never matters)."""
    return attrs.evolve(
        case,
        candidates=tuple(sorted(case.candidates, key=lambda c: c.id)),
        achievements=tuple(sorted(case.achievements, key=lambda a: a.id)),
        assessments=tuple(sorted(case.assessments, key=lambda a: a.id)),
        awards=tuple(sorted(case.awards, key=lambda a: a.id)),
        nominations=tuple(sorted(case.nominations, key=lambda n: n.id)),
        unit_reports=tuple(sorted(case.unit_reports, key=_report_key)),
        council_decisions=tuple(sorted(case.council_decisions, key=lambda d: d.id)),
    )


def _report_key(r: UnitReport) -> tuple[str, int, str]:
    return (r.unit, r.year, r.reported.isoformat() if r.reported else "")


class CaseChecker:
    """Checks references and vocabulary of a structured case; paths keep the file's own indexes."""

    def __init__(
        self,
        rs: Ruleset,
        name: str,
        *,
        indexes: dict[str, list[int]] | None = None,
        broken: set[str] | None = None,
    ) -> None:
        self.rs = rs
        self.name = name
        self.indexes = indexes or {}
        self.broken = broken or set()
        self.problems: list[Problem] = []
        self.vocab = {n: {t.slug for t in terms} for n, terms in rs.vocabularies}
        self.kinds = {a.slug: a for a in rs.assessments}
        self.tracks = {t.id for t in rs.tracks}

    def add(self, path: str, message: str, found: object = None, allowed: Any = None) -> None:
        suggestion = closest(found, allowed) if isinstance(found, str) and allowed else None
        expected = None
        if allowed is not None:
            shown = sorted(allowed)
            expected = "one of " + ", ".join(shown[:12]) + (" …" if len(shown) > 12 else "")
        self.problems.append(
            Problem(
                self.name,
                path,
                message,
                None if found is None else repr(found),
                expected,
                suggestion,
            )
        )

    def at(self, coll: str, items: tuple[_T, ...]) -> list[tuple[int, _T]]:
        """Items with their index in the file (which differs when some did not structure)."""
        where = self.indexes.get(coll)
        return list(zip(where, items, strict=True)) if where is not None else list(enumerate(items))

    def ids(self, items: tuple[Any, ...], coll: str) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        first: dict[str, int] = {}
        for i, item in self.at(coll, items):
            if not item.id.strip():
                self.add(f"$.{coll}[{i}].id", "mã rỗng / empty id")
            if item.id in seen:
                self.add(
                    f"$.{coll}[{i}].id",
                    f"mã trùng với $.{coll}[{first[item.id]}] / duplicate id, first at $.{coll}[{first[item.id]}]",
                    item.id,
                )
            else:
                first[item.id] = i
            seen[item.id] = item
        return seen

    def member(self, path: str, value: str, vocab: str) -> None:
        if value not in self.vocab[vocab]:
            self.add(
                path,
                f"không có trong từ vựng {vocab} của bộ quy tắc / not in the ruleset's {vocab}",
                value,
                self.vocab[vocab],
            )

    def ref(self, path: str, value: str, table: dict[str, Any], what: str) -> bool:
        if value in self.broken:
            return False  # defined, with a shape problem of its own already reported
        if value not in table:
            self.add(path, f"không có {_WHAT[what]} này / no such {what}", value, set(table))
            return False
        return True

    def year(self, path: str, year: int) -> None:
        if not MIN_YEAR <= year <= MAX_YEAR:
            self.add(path, f"năm ngoài khoảng {MIN_YEAR}–{MAX_YEAR} / year out of range", year)

    def check(self, case: Case) -> list[Problem]:
        if case.format != FORMAT:
            self.add(
                "$.format", "định dạng không hỗ trợ / unsupported format", case.format, {FORMAT}
            )
        cands = self.ids(case.candidates, "candidates")
        achs = self.ids(case.achievements, "achievements")
        self.ids(case.assessments, "assessments")
        self.ids(case.awards, "awards")
        self.ids(case.nominations, "nominations")
        for i, c in self.at("candidates", case.candidates):
            p = f"$.candidates[{i}]"
            if c.kind not in CANDIDATE_KINDS:
                self.add(
                    f"{p}.kind",
                    "loại đối tượng không hợp lệ / not a kind of candidate",
                    c.kind,
                    set(CANDIDATE_KINDS),
                )
            if c.role is not None:
                self.member(f"{p}.role", c.role, "roles")
            for j, d in enumerate(c.duties):
                self.member(f"{p}.duties[{j}]", d, "duties")
        for i, a in self.at("achievements", case.achievements):
            p = f"$.achievements[{i}]"
            self.member(f"{p}.kind", a.kind, "achievement-kinds")
            if not a.holders:
                self.add(
                    f"{p}.holders",
                    "cần ít nhất một người/tập thể nắm giữ / needs at least one holder",
                )
            for j, h in enumerate(a.holders):
                self.ref(f"{p}.holders[{j}]", h, cands, "candidate")
            if a.recognised_by is not None:
                self.member(f"{p}.recognised_by", a.recognised_by, "bodies")
        for i, s in self.at("assessments", case.assessments):
            p = f"$.assessments[{i}]"
            self.ref(f"{p}.subject", s.subject, cands, "candidate")
            self.member(f"{p}.by", s.by, "bodies")
            self.year(f"{p}.year", s.year)
            kind = self.kinds.get(s.kind)
            subject = cands.get(s.subject)
            if (
                kind is not None
                and subject is not None
                and kind.subject not in ("any", subject.kind)
            ):
                self.add(
                    f"{p}.kind",
                    f"đánh giá {s.kind} chỉ dành cho {_WHAT[kind.subject]}; {s.subject} là {_WHAT[subject.kind]} / {s.kind} is for a {kind.subject}, {s.subject} is a {subject.kind}",
                    s.kind,
                )
            if kind is None:
                self.add(
                    f"{p}.kind",
                    "loại đánh giá không có trong bộ quy tắc / no such kind of assessment",
                    s.kind,
                    set(self.kinds),
                )
            elif s.value not in kind.value_slugs():
                self.add(
                    f"{p}.value",
                    f"không phải giá trị của {s.kind} / not a value of {s.kind}",
                    s.value,
                    set(kind.value_slugs()),
                )
        for i, w in self.at("awards", case.awards):
            p = f"$.awards[{i}]"
            self.ref(f"{p}.recipient", w.recipient, cands, "candidate")
            self.member(f"{p}.form", w.form, "forms")
            for j, a_id in enumerate(w.achievements):
                self.ref(f"{p}.achievements[{j}]", a_id, achs, "achievement")
        for i, n in self.at("nominations", case.nominations):
            p = f"$.nominations[{i}]"
            has_cand = self.ref(f"{p}.candidate", n.candidate, cands, "candidate")
            self.year(f"{p}.year", n.year)
            if n.track not in self.tracks:
                self.add(
                    f"{p}.track",
                    "không có diện khen thưởng này / no such track",
                    n.track,
                    self.tracks,
                )
            if n.form is not None:
                self.member(f"{p}.form", n.form, "forms")
            if len(set(n.achievements)) != len(n.achievements):
                self.add(
                    f"{p}.achievements",
                    "một thành tích được kê hai lần / an achievement is listed twice",
                )
            for j, a_id in enumerate(n.achievements):
                if (
                    self.ref(f"{p}.achievements[{j}]", a_id, achs, "achievement")
                    and has_cand
                    and n.candidate not in achs[a_id].holders
                ):
                    self.add(
                        f"{p}.achievements[{j}]",
                        f"thành tích {a_id} không thuộc {n.candidate} / achievement {a_id} is not held by {n.candidate}",
                        a_id,
                    )
        for i, r in self.at("unit_reports", case.unit_reports):
            self.year(f"$.unit_reports[{i}].year", r.year)
        self.decisions(case, achs)
        return self.problems

    def decisions(self, case: Case, achs: dict[str, Any]) -> None:
        """The Council's decisions: each names a nomination, and either an achievement that
        nomination claims or (without one) an annual place; one decision per question."""
        noms = {n.id: n for n in case.nominations}
        self.ids(case.council_decisions, "council_decisions")
        settled: dict[tuple[str, ...], int] = {}
        for i, d in self.at("council_decisions", case.council_decisions):
            p = f"$.council_decisions[{i}]"
            self.member(f"{p}.by", d.by, "bodies")
            if not self.ref(f"{p}.nomination", d.nomination, noms, "nomination"):
                continue
            n = noms[d.nomination]
            if d.achievement is not None:
                if not self.ref(f"{p}.achievement", d.achievement, achs, "achievement"):
                    continue
                if d.achievement not in n.achievements:
                    self.add(
                        f"{p}.achievement",
                        f"đề nghị {n.id} không nêu thành tích {d.achievement} / nomination {n.id} does not claim {d.achievement}",
                        d.achievement,
                        set(n.achievements) or None,
                    )
                    continue
                question: tuple[str, ...] = ("achievement", d.achievement)
            else:
                track = next((t for t in self.rs.tracks if t.id == n.track), None)
                if track is not None and track.round != "annual":
                    self.add(
                        f"{p}.achievement",
                        f"thiếu thành tích: đề nghị {n.id} không thuộc đợt xét hằng năm, nên quyết định phải nêu thành tích được tính / missing: {n.id} is not an annual nomination, so the decision must name the achievement it counts for",
                    )
                    continue
                question = ("annual", n.candidate, str(n.year), n.id)
            if question in settled:
                first = settled[question]
                self.add(
                    p,
                    f"trùng với quyết định $.council_decisions[{first}] / the same question as $.council_decisions[{first}]",
                )
            else:
                settled[question] = i


# Cases this process structured and checked, with the content hash of the ruleset they fit:
# the engine need not check them again.
_CHECKED: IdentityMemo[Case, str] = IdentityMemo()


def _remember_checked(case: Case, ruleset: Ruleset) -> None:
    _CHECKED.put(case, ruleset.content_hash)


def check_case(case: Case, ruleset: Ruleset, name: str = "<Case>") -> None:
    """Check a `Case` that may have been built in Python, not read from a file, with the same
    errors a file gets: wrong types and dangling references raise `CaseFileError`, never a
    bare `KeyError` deep inside the engine. A case `structure_case` returned for this ruleset
    was checked then, and is not checked again."""
    if _CHECKED.get(case) == ruleset.content_hash:
        return
    try:
        problems = CaseChecker(ruleset, name).check(case)
    except (TypeError, AttributeError, ValueError):
        # Values of the wrong type: structure it as a file would be, for the file's messages.
        structure_case(converter.unstructure(case), ruleset, name)
        raise CaseFileError(  # structure_case found nothing, yet the checker could not run
            [Problem(name, "$", "hồ sơ không hợp lệ / the case is not well-formed")]
        ) from None
    if problems:
        raise CaseFileError(_sorted(problems))
    _remember_checked(case, ruleset)
