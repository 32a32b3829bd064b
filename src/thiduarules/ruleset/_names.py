"""The names a ruleset defines — slugs and clause IDs, in their format and length — and how many
criteria it defines, checked on the raw tables before anything is built from them.

Slugs reach the matching engine as values: two long ones that differ only at the end would
compare equal there (durable-rules compares strings over 64 KiB by length modulo 65,536), so a
name is refused at load, not found out at evaluation.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from thiduarules._limits import LimitProblem, Limits, exceeded
from thiduarules.errors import Problem, quoted
from thiduarules.ruleset._reader import join

__all__ = ["NameChecker", "ascii_slug"]

_SHOWN = 20


def ascii_slug(name: str) -> str:
    """`name` folded to lowercase ASCII kebab-case: `Công-chức` → `cong-chuc`, `A B` → `a-b`."""
    folded = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", bare).strip("-")


def _tables(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


class NameChecker:
    """Collects the problems of one raw ruleset's names."""

    def __init__(self, file: str, limits: Limits) -> None:
        self.file = file
        self.limits = limits
        self.slug = re.compile(limits.slug_pattern)
        self.clause = re.compile(limits.clause_pattern)
        self.problems: list[Problem] = []

    @property
    def fatal(self) -> bool:
        """A broken length or count: building the ruleset would only repeat the long names."""
        return any(
            isinstance(p, LimitProblem) and p.limit in ("slug_length", "criteria")
            for p in self.problems
        )

    def name(self, name: object, parent: str, *, clause: bool = False, key: bool = True) -> None:
        """Check one name written at `parent` (as a key of that table, or as its value)."""
        if not isinstance(name, str):
            return
        if len(name) > self.limits.slug_length:
            found = f"a name of {len(name):,} characters, {quoted(name[:_SHOWN])} … {quoted(name[-_SHOWN:])}"
            self.problems.append(exceeded(self.limits, "slug_length", self.file, parent, found))
            return
        pattern, limit = (self.clause, "clause_pattern") if clause else (self.slug, "slug_pattern")
        if pattern.fullmatch(name):
            return
        folded = ascii_slug(name)
        suggestion = folded if not clause and folded and pattern.fullmatch(folded) else None
        path = join(parent, name) if key else parent
        self.problems.append(
            exceeded(self.limits, limit, self.file, path, quoted(name), suggestion=suggestion)
        )

    def keys(self, table: object, path: str, *, clause: bool = False) -> dict[str, Any]:
        tables = _tables(table)
        for name in tables:
            self.name(name, path, clause=clause)
        return tables

    def check(self, raw: dict[str, Any]) -> list[Problem]:
        criteria = _tables(raw.get("criteria"))
        if len(criteria) > self.limits.criteria:
            self.problems.append(
                exceeded(
                    self.limits, "criteria", self.file, "criteria", f"{len(criteria):,} criteria"
                )
            )
        self.name(_tables(raw.get("ruleset")).get("id"), "ruleset.id", key=False)
        self.keys(raw.get("clauses"), "clauses", clause=True)
        for vocab, terms in _tables(raw.get("vocabularies")).items():
            self.keys(terms, join("vocabularies", vocab))
        for kind, table in self.keys(raw.get("assessments"), "assessments").items():
            values = join(join("assessments", kind), "values")
            self.keys(_tables(table).get("values"), values)
        for param, table in self.keys(raw.get("parameters"), "parameters").items():
            choices = _tables(table).get("choices")
            for i, choice in enumerate(choices if isinstance(choices, list) else []):
                self.name(choice, join(join(join("parameters", param), "choices"), i), key=False)
        for section in ("criteria", "tracks", "principles"):
            self.keys(raw.get(section), section)
        return self.problems
