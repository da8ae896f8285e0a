"""Follow-up questions: what a turn leaves unsaid is taken from the conversation so far, and said so.

"那去年呢？" after "外办2023年三公经费多少？" is asked as "外办2022年三公经费多少？"; "为什么？" and "占总支出多少？"
continue the previous subject; a question that names no department gets the previous one. The rewrite is
plain text handed to the same pipeline, and the answer begins with what was assumed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from budgetqa.qa import compose
from budgetqa.qa.matching import match_departments
from budgetqa.qa.phrasing import either
from budgetqa.qa.question import RELATIVE_YEARS, SIDE_PARTS, asked_unit, parse
from budgetqa.qa.text import fold
from budgetqa.store import Document

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度?")
_RELATIVE = re.compile("|".join(w for w, _ in RELATIVE_YEARS))
# An interrogative tail: what a subject is asked about, not the subject itself.
_ASKING = re.compile(
    # (年初预算 / 调整预算 name a measure: its 预算 stays with it)
    r"(?:(?:(?<!年初)(?<!调整)(?<!全年)预算|安排|一共|总共|合计|总额|共|有|是|花|用|给)*了?"
    r"(?:多少钱?|几|什么|怎么样|如何|怎么变化|变化|为什么|吗|呢)"
    r"(?:万元|元|万|(?:辆|台|个|项|位|人|名|家|处|件|所)(?:车|人|单位|项目)?)?)?"
    r"(?:占(?:多少|几成|百分之几)?(?:的)?(?:比例|比重|份额)?(?:是多少|多少|有多大)?)?"
    r"[？?。！!，,\s]*$"
)
# A turn that only makes sense after another: it starts by pointing back, or is a bare tail.
_POINTING = re.compile(
    r"^(?:那么?|那个|还有|另外|再问|其中|和|跟|与|同|比|较|占|为什么|为啥|原因|怎么|这|该|此|它|上述|以上)"
)
# 这里面 / 这些钱里 / 上述资金中: a part of the previous subject, as 其中 says; 这笔钱 / 这个数 / 该项: the subject itself
_INSIDE_IT = re.compile(
    r"^(?:[这那]?里面|[这那]?里头|[这那]其中|[这那]当中|[这那]中间|这些钱里面?|这笔钱里面?|这一?部分(?:钱)?(?:里面?|中)|这一?块(?:钱)?(?:里面?|中)|这里|上述资金中|以上资金中)(?:的|,)?"
)
_IT = re.compile(
    r"^(?:这笔钱|这笔资金|这笔经费|这个数字?|这个钱|这些钱|这些资金|这一?部分钱|这一?部分|这项|这一项|该项|此项|这笔|上述|以上|"
    r"这个项目|这一?项目|该项目|此项目|这一?块钱?|那一?块钱?|这方面|"
    # 它年初预算是多少 / 它实际花了多少: the subject, then another measure of it
    r"它们?(?=的|占|比|和|与|跟|年初|调整|全年|预算|决算|实际|执行|安排|花|用了))"
)
# 比去年多了多少 / 跟2022年比有变化吗: the year named is the comparison base, the asked year stays
_BASE = re.compile(
    r"^(?:那么?)?(?:比|较|跟|与|和|同)\s*(?:(?:19|20)\d{2}\s*年度?|"
    + "|".join(w for w, _ in RELATIVE_YEARS)
    + ")"
)


# a turn naming only which amount (实际执行了多少 / 年初预算呢): a measure of the previous subject, not an item
_MEASURE_ONLY = re.compile(
    r"^(?:最后|最终|实际上?)?(?:实际执行|(?:当年)?(?:预算)?执行数?|实际支出|实际花|决算数?|预算数?|年初(?:预算数?)?|调整预算|全年预算|调整后预算)"
    r"(?:安排|花|用|支出)?(?:了|是|为|的)?$"
)


# groups of a department's people (离退休, 在职, 编制): a follow-up naming one after a head count counts it too
_PEOPLE_GROUP = re.compile(r"(?:离退休|退休|离休|在职|在编|编制|实有|行政|事业|工勤|参公)(?:人员)?的?")
# …比上年增加 / 比2023年预算减少: the change a subject was asked about, at its end
# 涉及多少钱 / 有多少 / 增幅是多少: a clause that names only what is asked of the subject before it, no item
_PREDICATE_ONLY = re.compile(
    r"^(?:(?:共|一共|总共|大概|大约|又|还|都|分别)?(?:涉及|用于|用在|安排|花|花了|给|给了|投入|需要)"
    r"(?:的|了)?(?:项目)?(?:预算|财政)?(?:资金|钱|经费|金额)?(?:总额|总数|合计)?|"
    r"增幅|降幅|幅度|增长率|增速|下降率|比例|占比|比重|金额|数额|钱数|差|相差|差额|差了|"
    r"(?:具体|一共|总共)?(?:降|涨|增|减|少|多|下降|上涨|增加|减少|增长)了?)?(?:是|为|有)?$"
)
_THINGS_COUNTED = frozenset({"个", "项", "家", "所", "处"})
_THESE_COUNTED = re.compile(r"^(?:那)?(?:这些|这几个|这几项|这几家|上述)(?:项目|单位)?")
_EMPTY_BRACKETS = re.compile(r"[（(]\s*[）)]")
# 有几个项目编报了绩效目标: a count of things that did something; 编报了绩效目标的项目 names those things
_COUNTED = re.compile(
    r"(?:一共|总共|共)?有?(?:几|多少)(?:个|项|家|所|名|位|辆)(?P<noun>[\u4e00-\u9fff]{1,4}?)"
    r"(?P<what>(?:编报|报|申报|开展|实施|纳入|设置|做|编制|填报|参加|参与)[^，,。？?的]*)$"
)
# (它)在三公经费里占多少 / 在住房保障支出中占比多大: the whole a share is taken of; the part is the subject before
_SHARE_IN = re.compile(
    r"^(?:它们?|其|这笔钱?|这笔资金|该项|这一?项|这个|那个)?(?P<base>在[^，,。？?在]{1,24}?(?:里面?|中|当中|之中|里头)(?:所)?占)"
)
# 公务接待费在里面占几成 / 公车的钱在其中占多少: a share of a part whose whole is the previous subject, named only by
# a pronoun (里面, 其中, 这当中)
_PART_IN_IT = re.compile(
    r"^(?P<part>[^，,。？?]{2,24}?)(?:在)?(?:这|那)?(?:里面|里头|其中|当中|之中|中间)(?:所)?(?P<tail>占.*)$"
)
# 那最少的是哪个 / 第二多的呢: only another rank of the same ranking; the rank words of a ranking question
_HEDGE = re.compile(
    rf"(?<=多少|是几|有几){either('hedge_tail')}|{either('hedge_lead')}(?=是|有|为|多少|花|安排)"
)
_REMARK = re.compile(r"^(?:好像|似乎|感觉|看起来|看上去|貌似|听说|咦|哇)[^,.;!?]{0,16}[,.;!?]+(?=.)")
_RANK_WORD = r"最(?:多|少|大|小|高|低)|(?:倒数)?第[一二三四五六七八九十\d]+(?:多|少|大|小|高|低)?"
_RANK_ONLY = re.compile(
    rf"^的?(?:排(?:在|名)?|位列)?(?P<rank>{_RANK_WORD})的?(?:又|则)?(?:(?:是|为)?(?:哪个|哪一?项|哪家|哪一?个|什么|谁|多少))?呢?"
    # 排第二的是哪项？多少钱？: the amount asked beside the name
    r"(?:[？?，,。]*(?:是|有|为)?(?:多少钱?|金额(?:是|为)?多少|数额(?:是|为)?多少))?[？?。!！]*$"
)
_PREV_RANK = re.compile(_RANK_WORD)
_YEAR_ON_YEAR = re.compile(r"^(?:同比|环比)")
_OF_BUDGET = re.compile(r"^(?:完成了?(?:年初|全年|调整后?)?预算(?:数)?的?|(?:预算)?(?:执行率|完成率))")
# 和预算差了多少 / 跟年初预算比少了多少: another measure of the same subject, compared
_OUTTURN = re.compile(r"决算|执行|实际")
_MEASURE_GAP = re.compile(r"^(和|跟|与|同)(?:年初|调整|全年)?预算数?(?:相比|比)?(?:相?差|少|多|低|高)")
# 全年加起来 / 一共 / 合计: only a sum asked, of what the turn before asked for each part
_TOTAL_ONLY = re.compile(
    r"^(?:全年|一年|全部|总共|一共|合计|总计|加起来|加在一起|合起来|总的|总数|四个季度|几个季度|所有季度)+$"
)
# 决算比预算少了多少 / 实际执行和年初预算差多少: two measures of the previous subject compared, no item named
_MEASURE_SAID = r"(?:决算数?|实际(?:执行|支出|花的)?|执行数?|(?:年初|调整后?|全年)?预算数?)"
_MEASURES_COMPARED = re.compile(rf"^{_MEASURE_SAID}(?:比|较|和|跟|与|同){_MEASURE_SAID}")
# 差了多少？ / 相差多少？ after two turns asking two measures of one item (花了多少 … 年初预算是多少): their gap
_GAP_ONLY = re.compile(
    r"^(?:那)?(?:两者|二者|这两个数?|两个数|它们)?(?:之间)?(?:相?差(?:了|额|距)?(?:是|为|有)?(?:多少|几)|差额(?:是|为|有)?多少)"
)
_BUDGET_MEASURE = re.compile(r"(?:年初|调整后?|全年)预算数?")
# 和决算差了多少 after …年初预算是多少: the outturn of the same item against the budget just asked
_OUTTURN_GAP = re.compile(
    r"^(?:和|跟|与|同)(决算数?|实际(?:执行|支出)?数?|执行数)(?=(?:相比|比)?(?:相?差|少|多|低|高))"
)
_EACH = re.compile(r"(?:每一?个|各个?|每|分)季度")
_CHANGE_TAIL = re.compile(r"(?:比|较|与|跟|同)(?:上年|去年|上一年|前一年|(?:19|20)\d{2}年)[^，,。？?]*$")


@dataclass
class Session:
    """The conversation so far: each turn's question as it was understood (after filling in)."""

    turns: list[str] = field(default_factory=list)

    @property
    def last(self) -> str | None:
        return self.turns[-1] if self.turns else None

    def remember(self, understood: str) -> None:
        self.turns = [*self.turns, understood][-20:]

    @classmethod
    def load(cls, path: Path) -> Session:
        if not path.exists():
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8") or "{}")
        except (OSError, ValueError) as exc:
            raise ValueError(
                f"{path}: not a BudgetQA session file ({exc}); delete it to start a new one"
            ) from exc
        turns = data.get("turns") if isinstance(data, dict) else None
        if not isinstance(turns, list) or not all(isinstance(t, str) for t in turns):
            raise ValueError(f"{path}: not a BudgetQA session file; delete it to start a new one")
        return cls(list(turns))

    def save(self, path: Path) -> None:
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps({"turns": self.turns}, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)  # never a half-written session


def _year_of(text: str) -> int | None:
    m = _YEAR.search(text)
    return int(m.group(1)) if m else None


# a clause of greeting or asking only (我想了解下， / 请问，): it names nothing
_CHATTER_CLAUSE = re.compile(rf"^{either('chatter_clause')}+$")
_ASKS = re.compile(r"多少|几|什么|哪|吗|为什么|为啥|怎么|如何|是否")
# 行政运行这一项有多少是项目支出 / 这一项给了 / 三公经费占: what follows the subject's name
_SUBJECT_TAIL = re.compile(
    r"(?:(?:这一?项|该项|这笔钱?)?(?:里|中)?(?:有|是|占)?多少是.*|(?:这一?项|该项|这笔钱?)(?:最后|最终|实际|到底)?)$"
)


def _subject(question: str) -> str:
    """The previous question without its interrogative tail: 外办2023年三公经费是多少？ -> 外办2023年三公经费.
    Of a question in several clauses the clauses up to the first that asks name the subject (政府采购预算多少，
    买的是货物还是服务？ -> 政府采购预算; 请问XX局2024年决算里，行政运行这一项有多少是项目支出？ -> XX局2024年决算里
    行政运行); a clause of chatter only (我想了解下，) names nothing."""
    clauses = [c for c in re.split(r"[，,；;？?]", question.strip()) if c.strip()]
    picked: list[str] = []
    for clause in clauses:
        if not picked and _CHATTER_CLAUSE.match(clause.strip()):
            continue
        picked.append(clause.strip())
        if _ASKS.search(clause):
            break
    first = "".join(picked) or question
    first = re.sub(r"^(?:请问|我想了解下|我想了解一下|想了解下|想问一下|想问下)", "", first)
    # 为什么X涨了那么多: the subject is X
    first = re.sub(r"^(?:为什么|为啥|为何)", "", first)
    first = re.sub(r"(?:涨|增|增加|增长|上涨|减少|降|下降|少|多|减)了?(?:那么|这么)多[？?]*$", "", first)
    first = _SUBJECT_TAIL.sub("", _ASKING.sub("", first)).strip()
    if re.search(r"(?:部门|单位)的?$", first) and re.search(r"(?:部门|单位)的?(?:预算|决算)", question):
        # …2018年部门预算总共安排了多少钱: 预算 went with the asking words, but the subject is the budget
        first = re.sub(r"的$", "", first) + ("决算" if "决算" in question else "预算")
    elif first.endswith(("收入", "支出")) and f"{first}预算" in question:
        first += "预算"  # …收入预算是多少: the budget's total income, which 收入 alone (本年收入) is not
    return first or _ASKING.sub("", question).strip() or question


def understand(question: str, session: Session | None, docs: Sequence[Document]) -> tuple[str, str | None]:
    """(the question to answer, what was assumed from earlier turns or None)."""
    previous = session.last if session else None
    if not previous:
        return question, None
    # 是多少来着 / 大概是多少: a hedge or a reminder asks nothing else
    folded = _HEDGE.sub("", fold(question.strip()))
    # 好像翻了快一倍？具体增长率多少: a remark on the figure just given, then the question
    folded = _REMARK.sub("", folded, count=1)
    if asked_unit(fold(previous)) in _THINGS_COUNTED:
        # 这些项目一共涉及多少资金 after …有多少个项目编报了绩效目标: the things just counted are the subject
        folded = _THESE_COUNTED.sub("", folded, count=1)
    named = match_departments(folded, docs)
    prev_named = match_departments(fold(previous), docs)
    prev_who = _name_in(previous, prev_named[0]) if prev_named else ""
    prev_year = _year_of(previous)
    if _BASE.match(folded) and not named:
        # 比去年多了多少 / 跟2022年比有变化吗: the same subject, compared with the named year
        understood = _subject(previous) + re.sub(r"^(?:那么?)", "", folded)
        return understood, compose.assumed(understood)
    turn = parse(folded)
    spoken = re.sub(r"^(?:那么?|那个|还有|另外|再问一下|再问)", "", folded)
    if (
        turn.base_years
        and not turn.years
        and not turn.relative
        and not named
        and prev_year is not None
        and not _IT.match(spoken)
        and not _INSIDE_IT.match(spoken)
        and not re.match(r"(?:占|比|为什么|为啥|原因|怎么|其中)", spoken)
    ):
        # 那公务用车购置费比2024年少了多少: its year is the comparison base; the department and the year asked are
        # the previous turn's, the item is the turn's own
        understood = f"{prev_who}{prev_year}年{spoken}"
        return understood, compose.assumed(understood)
    year = _year_of(folded)
    if year is not None and year in turn.base_years and year not in turn.years:
        year = None  # 为什么会比2023年少: the year named is the comparison base; the year asked stays
    if year is None and prev_year is not None:
        # 那去年呢 names the year asked; 为什么比上年涨那么多 names only the comparison base
        rel = next(iter(parse(folded).relative), None)
        year = prev_year + rel if rel is not None else None
    lead = spoken
    lead = _INSIDE_IT.sub("其中", lead, count=1)
    # 这个占三公经费的比例 / 它为什么会增加: the subject itself
    lead = re.sub(r"^(?:这个|那个|它们?)(?=占|比|为什么|为啥|为何|怎么|原因)", "", lead)
    rest = lead
    for m in named:
        rest = rest.replace(folded[m.span[0] : m.span[1]], "")
    rest = _EMPTY_BRACKETS.sub("", _RELATIVE.sub("", _YEAR.sub("", rest)))  # 上一年（2018年）的…
    item = re.sub(r"^(?:的|和|跟|与|同)|(?:呢|的)$", "", _ASKING.sub("", rest))
    # 那去年呢 / 公务接待费呢: the turn's first clause ends in 呢 (增长了百分之几？原因呢？ asks of the same subject)
    follow_up = bool(_POINTING.match(folded)) or bool(
        re.search(r"呢[？?!！。]*$", re.split(r"[？?。！!]", folded)[0] + "。")
    )
    subject = _subject(previous)
    gap = _GAP_ONLY.match(lead) if not named and not _year_of(folded) and session else None
    if (
        gap
        and session
        and len(session.turns) >= 2
        and (both := _budget_and_outturn(previous, session.turns[-2]))
    ):
        # 差了多少 after …花了多少 and …年初预算是多少: the item's outturn against that budget
        understood = f"{both[0]}决算和{both[1]}差了多少{lead[gap.end() :]}"
        return understood, compose.assumed(understood)
    if (share := _SHARE_IN.match(lead)) and not named and not _year_of(folded):
        # 它在三公经费里占多少比例: the base is named, the part it asks about is the previous subject
        understood = _CHANGE_TAIL.sub("", subject) + lead[share.start("base") :]
        return understood, compose.assumed(understood)
    inside = _PART_IN_IT.match(lead) if not named and not _year_of(folded) else None
    if inside and not _IT.match(inside.group("part")):
        # 公务接待费在里面占几成 after …三公经费一共多少: the part's share of the previous subject
        whole = _CHANGE_TAIL.sub("", subject)
        if prev_who:
            whole = whole.replace(prev_who, "", 1)
        whole = _YEAR.sub("", whole, count=1).strip("的")
        when = f"{prev_year}年" if prev_year else ""
        understood = f"{prev_who}{when}{inside.group('part')}{inside.group('tail')[:1]}{whole}的{inside.group('tail')[1:]}"
        return understood, compose.assumed(understood)
    rank = _RANK_ONLY.match(lead) if not named and not _year_of(folded) else None
    if rank and _PREV_RANK.search(previous):
        # 那最少的是哪个 after …人大事务下面哪个小项最大: the same ranking, in the same scope, another rank
        said = rank.group("rank")
        if not re.search(r"[多少大小高低]$", said):  # 排第二的 after …哪一项最大: second largest
            said += _PREV_RANK.search(previous).group(0)[-1]  # type: ignore[union-attr]
        understood = _PREV_RANK.sub(said, previous, count=1)
        return understood, compose.assumed(understood)
    # the department of the previous turn named again (这里面新加的省人代会…经费, 省人 ⊂ its name) is no other one
    others = [m for m in named if not prev_named or m.name != prev_named[0].name]
    shifted = year is not None and prev_year is not None and year != prev_year and not _year_of(folded)
    if year is not None and prev_year is not None:
        subject = _YEAR.sub(f"{year}年", subject, count=1)
    # 年初预算是多少: _ASKING takes 预算 with the asking words, so the measure is read from the turn's own words
    first_clause = _first_clause(rest.strip("，,？?。！! "))  # 年初预算是多少？为啥没花完？
    measure_only = bool(
        _MEASURE_ONLY.match(item)
        or _MEASURE_ONLY.match(re.sub(r"(?:是|为|有)?(?:多少钱?|几)?呢?[？?。!！]*$", "", rest))
        or _MEASURE_ONLY.match(re.sub(r"(?:是|为|有)?(?:多少钱?|几)?呢?$", "", first_clause))
    )
    if measure_only:
        # …信息化建设年初(预算是多少) after the turn before: the measure asked then is not part of the item, nor
        # the change it stated (…比2023年执行数少了一半多，23年当年执行了多少)
        subject = _without_measure(subject)
    bare_item = re.sub(r"(?:大概|大约|大致|约|具体|应该|一共|总共|的)+", "", item)  # 降幅大概 / 安排的大概
    # 涉及多少预算资金: what is asked of the subject, with the money word the amount is asked in
    # of a turn in several clauses (增长了百分之几？原因呢？) the first says what is asked of the subject
    predicate = re.sub(
        r"(?:百分之(?:几|多少)?|百分比|几个百分点|(?:多少|几)(?:项目)?(?:预算|财政)?(?:资金|钱|经费|金额|万元|元)?)$",
        "",
        _first_clause(bare_item),
    )
    if not follow_up and not named and _PREDICATE_ONLY.match(predicate) and not _year_of(folded):
        # …有几个项目报了绩效目标？涉及多少钱？ / …比上年多了多少？增幅是多少？: the same subject
        about = _CHANGE_TAIL.sub("", subject)  # the change the clause before asked is not this clause's
        about = re.sub(r"^(?:为什么|为啥|为何)|(?:为什么|为啥|为何|怎么)[^，,。？?]*$", "", about)
        if asked_unit(fold(previous)) and not asked_unit(folded):
            # 涉及多少钱 after 有几个项目编报了绩效目标: the things counted are the subject, not their count
            about = _COUNTED.sub(lambda m: f"{m['what']}的{m['noun']}", about)
        # 上年安排的是多少 after …2018年…: the year is moved back already, so the relative word is not said again
        understood = about + (_RELATIVE.sub("", lead) if shifted else lead)
    elif _OF_BUDGET.match(lead) and not named:
        # 完成了年初预算的百分之多少 after …支出年初预算是多少: the same item's outturn against that budget
        understood = (
            re.sub(
                r"(?:的)?(?:(?:年初|全年|调整后?)(?:预算数?)?|预算数?)$", "", _CHANGE_TAIL.sub("", subject)
            )
            + lead
        )
    elif not follow_up and not named and measure_only:
        # 年初预算是多少 right after …信息化建设实际花了多少: the same item, another measure
        understood = subject + rest.lstrip("的")
    elif _MEASURES_COMPARED.match(lead) and not named:
        # 决算比预算少了多少？为什么？ after …年初预算是多少: the same item, its two measures compared
        understood = _without_measure(subject) + lead
    elif not follow_up:
        if named:
            return question, None  # a complete question of its own
        counted = asked_unit(fold(previous))
        if (
            counted in ("人", "名")
            and asked_unit(folded) is None
            and _PEOPLE_GROUP.search(item)
            and not re.search(r"经费|费|资金|钱|元|支出|补助|工资", folded)
        ):
            # 实际在编在职的有多少 after …编制一共多少名: people counted, as the turn before counted them
            folded = re.sub(r"(多少|几)(?![个名人位])", rf"\1{counted}", folded, count=1)
        when = (
            "" if (_year_of(folded) or _RELATIVE.search(folded)) else (f"{prev_year}年" if prev_year else "")
        )
        text = _RELATIVE.sub(f"{year}年", folded, count=1) if year is not None else folded
        understood = f"{prev_who}{when}{text}"
    elif others and prev_who:  # 那XX局呢 / 和XX局比呢: the same subject for another department
        other = folded[others[0].span[0] : others[0].span[1]]
        if re.search(r"比|相比|对比|哪个", lead):
            understood = subject.replace(prev_who, f"{prev_who}和{other}", 1) + "哪个多？"
        else:
            understood = subject.replace(prev_who, other, 1) + "是多少？"
    elif lead.startswith("其中") and len(lead) > 2:  # 其中公车占多少 / 其中给中小企业预留了多少: a part of it
        part = next((w for w in SIDE_PARTS if lead[2:].startswith(w)), None)
        # only the part's own partner is swapped: 基本支出 → 那里面公用经费 is a part of the part, not its partner
        partner = _PARTNER.get(part or "")
        said = partner if partner and partner in subject else None
        if part and said:
            # 行政运行里基本支出多少 → 那其中项目支出呢: the other part of the same item, not a part of the part
            understood = subject.replace(said, part, 1) + lead[2 + len(part) :]
        else:
            understood = subject + "中" + lead[2:]
    elif (
        not named
        and (year_said := _YEAR.match(lead))
        and (it := _IT.match(lead[year_said.end() :].lstrip("的")))
        and year is not None
    ):
        # 那2022年这个项目是多少: the same item in the year named
        understood = _without_measure(subject) + lead[year_said.end() :].lstrip("的")[it.end() :]
    elif (it := _IT.match(lead)) and len(lead) > it.end():  # 这笔钱和上年比有变化吗: the subject itself
        # its 上年 is the base, not the asked year; 这一项的基本支出 after 这一项里项目支出有多少: the other part
        tail, about = lead[it.end() :], _subject(previous)
        if parse(folded).years and prev_year is not None:
            tail, about = _YEAR.sub("", tail, count=1), subject  # 这笔补贴2022年实际执行了多少: that year
        first = re.split(r"(?<=[？?。!！])", tail, maxsplit=1)[
            0
        ]  # 年初预算是多少？为什么没花完: its first clause
        if _MEASURE_ONLY.match(re.sub(r"^的|(?:是|为|有)?(?:多少钱?|几)?呢?[？?。!！]*$", "", first)):
            # 那这项的年初预算是多少 after …支出决算是多少: another measure of the same item, not of its 决算
            about = _without_measure(about)
        # 这笔补贴 after …公益性岗位补贴: the noun after 这笔 is the subject's own last word, not a new one
        echo = next((k for k in range(min(4, len(tail)), 1, -1) if about.endswith(tail[:k])), 0)
        understood = _other_part(about, tail[echo:])
    elif re.match(r"^(?:占|比|为什么|为啥|原因|怎么)", lead):  # 占总支出多少 / 为什么: about the same subject
        # 为啥涨这么多: the change asked about stays (a 主要用于 sentence is no reason for a rise)
        understood = subject + (
            re.sub(r"^为啥", "为什么", lead) if not lead.startswith("原因") else "为什么？"
        )
    elif (part := _bare_part(item)) and any(w in previous for w in SIDE_PARTS if w != part):
        # 那基本支出那块呢 after 行政运行里项目支出那部分是多少: the other part of the same item
        understood = _other_part(subject, part) + "是多少？"
    elif measure_only:  # 那2023年实际执行了多少: the same item, another measure (and year)
        understood = subject + rest.lstrip("的")
    elif (
        (gap := _OUTTURN_GAP.match(lead))
        and not named
        and (budget := _BUDGET_MEASURE.search(subject[len(_without_measure(subject)) :]))
    ):
        # 和决算差了多少 after …信息化建设年初预算是多少: the item's outturn against that budget
        understood = f"{_without_measure(subject)}决算和{budget.group(0)}{lead[gap.end() :]}"
    elif (gap := _MEASURE_GAP.match(lead)) and not named and _OUTTURN.search(subject):
        # 和预算差了多少 after …最后决算是多少: the subject's measure against the one named
        understood = _CHANGE_TAIL.sub("", subject) + "比" + lead[gap.end(1) :]
    elif _YEAR_ON_YEAR.match(lead) and not named:
        # 同比增长了百分之几 after …行政运行这一项安排了多少: the change of the same subject
        understood = _CHANGE_TAIL.sub("", subject) + lead
    elif _TOTAL_ONLY.match(item):
        # 那全年加起来是多少 after …每个季度计划用多少: the same subject, summed over what it was asked for each of
        understood = _EACH.sub("四个季度", _CHANGE_TAIL.sub("", subject)) + lead
    elif len(item) >= 2:  # 公务接待费呢: another item of the same department and year
        when = f"{year or prev_year}年" if (year or prev_year) else ""
        # 这些车里一般公务用车有几辆: a count stays a count (有几辆), not 是多少 (money)
        tail = rest[len(_ASKING.sub("", rest)) :] if asked_unit(rest) else ""
        counted = asked_unit(fold(previous))
        if not tail and counted in ("人", "名") and _PEOPLE_GROUP.fullmatch(item):
            # 离退休的呢 after 在编在职的有多少人: another group of the people counted, still counted
            item, tail = (
                re.sub(r"的$", "", item) + ("" if item.endswith("人员") else "人员"),
                f"有多少{counted}？",
            )
        understood = f"{prev_who}{when}{item}{tail or '是多少？'}"
    else:  # 那去年呢 / 2019年呢: the same question for another year
        if re.search(r"多少|几", folded) and not re.search(r"比|增|减|涨|降|变化|差", folded):
            # 那2018年的预算总额是多少 after …比上年增加了多少: the amount itself, not the change again
            subject = _CHANGE_TAIL.sub("", subject)
        understood = subject + "是多少？"
    understood = _EMPTY_BRACKETS.sub("", understood)
    if understood == question:
        return question, None
    return understood, compose.assumed(understood)


def _without_measure(subject: str) -> str:
    """The previous subject without the measure it asked and the change it stated (…信息化建设年初(预算是多少),
    …支出决算): the item, for another measure of it."""
    subject = _CHANGE_TAIL.sub("", subject)
    subject = re.sub(
        r"(?:这块|那块|这一块|那一块|这项|实际(?:支出|执行|花了?)|(?:执行|决算|预算)数|(?:年初|调整后?|全年)预算|"
        r"实际|年初|调整后?|全年|执行|决算)+$",
        "",
        subject,
    )
    return re.sub(r"的(?:钱|经费|资金)?$", "", subject)


def _budget_and_outturn(last: str, before: str) -> tuple[str, str] | None:
    """(the item, the budget measure) when the last two turns asked one item's budget (年初预算 / 调整预算) and its
    outturn (决算 / 实际, or no measure said: what was spent), in either order; else None."""
    subjects = (_subject(last), _subject(before))
    item = _without_measure(subjects[0])
    if not item or _without_measure(subjects[1]) != item:
        return None
    said = [_BUDGET_MEASURE.search(s[len(item) :]) for s in subjects]
    outturn = [
        bool(_OUTTURN.search(s[len(item) :])) or m is None for s, m in zip(subjects, said, strict=True)
    ]
    for budget, other in ((0, 1), (1, 0)):
        if said[budget] is not None and said[other] is None and outturn[other]:
            return item, said[budget].group(0)  # type: ignore[union-attr]
    return None


def _first_clause(text: str) -> str:
    """A turn's first clause: 增长了百分之几？原因呢？ -> 增长了百分之几."""
    return re.split(r"[，,？?。！!]", text)[0]


def _bare_part(item: str) -> str | None:
    """基本支出那块 / 项目支出部分: a part that splits an item side by side, named alone."""
    bare = re.sub(r"(?:那一?块|这一?块|那一?部分|这一?部分|部分|的钱)$", "", item)
    return bare if bare in SIDE_PARTS else None


def _other_part(subject: str, rest: str) -> str:
    """The subject, asked for the part `rest` names instead of the part it named (项目支出 → 基本支出)."""
    part = next((w for w in SIDE_PARTS if w in rest), None)
    # the part's own counterpart first (公用经费 for 人员经费 in 基本支出里的人员经费), else any other part named
    partner = _PARTNER.get(part or "")
    said = None
    if part:
        others = (w for w in SIDE_PARTS if w != part and w in subject)
        said = partner if partner and partner in subject else next(others, None)
    if said and part and rest == part:
        # 基本支出中，人员经费合计 → 那公用经费呢: the part named in the same place, the words around it kept
        return re.sub(rf"{said}(?:那一?部分|那一?块|部分)?", part, subject, count=1)
    if said:
        subject = re.sub(rf"(?:里|中|的)?{said}(?:那一?部分|那一?块|部分)?", "", subject, count=1)
    return subject + rest


# the two parts that split one whole side by side
_PARTNER = {"基本支出": "项目支出", "项目支出": "基本支出", "人员经费": "公用经费", "公用经费": "人员经费"}


def _name_in(question: str, match: object) -> str:
    span = getattr(match, "span", (0, 0))
    return fold(question)[span[0] : span[1]]
