"""Public chat handlers, in process with the hash embedder and the fake answerer."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image

from budgetqa.store import Store
from budgetqa.ui import handlers
from budgetqa.ui.fakes import FakeAnswer, FakeAnswerer, add_tiny_document


def blank_pdf(path: Path) -> Path:
    """A one-page A4 PDF (PIL writes 72 dpi, so pixels are points)."""
    Image.new("RGB", (595, 842), "white").save(path, "PDF", resolution=72.0)
    return path


@pytest.fixture
def store(hash_store: Store, tmp_path: Path) -> Store:
    add_tiny_document(hash_store, blank_pdf(tmp_path / "demo.pdf"))
    return hash_store


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (Decimal("7021"), "7,021"),
        (Decimal("1234.50"), "1,234.50"),
        (0, "0"),
        (Decimal("-344"), "-344"),
    ],
)
def test_format_value(value: Decimal | int | None, text: str) -> None:
    assert handlers.format_value(value) == text


def test_citation_label_has_document_pages_table_row_and_column() -> None:
    citation = {
        "source": "a.pdf",
        "department": "某局",
        "year": 2023,
        "page": 24,
        "page_label": "— 18 —",
        "table": "表9 三公经费支出表",
        "row": "2023年",
        "column": "公务接待费",
    }
    label = handlers.citation_label(citation, 1)
    assert (
        label
        == "[1] 2023年 某局 · 第24页（印刷页码 — 18 —） · 表9 三公经费支出表 · 行 2023年 · 列 公务接待费"
    )
    assert handlers.citation_label({"source": "a.pdf", "section": "第一部分"}, 2) == "[2] a.pdf · 第一部分"


def test_format_answer_shows_value_formula_and_citations() -> None:
    answer = FakeAnswer(
        "q", "answered", "合计为253万元。", Decimal("253"), "万元", formula="0 + 242 + 11 = 253"
    )
    text = handlers.format_answer(answer, [{"source": "a.pdf", "page": 3, "fact_id": 1}])
    assert "**数值：253 万元**" in text and "`0 + 242 + 11 = 253`" in text and "[1] a.pdf · 第3页" in text


def test_format_answer_for_narrative_quotes_and_other_statuses() -> None:
    narrative = handlers.format_answer(
        FakeAnswer("q", "answered", "职能如下。"), [{"source": "a.pdf", "quote": "负责  外事\n工作"}]
    )
    assert "> 负责 外事 工作" in narrative
    clarify = handlers.format_answer(
        FakeAnswer("q", "clarify", "有多个文件。", choices=("2022年", "2023年")), []
    )
    assert "- 2022年" in clarify
    assert "没有找到依据" in handlers.format_answer(FakeAnswer("q", "not_found", "没有找到。"), [])


def test_filters_and_doc_selection(store: Store) -> None:
    add_tiny_document(store, doc_id="other-2022", sha256="1" * 64, department="另一局", year=2022)
    docs = store.documents()
    assert handlers.department_choices(docs) == [handlers.ALL, "另一局", "示例局"]
    assert handlers.year_choices(docs) == [handlers.ALL, "2023", "2022"]
    assert handlers.select_doc_ids(docs, handlers.ALL, handlers.ALL) is None
    assert handlers.select_doc_ids(docs, "示例局", None) == ["demo-2023"]
    assert handlers.select_doc_ids(docs, None, "2022") == ["other-2022"]
    assert handlers.select_doc_ids(docs, "示例局", "2022") == []


def test_ask_question_appends_answer_with_citation(store: Store) -> None:
    fake = FakeAnswerer(store)
    cache = handlers.AnswererCache(store, lambda s: fake)
    result = handlers.ask_question(cache, store, " 教育支出是多少？ ", [], handlers.ALL, handlers.ALL)
    assert [m["role"] for m in result.history] == ["user", "assistant"]
    assert "教育支出为20万元" in result.history[1]["content"]
    [citation] = result.citations
    assert citation["doc_id"] == "demo-2023" and citation["page"] == 1 and citation["page_label"] == "— 1 —"
    assert citation["row"] == "教育支出" and citation["column"] == "支出总计" and citation["fact_id"]
    assert fake.asked == [("教育支出是多少？", None)]


def test_ask_question_passes_the_filter_and_handles_no_match(store: Store) -> None:
    fake = FakeAnswerer(store)
    cache = handlers.AnswererCache(store, lambda s: fake)
    handlers.ask_question(cache, store, "教育支出", [], "示例局", "2023")
    assert fake.asked[-1][1] == ["demo-2023"]
    result = handlers.ask_question(cache, store, "教育支出", [], "示例局", "2019")
    assert "调整筛选条件" in result.history[-1]["content"] and len(fake.asked) == 1
    assert handlers.ask_question(cache, store, "   ", [], None, None).history == []


def test_empty_store_says_so(hash_store: Store) -> None:
    cache = handlers.AnswererCache(hash_store, FakeAnswerer)
    result = handlers.ask_question(cache, hash_store, "三公经费是多少？", None)
    assert "还没有收录" in result.history[-1]["content"]


def test_answerer_is_rebuilt_when_the_store_changes(store: Store) -> None:
    built: list[FakeAnswerer] = []

    def factory(s: Store) -> FakeAnswerer:
        built.append(FakeAnswerer(s))
        return built[-1]

    cache = handlers.AnswererCache(store, factory)
    first = cache.get()
    assert cache.get() is first and len(built) == 1
    store.remove("demo-2023")
    assert cache.get() is not first and len(built) == 2


def test_citation_to_dict_accepts_records_and_json_dicts() -> None:
    as_dict = handlers.citation_to_dict({"source": "a.pdf", "bbox": (1, 2, 3, 4), "extra": 1})
    assert as_dict["bbox"] == [1.0, 2.0, 3.0, 4.0] and "extra" not in as_dict and as_dict["page"] is None
