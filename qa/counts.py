"""Count questions (几辆车, 编制多少名, 几个项目, 平均得分多少): a number with a counting unit, read from
the one sentence whose words match what the question counts.

A count is never answered with a money figure from a table (公务用车购置及运行维护费 is not a number of
cars): when no sentence states the count, the answer is `not_found`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from budgetqa.qa.evidence import Evidence
from budgetqa.qa.narrative import split
from budgetqa.qa.question import (
    ASK_UNIT,
    CHANGE_OF_HOLDING,
    CHANGE_OF_HOLDING_ASKED,
    CLAUSE_ASKS_OWN,
    MONEY_ASKED_AFTER,
    QUANTITY_ASKED,
    WHERE_REMARK,
)
from budgetqa.qa.text import bigrams, fold
from budgetqa.store import Chunk
from budgetqa.store.phrases import UNIT_FAMILY, UNIT_PAREN

# what a question may say before its counting phrase about the department itself (省人大常委会机关一共有多少编制,
# 内部一共设了几个处室): no words of what is counted, so no sentence has to repeat them
_SUBJECT_ONLY = re.compile(
    r"^(?:机关|内部|本级|整个|全部|总|全|下面|里面|里|内|设置?|内设|共设|单位|部门|"
    r"街道|乡镇|镇|办事处|办公厅|办公室|厅|局|委员会|委|院|署|他们|它|该|本|"
    r"预算|决算|包括|包含|下属|所属|纳入|涵盖)*$"
)
_STOP = re.compile(
    r"(?:部门)?(?:预算|决算)(?:公开)?的?(?:说法|说明|介绍)(?:里面|里|中|上)?|(?:部门)?(?:预算|决算)(?:公开)?时|(?:部门)?(?:预算|决算)?(?:公开|文件|文档|报告|材料)?(?<=[算开件档告料])(?:里|中|上)?(?:说|提到|写|显示|讲)的?|"
    r"(?:预算|决算)公开|(?:部门)?(?:概况|情况说明|文字部分|正文)(?:里面|里|中|上)?(?:写|说|提到|显示|讲|列)?的?|里说|中说|上说|(?:部门)?(?:预算|决算)(?:里面|里|中|上|(?=[,，□]))|^(?:看|按照?|根据)|的说法|"
    r"单位(?=一共|共有|共|现有|有|总共)|本单位|本部门|截至|截止|到|(?:19|20)\d{2}年?(?:度|底|末)?|\d{1,2}月(?:底|末|份)?|\d{1,2}日|年底|年末|目前|现在|实际|一共|总共|"
    r"(?:工作)?(?:计划|任务|目标|规划)(?:里面|里|中)|"  # 工作计划里要办几期: where it is said, not what
    r"这些|那些|这个|那个|这笔|那笔|那边|这边|那头|这头|"  # pointing words name nothing a sentence repeats
    r"说自己|自己|自身|本身|"  # 说自己有几辆车: the department speaking of itself, not what is counted
    r"管(?:着|了)?(?=$|几|多少)|"  # 管几辆车: the department's holding, as 有 says it
    r"(?:举办|举行|办|开)了?(?=$|几|多少)|"  # 专刊办几期 / 开几次: the doing said again before the count
    r"核定|核准|批复|批准|审定|"  # how a count was set (核定了多少编制), not what is counted
    r"名下|手上|手里|拥有|共(?=有|计)|(?<![\u4e00-\u9fff])共|有|是|了|的|吗|呢|请问|打算|准备|计划|要|还|再|又|多少|几|"
    r"[?？!！,，。、\s□()（）]"
)
# what people say for what a document prints: 买车 is 购置车辆
_SAYS = (
    (re.compile(r"新买|要买|买"), "购置"),
    (re.compile(r"(?:打|拿|评)了?(?=$)"), "得"),  # 平均打了(多少分): a score is printed 得分
    (re.compile(r"搞|弄"), ""),  # 搞几项检查: an everyday verb of doing, which the text words 开展 / 组织
)
_NUM = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(?:[(（][^)）]{0,4}[)）])?")
_CLAUSE = re.compile(r"[，,；;。：:、]")
MIN_FIT = 0.3


# （看2024年预算的说明） / (据决算公开): a remark on where to look, not words of what is counted


_GAP = "|"  # where _ask_split took words out: no character pair spans it


def _ask_split(text: str, gap: str = "") -> tuple[str, str]:
    """What the question says before and after its counting phrase: 计划举办 | 人大干部培训班. With a `gap`, the
    words taken out leave it in their place."""
    text = WHERE_REMARK.sub("", text)
    asked = list(ASK_UNIT.finditer(text))
    m = asked[-1] if asked else QUANTITY_ASKED.search(text)
    if not m:
        return _STOP.sub(gap, text).strip(gap), ""
    before, after = text[: m.start()], text[m.end() :]
    # 有哪些内设机构，一共几个处室: a clause before that asks something of its own is another part of the
    # question, not words of what is counted
    clauses = re.split(r"[，,；;？?]", before)
    named_after = _STOP.sub("", after).strip()  # the counted noun said after the count (几个处室)
    if named_after and len(clauses) > 1 and any(CLAUSE_ASKS_OWN.search(c) for c in clauses[:-1]):
        before = clauses[-1]
    for said, printed in _SAYS:
        before, after = said.sub(printed, before), said.sub(printed, after)
    return _STOP.sub(gap, before).strip(gap), _STOP.sub(gap, after).strip(gap)


def _names_next(asked: str, after: str) -> bool:
    """The words right after a count name the noun the question ends in (内设处室 … 20个处室)."""
    return any(after.startswith(asked[-k:]) for k in range(min(4, len(asked)), 1, -1))


def _fit(words: str, text: str) -> float:
    """How much of `words` the text repeats: character pairs first, single characters at a discount. Pairs
    are read within the runs `_GAP` separates (做了绩效目标的项目: 绩效目标 and 项目, not 标项)."""
    if not words.replace(_GAP, ""):
        return 1.0
    pairs = frozenset().union(*(bigrams(run) for run in words.split(_GAP) if run))
    words = words.replace(_GAP, "")
    pair_fit = len(pairs & bigrams(text)) / len(pairs) if len(words) > 1 and pairs else 0.0
    chars = set(words)
    char_fit = sum(1 for c in chars if c in text) / len(chars)
    return max(pair_fit, 0.6 * char_fit)


def _said_by_section(words: str, section: str | None) -> bool:
    """The section (a form's title and project) prints the question's words before its count, all but a few
    characters (runs of two or more taken out)."""
    if not section or len(words) < 4:
        return False
    printed = fold(section)
    left, i = 0, 0
    while i < len(words):
        j = i + 2
        while j <= len(words) and words[i:j] in printed:
            j += 1
        if j - 1 - i >= 2:
            i = j - 1
        else:
            left += 1
            i += 1
    return left <= 4 and left < len(words) // 2


def _unsaid_by_section(runs: str, section: str | None) -> str:
    """The question's words less each run of five or more characters the section prints (a project's
    name), each taken out leaving a gap; the words unchanged when that would leave nothing."""
    if not section:
        return runs
    printed = fold(section)
    out, i = [], 0
    while i < len(runs):
        j = i
        while j < len(runs) and runs[i : j + 1] in printed and runs[j] != _GAP:
            j += 1
        if j - i >= 5:
            out.append(_GAP)
            i = j
        else:
            out.append(runs[i])
            i += 1
    left = "".join(out)
    return left if left.replace(_GAP, "") else runs


# money, scores and target rates: the item words are checked by the fit alone
_NOUNLESS = frozenset({"万元", "分", "%"})
# what a document may print for the noun a question counts
_NOUN_SAYS: tuple[tuple[str, ...], ...] = (
    ("车", "公车", "公务用车", "车辆", "用车"),
    ("处室", "内设机构", "处"),
    ("人员", "人数", "编制", "职工", "干部"),
    ("设备", "台套", "资产"),
)


def count_query(question: str) -> str:
    """Search words for a count: what is counted (and the words documents print for it), without the
    department's name and the asking words, which match every passage equally."""
    before, after = _ask_split(question)
    counted = after or before
    words = [before, after]
    for group in _NOUN_SAYS:
        if any(word in counted for word in group):
            words += group
    return " ".join(w for w in words if w) or question


def names_noun(noun: str, text: str) -> bool:
    """The counted noun (or a listed synonym) is written next to the number: a shared character pair,
    a single-character noun itself."""
    if not noun:
        return True
    if len(noun) == 1:
        return noun in text
    if bigrams(noun) & bigrams(text):
        return True
    for group in _NOUN_SAYS:
        if any(word in noun for word in group):
            return any(word in text for word in group)
    return False


# what may follow a number and its unit without being the thing it counts
_AFTER_COUNT = re.compile(r"^(?:[的和及与、等其以左次（(，,。；;：:]|以上|左右|共|合计|分别|其中)")


def _counts_another(rest: str, counted: str, words: str = "") -> bool:
    """The number is written before a noun of its own (1个预算单位) that is not the one the question counts
    (`counted`; `words`: all the question says of it when the noun is written before the count)."""
    head = rest[:4]
    if not head or not re.match(r"[\u4e00-\u9fff]", head) or _AFTER_COUNT.match(rest):
        return False
    if words:
        return not (bigrams(words) & bigrams(head) or head[0] in counted)
    for noun in _GENERIC_NOUNS:
        # 5家预算单位 when 事业单位 are counted: one head noun, another kind before it (not 参公事业单位, which
        # holds the kind counted: a narrower kind, weighed by _narrower_kind)
        if head.endswith(noun) and counted[:4].endswith(noun) and counted[:2] not in head:
            return head[:2] != counted[:2]
    return not (bigrams(counted[:4]) & bigrams(head) or head[0] in counted[:2])


# nouns many kinds share (预算单位 / 事业单位 / 行政单位): the words before them say which kind
_GENERIC_NOUNS = ("单位", "项目", "机构", "人员")


def _narrower_kind(rest: str, counted: str) -> bool:
    """The number is written before a narrower kind of the counted noun (1家参公事业单位 when 事业单位 are counted):
    a qualifier stands between the unit and the noun."""
    for k in (4, 3, 2):
        noun = counted[-k:]
        if len(noun) < k:
            continue
        at = rest.find(noun, 0, 4 + k)
        if at >= 0:
            qualifier = rest[:at]
            # 11期人大干部培训班 when 人大干部培训班 are counted: the qualifier is the question's own
            return (
                at > 0
                and re.fullmatch(r"[\u4e00-\u9fff]+", qualifier) is not None
                and not counted.endswith(qualifier + noun)
            )
    return False


# money words a question and a sentence use for one another (预算资金 / 预算金额 / 项目经费)
_MONEY_SAME = re.compile(r"资金|经费|金额|费用")


# 建筑面积 / 用地面积 / 绿化面积: the kind of area a question or a clause names (not 多大面积, which asks)
_AREA_KIND = re.compile(r"([\u4e00-\u9fff]{2})面积")
_NOT_AREA_KIND = re.compile(r"[多少大几有的是总共个]")


def _area_kind(text: str) -> str | None:
    """The kind of area the text names last (建筑 of 规划建筑面积约为), or None."""
    kinds = [k for k in _AREA_KIND.findall(text) if not _NOT_AREA_KIND.search(k)]
    return kinds[-1] if kinds else None


# a sentence about what the one before it names (本工程… / 该项目…)
_ANAPHOR = re.compile(r"(?:本|该|此)(?:工程|项目|中心|单位|活动)")

# a clause going on about the one before it (涉及…, 共计…, 其中…)
_CONTINUES = re.compile(r"\s*(?:涉及|共计|合计|共|其中|包括|金额)")


def find_count(
    passages: Sequence[tuple[Chunk, float, tuple[str, ...]]],
    question: str,
    unit: str,
    excluded: Sequence[str] = (),
) -> Evidence | None:
    """The best-fitting `number + unit` in the passages, or None when nothing fits well enough; never one whose
    clause names what the question leaves out (`excluded`: 预备 of 不算预备项目)."""
    left_out = [k for k in (re.sub(r"(?:项目|单位|部分|经费|的)+$", "", x) for x in excluded) if len(k) >= 2]
    before_runs, after_runs = _ask_split(question, _GAP)
    before_q, after_q = before_runs.replace(_GAP, ""), after_runs.replace(_GAP, "")
    if unit == "万元":  # 涉及多少钱: the money words after 多少 name the unit asked, not what is counted
        after_q = _MONEY_SAME.sub("金额", re.sub(MONEY_ASKED_AFTER, "", after_q))
        before_q = _MONEY_SAME.sub("金额", before_q)
        after_runs = _MONEY_SAME.sub("金额", re.sub(MONEY_ASKED_AFTER, "", after_runs))
        before_runs = _MONEY_SAME.sub("金额", before_runs)
    counted = after_q or before_q
    units = UNIT_FAMILY.get(unit, (unit,))
    held = not CHANGE_OF_HOLDING_ASKED.search(fold(question))
    area_asked = _area_kind(fold(question)) if unit == "平方米" else None
    best: Evidence | None = None
    seen: set[str] = set()
    for rank, (chunk, _score, _sents) in enumerate(passages):
        if chunk.chunk_id in seen:
            continue
        seen.add(chunk.chunk_id)
        # 公共服务设施运行经费项目开展多少场活动, read on that project's form: the words its section prints say
        # where the count is, and what is left (开展) is all that must fit the count's own clause
        where_only = bool(after_q) and _said_by_section(before_q, chunk.section)
        # 某项目，整治行动和病媒消杀要搞几次, read on that project's form: the words its section prints (the
        # project's name) say where the count is; the rest must fit the count's own clause
        own_before = _unsaid_by_section(before_runs, chunk.section) if not after_q else before_runs
        prev, prev_said = "", ""
        for sentence in split(chunk.text):
            s = fold(sentence)
            # 本工程规划建筑面积约为…: the sentence before names what 本工程 is, and is quoted with it
            anaphor = bool(_ANAPHOR.match(s))
            lead, quoted = (prev, prev_said + sentence) if anaphor else ("", sentence)
            prev, prev_said = s, sentence
            if unit == "万元":  # 预算资金 asked, 预算金额 printed: one money word for another
                s = _MONEY_SAME.sub("金额", s)
            for m in _NUM.finditer(s):
                tail = next((u for u in units if s.startswith(u, m.end())), None)
                bracketed = re.search(r"[(（]([^()（）]+)[)）]$", m.group(0))
                if tail is None and bracketed and bracketed.group(1) in units:
                    tail = ""  # ≥80.00(%) / >150.00(家): a form prints the unit in brackets after the figure
                if tail is None:
                    continue
                paren = UNIT_PAREN.match(s, m.end() + len(tail))
                # 2台（套）: the answer prints the unit in full; `unit` stays the counting word
                printed = f"{tail}（{paren.group(0)[1:-1]}）" if paren else tail
                ends = [x.end() for x in _CLAUSE.finditer(s, 0, m.start())]
                start = ends[-1] if ends else 0
                part_of = ""
                if ends and (goes_on := _CONTINUES.match(s, start)):
                    # …的项目11个，涉及项目预算资金6626万元: the clause before names what it is for
                    start = ends[-2] if len(ends) > 1 else 0
                    if goes_on.group(0).strip() == "其中":
                        part_of = re.sub(
                            r"(?:约为|为|是|约|达到?|共计?|有|合计)+$", "", s[goes_on.end() : m.start()]
                        )
                clause_before = s[start : m.start()]
                if any(k in clause_before for k in left_out):
                    continue  # 预备制定和修改13件法规, asked 几件法规（不算预备项目）
                rest = s[m.end() + len(tail) + (len(paren.group(0)) if paren else 0) :]
                stop = _CLAUSE.search(rest)
                clause_after = rest[: stop.start()] if stop else rest
                fit_before = 0.7 * _fit(own_before, clause_before) + 0.3 * _fit(
                    own_before, lead + s[: m.start()]
                )
                fit_after = _fit(after_runs, clause_after + clause_before) if after_q else 1.0
                if before_q and not after_q and _names_next(before_q, clause_after):
                    # …机关文印中心等20个处室: the noun counted follows the number, what the question says of
                    # it (内设) may stand anywhere in the sentence
                    fit_before = max(fit_before, _fit(own_before, lead + s))
                subject_only = bool(after_q) and (bool(_SUBJECT_ONLY.match(before_q)) or where_only)
                if (
                    subject_only
                ):  # 这个部门下面有几家事业单位: the department's own words tell no sentence apart
                    fit_before = 1.0
                if before_q and fit_before < MIN_FIT and not subject_only or after_q and fit_after < MIN_FIT:
                    continue
                if not before_q and not after_q:
                    continue
                if unit not in _NOUNLESS and not names_noun(counted, clause_before + clause_after):
                    continue  # 多少名党员 is not answered by a sentence counting 人员 or 编制
                if not after_q and before_q and _counts_another(rest, before_q[-4:], before_q):
                    continue  # 事业单位有几家 is not answered by 1家机关
                if after_q and _counts_another(rest, after_q):
                    continue  # 1个预算单位开展了…项目…: the number counts 预算单位, not the 项目 asked
                if area_asked and (said := _area_kind(clause_before)) and said != area_asked:
                    continue  # 建筑面积 asked is not the 用地面积 of the same sentence
                if held and unit not in _NOUNLESS and CHANGE_OF_HOLDING.search(s[: m.start()]):
                    continue  # 一共有多少辆车 is not 安排购置车辆1辆, nor the 其中…2辆 of that purchase
                score = fit_before + fit_after - 0.05 * rank
                if any(ch not in question for ch in re.findall(r"[\u4e00-\u9fff]", part_of)):
                    score -= 0.3  # …9800平方米，其中地上…6000平方米: the part says what the question does not
                if _narrower_kind(rest, counted):
                    score -= (
                        0.5  # 1家参公事业单位 counts the 事业单位 asked only when no sentence counts them all
                    )
                try:
                    value = Decimal(m.group(1).replace(",", ""))
                except InvalidOperation:
                    continue
                if best is None or score > best.score:
                    best = Evidence(
                        value,
                        tail or unit,
                        sentence=quoted,
                        passage=chunk,
                        score=score,
                        printed=printed or unit,
                    )
    return best


__all__ = ["UNIT_FAMILY", "count_query", "find_count", "names_noun"]
