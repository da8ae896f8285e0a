"""Coverage: does what an answer cites account for every content word of the question?

An answer may state a figure only when the cited cells' labels (row path, column, table title) or the quoted
sentence, plus the department, the year and the words that ask (多少, 比上年, 占比 ...), account for what the
question names. A question about "某专项里的差旅费" answered with the department's whole 差旅费 row leaves 某专项
uncovered: that figure is a near miss, a wrong number stated with a confident citation.

Coverage is measured on characters, not words (Chinese has no spaces, and a paraphrase keeps most characters of
the printed label: 公车 for 公务用车); what is left uncovered is reported as runs of consecutive characters, and
the longest run is the question's uncovered score.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from budgetqa.qa.compose import ASSUMED
from budgetqa.qa.question import ASKED_NOUN, ASKING_WORDS
from budgetqa.qa.text import fold, without_echo_glosses

# Words that ask, chat, point or frame, and name no budget item: removed before coverage is measured.
# Each is a function word of everyday Chinese or of the genre's fixed frame, never a sample's item name.
_FRAME = re.compile(
    "|".join(
        sorted(
            (
                # asking and chatter
                "请问 请教 想问 查查 查询 查 帮 想了解 了解一下 了解下 我想 我们 想知道 知道 麻烦 帮我 帮忙 查一下 查下 看一下 看看 告诉我 "
                "能否 可以 是否 是不是 有没有 有无 多少钱 多少 几多 几个 几项 几 哪个 哪些 哪一 哪项 哪 什么 啥 怎么样 怎样 "
                "如何 为什么 为何 为啥 原因 主要 大概 大约 约 左右 具体 到底 究竟 一下 吗 呢 吧 啊 呀 嘛 "
                # framing of a budget question
                "预算 决算 部门 单位 本级 年度 全年 今年 去年 明年 上年 本年 当年 上一年 前一年 安排 列支 支出 经费 资金 费用 "
                "钱 金额 数额 数字 数 总额 总数 合计 总计 一共 总共 共计 共 合起来 加起来 加一起 加在一起 总的 全部 所有 整个 "
                "万元 亿元 元 万 块 花了 花 用了 用 给了 给 拿出 拿 准备 计划 打算 预计 拨了 拨 投入 投了 "
                # comparison and computation
                "比上年 比去年 同比 相比 对比 比较 比 较 与 和 跟 同 及 以及 还是 或 增加 增长 增幅 减少 下降 降低 降幅 上涨 涨 增 减 降 加 "
                "多了 少了 多 少 高 低 变化 变动 差额 差 占比 比重 比例 百分之 百分比 占 几成 成 倍 最多 最少 最高 最低 最大 最小 "
                "排名 前 名 位 第 "
                # pointing and structure words
                "这个 那个 这些 那些 这笔 那笔 一笔 多出 这项 那项 这里面 这里 那里 其中 里面 里头 当中 之中 里 中 内 上 下 下面 方面 部分 "
                "一块 那块 这块 块 项 类 款 目 方面 的 了 是 为 在 有 都 也 又 就 还 则 即 按 据 根据 按照 关于 对于 对 从 到 "
                "被 把 让 由 向 于 来自 以 之 其 该 此 本 各 每 这一 那一 这么 那么 这样 那样 它们 它 他们 "
                # verbs and words of how a figure is got or paid, naming no item
                "发 交 付 要 光 排 替 填 栏 应该 应 倒推 推算 推 算 估算 说明 文件 文档 材料 口径 显示 写 列 "
                "我 你 您 感觉 挺 很 非常 特别 一下子 一下 实际 怎么回事 回事 快 近 将近 接近 超过 不到 来看 最细 层级 一级 "
                # a bound asked of a target (控制在多少以内 / 不低于多少): which side of it, naming no item
                "以内 之内 以下 以上 不超过 不低于 不高于 控制在 上限 下限 "
                # how it came about: 怎么突然有了 / 居然冒出来
                "怎么 突然 忽然 竟然 居然 冒出来 冒出 "
                # the department's own staff, whom every personnel row is for (工作人员的津贴补贴, 给职工交的公积金)
                "工作人员 干部职工 在职职工 职工 干部 员工 "
                # X工作 / X方面 is X (立法工作, 监督工作的钱): a generic head naming nothing more
                "工作 "
            ).split(),
            key=len,
            reverse=True,
        )
    )
)
_KEEP = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
_RESTATED = re.compile(r"[（(]" + re.escape(ASSUMED) + r"[^)）]*[)）]")


@lru_cache(maxsize=8)
def _longest_first(names: frozenset[str]) -> tuple[str, ...]:
    """Folded names, longest first: every stored department's, folded once per set (not per question)."""
    return tuple(sorted({fold(n) for n in names if n}, key=len, reverse=True))


def content_runs(question: str, names: Iterable[str] = ()) -> list[str]:
    """The question's runs of content characters: without department names, years, figures and frame words."""
    text = fold(question)
    text = re.sub(r"^[^?？。!！]{0,12}[:：]", "", text)  # 赶稿急问：… a preface before the question itself
    for name in _longest_first(names if isinstance(names, frozenset) else frozenset(names)):
        if name in text:
            text = text.replace(name, " ")
    text = re.sub(
        r"(?:19|20)?\d{2}年|[\d.,%]+|[〇零一二三四五六七八九十两百千万]{2,}(?:年|多|成|倍|名|个|项)?"
        r"|[〇零一二三四五六七八九十两](?:年|多|成|倍|名|个|项|万|千|百)"  # not the 三 of 三公
        r"|第[〇零一二三四五六七八九十两\d]+(?:大|多|少|高|低|小)?",  # 第二大: the place a ranking asks
        " ",
        text,
    )
    text = _FRAME.sub(" ", text)
    return _KEEP.findall(text)


def uncovered_runs(question: str, cited: Sequence[str], names: Iterable[str] = ()) -> list[str]:
    """Runs of the question's content characters that no cited text prints (longest first).

    A clause of which the citations print (almost) nothing, beside one they do print, is chatter around the
    question (我是区里的退休职工，…帮我查查XX的三公经费), not a part of what it asks."""
    said = "".join(fold(_RESTATED.sub("", c)) for c in cited if c)
    said += "|" + "".join(_KEEP.findall(said))  # 维修(护)费 prints the pair 护费 too
    names = frozenset(names)
    by_clause: list[tuple[int, bool, list[str]]] = []
    for clause in _CLAUSE.split(without_echo_glosses(fold(_one_side_of_glosses(question, said)))):
        runs: list[str] = []
        covered = 0
        for run in content_runs(clause, names):
            flags = [_covered_char(run, i, said) for i in range(len(run))]
            covered += sum(flags)
            if run.endswith(_ITEM_TAIL) and not flags[-1] and flags[:-1].count(False) >= 2:
                # 综合管理费 answered by 一般行政管理事务: an item name whose own 费 and two more characters are
                # unprinted is another item, however short each unprinted piece
                runs.append(run)
                continue
            current = ""
            for i, ch in enumerate(run):
                if not flags[i]:
                    current += ch
                    continue
                if current:
                    # 租房补贴 answered by 津贴补贴: only the generic item word (补贴, 费) at the run's end is printed;
                    # the words naming which one are not, so the run is the whole unprinted item name
                    tail = run[i:]
                    runs.append(current + tail if tail in _ITEM_TAIL and all(flags[i:]) else current)
                current = ""
            if current:
                runs.append(current)
        by_clause.append((covered, bool(ASKING_WORDS.search(clause)), runs))
    asked = any(covered >= 2 for covered, _, _ in by_clause)
    # the clause that asks (给中小企业留了多少) is never chatter, however little of it the citations print
    kept = [r for covered, asks, runs in by_clause if covered >= 2 or asks or not asked for r in runs]
    return sorted(kept, key=len, reverse=True)


_CLAUSE = re.compile(r"[，,。；;？?！!]")
# 处理人民来信来访（信访工作） / 用于机关日常运转的“行政运行”: a thing said twice, in everyday words and as printed
_GLOSS = re.compile(
    r"([\u4e00-\u9fff、]{2,16})[（(]([\u4e00-\u9fff]{2,12})[）)]"
    # 用于机关日常运转的“行政运行”: words describing a quoted name before it
    r"|(?:用于|用来|负责)?([\u4e00-\u9fff]{2,12})的[“\"]([^”\"]{2,24})[”\"]"
)


def _one_side_of_glosses(question: str, said: str) -> str:
    """The question without the everyday words before a bracketed name the cited text prints (most of its
    character pairs): they ask nothing more than that name."""

    def printed(words: str) -> bool:
        words = fold(words)
        pairs = {words[i : i + 2] for i in range(len(words) - 1)}
        return bool(pairs) and sum(p in said for p in pairs) * 2 >= len(pairs)

    def one_side(m: re.Match[str]) -> str:
        outer, inner = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        # only the printed name in brackets stands for the words before it; words in brackets after a printed
        # name narrow it (离退休人员（未归口管理的那块）) and stay to be accounted for
        return inner if printed(inner) and not printed(outer) else m.group(0)

    return _GLOSS.sub(one_side, question)


def _covered_char(run: str, i: int, said: str) -> bool:
    """Whether the run's i-th character is accounted for by the cited text. In a run of three or more
    characters a character counts only when the cited text prints it beside one of its neighbours in the run
    (预留 is not covered by the 预 of 预算, nor 小企业 by scattered 小, 企 and 业); a paraphrase keeps its pairs
    (公车运行 of 公务用车运行维护费 keeps 运行), and a one- or two-character run keeps the character test."""
    ch = run[i]
    if ch not in said:
        return False
    if len(run) < 3:
        return True
    return (i > 0 and run[i - 1 : i + 1] in said) or (i + 1 < len(run) and run[i : i + 2] in said)


def uncovered_score(question: str, cited: Sequence[str], names: Iterable[str] = ()) -> int:
    """The length of the longest uncovered run (0 when the citations account for the whole question)."""
    runs = uncovered_runs(question, cited, names)
    return len(runs[0]) if runs else 0


_ITEM_TAIL = ("费", "金", "支出", "补贴", "补助")


# 取暖的钱 / 开会的费用: an item said as what the money is for
_MONEY_FOR = re.compile(r"([\u4e00-\u9fff]{2,4})的(?:钱|费用|经费|资金|开支|花销)")


def money_for_unsaid(question: str, runs: Sequence[str], cited: Sequence[str]) -> str | None:
    """The words of an item said as what money is for (取暖的钱), when they are an uncovered run of their own and the
    citations print none of their characters: the cited figure is another item's (机关运行经费 for 机关运行经费中取暖的钱),
    however short the words. 买公车的钱 is said of 公务用车购置费, which prints 公 and 车."""
    said = "".join(fold(c) for c in cited if c)
    for m in _MONEY_FOR.finditer(fold(question)):
        words = m.group(1)
        for k in range(len(words) - 1):
            if words[k:] in runs and not any(ch in said for ch in words[k:]):
                return words[k:]
    return None


def refuses(runs: Sequence[str], longest: int | None = None) -> bool:
    """Whether uncovered runs make a figure no answer: one longer than `longest` (MAX_UNCOVERED), or an uncovered
    item name (a run ending as budget items end: …费, …金, …支出, …补贴), which no paraphrase of the cited row is."""
    limit = MAX_UNCOVERED if longest is None else longest
    return any(len(r) > limit or (len(r) >= 2 and r.endswith(_ITEM_TAIL)) for r in runs)


def asked_unsaid(question: str, cited: Sequence[str]) -> str | None:
    """The noun the question asks a figure of (多少排量), when the citations print it nowhere, not even each of
    its characters: a figure of something else, however few the words left unsaid. Frame words (多少资金) name no
    noun of their own."""
    said = "".join(fold(c) for c in cited if c)
    text = fold(question)
    for m in ASKED_NOUN.finditer(text):
        noun = m.group(1)
        frame = _FRAME.match(text, m.start(1))
        if frame and len(frame.group(0)) >= 2:
            continue  # 多少百分比: a frame word starts there
        if noun not in said and not all(ch in said for ch in noun):
            return noun
    return None


def part_unsaid(question: str, runs: Sequence[str], cited: Sequence[str]) -> bool:
    """Whether the part a question asks with 其中 (…项目支出增加了，其中内网改造的专项经费是多少) is left unsaid: a
    run of two or more uncovered characters after 其中, one of which the citations never print, names something
    narrower than what they print (小微 of 小型和微型企业 is an abbreviation of what they print, not that)."""
    text = fold(question)
    at = text.find("其中")
    said = "".join(fold(c) for c in cited)
    return at >= 0 and any(
        len(r) >= 2 and r in text[at + 2 :] and any(ch not in said for ch in r) for r in runs
    )


# Uncovered runs longer than this make a figure no answer. Chosen on the read blind sets (dev): the trade-off of
# right answers against wrong numbers for each threshold is printed by bench/coverage_curve.py.
MAX_UNCOVERED = 3

__all__ = [
    "MAX_UNCOVERED",
    "asked_unsaid",
    "content_runs",
    "money_for_unsaid",
    "part_unsaid",
    "refuses",
    "uncovered_runs",
    "uncovered_score",
]
