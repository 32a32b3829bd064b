"""Where TOML text breaks a limit that stops `tomllib` itself: arrays and inline tables nested
deeper than its recursion allows, or an integer longer than Python's conversion allows.

`tomllib` then fails with a bare `RecursionError` or `ValueError`; this scan of the text finds
the key and the line. It reads tokens with one regular expression (strings and comments are
skipped whole, so a bracket inside them is not counted) and keeps a stack of the open brackets,
never a recursion. It runs only after `tomllib` has failed, so it need not judge the rest of
the syntax.
"""

from __future__ import annotations

import re

from thiduarules._clean import MAX_PROBLEMS
from thiduarules._limits import Limits, exceeded
from thiduarules.errors import Problem
from thiduarules.ruleset._reader import join

__all__ = ["toml_limit_problems"]

_TOKEN = re.compile(
    r'"""(?:[^"\\]|\\[\s\S]|"(?!""))*"""'
    r"|'''[\s\S]*?'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'[^'\n]*'"
    r"|#[^\n]*"
    r"|\n"
    r"|[\[\]{}=,]"
    r"|[^\s\[\]{}=,\"'#]+"
)
_INTEGER = re.compile(r"[+-]?(?:0[xob][0-9A-Fa-f_]+|[0-9][0-9_]*)")
_SHOWN_KEY = 80


def _name(tokens: list[str]) -> str:
    """A key as written (`criteria.x`, `clauses."III.1"`), for a path; long ones cut short."""
    key = "".join(t.strip("\"'") for t in tokens)
    return key if len(key) <= _SHOWN_KEY else key[:_SHOWN_KEY] + "…"


def _parts(key: str) -> int:
    return key.count(".") + 1 if key else 0


class _Scan:
    def __init__(self, text: str, file: str, limits: Limits) -> None:
        self.text = text
        self.file = file
        self.limits = limits
        self.problems: list[Problem] = []
        self.table = ""  # the current [table] or [[array of tables]]
        self.base = 1  # the depth of that table
        self.key: list[str] = []  # the tokens of the key being read
        self.prefix = ""  # the path of the value being read
        self.frames: list[list[object]] = []  # open brackets: [bracket, key or index]
        self.header: list[str] | None = None
        self.line_start = True
        self.deep_below: int | None = None
        self.previous = ""
        self.arrays: dict[str, int] = {}  # how many times each [[array of tables]] was opened

    def where(self, at: int) -> str:
        line = self.text.count("\n", 0, at) + 1
        return f"line {line}, column {at - self.text.rfind(chr(10), 0, at)}"

    def path(self) -> str:
        out = self.prefix
        for bracket, key in self.frames:
            if bracket == "[":
                out = join(out, key)  # type: ignore[arg-type]
            elif key:
                out = join(out, str(key))
        return out or "$"

    def depth(self) -> int:
        """The depth a container opened now would have: the table, the key's parts, brackets."""
        return self.base + _parts(_name(self.key)) + len(self.frames)

    def run(self) -> list[Problem]:
        for match in _TOKEN.finditer(self.text):
            self.token(match.group(), match.start())
            if len(self.problems) >= MAX_PROBLEMS:
                break
        return self.problems

    def token(self, tok: str, at: int) -> None:
        if tok.startswith("#"):
            return
        if self.header is not None:
            self.in_header(tok)
        elif tok == "\n":
            if not self.frames:
                self.line_start, self.key, self.prefix = True, [], ""
        elif self.line_start and tok == "[":
            self.header = []
        elif not self.frames and not self.prefix:
            self.in_key(tok)
        else:
            self.in_value(tok, at)
        if tok != "\n":
            self.line_start = False
            self.previous = tok

    def in_header(self, tok: str) -> None:
        if tok == "\n":
            written = [t for t in self.header or [] if t not in "[]"]
            self.table = _name(written)
            array = (self.header or [""])[0] == "["
            self.base = 1 + _parts(self.table) + (1 if array else 0)
            if array:
                index = self.arrays[self.table] = self.arrays.get(self.table, -1) + 1
                self.table = join(self.table, index)
            self.header, self.line_start, self.key = None, True, []
        else:
            self.header = [*(self.header or []), tok]

    def in_key(self, tok: str) -> None:
        if tok == "=":
            whole = ".".join(p for p in (self.table, _name(self.key)) if p)
            self.prefix = whole
        else:
            self.key.append(tok)

    def in_value(self, tok: str, at: int) -> None:
        top = self.frames[-1] if self.frames else None
        if tok in "[{":
            if self.deep_below is None and self.depth() > self.limits.ruleset_depth:
                found = f"more than {self.limits.ruleset_depth:,} levels ({self.where(at)})"
                self.problems.append(
                    exceeded(self.limits, "ruleset_depth", self.file, self.path(), found)
                )
                self.deep_below = len(self.frames)
            self.frames.append([tok, 0 if tok == "[" else ""])
        elif tok in "]}":
            if self.frames:
                self.frames.pop()
            if self.deep_below is not None and len(self.frames) <= self.deep_below:
                self.deep_below = None
        elif tok == ",":
            if top is not None and top[0] == "[":
                top[1] = int(top[1]) + 1  # type: ignore[call-overload]
            elif top is not None:
                top[1] = ""
        elif tok == "=":
            return
        elif top is not None and top[0] == "{" and self.previous in ("{", ","):
            top[1] = _name([tok])
        elif self.deep_below is None and _INTEGER.fullmatch(tok):
            bare = tok.lstrip("+-")
            digits = sum(c.isalnum() for c in bare) - (2 if bare[:2] in ("0x", "0o", "0b") else 0)
            if digits > self.limits.number_digits:
                found = f"an integer of {digits:,} digits ({self.where(at)})"
                self.problems.append(
                    exceeded(self.limits, "number_digits", self.file, self.path(), found)
                )


def toml_limit_problems(text: str, file: str, limits: Limits) -> list[Problem]:
    """Each place (up to `MAX_PROBLEMS`) where `text` nests deeper than `ruleset_depth` or writes
    an integer of more than `number_digits` digits, at its key path and line."""
    return _Scan(text, file, limits).run()
