"""The assembled Gradio app: it builds, exposes only the public endpoint, and its glue functions work."""

from __future__ import annotations

import gradio as gr
import pytest

from budgetqa.store import Store
from budgetqa.ui import app as ui_app
from budgetqa.ui import charts, preview
from budgetqa.ui.fakes import FakeAnswerer, add_tiny_document


@pytest.fixture
def store(hash_store: Store) -> Store:
    add_tiny_document(hash_store)
    return hash_store


def test_build_app_exposes_only_the_public_question_endpoint(store: Store) -> None:
    blocks = ui_app.build_app(store, users={}, answerer_factory=FakeAnswerer)
    assert isinstance(blocks, gr.Blocks) and blocks.title == "预算问答 BudgetQA"
    assert list(blocks.get_api_info()["named_endpoints"]) == ["/ask"]
    private = {d["api_name"] for d in blocks.config["dependencies"] if d.get("api_visibility") == "private"}
    assert {"on_login", "on_ingest", "on_delete", "on_reingest"} <= private


def test_chart_outputs_for_a_document(store: Store) -> None:
    function, caption, economic, economic_caption, yoy, yoy_caption, changes = charts.chart_outputs(
        store, "demo-2023"
    )
    assert len(function) == 3 and "表7" in caption
    assert economic.empty and "没有找到" in economic_caption
    assert set(yoy[charts.SERIES]) == {"2022", "2023"} and "表9" in yoy_caption and len(changes) == 2
    assert charts.chart_outputs(store, None)[1] == "请选择文件。"


def test_preview_outputs_tolerate_bad_indexes(store: Store) -> None:
    citations = [{"doc_id": "demo-2023", "page": 1, "source": "demo-2023.pdf"}]
    for index in (None, 5, "x"):
        assert preview.preview_outputs(store, citations, index)[0] == ""
    caption, image, zoom, table = preview.preview_outputs(store, citations, 0)
    assert "demo-2023.pdf" in caption and image is None and zoom is None
