"""Budget texts (.md / .txt): the narrative, and every cell of the tab-separated tables as a Fact.

Text conversions of budget PDFs keep tables as tab-separated rows under a caption ("表 7" or
"(七) 一般公共预算支出表（按功能分类）"), a title, "部门名称：" and "单位：万元" lines. Long tables
repeat the caption and header on each printed page; the repeats are merged back into one table.
Template brackets (【】〔〕[]) and HTML fragments (<p>) are cleaned away.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from budgetqa.ingest.errors import IngestError
from budgetqa.ingest.normalize import CN_NUM, normalize_text, strip_brackets
from budgetqa.ingest.table_facts import parse_amount as table_amount
from budgetqa.ingest.table_facts import parse_target
from budgetqa.ingest.table_labels import chinese_number
from budgetqa.ingest.table_stitch import TARGET_HEADERS
from budgetqa.store import Fact, TableInfo

_CAPTION_RE = re.compile(r"^[\[【]?\s*表\s*(\d{1,3})\s*[\]】]?\s*(.*)$")
_NUMBERED_TITLE_RE = re.compile(rf"^[（(]([{CN_NUM}]+)[)）]\s*(.*表.*)$")
_UNIT_RE = re.compile(r"单位\s*[:：]\s*([^\s\t]+)")
_META_RE = re.compile(r"^(?:部门名称|单位名称|编制部门|编制单位|部门)\s*[:：]|^\d{4}\s*年度?$|^单位\s*[:：]")
_CODE_RE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
# Label columns (row names and codes), as opposed to the figures' columns.
_LABEL_HEADER_RE = re.compile(
    r"编码|代码|编号|序号|名称$|^项目$|^科目$|^年度$|单位$|^(?:主要内容|绩效目标|备注)$"
)
_TAG_RE = re.compile(r"<[^>]+>")
_ROMAN_LINE = re.compile(r"^[IVXLC]+$")


@dataclass
class TextBudget:
    text: str
    facts: list[Fact] = field(default_factory=list)
    tables: list[TableInfo] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Table:
    table_no: int | None
    title: str
    unit: str | None
    header: list[list[str]] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    note: str | None = None


def cn_number(text: str) -> int | None:
    """一 -> 1, 十二 -> 12, 二十三 -> 23: the PDF tables' numbering rule."""
    return chinese_number(text)


def _clean_cell(cell: str) -> str:
    return html.unescape(_TAG_RE.sub("", strip_brackets(cell))).strip()


def _header_text(cell: str) -> str:
    return re.sub(r"\s+", "", _clean_cell(cell))


def parse_amount(text: str) -> Decimal | None:
    """A printed amount, by the same rule as PDF cells; None for a blank, a dash or text."""
    try:
        return table_amount(text.replace("−", "-"))
    except ValueError:
        return None


def _is_body_row(cells: list[str]) -> bool:
    return any(parse_amount(_clean_cell(c)) is not None and not _CODE_RE.match(_clean_cell(c)) for c in cells)


def flatten_header(rows: list[list[str]], width: int) -> list[str]:
    """Header rows -> one path per column ("收入/项目"); a blank upper cell over a filled lower
    cell continues the span of the cell to its left (merged header cells)."""
    grid = [[_header_text(c) for c in row] + [""] * (width - len(row)) for row in rows]
    for r in range(len(grid) - 1):
        for c in range(1, width):
            below = any(grid[k][c] for k in range(r + 1, len(grid)))
            if not grid[r][c] and grid[r][c - 1] and below:
                grid[r][c] = grid[r][c - 1]
    columns = []
    for c in range(width):
        parts: list[str] = []
        for row in grid:
            if row[c] and (not parts or parts[-1] != row[c]):
                parts.append(row[c])
        columns.append("/".join(parts) or f"c{c}")
    return columns


def _split_header(cells_rows: list[list[str]]) -> tuple[list[list[str]], list[list[str]]]:
    for i, row in enumerate(cells_rows):
        if _is_body_row(row):
            return cells_rows[:i], cells_rows[i:]
    return cells_rows, []


def _value_columns(columns: list[str], rows: list[list[str]]) -> set[int]:
    out = set()
    for c, name in enumerate(columns):
        if _LABEL_HEADER_RE.search(name.split("/")[-1]):
            continue
        cells = [_clean_cell(r[c]) for r in rows if c < len(r) and _clean_cell(r[c])]
        numeric = [x for x in cells if parse_amount(x) is not None]
        if numeric and len(numeric) >= 0.6 * len(cells) and not all(_CODE_RE.match(x) for x in numeric):
            out.add(c)
    return out


def _facts(doc_id: str, table: _Table, warnings: list[str]) -> tuple[list[Fact], TableInfo]:
    width = max([len(r) for r in table.header + table.rows] or [0])
    columns = flatten_header(table.header, width)
    values = _value_columns(columns, table.rows)
    names_by_code: dict[str, str] = {}
    facts: list[Fact] = []
    for index, row in enumerate(table.rows):
        cells = [_clean_cell(c) for c in row] + [""] * (width - len(row))
        for c in sorted(values):
            labels = [(k, cells[k]) for k in range(c) if k not in values and cells[k]]
            # A side-by-side table (收入 | 支出) starts its own labels after the previous value column.
            start = max([k for k in values if k < c and k + 1 < c and (k + 1) not in values] or [-1])
            labels = [(k, t) for k, t in labels if k > start] or []
            codes = [t for _, t in labels if _CODE_RE.match(t)]
            names = [t for _, t in labels if not _CODE_RE.match(t)]
            text = cells[c]
            value = parse_amount(text)
            if not names and not codes:
                continue
            if value is None and text:
                continue  # a note or a text cell inside a value column
            if not text:
                continue  # blank cells carry nothing the .md can cite
            code = codes[-1] if codes else None
            name = names[-1] if names else (code or "")
            if code:
                names_by_code[code] = name
            path = tuple(
                names_by_code[code[:n]]
                for n in (3, 5)
                if code and len(code) > n and code[:n] in names_by_code
            )
            facts.append(
                Fact(
                    doc_id=doc_id,
                    table_no=table.table_no,
                    table_title=table.title,
                    row_name=name,
                    column=columns[c],
                    value=value,
                    text=text,
                    unit=table.unit,
                    page=None,
                    row_code=code,
                    row_path=path + (name,),
                    section=table.title,
                    row_index=index,
                )
            )
    info = TableInfo(
        table_no=table.table_no,
        title=table.title,
        page_start=None,
        page_end=None,
        unit=table.unit,
        columns=tuple(columns),
        rows=len(table.rows),
        note=table.note,
    )
    facts.extend(indicator_facts(doc_id, table.table_no, table.title, table.header + table.rows))
    if not facts and table.rows:
        warnings.append(f"表{table.table_no} {table.title}: no figures found in {len(table.rows)} rows")
    return facts, info


# 一级指标 of the national 绩效 framework; any other level name beside an indicator is a 二级指标
_LEVEL_ONE = re.compile(r"^(产出|效益|满意度)指标$")
_BLOCK_LABEL = re.compile(r"绩效(指标|目标)$")  # `年度绩效指标` printed beside the indicator block


def _is_indicator_header(cells: list[str]) -> bool:
    keys = {_header_text(c) for c in cells}
    return "三级指标" in keys and bool(keys & TARGET_HEADERS)


def indicator_facts(doc_id: str, table_no: int | None, title: str, rows: list[list[str]]) -> list[Fact]:
    """绩效目标表 indicators as facts, the way the PDF tables give them: row_path (一级, 二级),
    row_name the 三级指标, column 指标值, the parsed target as value and the target text as note.

    Text conversions shift cells left or right (merged cells lose their tabs), so a row is read by its
    filled cells: the last is the target, the one before it the 三级指标, earlier `…指标` cells the levels.
    """
    start = next((i for i, row in enumerate(rows) if _is_indicator_header(row)), None)
    if start is None:
        return []
    entries: list[tuple[list[str], str, str]] = []
    levels = ["", ""]
    for row in rows[start + 1 :]:
        filled = [c for c in (_clean_cell(c) for c in row) if c]
        if len(filled) < 2:
            continue  # a wrapped fragment of the row above
        *lead, name, target = filled
        named = [c for c in lead if c.endswith("指标") and not _BLOCK_LABEL.search(c)]
        if len(named) >= 2:
            levels = named[-2:]
        elif named and _LEVEL_ONE.match(named[0]):
            levels = [named[0], ""]
        elif named:
            levels = [levels[0], named[0]]
        entries.append((list(levels), name, target))
    for level in (0, 1):  # a merged level cell prints its text mid-span: rows above it belong to it too
        following = ""
        for entry_levels, _, _ in reversed(entries):
            if entry_levels[level]:
                following = entry_levels[level]
            elif following:
                entry_levels[level] = following
    facts = []
    for offset, (entry_levels, name, target) in enumerate(entries):
        value, unit, _ = parse_target(target)
        facts.append(
            Fact(
                doc_id=doc_id,
                table_no=table_no,
                table_title=title,
                row_name=name,
                column="指标值",
                value=value,
                text=target,
                unit=unit,
                page=None,
                row_path=tuple(x for x in entry_levels if x),
                section=title,
                row_index=len(rows) + offset,
                note=target,
            )
        )
    return facts


def _read_text(path: Path) -> str:
    name = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"{name} cannot be read ({exc.strerror}); check the path and permissions") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(f"{name} is not UTF-8 text; save it as UTF-8 and ingest again") from exc
    if not text.strip():
        raise IngestError(f"{name} is empty; export the budget text again")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _narrative_line(line: str) -> str:
    s = re.sub(r"^#+\s*", "", line.strip())
    s = re.sub(r"^[-*+]\s+", "", s)
    s = html.unescape(_TAG_RE.sub(" ", s))
    return re.sub(r"\t+", " ", s).strip()


class _Parser:
    """Walks the lines once: captions open tables, tab rows fill them, other lines are narrative."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.narrative: list[str] = []
        self.tables: list[_Table] = []

    def _next_content(self, i: int) -> int:
        while i < len(self.lines) and not self.lines[i].strip():
            i += 1
        return i

    def _caption(self, i: int) -> tuple[int | None, str, int] | None:
        """(table_no, title, index after the title) when line i opens a table."""
        s = re.sub(r"^#+\s*", "", self.lines[i].strip())
        m = _CAPTION_RE.match(s)
        if m:
            title = m.group(2).strip()
            if title and ("表" not in title or len(title) > 60):
                return None  # prose such as "表1反映..." is not a caption
            j = i + 1
            if not title:
                j = self._next_content(i + 1)
                if j >= len(self.lines) or "\t" in self.lines[j]:
                    return None
                title = re.sub(r"^#+\s*", "", self.lines[j].strip())
                j += 1
            return int(m.group(1)), _header_text(title), j
        m = _NUMBERED_TITLE_RE.match(s)
        if m and not self.lines[i].lstrip().startswith(("-", "*")):
            j = self._next_content(i + 1)
            while j < len(self.lines) and _META_RE.match(self.lines[j].strip()):
                j = self._next_content(j + 1)
            if j < len(self.lines) and "\t" in self.lines[j]:
                return cn_number(m.group(1)), _header_text(m.group(2)), i + 1
        return None

    def _table_block(self, i: int) -> tuple[list[list[str]], str | None, int]:
        """Tab rows from line i (blank lines inside allowed); returns rows, unit seen, next index."""
        unit = None
        rows: list[list[str]] = []
        while i < len(self.lines):
            s = self.lines[i]
            if not s.strip():
                j = self._next_content(i)
                if j < len(self.lines) and "\t" in self.lines[j] and rows:
                    i = j
                    continue
                if not rows:
                    i = j
                    continue
                break
            if "\t" in s:
                rows.append(s.split("\t"))
            elif _META_RE.match(s.strip()):
                m = _UNIT_RE.search(s)
                unit = unit or (strip_brackets(m.group(1)) if m else None)
            else:
                break
            i += 1
        return rows, unit, i

    def run(self) -> None:
        i = 0
        while i < len(self.lines):
            cap = self._caption(i) if self.lines[i].strip() else None
            if cap is None:
                line = _narrative_line(self.lines[i])
                if line and not _ROMAN_LINE.match(line):
                    self.narrative.append(line)
                i += 1
                continue
            table_no, title, i = cap
            rows, unit, i = self._table_block(i)
            header, body = _split_header(rows)
            prev = self.tables[-1] if self.tables else None
            if prev is not None and prev.table_no == table_no and table_no is not None:
                repeated = [_header_text("".join(r)) for r in prev.header]
                body = [r for r in header if _header_text("".join(r)) not in repeated] + body
                prev.rows.extend(body)
                table = prev
            else:
                table = _Table(table_no, title, unit, header, body)
                self.tables.append(table)
            j = self._next_content(i)
            if j < len(self.lines) and re.match(r"^(?:注|备注|说明)\s*[:：]", self.lines[j].strip()):
                note = _clean_cell(re.sub(r"^(?:注|备注|说明)\s*[:：]", "", self.lines[j].strip()))
                table.note = note if table.note is None else table.note
                self.narrative.append(_narrative_line(self.lines[j]))
                i = j + 1


def parse_text_budget(path: Path, doc_id: str) -> TextBudget:
    """Parse a budget text file; raise IngestError for unreadable or non-budget files."""
    path = Path(path)
    parser = _Parser(_read_text(path).split("\n"))
    parser.run()
    warnings: list[str] = []
    facts: list[Fact] = []
    infos: list[TableInfo] = []
    for table in parser.tables:
        table_facts, info = _facts(doc_id, table, warnings)
        facts.extend(table_facts)
        infos.append(info)
    text = normalize_text("\n".join(parser.narrative))
    if not facts and not re.search(r"预算|决算", text):
        raise IngestError(f"{path.name} has no budget content (no 预算/决算 text, no tables); check the file")
    return TextBudget(text=text, facts=facts, tables=infos, warnings=warnings)
