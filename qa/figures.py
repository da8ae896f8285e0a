"""The figure a question asks of some documents: which departments, which year, which printed cell.

Shared by the answer plans, the cross-document plans and the text fallbacks.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from budgetqa.qa.context import Context
from budgetqa.qa.evidence import Evidence
from budgetqa.qa.lookup import figure
from budgetqa.qa.matching import Item
from budgetqa.qa.question import Op, relative_after_year
from budgetqa.qa.text import TOGETHER
from budgetqa.store import Document


def loosened(item: Item) -> list[Item]:
    """项目支出合计 → 项目支出: the 合计 a question adds is often the sum word, not part of the label."""
    m = re.match(r"^(.{2,}?)(?:合计|总计|小计|总额)$", item.text)
    if not m:
        return []
    name = m.group(1)
    return [Item(name, (name,), item.score * 0.95, item.span, how=item.how)]


def departments(docs: Sequence[Document]) -> dict[str, list[Document]]:
    groups: dict[str, list[Document]] = defaultdict(list)
    for doc in docs:
        groups[doc.department or doc.source].append(doc)
    return dict(groups)


def target_year(ctx: Context, docs: Sequence[Document]) -> int | None:
    """The year asked about: explicit, relative to the latest document in scope, or that document's."""
    years = [d.year for d in docs if d.year is not None]
    ref = max(years) if years else None
    p = ctx.intent
    if (
        len(p.years) == 1
        and p.relative
        and p.relative[0]
        and not ({Op.DELTA, Op.RATE} & p.ops)
        and relative_after_year(p.text)
    ):
        # 2018年的一般公共服务支出上年是多少: the year before the one named, as that document prints it
        return p.years[0] + p.relative[0]
    if p.years:
        return max(p.years) if ({Op.DELTA, Op.RATE} & p.ops and len(p.years) > 1) else p.years[0]
    if p.relative and ref is not None:
        return ref + p.relative[0]
    if p.base_years and p.base_years[0] + 1 in years:
        return (
            p.base_years[0] + 1
        )  # 比2023年少了多少, no year asked: the budget that compares itself with 2023
    return ref


def base_year(ctx: Context, target: int | None) -> int | None:
    p = ctx.intent
    if p.base_years:
        return p.base_years[0]
    if len(p.years) > 1:
        return min(p.years)
    if target is None:
        return None
    return target + (p.base_relative[0] if p.base_relative else -1)


# 一共 / 总共 / 加起来 / 全部: the item asked in all, wherever its table prints it
_IN_ALL = re.compile(rf"一共|总共|共计|合计|总计|全部|{TOGETHER}")


def fig(
    ctx: Context, item: Item, docs: Sequence[Document], year: int | None, role: str = "value"
) -> Evidence | None:
    for candidate in (item, *loosened(item)):
        found = figure(
            ctx.index,
            candidate,
            doc_ids=[d.doc_id for d in docs],
            year=year,
            measure=ctx.measure,
            role=role,
            doc_kind=ctx.intent.doc_kind,
            in_all=bool(_IN_ALL.search(ctx.intent.text)),
        )
        if found is not None:
            return found
    return None


__all__ = ["base_year", "departments", "fig", "loosened", "target_year"]
