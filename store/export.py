"""Budget data out: the stored facts as a tidy table, as tables as printed, and as a Fiscal Data Package.

Every row keeps its provenance (file, page, table, row, column) and the amount both as printed and in 元.
The fiscal dimensions follow the Fiscal Data Package model (administrative, functional and economic
classification, fiscal period, direction, phase); classification codes are read from the printed 科目编码:
功能分类 codes start with 2 (类 3 digits, 款 5, 项 7), 经济分类 codes with 3 or 5 (类 3, 款 5).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from budgetqa.store.records import Document, Fact, table_label

UNIT_IN_YUAN = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "亿元": Decimal(100000000)}
PHASES = ("年初预算", "调整预算", "全年预算", "预算数", "决算数", "执行数")

# The tidy table: (column, Table Schema type, title). Chinese titles are in the package's schema.
TIDY_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("doc_id", "string", "文档编号"),
    ("department", "string", "部门"),
    ("region", "string", "地区"),
    ("fiscal_year", "integer", "年度"),
    ("doc_kind", "string", "类型（预算/决算）"),
    ("table_no", "integer", "表号"),
    ("table_title", "string", "表名"),
    ("direction", "string", "收支方向"),
    ("phase", "string", "口径（年初预算/调整预算/决算数…）"),
    ("functional_code", "string", "功能分类科目编码"),
    ("functional_level", "string", "功能分类层级（类/款/项）"),
    ("functional_class", "string", "功能分类 类"),
    ("functional_subclass", "string", "功能分类 款"),
    ("functional_item", "string", "功能分类 项"),
    ("economic_code", "string", "经济分类科目编码"),
    ("economic_class", "string", "经济分类 类"),
    ("economic_item", "string", "经济分类 款"),
    ("row_code", "string", "科目编码（印制）"),
    ("row_name", "string", "行"),
    ("row_path", "string", "行路径"),
    ("column", "string", "列（表头路径）"),
    ("amount_yuan", "number", "金额（元）"),
    ("printed_value", "string", "原文数值"),
    ("printed_unit", "string", "原文单位"),
    ("source", "string", "文件"),
    ("page", "integer", "页（物理页码）"),
    ("page_label", "string", "页码（印制）"),
    ("fact_id", "integer", "事实编号"),
)


@dataclass(frozen=True)
class Classified:
    functional: tuple[str | None, str | None, str | None, str | None, str | None]  # code, level, 类, 款, 项
    economic: tuple[str | None, str | None, str | None]  # code, 类, 款


def amount_in_yuan(value: Decimal | None, unit: str | None) -> Decimal | None:
    """The amount in 元, or None for a blank cell or a unit that is not money (人, %, 辆)."""
    if value is None or unit not in UNIT_IN_YUAN:
        return None
    return value * UNIT_IN_YUAN[unit]


def direction_of(fact: Fact) -> str | None:
    """收入 / 支出 from the column path first (side-by-side 收支 tables), then the table title."""
    for text in (fact.column, fact.table_title):
        has_in, has_out = "收入" in text, "支出" in text
        if has_in != has_out:
            return "收入" if has_in else "支出"
    return None


def phase_of(fact: Fact, doc: Document) -> str:
    """年初预算 / 调整预算 / 决算数 … where the column prints one, else the document's kind."""
    for phase in PHASES:
        if phase in fact.column:
            return phase
    return doc.doc_kind or ""


def _code(fact: Fact) -> str | None:
    code = re.sub(r"\D", "", fact.row_code or "")
    return code or None


def classify(facts: Sequence[Fact]) -> dict[int, Classified]:
    """Each fact's functional/economic classification, with the names of its parents from the same table."""
    names: dict[tuple[str, str], str] = {}  # (table key, code) -> row name
    for f in facts:
        code = _code(f)
        if code:
            names.setdefault((f"{f.doc_id}:{f.table_no}", code), f.row_name)
    out: dict[int, Classified] = {}
    for i, f in enumerate(facts):
        code = _code(f)
        key = f"{f.doc_id}:{f.table_no}"
        functional: tuple[str | None, ...] = (None,) * 5
        economic: tuple[str | None, ...] = (None,) * 3
        if code and code[0] == "2" and len(code) in (3, 5, 7):
            level = {3: "类", 5: "款", 7: "项"}[len(code)]
            parts = [names.get((key, code[:n])) if len(code) >= n else None for n in (3, 5, 7)]
            functional = (code, level, *parts)
        elif code and code[0] in "35" and len(code) in (3, 5):
            parts = [names.get((key, code[:n])) if len(code) >= n else None for n in (3, 5)]
            economic = (code, *parts)
        out[i] = Classified(functional, economic)  # type: ignore[arg-type]
    return out


def tidy_rows(documents: Iterable[Document], facts: Sequence[Fact]) -> list[dict[str, Any]]:
    """One row per stored fact with the fiscal dimensions and provenance (TIDY_FIELDS order)."""
    docs = {d.doc_id: d for d in documents}
    facts = [f for f in facts if f.doc_id in docs]
    classes = classify(facts)
    rows = []
    for i, f in enumerate(facts):
        doc = docs[f.doc_id]
        c = classes[i]
        amount = amount_in_yuan(f.value, f.unit)
        rows.append(
            {
                "doc_id": f.doc_id,
                "department": doc.department,
                "region": doc.region,
                "fiscal_year": doc.year,
                "doc_kind": doc.doc_kind,
                "table_no": f.table_no,
                "table_title": f.table_title,
                "direction": direction_of(f),
                "phase": phase_of(f, doc),
                "functional_code": c.functional[0],
                "functional_level": c.functional[1],
                "functional_class": c.functional[2],
                "functional_subclass": c.functional[3],
                "functional_item": c.functional[4],
                "economic_code": c.economic[0],
                "economic_class": c.economic[1],
                "economic_item": c.economic[2],
                "row_code": f.row_code,
                "row_name": f.row_name,
                "row_path": "/".join(f.row_path),
                "column": f.column,
                "amount_yuan": None if amount is None else format(amount.normalize(), "f"),
                "printed_value": f.text,
                "printed_unit": f.unit,
                "source": doc.source,
                "page": f.page,
                "page_label": doc.page_label(f.page),
                "fact_id": f.fact_id,
            }
        )
    return rows


def printed_tables(facts: Sequence[Fact]) -> list[tuple[str, list[str], list[list[str]]]]:
    """Each stored table as printed: (name, header, rows) with 科目编码 and 项目 first, then the columns."""
    by_table: dict[tuple[str, int | None, str], list[Fact]] = {}
    for f in facts:
        if f.table_no is None and not f.table_title:
            continue  # cells read outside any table
        by_table.setdefault((f.doc_id, f.table_no, f.table_title), []).append(f)
    out = []
    for (doc_id, table_no, title), cells in by_table.items():
        columns = list(dict.fromkeys(f.column for f in cells))
        rows: dict[int, dict[str, str]] = {}
        heads: dict[int, tuple[str, str]] = {}
        for f in cells:
            rows.setdefault(f.row_index, {})[f.column] = f.text
            heads.setdefault(f.row_index, (f.row_code or "", "/".join(f.row_path) or f.row_name))
        body = [[*heads[r], *(rows[r].get(c, "") for c in columns)] for r in sorted(rows)]
        name = f"{doc_id}_{table_label(table_no, title) or 'table'}"
        out.append((name, ["科目编码", "项目", *columns], body))
    return out


def safe_name(name: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", name)[:120]


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any] | dict[str, Any]]) -> None:
    """UTF-8 with a BOM, so spreadsheet programs open the Chinese text correctly."""
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        for row in rows:
            values = [row.get(h) for h in header] if isinstance(row, dict) else list(row)
            writer.writerow(["" if v is None else v for v in values])


def fdp_descriptor(documents: Sequence[Document], resource_path: str = "budget-facts.csv") -> dict[str, Any]:
    """A Fiscal Data Package descriptor for the tidy CSV: the Table Schema and the fiscal model."""
    years = sorted({d.year for d in documents if d.year})
    return {
        "name": "budgetqa-budget-facts",
        "title": "部门预算/决算 表格数据（BudgetQA 导出）",
        "description": "Cells of Chinese department budgets and final accounts as printed, with the page each "
        "figure came from; amounts converted to 元 (printed value and unit kept).",
        # The Fiscal Data Package model below; no remote "profile" URL, so validation works offline.
        "countryCode": "CN",
        "fiscalPeriod": {"start": f"{years[0]}-01-01", "end": f"{years[-1]}-12-31"} if years else {},
        "sources": [{"title": d.source} for d in documents],
        "resources": [
            {
                "name": "budget-facts",
                "path": resource_path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "schema": {
                    "fields": [
                        {"name": name, "type": kind, "title": title} for name, kind, title in TIDY_FIELDS
                    ],
                    "missingValues": [""],
                },
            }
        ],
        "model": {
            "measures": {"amount": {"source": "amount_yuan", "currency": "CNY", "factor": 1}},
            "dimensions": {
                "administrative-classification": {
                    "dimensionType": "classification",
                    "classificationType": "administrative",
                    "attributes": {"department": {"source": "department"}, "region": {"source": "region"}},
                    "primaryKey": ["department"],
                },
                "functional-classification": {
                    "dimensionType": "classification",
                    "classificationType": "functional",
                    "attributes": {
                        "code": {"source": "functional_code"},
                        "level": {"source": "functional_level"},
                        "class": {"source": "functional_class"},
                        "subclass": {"source": "functional_subclass", "parent": "class"},
                        "item": {"source": "functional_item", "parent": "subclass"},
                    },
                    "primaryKey": ["code"],
                },
                "economic-classification": {
                    "dimensionType": "classification",
                    "classificationType": "economic",
                    "attributes": {
                        "code": {"source": "economic_code"},
                        "class": {"source": "economic_class"},
                        "item": {"source": "economic_item", "parent": "class"},
                    },
                    "primaryKey": ["code"],
                },
                "fiscal-period": {
                    "dimensionType": "datetime",
                    "attributes": {"year": {"source": "fiscal_year"}},
                    "primaryKey": ["year"],
                },
                "direction": {
                    "dimensionType": "other",
                    "attributes": {"direction": {"source": "direction"}},
                    "primaryKey": ["direction"],
                },
                "phase": {
                    "dimensionType": "other",
                    "attributes": {"phase": {"source": "phase"}, "kind": {"source": "doc_kind"}},
                    "primaryKey": ["phase"],
                },
                "provenance": {
                    "dimensionType": "other",
                    "attributes": {
                        "source": {"source": "source"},
                        "page": {"source": "page"},
                        "table": {"source": "table_title"},
                        "row": {"source": "row_name"},
                        "column": {"source": "column"},
                    },
                    "primaryKey": ["source", "page"],
                },
            },
        },
    }


def export(documents: Sequence[Document], facts: Sequence[Fact], fmt: str, out: Path) -> list[Path]:
    """Write `fmt` (fdp | csv | xlsx) into `out` (a folder; for xlsx a .xlsx file); returns the files written."""
    rows = tidy_rows(documents, facts)
    header = [name for name, _, _ in TIDY_FIELDS]
    if fmt == "xlsx":
        return [_write_xlsx(out, header, rows, printed_tables(facts))]
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    tidy = out / "budget-facts.csv"
    write_csv(tidy, header, rows)
    written.append(tidy)
    if fmt == "fdp":
        descriptor = out / "datapackage.json"
        descriptor.write_text(json.dumps(fdp_descriptor(documents), ensure_ascii=False, indent=2), "utf-8")
        written.append(descriptor)
    elif fmt == "csv":
        for name, table_header, body in printed_tables(facts):
            path = out / f"{safe_name(name)}.csv"
            write_csv(path, table_header, body)
            written.append(path)
    else:
        raise ValueError(f"unknown export format {fmt!r}; use fdp, csv or xlsx")
    return written


def _write_xlsx(
    out: Path,
    header: list[str],
    rows: list[dict[str, Any]],
    tables: list[tuple[str, list[str], list[list[str]]]],
) -> Path:
    from openpyxl import Workbook

    path = out if out.suffix.lower() == ".xlsx" else out / "budget-facts.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    book = Workbook()
    tidy = book.active
    tidy.title = "全部数据"
    titles = {name: title for name, _, title in TIDY_FIELDS}
    tidy.append([titles[h] for h in header])
    for row in rows:
        tidy.append([_number(row[h]) if h == "amount_yuan" else row.get(h) for h in header])
    used: set[str] = {tidy.title}
    for name, table_header, body in tables:
        title = _sheet_title(name, used)
        sheet = book.create_sheet(title)
        sheet.append(table_header)
        for line in body:
            sheet.append([*line[:2], *(_number(v.replace(",", "")) or v for v in line[2:])])
    book.save(path)
    return path


def _number(value: Any) -> Any:
    """A numeric string as a number for the spreadsheet; anything else as it is (None stays empty)."""
    if isinstance(value, str) and re.fullmatch(r"-?\d+(\.\d+)?", value) and len(value) < 16:
        return float(value) if "." in value else int(value)
    return None if value == "" else value


def _sheet_title(name: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "_", name.split("_", 1)[-1])[:28] or "表"
    title, n = base, 1
    while title in used:
        n += 1
        title = f"{base[:25]}_{n}"
    used.add(title)
    return title
