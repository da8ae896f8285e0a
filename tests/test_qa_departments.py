"""Departments are matched through an index built once per set of documents (issue 12): only the departments
a question can name are scored, with the same result as scoring every loaded department, and a name written
inside a longer department name belongs to that longer one (…教育局 inside …教育局第2分局)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import qa_seed

from budgetqa.qa import Answerer
from budgetqa.qa.departments import department_index
from budgetqa.qa.lexicon import find_terms
from budgetqa.qa.matching import DeptMatch, _scored, choose, match_departments
from budgetqa.qa.text import fold
from budgetqa.store import Document, HashEmbedder, Store

DISTRICTS = ("东城", "西城", "南湖", "北山")
BUREAUS = ("教育局", "民政局", "财政局")


def _doc(i: int, dept: str, region: str, aliases: tuple[str, ...], year: int = 2030) -> Document:
    return Document(
        f"d{i:03d}", f"d{i}.pdf", f"{i:064d}", dept, year, "预算", "部门预算", region, 10, aliases=aliases
    )


def _documents() -> list[Document]:
    """Districts' bureaus and their 分局, with the short names ingest derives (区教育局, 东城区教育局)."""
    docs = []
    for d in DISTRICTS:
        for b in BUREAUS:
            for suffix in ("", "第2分局"):
                name = f"示例市{d}区{b}{suffix}"
                docs.append(_doc(len(docs), name, f"示例市{d}区", (f"区{b}{suffix}", f"{d}区{b}{suffix}")))
    docs.append(_doc(len(docs), "中共示例市委外事工作委员会办公室", "示例市", ("市委外办",)))
    docs.append(_doc(len(docs), "示例市人民政府办公室", "示例市", ("市政府办公室",)))
    return docs


def _every_department(text: str, docs: list[Document]) -> list[DeptMatch]:
    """The reference: the same scoring and choice over every loaded department, no candidates."""
    index = department_index(docs)
    spans = [(a, b) for a, b, _ in find_terms(text)]
    found = _scored(text, range(len(index.groups)), index, spans)
    named = index.named_in_full(text)  # where each department is written out in full, longest name first
    exact = [
        replace(m, span=named[g], score=named[g][1] - named[g][0] + 1.0)
        for g, m in found
        if m.exact and g in named
    ]
    if exact:
        return sorted(exact, key=lambda m: -m.score)
    return choose([m for _, m in found])


QUESTIONS = [
    "东城区教育局2030年三公经费是多少",
    "教育局三公经费",
    "外办2030年三公经费",
    "市委外办和市政府办公室谁的三公经费多",
    "北山民政2030年公务接待费",
    "西城财政第2分局预算",
    "市政府办2030年退休费",
    "其中公车的钱占多少比例",
    "财政拨款结转结余有多少",
]


@pytest.mark.parametrize("question", QUESTIONS)
def test_the_index_finds_what_scoring_every_department_finds(question: str) -> None:
    docs = _documents()
    text = fold(question)
    assert match_departments(text, docs) == _every_department(text, docs)


def test_only_departments_the_question_can_name_are_candidates() -> None:
    docs = _documents()
    index = department_index(docs)
    assert index is department_index(list(docs))  # built once for these documents
    names = [index.groups[g][0] for g in index.candidates(fold("外办2030年三公经费"))]
    assert names == ["中共示例市委外事工作委员会办公室"]
    named = index.named_in_full(fold("示例市东城区教育局2030年三公经费"))
    assert [index.groups[g][0] for g in named] == ["示例市东城区教育局"]


def test_a_name_inside_a_longer_department_name_is_that_departments() -> None:
    docs = _documents()
    [only] = match_departments(fold("示例市东城区教育局第2分局2030年三公经费"), docs)
    assert only.name == "示例市东城区教育局第2分局" and only.span == (0, 13)
    [only] = match_departments(
        fold("东城区教育局2030年三公经费"), docs
    )  # 区教育局 of the other districts too
    assert only.name == "示例市东城区教育局"
    both = match_departments(fold("示例市东城区教育局第2分局和示例市东城区教育局谁的三公经费多"), docs)
    assert {(m.name, m.span) for m in both} == {
        ("示例市东城区教育局第2分局", (0, 13)),
        ("示例市东城区教育局", (14, 23)),  # named again on its own: it stands there
    }


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    if qa_seed.seed_paths() is None:
        pytest.skip("../shared/samples/seed is absent")
    store = Store(Path(tmp_path_factory.mktemp("departments")), embedder=HashEmbedder())
    for i, name in enumerate(
        ("示例市东城区教育局", "示例市东城区教育局第2分局", "示例市西城区教育局第2分局")
    ):
        store.add(qa_seed.seed_parsed(f"dept{i}", department=name))
    return store


def test_a_branch_is_answered_from_its_own_document(store: Store) -> None:
    answerer = Answerer(store)
    by_name = {d.department: d.doc_id for d in store.documents()}
    for name in by_name:
        answer = answerer.ask(f"{name}2023年公务接待费是多少？")
        assert answer.status == "answered", answer.answer
        assert {c.doc_id for c in answer.citations} == {by_name[name]}, answer.answer
