"""Loading a ruleset file: TOML → parse → validate → a frozen `Ruleset` with its content hash."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from thiduarules._canonical import digest
from thiduarules._clean import Cleaner
from thiduarules._limits import DEFAULT, Limits, check_size, read_bounded
from thiduarules.errors import Problem, RulesetError
from thiduarules.ruleset._depth import criteria_depth_problems
from thiduarules.ruleset._locate import toml_limit_problems
from thiduarules.ruleset._model import Meta, Ruleset, Text
from thiduarules.ruleset._names import NameChecker
from thiduarules.ruleset._parse import LANGUAGE, Parser
from thiduarules.ruleset._reader import join
from thiduarules.ruleset._validate import Validator

BUNDLED = "khuc-thua-du-cchc-2026-2030.toml"
SECTIONS = (
    "allocation",
    "assessments",
    "clauses",
    "criteria",
    "parameters",
    "principles",
    "ruleset",
    "tracks",
    "vocabularies",
)


def bundled_ruleset_path() -> Path:
    """The Khúc Thừa Dụ ruleset shipped inside the package (the default everywhere)."""
    return Path(str(resources.files("thiduarules") / "data" / BUNDLED))


def load_ruleset(path: str | Path | None = None, *, limits: Limits | None = None) -> Ruleset:
    """Read, check and freeze a ruleset file; raise `RulesetError` listing every mistake.
    `limits` bounds what is accepted (file size, nesting, names; default `Limits()`)."""
    limits = limits or DEFAULT
    file = Path(path) if path is not None else bundled_ruleset_path()
    name = str(path) if path is not None else f"<bundled>/{BUNDLED}"
    data = read_bounded(file, name, limits, "ruleset_bytes", RulesetError)
    return loads_ruleset(data, name, limits=limits)


def loads_ruleset(
    data: bytes | str, name: str = "<string>", *, limits: Limits | None = None
) -> Ruleset:
    """Like `load_ruleset`, from the file's content; `name` is used in messages."""
    limits = limits or DEFAULT
    check_size(data, name, limits, "ruleset_bytes", RulesetError)
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError as exc:
        raise RulesetError(
            [Problem(name, "$", f"không phải UTF-8 / not UTF-8 at byte {exc.start}")]
        ) from exc
    try:
        parsed = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulesetError(
            [Problem(name, "$", f"TOML không hợp lệ / invalid TOML: {exc}")]
        ) from exc
    except (RecursionError, ValueError) as exc:
        # Nesting past tomllib's recursion, or an integer past Python's conversion limit.
        problems = toml_limit_problems(text, name, limits) or [
            Problem(name, "$", f"TOML không đọc được / TOML that cannot be read: {exc}")
        ]
        raise RulesetError(problems) from None
    cleaner = Cleaner(
        name,
        limits,
        depth="ruleset_depth",
        strings=None,
        keys="slug_length",
        numbers=True,
        root="",
        join=join,
    )
    raw = cleaner.run(parsed)
    if cleaner.problems:
        raise RulesetError(_sorted(cleaner.problems))
    return build(raw, name, limits)


def build(raw: dict[str, Any], name: str, limits: Limits = DEFAULT) -> Ruleset:
    """Parse and validate raw tables (already NFC, within `limits`' nesting) into a `Ruleset`."""
    names = NameChecker(name, limits)
    names.check(raw)
    if names.fatal:
        raise RulesetError(_sorted(names.problems))
    p = Parser(name)
    p.problems += names.problems
    p.keys(
        raw,
        "",
        required=(
            "ruleset",
            "clauses",
            "vocabularies",
            "assessments",
            "parameters",
            "criteria",
            "tracks",
        ),
        optional=("principles", "allocation"),
    )
    meta = p.meta(raw.get("ruleset"))
    parts = {
        "clauses": p.clauses(raw.get("clauses", {})),
        "vocabularies": p.vocabularies(raw.get("vocabularies", {})),
        "assessments": p.assessments(raw.get("assessments", {})),
        "parameters": p.parameters(raw.get("parameters", {})),
        "criteria": p.criteria(raw.get("criteria", {})),
        "tracks": p.tracks(raw.get("tracks", {})),
        "principles": p.principles(raw.get("principles", {})),
        "allocation": p.allocation(raw["allocation"]) if "allocation" in raw else None,
    }
    # Without a usable [ruleset] table the rest is still checked, against a placeholder period,
    # so that every mistake is reported at once.
    placeholder = meta is None
    if meta is None:
        empty = Text("", "")
        meta = Meta("", "", LANGUAGE, empty, empty, "", dt.date.min, dt.date.max)
    rs = Ruleset(meta=meta, file=name, **parts)  # type: ignore[arg-type]
    Validator(rs, p, check_period=not placeholder).run()
    p.problems += criteria_depth_problems(rs, name, limits)
    if p.problems:
        raise RulesetError(_sorted(p.problems))
    return attrs.evolve(rs, content_hash=content_hash(rs))


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(set(problems), key=lambda x: (path_key(x.path), x.message))


def path_key(path: str) -> tuple[tuple[int, str], ...]:
    """A sort key for key paths in which `[10]` comes after `[2]`."""
    return tuple(
        (int(part), "") if part.isdigit() else (-1, part)
        for part in re.split(r"[\[\].]+", path)
        if part
    )


def content_hash(rs: Ruleset) -> str:
    """SHA-256 of the ruleset's canonical form: the same rules hash alike however the file is laid out."""
    return digest(attrs.evolve(rs, file="", content_hash=""))
