"""Scoring one answer against its gold item, and the aggregate metrics. Pure functions.

Answers are the `Answer.to_json()` dicts of the qa contract (status, answer, value, unit, citations,
elapsed_ms), so this module depends on that contract only.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import Any

from budgetqa.eval.gold import GoldItem

# Money units relative to 元; an answer in 元 is compared with a gold figure in 万元 after conversion.
UNIT_SCALE = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "亿元": Decimal(100000000)}
PERCENT_UNITS = ("%", "％", "百分点")
PERCENT_TOLERANCE = Decimal("0.05")
RECALL_KS = (1, 3, 5)
# "减少344" and "-344" are both right; the direction is checked by the gold text phrases.
UNSIGNED_KINDS = ("delta", "ratio", "narrative")  # 为什么少了: 减少56.95万元 states the gap, by any sign


def normalize_text(text: str) -> str:
    """NFKC (full-width digits, Kangxi radicals) and no whitespace: wraps inside phrases must not matter."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def to_decimal(value: object) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        # str() keeps a float's shortest repr, so 9101.68 stays two decimals.
        return Decimal(str(value).replace(",", ""))
    except InvalidOperation:
        return None


def half_last_digit(value: Decimal) -> Decimal:
    """Half a unit of the last printed digit: 7021 -> 0.5, "867.50" -> 0.005, 0.95 -> 0.005."""
    exponent = value.as_tuple().exponent
    exp = min(exponent, 0) if isinstance(exponent, int) else 0
    return Decimal(5) * Decimal(10) ** (exp - 1)


# counting words that name the same unit: 274名 is 274人, 5家 单位 is 5个
COUNT_SYNONYMS = {"名": "人", "位": "人", "家": "个", "台（套）": "台", "台(套)": "台", "套": "台"}


def canonical_unit(unit: str | None) -> str | None:
    if not unit:
        return None
    unit = unit.strip()
    if unit in PERCENT_UNITS:
        return "%"
    return COUNT_SYNONYMS.get(unit, unit)


def convert(value: Decimal, from_unit: str | None, to_unit: str | None) -> Decimal | None:
    """Convert between money units; None when the units cannot be compared (万元 vs 辆)."""
    src, dst = canonical_unit(from_unit), canonical_unit(to_unit)
    if src == dst or src is None or dst is None:
        return value
    if src in UNIT_SCALE and dst in UNIT_SCALE:
        return value * UNIT_SCALE[src] / UNIT_SCALE[dst]
    return None


def numbers_match(
    gold: Decimal, gold_unit: str | None, got: Decimal, got_unit: str | None, *, signed: bool = True
) -> bool:
    """Equal after unit conversion, within half the last printed digit of either figure.

    The answer's own precision counts too: 9,101.68 万元 is right for 91,016,775.35 元.
    """
    if canonical_unit(gold_unit) == "%" or canonical_unit(got_unit) == "%":
        if canonical_unit(gold_unit) != canonical_unit(got_unit) and got_unit is not None:
            return False
        diff = abs(gold - got) if signed else abs(abs(gold) - abs(got))
        return diff <= PERCENT_TOLERANCE + Decimal("1e-9")
    converted = convert(got, got_unit, gold_unit)
    if converted is None:
        return False
    answer_tol = convert(half_last_digit(got), got_unit, gold_unit) or Decimal(0)
    tolerance = max(half_last_digit(gold), answer_tol)
    diff = abs(gold - converted) if signed else abs(abs(gold) - abs(converted))
    return diff <= tolerance


def phrases_match(groups: Sequence[Sequence[str]], text: str) -> bool:
    """Every group is matched by at least one of its phrases (any-of within, all-of across)."""
    hay = normalize_text(text)
    return all(any(normalize_text(p) in hay for p in group) for group in groups)


def answer_text(answer: Mapping[str, Any]) -> str:
    return str(answer.get("answer") or "")


# A figure with its unit in answer text: "230万元", "95.65%", "5辆" (not "2017年").
FIGURE_IN_TEXT = re.compile(r"(-?\d[\d,]*(?:\.\d+)?)\s*(亿元|万元|千元|元|%|％|倍|辆|人|个|台|名|期|分)")


def text_figures(text: str) -> list[tuple[Decimal, str]]:
    """Every figure stated with a unit in a text, in order."""
    figures = []
    for match in FIGURE_IN_TEXT.finditer(normalize_text(text)):
        number = to_decimal(match.group(1))
        if number is not None:
            figures.append((number, match.group(2)))
    return figures


def answer_figure(answer: Mapping[str, Any]) -> tuple[Decimal, str | None] | None:
    """The answer's figure: its `value`, else the first figure with a unit in its text.

    The text fallback keeps an engine that states the right figure but leaves `value` empty from being
    scored as if it had said nothing; `value` always wins when present.
    """
    got = to_decimal(answer.get("value"))
    if got is not None:
        return got, answer.get("unit")
    figures = text_figures(answer_text(answer))
    return figures[0] if figures else None


def answer_parts(answer: Mapping[str, Any]) -> list[tuple[Decimal, str | None]]:
    """The figures an answer gives for each thing a question in several parts asks (多少？比上年少多少？)."""
    parts = []
    for part in answer.get("parts") or ():
        value = to_decimal(part.get("value"))
        if value is not None:
            parts.append((value, part.get("unit")))
    return parts


def value_right(gold: GoldItem, answer: Mapping[str, Any]) -> bool | None:
    """None when the gold has no figure. A question asking several things has one expected figure, for
    one of them (which is the writer's choice): an answer giving each part is right when one part is it."""
    if gold.value is None:
        return None
    figure = answer_figure(answer)
    if figure is None:
        return False
    signed = gold.kind not in UNSIGNED_KINDS
    figures = answer_parts(answer) or [figure]
    return any(numbers_match(gold.value, gold.unit, got, unit, signed=signed) for got, unit in figures)


def answer_right(gold: GoldItem, answer: Mapping[str, Any]) -> bool:
    status = answer.get("status")
    if gold.kind == "unanswerable":
        return status == "not_found"
    if status != "answered":
        return False
    if value_right(gold, answer) is False:
        return False
    return phrases_match(gold.text, answer_text(answer))


def wrong_number(gold: GoldItem, answer: Mapping[str, Any]) -> bool:
    """Answered with a figure that is wrong: the failure users fear most.

    Without a `value`, only a text none of whose figures is right counts: listing both sides of a
    comparison without concluding is a wrong answer but not a wrong number.
    """
    if answer.get("status") != "answered" or answer_figure(answer) is None:
        return False
    if gold.kind == "unanswerable":
        return True
    if gold.value is None:
        return False
    if to_decimal(answer.get("value")) is not None:
        return value_right(gold, answer) is False
    signed = gold.kind not in UNSIGNED_KINDS
    return not any(
        numbers_match(gold.value, gold.unit, n, u, signed=signed)
        for n, u in text_figures(answer_text(answer))
    )


def _table_number(label: str) -> str | None:
    match = re.search(r"表\s*(\d+)", label)
    return match.group(1) if match else None


def table_matches(gold_table: str, cited: str | None) -> bool:
    """表9 matches "表9 一般公共预算“三公”经费支出表"; titles match by containment either way;
    "表9|第五部分" lists alternatives (a figure printed both in a table and in a part's text)."""
    if not cited:
        return False
    return any(_one_table_matches(g.strip(), cited) for g in gold_table.split("|") if g.strip())


def _one_table_matches(gold_table: str, cited: str) -> bool:
    gold_no, cited_no = _table_number(gold_table), _table_number(cited)
    if gold_no is not None and cited_no is not None:
        return gold_no == cited_no
    g, c = normalize_text(re.sub(r"表\s*\d+", "", gold_table)), normalize_text(cited)
    return bool(g) and (g in c or (len(c) >= 4 and c in g))


def same_document(cited_source: str, gold_docs: Sequence[str]) -> bool:
    """A file's text conversion is the same document: x.md answers for x.pdf and back (same stem)."""
    stem = PurePath(cited_source).stem
    return any(cited_source == d or PurePath(d).stem == stem for d in gold_docs)


def citation_hits(gold: GoldItem, citation: Mapping[str, Any]) -> bool:
    """A citation is right when it names a gold document and a gold page (or, without pages, the table/section)."""
    source = citation.get("source")
    if gold.docs and source and not same_document(str(source), gold.docs):
        return False
    if gold.pages:
        return citation.get("page") in gold.pages
    if gold.table:
        return table_matches(gold.table, citation.get("table")) or table_matches(
            gold.table, citation.get("section")
        )
    return False


def citable(gold: GoldItem) -> bool:
    return gold.kind != "unanswerable" and bool(gold.pages or gold.table)


def citation_right(gold: GoldItem, answer: Mapping[str, Any]) -> bool:
    return any(citation_hits(gold, c) for c in answer.get("citations") or [])


def recall_at_k(gold: GoldItem, answer: Mapping[str, Any], k: int) -> bool:
    return any(citation_hits(gold, c) for c in (answer.get("citations") or [])[:k])


def percentile(values: Sequence[float], q: float) -> float | None:
    """Nearest-rank percentile; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return float(ordered[rank - 1])


@dataclass(frozen=True)
class Scored:
    """One gold item with its answer and the per-question verdicts."""

    gold: GoldItem
    answer: Mapping[str, Any]
    right: bool
    citation: bool | None  # None when not applicable (unanswerable, not answered, nothing citable)
    wrong_number: bool

    @property
    def elapsed_ms(self) -> float | None:
        value = self.answer.get("elapsed_ms")
        return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def score(gold: GoldItem, answer: Mapping[str, Any]) -> Scored:
    cite: bool | None = None
    if citable(gold) and answer.get("status") == "answered":
        cite = citation_right(gold, answer)
    return Scored(gold, answer, answer_right(gold, answer), cite, wrong_number(gold, answer))


def _ratio(num: int, den: int) -> float | None:
    return None if den == 0 else num / den


def summarize(scored: Sequence[Scored]) -> dict[str, Any]:
    """All metrics over a group of scored questions (None where a metric has no denominator)."""
    unans = [s for s in scored if s.gold.kind == "unanswerable"]
    abstained = [s for s in scored if s.answer.get("status") == "not_found"]
    cited = [s for s in scored if s.citation is not None]
    narrative = [s for s in scored if s.gold.kind == "narrative" and citable(s.gold)]
    latencies = [s.elapsed_ms for s in scored if s.elapsed_ms is not None]
    metrics: dict[str, Any] = {
        "n": len(scored),
        "answer_accuracy": _ratio(sum(s.right for s in scored), len(scored)),
        "citation_accuracy": _ratio(sum(bool(s.citation) for s in cited), len(cited)),
        "wrong_number_rate": _ratio(sum(s.wrong_number for s in scored), len(scored)),
        "abstention_precision": _ratio(sum(s.gold.kind == "unanswerable" for s in abstained), len(abstained)),
        "abstention_recall": _ratio(sum(s.answer.get("status") == "not_found" for s in unans), len(unans)),
        "latency_p50_ms": percentile(latencies, 50),
        "latency_p95_ms": percentile(latencies, 95),
    }
    for k in RECALL_KS:
        metrics[f"narrative_recall@{k}"] = _ratio(
            sum(recall_at_k(s.gold, s.answer, k) for s in narrative), len(narrative)
        )
    return metrics


def group_by(scored: Iterable[Scored], key: Callable[[Scored], str]) -> dict[str, list[Scored]]:
    groups: dict[str, list[Scored]] = {}
    for s in scored:
        groups.setdefault(key(s), []).append(s)
    return dict(sorted(groups.items()))


def breakdown(scored: Sequence[Scored]) -> dict[str, Any]:
    """Overall, per kind and per document."""
    return {
        "overall": summarize(scored),
        "by_kind": {k: summarize(v) for k, v in group_by(scored, lambda s: s.gold.kind).items()},
        "by_doc": {k: summarize(v) for k, v in group_by(scored, lambda s: s.gold.doc_key).items()},
    }
