"""Pure pieces of question answering: parsing, text folding, lexicon, calculator, department matching."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetqa.qa import calc
from budgetqa.qa.lexicon import find_terms
from budgetqa.qa.matching import match_departments, residue, unknown_department
from budgetqa.qa.question import parse
from budgetqa.qa.text import clean_label, fold, is_total_label, longest_subsequence_run, year_in
from budgetqa.store import Document


@pytest.mark.parametrize(
    ("question", "years", "relative", "base_years", "base_relative"),
    [
        ("2023年三公经费多少？比上年少多少？", (2023,), (), (), (-1,)),
        ("招待费比去年少了多少", (), (), (), (-1,)),
        ("去年的公务接待费是多少", (), (-1,), (), ()),
        ("今年人员经费多少", (), (0,), (), ()),
        ("2024年比2022年增加多少", (2024,), (), (2022,), ()),
        ("23年差旅费", (2023,), (), (), ()),
        ("上年结转多少", (), (), (), ()),
        ("前年三公经费", (), (-2,), (), ()),
        ("三公经费同比变化", (), (), (), (-1,)),
    ],
)
def test_parse_years(question, years, relative, base_years, base_relative):
    p = parse(question)
    assert (p.years, p.relative, p.base_years, p.base_relative) == (
        years,
        relative,
        base_years,
        base_relative,
    )


@pytest.mark.parametrize(
    ("question", "must", "must_not"),
    [
        ("公务接待费预算是多少", set(), {"delta", "rate", "share", "narrative"}),
        ("招待费比去年少了多少", {"delta"}, {"rate"}),
        ("公务接待费下降了百分之几", {"rate"}, {"share"}),
        ("人员经费占基本支出的比例", {"share"}, {"delta", "rate"}),
        ("三公经费比上年增长多少%", {"rate", "delta"}, set()),
        ("工资和奖金一共多少", {"sum"}, set()),
        ("哪个项目支出最多", {"rank"}, set()),
        ("外事事务主要用于什么", {"narrative"}, {"delta"}),
        ("为什么三公经费减少", {"narrative"}, set()),
        ("两个部门的三公经费对比", {"compare"}, set()),
        ("绩效指标有哪些", {"indicator"}, set()),
    ],
)
def test_parse_operations(question, must, must_not):
    ops = parse(question).ops
    assert must <= ops
    assert not (must_not & ops)


@pytest.mark.parametrize(
    ("question", "kind", "unit"),
    [
        ("2023年决算数是多少", "决算", None),
        ("公务接待费预算多少万元", "预算", "万元"),
        ("住房公积金多少元", None, "元"),
        ("实际支出多少", "决算", None),
    ],
)
def test_parse_kind_and_unit(question, kind, unit):
    p = parse(question)
    assert (p.doc_kind, p.unit) == (kind, unit)


def test_parse_codes_ignore_amounts():
    assert parse("2050803培训支出是多少").codes == ("2050803",)
    assert parse("253万元是哪一项").codes == ()


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("【一、政府预算拨款", "政府预算拨款"),
        ("1. 一般公共预算拨款", "一般公共预算拨款"),
        ("（一）人员支出", "人员支出"),
        ("因公出国（境）费", "因公出国(境)费"),
        ("其中：面向中小企业", "面向中小企业"),
        ("十八、住房保障支\n出", "住房保障支出"),
        ("2022 年", "2022年"),
    ],
)
def test_clean_label(raw, clean):
    assert clean_label(raw) == clean


def test_totals_and_years():
    assert is_total_label("合计") and is_total_label("支出总计") and is_total_label("本年收入合计")
    assert not is_total_label("公务接待费")
    assert year_in("2023年预算数") == 2023 and year_in("2022 年") == 2022 and year_in("预算数") is None
    assert fold("“三公”经费") == "三公经费"


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("招待费比去年少了多少", "公务接待费"),
        ("出差费用", "差旅费"),
        ("公车花了多少", "公务用车购置及运行维护费"),
        ("出国经费", "因公出国(境)费"),
        ("工资多少", "工资福利支出"),
        ("三公是多少", "三公经费"),
        ("公积金", "住房公积金"),
        ("公务接待费预算", "公务接待费"),  # the longest form wins over 接待
    ],
)
def test_lexicon(question, term):
    assert [t.name for _, _, t in find_terms(fold(question))][0] == term


def test_residue_drops_question_words():
    assert residue(fold("2023年签证事务经费是多少？")) == "签证事务经费"


def _doc(doc_id: str, dept: str, year: int = 2023, aliases: tuple[str, ...] = ()) -> Document:
    return Document(doc_id, f"{doc_id}.pdf", doc_id, dept, year, "预算", aliases=aliases)


def test_department_by_abbreviation_and_alias():
    docs = [_doc("a", "某市委外事工作委员会办公室"), _doc("b", "某区财政局", aliases=("区财政",))]
    assert match_departments(fold("外办2023年三公经费"), docs)[0].doc_ids == ("a",)
    assert match_departments(fold("财政局的人员经费"), docs)[0].doc_ids == ("b",)
    assert match_departments(fold("区财政的人员经费"), docs)[0].doc_ids == ("b",)
    assert unknown_department(fold("教育局2023年三公经费多少"), docs) == "教育局"
    assert unknown_department(fold("外办2023年三公经费多少"), docs) is None


def test_longest_subsequence_run():
    assert longest_subsequence_run("区府办的预算", "某区人民政府办公室") == "区府办"
    assert longest_subsequence_run("预算", "某区人民政府办公室") == ""


@pytest.mark.parametrize(
    ("a", "b", "value", "formula"),
    [
        ("242", "586", "-344", "242 − 586 = −344 万元"),
        ("7021", "8785", "-1764", "7,021 − 8,785 = −1,764 万元"),
        ("5", "-3", "8", "5 − (−3) = 8 万元"),
    ],
)
def test_difference(a, b, value, formula):
    result, text = calc.difference(Decimal(a), Decimal(b), "万元")
    assert result == Decimal(value) and text == formula


def test_rates_two_decimals():
    assert calc.growth_rate(Decimal(242), Decimal(586)) == (
        Decimal("-58.70"),
        "(242 − 586) ÷ 586 × 100% = −58.70%",
    )
    assert calc.growth_rate(Decimal(5), Decimal(0))[0] is None
    assert calc.share(Decimal(1), Decimal(3))[0] == Decimal("33.33")
    assert calc.total([Decimal(4), Decimal(17)], "万元") == (Decimal(21), "4 + 17 = 21 万元")


def test_unit_conversion_is_explicit():
    assert calc.convert(Decimal(305), "万元", "元") == (
        Decimal(3050000),
        "元",
        "305 万元 × 10,000 = 3,050,000 元",
    )
    value, unit, formula = calc.convert(Decimal(123456), "元", "万元")
    assert (value, unit) == (Decimal("12.3456"), "万元") and formula and "÷ 10,000" in formula
    assert calc.convert(Decimal(1), "万元", None) == (Decimal(1), "万元", None)
    with pytest.raises(calc.UnitMismatch):
        calc.same_unit(["元", "万元"])
