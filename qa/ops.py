"""Operations over several figures: one pure function each, in one registry (`OPS`).

The figures come as `budgetqa.qa.evidence.Evidence` (a value with its unit and provenance), read from a table
cell or from a sentence of the text. The same functions serve two items of one department (基本支出和项目支出哪个多) and one
item of several departments (外办和区府办谁花得多); the caller only says whose figures they are.

An operation computes; it does not word its answer: the sentence comes from `budgetqa.qa.compose`. A new operation is a
member of `budgetqa.qa.question.Op` (with its trigger words, and in `question.OF_ITEMS` / `question.PAIRED` when it
reads two items), one function here with its entry in `OPS`, and its sentence in `budgetqa.qa.compose`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from budgetqa.qa import calc, compose
from budgetqa.qa.evidence import Evidence
from budgetqa.qa.question import Intent, Op, shortfall


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
        out.append(replace(e, converted=value, conversion=conversion))
    return out


def times(evidence: Sequence[Evidence], asked: Intent, unit: str | None) -> Result:
    """A是B的几倍: the first named over the second."""
    first, second = evidence[0], evidence[1]
    if second.common == 0:
        raise NotComputable(compose.refusal("zero_base", who=second.who, what="倍数"))
    ratio = (first.common / second.common).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    formula = f"{calc.fmt(first.common)} ÷ {calc.fmt(second.common)} = {calc.fmt_plain(ratio)}"
    return Result(ratio, "倍", formula, compose.times_said(first.who, second.who, ratio), "ratio")


def proportion(evidence: Sequence[Evidence], asked: Intent, unit: str | None) -> Result:
    """A与B之比: the first named over the second, said as n : 1."""
    first, second = evidence[0], evidence[1]
    if second.common == 0:
        raise NotComputable(compose.refusal("zero_base", who=second.who, what="比例"))
    exact = first.common / second.common
    ratio = exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    formula = f"{calc.fmt(first.common)} ÷ {calc.fmt(second.common)} = {calc.fmt_plain(ratio)}"
    said = compose.proportion_said(first.who, second.who, ratio, rounded=ratio != exact)
    return Result(ratio, None, formula, said, "ratio")


def total(evidence: Sequence[Evidence], asked: Intent, unit: str | None) -> Result:
    """A和B加起来."""
    value, formula = calc.total([e.common for e in evidence], unit)
    return Result(value, unit, formula, compose.total_said(value, unit), "sum")


def gap(evidence: Sequence[Evidence], asked: Intent, unit: str | None) -> Result:
    """A比B少多少: the first named minus the second, signed like a change; asked as how much less (少了多少) and
    less, its size."""
    first, second = evidence[0], evidence[1]
    value, formula = calc.difference(first.common, second.common, unit)
    said = compose.gap_said(first.who, second.who, value, unit)
    if (size := shortfall(value, asked.text)) != value:
        return Result(size, unit, formula, said, "compare")  # 少了多少: how much less, as a positive amount
    return Result(value, unit, formula, said, "delta")


def gap_rate(evidence: Sequence[Evidence], asked: Intent, unit: str | None) -> Result:
    """A比B高出百分之几: the first named minus the second, over the second."""
    first, second = evidence[0], evidence[1]
    rate, formula = calc.growth_rate(first.common, second.common)
    if rate is None:
        raise NotComputable(compose.refusal("zero_base", who=second.who, what="高出的百分比"))
    return Result(rate, "%", formula, compose.gap_rate_said(first.who, second.who, rate), "ratio")


def larger(evidence: Sequence[Evidence], asked: Intent, unit: str | None) -> Result:
    """哪个多 / 谁最少 / 是不是比B多: the larger (or smaller) side and the gap; the gap itself when it is asked."""
    values = [e.common for e in evidence]
    order = sorted(range(len(evidence)), key=lambda i: -values[i])
    if asked.rank == "min":
        order.reverse()
    top, other = evidence[order[0]], evidence[order[-1]]
    difference, formula = calc.difference(top.common, other.common, unit)
    kind = "rank" if Op.RANK in asked.ops else "compare"
    if asked.yesno and len(evidence) == 2:
        first, second = evidence[0], evidence[-1]
        said = compose.yes_no_said(first.who, second.who, first.common, second.common, asked.yesno, unit)
        return Result(max(values), unit, formula, said, kind)
    value = abs(difference) if asked.gap else top.common
    says = compose.larger_said(
        top.who, other.who, top.common, difference, unit, least=asked.rank == "min", many=len(evidence) > 2
    )
    return Result(value, unit, formula, says, kind)


Operation = Callable[[Sequence[Evidence], Intent, str | None], Result]

# in the order a question asking several is answered: 是B的几倍 before 哪个多
OPS: dict[Op, Operation] = {
    Op.PROPORTION: proportion,
    Op.TIMES: times,
    Op.GAP_RATE: gap_rate,
    Op.RANK: larger,
    Op.SUM: total,
    Op.DELTA: gap,
    Op.COMPARE: larger,
}
# how many figures each needs at least
NEEDS: dict[Op, int] = {Op.TIMES: 2, Op.DELTA: 2, Op.GAP_RATE: 2, Op.PROPORTION: 2}
# the operations asked of two items of one department (基本支出是项目支出的几倍); its sums and ranks read many rows
PAIRWISE = frozenset({Op.COMPARE, Op.TIMES, Op.GAP_RATE, Op.PROPORTION})


def op_of(asked: Intent, *, several: bool) -> Op:
    """The operation `asked` asks over the figures of several departments (`several`) or of one department's
    items (whose sums and ranks read many rows: `budgetqa.qa.sums`, `budgetqa.qa.ranking`).

    A yes/no claim, or 哪个多 without the gap asked, compares; a gap asked between two named sides is their
    difference (across departments any gap asked is; between one department's items only A比B…)."""
    worded = (Op.COMPARE, Op.DELTA) if several else (Op.COMPARE, Op.DELTA, Op.SUM, Op.RANK)
    for op in OPS:
        if op in asked.ops and op not in worded:
            return op
    if asked.yesno or (Op.COMPARE in asked.ops and not asked.gap):
        return Op.COMPARE
    if several and (Op.DELTA in asked.ops or asked.gap):
        return Op.DELTA
    if not several and asked.versus and asked.gap:
        return Op.DELTA
    return Op.COMPARE


def apply(op: Op, evidence: Sequence[Evidence], asked: Intent) -> tuple[list[Evidence], Result]:
    """Run `op` over the figures in the asked (or shared) unit; an operation short of figures compares them."""
    unit = common_unit(evidence, asked.unit)
    converted = in_unit(evidence, unit)
    if len(converted) < NEEDS.get(op, 1):
        op = Op.COMPARE
    return converted, OPS[op](converted, asked, unit)


__all__ = [
    "NEEDS",
    "OPS",
    "PAIRWISE",
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
    "proportion",
    "times",
    "total",
]
