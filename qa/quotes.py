"""Quoted answers: what a passage says (职责, 名词解释, 包括哪些), and why (主要原因是…).

The sentences come from `budgetqa.qa.narrative`; this module decides which to quote first (the stated
reason, the definition), completes a list a lead-in introduces, and cites the page each sentence is on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache

from budgetqa.qa import compose, stated, units
from budgetqa.qa.answer import Answer, cite_chunk
from budgetqa.qa.context import Context
from budgetqa.qa.matching import lexicon_mentions, residue
from budgetqa.qa.narrative import (
    NarrativeSearch,
    Quote,
    best_quotes,
    clean_sentence,
    overlaps,
    split,
    with_change_before,
)
from budgetqa.qa.question import (
    AMOUNT_WORD,
    ASKING_NOISE,
    BASIS_ASKED,
    COUNTED_IN,
    COUNTED_IN_ASKED,
    DEFINITION_ASKED,
    LIST_AND_COUNT_ASKED,
    LIST_ASKED,
    NOT_A_HEADINGS_BODY,
    OTHERS_LISTED_ASKED,
    REASON_ASKING,
    UNITS_ASKED,
    USE_ASKED,
    WHERE_TO_LOOK,
    Op,
    listed_head,
)
from budgetqa.qa.scope import org_phrases
from budgetqa.qa.text import coverage, fold
from budgetqa.store import Chunk, Document


def narrative_query(ctx: Context) -> str:
    """The question without its asking words: they match every passage equally."""
    said = ASKING_NOISE.sub(" ", WHERE_TO_LOOK.sub("", ctx.intent.text)).strip() or ctx.question
    return _BUYING.sub("购置", said)  # 买的车: documents print 购置车辆, never 买


_BUYING = re.compile(r"(?<![购采])买(?:了|的)?(?=[\u4e00-\u9fff])")


_TOPIC_NOISE = re.compile(
    r"(?:19|20)\d{2}年?度?|今年|去年|上年|本年|前年|与上年相比|比上年|较上年|同比|相比|比|较|变化|变动|增加|减少|"
    r"增长|下降|多少|百分之几|几成|增幅|降幅|增长率|为什么|为何|原因|是|了|的|吗|呢|有|[?？!！,，。、\s□]"
)


def topic(text: str) -> str:
    """What a question without a known item is about: 部门预算收入比上年变化多少 → 部门预算收入."""
    return _TOPIC_NOISE.sub("", text)


_LIST_START = re.compile(r"^(?:\d+[.、．]|[（(][一二三四五六七八九十\d]+[)）])")


def _list_tail(chunk_text: str, sentence: str, *, lead_in: bool, more: str = "") -> str:
    """The list a lead-in introduces (…包括： / 主要职责是：), up to the next heading; `more` is the text
    of the next chunk, where a list cut at a chunk boundary continues. Without a lead-in (the quote
    ending in “：” or being a list entry, or the sentence after it ending in “：”) nothing is added."""
    at = chunk_text.find(sentence)
    if at < 0:
        return ""
    following = [*split(chunk_text[at + len(sentence) :]), *split(more)]
    if not (lead_in or (following and clean_sentence(following[0]).endswith((":", "：")))):
        return ""
    tail = ""
    for nxt in following:
        shown = clean_sentence(nxt)
        after_colon = (tail or clean_sentence(sentence)).endswith((":", "："))
        heading = len(shown) < 12 and not re.search(r"[\d，。；,;：:]", shown) and not after_colon
        if len(tail) + len(shown) > 1200 or heading:
            break  # long enough, or a heading: the next topic starts
        tail += shown
    return tail


_HEADING = re.compile(r"^[一二三四五六七八九十]+、\s*(\S{2,14})$")
_TITLE = re.compile(r"(\S{4,40}?)(?:项目)?(?:经费)?情况说明$")


def names_a_heading(ctx: Context, narrative: NarrativeSearch) -> bool:
    """Whether the question names a heading the asked documents' text prints, under one section it names."""
    if NOT_A_HEADINGS_BODY.search(ctx.intent.text):
        return False
    return _under_heading(ctx, narrative, [d.doc_id for d in ctx.docs]) is not None


def _under_heading(
    ctx: Context, narrative: NarrativeSearch, doc_ids: Sequence[str]
) -> tuple[Chunk, str] | None:
    """A question naming a heading the text prints (立项依据, 实施主体, 实施周期): what the text says under it, in
    the section the question's other words name (a project's 项目经费情况说明 titled by its name); None when
    no heading is named or several sections fit alike."""
    asked = fold(ctx.intent.text)
    chunks = tuple(narrative.chunks(doc_ids))
    found = [
        (coverage(fold(title), asked) if title else 0.0, chunk, said)
        for title, words, chunk, said in _headed_sections(chunks)
        # 立项依据 asked as 依据什么立项: both its words
        if words in asked or (len(words) == 4 and words[:2] in asked and words[2:] in asked)
    ]
    if not found:
        return None
    found.sort(key=lambda f: -f[0])
    if len(found) > 1 and found[1][0] > found[0][0] - 0.2:
        return None  # several sections print that heading and the question tells none apart
    return found[0][1], found[0][2]


@lru_cache(maxsize=64)
def _headed_sections(chunks: tuple[Chunk, ...]) -> tuple[tuple[str, str, Chunk, str], ...]:
    """(section title, heading words, chunk, what to quote) for each heading of four or more characters with text
    under it, in the chunks' order; read once per set of documents, not per question."""
    out = []
    title, doc_id = "", None
    for chunk in chunks:
        if chunk.doc_id != doc_id:
            title, doc_id = "", chunk.doc_id  # a title names sections of its own document only
        lines = [x.strip() for x in chunk.text.split("\n") if x.strip()]
        for i, line in enumerate(lines):
            named = _TITLE.fullmatch(line)
            if named and not _HEADING.match(line):
                title = named.group(1)
            heading = _HEADING.match(line)
            words = fold(heading.group(1)) if heading else ""
            if len(words) < 4:
                continue
            body = []
            for nxt in lines[i + 1 :]:
                if _HEADING.match(nxt):
                    break
                body.append(nxt)
            if body:
                whose = f"{title}：" if title else ""  # the section's title says whose heading it is
                out.append((title, words, chunk, f"{whose}{line}：{''.join(body)}"))
    return tuple(out)


ORGANISATION = re.compile(r"机构设置|单位构成|机构情况|组织机构")


def _without_unprinted_names(ctx: Context, narrative: NarrativeSearch, doc_ids: Sequence[str]) -> str:
    """The question without the asker's words for the department that its documents never print (普陀区政府办 for
    上海市普陀区人民政府办公室): their scattered pairs (区政, 政府) pick sentences that name the department, not
    those about what is asked. A name the text prints may be part of the answer (预算单位包括：某某厅（本级）…)."""
    text = fold(ctx.question)
    if not ctx.masked or len(ctx.masked) != len(text):
        return ctx.intent.text
    printed = narrative.printed(doc_ids)
    for m in re.finditer(r"□+", ctx.masked):
        said = text[m.start() : m.end()]
        if said not in printed:
            text = text.replace(said, "")
    return text


# what is asked, and the words of the sentence that answers it: what it is for (主要用于), what it was set by
_CUES = (
    (USE_ASKED, re.compile(r"用于|用在|用途")),
    (COUNTED_IN_ASKED, re.compile(r"不含|不包括|不包含|未纳入|不纳入|并入|单列")),
    (
        re.compile(BASIS_ASKED),
        re.compile(r"根据|按照|依据|依照|核定|据实|标准"),
    ),
)


def answer_cue(question: str) -> re.Pattern[str] | None:
    """The words a sentence answering the question says: 用于 for 干嘛用的, 根据/核定 for 按什么核定的."""
    return next((cue for asks, cue in _CUES if asks.search(question)), None)


def narrative_answer(ctx: Context, base: Answer, narrative: NarrativeSearch) -> Answer:
    doc_ids = [d.doc_id for d in ctx.docs]
    # 汇总预算里为啥没有X宾馆: the sentence saying it is not counted in (不含X（自收自支）) is the answer, not a
    # stated reason for a change
    why = ctx.intent.why and not COUNTED_IN.search(ctx.intent.text)
    head = listed_head(ctx.intent.text)  # 下属单位有哪些: the passages that name 下属单位 first
    head = head if head and len(head) >= 3 else None  # 单位 / 项目 alone name every passage
    passages = narrative.passages(f"{narrative_query(ctx)} {head or ''}".strip(), doc_ids, k=5)
    focus = [it.text for it in ctx.items] or [residue(_without_unprinted_names(ctx, narrative, doc_ids))]
    if head:
        named = [p for p in passages if head in fold(p[0].text)]
        passages = named + [p for p in passages if p not in named]
        focus = [head, *focus]
    if UNITS_ASKED.search(ctx.intent.text):
        # 下属有哪些单位 / 内设几个处室: the part every budget gives its organisation (机构设置, 预算单位构成) first
        organised = [(c, 0.0, ()) for c in narrative.chunks(doc_ids) if ORGANISATION.search(c.section or "")]
        seen = {p[0].chunk_id for p in organised}
        passages = organised + [p for p in passages if p[0].chunk_id not in seen]
    seen = {p[0].chunk_id for p in passages}
    asked = ctx.masked or ctx.intent.text
    said = [
        asked[a:b] for a, b in (it.span for it in ctx.items) if 0 <= a < b
    ]  # 人员支出 as asked (人员经费)
    named_items = [fold(x) for x in dict.fromkeys([*(it.text for it in ctx.items), *said]) if len(x) >= 4]
    # 示范宾馆算在…里吗: an organisation the question names (not the department asked) is what to find said
    named_orgs = [p for p, _ in org_phrases(asked) if len(p) >= 3]
    focus = [*focus, *(x for x in (*said, *named_orgs) if x not in focus)]
    passages += [p for p in narrative.naming(doc_ids, named_items) if p[0].chunk_id not in seen][:4]
    cue = answer_cue(ctx.intent.text)
    quotes = best_quotes(passages, focus=focus, want_reason=why, limit=2, cue=cue)
    # whether it is counted in, and nothing listed asked beside it: the sentence saying so, alone
    only_whether = COUNTED_IN.search(ctx.intent.text) and not OTHERS_LISTED_ASKED.search(ctx.intent.text)
    if cue is not None and only_whether and any(cue.search(q.sentence) for q in quotes):
        quotes = [q for q in quotes if cue.search(q.sentence)]
    headed = None if NOT_A_HEADINGS_BODY.search(ctx.intent.text) else _under_heading(ctx, narrative, doc_ids)
    if not quotes and headed is None:
        return replace(base, answer=compose.refusal("text_silent"), kind="narrative")
    docs = {d.doc_id: d for d in ctx.docs}
    picked = [(q.chunk, q.sentence) for q in quotes]
    if headed is not None:
        picked = [headed]
    if DEFINITION_ASKED.search(ctx.intent.text):
        # 是什么意思: the definition (名词解释) leads
        definition = stated.stated_definition(passages, focus)
        if definition is not None:
            picked = [(definition[1], definition[0])]
    reason = None
    figure: tuple[Decimal, str, str] | None = None
    if why:
        # the stated reason leads: 主要原因是… from the part that discusses the item
        asked = ctx.masked or ctx.intent.text
        # no line item named: the question is about the budget as a whole (预算收支总体情况)
        whole = [] if ctx.items else ["预算收支", "收支总体"]
        rough = stated.rough_amounts(asked)
        changes = stated.rough_changes(asked)
        passages = _with_stating(passages, narrative, doc_ids, rough, changes)
        reason = stated.stated_reason(
            passages,
            [*focus, residue(asked), topic(REASON_ASKING.sub("", asked)), *whole],
            lambda s: _names_other_item(s, asked),
            rough,
            changes,
        )
        if reason is not None:
            picked = [(reason[1], reason[0])] + [(c, s) for c, s in picked if s != reason[0]][:1]
            # 少了两千多万，为什么: the change the entry states exactly is the answer's figure, quoted first
            exact = stated.rough_figure(reason[1], reason[0], rough, changes) if rough else None
            if exact is None and not rough and _CHANGED.search(asked) and not AMOUNT_WORD.search(asked):
                # 为什么比上年增加了: the change the reason's entry states is the figure the question is about
                exact = stated.rough_figure(reason[1], reason[0], _ANY_AMOUNT, changes=True)
            if exact is not None:
                figure = exact
                picked = [(reason[1], exact[2]), (reason[1], reason[0])]
            else:
                # 主要原因是…: with the sentence before it that states the change it explains
                explained = with_change_before(Quote(reason[1], reason[0], 0.0)).sentence
                picked = [(reason[1], explained)] + [
                    (c, s) for c, s in picked[1:] if not overlaps(s, explained)
                ]
    found_reason = why and reason is not None
    parts: list[str] = []
    cites = []
    for chunk, sentence in picked:
        chunk = narrative.located(chunk, sentence)
        doc = docs[chunk.doc_id]
        loc = compose.located(chunk)
        shown = clean_sentence(sentence)
        if any(shown in p for p in parts):
            continue  # already quoted as part of the list above
        if LIST_ASKED.search(ctx.intent.text) or shown.endswith((":", "：")):
            # a list asked for, or a quote that only leads in to one (具体包括：): the list it introduces
            after = narrative.neighbour(chunk)
            after = after if after and after.section == chunk.section else None
            lead_in = shown.endswith((":", "：")) or bool(_LIST_START.match(shown))
            shown += _list_tail(chunk.text, sentence, lead_in=lead_in, more=after.text if after else "")
        parts.append(f"“{shown}”" + (f"（{loc}）" if loc else ""))
        cites.append(cite_chunk(chunk, doc, sentence))
    kind = Op.INDICATOR if Op.INDICATOR in ctx.intent.ops else Op.NARRATIVE
    head = compose.doc_name(docs[picked[0][0].doc_id])
    lead = "原因：" if found_reason else (compose.refusal("reason_unsaid_related") if why else "")
    if figure is not None and len(parts) > 1:  # the stated change, then its reason
        lead, parts = "", [f"{compose.amount(figure[0], figure[1])}：", parts[0], "原因：", *parts[1:]]
    total = None
    if (
        figure is None
        and LIST_AND_COUNT_ASKED.search(ctx.intent.text)
        and UNITS_ASKED.search(ctx.intent.text)
    ):
        # 一共包括哪几个单位: the names, and how many they are (stated, by kind, or the names counted)
        told = [c for c in narrative.chunks(doc_ids) if ORGANISATION.search(c.section or "")]
        total = units.unit_count(told, "")
    if total is not None:
        lead, figure = compose.units_total_said(total.value, total.formula or ""), (total.value, "个", "")
    return replace(
        base,
        status="answered",
        answer=compose.according_to(head, lead) + "".join(parts),
        citations=tuple(cites),
        kind=kind,
        value=figure[0] if figure else None,
        unit=figure[1] if figure else None,
    )


# 为什么比上年增加了 / 怎么减少了: a change asked about, not how much it was
_CHANGED = re.compile(r"增加|减少|增长|下降|上升|提高|降低|多了|少了|涨|降了|没了|没有了|取消了?")
_ANY_AMOUNT = tuple((Decimal("0.0001"), Decimal("1e15"), unit) for unit in ("万元", "亿元", "元"))


def _with_stating(
    passages: list[tuple[Chunk, float, tuple[str, ...]]],
    narrative: NarrativeSearch,
    doc_ids: Sequence[str],
    rough: Sequence[tuple[Decimal, Decimal, str]],
    changes: bool = False,
) -> list[tuple[Chunk, float, tuple[str, ...]]]:
    """少了两千多万 / 涨了七成多: the passages stating that change exactly join those searched, wherever the
    search ranked them."""
    if not rough:
        return passages
    return narrative.joined(passages, doc_ids, lambda ss: stated.states_rough(ss, rough, changes))


def _names_other_item(sentence: str, question: str) -> bool:
    """The sentence is about a budget item the question does not mention."""
    return any(it.text not in question for it in lexicon_mentions(fold(sentence)))


def _reason_of_quoted(answer: Answer, narrative: NarrativeSearch) -> tuple[str, Chunk] | None:
    """The reason printed right after the sentence the answer quotes for its figure (that entry's own reason)."""
    for c in answer.citations:
        if c.table is not None or not c.quote:
            continue
        for chunk, _score, _sents in narrative.passages(c.quote, [c.doc_id], k=3):
            after = narrative.neighbour(chunk)  # a sentence cut at the chunk's end goes on in the next one
            said = stated.reason_after(chunk.text + (after.text if after else ""), c.quote)
            if said is not None:
                in_next = after is not None and fold(said) not in fold(chunk.text)
                return said, (after if in_next and after is not None else chunk)
    return None


def with_reason(ctx: Context, answer: Answer, docs: Sequence[Document], narrative: NarrativeSearch) -> Answer:
    """Figure + reason: quote the stated reason (主要原因/主要是/由于…) from the part about the item."""
    item = ctx.items[0]
    query = f"{item.text} 比上年 减少 增加 主要原因 主要是"
    # the reason comes from the document of the year answered, never from another year's budget
    answered_years = {c.year for c in answer.citations[:1] if c.year is not None}
    docs = [d for d in docs if d.year in answered_years] or docs
    passages = narrative.passages(query, [d.doc_id for d in docs], k=5)
    rough = stated.rough_amounts(ctx.masked or ctx.intent.text)
    changes = stated.rough_changes(ctx.masked or ctx.intent.text)
    if answer.kind == "delta" and answer.value and answer.unit in ("万元", "亿元"):
        # the entry stating the very change answered (增加3205.79万元) gives its reason, wherever it stands
        exact = abs(answer.value)
        rough, changes = [*rough, (exact, exact + Decimal("0.005"), answer.unit)], True
    passages = _with_stating(passages, narrative, [d.doc_id for d in docs], rough, changes)
    found = _reason_of_quoted(answer, narrative) or stated.stated_reason(
        passages, [item.text, *item.labels], rough=rough, changes=changes
    )
    if found is None:
        quotes = best_quotes(passages, focus=[item.text], want_reason=True, limit=1)
        if not quotes:
            return replace(answer, answer=answer.answer + compose.refusal("reason_unsaid"))
        found = (quotes[0].sentence, quotes[0].chunk)
    sentence, chunk = found
    chunk = narrative.located(chunk, sentence)
    shown = clean_sentence(sentence)
    if shown in answer.answer:  # the change sentence already quoted gives the reason too
        return replace(answer, answer=answer.answer + compose.refusal("reason_above"))
    return _quoted_after(answer, "原因", sentence, chunk, docs)


def _quoted_after(
    answer: Answer, label: str, sentence: str, chunk: Chunk, docs: Sequence[Document]
) -> Answer:
    """The answer with a sentence of the text quoted after it (原因：“…”, 用途：“…”), cited where it stands."""
    doc = next(d for d in docs if d.doc_id == chunk.doc_id)
    said = f"{label}：“{clean_sentence(sentence)}”{compose.where_quoted(chunk)}。"
    return replace(
        answer, answer=answer.answer + said, citations=(*answer.citations, cite_chunk(chunk, doc, sentence))
    )


# 主要用于… / 用于… / 用在…: a sentence saying what an amount is for
_USE_SAID = re.compile(r"用于|用在|用途")


def with_purpose(
    ctx: Context, answer: Answer, docs: Sequence[Document], narrative: NarrativeSearch
) -> Answer:
    """Figure + what it is for: the sentence of the answered document that names the item and says 用于…, quoted
    after the figure; the figure alone, saying so, when no sentence does."""
    return _with_said(ctx, answer, docs, narrative, _USE_SAID, "主要用于", "用途", "这笔钱的用途")


def with_parts(ctx: Context, answer: Answer, docs: Sequence[Document], narrative: NarrativeSearch) -> Answer:
    """Figure + what it is made of (人员经费…主要包括基本工资、津贴补贴…): the sentence of the answered document
    that names the item and says 包括…, quoted after the figure; the figure alone, saying so, when none does."""
    return _with_said(ctx, answer, docs, narrative, _PARTS_SAID, "主要包括", "构成", "它包括哪些部分")


# 主要包括… / 包含… / 由…构成: a sentence saying what an amount is made of
_PARTS_SAID = re.compile(r"包括|包含|主要有|由[^，,。；;]{2,40}(?:构成|组成)")


def _with_said(
    ctx: Context,
    answer: Answer,
    docs: Sequence[Document],
    narrative: NarrativeSearch,
    says: re.Pattern[str],
    cue: str,
    label: str,
    unsaid: str,
) -> Answer:
    item = ctx.items[0]
    answered = {c.doc_id for c in answer.citations[:1]}
    # the answered publication: a publication split in two (表格 + 文字) says what a figure is for in its text
    cited = [d for d in docs if d.doc_id in answered] or list(docs)
    own = [d for d in docs if any(d.year == o.year and d.department == o.department for o in cited)]
    focus = [item.text, *item.labels]
    quoted = {c.quote for c in answer.citations if c.quote}
    passages = narrative.passages(f"{item.text} {cue}", [d.doc_id for d in own], k=5)
    # the account's own words first: a glossary defines the kind of spending, not this amount
    passages.sort(key=lambda p: bool(stated.GLOSSARY.search(p[0].section or "")))
    for chunk, _score, _sentences in passages:
        sentences = split(chunk.text)
        for at, sentence in enumerate(sentences):
            if not stated.names(sentence, focus):
                continue
            # （一）人员经费7819.47万元。主要包括：基本工资、…: the sentence after the one naming it says it
            after = sentences[at + 1] if at + 1 < len(sentences) else ""
            if (
                (m := says.search(sentence))
                and stated.names(sentence[: m.start()], focus)
                and sentence not in quoted
            ):
                said = sentence  # the item named before what it says (基本支出：包括人员经费… is not about 人员经费)
            elif (
                says.match(after.lstrip("，,：: ").removeprefix("主要").removeprefix("具体"))
                or (
                    # …预算数为1973.86万元。与上年相比增加…，主要是用于…: the next sentence goes on about it
                    (m := says.search(after))
                    and not stated.LIST_ITEM.match(after)  # （二）…: the next entry, about another item
                    and not lexicon_mentions(fold(after[: m.start()]))
                )
            ):
                # the sentence naming it, unless the answer quotes it already
                shown = fold(clean_sentence(sentence)).replace(" ", "") in fold(answer.answer).replace(
                    " ", ""
                )
                said = after if shown else sentence + after
            else:
                continue
            return _quoted_after(answer, label, said, narrative.located(chunk, said), own)
    # 单位预留机动经费是干什么用的: no sentence of the account says it, the glossary's definition does
    passages = narrative.passages(f"{item.text} 名词解释 指", [d.doc_id for d in own], k=5)
    defined = stated.stated_definition(passages, focus)
    if defined is not None and says.search(defined[0]):
        sentence, chunk = defined
        return _quoted_after(
            answer, f"{label}（名词解释）", sentence, narrative.located(chunk, sentence), own
        )
    return replace(answer, answer=answer.answer + compose.refusal("text_unsaid", what=unsaid))


__all__ = ["narrative_answer", "narrative_query", "topic", "with_parts", "with_purpose", "with_reason"]
