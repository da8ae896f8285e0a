"""chunk_narrative: heading-following chunks with page spans; the 目录 and table pages left out."""

from __future__ import annotations

from pathlib import Path

import pytest
from real_samples import real_pdf

from budgetqa.ingest.chunking import (
    MAX_CHARS,
    MIN_CHARS,
    chunk_narrative,
    find_toc,
    heading_level,
    tidy_heading,
)
from budgetqa.ingest.pdf_pages import read_pdf
from budgetqa.ingest.text_budget import parse_text_budget


def _table_pages(truth: dict) -> set[int]:
    return {p for t in truth["tables"].values() for p in range(t["start"], t["end"] + 1)}


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("第一部分 部门概况", 0),
        ("第十二部分 附件", 0),
        ("一、部门职责", 1),
        ("（三）对个人和家庭补助支出", 2),
        ("1. 外事事务", 3),
        ("（2）项目支出", 3),
        ("（一）人员支出 3,646 万元，主要包括：在职人员基本工资。", None),
        ("本部门无政府性基金预算支出。", None),
    ],
)
def test_heading_level(line: str, level: int | None) -> None:
    assert heading_level(line) == level


def test_tidy_heading() -> None:
    assert tidy_heading("第一部分部门概况") == "第一部分 部门概况"
    assert tidy_heading("一、部门主要职能 ……………………") == "一、部门主要职能"


def test_toc_spans_pages_and_ends_where_the_body_restarts() -> None:
    pages = [
        "某局2024年度部门决算\n目录\n第一部分 概况\n一、主要职能\n第二部分 决算表",
        "一、收入支出决算总表\n第三部分 情况说明\n\n第一部分 概况\n一、主要职能\n本局负责财政工作。",
    ]
    toc = find_toc(pages)
    assert toc is not None
    assert toc.entries == [
        "第一部分 概况",
        "一、主要职能",
        "第二部分 决算表",
        "一、收入支出决算总表",
        "第三部分 情况说明",
    ]
    assert toc.end == (1, 3)  # the body's "第一部分 概况"
    narrative = chunk_narrative("d", pages)
    assert narrative.sections == [("第一部分 概况", 2)]


def test_seed_parts_on_truth_pages(seed_pdf: Path, seed_truth: dict) -> None:
    doc = read_pdf(seed_pdf)
    narrative = chunk_narrative(
        "seed", doc.pages, skip_pages=_table_pages(seed_truth), toc_pages=set(doc.toc_pages)
    )
    assert dict(narrative.sections) == seed_truth["parts"]  # all nine parts, each on its page


def test_seed_chunks(seed_pdf: Path, seed_truth: dict) -> None:
    doc = read_pdf(seed_pdf)
    skip = _table_pages(seed_truth)
    chunks = chunk_narrative("seed", doc.pages, skip_pages=skip, toc_pages=set(doc.toc_pages)).chunks
    assert [c.chunk_id for c in chunks] == [f"seed:n{i}" for i in range(len(chunks))]
    assert all(MIN_CHARS <= len(c.text) <= MAX_CHARS for c in chunks)
    assert all(c.kind == "narrative" and c.page_start and c.page_end for c in chunks)
    assert all(c.page_start not in skip | {2} for c in chunks)  # no 目录, no table pages
    by_section = {c.section: c for c in chunks}
    sanggong = next(s for s in by_section if s and s.startswith("第五部分"))
    assert sanggong == "第五部分 一般公共预算“三公”经费预算情况"
    assert by_section[sanggong].page_start == 5
    assert "第一部分 部门概况 > 一、部门职责" in by_section
    # the 目录 lists the part headings; none of them became a chunk of page 2
    assert not any(c.page_start == 2 for c in chunks)


def test_text_file_chunks_have_no_pages(seed_md: Path, seed_truth: dict) -> None:
    text = parse_text_budget(seed_md, "md").text
    narrative = chunk_narrative("md", [text], first_page=None)
    assert [h for h, _ in narrative.sections] == list(seed_truth["parts"])
    assert all(p is None for _, p in narrative.sections)
    assert all(c.page_start is None and c.page_end is None for c in narrative.chunks)
    assert all(len(c.text) <= MAX_CHARS for c in narrative.chunks)


def test_long_section_is_split_at_sentence_ends() -> None:
    sentence = "本项目用于开展外事接待和领事保护等工作，" * 4 + "预算安排一百万元。"
    page = "第一部分 部门概况\n一、部门职责\n" + sentence * 12
    chunks = chunk_narrative("d", [page]).chunks
    assert len(chunks) >= 3
    assert all(len(c.text) <= MAX_CHARS for c in chunks)
    assert all(c.text.endswith("。") for c in chunks)
    assert {c.section for c in chunks} == {"第一部分 部门概况 > 一、部门职责"}


@pytest.mark.parametrize(
    ("prefix", "parts"),
    [
        ("2017_", {"第一部分 部门概况": 2, "第四部分 名词解释": 29}),
        (
            "2024_",
            {"第一部分 上海市普陀区财政局概况": 4, "第三部分 上海市普陀区财政局2024年度部门决算情况说明": 21},
        ),
        ("2025_", {"一、部门主要职能": 3, "三、名词解释": 5}),  # no 第N部分: the 目录's entries located
    ],
)
def test_real_sections(real_dir: Path, prefix: str, parts: dict[str, int]) -> None:
    doc = read_pdf(real_pdf(real_dir, prefix))
    narrative = chunk_narrative("d", doc.pages, toc_pages=set(doc.toc_pages))
    found = dict(narrative.sections)
    for heading, page in parts.items():
        assert found.get(heading) == page, (heading, narrative.sections)
    assert not any(p in doc.toc_pages for _, p in narrative.sections)
    assert all(len(c.text) <= MAX_CHARS for c in narrative.chunks)


def test_paragraph_cut_by_a_page_break_is_mended() -> None:
    pages = [
        "第一部分 部门概况\n一、主要职能\n（七）监督本级人民政府、人民法院和人民检察院的工",
        "作，联系本级人民代表大会代表，受理人民群众的申诉和意见；\n（八）撤销下一级人民代表大会的不适当的决议；",
    ]
    chunks = chunk_narrative("d", pages).chunks
    assert len(chunks) == 1
    assert "人民检察院的工作，联系本级人民代表大会代表" in chunks[0].text
    assert (chunks[0].page_start, chunks[0].page_end) == (1, 2)
    assert chunks[0].section == "第一部分 部门概况 > 一、主要职能"


def test_jiangsu_list_item_across_pages(real_dir: Path) -> None:
    doc = read_pdf(real_pdf(real_dir, "2017_"))
    chunks = chunk_narrative("d", doc.pages, toc_pages=set(doc.toc_pages)).chunks
    hit = next(c for c in chunks if "人民检察院的工作，联系本级人民代表大会代表" in c.text)
    assert (hit.page_start, hit.page_end) == (2, 3)
    assert not any(c.section and "的工" in c.section.split(" > ")[-1] for c in chunks)
