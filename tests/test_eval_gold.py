"""The bundled gold set: its shape, and every printed figure checked against the sample documents."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from budgetqa.eval import KINDS, GoldItem, bundled_gold_paths, load_gold
from budgetqa.eval.metrics import numbers_match

SAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "samples"
# Held out of the default eval and the gate, but its figures are checked like the rest.
HOLDOUT = sorted((Path(__file__).resolve().parents[1] / "eval" / "holdout").glob("*.jsonl"))
# Kinds whose gold value is printed as such (the others are computed from printed figures).
PRINTED_KINDS = ("lookup", "indicator", "compare", "rank")


@cache
def gold() -> list[GoldItem]:
    return load_gold([*bundled_gold_paths(), *HOLDOUT])


def test_gold_set_size_and_coverage() -> None:
    items = gold()
    kinds = Counter(i.kind for i in items)
    assert len(items) >= 170
    assert set(kinds) == set(KINDS)
    assert kinds["unanswerable"] >= 20
    files = {i.origin.split(":")[0] for i in items}
    assert "cross.jsonl" in files and len(files) >= 6
    assert any(len(i.docs) > 1 for i in items)


def test_every_answerable_item_says_where_it_is_printed() -> None:
    for item in gold():
        if item.kind != "unanswerable" and len(item.docs) == 1:
            assert item.pages or item.table, item.id
        if item.kind != "unanswerable" and item.docs and item.docs[0].endswith(".md"):
            assert not item.pages and item.table, f"{item.id}: text files have no pages; cite a table or part"


def located(item: GoldItem) -> Path | None:
    for folder in ("seed", "real"):
        path = SAMPLES / folder / item.docs[0]
        if path.is_file():
            return path
    return None


NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")


@cache
def pdf_numbers(pdf: Path) -> tuple[tuple[Decimal, ...], ...]:
    """The numbers printed on each page (opened once per file)."""
    import pdfplumber

    pages = []
    with pdfplumber.open(pdf) as doc:
        for p in doc.pages:
            # Only what is printed: one sample hides a copy of later tables below the page box.
            text = p.within_bbox(p.bbox).extract_text() or ""
            pages.append(tuple(Decimal(m.replace(",", "")) for m in NUMBER.findall(text) if m.strip("-,")))
    return tuple(pages)


def page_numbers(pdf: Path, page: int) -> tuple[Decimal, ...]:
    return pdf_numbers(pdf)[page - 1]


@cache
def text_numbers(path: Path) -> tuple[Decimal, ...]:
    text = path.read_text(encoding="utf-8")
    return tuple(Decimal(m.replace(",", "")) for m in NUMBER.findall(text) if m.strip("-,"))


def printed(value: Decimal, unit: str | None, numbers: tuple[Decimal, ...]) -> bool:
    # A 元 table and its 万元 narrative print the same figure in two units.
    units = {unit, "元", "万元"} if unit in ("元", "万元") else {unit}
    return any(numbers_match(value, unit, n, u) for n in numbers for u in units)


def checked_items(folder: str) -> list[GoldItem]:
    items = [
        i
        for i in gold()
        if i.kind in PRINTED_KINDS and i.value is not None and len(i.docs) == 1 and i.value != 0
    ]
    return [i for i in items if (SAMPLES / folder / i.docs[0]).is_file()]


@pytest.mark.parametrize("folder", ["seed", "real"])
def test_printed_values_appear_on_every_gold_page(folder: str) -> None:
    if not (SAMPLES / folder).is_dir():
        pytest.skip(f"{SAMPLES / folder} is absent (sample documents are not shipped)")
    problems = []
    for item in checked_items(folder):
        path = located(item)
        assert path is not None and item.value is not None
        if path.suffix == ".md":
            if not printed(item.value, item.unit, text_numbers(path)):
                problems.append(f"{item.id}: {item.value} not in {path.name}")
            continue
        for page in item.pages:
            if not printed(item.value, item.unit, page_numbers(path, page)):
                problems.append(
                    f"{item.id}: {item.value}{item.unit} not printed on page {page} of {path.name}"
                )
    assert problems == []


def test_seed_table_values_match_truth_json() -> None:
    truth_path = SAMPLES / "seed" / "truth.json"
    if not truth_path.is_file():
        pytest.skip(f"{truth_path} is absent")
    import json

    cells = json.loads(truth_path.read_text(encoding="utf-8"))["cells"]
    for item in gold():
        match = re.fullmatch(r"表(\d+)", item.table or "")
        if (
            item.kind not in PRINTED_KINDS
            or not match
            or item.value is None
            or not item.docs[0].endswith(".pdf")
        ):
            continue
        if "2023" not in item.docs[0]:
            continue
        table = int(match.group(1))
        pages = {c["page"] for c in cells if c["table"] == table and Decimal(str(c["value"])) == item.value}
        assert pages & set(item.pages), (
            f"{item.id}: {item.value} not in truth 表{table} on pages {item.pages}"
        )


def test_computed_values_explain_their_arithmetic() -> None:
    if not SAMPLES.is_dir():
        pytest.skip("../shared/samples is absent: whether a computed value is printed needs the documents")
    for item in gold():
        if item.kind not in ("delta", "ratio", "sum") or item.value is None:
            continue
        path = located(item) if len(item.docs) == 1 else None
        if path is None:
            shown = False
        elif path.suffix == ".md":
            shown = printed(abs(item.value), item.unit, text_numbers(path))
        else:
            shown = any(printed(abs(item.value), item.unit, page_numbers(path, p)) for p in item.pages)
        assert shown or item.note, f"{item.id}: a computed {item.kind} needs a note with its arithmetic"
