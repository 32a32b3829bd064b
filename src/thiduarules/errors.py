"""The exceptions thiduarules raises, and the `Problem` record each input error carries.

    ThiduaRulesError
    ├── InputError(ValueError)          bad input: every problem at once, each at its path
    │   ├── RulesetError                a ruleset file that does not load
    │   └── CaseFileError               a case file that does not structure
    ├── ParameterUnsetError(LookupError) a parameter with no value in force where one is needed
    ├── DeadlineExceeded(TimeoutError)  the call's time limit passed; it stopped cleanly, returned nothing
    └── EngineError(RuntimeError)       the matching engine failed; no partial result is returned
        └── EngineDisagreement          durable-rules and the plain evaluator gave different answers

Messages are written for people (Vietnamese first, English beside it); the attributes
(`problems`, `path`, `expected`, `suggestion`) are for code. A message is safe to print: every
value it quotes from a file (an id, a key, a path, what was found) goes through `printable`,
so a control character in the data shows as `\\x1b`, never acts; the attributes keep the
values exactly as they were.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

import attrs

from thiduarules._printable import printable

__all__ = [
    "CaseFileError",
    "DeadlineExceeded",
    "EngineDisagreement",
    "EngineError",
    "InputError",
    "ParameterUnsetError",
    "Problem",
    "RulesetError",
    "ThiduaRulesError",
    "closest",
    "quoted",
]


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice most like `word`, for a "did you mean" hint, or None if none is close."""
    found = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return found[0] if found else None


def quoted(text: str) -> str:
    """A value as a message quotes it, `'text'`; escaped, like the rest, when it is printed."""
    return f"'{text}'"


@attrs.frozen
class Problem:
    """One mistake in an input file: where it is, what was found, what was allowed."""

    file: str
    path: str
    message: str
    found: str | None = None
    expected: str | None = None
    suggestion: str | None = None

    def __str__(self) -> str:
        """One line: every field escaped by `printable`, so none can break the line or act."""
        p = printable
        text = f"{p(self.file)}: {p(self.path)}: {p(self.message)}"
        if self.found is not None:
            text += f" (found {p(self.found)}"
            text += f"; expected {p(self.expected)})" if self.expected else ")"
        elif self.expected:
            text += f" (expected {p(self.expected)})"
        if self.suggestion:
            text += f" — did you mean {p(quoted(self.suggestion))}?"
        return text


class ThiduaRulesError(Exception):
    """Base of every error thiduarules raises on purpose."""


class InputError(ThiduaRulesError, ValueError):
    """An input file has mistakes; `problems` lists every one of them."""

    heading_vi = "Dữ liệu đầu vào có lỗi"
    heading_en = "The input has errors"

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        count = len(self.problems)
        lines = [f"{self.heading_vi} / {self.heading_en} ({count}):"]
        lines.extend(f"  - {p}" for p in self.problems)
        super().__init__("\n".join(lines))


class RulesetError(InputError):
    """A ruleset file does not load."""

    heading_vi = "Bộ quy tắc có lỗi"
    heading_en = "The ruleset has errors"


class CaseFileError(InputError):
    """A case file does not structure, or does not fit the ruleset it is evaluated against."""

    heading_vi = "Hồ sơ đầu vào có lỗi"
    heading_en = "The case file has errors"


class ParameterUnsetError(ThiduaRulesError, LookupError):
    """A parameter has no value in force on the date it is needed."""

    def __init__(self, name: str, on: str, reason: str | None) -> None:
        self.name = name
        self.on = on
        self.reason = reason
        why = f": {printable(reason)}" if reason else ""
        shown, day = printable(quoted(name)), printable(on)
        super().__init__(
            f"Tham số {shown} chưa có giá trị áp dụng ngày {day} / "
            f"parameter {shown} has no value in force on {day}{why}"
        )


class DeadlineExceeded(ThiduaRulesError, TimeoutError):
    """An evaluation or allocation ran past its `timeout`: it stopped at a checkpoint, with
    nothing left open in durable-rules and no partial result; the engine is usable as before.

    `limit` and `elapsed` are in seconds; `stage` names the work under way (a key of
    `thiduarules._deadline.STAGES`), `done` of `total` its units finished (0 of 0 when the stage
    has no units).
    """

    def __init__(
        self,
        limit: float,
        elapsed: float,
        stage: str,
        stage_vi: str,
        stage_en: str,
        done: int = 0,
        total: int = 0,
    ) -> None:
        self.limit = limit
        self.elapsed = elapsed
        self.stage = stage
        self.done = done
        self.total = total
        vi_count = f" (xong {done}/{total})" if total else ""
        en_count = f" ({done} of {total} done)" if total else ""
        super().__init__(
            f"Quá thời hạn {limit:g} giây: dừng sau {elapsed:.3g} giây, khi đang {stage_vi}"
            f"{vi_count}; không có kết quả nào được trả về / time limit of {limit:g} s exceeded: "
            f"stopped after {elapsed:.3g} s while {stage_en}{en_count}; no result is returned"
        )


class EngineError(ThiduaRulesError, RuntimeError):
    """The matching engine failed; the evaluation is abandoned rather than returned in part."""


class EngineDisagreement(EngineError):
    """durable-rules and the plain evaluator disagreed on which facts match a condition."""

    def __init__(self, details: Sequence[str]) -> None:
        self.details = tuple(details)
        shown = "\n".join(f"  - {printable(d)}" for d in self.details[:20])
        more = len(self.details) - 20
        if more > 0:
            shown += f"\n  … and {more} more"
        super().__init__(
            "durable-rules và bộ đánh giá Python không khớp / durable-rules and the plain "
            f"evaluator disagree ({len(self.details)}):\n{shown}"
        )
