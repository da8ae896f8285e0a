"""Several years of one department loaded: each answer comes from the asked year's document.

A reason is quoted from the asked year's document, and a change "比上年" is read from that document's own
prior-year column, never taken from a neighbouring year's document (the scale probe saw 35 of 50 such
answers go wrong with many years loaded).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import qa_seed

from budgetqa.qa import Answerer

if qa_seed.seed_paths() is None:
    pytest.skip("../shared/samples/seed is absent", allow_module_level=True)


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    # the seed (2023) and two synthetic siblings of the same department, 2024 and 2025
    store = qa_seed.seed_store(
        tmp_path_factory.mktemp("years"),
        qa_seed.seed_parsed("seed2024", year_shift=1),
        qa_seed.seed_parsed("seed2025", year_shift=2),
    )
    return Answerer(store)


@pytest.mark.parametrize(("year", "doc_id"), [(2023, "seed0000"), (2024, "seed2024"), (2025, "seed2025")])
def test_why_quotes_the_asked_year(answerer: Answerer, year: int, doc_id: str) -> None:
    answer = answerer.ask(f"外办{year}年三公经费为什么减少？")
    assert answer.status == "answered"
    assert answer.citations and {c.doc_id for c in answer.citations} == {doc_id}


@pytest.mark.parametrize(("year", "doc_id"), [(2024, "seed2024"), (2025, "seed2025")])
def test_change_uses_the_asked_documents_own_prior_column(answerer: Answerer, year: int, doc_id: str) -> None:
    answer = answerer.ask(f"外办{year}年三公经费比上年少多少？")
    assert answer.status == "answered" and answer.value is not None and abs(answer.value) == 344
    assert {c.doc_id for c in answer.citations} == {doc_id}


def test_stated_change_does_not_run_on_into_the_next_subject(tmp_path: Path) -> None:
    """A list entry's continuation ends where a sentence states an amount of its own."""
    from budgetqa.qa.stated import stated_change
    from budgetqa.store import Chunk

    text = (
        "3．公务接待费预算支出384.75万元，比上年预算减少42.75万元，主要原因按规定统一压减。"
        "某某局2030年度一般公共预算拨款安排的会议费预算支出1469.73万元，比上年预算增加164.48万元。"
    )
    chunk = Chunk(chunk_id="c1", doc_id="d", text=text)
    found = stated_change([(chunk, 1.0, ())], ["公务接待费"])
    assert found is not None and found.value == -42.75
    # the next chunk alone, after a chunk whose last entry was the 公务接待费 one
    first = Chunk(chunk_id="c0", doc_id="d", text="3．公务接待费预算支出384.75万元。")
    second = Chunk(chunk_id="c2", doc_id="d", text=text.split("。", 1)[1])
    assert stated_change([(second, 1.0, ())], ["公务接待费"], previous=lambda c: first) is None


def test_another_documents_row_name_does_not_become_the_item(tmp_path: Path) -> None:
    """With many documents loaded, a label printed only in another department's document (a column group
    "2023年“三公”经费预算数") must not be taken as the item of a question about this one."""
    from dataclasses import replace

    other = qa_seed.seed_parsed("other0001", department="某某市某某局")
    renamed = [
        replace(f, column=f"2023年“三公”经费预算数/{f.column}") if f.table_no == 9 else f for f in other.facts
    ]
    store = qa_seed.seed_store(tmp_path / "home", replace(other, facts=renamed))
    answer = Answerer(store).ask("外办2023年三公经费预算是多少？")
    assert answer.status == "answered" and answer.value == 253
    assert {c.doc_id for c in answer.citations} == {"seed0000"}


def test_another_documents_column_group_does_not_become_the_item_real(tmp_path: Path) -> None:
    """Real case: a street office's 三公 table prints a column group "2024年“三公”经费预算数"; a question about
    another department's 2024 三公经费 must still find that department's own figure."""
    from real_samples import REAL_DIR

    from budgetqa.ingest import ingest_file
    from budgetqa.store import HashEmbedder, Store

    names = ["2024_上海市普陀区财政局_部门决算.pdf", "2024_上海市普陀区人民政府万里街道办事处_部门预算.pdf"]
    if not all((REAL_DIR / n).is_file() for n in names):
        pytest.skip("../shared/samples/real is absent")
    store = Store(tmp_path / "home", embedder=HashEmbedder())
    for name in names:
        assert ingest_file(store, REAL_DIR / name).status == "ingested"
    answer = Answerer(store).ask("普陀区财政局2024年三公经费年初预算是多少？")
    assert answer.status == "answered" and answer.value is not None
    assert {c.source for c in answer.citations} == {names[0]}
