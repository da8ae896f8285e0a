"""detect_metadata, aliases, listed_tables and missing_tables on covers, files and the 目录."""

from __future__ import annotations

from pathlib import Path

import pytest
from real_samples import real_pdf

from budgetqa.ingest.metadata import (
    DocMeta,
    aliases_for,
    clean_name,
    detect_metadata,
    listed_tables,
    missing_tables,
    name_key,
    region_of,
)
from budgetqa.ingest.pdf_pages import read_pdf
from budgetqa.ingest.text_budget import parse_text_budget

SEED_DEPT = "中共深圳市委外事工作委员会办公室"


@pytest.mark.parametrize(
    ("cover", "filename", "department", "year", "kind", "title", "region"),
    [
        ("2023 年[某某市某某局]部门预算", "a.pdf", "某某市某某局", 2023, "预算", "部门预算", "某某市"),
        (
            "浙江省杭州市西湖区教育局\n2022年度单位决算",
            "b.pdf",
            "浙江省杭州市西湖区教育局",
            2022,
            "决算",
            "单位决算",
            "浙江省杭州市西湖区",
        ),
        (
            "广州市2024年市级部门预算\n预算主管部门：广州市民政局",
            "c.pdf",
            "广州市民政局",
            2024,
            "预算",
            "部门预算",
            "广州市",
        ),
        ("", "2021_湖南省财政厅_部门决算.pdf", "湖南省财政厅", 2021, "决算", "部门决算", "湖南省"),
        ("没有标题的封面", "notes.pdf", None, None, None, None, None),
    ],
)
def test_detect_metadata_shapes(
    cover: str,
    filename: str,
    department: str | None,
    year: int | None,
    kind: str | None,
    title: str | None,
    region: str | None,
) -> None:
    meta = detect_metadata([cover, ""], filename)
    assert (meta.department, meta.year, meta.doc_kind, meta.title, meta.region) == (
        department,
        year,
        kind,
        title,
        region,
    )


@pytest.mark.parametrize(
    ("name", "region"),
    [
        ("上海市普陀区财政局", "上海市普陀区"),
        ("中共深圳市委外事工作委员会办公室", "深圳市"),
        ("江苏省人大常委会办公厅", "江苏省"),
        ("内蒙古自治区呼和浩特市民政局", "内蒙古自治区呼和浩特市"),
        ("财政局", None),
    ],
)
def test_region_of(name: str, region: str | None) -> None:
    assert region_of(name) == region


@pytest.mark.parametrize(
    ("department", "region", "expected"),
    [
        (SEED_DEPT, "深圳市", {"市委外办", "外办"}),
        ("上海市普陀区人民政府办公室", "上海市普陀区", {"区政府办", "区府办", "区政府办公室"}),
        ("江苏省人大常委会办公厅", "江苏省", {"省人大办公厅", "省人大常委会办公厅"}),
        ("上海市普陀区财政局", "上海市普陀区", {"区财政局", "普陀区财政局"}),
        ("某某县发展和改革委员会", "某某县", {"县发展和改革委员会"}),
    ],
)
def test_aliases_follow_general_rules(department: str, region: str, expected: set[str]) -> None:
    aliases = aliases_for(department, region)
    assert expected <= set(aliases)
    assert department not in aliases


def _meta_of(path: Path) -> DocMeta:
    return detect_metadata(read_pdf(path).pages, path.name)


def test_seed_pdf_and_md(seed_pdf: Path, seed_md: Path) -> None:
    pdf = _meta_of(seed_pdf)
    assert (pdf.department, pdf.year, pdf.doc_kind, pdf.title, pdf.region) == (
        SEED_DEPT,
        2023,
        "预算",
        "部门预算",
        "深圳市",
    )
    assert {"市委外办", "外办"} <= set(pdf.aliases)
    md = detect_metadata([parse_text_budget(seed_md, "md").text], seed_md.name)
    assert (md.department, md.year, md.doc_kind) == (SEED_DEPT, 2023, "预算")


@pytest.mark.parametrize(
    ("prefix", "department", "year", "kind", "region"),
    [
        ("2017_", "江苏省人大常委会办公厅", 2017, "预算", "江苏省"),
        ("2024_", "上海市普陀区财政局", 2024, "决算", "上海市普陀区"),
        ("2025_", "上海市普陀区人民政府办公室", 2025, "预算", "上海市普陀区"),
    ],
)
def test_real_metadata(
    real_dir: Path, prefix: str, department: str, year: int, kind: str, region: str
) -> None:
    path = real_pdf(real_dir, prefix)
    meta = _meta_of(path)
    assert (meta.department, meta.year, meta.doc_kind, meta.region) == (department, year, kind, region)
    # The cover alone decides, not the file name.
    renamed = detect_metadata(read_pdf(path).pages, "upload.pdf")
    assert (renamed.department, renamed.year, renamed.doc_kind) == (department, year, kind)


def test_listed_tables_seed(seed_pdf: Path, seed_truth: dict) -> None:
    listed = listed_tables(read_pdf(seed_pdf).pages)
    assert listed == [t["title"] for t in seed_truth["tables"].values()]


def test_listed_tables_real(real_dir: Path) -> None:
    jiangsu = listed_tables(read_pdf(real_pdf(real_dir, "2017_")).pages)
    assert len(jiangsu) == 12 and jiangsu[0] == "收支预算总表"
    assert "一般公共预算“三公”经费、会议费、培训费支出预算表" in jiangsu  # wrapped over two pages
    final = listed_tables(read_pdf(real_pdf(real_dir, "2024_")).pages)
    assert len(final) == 9 and final[0] == "收入支出决算总表"
    office = listed_tables(read_pdf(real_pdf(real_dir, "2025_")).pages)
    assert len(office) == 9 and "部门预算表" not in office  # a group entry, not a table


@pytest.mark.parametrize(
    ("listed", "found", "missing"),
    [
        (["收支总表", "收入总表"], ["收支总表"], ["收入总表"]),
        (["收支总表", "政府预算拨款收支总表"], ["政府预算拨款收支总表"], ["收支总表"]),
        (["政府性基金支出预算表"], ["财政拨款政府性基金支出预算表"], []),
        (["一般公共预算“三公”经费、会议费、培训费支出预算表"], ["“三公”经费、会议费、培训费支出预算表"], []),
        (["一般公共预算支出表（按功能分类）"], ["一般公共预算支出表(按功能分类)"], []),
        (["一般公共预算支出表（按功能分类）"], ["一般公共预算按功能分类支出表"], []),
        (
            ["一般公共预算支出表（按经济分类）"],
            ["一般公共预算支出表（按功能分类）"],
            ["一般公共预算支出表（按经济分类）"],
        ),
        (["[部门整体支出绩效目标表]"], ["部门整体支出 绩效目标表"], []),
        (["2025年部门收入预算总表"], ["收入预算总表"], []),
        (["收入总表", "收入总表"], ["收入总表"], ["收入总表"]),
    ],
)
def test_missing_tables(listed: list[str], found: list[str], missing: list[str]) -> None:
    assert missing_tables(listed, found) == missing


def test_md_misses_three_tables(seed_pdf: Path, seed_md: Path) -> None:
    listed = listed_tables(read_pdf(seed_pdf).pages)
    found = [t.title for t in parse_text_budget(seed_md, "md").tables]
    assert missing_tables(listed, found) == ["收入总表", "基本支出总表", "项目支出总表"]


EVERY_SAMPLE = [
    ("2017_中共江苏省委办公厅_部门预算_文字部分.pdf", "江苏省委办公厅", 2017, "预算"),
    ("2017_中共江苏省委办公厅_部门预算_表格部分.pdf", "中共江苏省委办公厅", 2017, "预算"),
    ("2017_江苏省人大常委会办公厅_部门预算.pdf", "江苏省人大常委会办公厅", 2017, "预算"),
    ("2018_中共江苏省委办公厅_部门预算_文字部分.pdf", "江苏省委办公厅", 2018, "预算"),
    ("2018_中共江苏省委办公厅_部门预算_表格部分.pdf", "中共江苏省委办公厅", 2018, "预算"),
    ("2018_江苏省人大常委会办公厅_部门预算.pdf", "江苏省人大常委会办公厅", 2018, "预算"),
    ("2019_中共江苏省委办公厅_部门预算_文字部分.pdf", "江苏省委办公厅", 2019, "预算"),
    ("2019_中共江苏省委办公厅_部门预算_表格部分.pdf", "中共江苏省委办公厅", 2019, "预算"),
    ("2019_江苏省人大常委会办公厅_部门预算_文字部分.pdf", "江苏省人大常委会办公厅", 2019, "预算"),
    ("2019_江苏省人大常委会办公厅_部门预算_表格部分.pdf", "江苏省人大常委会办公厅", 2019, "预算"),
    (
        "2023_上海市普陀区人民政府万里街道办事处_部门预算.pdf",
        "上海市普陀区人民政府万里街道办事处",
        2023,
        "预算",
    ),
    (
        "2024_上海市普陀区人民政府万里街道办事处_部门预算.pdf",
        "上海市普陀区人民政府万里街道办事处",
        2024,
        "预算",
    ),
    ("2024_上海市普陀区财政局_部门决算.pdf", "上海市普陀区财政局", 2024, "决算"),
    (
        "2025_上海市普陀区人民政府万里街道办事处_部门预算.pdf",
        "上海市普陀区人民政府万里街道办事处",
        2025,
        "预算",
    ),
    ("2025_上海市普陀区人民政府办公室_部门预算.pdf", "上海市普陀区人民政府办公室", 2025, "预算"),
]


@pytest.mark.parametrize(("name", "department", "year", "kind"), EVERY_SAMPLE)
def test_every_real_sample_gets_its_department_and_year(
    real_dir: Path, name: str, department: str, year: int, kind: str
) -> None:
    """Cover, title and 部门： lines, cleaned of page numbers, 单位 labels and printer lines; the two files of
    one publication share one name key."""
    meta = _meta_of(real_dir / name)
    assert (meta.department, meta.year, meta.doc_kind) == (department, year, kind)
    assert name_key(meta.department or "") == name_key(department)


@pytest.mark.parametrize(
    ("printed", "clean", "key"),
    [
        ("1某某省人大常委会办公厅", "某某省人大常委会办公厅", "某某省人大常委会办公厅"),
        ("中国共产党某某省委员会办公厅单位", "中共某某省委办公厅", "某某省委办公厅"),
        ("中共某某省委办公厅某某省财政厅印制", "中共某某省委办公厅", "某某省委办公厅"),
        (
            "中共某某市委外事工作委员会办公室",
            "中共某某市委外事工作委员会办公室",
            "某某市委外事工作委员会办公室",
        ),
        ("某某区教育局", "某某区教育局", "某某区教育局"),
    ],
)
def test_names_are_cleaned_by_genre_rules(printed: str, clean: str, key: str) -> None:
    assert clean_name(printed) == clean and name_key(printed) == key


def test_a_labelled_department_stops_before_the_unit_and_the_printer() -> None:
    cover = ["某某省2030年度\n省级部门预算公开报表\n部门:中共某某省委办公厅\n某某省财政厅印制"]
    assert detect_metadata(cover, "x.pdf").department == "中共某某省委办公厅"
    table = ["公开表二\n部门：某某省某某局单位：万元\n项目名称 金额"]
    assert detect_metadata(table, "2030_x.pdf").department == "某某省某某局"
    empty = ["公开表一\n部门：单位：万元\n功能科目名称 金额"]
    assert detect_metadata(empty, "2030_某某省某某局_部门预算_表格部分.pdf").department == "某某省某某局"


def test_a_fragment_without_a_year_is_kept_with_a_warning(tmp_path: Path, seed_pdf: Path) -> None:
    """One scaled-up page of a publication: no year anywhere, so the report says how to supply it."""
    import pypdf

    from budgetqa.ingest.pipeline import parse_file

    writer = pypdf.PdfWriter()
    page = writer.add_page(pypdf.PdfReader(seed_pdf).pages[23])
    page.scale_to(14400, 14400)
    path = tmp_path / "fragment.pdf"
    writer.write(path)
    doc = parse_file(path).document
    assert doc.year is None
    assert any("no year found" in w and "--replace" in w for w in doc.warnings)
