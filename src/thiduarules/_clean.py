"""One pass over parsed input (JSON or TOML data): every string to NFC, and every limit a tree
can break — nesting depth, string length, integer digits, text that cannot be encoded as UTF-8,
keys written twice — found at its path.

The pass is a loop over an explicit stack, never a recursion, so data nested a hundred thousand
levels deep is reported, not a `RecursionError`. It copies what it reads (the caller's data is
never changed) and stops descending where a limit is broken.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

from thiduarules._limits import Limits, exceeded
from thiduarules.errors import Problem, quoted

__all__ = ["MAX_PROBLEMS", "Cleaner", "Duplicated", "json_join", "keep_duplicates"]

# Past this many problems the pass stops: a hostile file must not make an error message larger
# than itself.
MAX_PROBLEMS = 100

Join = Callable[[str, str | int], str]
_Node = tuple[Any, str | int] | None


def json_join(path: str, key: str | int) -> str:
    """A JSON path one step further: `$.nominations` + 3 → `$.nominations[3]`."""
    return f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}"


class Duplicated(dict):  # type: ignore[type-arg]
    """A JSON object in which a key appeared twice; located by the pass, then reported."""

    duplicates: list[str]


def keep_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """`json.loads`' object hook: a plain dict, or a `Duplicated` one naming the repeated keys."""
    out = dict(pairs)
    if len(out) == len(pairs):
        return out
    seen: set[str] = set()
    twice = []
    for key, _ in pairs:
        if key in seen:
            twice.append(key)
        seen.add(key)
    marked = Duplicated(out)
    marked.duplicates = twice
    return marked


class _Full(Exception):
    """Raised inside the pass once it has found `MAX_PROBLEMS` problems."""


class Cleaner:
    """The pass for one file. `depth` names the nesting limit that applies (`case_depth` or
    `ruleset_depth`), `strings` the limit on the length of strings, `keys` the one on the
    length of keys (`string_length`, `slug_length`); None for none. `numbers` says whether
    `number_digits` applies. Text that cannot be encoded is always refused."""

    def __init__(
        self,
        file: str,
        limits: Limits,
        *,
        depth: str | None,
        strings: str | None,
        keys: str | None,
        numbers: bool,
        root: str = "$",
        join: Join = json_join,
    ) -> None:
        self.file = file
        self.limits = limits
        self.depth_limit = depth
        self.max_depth: int = getattr(limits, depth) if depth else 1 << 62
        self.string_limit, self.key_limit = strings, keys
        self.max_string: int | None = getattr(limits, strings) if strings else None
        self.max_key: int | None = getattr(limits, keys) if keys else None
        self.bound = 10**limits.number_digits if numbers else None
        self.root = root
        self.join = join
        self.problems: list[Problem] = []

    # ---- reporting ---------------------------------------------------------------------------

    def path(self, node: _Node) -> str:
        keys: list[str | int] = []
        while node is not None:
            node, key = node
            keys.append(key)
        path = self.root
        for key in reversed(keys):
            path = self.join(path, key)
        return path or "$"

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)
        if len(self.problems) >= MAX_PROBLEMS:
            raise _Full

    def limit(self, limit: str, node: _Node, found: str) -> None:
        self.add(exceeded(self.limits, limit, self.file, self.path(node), found))

    def unencodable(self, node: _Node, text: str, what: tuple[str, str]) -> None:
        at = next(i for i, ch in enumerate(text) if 0xD800 <= ord(ch) <= 0xDFFF)
        self.add(
            Problem(
                self.file,
                self.path(node),
                f"{what[0]} chứa ký tự không mã hóa được UTF-8 (nửa cặp surrogate) / "
                f"{what[1]} contains a character that cannot be encoded as UTF-8 (a lone surrogate)",
                f"U+{ord(text[at]):04X} at character {at}",
                "valid Unicode text",
            )
        )

    # ---- the checks of one value -------------------------------------------------------------

    def text(self, value: str, node: _Node, *, key: bool = False) -> str | None:
        """The string (or, with `key`, the object key) in NFC, or None (and a problem recorded)
        if it breaks a limit; a key's problem is reported at its object's path."""
        most, limit = (
            (self.max_key, self.key_limit) if key else (self.max_string, self.string_limit)
        )
        if most is not None and len(value) > most:
            found = (
                f"a key of {len(value):,} characters, {quoted(value[:20])} … {quoted(value[-20:])}"
            )
            if not key:
                found = f"a string of {len(value):,} characters"
            self.limit(limit or "", node, found)
            return None
        if value.isascii():
            return value
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            self.unencodable(node, value, ("khóa", "a key") if key else ("chuỗi", "the string"))
            return None
        return unicodedata.normalize("NFC", value)

    def number(self, value: int, node: _Node) -> None:
        size = value.bit_length()
        # str() of an integer over 4,300 digits raises; its size in bits is close enough there.
        digits = len(str(abs(value))) if size < 14_000 else int(size * 0.30103) + 1
        self.limit("number_digits", node, f"an integer of {digits:,} digits")

    # ---- the pass ------------------------------------------------------------------------------

    def run(self, raw: Any) -> Any:
        """The cleaned copy of `raw`; `problems` lists what broke a limit (at most MAX_PROBLEMS)."""
        try:
            return self._run(raw)
        except _Full:
            self.problems.append(
                Problem(
                    self.file,
                    "$",
                    f"dừng kiểm tra sau {MAX_PROBLEMS} lỗi / checking stopped after {MAX_PROBLEMS} problems",
                )
            )
            return None

    def _run(self, raw: Any) -> Any:
        if type(raw) is str:
            return self.text(raw, None)
        if type(raw) is int:
            if self.bound is not None and not -self.bound < raw < self.bound:
                self.number(raw, None)
            return raw
        if not isinstance(raw, dict | list):
            return raw
        out: dict[Any, Any] | list[Any] = {} if isinstance(raw, dict) else []
        stack: list[tuple[Any, Any, _Node, int]] = [(raw, out, None, 1)]
        bound = self.bound
        longest = self.max_string if self.max_string is not None else 1 << 62
        longest_key = self.max_key if self.max_key is not None else 1 << 62
        while stack:
            src, dst, node, depth = stack.pop()
            is_dict = isinstance(src, dict)
            if type(src) is Duplicated:
                self._duplicates(src, node)
            refused = 0
            for key, value in src.items() if is_dict else enumerate(src):
                out_key = key
                # Short ASCII text is already NFC and encodable: the common case, kept inline.
                if is_dict and type(key) is str and not (key.isascii() and len(key) <= longest_key):
                    out_key = self.text(key, node, key=True)
                    if out_key is None:
                        refused += 1
                        continue
                kind = type(value)
                if kind is str:
                    if not (value.isascii() and len(value) <= longest):
                        value = self.text(value, (node, key))
                elif kind is int:
                    if bound is not None and not -bound < value < bound:
                        self.number(value, (node, key))
                elif isinstance(value, dict | list):
                    if depth >= self.max_depth:
                        self.limit(
                            self.depth_limit or "",
                            (node, key),
                            f"more than {self.max_depth:,} levels",
                        )
                        value = None
                    else:
                        child: dict[Any, Any] | list[Any] = {} if isinstance(value, dict) else []
                        stack.append((value, child, (node, key), depth + 1))
                        value = child
                if is_dict:
                    dst[out_key] = value
                else:
                    dst.append(value)
            if is_dict and len(dst) + refused < len(src):
                self._collisions(src, node)
        return out

    def _duplicates(self, src: Duplicated, node: _Node) -> None:
        for twice in src.duplicates:
            self.add(
                Problem(
                    self.file,
                    self.path(node),
                    "khóa JSON lặp lại / duplicate JSON key",
                    quoted(twice),
                    "each key once per object",
                )
            )

    def _collisions(self, src: dict[Any, Any], node: _Node) -> None:
        """Keys that differ as written but are the same in NFC: one key written twice."""
        seen: set[str] = set()
        for key in src:
            if type(key) is not str:
                continue
            same = unicodedata.normalize("NFC", key)
            if same in seen:
                self.add(
                    Problem(
                        self.file,
                        self.path(node),
                        "hai khóa giống nhau sau chuẩn hóa NFC / two keys are the same in NFC",
                        quoted(same),
                        "each key once per object",
                    )
                )
            seen.add(same)
