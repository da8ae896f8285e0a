"""Everyday budget vocabulary: what people say → the labels budget tables print.

General vocabulary of the genre (政府收支分类科目, 三公经费, 经济分类 names) only; nothing here
names a particular document, department or figure. Each term lists its everyday forms (`says`) and
the printed labels it means, most specific first; `table_hint` names the table whose figure is the
authoritative one when the same item is printed in several tables (三公 items in the 三公经费表).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from budgetqa.qa.text import fold


@dataclass(frozen=True)
class Term:
    name: str
    says: tuple[str, ...]
    labels: tuple[str, ...]
    table_hint: str | None = None  # a word of the most specific table's title
    hint_total: bool = False  # inside that table the 合计/总计 row or column is this item
    # 经济 (what money buys: codes 3xx) or 功能 (what purpose: codes 2xx); the same words can be printed
    # in both classifications (退休费 vs 行政单位离退休), and the item's own classification is the answer
    kind: str | None = None


def _t(
    name: str,
    says: str,
    labels: str = "",
    table_hint: str | None = None,
    hint_total: bool = False,
    kind: str | None = None,
) -> Term:
    return Term(name, tuple(says.split()), tuple(labels.split()) or (name,), table_hint, hint_total, kind)


def _e(name: str, says: str, labels: str = "") -> Term:
    """An 经济分类 item."""
    return _t(name, says, labels, kind="经济")


def _f(name: str, says: str, labels: str = "") -> Term:
    """A 功能分类 item."""
    return _t(name, says, labels, kind="功能")


TERMS: tuple[Term, ...] = (
    # 三公经费 and its parts: the 三公 table is the authoritative source
    _t("三公经费", "三公经费 三公 三公费用 三公支出", "三公经费 三公经费合计 三公经费支出", "三公", True),
    _t(
        "因公出国(境)费",
        "因公出国(境)费 因公出国(境)费用 因公出国境费 因公出国 出国(境)费 出国经费 出国费用 出国费 出国 出境",
        "因公出国(境)费 因公出国(境)费用 因公出国费 因公出国(境)经费",
        "三公",
    ),
    _t(
        "公务接待费",
        "公务接待费 公务接待 接待费用 接待费 招待费用 招待费 招待 吃喝",
        "公务接待费 公务接待费用",
        "三公",
    ),
    _t(
        "公务用车购置及运行维护费",
        "公务用车购置及运行维护费 公务用车购置和运行维护费 公务用车购置及运行 公务用车购置和运行 公车购置及运行 公车购置和运行 "
        "公务用车费用 公车费用 用车费用 公务用车 公车 公务车 车辆费用",
        "公务用车购置及运行维护费 公务用车购置和运行维护费 公务用车购置及运行费 公务用车费",
        "三公",
    ),
    _t("公务用车购置费", "公务用车购置费 公车购置 购置公车 买车 购车 车辆购置", "公务用车购置费", "三公"),
    _t(
        "公务用车运行维护费",
        "公务用车运行维护费 公务用车运行费 公车运行维护费 公车运行维护 公车运维费 公车运行 公车运维 公车维护 车辆运行维护 "
        "车辆维护 车辆运维 养车",
        "公务用车运行维护费 公务用车运行费",
        "三公",
    ),
    # 经济分类 (what money is spent on)
    _e("差旅费", "差旅费 差旅 出差费用 出差经费 出差费 出差"),
    # the table titled with them (“三公”经费、会议费、培训费支出预算表) prints them whole; an economic-class table
    # of the 基本支出 prints only their basic part
    _t("会议费", "会议费 会议费用 开会 会议", "会议费", "会议费", kind="经济"),
    _t("培训费", "培训费 培训费用 培训经费 培训", "培训费 培训支出", "培训费", kind="经济"),
    _e("办公费", "办公费 办公费用"),
    _e("印刷费", "印刷费 印刷"),
    _e("水电费", "水电费 水电 水费 电费"),
    _e("邮电费", "邮电费 电话费 邮电"),
    _e("物业管理费", "物业管理费 物业费 物业"),
    _e("维修(护)费", "维修(护)费 维修费 维护费 维修", "维修(护)费 维修费"),
    _e("租赁费", "租赁费 房租 租金 租赁"),
    _e("劳务费", "劳务费 劳务"),
    _e("委托业务费", "委托业务费 委托业务 外包"),
    _e("工会经费", "工会经费 工会"),
    _e("福利费", "福利费"),
    _e("其他交通费用", "其他交通费用 交通费 交通补贴", "其他交通费用 交通费"),
    _e("办公设备购置", "办公设备购置 办公设备 买电脑 买计算机", "办公设备购置 办公设备购置费"),
    _e("工资福利支出", "工资福利支出 工资福利 工资 薪酬 薪水 人员工资", "工资福利支出"),
    _e("基本工资", "基本工资"),
    _e("津贴补贴", "津贴补贴 津补贴 津贴 补贴"),
    _e("奖金", "奖金 绩效奖金"),
    _e("绩效工资", "绩效工资"),
    _e(
        "机关事业单位基本养老保险缴费",
        "养老保险 养老金",
        "机关事业单位基本养老保险缴费 基本养老保险缴费 机关事业单位基本养老保险缴费支出",
    ),
    _e("职业年金缴费", "职业年金 年金", "职业年金缴费 机关事业单位职业年金缴费支出"),
    _e("职工基本医疗保险缴费", "医疗保险 医保", "职工基本医疗保险缴费 基本医疗保险缴费"),
    _e("住房公积金", "住房公积金 公积金"),
    _t("离退休费", "离退休费 离退休", "离退休费 离退休 行政单位离退休 行政事业单位离退休"),
    _e("退休费", "退休费 退休金"),
    _e("离休费", "离休费"),
    _e("对个人和家庭的补助", "对个人和家庭的补助 个人和家庭补助", "对个人和家庭的补助 对个人和家庭补助"),
    _e("商品和服务支出", "商品和服务支出 商品服务支出"),
    _e("资本性支出", "资本性支出 资本支出"),
    _t("人员经费", "人员经费 人员支出 人头费", "人员经费 人员支出"),
    _t("公用经费", "公用经费 公用支出 日常公用经费 日常运转经费", "公用经费 公用支出"),
    _t("机关运行经费", "机关运行经费 运行经费"),
    _t("基本支出", "基本支出"),
    _t("项目支出", "项目支出 项目经费 项目资金"),
    _t("政府采购", "政府采购 采购", "政府采购 政府采购项目 政府采购预算"),
    # the breakdowns every 政府采购 table prints (货物/工程/服务, 面向中小企业)
    _t("货物采购", "货物采购 采购货物 货物类采购 货物类", "货物 货物采购 货物类", "采购"),
    _t("工程采购", "工程采购 采购工程 工程类采购 工程类", "工程 工程采购 工程类", "采购"),
    _t("服务采购", "服务采购 采购服务 服务类采购 服务类", "服务 服务采购 服务类", "采购"),
    _t(
        "面向中小企业政府采购",
        "面向中小企业 中小企业采购 预留中小企业 中小企业预留 预留给中小企业",
        "面向中小企业政府采购项目 面向中小企业 面向中小企业预留",
        "采购",
    ),
    _t(
        "面向小型微型企业政府采购",
        "面向小型微型企业 小微企业预留 预留给小微企业 小微企业 小型微型企业 小型和微型企业",
        "面向小型、微型企业政府采购项目 面向小微企业 小型和微型企业 小型、微型企业 小微企业",
        "采购",
    ),
    # sub-items of 公务接待费 some templates print (and others only mention in the text)
    _t("外宾接待费", "外宾接待费 外宾接待 外事接待费 外事接待", "外宾接待费 外事接待费", "三公"),
    _t(
        "国内公务接待费",
        "国内公务接待费 国内公务接待 国内接待费 国内接待",
        "国内公务接待费 国内接待费",
        "三公",
    ),
    # 功能分类 类 (what purpose)
    _f("一般公共服务支出", "一般公共服务支出 一般公共服务"),
    _f("外交支出", "外交支出 外交"),
    _f("国防支出", "国防支出 国防"),
    _f("公共安全支出", "公共安全支出 公共安全"),
    _f("教育支出", "教育支出 教育经费 教育"),
    _f("科学技术支出", "科学技术支出 科学技术 科技支出 科技"),
    _f(
        "文化旅游体育与传媒支出",
        "文化旅游体育与传媒支出 文化旅游体育与传媒 文化旅游 文体",
        "文化旅游体育与传媒支出 文化体育与传媒支出",
    ),
    _f("社会保障和就业支出", "社会保障和就业支出 社会保障和就业 社会保障 社保 就业"),
    _f("卫生健康支出", "卫生健康支出 卫生健康 医疗卫生 卫生", "卫生健康支出 医疗卫生与计划生育支出"),
    _f("节能环保支出", "节能环保支出 节能环保 环保"),
    _f("城乡社区支出", "城乡社区支出 城乡社区"),
    _f("农林水支出", "农林水支出 农林水"),
    _f("交通运输支出", "交通运输支出 交通运输"),
    _f("住房保障支出", "住房保障支出 住房保障 住房支出"),
    _f("灾害防治及应急管理支出", "灾害防治及应急管理支出 应急管理 灾害防治"),
    # totals and sources of money
    _t(
        "收支总计",
        "收支总计 收支预算总计 收入支出总计 收入支出预算总计 收支决算总计 收支总额 收支总规模 收支预算总额 收支总预算 收支预算 收支决算 收支规模",
        "收支总计 收入支出总计 总计 收入总计 支出总计 收入合计 支出合计",
        "收支|收入支出",
    ),
    _t(
        "收入总计",
        "收入总计 收入合计 总收入 收入总额 收入一共 一共收入 收入总共 总共收入 收入共计 全部收入 收入预算 预算收入 部门收入 部门预算收入 部门收入预算 收入决算 决算收入",
        "收入总计 本年收入合计 收入合计 收入总额 部门预算收入 收入预算",
        "收支|收入支出|收入",
    ),
    _t(
        "支出总计",
        "支出总计 支出合计 总支出 支出总额 支出一共 支出总共 全部支出 预算总额 总预算 总盘子 一共花 总共花 部门预算支出 部门支出 支出预算总额",
        "支出总计 本年支出合计 支出合计 支出总额 部门预算支出 支出预算",
        "收支|收入支出",
    ),
    # one source's totals: the 合计 of that source's own table (财政拨款收支总表, 一般公共预算支出表)
    _t(
        "财政拨款支出",
        "财政拨款支出 财政拨款支出总计 财政拨款支出合计 财政拨款总支出",
        "财政拨款支出 财政拨款支出合计 支出总计 支出合计 本年支出合计",
        "财政拨款收支|财政拨款收入支出|财政拨款支出",
    ),
    _t(
        "一般公共预算支出",
        # bare 一般公共预算 (一般公共预算项目支出): the source's spending table, its columns the measure
        "一般公共预算支出 一般公共预算财政拨款支出 一般公共预算拨款支出 一般公共预算支出总计 一般公共预算",
        "一般公共预算支出 一般公共预算财政拨款支出 一般公共预算支出合计",
        "一般公共预算支出|一般公共预算财政拨款支出",  # not 一般公共预算“三公”经费支出表
        True,
    ),
    # a table of one fund source that may be empty (本部门无政府性基金预算支出): its 合计 is the answer
    _t(
        "政府性基金预算支出",
        "政府性基金预算支出 政府性基金支出 政府性基金预算财政拨款支出 政府性基金财政拨款支出",
        "政府性基金预算支出 政府性基金支出 政府性基金预算财政拨款支出",
        "政府性基金",
        True,
    ),
    _t(
        "国有资本经营预算支出",
        "国有资本经营预算支出 国有资本经营支出 国有资本经营预算财政拨款支出 国有资本经营财政拨款支出",
        "国有资本经营预算支出 国有资本经营支出 国有资本经营预算财政拨款支出",
        "国有资本经营",
        True,
    ),
    _t("财政拨款", "财政拨款收入 财政拨款 财政拨的钱", "财政拨款 财政拨款收入 财政拨款合计 政府预算拨款"),
    _t(
        "一般公共预算拨款",
        "一般公共预算拨款 一般公共预算财政拨款 一般公共预算拨款收入 一般公共预算收入",
        "一般公共预算拨款 一般公共预算财政拨款 一般公共预算",
    ),
    _t(
        "政府性基金预算拨款",
        "政府性基金预算拨款 政府性基金",
        "政府性基金预算拨款 政府性基金预算财政拨款 政府性基金",
    ),
    _t("国有资本经营预算拨款", "国有资本经营预算拨款 国有资本经营", "国有资本经营预算拨款 国有资本经营预算"),
    _t(
        "上年结转",
        "上年结余结转 上年结转结余 上年结转 结转结余 结余",
        "上年结余结转 上年结转结余 上年结转 上年结余、结转",
    ),
    _t("事业收入", "事业收入"),
    _t("其他收入", "其他收入"),
    _t("单位资金", "单位资金 自有资金"),
)

# Column-side measures: which printed column answers "预算数", "决算数", "基本支出" ...
MEASURES: dict[str, tuple[str, ...]] = {
    "决算数": ("决算", "实际", "执行数"),
    "调整预算数": ("调整预算", "调整后预算", "预算调整"),
    "预算数": ("预算",),
    "基本支出": ("基本支出",),
    "项目支出": ("项目支出",),
    "人员经费": ("人员经费", "人员支出"),
    "公用经费": ("公用经费", "公用支出"),
    "财政拨款": ("财政拨款", "政府预算拨款"),
    "一般公共预算": ("一般公共预算",),
    "政府性基金": ("政府性基金",),
    "国有资本经营": ("国有资本经营",),
    "单位资金": ("单位资金",),
}
AMOUNT_MEASURES = frozenset({"预算数", "决算数", "调整预算数"})  # which amount, not which part of it
MEASURE_SAYS: tuple[tuple[str, str], ...] = (
    ("决算数", "决算数"),
    ("实际支出", "决算数"),
    ("实际花", "决算数"),
    ("执行数", "决算数"),
    ("实际执行", "决算数"),
    ("决算", "决算数"),
    ("调整后预算", "调整预算数"),
    ("调整预算", "调整预算数"),
    ("年初预算", "预算数"),
    ("预算数", "预算数"),
    ("基本支出", "基本支出"),
    ("项目支出", "项目支出"),
    ("项目经费", "项目支出"),
    ("项目资金", "项目支出"),
    ("人员经费", "人员经费"),
    ("人员支出", "人员经费"),
    ("公用经费", "公用经费"),
    ("公用支出", "公用经费"),
    ("财政拨款", "财政拨款"),
    ("一般公共预算", "一般公共预算"),
    ("政府性基金", "政府性基金"),
    ("国有资本经营", "国有资本经营"),
    ("单位资金", "单位资金"),
)


@lru_cache(maxsize=1)
def says_index() -> tuple[tuple[str, Term], ...]:
    """(folded everyday form, term), longest form first so 公务接待费 wins over 接待."""
    pairs = [(fold(s), term) for term in TERMS for s in term.says]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def find_terms(question: str) -> list[tuple[int, int, Term]]:
    """Non-overlapping lexicon mentions in a folded question as (start, end, term), left to right."""
    taken: list[tuple[int, int, Term]] = []
    # 公车的运行费 says 公车运行费: a form is also found with the 的 a speaker puts inside it left out
    kept = [i for i, ch in enumerate(question) if ch != "的"]
    plain = "".join(question[i] for i in kept)
    for form, term in says_index():
        for text, at in ((question, None), (plain, kept)):
            start = text.find(form)
            while start >= 0:
                end = start + len(form)
                span = (start, end) if at is None else (at[start], at[end - 1] + 1)
                if not any(s < span[1] and span[0] < e for s, e, _ in taken):
                    taken.append((*span, term))
                start = text.find(form, end)
            if at is None and len(kept) == len(question):
                break
    return sorted(taken, key=lambda m: m[0])


def hint_matches(term: Term | None, title: str) -> bool:
    """Whether a folded table title is the term's most specific table (`收支|收入支出`: either word)."""
    if term is None or not term.table_hint:
        return False
    return any(fold(h) in title for h in term.table_hint.split("|") if h)


def term_by_name(name: str) -> Term | None:
    for term in TERMS:
        if term.name == name:
            return term
    return None
