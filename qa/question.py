"""The question's `Intent`: years, document kind, operations, units and the other shared words, by pure regexes.

This is the one place a question is parsed into what it asks done (`parse` → `Intent`, once per question).
What the question asks *about* (department, line item) needs the store's vocabulary and is bound by
`budgetqa.qa.matching` and `budgetqa.qa.scope`; this module only reads the words every budget question shares.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from budgetqa.qa.phrasing import alternation, either
from budgetqa.qa.text import TOGETHER, fold, without_echo_glosses, without_examples

RELATIVE_YEARS: tuple[tuple[str, int], ...] = (
    ("前年", -2),
    ("上一年", -1),
    ("上年度", -1),
    ("上年", -1),
    ("去年", -1),
    ("前一年", -1),
    ("今年", 0),
    ("本年度", 0),
    ("本年", 0),
    ("当年", 0),
    ("明年", 1),
    ("下一年", 1),
)


class Op(StrEnum):
    """What a question asks done with the figures it names; several may hold at once (多了多少？为什么？)."""

    SHARE = "share"  # 占…多少 / 比重
    RATE = "rate"  # 增长了百分之几
    DELTA = "delta"  # 比上年多了多少
    SUM = "sum"  # A和B一共
    COMPARE = "compare"  # A和B哪个多
    RANK = "rank"  # 最多的是哪项 / 前三名
    TIMES = "times"  # A是B的几倍
    PROPORTION = "proportion"  # A与B之比: the first over the second, as n : 1
    GAP_RATE = "gap_rate"  # A比B高出百分之几: the gap over B, in %
    NARRATIVE = "narrative"  # 主要用于什么 / 说明了什么
    INDICATOR = "indicator"  # 绩效指标


# the operations over the figures of several items of one department (a sum, a ranking, A是B的几倍): the items named
# are all read, none is narrowed to the one printed exactly as asked
OF_ITEMS = frozenset({Op.SHARE, Op.COMPARE, Op.SUM, Op.RANK, Op.TIMES, Op.PROPORTION})
# the operations over two named items that may share one measure (基本支出和项目支出的财政拨款哪个多)
PAIRED = frozenset({Op.SHARE, Op.COMPARE, Op.TIMES, Op.PROPORTION})

_YEAR = r"(?:(?:19|20)\d{2}|\d{2}(?=年))\s*年?(?:度)?"
_REL = "|".join(w for w, _ in RELATIVE_YEARS)
# "比上年" / "较2022年" / "与去年相比" / "同比": the comparison base, not the year asked about
_BASE = re.compile(rf"(?:比|较|相比|相较|对比|与|和|同|跟)\s*({_YEAR}|{_REL})")
# 2012万元 / 2019.5万元 is an amount, not a year
_EXPLICIT_YEAR = re.compile(
    r"(?<![\d.])((?:19|20)\d{2}|\d{2}(?=年))(?![\d.]|\s*(?:万|亿|千|元|个|人|辆|项|%))"
)
# 截至2024年8月底 / 截止2022年末: a date things are counted at, not the budget year asked about
_AS_OF = re.compile(r"(?:截至|截止|截止到)\s*((?:19|20)\d{2})\s*年\s*(?:\d{1,2}\s*月|底|末|年底|年末)")

# 算在…里吗 / 算进去了吗 / 包括X吗 / 汇总预算里为啥没有X宾馆: whether a unit is counted in, which only the text
# says (不含X（自收自支） / 并入本部)
COUNTED_IN = re.compile(
    r"算在[^，,。？?]{0,30}(?:里面?|内|中)吗|算进(?:去|来)了?(?:吗|没有?)|包不包括|含不含|是否(?:包括|包含|含|纳入)|"
    # 算进省委办公厅2019年部门预算了吗 / 算到预算里了没有: counted into the named budget
    r"算(?:进|到|入)[^，,。？?]{0,30}?(?:预算|决算|里面?|内|中)了?(?:吗|没有?)|"
    r"纳入.{0,24}吗|(?:包括|包含)了?[^，,。？?]{2,30}吗|"
    r"(?:里|中)(?:面|头)?(?:怎么|为什么|为啥|为何)?没有[^，,。？?]{2,30}(?:宾馆|中心|单位|所|站|院|馆|局|处|室|社|队|校|园)[？?]?$"
)
# 按什么 / 根据省财政厅哪个文件: the basis a figure or a budget was set on is asked
BASIS_ASKED = r"(?:按|根据|依照|按照|依据|凭)(?:的是)?[^，,。？?]{0,8}?(?:什么|啥|哪些|哪个|哪份|哪一个)"
_NARRATIVE = re.compile(
    r"为什么|为何|什么原因|原因|主要用于|用于|用在|用途|干嘛|干啥|职责|职能|干什么|做什么|负责什么|负责哪些|机构设置|内设|"
    r"下设|是什么意思|什么意思|含义|指什么|是指|解释|主要工作|工作目标|任务是|怎么花|花在哪|说明了什么|依据|"
    # 什么车型 / 哪种方式 / 叫什么: a name or a kind asked, not a figure
    r"(?:什么|啥|哪种|哪类|哪款)(?:车型|型号|品牌|车|类型|方式|形式|名称|名字|规格)|叫什么|叫啥|"
    # 根据哪个文件 / 和哪家报社: a document or a party named, which only the text says
    r"(?:什么|啥|哪个|哪份|哪一份|哪家|哪一家)(?:文件|文号|批复|通知|报社|报纸|媒体|网站|平台)|"
    # 遵循的是什么原则 / 按什么思路编的: the principles or approach a budget states, words not figures
    r"(?:什么|啥|哪些|哪几[条个项]?)(?:原则|方针|思路|理念)|"
    # 以什么为中心 / 围绕什么开展: what the work is centred on, which only the text says
    r"以(?:什么|啥|哪些?)为|围绕(?:着)?(?:什么|啥|哪些?)|"
    # 搞什么普查 / 具体是什么活动: which one is done, a name asked, not a figure
    r"(?:搞|做|办|开展|进行|组织|举办|具体是)(?:的|了)?(?:什么|啥|哪种|哪类)(?!意思|原因|时候)[\u4e00-\u9fff]|"
    r"哪些|包括|包含|下属|所属|加挂|牌子|合署|挂靠|隶属|归口|主管部门|上级单位|范围|为啥|咋|怎么会|啥意思|指的是|指的什么|什么叫|定义|口径|"
    r"怎么(?:就|突然|一下子?)?(?:从[^，,。？?]{1,8})?(?:变成|变为|成了|变到)|"
    # 按什么来核定的 / 根据什么标准测算: the basis a figure was set on, which only the text says
    rf"{BASIS_ASKED}"
    r"(?:文件|通知|标准|政策|规定|原则|办法|口径)?(?:来|去)?"
    r"(?:核定|确定|测算|计算|算|编制|编|安排|定)|"
    # 哪几家 / 算在…预算里吗 / 单独编预算吗: which units, and whether one is counted in, only the text says
    rf"(?:单位|处室|科室|部门)[^，,。？?]{{0,6}}哪几|哪几[家个所]?(?:单位|处室|科室|部门)|{COUNTED_IN.pattern}|单独编|单列预算|"
    # 下面有事业单位吗 / 底下有没有下属机构: whether it has units, which its own text says
    r"(?:下面|底下|下边|下头)(?:还)?(?:有没有|有无|是否有|有)[^，,。？?]{0,6}(?:单位|机构|处室|科室)|"
    # 建在哪儿 / 位于什么地方: a place asked, which only the text says
    r"(?:建|设|位于|坐落|落)在?(?:哪儿|哪里|哪|什么地方|什么位置)|什么地方|地点在|选址|地址"
)
_WHY = re.compile(
    alternation("why_word")
    # 怎么涨这么多 / 怎么降了那么多: how it could change so much asks why
    + r"|怎么(?:就|突然|一下子?)?(?:涨|降|增|减|多|少|跌|升|高|低|翻)(?:了|得)?"
    r"(?:这么|那么|好几倍|(?:\d+|[一二两三四五六七八九十]+)倍|不少|很多)|"
    # 怎么从零变成60多万了 / 怎么一下变成: how it came to be what it is asks why
    r"怎么(?:就|突然|一下子?)?(?:从[^，,。？?]{1,8})?(?:变成|变为|成了|变到)|怎么(?:会|就|突然|一下子?)*比[^，,。？?]{1,14}(?:涨|降|增|减|多|少)|"
    # 怎么是0了 / 怎么没有安排: how it came to be nothing asks why
    r"怎么(?:就|会)?(?:是|成了?|变成|为|只有)(?:0|零)|怎么(?:就|会)?(?:没有?|不)(?:安排|列|钱|预算)|"
    # 怎么突然有了60多万预算 / 怎么一下子冒出来: how it came to be there at all asks why
    r"怎么(?:就|突然|一下子?)+(?:有了|冒出来?了?|出现了?|多出来?了?)|"
    # 怎么反而还增加了 / 怎么又少了: how it came to change at all asks why
    r"怎么(?:反而|反倒|倒|却|还|又|就)*(?:增加|减少|涨|降|多|少|上升|下降|增长)了(?=[？?呢，,。!！]|$)|"
    # 怎么多了一笔…的钱 / 怎么新增了一项: how a new item came about asks why
    r"怎么(?:会|就|突然)?(?:多|少|新增|增加|减少|多出)了?(?:一笔|一项|一块|这笔|这项|这么一笔)"
)
# 干嘛用 / 用来干什么 / 花在哪: what money is for. Of a change (多出来的钱干嘛用) the text's reason for it says
# that; of an amount alone (这笔支出主要用来干嘛) it is what the money is for, not why it changed
_PURPOSE = re.compile(
    r"(?:干嘛|干什么|做什么|干啥)用|(?:用来|拿去|拿来)(?:干嘛|干什么|做什么|干啥)|用在(?:了)?哪|花在(?:了)?哪|"
    r"派(?:什么|啥|哪些)用场"
)
# …主要用在哪 / 用途是什么 / 用于什么 beside an amount: what it is for (the amount, then the 用于 sentence)
_ASKS_PURPOSE = re.compile(_PURPOSE.pattern + r"|用途|用于(?:什么|哪些?|何)|主要用于?(?:什么|哪)")
# …是多少？主要包括哪些 / 由哪些构成: what an amount is made of, beside the amount (the 包括 sentence after it)
_ASKS_PARTS = re.compile(
    r"(?:主要|具体|都)?(?:包括|包含|含有?|涵盖)(?:了)?(?:哪些|什么|哪几[项类个种块]?|啥)|"
    r"(?:由|分成|分为)(?:哪些|什么|哪几[项类个种块]?)(?:构成|组成|部分)?|(?:构成|组成)(?:是什么|有哪些|情况)"
)
# 涨了五成多，是怎么解释的: how a change is accounted for asks why
_EXPLAINED = re.compile(r"(?:怎么|如何|怎样|作何|咋)(?:解释|说明|交代|说)的?")
_CHANGED = re.compile(alternation("change_said"))
# a change over a year (比上年 / 去年 / 同比 / 比2023年), not the gap between two things compared
_YEAR_CHANGE = re.compile(
    r"上年|去年|上一年|前一年|同比|环比|(?:19|20)\d{2}年.{0,12}(?:比|相比|较)|比(?:19|20)?\d{2}年|增长|下降|增加|减少|变化|变动|涨|降"
)
_DELTA = re.compile(
    r"(?:比(?![例重率较如方])|较|相比|同比|对比|相较).{0,24}?(?:增加|减少|增长|下降|减|增|多|少|变化|变动|差|高|低|升|降|涨|跌)|"
    r"增减|变化了?多少|变动了?多少|差额|差多少|多了多少|少了多少|压减了?多少|"
    # 涨了多少 / 加了多少钱 / 下降了几万: the change's size, asked with any verb of change
    r"(?:增加|减少|增长|下降|上涨|上升|降低|增|减|涨|降|加|升)了?(?:多少|几)|"
    # a change the question states (一下涨了480万，…为什么): the printed change, then its reason
    r"(?:涨|增加|增长|增|多|降|下降|减少|减|少|砍|压减)了(?:快|近|约)?\d[\d,.]*(?:万|亿|元)|"
    r"翻了?(?:[一二三四五六七八九两\d]+|几)?(?:倍|番)"
)
_RATE = re.compile(
    alternation("rate_word")
    + r"|增长了?多少%|下降了?多少%|"
    + alternation("rate_tail")
    # 增长了多少 / 下降了多少: the verbs budget texts put before a rate (增加X万元，增长Y%；减少X万元，下降Y%)
    + r"|(?:增长|下降|降低|降)了?多少(?![钱万元亿块])"
    # 比上年执行数涨了多少: the texts state a change against last year's 执行数 as a rate only
    r"|执行数.{0,8}?(?:增长|下降|涨|降)了?多少(?![钱万元亿块])"
    # a change the asker sizes as a fraction (降了三成多, 少了快八成, 砍了一大半): the answer is the rate
    r"|(?:增长|增加|上涨|上升|下降|减少|降低|缩减|压减|增|减|降|涨|少|多|砍|掉|缩|跌|升|压)了?(?:快|近|约|将近|接近|超过|不到|足足)?"
    r"(?:[一二三四五六七八九两]成|一半|一大半|大半|过半|[一二三四五六七八九两\d]+倍多)"
    # 翻了一倍 / 翻番: a doubling, sized as a rate
    r"|翻了?(?:[一二三四五六七八九两\d]+|几)?(?:倍|番)"
)
_SHARE = re.compile(
    r"占.{0,20}?(?:比例|比重|百分|多少(?!钱|万|元|经费|资金)|几成|%|份额)|占比|比重|"
    r"(?:的|所占)比例(?:是|为)?(?:多少|几|百分之几)|(?:多大|多少|什么)的?(?:比例|比重|份额)|完成.{0,12}?(?:百分之几|百分比|多少|%|几成)|完成率|执行率|"
    r"决算.{0,6}(?:是|为|相当于).{0,8}预算.{0,3}的(?:百分之几|百分之多少|百分比|多少|几成|%)"
)
# the size of a change asked in money (多了多少 / 少了几百万), not as a rate
_AMOUNT_ASKED = re.compile(
    r"(?:多|少|增加|减少|增长|下降|增|减|涨|降|差|变化|变动|压减|高|低)了?(?:多少(?:钱|万元?|元)?|几[十百千]?万)"
    r"(?![%％]|的?(?:比例|比重|百分))|差额"
)
# 决算 (outturn) words: what was spent against the budget (没花完 / 执行率) is only in a 决算
_FINAL = re.compile(alternation("outturn_word") + r"|(?:没|未)(?:有)?(?:花|用)(?:完|光)")
# 年初预算 / 全年预算 are a 决算's columns: they do not make the question one about a 预算 document
_BUDGET = re.compile(r"(?<!年初)(?<!全年)(?<!调整)预算")
# 比2023年执行数增加 / 跟上年实际执行的比: last year's outturn is the comparison base a 预算 prints, not the kind asked
_VERSUS_BEFORE = re.compile(r"(?:比|跟|与|较|同|和|对比|相比)[^，,。？?]{0,10}$")


def comparison_base(text: str, start: int) -> bool:
    """Whether the words at `start` are the base of a comparison (比2023年执行数 / 跟上年实际执行的比)."""
    return bool(_VERSUS_BEFORE.search(text[:start]))


def _asks_final(text: str) -> bool:
    """The question asks for 决算 (outturn) figures, not for a comparison with last year's outturn."""
    return any(not comparison_base(text, m.start()) for m in _FINAL.finditer(text))


_SUM = re.compile(TOGETHER + "|" + alternation("sum_word"))
_ALONE_TOTAL = re.compile(alternation("total_alone"))
_JOINED = re.compile(r"[和与及、跟同加+]|以及|还有")
_COMPARE = re.compile(
    r"哪个(?:多|少|高|低|大|小|更)|谁(?:多|少|高|低|更)|哪一年(?:多|少|高|低)|比较|对比|差距"
    # 哪个花得多 / 谁的钱更多 / 哪个用得少: a verb or a noun between the question word and the comparison
    # (哪一项最多 / 哪一项钱第二多 rank, not compare)
    r"|(?:哪个|谁|哪一?项|哪一年|哪一?块|哪部分|哪一部分|哪边)(?![^，,。？?]*(?:最|第[一二三四五六七八九十\d]))"
    r"[^，,。？?]{1,4}?(?:多|少|高|低|大|小)(?!少)"
    # 会议费和培训费差多少 / A与B之间相差几万: two things named, then their gap
    r"|[和与跟同及][^，,。？?比较]{1,20}?(?:之间|两者|两项|二者)?(?:相差|差距|差)了?(?:多少|几)"
)
_COMPARE_MIN = re.compile(
    r"(?:哪个|谁|哪一年|哪家|哪一个|哪一?项|哪一?块|哪部分|哪边)(?:的)?(?:更|要|相对|比较)?(?:少|低|小)"
)
_RANK_MAX = re.compile(
    # 前三名 / 前5项; not 目前一共, 之前一年, 提前一个月
    "最"
    + either("most")
    + r"|排名第一|第一名|(?<![目之以当提此从事年日])前[一二三四五六七八九十\d]+(?![共年天月期周次])(?:名|位|项|个)?"
    # 第二多 / 排第三: one place of the ranking
    r"|(?<!倒数)第[二三四五六七八九十\d]+(?:多|高|大)|排(?:名)?第[二三四五六七八九十\d]+"
)
_RANK_MIN = re.compile(
    "最"
    + either("least")
    + r"|第[二三四五六七八九十\d]+"
    + either("least")
    + r"|倒数第[一二三四五六七八九十\d]+"
)
# 第二多 / 倒数第三 / 排名第四: the one place asked, counted from the top (or from the bottom: a min rank)
_RANK_AT = re.compile(
    r"(?:倒数|排名?)第([一二三四五六七八九十]|\d+)|第([一二三四五六七八九十]|\d+)(?:多|高|大|少|低|小)"
)
# Chatter before the subject: a self-introduction clause (我是退休老干部，) and asking words (想问下,
# 请问一下, 麻烦帮我查查). Removed before anything is matched so they never join an organisation name.
_SELF_INTRO = re.compile(
    r"^(?:(?:我|本人)(?:是(?![不否])|系|作为)|作为)[^,.;!?:]{1,24}?"
    r"(?:[,.;!?:]|(?=(?:我?想|请|麻烦|帮|问|能否|能不能|可以|您好|你好)))"
)
_ASK = either("ask_verb")
_CHATTER = re.compile(
    rf"^(?:{either('greeting')}{either('greeting_tail')}?|{either('begging')}(?:你|您)?|请问(?:一下|下)?|请(?:你|您)?(?:帮(?:我|忙))?|"
    rf"{either('may_i')}(?:帮我)?|帮(?:我|忙)|告诉我|给我|"
    rf"(?:我|俺)(?:想|要)?{_ASK}(?:一下|下|一问|问|查|看)?|(?:想|要){_ASK}(?:一下|下|一问|问|查|看)?|"
    rf"{either('ask_alone')}(?:一下|下)?|{_ASK}(?:一下|问|查|看)|{_ASK}下(?!属|设|级|面)"
    r")[,.;!?:]?"
)
# 比 followed by another item or department (A是不是比B多), not by a year (比上年) or a measure (比预算):
# the two things compared are both in the question's own year
_NOT_ITEM_AFTER_BI = (
    rf"(?:{_YEAR}|{_REL}|同期|以前|以往|往年|过去|预算|年初|决算|调整|计划|例|重|率|较|上一|前一|\d|[,.;!?])"
)
_VERSUS = re.compile(rf"比(?!{_NOT_ITEM_AFTER_BI})(.{{1,24}}?)(?:要|还|更)?(多|高|大|少|低|小)")
_YESNO = re.compile(alternation("yes_no"))
# words asking for the size of the gap, not for which side is larger
_GAP = re.compile(
    r"(?:多|少|高|低|大|小|差)(?:出|了|出了)?(?:多少|几)|相差|差额|差距|差多少|增|减|变化|变动|下降|上升|升|降"
)
# a word of change beside a why (为什么少了 / 为啥涨了): the reason of a change is asked
_CHANGE_WORD = re.compile(alternation("change_word"))
_TIMES = re.compile(alternation("times_word") + r"|是.{0,30}的多少")
_INDICATOR = re.compile(alternation("indicator_word"))
# A与B之比 / A和B的比例是多少: two figures set against each other, not a share of a whole (占) nor each one's share
# (分别 / 各)
_PROPORTION = re.compile(
    r"之比|(?:与|和|跟|同)[^，,。？?；;占]{1,30}?的?(?:比例|比值|比率)(?:关系)?(?:是|为)?(?:多少|几|怎样|如何|[？?]|$)"
)
_EACH_OF = re.compile(r"占|分别|各自|各占")
_DECREASE = re.compile(alternation("decrease"))
_INCREASE = re.compile(alternation("increase"))


# The triggers of Intent's properties.
# 多少 / 几 / 金额 / 占: a figure asked beside the words (多少钱，主要用于什么)
_FIGURE_WORDS = re.compile(r"多少|几|金额|数额|是多|为多|比上年|比去年|占|合计|总共|一共")
# 这笔钱 / 这些经费: an amount pointed at, whose use is asked
_THIS_SUM = re.compile(r"(?:这|那)(?:笔|些|部分)(?:钱|资金|经费|款|预算)")
# a number asked (多少 / 几个 / 百分之几 / 目标值): 哪几个方面 lists, and asks for no number
NUMBER_ASKED = re.compile(r"多少|(?<!哪)几[个名人辆项家处次层栋台套所位期成倍]|百分之几|(?:目标|指标)值")
# 包括了哪些单位 / 有哪几家预算单位: the units a budget covers, asked by name
_WHICH_UNITS = re.compile(
    r"(?:包括|包含|含|有|涵盖|汇总)了?(?:哪些|哪几[家个所]?)(?P<whose>预算|下属|所属)?单位[？?。!！]*$|"
    # 纳入汇总预算的预算单位有哪几家: the units named first, then asked which
    r"(?P<whose2>预算|下属|所属)单位(?:都|分别|具体)?(?:有|包括|包含|是)(?:哪些|哪几[家个所]?)[？?。!！]*$"
)
_QUARTERS = re.compile(r"季度|用款计划")
# 资金多少 / 多少钱 / 多少万元: an amount of money asked
MONEY_ASKED = re.compile(
    r"(?:资金|金额|经费|费用|预算|支出|收入)[^。？?]{0,4}(?:多少|几)|多少钱|多少万元|多少(?:项目)?(?:预算)?(?:资金|经费|金额)"
)
# 决算数占/是年初预算的…: the 决算's own two columns, never last year's document
_EXECUTION = re.compile(r"完成|执行率|决算.{0,8}(?:占|是|为|相当于).{0,8}预算")
# 实际执行了多少 / 执行数: the outturn, which a 预算 states for the year before its own (2023年当年预算执行数为…)
_EXECUTED_ASKED = re.compile(r"执行数|实际执行|执行了|执行情况")
# 是不是 / 哪个 / 还是: one of the things named is to be chosen, not each stated
_CHOOSING = re.compile(r"是不是|是否|哪个|哪一|哪些|更多|更少|还是")
# the question asks what the text says (预算说明里 / 文字部分写的): its printed figure, not one reckoned from tables
_TEXT_NAMED = re.compile(
    r"说明(?:里|中|上|部分)|文字(?:部分|说明|里|中|上)|正文|文中|(?:里|中|上)(?:写|说|提到|印)的?"
)
# 增长最快 / 涨得最猛 / 幅度最大: the rate of each change, not its amount
_RATE_RANKED = re.compile(r"最(?:快|猛|狠|厉害)|幅")
# 一共 / 合计 / 之和: figures added up
_ADD_UP = re.compile(TOGETHER + r"|合计|总计|共计|一共|总共|之和|总和|共花|共支出|共安排")
# a change asked against last year's execution, not its budget (比上年执行数 / 较2023年实际执行)
_AGAINST_EXECUTED = re.compile(
    r"(?:比|较|与|跟|同|对比)(?:上年|去年|上一年|前一年|(?:19|20)\d{2}年)度?的?(?:执行数?|实际执行数?|实际支出数?|决算数?)"
)
# 比年初预算 / 较调整预算: a 决算 against its own budget columns
_AGAINST_BUDGET = re.compile(r"(?:比|较|与|和|跟|同)(?:年初|调整|全年)预算")
_AGAINST_PLAIN_BUDGET = re.compile(
    r"(?:比|较|与|和|跟|同)预算(?:数)?(?:相比|比)?(?:相?差|少|多|低|高|节约|超)"
)
# 跟全口径的项目支出相比: compared with another figure (not with a year: 跟2024年比 / 和上年比)
_OTHER_COMPARAND = re.compile(
    r"(?:跟|和|与|同)(?!(?:\d{2,4}|上|去|前|今|本)年)[^，,。？?\d]{2,}?(?:相比|对比|比)"
)
# 谁 / 哪个部门 / 各部门: the loaded departments are compared or ranked
_ACROSS = re.compile(r"谁|哪个部门|哪一个部门|哪家|哪个单位|哪个机关|各部门|几个部门|部门(?:里|中|之间)")
# 花 / 支出 / 经费: what is ranked across them is their spending
_SPEND = re.compile(r"花|支出|开支|用钱|花钱|经费")
# 哪个部门…最多 among the departments' figures (a ranking's own, narrower words)
_RANKS_DEPARTMENTS = re.compile(r"哪个部门|哪个单位|哪家|哪些部门|各部门|部门中|单位中")
# 哪个项目 / 哪些项目: the rows of the 项目支出 table are the projects
_PROJECTS = re.compile(
    r"哪(?:一)?个项目|哪些项目|哪项项目|项目中|项目里|前[一二三四五六七八九十\d]+(?:个|名|位)?项目"
)

# 按2023年预算文件披露的资产情况，… / 看2025年预算，…: a clause saying where to look, which asks and names nothing
WHERE_TO_LOOK = re.compile(
    r"^(?:看|按照?|根据|依据|据|查)[^，,。？?]{2,30}?(?:预算|决算|情况|说明|披露|文件|材料|报告|表|所示|来看)"
    r"(?:里|中|上)?的?[，,]"
)
# 是不是 / 对吗 / 核实: a figure the question gives is to be confirmed, not asked
_CONFIRM = re.compile(r"是不是|是否|对吗|对不对|吗[?？]?$|没错吧|核实|确认")
# several things asked by name (哪些供应商 / 哪几家单位), which only a list answers
_WHICH_ONES = re.compile(r"哪(?:些|几)")
# 是哪家公司中标的 / 供应商是谁: a party asked by name (a company, a supplier), which no amount answers
_PARTY = r"公司|企业|供应商|中标人|中标单位|承包商|承接单位|服务商|厂家|厂商|银行|报社"
_PARTY_ASKED = re.compile(
    rf"哪(?:一)?(?:家|个|些|几家)(?:{_PARTY})|(?:{_PARTY})(?:是|为)?(?:谁|哪)|谁(?:中标|承接|承包|承办|提供)|什么(?:{_PARTY})"
)
# 有哪些项目、各多少钱: each one's amount asked
_EACH_AMOUNT = re.compile(r"(?:各|分别|每(?:个|项|家|笔))[^，,。？?]{0,4}(?:多少|几|金额|是)")
# a sum of money asked (有多少预算 / 花了多少钱 / 多少万): a quote without a figure does not answer it
_MONEY_ALONE = re.compile(
    r"多少(?:钱|预算|经费|资金|万元?|元)|几(?:万|十万|百万|千万)|(?:预算|经费|资金|钱)(?:是|有|为)?多少"
)
# 搞的什么普查 / 具体是什么活动: the kind of a thing the question names, asked by its name
_KIND_ASKED = re.compile(
    r"(?:搞|做|办|开展|进行|组织|举办|具体是)(?:的|了)?(?:什么|啥|哪种|哪类)(?!意思|原因|时候)([\u4e00-\u9fff]{2,4}?)"
    r"(?=[?？,，。!！]|$)|"
    # 具体买了哪些服务: which things were bought, not how much was spent on them
    r"(?:买|购买|采购|购置)(?:了|的)?(?:哪些|什么|啥|哪几[种类项个]|哪种|哪类)(服务|货物|工程|设备|东西)"
    r"(?=[?？,，。!！]|$)"
)
# 绩效目标 / 绩效指标 / 绩效评价: the budget's performance management, which a sentence must name to speak of it
_PERFORMANCE = re.compile(r"绩效(?:目标|指标|评价|自评|管理)")

# The counting unit a question asks for (几辆 / 多少个处室 / 多少人 / 得分 / 满意度多少): a count, not money
ASK_UNIT = re.compile(
    r"(?<![这那哪前])(?:几|多少)\s*(平方米|平米|亩|公里|辆|台|套|个|项|位|人|名|期|批次|人次|批|班|次|家|处|场|件|条|篇|所|座|户|吨|层|栋|幢|天)"
    r"(?:(?<=台)[(（]?套[)）]?)?"  # 多少台套 / 几台（套）: one counting unit, printed 台（套）
    r"(?!元|钱|目|经费|员经费|百分)"  # 多少个百分点 is a rate
)
_ASK_NOUN_COUNT = re.compile(
    r"(?<![这那哪前])(?:几|多少)(?=(?:项目|预算单位|单位|处室|科室)(?![^，,。；;？?]*(?:支出|资金|经费|预算|金额|钱|费|收入|数|元)))"
)
_ASK_SCORE = re.compile(r"得分|分数|评分|平均分|多少分|几分")
_ASK_PEOPLE = re.compile(
    r"(?:人员|人数|编制|干部|职工)(?:[^。？?费资出助元钱]{0,4})(?:多少|几)(?!钱|元|万)|"
    r"(?:多少|几)[^。？?元钱]{0,4}(?:编制|人员|干部)(?!经费|工资|费|支出|补助)"
)
# 满意度目标定的多少 / 知晓率要达到多少: a performance target printed as a rate (≥80.00(%)), read like a count
_ASK_TARGET_RATE = re.compile(
    r"(?:满意度|满意率|知晓率|覆盖率|达标率|合格率|及时率|准确率|完好率|改善度)[^，,。？?]{0,8}(?:多少|几|多高)"
)
_PEOPLE_NOUN = re.compile(r"(?:编制|人员|在编|职工|干部|工作人员)")
_MONEY_WORDS = re.compile(r"经费|费用|资金|金额|工资|支出|补助|收入|预算|决算|多少钱|万元|元")
# 预算说明里 / 决算公开时: where a count is said, not money asked about
_WHERE_SAID = re.compile(
    r"(?:部门)?(?:预算|决算)(?=说明|公开|文件|报告|文本|材料|里|中|上|显示|时|的说|介绍|的介绍|的内容|的文字)"
)

WHERE_REMARK = re.compile(r"[（(][^（(）)]*(?:预算|决算|说明|文件|公开|报告|文档|材料)[^（(）)]*[）)]")


def asked_unit(text: str) -> str | None:
    """The counting unit a (folded) question asks for, or None when it asks no count."""
    asked = list(ASK_UNIT.finditer(text))
    m = asked[-1] if asked else None  # …编制一共多少人中事业编制几个: the count asked last
    if m:
        if m.group(1) in ("个", "位") and (
            _PEOPLE_NOUN.match(text, m.end()) or _PEOPLE_NOUN.search(text, max(0, m.start() - 4), m.start())
        ):
            return "人"  # 多少个编制 / 事业编制几个: places for people, printed as 名 or 人
        return m.group(1)
    if _ASK_NOUN_COUNT.search(text):
        return "个"  # 有多少项目实行了绩效目标管理: a noun counted without a counting word
    if _ASK_SCORE.search(text):
        return "分"
    if _ASK_TARGET_RATE.search(text):
        return "%"
    if re.search(r"面积[^，,。？?]{0,6}(?:多少|多大|几)", text) or (
        re.search(r"面积", text) and re.search(r"多少|多大|几", text) and not _MONEY_WORDS.search(text)
    ):
        return "平方米"
    # （2019年预算）: a remark on where to look names no money asked
    if _ASK_PEOPLE.search(text) and not _MONEY_WORDS.search(_WHERE_SAID.sub("", WHERE_REMARK.sub("", text))):
        return "人"
    return None


class _Says:
    """A property of an `Intent`: whether the question's text says its trigger's words."""

    def __init__(self, trigger: re.Pattern[str]) -> None:
        self.trigger = trigger

    def __get__(self, intent: Intent, owner: type | None = None) -> bool:
        return bool(self.trigger.search(intent.text))


class _Finds:
    """A property of an `Intent`: the words of the question's text its trigger finds (None when it says none)."""

    def __init__(self, trigger: re.Pattern[str]) -> None:
        self.trigger = trigger

    def __get__(self, intent: Intent, owner: type | None = None) -> re.Match[str] | None:
        return self.trigger.search(intent.text)


@dataclass(frozen=True)
class Intent:
    """What one question asks done, read from its shared words (folded): years, kind, operations, unit, rank."""

    text: str
    years: tuple[int, ...] = ()  # explicit target years, in order
    relative: tuple[int, ...] = ()  # target years relative to the document's (今年 0, 去年 -1)
    base_years: tuple[int, ...] = ()  # explicit comparison base (比2022年)
    base_relative: tuple[int, ...] = ()  # relative comparison base (比上年 → -1)
    doc_kind: str | None = None  # 预算 / 决算 when the question says so
    ops: frozenset[Op] = field(default_factory=frozenset)
    why: bool = False
    rank: str | None = None  # "max" | "min"
    rank_n: int = 1
    rank_at: int = 0  # 第二多: the one place asked (0: the top, or the first rank_n)
    unit: str | None = None  # 元 / 万元 when the question asks for one
    codes: tuple[str, ...] = ()
    share_at: int = -1  # position of 占 in `text`, to split part from whole
    count_unit: str | None = None  # 辆 / 人 / 个 … when the question asks how many (not how much money)
    versus: bool = False  # A比B…: two items or departments compared in the same year, not two years
    yesno: str | None = None  # A是不是比B多: "more" / "less", the claim to confirm or deny
    amount_first: bool = False  # 多了多少？增幅多少？: both asked, the amount first (the answer's value)
    given: bool = False  # the clauses before the last one only give what to work from (a change, a document)
    as_of: int | None = None  # 截至2024年8月底: the year of the date asked at (not itself a budget year)
    why_change: bool = (
        False  # 为什么少了: the reason of a change, and the change itself (not a figure asked first)
    )
    purpose: bool = False  # 有多少，主要用在哪: what the amount is for, asked beside it
    parts: bool = False  # 是多少？主要包括哪些: what the amount is made of, asked beside it
    gap: bool = False  # 相差多少 / 多出多少: the size of a gap asked (not only which side is larger)

    # What else the question's words ask, read from `text` by the triggers above; the plans route by these.
    @property
    def words_only(self) -> bool:
        """主要用于/职责/为什么 without asking for a figure: a quoted answer, not a number (信息化建设这笔钱主要用在
        哪儿 asks the sum and what it is for)."""
        if self.purpose and _THIS_SUM.search(self.text):
            return False
        return bool({Op.NARRATIVE, Op.INDICATOR} & self.ops) and not _FIGURE_WORDS.search(self.text)

    number_asked = _Says(NUMBER_ASKED)
    money_asked = _Says(MONEY_ASKED)

    @property
    def units_listed(self) -> str | None:
        """包括了哪些单位 / 有哪几家下属单位: the units a budget covers asked by name; which units (预算 / 下属 /
        所属, or "" for any), else None."""
        m = _WHICH_UNITS.search(self.text)
        return None if m is None else (m["whose"] or m["whose2"] or "")

    quarters = _Says(_QUARTERS)
    execution = _Says(_EXECUTION)
    executed_asked = _Says(_EXECUTED_ASKED)
    choosing = _Says(_CHOOSING)
    text_named = _Says(_TEXT_NAMED)
    rate_ranked = _Says(_RATE_RANKED)
    adds_up = _Says(_ADD_UP)
    against_executed = _Says(_AGAINST_EXECUTED)
    against_budget = _Says(_AGAINST_BUDGET)
    against_plain_budget = _Says(_AGAINST_PLAIN_BUDGET)
    other_comparand = _Says(_OTHER_COMPARAND)
    across = _Says(_ACROSS)
    spending = _Says(_SPEND)
    ranks_departments = _Says(_RANKS_DEPARTMENTS)
    ranks_projects = _Says(_PROJECTS)
    confirming = _Says(_CONFIRM)
    which_ones = _Says(_WHICH_ONES)
    party_asked = _Finds(_PARTY_ASKED)
    each_amount = _Says(_EACH_AMOUNT)
    money_alone = _Finds(_MONEY_ALONE)
    kind_asked = _Finds(_KIND_ASKED)
    performance = _Finds(_PERFORMANCE)


# the size of the gap is asked (A比B少多少 / 相差多少), not only which side is larger
GAP_ASKED = re.compile(
    r"相差|差了?多少|差了?几|差额|差距|(?:多|少|高|低)(?:安排|花|用|拨|给|出|了|出了)*多少"
)
# 比年初预算少了多少 / 少花了多少 / 低多少: the size of a shortfall asked, answered as a positive amount (少48.16万元)
LESS_ASKED = re.compile(
    r"少(?:了|花了?|用了?|支出了?|开支了?)?多少|低(?:了)?多少|节约(?:了)?多少|省(?:了)?多少"
)


def shortfall(value: Decimal, text: str) -> Decimal:
    """A gap asked as how much less (A比B少了多少), when A is less: its size; any other gap keeps its sign."""
    return -value if value < 0 and LESS_ASKED.search(text) else value


def relative_after_year(text: str) -> bool:
    """2018年…的支出上年是多少: a relative year said after the year named counts from it; 去年（2022年） only
    glosses the year it names."""
    year = re.search(r"(?:19|20)\d{2}\s*年", text)
    if year is None:
        return False
    for word, offset in RELATIVE_YEARS:
        at = text.find(word, year.end())
        glossing = re.match(r"\s*[（(]\s*(?:19|20)?\d{2}", text[at + len(word) :]) or re.search(
            r"\d{2}\s*年度?\s*[（(]\s*$", text[:at]
        )  # 去年（2022年） / 2016年（上年）
        if offset and at >= 0 and not glossing:
            return True
    return False


def _year(token: str) -> int:
    digits = re.sub(r"\D", "", token)
    return int(digits) + 2000 if len(digits) == 2 else int(digits)


def _relative(token: str) -> int | None:
    for word, offset in RELATIVE_YEARS:
        if token.startswith(word):
            return offset
    return None


def _years(text: str) -> tuple[list[int], list[int], list[int], list[int]]:
    """Split years into the ones asked about and the comparison base."""
    years: list[int] = []
    relative: list[int] = []
    base: list[int] = []
    base_rel: list[int] = []
    spans: list[tuple[int, int]] = []
    for m in _BASE.finditer(text):
        token = m.group(1)
        spans.append(m.span(1))
        rel = _relative(token)
        if rel is not None:
            base_rel.append(rel)
        else:
            base.append(_year(token))
    if "同比" in text and not base and not base_rel:
        base_rel.append(-1)

    dates = [m.span(1) for m in _AS_OF.finditer(text)]

    def outside(pos: int) -> bool:
        return not any(s <= pos < e for s, e in [*spans, *dates])

    given: list[int] = []
    for m in _EXPLICIT_YEAR.finditer(text):
        value = _year(m.group(1))
        if outside(m.start()) and (len(m.group(1)) == 4 or 10 <= value - 2000 <= 60):
            years.append(value)
            if _GIVEN_FOR_YEAR.match(text, m.end()):
                given.append(value)
    if given and len(set(years)) > len(set(given)):
        # 2017年是10528.33万元，那2016年是多少: the year whose figure the question gives is context
        years = [y for y in years if y not in given]
    pos = 0
    while pos < len(text):
        for word, offset in RELATIVE_YEARS:
            if text.startswith(word, pos):
                # 上年结转 is a source of money, not a year
                if outside(pos) and not text.startswith(word + "结", pos):
                    relative.append(offset)
                pos += len(word) - 1
                break
        pos += 1
    return years, relative, base, base_rel


# 涨了13%多 / 增加了254%: a rate the question states (to ask why, or the amount), not one it asks for
# 算基本支出还是项目支出: which part of its row a figure is, asked beside the figure itself
# （不算预备项目） / （不是履职能力提升） / ，不含离退休: what the asker leaves out, never the thing asked (not
# 除了X, which as often means besides X: 除了街道本部，下属还有几家)
# 不算 / 不含 / 除了 / 扣除 …: what follows is left out (of a sum, a ranking, a figure)
LEAVE_OUT = r"不算|不含|不包括|不包含|除(?!以)(?:了|去|开)?|扣除|剔除|刨去|去掉|不计"
EXCLUDED = re.compile(
    r"(?:[（(]|(?<=[,，]))(?:但)?(?:不算|不是|不含|不包括|不包含|不计入?|不要)(?P<what>[^（()）,，。；;？?]{2,12}?)"
    r"(?:在内|以外|之外)?(?:[）)]|(?=[,，。；;？?]|$))"
)


# （含非财政拨款，按收支总表）: what the asker says the figure includes widens it; it narrows nothing
INCLUDED = re.compile(r"(?<=[（(，,])(?:包含|含|包括)(?P<what>[^（()）,，。；;？?]{2,12}?)(?=[，,）)])")


def excluded_words(text: str) -> list[str]:
    """What the (folded) question says it leaves out: 预备项目 of （不算预备项目）."""
    return [m.group("what") for m in EXCLUDED.finditer(text)]


WHICH_PART = re.compile(r"(?:基本支出|项目支出)(?:还是|或者?是?)(?:基本支出|项目支出)")
# the parts an item splits into side by side (a row's columns): asking one after another swaps them
SIDE_PARTS = ("基本支出", "项目支出", "人员经费", "公用经费")
# 占比很小吧 / 占比应该不高: a remark on the share, not a share asked
_SHARE_REMARK = re.compile(
    r"占比(?:应该)?(?:很|挺|较|比较|不|相当|非常|算)?(?:小|大|低|高|少|多)(?:吧|啊|嘛|的)?[，,](?=.*(?:多少|几))"
)
_GIVEN_RATE = re.compile(r"\d+(?:\.\d+)?\s*[%％](?:多|左右|以上)?")
# 涨了三倍多，比上年多了多少: a rough multiple the question gives while it asks an amount asks no rate (without an
# amount asked, 涨了三倍多怎么回事 is answered with the rate the text states)
_GIVEN_MULTIPLE = re.compile(r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十]+)倍(?:多|左右|以上)?")


def _ops(text: str) -> tuple[set[Op], bool]:
    ops: set[Op] = set()
    why = bool(
        _WHY.search(text) or ((_PURPOSE.search(text) or _EXPLAINED.search(text)) and _CHANGED.search(text))
    )
    text = _SHARE_REMARK.sub("，", text)  # 占比很小吧，具体给了多少钱: the amount is asked
    if _SHARE.search(text):
        ops.add(Op.SHARE)
    elif _RATE.search(_GIVEN_RATE.sub("", _GIVEN_MULTIPLE.sub("", text) if HOW_MANY.search(text) else text)):
        ops.add(Op.RATE)
    if _DELTA.search(text) and Op.SHARE not in ops:
        ops.add(Op.DELTA)
    added = _SUM.search(text)
    if added and not (_ALONE_TOTAL.fullmatch(added.group(0)) and not _JOINED.search(text)):
        ops.add(Op.SUM)  # 人员经费一共花了多少 names one thing: its total, nothing added
    if _COMPARE.search(text):
        ops.add(Op.COMPARE)
        if Op.DELTA in ops and not _YEAR_CHANGE.search(text):
            # A和B哪个多？差多少？: the gap between the two compared, not a change over a year
            ops.discard(Op.DELTA)
        if _AGAINST_BUDGET.search(text) and _asks_final(text) and GAP_ASKED.search(text):
            # 决算和年初预算差了多少: one item's outturn against its budget, as 决算比年初预算少了多少 asks
            ops = (ops - {Op.COMPARE}) | {Op.DELTA}
    if _RANK_MAX.search(text) or _RANK_MIN.search(text):
        ops.add(Op.RANK)
    if _NARRATIVE.search(text):
        ops.add(Op.NARRATIVE)
    if _INDICATOR.search(text):
        ops.add(Op.INDICATOR)
    if _TIMES.search(text):
        ops.add(Op.TIMES)
    if _PROPORTION.search(text) and not _EACH_OF.search(text):
        ops -= {Op.SHARE, Op.RATE, Op.DELTA, Op.COMPARE}  # 之比是多少: neither a share nor a change (比…多)
        ops.add(Op.PROPORTION)
    return ops, why


def _unit(text: str) -> str | None:
    if re.search(r"万元|几万|多少万", text):
        return "万元"
    if re.search(r"多少元|几元|(?<!万)元(?:钱)?[?？]?$|单位为?元(?!万)", text):
        return "元"
    return None


def _rank_at(text: str) -> int:
    """The one place a ranking question asks (第二多 → 2), or 0 when it asks the top (or the first N)."""
    m = _RANK_AT.search(text)
    if not m:
        return 0
    token = m.group(1) or m.group(2)
    at = int(token) if token.isdigit() else "一二三四五六七八九十".index(token) + 1
    if _TOP_BEFORE.search(text[: m.start()]):
        return 0  # 哪一项最多？排第二的又是哪项？: the first places in turn, the top first
    return at if at > 1 else 0


# the top asked before another place (最多…第二): both are asked
_TOP_BEFORE = re.compile(r"最(?:多|少|大|小|高|低)")


def _rank_n(text: str) -> int:
    m = re.search(r"前([一二三四五六七八九十]|\d+)", text)
    if not m:
        at = _RANK_AT.search(text)
        if at and _TOP_BEFORE.search(text[: at.start()]):
            token = at.group(1) or at.group(2)
            return int(token) if token.isdigit() else "一二三四五六七八九十".index(token) + 1
        return 1
    token = m.group(1)
    return int(token) if token.isdigit() else "一二三四五六七八九十".index(token) + 1


def _share_at(text: str) -> int:
    """Where the part ends and the whole begins: 占 (基本支出占支出合计), else 完成 (完成年初预算的…)."""
    at = text.find("占")
    if at < 0:
        at = text.find("完成")
    if at < 0:  # 决算数是年初预算的百分之几: the whole follows 是
        m = re.search(r"(?:是|为|相当于)(?=.{0,8}预算.{0,3}的)", text)
        at = m.start() if m else -1
    return at


def strip_chatter(text: str) -> str:
    """The (folded) question without a leading self-introduction and asking words:
    `我是退休老干部,想问下外办2023年…` → `外办2023年…`. Only the start is touched, where the subject stands."""
    text = _SELF_INTRO.sub("", text, count=1)
    # every clause may open with asking words (2023年,想问下外办…): strip each clause's start
    clauses = re.split(r"(?<=[,;:!])", text)
    last = len(clauses) - 1
    stripped = "".join(_strip_clause(c, whole=i < last) for i, c in enumerate(clauses))
    return stripped or text


def _strip_clause(text: str, *, whole: bool) -> str:
    """A clause without its opening asking words; a clause that is nothing else (你好,) goes entirely,
    unless it is the last one (the question itself)."""
    while text:
        m = _CHATTER.match(text)
        if not m or not m.group(0) or (len(m.group(0)) >= len(text) and not whole):
            return text
        text = text[m.end() :]
    return text


# a year the question states a figure for (2017年是10528.33万元), not the year it asks about
_GIVEN_FOR_YEAR = re.compile(
    r"年?度?[^,;.?!，；。？！]{0,8}?(?:是|为|有|预算|安排)\d[\d,]*(?:\.\d+)?(?:亿元|万元|元)"
)
_CN_DIGIT = "〇零一二三四五六七八九"
_CN_YEAR = re.compile(r"(?<![〇零一二三四五六七八九十])((?:一九|二[〇零])[〇零一二三四五六七八九]{2})(?=年)")


def arabic_years(text: str) -> str:
    """Years written in Chinese digits as Arabic ones: 二〇二四年度 → 2024年度 (digit by digit, 〇 and 零 are 0)."""
    return _CN_YEAR.sub(lambda m: "".join(str(max(_CN_DIGIT.find(c) - 1, 0)) for c in m.group(1)), text)


# everyday words for what the documents print, read as printed: 电脑 is 计算机, 没归口 is 未归口
_SPOKEN = (
    (re.compile(r"笔记本电脑|手提电脑"), "便携式计算机"),
    (re.compile(r"电脑"), "计算机"),
    (re.compile(r"没有?(?=归口|纳入|列入|单列)"), "未"),
    (re.compile(r"(?<!用)公务车(?!辆)"), "公务用车"),  # 公务车购置费 is printed 公务用车购置费
    # 群众来信来访 is what the 科目 print as 信访 (信访事务, 人大信访工作)
    (re.compile(r"(?:群众|人民)?来信(?:和|、|与|及)?来访|(?:群众|人民)来(?:信|访)"), "信访"),
    # 2024年末的结转和结余: the 年末 of the row, not a date
    (re.compile(r"((?:19|20)\d{2})年(?:末|底)的?(?=结转|结余)"), r"\1年年末"),
    # 2024年末某局财政拨款结转和结余: the 年末 of the row the clause names later
    (
        re.compile(r"((?:19|20)\d{2})年(?:末|底)的?([^，,。？?\d]{1,16}?)((?:财政拨款)?(?:结转|结余))"),
        r"\1年\2年末\3",
    ),
    (re.compile(r"((?:19|20)\d{2})年初的?(?=结转|结余)"), r"\1年年初"),
    # 别的收入 / 其它支出: what documents print as 其他收入 / 其他支出
    (re.compile(r"(?:别的|其它|另外的)(?=收入|支出|资金|经费|费用)"), "其他"),
    # （不只算财政拨款的）/ 不光是财政拨款: a scope the question says it does not narrow to names no scope
    (
        re.compile(
            r"[（(](?:不只|不光|不仅|不单|不止)(?:算|是|包括|看)?[^，,。？?）)]{2,8}?的?(?:部分)?[）)]"
        ),
        "",
    ),
    (
        re.compile(
            r"[，,]?(?:不只|不光|不仅|不单|不止)(?:算|是|包括|看)[^，,。？?吗呢]{2,8}?的(?:部分)?(?=[，,。？?]|$)"
        ),
        "",
    ),
)


# 17年 / 18年的预算: a budget year written with two digits (as _EXPLICIT_YEAR reads it), not 近10年 or 10年来
_SHORT_YEAR = re.compile(r"(?<![\d.近前后满第每])([1-5]\d)(?=年(?!来|内|间|以来|前|后|里))")


# 2017年…住房保障支出上一年预算是多少: the year before the one named, asked as a plain figure (not 比上年, not a
# carried-over 上年结转, not an execution figure the named year's text reports)
_YEAR_BEFORE_NAMED = re.compile(r"(?<![比较与跟同和对])(?:上一?年度?|去年|前一年)(?!结转|结余|同期)的?")
_NOT_YEAR_BEFORE = re.compile(
    r"比|较|相比|对比|增|减|变化|差|涨|降|多了|少了|多出|执行|决算|实际|结转|结余|[（(]"
)


# 按…说明里的增加额倒推，: a clause saying how to reckon the figure asked, from a change it names
_RECKON_FROM = re.compile(r"[^，,。；;？?]*(?:倒推|推算|反推|推出|倒算)[^，,。；;？?]*[，,；;]")


def _year_before_named(text: str) -> str:
    named = set(re.findall(r"((?:19|20)\d{2})年", text))
    asked = _RECKON_FROM.sub("", text)  # the change named only to reckon from is no change asked
    if len(named) != 1 or _NOT_YEAR_BEFORE.search(asked) or not _YEAR_BEFORE_NAMED.search(text):
        return text
    year = int(next(iter(named)))
    return _YEAR_BEFORE_NAMED.sub("", re.sub(rf"{year}(?=年)", str(year - 1), text), count=1)


def printed_words(text: str) -> str:
    """The question in the words budget documents print (the answer still shows the question as asked)."""
    text = without_echo_glosses(without_examples(_year_before_named(_SHORT_YEAR.sub(r"20\1", text))))
    for spoken, printed in _SPOKEN:
        text = spoken.sub(printed, text)
    return text


# 普陀区区政府办 / 江苏省省委办公厅: a place's level word said again as the short name's first character is
# one character of the department's name (not 广州市市场监管局: 市场 is a word of its own)
_TWICE_LEVEL = re.compile(r"(?<=[\u4e00-\u9fff]{2})([省区县])\1(?=[\u4e00-\u9fff])")


# 2023年预算材料里 / 决算报告中: the publication named by its form; 预算 and 决算 still say which
_PUBLICATION_NOUN = re.compile(r"(?<=预算|决算)(?:公开)?(?:材料|文件|报告|文本|资料)(?=里|中|内|上|[,;])")


def parse(question: str) -> Intent:
    """Read years, kind, operations and unit from a question. Pure; table-tested."""
    text = _TWICE_LEVEL.sub(r"\1", _PUBLICATION_NOUN.sub("", strip_chatter(arabic_years(fold(question)))))
    years, relative, base, base_rel = _years(text)
    ops, why = _ops(text)
    earlier = _given_before_asked(text, years)
    if earlier is not None:
        # 2023年比2022年多了1421.25万，那2022年的预算是多少 / 根据2018年预算说明，2017年预算总额应该是多少: the
        # change or the document is given; the last clause asks one year's figure
        years, base, base_rel = earlier, [], []
        ops -= {Op.DELTA, Op.RATE}
    if len(set(years)) == 1 and base == [years[0] - 1] and not base_rel:
        # 2017年…比2016年增加了多少: the year before the one asked is 上年, which the asked budget prints itself
        # and its text words so (与上年相比增加…)
        base, base_rel = [], [-1]
        text = re.sub(rf"(比|较|相比|相较|对比|与|和|同|跟)\s*{years[0] - 1}\s*年度?", r"\1上年", text)
    kind = "决算" if _asks_final(text) else ("预算" if _BUDGET.search(text) else None)
    if (
        len(set(years)) >= 2
        and Op.DELTA not in ops
        and Op.RATE not in ops
        and re.search(r"变化|增减|差", text)
    ):
        ops.add(Op.DELTA)
    if (
        (base or base_rel)
        and not ({Op.SHARE, Op.RATE, Op.DELTA, Op.COMPARE, Op.RANK, Op.SUM} & ops)
        and "比" in text
    ):
        ops.add(Op.DELTA)  # 跟去年比呢: a comparison with the base year is a change, even unworded
    figure_first = False
    if _figure_asked_first(text) and (
        Op.RATE in ops or (Op.DELTA in ops and why and not _later_asks_amount(text))
    ):
        # 2024年预算是多少？2025年减少了百分之几？ / 买公车的钱安排了多少？为什么比2024年少？: the figure asked first is
        # the answer's value, as with 多了多少？增幅多少？ (amount_first); the rate or the reason is said beside it
        ops -= {Op.RATE, Op.DELTA}
        figure_first = True
    versus_m = _VERSUS.search(text) if not (base or base_rel or Op.PROPORTION in ops) else None
    yesno = None
    if versus_m and _YESNO.search(text) and not _GAP.search(text) and not why:
        yesno = "less" if versus_m.group(2) in "少低小" else "more"
        ops.discard(Op.DELTA)  # 是不是比B多: which is larger, in the document's own year
        ops.add(Op.COMPARE)
    if versus_m and Op.RATE in ops and not yesno:
        ops.add(Op.GAP_RATE)  # A比B高出百分之几: two figures of one year, not a change over years
    if {Op.COMPARE, Op.DELTA} <= ops and not (base or base_rel) and not _GAP.search(text):
        ops.discard(Op.DELTA)  # 和B的比,哪个高: which is higher, not by how much
    rank = None
    if Op.RANK in ops:
        rank = "min" if _RANK_MIN.search(text) and not _RANK_MAX.search(text) else "max"
    elif Op.COMPARE in ops and _COMPARE_MIN.search(text) and not yesno:
        rank = "min"  # 哪个低: the lower side is the answer
    codes = tuple(
        m.group(1)
        for m in re.finditer(r"(?<!\d)(\d{3}|\d{5}|\d{7})(?!\d)", text)
        if not text[m.end() :].startswith(("万", "元"))
    )
    return Intent(
        text=text,
        years=tuple(dict.fromkeys(years)),
        relative=tuple(dict.fromkeys(relative)),
        base_years=tuple(base),
        base_relative=tuple(base_rel),
        doc_kind=kind,
        ops=frozenset(ops),
        why=why,
        rank=rank,
        rank_n=_rank_n(text) if rank else 1,
        rank_at=_rank_at(text) if Op.RANK in ops else 0,
        unit=_unit(text),
        codes=codes,
        share_at=_share_at(text) if Op.SHARE in ops else -1,
        count_unit=None if {Op.RANK, Op.COMPARE, Op.SHARE} & ops else asked_unit(text),
        versus=versus_m is not None,
        yesno=yesno,
        amount_first=_amount_first(text) if {Op.RATE, Op.DELTA} <= ops else False,
        given=earlier is not None,
        as_of=int(dated.group(1)) if (dated := _AS_OF.search(text)) else None,
        # 年初预算是多少？为什么没花完: the 多 and 少 of 多少 ask an amount, they say no change
        why_change=why and bool(_CHANGE_WORD.search(text.replace("多少", ""))) and not figure_first,
        purpose=bool(_ASKS_PURPOSE.search(text)),
        parts=bool(_ASKS_PARTS.search(text)),
        gap=bool(GAP_ASKED.search(text)),
    )


_ASKING_WORD = re.compile(r"多少|几|什么|哪|吗")
_GIVEN_CHANGE = re.compile(
    r"(?:多|少|增加|减少|增长|下降|增|减|涨|降|压减)了?(?:快|近|约)?\d[\d,]*(?:\.\d+)?(?:亿元|万元|亿|万|元)"
)
_GIVEN_SOURCE = re.compile(r"倒推|推算|根据|按照?|口径|说明")
# 2017年的社会保障和就业支出，2016年大概是多少: an asking clause of a year alone takes its subject (and the
# document to work from) from the clause before it
_YEAR_ALONE = re.compile(
    r"^(?:那|那么)?(?:(?:19|20)\d{2}|\d{2})年(?:的)?(?:预算|决算)?数?(?:大概|大约|约|应该|应|可能)?(?:是|为|有)?"
    r"(?:多少|几)(?:钱|万元?|元)?(?:左右)?(?:呢|吗|啊)?$"
)


def asked_clause(text: str) -> str:
    """The last clause that asks (多少/几/什么…), or the whole text."""
    clauses = list(re.finditer(r"[^，,；;。？?]+", text))
    asked = next((m for m in reversed(clauses) if _ASKING_WORD.search(m.group(0))), None)
    return asked.group(0) if asked else text


def _given_before_asked(text: str, years: Sequence[int]) -> list[int] | None:
    """The one year the last asking clause names, when the clauses before it only give what to work from
    (a stated change, or the document to reckon from): those years are not asked about."""
    if len(set(years)) < 2:
        return None
    clauses = list(re.finditer(r"[^，,；;。？?]+", text))
    asked = next((m for m in reversed(clauses) if _ASKING_WORD.search(m.group(0))), None)
    if asked is None or asked.start() == 0:
        return None
    own = _years(asked.group(0))[0]
    before = text[: asked.start()]
    if len(set(own)) != 1 or _DELTA.search(asked.group(0)) or _RATE.search(asked.group(0)):
        return None
    alone = (
        _YEAR_ALONE.match(asked.group(0).strip())
        and all(y > own[0] for y in _years(before)[0])
        and not _ASKING_WORD.search(before)  # 下降了百分之几？2024年预算是多少: two things asked, not one
    )
    if not (_GIVEN_CHANGE.search(before) or _GIVEN_SOURCE.search(before) or alone):
        return None
    return [own[0]]


def _figure_asked_first(text: str) -> bool:
    """Two questions, the first asking a plain figure (no change, no rate), a later one a rate."""
    questions = [q for q in re.split(r"[?？]", text) if q.strip()]
    if len(questions) < 2 or not _ASKING_WORD.search(questions[0]):
        return False
    first = questions[0]
    return not (
        _RATE.search(first) or _DELTA.search(first) or _AMOUNT_ASKED.search(first) or _SHARE.search(first)
    )


def _later_asks_amount(text: str) -> bool:
    """A question after the first asks a size (比上年少多少？ / 差几万？)."""
    return any(re.search(r"多少|几", q) for q in [q for q in re.split(r"[?？]", text) if q.strip()][1:])


def _amount_first(text: str) -> bool:
    """Both the amount and the rate of a change are asked, the amount first (多了多少？增幅多少？)."""
    amount, rate = _AMOUNT_ASKED.search(text), _RATE.search(text)
    return amount is not None and rate is not None and amount.start() < rate.start()


def direction(text: str) -> str | None:
    """Whether the question expects a decrease or an increase (for wording only; the sign decides)."""
    if _DECREASE.search(text):
        return "decrease"
    if _INCREASE.search(text):
        return "increase"
    return None


# what makes a clause a question of its own: 多少 / 几个 / 为什么 / 吗 / 是否 / 哪些 / 增幅
CLAUSE_ASKS = re.compile(
    r"多少|几|什么|为啥|为何|怎么|如何|哪|吗|是否|有没有|百分之|还是|多大|多高|多长|多久|呢[？?]?$"
)
# X比2023年执行数少了一半多，(23年当年执行了多少): a change the asker states, a premise of what is asked next
PREMISE = re.compile(r"(?:比|较)[^，,；;？?]{1,20}?(?:多|少|增加|减少|增长|下降|涨|降|高|低)了")
# 谢谢 / 麻烦了: a clause that asks nothing and names nothing
_COURTESY = re.compile(r"^(?:谢谢|多谢|麻烦了?|辛苦了?|感谢)[！!。.～~]*$")


def asking_clauses(text: str) -> list[str]:
    """The question cut into the questions it asks, in order: 政府采购预算总共多少？其中工程类多少？ -> two;
    机关运行经费有多少，比上年增加多少，为什么？ -> three. A clause that asks nothing (你好， / 2018年政府采购表里，)
    belongs to the next one, unless it states a change (…比上年少了一半多，) that what follows asks about; one
    asking clause gives the text unchanged."""
    pieces = [p for p in re.split(r"(?<=[，,；;？?])", text) if p.strip()]
    clauses: list[str] = []
    pending = ""
    for piece in pieces:
        if _COURTESY.match(piece.strip()):
            continue
        pending += piece
        if CLAUSE_ASKS.search(piece) or PREMISE.search(piece):
            clauses.append(pending)
            pending = ""
    if pending and clauses:
        clauses[-1] += pending
    return clauses if len(clauses) > 1 else [text]


# 哪些绩效目标 / 绩效目标有哪些: what a listing is asked of
_DOING_TAIL = re.compile(r"(?:来|去)?(?:做|干|办|承担|负责|提供|参与|中标|完成|实施|承办)(?:的|了)?$")
_WHICH_AFTER = re.compile(
    r"(?:哪些|哪几家|哪几个|哪家|(?:什么|啥|哪种|哪类|哪款)(?=车型|型号|品牌|类型|方式|形式|名称|名字|规格))"
    r"([\u4e00-\u9fff]{2,8}?)(?=和|及|与|、|[?？,，。!！]|$)"
)
# 下属单位有哪些 / 下属事业单位是哪个: the noun before the asking words
_WHICH_BEFORE = re.compile(
    r"([\u4e00-\u9fff]{2,8}?)(?:都|具体)?(?:(?:有|是|包括|包含)(?:哪些|哪个|哪家|哪几个|哪几家)|叫什么|叫啥|名字是什么|名称是什么)"
)


def listed_head(question: str) -> str | None:
    """The noun a 哪些 question lists (设了哪些绩效目标和指标 → 绩效目标), or the kind a 什么 question asks (是什么车型
    → 车型), or None."""
    m = _WHICH_AFTER.search(question)
    if m:
        # 哪些中介机构做的 / 哪几家公司承担: the noun, not the verb of what they did
        noun = _DOING_TAIL.sub("", m.group(1))
        return noun if len(noun) >= 2 else m.group(1)
    m = _WHICH_BEFORE.search(question)
    if not m:
        return None
    # 最少的是哪个: a rank's side, no noun; 预算里的下属单位: the noun after the last 的
    noun = re.sub(r"(?:主要|都|还|一般|大概)+$", "", m.group(1).rsplit("的", 1)[-1])[-4:]
    return noun if noun and "最" not in noun else None


# What a clause, or a word beside a named thing, asks. The modules that resolve which item, table or unit is named
# test the question with these; none of them keeps a word list of its own for what is asked
# (tests/test_qa_intent_owner.py holds that).

# a clause asking a figure: 多少/几/多大…, or 货物呢？ after one that did (not 原因呢？)
FIGURE_ASKED = re.compile(r"多少|几|百分之|多大|多高|多长|^(?!.*(?:为什么|为啥|原因|怎么|哪)).*呢[？?]?$")
# 预算盘子多大 / 决算规模: the size of a whole budget asked
WHOLE_SIZE_ASKED = re.compile(r"多少|多大|几|总额|规模|盘子")
# 中标的中小企业是哪几家: the noun whose members are listed
LIST_OF_NOUN_ASKED = re.compile(r"([\u4e00-\u9fff]{2,8}?)(?:具体|都|分别)?(?:是|有|包括|包含)哪(?:些|几)")
# a clause that asks a thing of its own (哪些 / 多少 / 是否 …), not one going on about another's
CLAUSE_ASKS_OWN = re.compile(r"哪些|哪几|哪个|什么|多少|几[个项家名人辆]|是否|有没有|吗$")
# 多少(项目)(预算)资金: the money words after 多少 name the unit asked
MONEY_ASKED_AFTER = re.compile(r"^(?:项目|财政|预算)*(?:钱|资金|经费|金额|万元|元)")
# a change of what is held (购置 / 报废 …), and the words asking one (买 / 配备 / 计划 …): 一共有多少辆车 asks what
# is held, never a number bought or disposed of
CHANGE_OF_HOLDING = re.compile(r"购置|购买|新增|更新|添置|采购|报废|处置|调拨|划转")
CHANGE_OF_HOLDING_ASKED = re.compile(CHANGE_OF_HOLDING.pattern + r"|买|配备|安排|计划|打算|准备|拟")
# 几个项目…，涉及多少资金: a clause asking a sum of money beside a count
MONEY_CLAUSE = re.compile(
    r"多少(?:预算|财政)?(?:钱|资金|经费|金额|万元)|(?:资金|金额|经费)[^，,。？?]{0,4}(?:多少|几)"
)
# A、B、C合计里 / 三项加起来中: the items listed before it, summed, are the whole
COMBINED = re.compile(
    r"(?:三项|几项|这几项|这三项|两项)?(?:的)?(?:合计|总计|加起来|加在一起|合起来|之和|总和|总额|总数)(?:数|金额)?"
    r"(?:的)?(?:里面|里头|当中|之中|里|中|内)?"
)
# 占总支出: a share of the department's whole spending asked, right after the parts
WHOLE_SPENDING = re.compile(
    r"^占(?:了|到)?(?:部门|全部|全年|整个|单位)?(?:总支出|支出总计|支出总额|总预算|预算总额|全部支出)"
)
# 哪个项目支出最多: 项目 names the rows ranked, not the 项目支出 column
PROJECT_ROWS_ASKED = re.compile(r"哪(?:一)?个项目支出|哪些项目支出|哪项项目支出")
# 2023年预算比2022年多了1421.25万元，那2022年…: the change the question gives, by its amount
GIVEN_CHANGE_AMOUNT = re.compile(
    r"(?P<verb>增加|增长|多了?|多出|上涨|涨了?|减少|下降|少了?|降了?|降低)了?(?P<amount>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>亿元|万元|元|万)"
)
# 组成人员一共有多少人: the kind of people counted, the two characters before 人员
PEOPLE_OF_KIND_ASKED = re.compile(r"([\u4e00-\u9fff]{2})人员(?=[^，,。？?]{0,4}(?:多少|几))")
# the asking words a coverage check never needs a citation for
ASKING_WORDS = re.compile(r"多少|几[个项家名位辆台次期成]?|哪|什么|啥|吗|是否|有没有")
# 多少排量: the noun a question asks the figure of, right after its asking word
ASKED_NOUN = re.compile(r"(?:多少|多大)(?:的)?(?![是为有在钱万元个人年次项名家])([\u4e00-\u9fff]{2})")
# 什么意思 / 口径: what a term means asked
DEFINITION_ASKED = re.compile(r"什么意思|啥意思|指的是|指什么|指的什么|含义|定义|什么叫|是指|口径")
# the asking words a passage search leaves out: they match every passage equally
ASKING_NOISE = re.compile(r"是什么|是哪些|有哪些|什么|哪些|多少|吗|呢|请问|请|[?？!！。，,\s]")
# a reason, a figure or a list (职能有哪些: its own list reading) is not what a heading's body answers
NOT_A_HEADINGS_BODY = re.compile(r"为什么|为何|为啥|原因|多少|几|百分|占|哪些|包括|职责|职能")
# what a department is made of: its units and offices (下属单位, 预算单位, 内设机构, 处室)
UNITS_ASKED = re.compile(
    r"下属|直属|所属|预算单位|内设|处室|科室|机构设置|单位构成|几家单位|哪些单位|哪几家|哪几个单位|哪家单位|"
    r"(?:下面|底下|下边|下头)(?:还)?(?:有没有|有无|是否有|有)[^，,。？?]{0,6}(?:单位|机构)"
)
# 一共包括哪几个单位 / 哪些单位，一共几家: the list and its count, both asked
LIST_AND_COUNT_ASKED = re.compile(
    r"(?:一共|总共|共)(?:包括|包含|有)?(?:哪几|哪些)|(?:哪几|哪些)[^，,。？?]{0,10}(?:一共|总共|共)(?:几|多少)"
)
# 多少 / 几 / 百分: an amount asked, beside a change asked about (为什么比上年增加了 asks no amount)
AMOUNT_WORD = re.compile(r"多少|几|百分")
# 下属有哪些单位 / 下属单位的职责: asks about the units themselves, which the text may list
ABOUT_UNITS_ASKED = re.compile(r"哪|什么|啥|几个|几家|多少个|多少家|名称|名单|职责|职能|负责|是谁|情况")
# 几家单位 / 汇总了几个预算单位 / 有几家直属单位 / 下属单位有几个 / 几个下属事业单位: the unit counted, by whom it
# belongs to (下属, 直属 …) and by kind (预算, 事业 …); a bare 单位 is a unit of any kind
UNITS_COUNT_ASKED = re.compile(
    r"(?:几|多少)\s*(?:个|家)\s*(?P<q1>下属|所属|直属|二级|基层)?的?(?P<k1>预算|事业|行政|参公|企业)?单位"
    r"|(?:(?P<q2>下属|所属|直属|二级|基层)(?P<k2>预算|事业|行政|参公|企业)?|(?P<k3>预算|事业|行政|参公|企业))单位"
    r"[^，,。？?]{0,4}(?:几|多少)\s*(?:个|家)"
)
# 占多少 without 比例/百分/几成: the part's amount or its share may be meant
SHARE_OR_AMOUNT = re.compile(r"占(?:了|到)?多少(?!比例|比重|百分|个百分)(?:钱|万元|元)?[？?。]?$")
# 干嘛用的 / 花在哪: what a sum is for asked (a sentence answering says 用于 / 用在)
USE_ASKED = re.compile(r"干嘛|干啥|干什么|做什么|用途(?!的[\u4e00-\u9fff])|用于|用在|派什么用场|花在哪")
# 预算是单独编的吗: whether a unit has a budget of its own asked (said as 单列 / 并入本部)
COUNTED_IN_ASKED = re.compile(COUNTED_IN.pattern + r"|单独编|单独列|单列")
# 各自是 / 分别 / 都: the words saying each of two listed columns is asked, taken out when each is asked alone
EACH_SAID = re.compile(r"各自?(?=是|为|有|多少|安排)|分别|都")
# 哪项支出最多: the expenditure categories ranked
CATEGORY_RANKED = re.compile(r"哪(?:一)?(?:项|类|个)(?:支出|科目)")
# 多少 / 几 / 金额 beside 哪些: an amount asked as well as the list
LIST_AMOUNT_ASKED = re.compile(r"多少|(?<!哪)几|金额")
# a quantity asked: 多少 / 几 / 多大 / 多高 / 多长
QUANTITY_ASKED = re.compile(r"多少|几|多大|多高|多长")
# 多少 / 几 alone
HOW_MANY = re.compile(r"多少|几")
# A和B分别是多少 / A、B各多少: each listed item asked for
EACH_LISTED = re.compile(r"分别|各是|各为|各多少|各有|各自")
# 哪些 / 有什么 beside a whether: something listed asked too
OTHERS_LISTED_ASKED = re.compile(r"哪些|哪几|有什么")
# the reason-asking words, which a reason's topic leaves out
REASON_ASKING = re.compile(r"为什么|为何|什么原因|原因|是什么")
# 哪些 / 包括 / 职责: a list asked for
LIST_ASKED = re.compile(r"哪些|哪几|包括|职责|职能")
# 按经济分类分三大块，哪一块最大: the 类 of a classification ranked
BLOCKS_RANKED = re.compile(r"[三四五六七八九几]大(?:块|部分|类)|哪一?大块")
# 差了多少 / 相差几万: a gap asked, which one printed figure never is (GAP_ASKED without 差额 / 差距, which name
# printed rows, and without 多…多少, which a lookup of a change asks)
GAP_WORD = re.compile(r"相差|差了?多少|差了?几")


def without_count_unit(text: str, unit: str) -> str:
    """捐赠多少套书桌椅 -> 捐赠多少书桌椅: the counted unit after the asking word taken out, so that the words left
    read as a row's name does (捐赠书桌椅数量)."""
    return re.sub(rf"(多少|几){re.escape(unit)}", r"\1", text)
