"""A time limit for one evaluation: where it is checked, and the error it raises when it passes.

What: `Deadline(seconds)` fixes, on the monotonic clock, the moment an `Engine.evaluate` or
`Engine.allocate` call must be done by. The engine checks it between its stages, before each
durable-rules session, between nominations and between the passes of the principles; once the
moment has passed, `check` raises `DeadlineExceeded`, saying the limit and how far the work got.

Why: a deadline that stops work at one of these points never stops it inside a durable-rules
session or half way through building a verdict, so nothing is left open and nothing partial is
returned; the engine is as it was before the call. A check is one clock read (well under a
microsecond), so checking at every nomination costs nothing that can be measured.
"""

from __future__ import annotations

import math
import time

from thiduarules.errors import DeadlineExceeded

# What the engine was doing at each checkpoint: (Vietnamese, English).
STAGES: dict[str, tuple[str, str]] = {
    "case": ("kiểm tra và mã hoá hồ sơ", "checking and encoding the case"),
    "matching": ("đối chiếu dữ kiện với điều kiện", "matching facts against the conditions"),
    "durable": ("chờ hoặc chạy durable-rules", "waiting for or running durable-rules"),
    "nominations": ("xét từng đề nghị", "evaluating the nominations"),
    "principles": (
        "áp dụng nguyên tắc giữa các đề nghị",
        "applying the principles across nominations",
    ),
    "allocation": ("lập danh sách đề nghị khen thưởng", "drawing up the recommendation list"),
}


def seconds(timeout: float) -> float:
    """`timeout` checked: a positive number of seconds (infinity means no limit)."""
    if isinstance(timeout, bool) or not isinstance(timeout, int | float):
        raise TypeError(f"timeout must be a number of seconds, not {type(timeout).__name__}")
    if math.isnan(timeout) or timeout <= 0:
        raise ValueError(f"timeout must be a positive number of seconds, not {timeout!r}")
    return float(timeout)


class Deadline:
    """The moment, on the monotonic clock, by which one call must be done."""

    __slots__ = ("at", "limit", "started")

    def __init__(self, timeout: float) -> None:
        self.limit = seconds(timeout)
        self.started = time.monotonic()
        self.at = self.started + self.limit

    @classmethod
    def of(cls, timeout: float | None) -> Deadline | None:
        """A deadline `timeout` seconds from now, or None for no limit."""
        return None if timeout is None else cls(timeout)

    def remaining(self) -> float:
        """Seconds left (0 once the deadline has passed)."""
        return max(0.0, self.at - time.monotonic())

    def check(self, stage: str, done: int = 0, total: int = 0) -> None:
        """Raise `DeadlineExceeded` if the deadline has passed, at `stage` with `done` of `total`
        units of its work finished (0 of 0: the stage has no units)."""
        now = time.monotonic()
        if now > self.at:
            raise self.exceeded(stage, done, total, now)

    def exceeded(
        self, stage: str, done: int = 0, total: int = 0, now: float | None = None
    ) -> DeadlineExceeded:
        """The error for passing the deadline at `stage`."""
        elapsed = (time.monotonic() if now is None else now) - self.started
        vi, en = STAGES[stage]
        return DeadlineExceeded(self.limit, elapsed, stage, vi, en, done, total)
