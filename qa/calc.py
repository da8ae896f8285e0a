"""Exact arithmetic on printed figures (Decimal) with the formula shown to the user.

Figures stay in the unit the document prints them in; 元 ⇄ 万元 happens only through `convert`, which
says so in the formula. Rates are rounded half-up to two decimals.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

MINUS = "−"  # U+2212, the typographic minus used in formulas
_FACTORS = {
    ("万元", "元"): Decimal(10000),
    ("元", "万元"): Decimal("0.0001"),
    ("亿元", "万元"): Decimal(10000),
}


class UnitMismatch(ValueError):
    """Two figures in different units were about to be combined without conversion."""


def fmt(value: Decimal, *, grouping: bool = True) -> str:
    """`7021` → `7,021`; `-344` → `−344`; trailing zeros of decimals dropped (`12.50` → `12.5`)."""
    value = value.normalize() if value != value.to_integral_value() else value.quantize(Decimal(1))
    sign = MINUS if value < 0 else ""
    body = f"{abs(value):,f}" if grouping else f"{abs(value):f}"
    return sign + body


def fmt_rate(rate: Decimal) -> str:
    """A percentage with exactly two decimals: `−58.70`."""
    return (MINUS if rate < 0 else "") + f"{abs(pct(rate)):,.2f}"


def fmt_plain(value: Decimal) -> str:
    """For sentences: ASCII minus, grouped thousands."""
    return fmt(value).replace(MINUS, "-")


def term(value: Decimal) -> str:
    """A formula operand: negative numbers in parentheses so `a − (−b)` reads right."""
    text = fmt(value)
    return f"({text})" if value < 0 else text


def pct(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def same_unit(units: Sequence[str | None]) -> str | None:
    known = {u for u in units if u}
    if len(known) > 1:
        raise UnitMismatch(f"figures in different units: {', '.join(sorted(known))}")
    return known.pop() if known else None


def difference(a: Decimal, b: Decimal, unit: str | None) -> tuple[Decimal, str]:
    """a − b with its formula: `242 − 586 = −344 万元`."""
    result = a - b
    return result, f"{fmt(a)} {MINUS} {term(b)} = {fmt(result)}{' ' + unit if unit else ''}"


def growth_rate(a: Decimal, b: Decimal) -> tuple[Decimal | None, str]:
    """(a − b) ÷ b × 100%, None when b is 0 (no base to grow from)."""
    if b == 0:
        return None, f"({fmt(a)} {MINUS} {term(b)}) ÷ 0：上年为 0，无法计算增长率"
    rate = pct((a - b) / b * 100)
    return rate, f"({fmt(a)} {MINUS} {term(b)}) ÷ {fmt(b)} × 100% = {fmt_rate(rate)}%"


def share(part: Decimal, whole: Decimal) -> tuple[Decimal | None, str]:
    if whole == 0:
        return None, f"{fmt(part)} ÷ 0：总数为 0，无法计算占比"
    rate = pct(part / whole * 100)
    return rate, f"{fmt(part)} ÷ {fmt(whole)} × 100% = {fmt_rate(rate)}%"


def total(values: Sequence[Decimal], unit: str | None) -> tuple[Decimal, str]:
    result = sum(values, Decimal(0))
    joined = " + ".join(term(v) for v in values)
    return result, f"{joined} = {fmt(result)}{' ' + unit if unit else ''}"


def convert(value: Decimal, unit: str | None, target: str | None) -> tuple[Decimal, str | None, str | None]:
    """Explicit unit conversion: returns (value, unit, formula or None when nothing changed)."""
    if not unit or not target or unit == target:
        return value, unit, None
    factor = _FACTORS.get((unit, target))
    if factor is None:
        return value, unit, None
    result = value * factor
    if result == result.to_integral_value():
        result = result.quantize(Decimal(1))
    op = f"× {fmt(factor)}" if factor >= 1 else f"÷ {fmt(1 / factor)}"
    return result, target, f"{fmt(value)} {unit} {op} = {fmt(result)} {target}"
