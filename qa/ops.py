"""Operations over several figures: one pure function each, in one registry (`OPS`).

The figures come as `Evidence` (a value with its unit and provenance), read from a table cell or from a
sentence of the text. The same functions serve two items of one department (基本支出和项目支出哪个多) and one
item of several departments (外办和区府办谁花得多); the caller only says whose figures they are.

A new operation is a member of `budgetqa.qa.question.Op` (with its trigger words, in that module), one
function here and its entry in `OPS`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from budgetqa.qa import calc, compose
from budgetqa.qa.answer import Citation
from budgetqa.qa.question import Op, Parsed, shortfall
from budgetqa.store import Fact

# the size of the gap is asked (A比B少多少 / 相差多少), not which side is larger
GAP_ASKED = re.compile(
    r"相差|差了?多少|差了?几|差额|差距|(?:多|少|高|低)(?:安排|花|用|拨|给|出|了|出了)*多少"
)


@dataclass(frozen=True)
class Evidence:
    """One figure with its provenance, converted to the answer's unit (`common`, see `in_unit`)."""

    who: str  # whose figure it is: 上海市普陀区人民政府办公室2025年 / 基本支出
    value: Decimal  # as printed
    unit: str | None
    common: Decimal  # in the answer's unit
    citations: tuple[Citation, ...]
    facts: tuple[Fact, ...]
    source: str  # 表9 …，第24页 / 文字部分 “…”
    conversion: str | None = None


@dataclass(frozen=True)
class Result:
    """What an operation computed: the value, its formula and the sentence that says it."""

    value: Decimal
    unit: str | None
    formula: str
    says: str
    kind: str  # the answer's kind (ratio / sum / delta / compare / rank)


class NotComputable(ValueError):
    """The figures were found but the operation has no value over them (a multiple of 0)."""


def common_unit(evidence: Sequence[Evidence], asked: str | None) -> str | None:
    """The unit the question asks for; else the shared printed unit; mixed 元/万元 → 万元."""
    if asked:
        return asked
    units = {e.unit for e in evidence if e.unit}
    if len(units) == 1:
        return units.pop()
    return "万元" if units else None


def in_unit(evidence: Sequence[Evidence], unit: str | None) -> list[Evidence]:
    out = []
    for e in evidence:
        value, _, conversion = calc.convert(e.value, e.unit, unit)
        out.append(replace(e, common=value, conversion=conversion))
    return out


def yes_no(evidence: Sequence[Evidence], claim: str, unit: str | None) -> str:
    """是/不是 for `A是不是比B多` (claim "more") or `…少` ("less"): the first named against the second."""
    first, second = evidence[0], evidence[-1]
    gap = first.common - second.common
    if gap == 0:
        return f"不是，两者相同，均为{compose.amount(first.common, unit)}。"
    holds = gap > 0 if claim == "more" else gap < 0
    word = "多" if gap > 0 else "少"
    return (
        f"{'是' if holds else '不是'}，{first.who}比{second.who}{word}{compose.amount(abs(gap), unit)}"
        f"（较大的是{(first if gap > 0 else second).who}，{compose.amount(max(first.common, second.common), unit)}）。"
    )


def times(evidence: Sequence[Evidence], asked: Parsed, unit: str | None) -> Result:
    """A是B的几倍: the first named over the second."""
    first, second = evidence[0], evidence[1]
    if second.common == 0:
        raise NotComputable(f"{second.who}为 0，无法计算倍数。")
    ratio = (first.common / second.common).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    formula = f"{calc.fmt(first.common)} ÷ {calc.fmt(second.common)} = {calc.fmt_plain(ratio)}"
    return Result(ratio, "倍", formula, f"{first.who}是{second.who}的{calc.fmt_plain(ratio)}倍。", "ratio")


def total(evidence: Sequence[Evidence], asked: Parsed, unit: str | None) -> Result:
    """A和B加起来."""
    value, formula = calc.total([e.common for e in evidence], unit)
    return Result(value, unit, formula, f"合计{compose.amount(value, unit)}。", "sum")


def gap(evidence: Sequence[Evidence], asked: Parsed, unit: str | None) -> Result:
    """A比B少多少: the first named minus the second, signed like a change; asked as how much less (少了多少) and
    less, its size."""
    first, second = evidence[0], evidence[1]
    value, formula = calc.difference(first.common, second.common, unit)
    words = "多" if value > 0 else ("少" if value < 0 else "持平")
    amount = "" if value == 0 else compose.amount(abs(value), unit)
    said = f"{first.who}比{second.who}{words}{amount}。"
    if (size := shortfall(value, asked.text)) != value:
        return Result(size, unit, formula, said, "compare")  # 少了多少: how much less, as a positive amount
    return Result(value, unit, formula, said, "delta")


def gap_rate(evidence: Sequence[Evidence], asked: Parsed, unit: str | None) -> Result:
    """A比B高出百分之几: the first named minus the second, over the second."""
    first, second = evidence[0], evidence[1]
    rate, formula = calc.growth_rate(first.common, second.common)
    if rate is None:
        raise NotComputable(f"{second.who}为 0，无法计算高出的百分比。")
    if rate == 0:
        return Result(rate, "%", formula, f"{first.who}与{second.who}持平。", "ratio")
    says = f"{first.who}比{second.who}{'高' if rate > 0 else '低'}{calc.fmt_rate(abs(rate))}%。"
    return Result(rate, "%", formula, says, "ratio")


def larger(evidence: Sequence[Evidence], asked: Parsed, unit: str | None) -> Result:
    """哪个多 / 谁最少 / 是不是比B多: the larger (or smaller) side and the gap; the gap itself when it is asked."""
    values = [e.common for e in evidence]
    order = sorted(range(len(evidence)), key=lambda i: -values[i])
    if asked.rank == "min":
        order.reverse()
    top, other = evidence[order[0]], evidence[order[-1]]
    difference, formula = calc.difference(top.common, other.common, unit)
    kind = "rank" if Op.RANK in asked.ops else "compare"
    if asked.yesno and len(evidence) == 2:
        return Result(max(values), unit, formula, yes_no(evidence, asked.yesno, unit), kind)
    value = abs(difference) if GAP_ASKED.search(asked.text) else top.common
    if difference == 0:
        return Result(value, unit, formula, f"两者相同，均为{compose.amount(top.common, unit)}。", kind)
    word = "少" if asked.rank == "min" else "多"
    says = (
        f"{top.who}{'最' if len(evidence) > 2 else '更'}{word}（{compose.amount(top.common, unit)}），"
        f"比{other.who}{word}{compose.amount(abs(difference), unit)}。"
    )
    return Result(value, unit, formula, says, kind)


Operation = Callable[[Sequence[Evidence], Parsed, str | None], Result]

# in the order a question asking several is answered: 是B的几倍 before 哪个多
OPS: dict[Op, Operation] = {
    Op.TIMES: times,
    Op.GAP_RATE: gap_rate,
    Op.RANK: larger,
    Op.SUM: total,
    Op.DELTA: gap,
    Op.COMPARE: larger,
}
# how many figures each needs at least
NEEDS: dict[Op, int] = {Op.TIMES: 2, Op.DELTA: 2, Op.GAP_RATE: 2}
# the operations asked of two items of one department (基本支出是项目支出的几倍); its sums and ranks read many rows
PAIRWISE = frozenset({Op.COMPARE, Op.TIMES, Op.GAP_RATE})


def op_of(asked: Parsed, *, several: bool) -> Op:
    """The operation `asked` asks over the figures of several departments (`several`) or of one department's
    items (whose sums and ranks read many rows: `budgetqa.qa.sums`, `budgetqa.qa.ranking`).

    A yes/no claim, or 哪个多 without the gap asked, compares; a gap asked between two named sides is their
    difference (across departments any gap asked is; between one department's items only A比B…)."""
    worded = (Op.COMPARE, Op.DELTA) if several else (Op.COMPARE, Op.DELTA, Op.SUM, Op.RANK)
    for op in OPS:
        if op in asked.ops and op not in worded:
            return op
    if asked.yesno or (Op.COMPARE in asked.ops and not GAP_ASKED.search(asked.text)):
        return Op.COMPARE
    if several and (Op.DELTA in asked.ops or GAP_ASKED.search(asked.text)):
        return Op.DELTA
    if not several and asked.versus and GAP_ASKED.search(asked.text):
        return Op.DELTA
    return Op.COMPARE


def apply(op: Op, evidence: Sequence[Evidence], asked: Parsed) -> tuple[list[Evidence], Result]:
    """Run `op` over the figures in the asked (or shared) unit; an operation short of figures compares them."""
    unit = common_unit(evidence, asked.unit)
    converted = in_unit(evidence, unit)
    if len(converted) < NEEDS.get(op, 1):
        op = Op.COMPARE
    return converted, OPS[op](converted, asked, unit)


__all__ = [
    "GAP_ASKED",
    "NEEDS",
    "OPS",
    "PAIRWISE",
    "Evidence",
    "NotComputable",
    "Operation",
    "Result",
    "apply",
    "common_unit",
    "gap",
    "gap_rate",
    "in_unit",
    "larger",
    "op_of",
    "times",
    "total",
    "yes_no",
]
