"""Limits on public input, shared by the CLI and the web app."""

from __future__ import annotations

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
