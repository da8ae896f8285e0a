"""Questions asked the way people ask them, answered over the seed sample (truth.json cells + .md text).

Expected figures are read from truth.json at run time; accuracy per question type is printed by
`pytest -s` via test_accuracy_summary.
"""

from __future__ import annotations

import json
import statistics
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
import qa_seed

from budgetqa.qa import Answer, Answerer, ask
from budgetqa.store import fact_to_json

if qa_seed.seed_paths() is None:
    pytest.skip("../shared/samples/seed is absent", allow_module_level=True)

TRUTH = json.loads((qa_seed.SEED / "truth.json").read_text(encoding="utf-8"))


def cell(title: str, row: str, column: str) -> Decimal:
    """The single truth cell whose table title, row name and column contain these words."""
    found = [
        c
        for c in TRUTH["cells"]
        if title in TRUTH["tables"][str(c["table"])]["title"]
        and row in c["row_name"]
        and c["column"].endswith(column)
    ]
    exact = [c for c in found if c["row_name"].strip("【】〔〕[] ") == row]
    values = {c["value"] for c in (exact or found)}
    assert len(values) == 1, (title, row, column, found[:3])
    return Decimal(str(values.pop()))


def year_of_doc() -> int:
    return int(TRUTH["pdf"].split("_")[0])


Y = year_of_doc()
SG = "三公"  # the 三公 table's title word (genre vocabulary)


def _deepest_max(title: str, column: str) -> Decimal:
    """The largest figure among the most detailed coded rows of a table's column."""
    cells = [
        c
        for c in TRUTH["cells"]
        if title in TRUTH["tables"][str(c["table"])]["title"] and c["column"] == column and c["row_code"]
    ]
    deepest = max(len(c["row_code"]) for c in cells)
    return max(Decimal(str(c["value"])) for c in cells if len(c["row_code"]) == deepest)


def sg(row: str, column: str) -> Decimal:
    return cell(SG, row, column)


def pct(a: Decimal, b: Decimal) -> Decimal:
    return ((a - b) / b * 100).quantize(Decimal("0.01"))


# (type, question, status, expected value or None)
CASES: list[tuple[str, str, str, object]] = [
    ("lookup", "公务接待费预算是多少", "answered", lambda: sg(f"{Y}", "公务接待费")),
    ("lookup", f"外办{Y}年三公经费多少", "answered", lambda: sg(f"{Y}", "总计")),
    ("lookup", "三公经费是多少？", "answered", lambda: sg(f"{Y}", "总计")),
    ("lookup", "招待费多少", "answered", lambda: sg(f"{Y}", "公务接待费")),
    ("lookup", "公车费用多少", "answered", lambda: sg(f"{Y}", "公务用车购置及运行维护费/小计")),
    ("lookup", "公务用车运行维护费是多少", "answered", lambda: sg(f"{Y}", "公务用车运行维护费")),
    ("lookup", "因公出国（境）费多少", "answered", lambda: sg(f"{Y}", "因公出国(境)费")),
    ("lookup", "去年的公务接待费是多少", "answered", lambda: sg(f"{Y - 1}", "公务接待费")),
    ("lookup", "出差费用", "answered", lambda: cell("经济分类", "差旅费", "支出总计")),
    ("lookup", "工资福利支出是多少", "answered", lambda: cell("经济分类", "工资福利支出", "支出总计")),
    ("lookup", "人员经费是多少", "answered", lambda: cell("基本支出", "办公室", "人员经费")),
    ("lookup", "公用经费多少", "answered", lambda: cell("基本支出", "办公室", "公用经费")),
    ("lookup", "基本支出是多少", "answered", lambda: cell("支出总表", "办公室", "基本支出")),
    ("lookup", "项目支出多少", "answered", lambda: cell("支出总表", "办公室", "项目支出")),
    ("lookup", "住房公积金是多少", "answered", lambda: cell("经济分类", "住房公积金", "支出总计")),
    ("lookup", "教育支出多少", "answered", lambda: cell("功能分类", "教育支出", "支出总计")),
    ("lookup", "2050803培训支出是多少", "answered", lambda: cell("功能分类", "培训支出", "支出总计")),
    ("lookup", "外事事务项目多少钱", "answered", lambda: cell("项目支出", "外事事务", "项目支出合计")),
    ("lookup", "办公费的基本支出是多少", "answered", lambda: cell("经济分类", "办公费", "基本支出")),
    ("lookup", "支出总计是多少", "answered", lambda: cell("收支总表", "支出总计", "预算数")),
    ("lookup", "住房公积金多少元", "answered", lambda: cell("经济分类", "住房公积金", "支出总计") * 10000),
    # the figure asked first leads; the change follows among the parts
    ("delta", f"外办{Y}年三公经费多少？比上年少多少？为什么？", "answered", lambda: sg(f"{Y}", "总计")),
    ("delta", "招待费比去年少了多少", "answered", lambda: sg("增减", "公务接待费")),
    ("delta", "公务接待费比上年减少多少万元", "answered", lambda: sg("增减", "公务接待费")),
    ("delta", f"{Y}年三公经费和{Y - 1}年相比变化多少", "answered", lambda: sg("增减", "总计")),
    ("delta", "外办的公务接待费为什么减少", "answered", lambda: sg("增减", "公务接待费")),
    (
        "ratio",
        "公务接待费下降了百分之几",
        "answered",
        lambda: pct(sg(f"{Y}", "公务接待费"), sg(f"{Y - 1}", "公务接待费")),
    ),
    (
        "ratio",
        "三公经费比上年增长率是多少",
        "answered",
        lambda: pct(sg(f"{Y}", "总计"), sg(f"{Y - 1}", "总计")),
    ),
    (
        "ratio",
        "人员经费占基本支出的比例",
        "answered",
        lambda: (
            cell("基本支出", "办公室", "人员经费") / cell("基本支出", "办公室", "基本支出合计") * 100
        ).quantize(Decimal("0.01")),
    ),
    (
        "ratio",
        "公务接待费占三公经费的比重是多少",
        "answered",
        lambda: (sg(f"{Y}", "公务接待费") / sg(f"{Y}", "总计") * 100).quantize(Decimal("0.01")),
    ),
    (
        "sum",
        "工资福利支出和商品和服务支出一共多少",
        "answered",
        lambda: cell("经济分类", "工资福利支出", "支出总计") + cell("经济分类", "商品和服务支出", "支出总计"),
    ),
    (
        "sum",
        "综合管理类项目多少钱",
        "answered",
        lambda: sum(
            (
                Decimal(str(c["value"]))
                for c in TRUTH["cells"]
                if c["table"] == 5 and c["row_name"] == "综合管理类" and c["column"] == "项目支出合计"
            ),
            Decimal(0),
        ),
    ),
    (
        "rank",
        "项目支出中哪个项目最多",
        "answered",
        lambda: max(
            Decimal(str(c["value"]))
            for c in TRUTH["cells"]
            if c["table"] == 5 and c["column"] == "项目支出合计" and c["row_code"]
        ),
    ),
    (
        "rank",
        "哪项支出最多",
        "answered",
        lambda: max(
            Decimal(str(c["value"]))
            for c in TRUTH["cells"]
            if "功能分类" in TRUTH["tables"][str(c["table"])]["title"]
            and c["row_code"]
            and len(c["row_code"]) == 3
            and c["column"] == "支出总计"
        ),
    ),
    ("narrative", "部门职责是什么", "answered", "部门概况"),
    ("narrative", "机关运行经费多少", "answered", "文字部分"),
    ("narrative", "信息化类项目比上年增加多少", "answered", "增加"),
    ("narrative", "外事事务项目主要用于什么", "answered", "外事事务"),
    ("narrative", "机构设置情况", "answered", "下设"),
    ("narrative", "三公经费为什么减少了", "answered", "主要"),
    # a row and a column named together: the cell at their crossing, never the row's or column's total
    (
        "lookup",
        "一般公共服务支出中项目支出是多少",
        "answered",
        lambda: cell("支出总表", "一般公共服务支出", "项目支出"),
    ),
    (
        "lookup",
        "一般公共服务支出里的项目经费安排了多少",
        "answered",
        lambda: cell("支出总表", "一般公共服务支出", "项目支出"),
    ),
    (
        "ratio",
        "基本支出是项目支出的几倍",
        "answered",
        lambda: (cell("支出总表", "办公室", "基本支出") / cell("支出总表", "办公室", "项目支出")).quantize(
            Decimal("0.01")
        ),
    ),
    # a part of an item: its own printed column, else not found (never the item's whole figure)
    (
        "lookup",
        "政府采购中给中小企业预留了多少",
        "answered",
        lambda: cell("支出总表", "办公室", "其中：面向中小企业政府采购项目"),
    ),
    ("not_found", "公务接待费中接待外宾的有多少", "not_found", None),
    # two items, one naming the other inside it: the narrower one is the answer, with its value
    (
        "lookup",
        "政府采购里面，面向小微企业的有多少",
        "answered",
        lambda: cell("支出总表", "办公室", "其中：面向小型、微型企业政府采购项目"),
    ),
    # a column word ranks the coded rows printed in that column, at their most detailed level
    ("rank", "公用经费里哪一项花钱最多", "answered", lambda: _deepest_max("基本支出总表", "公用经费")),
    ("rank", "人员经费中哪个科目最多", "answered", lambda: _deepest_max("基本支出总表", "人员经费")),
    # the budget as a whole: its total
    ("lookup", "部门预算一共多少钱", "answered", lambda: cell("收支总表", "支出总计", "预算数")),
    ("not_found", "教育局2023年三公经费多少", "not_found", None),
    ("not_found", f"{Y - 3}年三公经费多少", "not_found", None),
    ("not_found", "飞机票和轮船票花了多少", "not_found", None),
    ("not_found", "", "not_found", None),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    return qa_seed.seed_store(tmp_path_factory.mktemp("qa_seed"))


@pytest.fixture(scope="module")
def answerer(store) -> Answerer:
    return Answerer(store)


def _check(answer: Answer, status: str, expected: object) -> bool:
    if answer.status != status:
        return False
    if callable(expected):
        return answer.value == expected()
    if isinstance(expected, str):
        return expected in answer.answer
    return True


@pytest.mark.parametrize(
    ("kind", "question", "status", "expected"), CASES, ids=[c[1] or "empty" for c in CASES]
)
def test_question(answerer, kind, question, status, expected):
    answer = answerer.ask(question)
    assert _check(answer, status, expected), (answer.status, answer.value, answer.answer)
    if answer.status == "answered" and kind != "narrative":
        assert answer.citations and answer.citations[0].page is not None and answer.citations[0].table
    if kind in ("delta", "ratio", "sum") and status == "answered":
        assert answer.formula


def test_accuracy_summary(answerer, capsys):
    """Accuracy by question type; warm timings are printed with -s (targets are checked by bench/ask.py)."""
    tally: Counter[str] = Counter()
    right: Counter[str] = Counter()
    times: dict[str, list[float]] = {"table": [], "narrative": []}
    for kind, question, status, expected in CASES:
        answerer.ask(question)  # warm
        started = time.perf_counter()
        answer = answerer.ask(question)
        times["narrative" if kind == "narrative" else "table"].append((time.perf_counter() - started) * 1000)
        tally[kind] += 1
        right[kind] += _check(answer, status, expected)
    with capsys.disabled():
        for kind in tally:
            print(f"\n{kind:10s} {right[kind]}/{tally[kind]}", end="")
        for group, ms in times.items():
            ms.sort()
            p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
            print(f"\n{group} p50 {statistics.median(ms):.1f} ms p95 {p95:.1f} ms", end="")
        print()
    assert sum(right.values()) >= 0.9 * sum(tally.values())


def test_three_gong_formula_and_citations(answerer):
    answer = answerer.ask(f"外办{Y}年三公经费多少？比上年少多少？为什么？")
    now, before = sg(f"{Y}", "总计"), sg(f"{Y - 1}", "总计")
    assert answer.kind == "delta"
    assert answer.value == now and (now - before, "万元") in answer.parts  # in the order asked
    assert answer.formula == f"{now} − {before} = −{before - now} 万元"
    tables = [c.table for c in answer.citations if c.table]
    assert all(SG in t for t in tables)  # the most specific table
    assert any(c.table is None and c.section for c in answer.citations)  # the reason, quoted
    assert "原因" in answer.answer


def test_rate_formula_has_two_decimals(answerer):
    answer = answerer.ask("公务接待费下降了百分之几")
    assert answer.unit == "%" and answer.formula and answer.formula.endswith("%")
    assert answer.formula.split("= ")[-1].count(".") == 1 and len(answer.formula.split(".")[-1]) == 3


def test_to_json_contract(answerer, store):
    answer = answerer.ask("公务接待费预算是多少", qid=7)
    data = answer.to_json()
    assert list(data) == [
        "id",
        "question",
        "status",
        "answer",
        "value",
        "unit",
        "citations",
        "facts",
        "elapsed_ms",
        "formula",
        "choices",
        "kind",
        "parts",
    ]
    assert data["id"] == "7" and isinstance(data["value"], int)
    assert set(data["citations"][0]) == {
        "source",
        "doc_id",
        "department",
        "year",
        "page",
        "page_label",
        "table",
        "section",
        "row",
        "column",
        "quote",
    }
    assert data["citations"][0]["table"].startswith("表")
    doc = store.document(answer.facts[0].doc_id)
    assert data["facts"][0] == fact_to_json(answer.facts[0], doc)
    json.dumps(data, ensure_ascii=False)


def test_module_ask_caches_answerer(store):
    first = ask(store, "三公经费是多少")
    second = ask(store, "三公经费是多少")
    assert first.value == second.value and first.status == "answered"


def test_clarify_between_departments(tmp_path: Path):
    other = qa_seed.seed_parsed("seed0001", department="某市某某局")
    store = qa_seed.seed_store(tmp_path / "two", other)
    answerer = Answerer(store)
    answer = answerer.ask("公务接待费是多少")
    assert answer.status == "clarify" and len(answer.choices) == 2
    named = answerer.ask("某某局的公务接待费是多少")
    assert named.status == "answered" and named.citations[0].doc_id == "seed0001"
    ranked = answerer.ask("哪个部门三公经费最多")
    assert ranked.status == "answered" and ranked.kind == "rank"


def test_cross_year_documents_and_reload(tmp_path: Path):
    store = qa_seed.seed_store(tmp_path / "years")
    answerer = Answerer(store)
    assert answerer.ask(f"{Y + 1}年三公经费多少").status == "not_found"
    store.add(qa_seed.seed_parsed("seed0002", year_shift=1))  # the generation changes: caches reload
    later = answerer.ask(f"{Y + 1}年三公经费多少")
    assert later.status == "answered" and later.citations[0].year == Y + 1
    earlier = answerer.ask(f"{Y}年三公经费多少")
    assert earlier.status == "answered" and earlier.citations[0].year == Y  # its own document first
