"""Where JSON text breaks a limit that stops Python's own parser: nesting deeper than its
recursion allows, or an integer longer than its conversion allows (4,300 digits).

`json.loads` then fails without a position; this scan of the text finds the place. It reads
tokens with one regular expression and keeps a stack of the open arrays and objects, never a
recursion, and runs only after the parser has failed.
"""

from __future__ import annotations

import json
import re

from thiduarules._clean import MAX_PROBLEMS, json_join
from thiduarules._limits import Limits, exceeded
from thiduarules.errors import Problem

__all__ = ["json_limit_problems"]

_TOKEN = re.compile(
    r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{},:]|-?[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?'
)
_SHOWN_KEY = 80


def _key(token: str) -> str:
    key = token[1:-1]
    try:
        decoded = json.loads(token)
        decoded.encode("utf-8")
        key = str(decoded)
    except (ValueError, UnicodeEncodeError):
        pass  # an escape that does not decode: shown as written
    return key if len(key) <= _SHOWN_KEY else key[:_SHOWN_KEY] + "…"


def _where(text: str, at: int) -> str:
    line = text.count("\n", 0, at) + 1
    return f"line {line}, column {at - text.rfind(chr(10), 0, at)}"


def json_limit_problems(text: str, file: str, limits: Limits) -> list[Problem]:
    """Each place (up to `MAX_PROBLEMS`) where `text` nests deeper than `case_depth` or writes an
    integer of more than `number_digits` digits, at its JSON path."""
    # One frame per open container: [is_object, key or index, expecting a key].
    stack: list[list[object]] = []
    problems: list[Problem] = []
    deep_below: int | None = None  # inside a subtree already reported as too deep

    def path() -> str:
        out = "$"
        for _, key, _ in stack:
            if key is not None:
                out = json_join(out, key)  # type: ignore[arg-type]
        return out

    for match in _TOKEN.finditer(text):
        token = match.group()
        first = token[0]
        top = stack[-1] if stack else None
        if first == '"':
            if top is not None and top[0] and top[2]:
                top[1] = _key(token)
        elif first in "[{":
            if deep_below is None and len(stack) + 1 > limits.case_depth:
                found = f"more than {limits.case_depth:,} levels ({_where(text, match.start())})"
                problems.append(exceeded(limits, "case_depth", file, path(), found))
                deep_below = len(stack)
            stack.append([first == "{", None if first == "{" else 0, True])
        elif first in "]}":
            if stack:
                stack.pop()
            if deep_below is not None and len(stack) <= deep_below:
                deep_below = None
        elif first == ",":
            if top is not None and top[0]:
                top[2] = True
            elif top is not None:
                top[1] = int(top[1]) + 1  # type: ignore[call-overload]
        elif first == ":":
            if top is not None:
                top[2] = False
        elif deep_below is None and not any(c in token for c in ".eE"):
            digits = len(token.lstrip("-"))
            if digits > limits.number_digits:
                found = f"an integer of {digits:,} digits ({_where(text, match.start())})"
                problems.append(exceeded(limits, "number_digits", file, path(), found))
        if len(problems) >= MAX_PROBLEMS:
            break
    return problems
