"""Narrative figures stored as facts of text origin, kept apart from table cells, and checked against the tables."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from budgetqa.ingest import parse_file
from budgetqa.ingest.checks import check_text_figures, subject_key
from budgetqa.ingest.narrative_facts import TextFigure, narrative_facts, subject_of
from budgetqa.store import TABLE_ORIGIN, TEXT_ORIGIN, Chunk, Fact, HashEmbedder, Store
from budgetqa.ui.cli import cli


def _figures(text: str, section: str = "第一部分") -> list[TextFigure]:
    chunk = Chunk("d:n0", "d", text, page_start=3, page_end=3, section=section)
    return narrative_facts("d", [chunk], ["", "", text])


def _rows(text: str) -> list[tuple[str, str, Decimal | None, str | None]]:
    return [(f.fact.row_name, f.fact.column, f.fact.value, f.fact.unit) for f in _figures(text)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "2024年机关运行经费预算支出5619.31万元，比上年增加30万元，增长0.5%。",
            [
                ("机关运行经费预算支出", "金额/预算", Decimal("5619.31"), "万元"),
                ("机关运行经费预算支出", "增减额/预算", Decimal("30"), "万元"),
                ("机关运行经费预算支出", "增减率/预算", Decimal("0.5"), "%"),
            ],
        ),
        (
            "公务接待费比上年减少2,389.52万元，下降1.87%。",
            [
                ("公务接待费", "增减额", Decimal("-2389.52"), "万元"),
                ("公务接待费", "增减率", Decimal("-1.87"), "%"),
            ],
        ),
        (
            "截至2023年底，本单位共有车辆12辆，编制70名，内设机构8个，全年接待120人次。",
            [
                ("车辆", "数量", Decimal("12"), "辆"),
                ("编制", "数量", Decimal("70"), "名"),
                ("内设机构", "数量", Decimal("8"), "个"),
                ("接待", "数量", Decimal("120"), "人次"),
            ],
        ),
        # a bound (单价50万元以上) is no amount; a share (占…%) and 个百分点 are not the item's figure
        ("单价50万元以上通用设备2台（套）。", [("单价50万元以上通用设备", "数量", Decimal("2"), "台")]),
        ("基本支出占总支出的79.49%，提高3个百分点。", []),
        # a clause naming no subject of its own takes the sentence's subject before it
        (
            "一般公共服务（类）支出年初预算为1560.05万元，支出决算为1511.89万元。",
            [
                ("一般公共服务(类)支出年初预算", "金额/年初预算", Decimal("1560.05"), "万元"),
                ("一般公共服务(类)支出年初预算", "金额/支出决算", Decimal("1511.89"), "万元"),
            ],
        ),
    ],
)
def test_figures_of_a_sentence(sentence: str, expected: list[tuple[str, str, Decimal, str]]) -> None:
    assert _rows(sentence) == expected


def test_a_text_fact_carries_its_sentence_section_page_and_origin() -> None:
    (figure,) = _figures("本部门共有车辆5辆。", section="第三部分 > 四、车辆")
    fact = figure.fact
    assert (fact.origin, fact.table_no, fact.page, fact.section) == (
        TEXT_ORIGIN,
        None,
        3,
        "第三部分 > 四、车辆",
    )
    assert fact.sentence == "本部门共有车辆5辆。" and fact.text == "5辆" and figure.own_subject


@pytest.mark.parametrize(
    ("clause", "subject"),
    [
        ("2024年机关运行经费预算支出", "机关运行经费预算支出"),
        ("比上年", ""),
        ("公务接待费比上年", "公务接待费"),
        ("公务用车购置费2023年预算数", "公务用车购置费"),
        ("其中外宾接待费", "外宾接待费"),
    ],
)
def test_subject_of_a_clause(clause: str, subject: str) -> None:
    assert subject_of(clause) == subject


def test_subject_key_drops_level_marks_and_measure_words() -> None:
    assert subject_key("一般公共服务（类）支出") == "一般公共服务支出"
    assert subject_key("“三公”经费预算") == "三公经费"
    assert subject_key("预算") == "预算"  # nothing would be left: kept


def _cell(
    row: str, column: str, text: str, unit: str = "万元", title: str = "支出预算总表", no: int = 3
) -> Fact:
    return Fact("d", no, title, row, column, Decimal(text.replace(",", "")), text, unit, 12)


_TABLES = [
    _cell("一般公共服务支出", "合计", "1,560.05"),
    _cell("一般公共服务支出", "基本支出", "1,000.00"),
    _cell("公务接待费", "合计", "185,000.00", unit="元", title="基本支出经济分类预算表", no=8),
    _cell("教育支出", "合计", "10.00"),
    _cell("教育支出", "合计", "12.00", title="项目表", no=5),
    _cell("外办", "2023年政府采购项目/小计", "1,136"),
]


def _check(sentence: str, kind: str = "预算") -> list[tuple[bool, str]]:
    return [(c.ok, c.detail) for c in check_text_figures(_TABLES, _figures(sentence), 2024, kind)]


def test_a_text_figure_agrees_with_the_row_of_its_subject() -> None:
    (result,) = _check("2024年一般公共服务（类）支出1560.05万元。")
    assert result[0] and "1 figures agree" in result[1]
    # the text rounds: one unit of its last printed digit
    assert _check("一般公共服务支出1560.1万元。")[0][0]


def test_a_text_figure_that_disagrees_fails_naming_both() -> None:
    ((ok, detail),) = _check("一般公共服务支出1660.05万元。")
    assert not ok and "1660.05万元" in detail and "1,560.05" in detail and "表3" in detail


@pytest.mark.parametrize(
    "sentence",
    [
        "公务接待费28.50万元。",  # only a 基本支出 table prints the row: a part, not the whole
        "教育支出11.00万元。",  # two tables print the row with two figures: which one is meant is unknown
        "比上年一般公共服务支出1660.05万元。",  # another period
        "2023年一般公共服务支出1660.05万元。",
        "一般公共服务支出年初预算1660.05万元。",  # in a 决算, the 预算 figure is not the 决算 cell
        "比上年增加1660.05万元。",  # a change is no amount
        "外办预算7,021万元。",  # the row's only cell is a part (政府采购项目/小计), not the whole
    ],
)
def test_no_check_when_the_cell_is_not_unambiguous(sentence: str) -> None:
    assert _check(sentence, "决算" if "年初预算" in sentence else "预算") == []


def test_text_facts_are_stored_apart_from_table_cells(tmp_path: Path, seed_md: Path) -> None:
    store = Store(tmp_path / "home", embedder=HashEmbedder())
    parsed = parse_file(seed_md)
    assert parsed.text_facts and all(f.origin == TEXT_ORIGIN for f in parsed.text_facts)
    store.add(parsed)
    cells = store.facts()
    assert cells and {f.origin for f in cells} == {TABLE_ORIGIN} and len(cells) == len(parsed.facts)
    text = store.facts(origin=TEXT_ORIGIN)
    assert len(text) == len(parsed.text_facts) and all(f.sentence for f in text)
    assert len(store.facts(origin=None)) == len(cells) + len(text)
    assert dict(store.fact_counts()) == {parsed.document.doc_id: len(parsed.facts)}
    rows, _columns = store.fact_labels()
    assert not set(rows) - {f.row_name for f in parsed.facts}  # no text subject among the table labels
    # row chunks point at table cells only
    ids = {f.fact_id for f in cells}
    assert all(set(c.fact_keys) <= ids for c in store.chunks(kind="row"))


def test_facts_command_shows_and_filters_text_figures(tmp_path: Path, seed_md: Path) -> None:
    home = str(tmp_path / "home")
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(seed_md), "--home", home, "--embedder", "hash"]).exit_code == 0
    text = runner.invoke(cli, ["facts", "--origin", "text", "--json", "--home", home]).output.splitlines()
    rows = [json.loads(line) for line in text]
    assert rows and {r["origin"] for r in rows} == {"text"} and all(r["sentence"] for r in rows)
    assert all(r["table_no"] is None for r in rows)
    plain = runner.invoke(cli, ["facts", "--origin", "text", "--home", home]).output
    assert " 文字 " in plain and "万元" in plain
    every = runner.invoke(cli, ["facts", "--json", "--home", home]).output.splitlines()
    cells = runner.invoke(cli, ["facts", "--origin", "table", "--json", "--home", home]).output.splitlines()
    assert len(every) == len(cells) + len(rows)
    assert {json.loads(line)["origin"] for line in cells} == {"table"}


def test_a_text_fact_survives_a_round_trip_through_the_store(tmp_path: Path) -> None:
    store = Store(tmp_path / "home", embedder=HashEmbedder())
    parsed = parse_file(Path(__file__).resolve().parents[1] / "ingest" / "sample" / _sample_md())
    fact = parsed.text_facts[0]
    store.add(parsed)
    stored = store.facts(origin=TEXT_ORIGIN)[0]
    assert replace(stored, fact_id=None) == fact


def _sample_md() -> str:
    return next((Path(__file__).resolve().parents[1] / "ingest" / "sample").glob("*.md")).name


def test_real_samples_text_checks_fail_only_where_the_document_is_wrong(
    real_dir: Path, seed_pdf: Path, seed_md: Path
) -> None:
    """Check precision on the samples: no text figure disagrees with its table cell on any of them (the one
    real narrative inconsistency, 普陀区财政局 2024 决算 p21 0.3万元, is the 总计 check's)."""
    for path in [*sorted(real_dir.glob("*.pdf")), seed_pdf, seed_md]:
        parsed = parse_file(path)
        failed = [c.detail for c in parsed.document.checks if c.name.startswith("text:") and not c.ok]
        assert failed == [], path.name
        assert parsed.text_facts or "表格部分" in path.name, path.name
