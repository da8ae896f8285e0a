"""Optional LLM phrasing of a deterministic answer, behind a number guard.

The answer text is built from stored facts; an LLM may only make it read better. Any number in the
rewrite that the deterministic answer did not contain rejects the rewrite, so a hallucinated figure can
never reach the user: the caller falls back to the deterministic text. Plain urllib, no new dependency;
any OpenAI-compatible server (llama.cpp, Ollama, vLLM) works.
"""

from __future__ import annotations

import json
import re
import unicodedata
import urllib.error
import urllib.request
from collections.abc import Iterable
from typing import Any

SYSTEM_PROMPT = (
    "你是政府预算问答助手。请把用户给出的答案改写成通顺、简洁的中文。"
    "必须原样保留答案中的每一个数字、单位、年份和出处（文件、页码、表号），"
    "不得增加新的数字、不得换算单位、不得计算、不得补充答案以外的信息。只输出改写后的答案。"
)

# Arabic numbers: thousands groups only when exactly three digits follow each comma, so the clause
# comma in "7,021万元,比上年" (full-width "，" after NFKC) is not read as part of the number.
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
# An amount or rate spelled in Chinese numerals ("七千万元", "百分之二十"): the deterministic answer
# never writes figures this way, so such a phrase in a rewrite is an invented or converted figure.
_CN_LEAD = "零〇一二三四五六七八九两十"  # not 百/千 alone: "千元" and "百万元" are units, not amounts
_CN_DIGIT = _CN_LEAD + "百千"
_CHINESE_AMOUNT = re.compile(
    rf"百分之[{_CN_DIGIT}点]+|[{_CN_LEAD}][{_CN_DIGIT}]*(?:点[{_CN_DIGIT}]+)?(?:万|亿)?元|[{_CN_LEAD}][{_CN_DIGIT}]*个百分点"
)
_THINK = re.compile(r"<think>.*?</think>", re.S)


def normalize_number(text: str) -> str:
    """`1,234` -> `1234`, `58.70` -> `58.7`, `007` -> `7`, `3.0` -> `3`."""
    text = unicodedata.normalize("NFKC", text).replace(",", "")
    whole, dot, frac = text.partition(".")
    whole = whole.lstrip("0") or "0"
    frac = frac.rstrip("0") if dot else ""
    return f"{whole}.{frac}" if frac else whole


def numbers_in(text: str) -> set[str]:
    """The normalised Arabic numbers in a text (full-width digits included); signs and % are dropped."""
    return {normalize_number(m) for m in _NUMBER.findall(unicodedata.normalize("NFKC", text))}


def _allowed_set(allowed_numbers: Iterable[str]) -> set[str]:
    """Accept bare numbers or figures with units ("7,021万元", "58.70%"): each yields its numbers."""
    out: set[str] = set()
    for item in allowed_numbers:
        out |= numbers_in(str(item))
    return out


def guard(rewritten: str, allowed_numbers: Iterable[str]) -> bool:
    """True only if every number in `rewritten` is one of `allowed_numbers` (compared normalised).

    Years are not special: a year is allowed when the caller allows it, e.g. because it appears in the
    original answer. Amounts written in Chinese numerals are refused outright.
    """
    allowed = _allowed_set(allowed_numbers)
    if _CHINESE_AMOUNT.search(rewritten):
        return False
    return numbers_in(rewritten) <= allowed


def _chat_request(url: str, model: str, answer_text: str) -> urllib.request.Request:
    body = {
        "model": model,
        "temperature": 0,
        "messages": [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": answer_text},
        ],
    }
    return urllib.request.Request(
        url.rstrip("/") + "/chat/completions",
        data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json"},
        method="POST",
    )


def _reply_text(payload: Any) -> str | None:
    """choices[0].message.content of an OpenAI-style reply, reasoning blocks removed; None if absent."""
    try:
        content = payload["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        return None
    if not isinstance(content, str):
        return None
    return _THINK.sub("", content).strip() or None


def rephrase(
    answer_text: str,
    allowed_numbers: Iterable[str],
    *,
    url: str,
    model: str,
    timeout: float = 20,
    api_key: str | None = None,
) -> str | None:
    """The answer rewritten by an OpenAI-compatible chat endpoint, or None to keep the original.

    Allowed in the rewrite: `allowed_numbers` and every number of `answer_text` (its years, page and
    table numbers). Required: every allowed number that `answer_text` states must still be there, so
    a rewrite cannot drop the figure that answers the question. Any HTTP, timeout or JSON failure
    returns None.
    """
    allowed = _allowed_set(allowed_numbers)
    stated = numbers_in(answer_text)
    request = _chat_request(url, model, answer_text)
    if api_key:
        request.add_header("Authorization", f"Bearer {api_key}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            payload = json.loads(response.read().decode("utf-8"))
    except (urllib.error.URLError, OSError, ValueError):  # HTTPError, timeouts, bad JSON or UTF-8
        return None
    rewritten = _reply_text(payload)
    if rewritten is None or not guard(rewritten, allowed | stated):
        return None
    if not (allowed & stated) <= numbers_in(rewritten):
        return None
    return rewritten
