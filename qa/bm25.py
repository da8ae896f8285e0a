"""Chinese-aware BM25 and weighted reciprocal rank fusion, in pure Python.

Whitespace tokenizers silently kill Chinese keyword search, so two tokenizers are offered: character
unigrams+bigrams ("bigram", no dictionary, robust to unseen terms) and jieba words with a small
dictionary of general budget terms ("jieba"). Both lower-case ASCII and keep numbers as one token.
"""

from __future__ import annotations

import logging
import math
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

TERMS_FILE = Path(__file__).with_name("budget_terms.txt")

# Question and function words carry no evidence about which passage answers; dropping them keeps a
# long question from matching every passage on "多少"/"什么". Genre-neutral on purpose.
STOP_WORDS = frozenset(
    "的 了 是 在 和 与 及 或 为 吗 呢 吧 啊 么 请 问 请问 多少 什么 哪些 哪个 哪里 怎么 怎样 如何 为什么 "
    "是否 有没有 有 没有 一下 一共 共 给 我 我们 你 这 那 这个 那个 其 该".split()
)

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A number (thousands separators and decimals kept inside), an ASCII word, or a run of Han characters.
_PIECE = re.compile(rf"\d+(?:[.,]\d+)*|[a-z][a-z0-9_]*|[{_HAN}]+")


def normalize(text: str) -> str:
    """NFKC folds full-width digits/letters and Kangxi radicals; lower-case for ASCII words."""
    return unicodedata.normalize("NFKC", text).lower()


def _number(piece: str) -> str:
    return piece.replace(",", "")


def bigram_tokens(text: str) -> list[str]:
    """Han runs become character unigrams plus bigrams; numbers and ASCII words stay whole."""
    out: list[str] = []
    for piece in _PIECE.findall(normalize(text)):
        if piece[0].isdigit():
            out.append(_number(piece))
        elif piece[0].isascii():
            out.append(piece)
        else:
            out.extend(c for c in piece if c not in STOP_WORDS)
            out.extend(a + b for a, b in zip(piece, piece[1:], strict=False) if a + b not in STOP_WORDS)
    return out


_jieba_lock = threading.Lock()
_jieba: object | None = None


def _jieba_tokenizer() -> object:
    """One private jieba.Tokenizer with the budget dictionary (the global one is left untouched)."""
    global _jieba
    with _jieba_lock:
        if _jieba is None:
            import jieba

            logging.getLogger("jieba").setLevel(logging.WARNING)
            tok = jieba.Tokenizer()
            tok.load_userdict(str(TERMS_FILE))
            _jieba = tok
    return _jieba


def jieba_tokens(text: str) -> list[str]:
    """jieba search-mode words (long words also yield their parts), numbers whole, stop words dropped."""
    tok = _jieba_tokenizer()
    out: list[str] = []
    for piece in _PIECE.findall(normalize(text)):
        if piece[0].isdigit():
            out.append(_number(piece))
        elif piece[0].isascii():
            out.append(piece)
        else:
            out.extend(w for w in tok.cut_for_search(piece) if w.strip() and w not in STOP_WORDS)  # type: ignore[attr-defined]
    return out


TOKENIZERS: dict[str, Callable[[str], list[str]]] = {"bigram": bigram_tokens, "jieba": jieba_tokens}


def get_tokenizer(name: str) -> Callable[[str], list[str]]:
    try:
        return TOKENIZERS[name]
    except KeyError:
        raise ValueError(f"unknown tokenizer {name!r}: use one of {', '.join(TOKENIZERS)}") from None


class BM25Index:
    """Okapi BM25 over a fixed list of texts, with an inverted index so a query touches only its terms."""

    def __init__(
        self, texts: Sequence[str], tokenizer: str = "bigram", k1: float = 1.5, b: float = 0.75
    ) -> None:
        if k1 < 0 or not 0 <= b <= 1:
            raise ValueError(f"BM25 needs k1 >= 0 and 0 <= b <= 1, got k1={k1}, b={b}")
        self.tokenizer = tokenizer
        self.tokenize = get_tokenizer(tokenizer)
        self.k1 = k1
        self.b = b
        self._size = len(texts)
        self._postings: dict[str, list[tuple[int, int]]] = {}
        lengths: list[int] = []
        for i, text in enumerate(texts):
            counts = Counter(self.tokenize(text))
            lengths.append(sum(counts.values()))
            for term, tf in counts.items():
                self._postings.setdefault(term, []).append((i, tf))
        avgdl = (sum(lengths) / len(lengths)) if lengths else 0.0
        # The length part of BM25's denominator depends on the document only: compute it once.
        self._norm = [k1 * (1 - b + b * (n / avgdl if avgdl else 0.0)) for n in lengths]
        # Lucene's idf stays positive even for terms in more than half of the texts.
        self._idf = {
            t: math.log(1 + (self._size - len(p) + 0.5) / (len(p) + 0.5)) for t, p in self._postings.items()
        }

    def __len__(self) -> int:
        return self._size

    def idf(self, term: str) -> float:
        """0.0 for a term no text contains."""
        return self._idf.get(term, 0.0)

    def scores(self, query: str) -> list[float]:
        """One score per text, in input order; terms repeated in the query count once."""
        out = [0.0] * self._size
        k1 = self.k1
        for term in dict.fromkeys(self.tokenize(query)):
            postings = self._postings.get(term)
            if not postings:
                continue
            idf = self._idf[term]
            for i, tf in postings:
                out[i] += idf * tf * (k1 + 1) / (tf + self._norm[i])
        return out

    def top(self, query: str, k: int, allowed: Sequence[int] | None = None) -> list[tuple[int, float]]:
        """The k best (index, score) with a positive score, best first, optionally among `allowed` only."""
        if k <= 0:
            return []
        scores = self.scores(query)
        pool: Iterable[int] = range(self._size) if allowed is None else allowed
        hits = [(i, scores[i]) for i in pool if 0 <= i < self._size and scores[i] > 0]
        hits.sort(key=lambda h: (-h[1], h[0]))
        return hits[:k]


def weighted_rrf(rankings: Sequence[tuple[Sequence[str], float]], k: int = 60) -> list[tuple[str, float]]:
    """Fuse ranked id lists: each id scores sum(weight / (k + rank)), rank from 1; best first.

    Ties keep the order in which ids were first seen, so the first (strongest) ranking breaks them.
    An id repeated within one ranking counts once, at its best rank.
    """
    if k < 0:
        raise ValueError(f"the RRF constant k must be >= 0, got {k}")
    fused: dict[str, float] = {}
    for ids, weight in rankings:
        if weight < 0:
            raise ValueError(f"RRF weights must be >= 0, got {weight}")
        seen: set[str] = set()
        for rank, item in enumerate(ids, start=1):
            if item in seen:
                continue
            seen.add(item)
            fused[item] = fused.get(item, 0.0) + weight / (k + rank)
    return sorted(fused.items(), key=lambda kv: -kv[1])
