"""The key of a printed table label, shared by ingest (which pre-embeds labels) and qa (which matches them).

`【一、政府预算拨款` -> `政府预算拨款`: NFKC (full-width -> ASCII, Kangxi radicals -> CJK), brackets, quotes and
whitespace removed, leading numbering (一、 1. （一） ① 其中：) and a trailing colon dropped.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

BRACKETS = re.compile(r"[【】〔〕\[\]「」『』“”\"'‘’《》<>〈〉\s]")
# 一、 / 1. / 1、 / （一） / (1) / ① / 其中： at the start of a row label
NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、.．]|\d+(?:\.\d+)*[、.．](?!\d)|[(（][一二三四五六七八九十\d]+[)）]|[①-⑳]|其中[:：]?)+"
)


def fold(text: str) -> str:
    """NFKC, brackets and whitespace removed."""
    return BRACKETS.sub("", unicodedata.normalize("NFKC", text or ""))


@lru_cache(maxsize=65536)
def label_key(text: str) -> str:
    """A row or column label without brackets, numbering or a trailing colon."""
    return NUMBERING.sub("", fold(text)).rstrip(":：").strip()
