"""Limits on public input, shared by the CLI and the web app."""

from __future__ import annotations

import threading
import time

MAX_QUESTION_CHARS = 500  # a long budget question is ~60 characters; a pasted page is not a question


class QuestionTooLongError(ValueError):
    """A question over MAX_QUESTION_CHARS; the message says how long it was and what to do."""


def check_question(text: str) -> str:
    """The question stripped, or QuestionTooLongError naming its length and the limit."""
    text = text.strip()
    if len(text) > MAX_QUESTION_CHARS:
        raise QuestionTooLongError(
            f"问题太长（{len(text)} 字）：请把问题缩短到 {MAX_QUESTION_CHARS} 字以内，一次问一件事。"
        )
    return text


class RateLimiter:
    """At most `limit` events per `window` seconds for each key (a client address): a sliding window."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self._events: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str, now: float | None = None) -> bool:
        """Record one event for `key` and say whether it is within the limit."""
        now = time.monotonic() if now is None else now
        with self._lock:
            if len(self._events) > 10_000:  # forget idle clients so the map stays small
                self._events = {k: v for k, v in self._events.items() if v and now - v[-1] < self.window}
            recent = [t for t in self._events.get(key, []) if now - t < self.window]
            if len(recent) >= self.limit:
                self._events[key] = recent
                return False
            recent.append(now)
            self._events[key] = recent
            return True

    def retry_after(self, key: str, now: float | None = None) -> float:
        now = time.monotonic() if now is None else now
        with self._lock:
            recent = self._events.get(key) or [now]
            return max(0.0, self.window - (now - recent[0]))


# Public chat: a person asks a few questions a minute; a script asking hundreds is slowed down.
PUBLIC_QUESTIONS = RateLimiter(limit=30, window=60.0)
