"""Follow-ups: what a turn leaves unsaid comes from the previous turn, and the answer says what it assumed."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from budgetqa.qa import Answerer, Session
from budgetqa.qa.conversation import understand
from budgetqa.store import Document
from budgetqa.ui.cli import cli
from budgetqa.ui.fakes import add_tiny_document

DOCS = [
    Document("a", "a.pdf", "a" * 8, "某某市财政局", 2030, "预算", aliases=("财政局",)),
    Document("b", "b.pdf", "b" * 8, "某某市财政局", 2029, "预算", aliases=("财政局",)),
    Document("c", "c.pdf", "c" * 8, "某某市教育局", 2030, "预算", aliases=("教育局",)),
]


@pytest.mark.parametrize(
    ("previous", "follow_up", "understood"),
    [
        ("财政局2030年三公经费多少？", "那去年呢？", "财政局2029年三公经费是多少？"),
        ("财政局2030年三公经费多少？", "2029年呢", "财政局2029年三公经费是多少？"),
        ("财政局2030年三公经费多少？", "为什么？", "财政局2030年三公经费为什么?"),
        ("财政局2030年三公经费是多少？", "占总支出多少？", "财政局2030年三公经费占总支出多少?"),
        ("财政局2030年三公经费多少？", "公务接待费呢？", "财政局2030年公务接待费是多少？"),
        ("财政局2030年三公经费多少？", "那教育局呢？", "教育局2030年三公经费是多少？"),
        ("财政局2030年三公经费多少？", "和教育局比呢？", "财政局和教育局2030年三公经费哪个多？"),
        ("财政局2030年三公经费多少？", "基本支出是多少？", "财政局2030年基本支出是多少?"),
        ("财政局2030年三公经费多少？", "去年的基本支出呢？", "财政局2029年基本支出是多少？"),
        # the year after 比/跟 is the comparison base: the asked year stays
        ("财政局2030年三公经费预算多少？", "比去年多了多少？", "财政局2030年三公经费比去年多了多少?"),
        ("财政局2030年三公经费是多少？", "跟2029年比有变化吗？", "财政局2030年三公经费跟2029年比有变化吗?"),
        # 其中…: a part of the previous subject
        (
            "财政局2030年三公经费一共多少？",
            "其中公车的钱占多少比例？",
            "财政局2030年三公经费中公车的钱占多少比例?",
        ),
        (
            "财政局2030年政府采购总共多少？",
            "其中预留给中小企业多少？",
            "财政局2030年政府采购中预留给中小企业多少?",
        ),
    ],
)
def test_follow_ups_are_filled_in_from_the_previous_turn(
    previous: str, follow_up: str, understood: str
) -> None:
    got, assumed = understand(follow_up, Session([previous]), DOCS)
    assert got == understood and assumed == f"按上文理解为：{understood}"


@pytest.mark.parametrize("question", ["教育局2030年收入多少？", "某某市财政局2029年基本支出是多少"])
def test_a_complete_question_is_left_alone(question: str) -> None:
    assert understand(question, Session(["财政局2030年三公经费多少？"]), DOCS) == (question, None)
    assert understand(question, None, DOCS) == (question, None)


def test_answerer_sessions_and_the_cli_session_file(tmp_path: Path, hash_store: object) -> None:
    from budgetqa.store import Store

    assert isinstance(hash_store, Store)
    add_tiny_document(hash_store)
    answerer = Answerer(hash_store)
    session = answerer.new_session()
    first = answerer.ask("2023年公务接待费是多少？", session=session)
    follow = answerer.ask("为什么？", session=session)
    assert first.status == "answered" and session.turns[0] == "2023年公务接待费是多少？"
    assert follow.answer.startswith("（按上文理解为：") and follow.question == "为什么？"
    # the CLI keeps the conversation in a file between invocations
    home = ["--home", str(hash_store.home), "--embedder", "hash"]
    conversation = tmp_path / "talk.json"
    runner = CliRunner()
    assert (
        runner.invoke(
            cli, ["ask", "2023年公务接待费是多少？", "--session", str(conversation), *home]
        ).exit_code
        == 0
    )
    second = runner.invoke(cli, ["ask", "那去年呢？", "--session", str(conversation), *home])
    assert second.exit_code == 0 and "按上文理解为：2022年公务接待费是多少？" in second.output
    conversation.write_text("not json", encoding="utf-8")
    broken = runner.invoke(cli, ["ask", "为什么？", "--session", str(conversation), *home])
    assert broken.exit_code == 1 and "talk.json" in broken.output and "delete it" in broken.output


def test_a_short_name_shared_by_several_departments_is_asked_about(tmp_path: Path) -> None:
    """教育局 with two districts' 教育局 loaded: clarify, listing those that have the asked year."""
    from budgetqa.store import Chunk, Fact, HashEmbedder, ParsedDocument, Store
    from budgetqa.store import Document as Doc

    store = Store(tmp_path / "home", embedder=HashEmbedder())
    for n, (dept, year) in enumerate(
        [("某市甲区教育局", 2030), ("某市乙区教育局", 2030), ("某市丙区教育局", 2029)]
    ):
        doc = Doc(f"d{n}", f"{year}_{dept}_部门预算.pdf", f"s{n}" * 4, dept, year, "预算")
        fact = Fact(
            doc.doc_id, 9, "三公经费支出表", "合计", "公务接待费", Decimal(n + 1), str(n + 1), "万元", 1
        )
        chunk = Chunk(f"{doc.doc_id}:n0", doc.doc_id, f"{dept}{year}年部门预算说明。")
        store.add(ParsedDocument(document=doc, facts=[fact], chunks=[chunk]))
    answer = Answerer(store).ask("教育局2030年公务接待费是多少？")
    assert answer.status == "clarify" and answer.value is None
    assert set(answer.choices) == {"某市甲区教育局", "某市乙区教育局"}
    only = Answerer(store).ask("教育局2029年公务接待费是多少？")  # only one has 2029: that one is meant
    assert only.status != "clarify"
    named = Answerer(store).ask("甲区教育局2030年公务接待费是多少？")
    assert named.status == "answered" and named.value == 1
