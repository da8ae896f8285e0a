"""Text normalisation for extracted budget text: radicals, CJK spacing, wrapped and broken lines.

PDF extractors differ in whitespace only (line wraps inside sentences, spaces inside wrapped cells,
`\\r\\n`) and some producers emit Kangxi-radical code points (⼀ ⽀) instead of the ideographs, so
search and fact lookup need one canonical form. Only those look-alike characters are NFKC-folded:
folding everything would also turn full-width punctuation (，：（）) into ASCII, which budget
documents use deliberately.
"""

from __future__ import annotations

import re
import unicodedata

# Kangxi radicals, the CJK radicals supplement and the compatibility ideographs fold to the
# unified ideographs under NFKC.
_FOLD_RE = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Full-width punctuation that sits between CJK characters without surrounding spaces.
_FW_PUNCT = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65“”‘’—…·"
# One space between CJK characters is an extraction artefact; a wider gap is a cell boundary.
_SPACE_BETWEEN_CJK = re.compile(f"(?<=[{_CJK}{_FW_PUNCT}])[ \t\u00a0\u3000](?=[{_CJK}{_FW_PUNCT}])")

# A line ending in one of these closes a sentence or introduces a list: never join past it.
SENTENCE_END = "。；：！？;:!?"
# Closing and middle punctuation cannot start a line of its own: the line before was broken.
_CONT_START = "，、。；：！？）》」』”’〕】,.;:!?)%"
# Opening punctuation (and the enumeration comma) cannot end a line: the next line continues it.
_CONT_END = "（《「『“‘〔【([，、"

CN_NUM = "一二三四五六七八九十百零〇"
# Heading and list-item markers of budget documents: 第一部分, 一、, （一）, (一), 1., 1、, （1）.
HEADING_RE = re.compile(
    rf"^(?:第[{CN_NUM}\d]+部分|[{CN_NUM}]+[、．.]|[（(][{CN_NUM}]+[)）]|\d{{1,2}}(?:[．、]|\.(?!\d))|[（(]\d{{1,2}}[)）])"
)
# Amount-like tokens ("1,234.56", "-344", "12.5%"): lines with two or more are table rows.
_AMOUNT_TOKEN = re.compile(r"^[-−]?[\d,]+(?:\.\d+)?%?$")
_PART_RE = re.compile(rf"^第[{CN_NUM}\d]+部分")
_STANDALONE = {"目录", "目次"}
_BRACKETS_RE = re.compile(r"[【】〔〕\[\]]")


def fold_radicals(text: str) -> str:
    """NFKC only for radical and compatibility-ideograph code points."""
    return _FOLD_RE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def strip_cjk_spaces(line: str) -> str:
    """Drop spaces between CJK characters and full-width punctuation ("收 入" -> "收入").

    The space after a part number ("第一部分 部门概况") is the one kept: it separates the number
    from the title, and part titles are cited in that form."""
    m = re.match(rf"^(\s*第[{CN_NUM}\d]+部分)\s+(?=\S)", line)
    if m:
        return m.group(1).lstrip() + " " + _SPACE_BETWEEN_CJK.sub("", line[m.end() :])
    return _SPACE_BETWEEN_CJK.sub("", line)


def strip_brackets(text: str) -> str:
    """Remove template brackets 【】〔〕[] that fill-in-the-blank templates leave around text."""
    return _BRACKETS_RE.sub("", text)


def is_heading_line(line: str) -> bool:
    """A short numbered heading such as "一、部门职责" (not a numbered paragraph with sentences)."""
    s = line.strip()
    m = HEADING_RE.match(s)
    if not m:
        return False
    # Deeper markers head shorter titles; a long "5、..." line is a list item wrapped at the margin.
    marker = m.group()
    limit = (
        60
        if "部分" in marker
        else 20
        if marker[0].isdigit() or marker[1:2].isdigit()
        else 30
        if marker[0] in "（("
        else 40
    )
    if len(s) > limit:
        return False
    body = HEADING_RE.sub("", s, count=1).strip()
    if not body:
        return False  # a bare marker ("（一）") broken off its text
    return not any(ch in body for ch in "。；，,;") and not body.endswith("：")


def is_list_start(line: str) -> bool:
    """A line opening a heading or a numbered list item: a paragraph starts here."""
    return bool(HEADING_RE.match(line.strip()))


def is_table_row(line: str) -> bool:
    """Cells in a row: two or more whitespace-separated amounts, ending in one, and no prose stops."""
    tokens = line.split()
    amounts = [t for t in tokens if _AMOUNT_TOKEN.match(t) and any(c.isdigit() for c in t)]
    if len(amounts) < 2 or any(ch in line for ch in "，。；"):
        return False
    return len(amounts) >= 3 or bool(_AMOUNT_TOKEN.match(tokens[-1]))


def _should_join(prev: str, nxt: str) -> bool:
    """Whether `nxt` continues the sentence `prev` was broken out of."""
    if not prev or not nxt:
        return False
    if re.sub(r"\s+", "", prev) in _STANDALONE or re.sub(r"\s+", "", nxt) in _STANDALONE:
        return False
    if nxt[0] in _CONT_START:
        return True
    if prev[-1] in _CONT_END:
        return True
    if prev[-1] in SENTENCE_END or prev.endswith(("。”", "。）", "。】", "。〕", "。]")):
        return False
    if is_heading_line(prev) or is_list_start(nxt) or is_table_row(prev) or is_table_row(nxt):
        return False
    if prev[-1].isdigit() and nxt[0].isdigit() and (len(prev.split()) > 1 or _AMOUNT_TOKEN.match(prev)):
        return False  # "... 6.20" / "7.5": a figure in its own cell; "办公厅201" / "7年度" is a wrapped year
    return True


def joiner(prev: str, nxt: str) -> str:
    """Join CJK and broken numbers without a space; keep one space between two Latin words."""
    if prev[-1].isascii() and prev[-1].isalpha() and nxt[0].isascii() and nxt[0].isalpha():
        return " "
    return ""


def rejoin_lines(lines: list[str]) -> list[str]:
    """Join lines wrapped inside a sentence and lines broken at full-width punctuation.

    A blank line always ends a paragraph. A heading followed by a short orphan line that is itself
    followed by a heading (a wrapped heading such as "...情况" / "说明") is joined too.
    """
    out: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            if out and out[-1] != "":
                out.append("")
            continue
        if out and out[-1] and _should_join(out[-1], line):
            out[-1] = out[-1] + joiner(out[-1], line) + line
        else:
            out.append(line)
    return _join_wrapped_headings(out)


def _join_wrapped_headings(lines: list[str]) -> list[str]:
    """Join a heading's wrapped tail ("...情况" / "说明"): a short line after a heading that is
    itself followed by a heading, a blank or the end. A 第N部分 title may wrap a longer tail."""
    out: list[str] = []
    for i, line in enumerate(lines):
        nxt = next((x for x in lines[i + 1 :] if x), "")
        prev_i = len(out) - 1
        while prev_i >= 0 and not out[prev_i]:
            prev_i -= 1
        prev = out[prev_i] if prev_i >= 0 else ""
        limit = 20 if _PART_RE.match(prev) and re.match(r"\d{4}\s*年", line) else 6
        if (
            line
            and prev
            and (is_heading_line(prev) or (_PART_RE.match(prev) and len(prev) <= 40))
            and len(line) <= limit
            and not any(ch in line for ch in SENTENCE_END + "，")
            and not is_list_start(line)
            and not is_table_row(line)
            and (not nxt or is_list_start(nxt) or (i + 1 < len(lines) and not lines[i + 1]))
        ):
            del out[prev_i + 1 :]
            out[prev_i] = prev + joiner(prev, line) + line
        else:
            out.append(line)
    return out


def normalize_text(text: str) -> str:
    """The canonical form of extracted text (see the module docstring)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = fold_radicals(text)
    lines = [re.sub(r"[ \t]{2,}", " ", strip_cjk_spaces(line)).strip() for line in text.split("\n")]
    return "\n".join(rejoin_lines(lines)).strip()
