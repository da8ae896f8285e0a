"""Table labels printed above (or in) a grid: `表 N` / `公开NN表` / `（九）` numbers, titles, units."""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetqa.ingest.table_headers import clean_header

__all__ = [
    "NOT_TITLE",
    "TITLE_END",
    "UNIT_LINE",
    "Label",
    "chinese_number",
    "parse_label",
    "title_candidate",
    "unlabelled_row_name",
]

_CN = "一二三四五六七八九十"
UNIT_LINE = re.compile(r"单位[：:]\s*(百万元|千万元|万元|千元|亿元|元)")
_CONTINUED = re.compile(r"^续表|[（(]续(表)?[)）]$|续表$")
# `表1-2` keeps its first number; the title tells the sub-tables apart (Label.same_table)
_TABLE_NO = re.compile(rf"^附?表([0-9]+|[{_CN}]+)(?![0-9])(?:[-—－.．][0-9]+)?[:：、.．]*(.*)$")
_OPEN_NO = re.compile(r"^公开(\d+)表(.*)$")
_OPEN_TABLE_NO = re.compile(rf"^公开表([0-9]+|[{_CN}]+)(.*)$")  # 公开表二
_PAREN_NO = re.compile(rf"^[（(]([{_CN}]+)[)）](.+表(?:[（(][^）)]*[）)])?)$")
_ORDINAL_NO = re.compile(rf"^([{_CN}]+)、(.+表(?:[（(][^）)]*[）)])?)$")
TITLE_END = re.compile(r"表(?:[（(][^）)]*[）)])?$")
NOT_TITLE = re.compile(
    r"^(注|单位[：:]|部门[：:]|部门名称|编制(部门|单位)|填报|说明|备注|数据来源|资料来源|第[一二三四五六七八九十]+部分)"
)

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def chinese_number(text: str) -> int | None:
    """`九` -> 9, `十二` -> 12, `二十一` -> 21, `12` -> 12."""
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _CN_DIGITS for ch in text):
        return None
    if "十" not in text:
        return _CN_DIGITS[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def _number(text: str) -> int | None:
    return chinese_number(text)


@dataclass
class Label:
    table_no: int | None = None
    title: str = ""
    unit: str | None = None
    page: int | None = None  # where the title is printed, when not on the grid's page

    def starts_table(self) -> bool:
        return self.table_no is not None or bool(self.title)

    def same_table(self, other: Label) -> bool:
        """A repeated title block (continuation page) rather than the next table."""
        if self.title and other.title and self.title != other.title:
            return False  # `表1-1` and `表1-2` share a number but not a title
        if self.table_no is not None and other.table_no is not None:
            return self.table_no == other.table_no
        return bool(self.title) and self.title == other.title

    def merged_with(self, outer: Label) -> Label:
        return Label(
            self.table_no if self.table_no is not None else outer.table_no,
            self.title or outer.title,
            self.unit or outer.unit,
            self.page if self.page is not None else outer.page,
        )


def title_candidate(compact: str) -> tuple[int | None, str] | None:
    """(table number or None, title) when a compact line names a table; None otherwise."""
    compact = _CONTINUED.sub("", compact)  # `收支总表（续）` on a continuation page is the same table
    for pattern in (_TABLE_NO, _OPEN_NO, _OPEN_TABLE_NO, _PAREN_NO, _ORDINAL_NO):
        match = pattern.match(compact)
        if match:
            rest = match.group(2)
            if pattern in (_TABLE_NO, _OPEN_NO, _OPEN_TABLE_NO) or TITLE_END.search(rest):
                return _number(match.group(1)), rest if TITLE_END.search(rest) else ""
    if TITLE_END.search(compact) and not NOT_TITLE.match(compact) and 3 <= len(compact) <= 60:
        return None, compact
    return None


def parse_label(texts: list[str]) -> Label:
    """Table number, title and unit from the text lines above a grid (the nearest title wins)."""
    label = Label()
    previous = ""
    for text in texts:
        compact = clean_header(text)
        unit = UNIT_LINE.search(compact)
        if unit:
            label.unit = unit.group(1)
            previous = ""
            # `表3 支出总表 单位：万元` on one line: the part before the unit may still be the title
            compact = re.sub(r"(金额)?单位[：:].*$", "", compact)
            if not compact or NOT_TITLE.match(compact):
                continue
        if (compact == "表" or (len(compact) <= 3 and compact.endswith("表"))) and previous:
            compact = previous + compact  # a title wrapped before its last character(s)
        found = title_candidate(compact)
        if found:
            number, title = found
            if number is not None:
                label.table_no = number
            if title:
                label.title = title
        previous = compact
    return label


_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def unlabelled_row_name(title: str, columns: list[str], rows: int, index: int) -> str:
    """A name for a body row printed without any label (a 三公 or 支出总表 figure row under its header).

    A table of one such row is the table's figure row: `合计`, or `2025年预算数` when the title or the
    header names the year and only one of 预算数/决算数 (with both in the columns the year alone would
    not say which). Several unlabelled rows are told apart by their place: `第2行`.
    """
    if rows > 1:
        return f"第{index + 1}行"
    year = _YEAR.search(title) or next((m for c in columns if (m := _YEAR.search(c))), None)
    printed = [title, *columns]
    kinds = [k for k in ("预算", "决算") if any(k in text for text in printed)]
    in_columns = [k for k in ("预算数", "决算数") if any(k in c for c in columns)]
    if year and len(kinds) == 1 and len(in_columns) <= 1:
        return f"{year.group(1)}年{kinds[0]}数"
    return "合计"
