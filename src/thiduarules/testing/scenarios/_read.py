"""Reading scenario files: TOML → `Scenario` records, every problem of every file at once."""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from thiduarules.errors import Problem, quoted
from thiduarules.ruleset._model import Text
from thiduarules.ruleset._parse import Parser, nfc
from thiduarules.ruleset._reader import join
from thiduarules.testing.scenarios._model import (
    COLLECTIONS,
    EQUIVALENTS_FILE,
    EXPECTATION_KEYS,
    FORMAT,
    OUTCOMES,
    SCENARIO_KEYS,
    Expectation,
    Scenario,
    ScenarioError,
)


def shipped_suite_paths() -> tuple[Path, ...]:
    """The scenario files shipped for the bundled ruleset, in name order."""
    folder = Path(str(resources.files("thiduarules") / "data" / "scenarios"))
    return tuple(sorted(p for p in folder.glob("*.toml") if p.name != EQUIVALENTS_FILE))


def read_scenarios(paths: Iterable[str | Path]) -> tuple[Scenario, ...]:
    """Every scenario of `paths`, in file order; `ScenarioError` lists every problem at once."""
    scenarios, problems = read_files(paths)
    if problems:
        raise ScenarioError(problems)
    return scenarios


def read_files(paths: Iterable[str | Path]) -> tuple[tuple[Scenario, ...], list[Problem]]:
    """The scenarios that read cleanly, and the problems of the others."""
    problems: list[Problem] = []
    out: list[Scenario] = []
    for path in paths:
        name = str(path)
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            problems.append(
                Problem(name, "$", f"không đọc được tệp / cannot read the file: {exc.strerror}")
            )
            continue
        found, trouble = _loads(data, name)
        out.extend(found)
        problems.extend(trouble)
    seen: dict[str, Scenario] = {}
    for s in out:
        if not s.id:
            continue
        if s.id in seen:
            first = seen[s.id]
            problems.append(
                Problem(
                    s.file,
                    join(s.path, "id"),
                    f"mã kịch bản trùng với {first.file}: {first.path} / duplicate scenario id",
                    found=quoted(s.id),
                )
            )
        seen.setdefault(s.id, s)
    return tuple(out), problems


def loads_scenarios(data: bytes | str, name: str = "<string>") -> tuple[Scenario, ...]:
    """The scenarios of one file's content; `name` is used in messages."""
    found, problems = _loads(data, name)
    if problems:
        raise ScenarioError(problems)
    return found


def _loads(data: bytes | str, name: str) -> tuple[tuple[Scenario, ...], list[Problem]]:
    r = Parser(name)
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError as exc:
        return (), [Problem(name, "$", f"không phải UTF-8 / not UTF-8 at byte {exc.start}")]
    try:
        raw = nfc(tomllib.loads(text))
    except tomllib.TOMLDecodeError as exc:
        return (), [Problem(name, "$", f"TOML không hợp lệ / invalid TOML: {exc}")]
    r.keys(raw, "", required=("format", "scenarios"), optional=("ruleset", "as_of", "parameters"))
    if r.string(raw.get("format"), "format", choices=(FORMAT,)) is None:
        return (), r.problems
    ruleset_id = r.string(raw["ruleset"], "ruleset") if "ruleset" in raw else None
    default_as_of = r.date(raw["as_of"], "as_of") if "as_of" in raw else None
    defaults: dict[str, Any] = {}
    if "parameters" in raw:
        defaults = r.table(raw["parameters"], "parameters") or {}
    items = raw.get("scenarios", [])
    if not isinstance(items, list) or not items:
        r.problem(
            "scenarios",
            "phải là mảng bảng, ít nhất một kịch bản / must be a non-empty array of tables",
            found=items,
        )
        items = []
    out: list[Scenario] = []
    for i, item in enumerate(items):
        path = join("scenarios", i)
        table = r.table(item, path)
        if table is not None:
            s = _scenario(r, table, path, default_as_of, defaults)
            out.append(attrs.evolve(s, ruleset=ruleset_id))
    return tuple(out), r.problems


def _text(r: Parser, raw: object, path: str) -> Text | None:
    table = r.table(raw, path)
    if table is None:
        return None
    if not r.keys(table, path, required=("vi", "en")):
        return None
    return r.text(table, path)


def _scenario(
    r: Parser, t: dict[str, Any], path: str, default_as_of: dt.date | None, defaults: dict[str, Any]
) -> Scenario:
    """One scenario table; one with problems of its own comes back marked incomplete."""
    before = len(r.problems)
    r.keys(t, path, required=("id", "title", "clauses", "nominations"), optional=SCENARIO_KEYS)
    sid = r.string(t.get("id"), join(path, "id"))
    title = _text(r, t.get("title"), join(path, "title")) if "title" in t else None
    clauses = r.strings(t.get("clauses"), join(path, "clauses")) if "clauses" in t else None
    as_of = r.date(t["as_of"], join(path, "as_of")) if "as_of" in t else default_as_of
    why = r.string(t["why"], join(path, "why")) if "why" in t else None
    params = dict(defaults)
    if "parameters" in t and (pt := r.table(t["parameters"], join(path, "parameters"))) is not None:
        params.update(pt)
    late: tuple[str, ...] | None = None
    if "late_reports" in t:
        value = t["late_reports"]
        late = (
            ()
            if isinstance(value, list) and not value
            else r.strings(value, join(path, "late_reports"))
        )
    facts: dict[str, Any] = {}
    for coll in COLLECTIONS:
        value = t.get(coll, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            r.problem(
                join(path, coll), "phải là mảng bảng / must be an array of tables", found=value
            )
            continue
        facts[coll] = value
    expectations: list[Expectation] = []
    for j, nom in enumerate(facts.get("nominations", [])):
        npath = join(join(path, "nominations"), j)
        exp = _expectation(r, nom, npath)
        if exp is not None:
            expectations.append(exp)
    if isinstance(t.get("nominations"), list) and not t["nominations"]:
        r.problem(
            join(path, "nominations"), "cần ít nhất một đề nghị / needs at least one nomination"
        )
    complete = len(r.problems) == before and None not in (sid, title, clauses)
    case = {
        coll: [
            _plain_facts(_without_expectations(v) if coll == "nominations" else v)
            for v in facts[coll]
        ]
        for coll in COLLECTIONS
        if coll in facts  # a collection that is not an array of tables is reported already
    }
    return Scenario(
        sid or "",
        r.file,
        path,
        title or Text("", ""),
        clauses or (),
        as_of,
        tuple(sorted(params.items())),
        case,
        tuple(expectations),
        why,
        late_reports=late,
        complete=complete,
    )


def _expectation(r: Parser, nom: dict[str, Any], path: str) -> Expectation | None:
    nid = nom.get("id")
    if "expect" not in nom:
        r.problem(
            join(path, "expect"),
            "thiếu kết quả mong đợi / the expected outcome is missing",
            expected="expect = " + " | ".join(f'"{o}"' for o in OUTCOMES),
        )
        return None
    outcome = r.string(nom["expect"], join(path, "expect"), choices=OUTCOMES)
    lists: dict[str, tuple[str, ...]] = {}
    for key in ("cites", "not_cites", "warns"):
        if key not in nom:
            continue
        value = nom[key]
        if isinstance(value, list) and not value:
            lists[key] = ()
        elif (got := r.strings(value, join(path, key))) is not None:
            lists[key] = got
    both = sorted(set(lists.get("cites", ())) & set(lists.get("not_cites", ())))
    if both:
        r.problem(
            join(path, "not_cites"),
            "điều khoản vừa phải dẫn vừa không được dẫn / clause both in cites and not_cites",
            found=", ".join(both),
            raw=True,
        )
    if not isinstance(nid, str) or outcome is None:
        return None
    chosen = next(o for o in OUTCOMES if o == outcome)
    cites, not_cites = lists.get("cites", ()), lists.get("not_cites", ())
    return Expectation(nid, chosen, cites, not_cites, lists.get("warns"), path)


def _without_expectations(nom: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in nom.items() if k not in EXPECTATION_KEYS}


def _plain_facts(value: Any) -> Any:
    """TOML values as the case converter reads JSON: dates become "YYYY-MM-DD" strings."""
    if isinstance(value, dict):
        return {k: _plain_facts(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_facts(v) for v in value]
    if type(value) is dt.date:
        return value.isoformat()
    return value
