"""The everyday budget vocabulary as data (qa/lexicon.tsv): every form finds its term, and a bad file fails loudly."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetqa.qa import lexicon
from budgetqa.qa.lexicon import VOCABULARY_FILE, Term, VocabularyError, find_terms, load_vocabulary
from budgetqa.qa.phrasing import OPERATION_SLOTS, OPERATIONS_FILE, PHRASING_FILE, load_phrasing
from budgetqa.qa.text import fold

VOCABULARY = load_vocabulary(VOCABULARY_FILE)
TEXT = VOCABULARY_FILE.read_text(encoding="utf-8")


def test_the_module_exposes_the_file() -> None:
    assert lexicon.TERMS == VOCABULARY.terms
    assert lexicon.MEASURES == VOCABULARY.measures
    assert lexicon.AMOUNT_MEASURES == VOCABULARY.amount_measures
    assert lexicon.MEASURE_SAYS == VOCABULARY.measure_says
    assert len(lexicon.TERMS) > 50 and len(lexicon.MEASURE_SAYS) > 10


def _covers(term: Term, form: str) -> bool:
    """One of the term's own forms is longer than the folded form and contains it (longest form wins)."""
    return any(form in fold(own) and len(fold(own)) > len(form) for own in term.says)


@pytest.mark.parametrize("term", VOCABULARY.terms, ids=[t.name for t in VOCABULARY.terms])
def test_every_everyday_form_finds_its_term(term: Term) -> None:
    for said in term.says:
        form = fold(said)
        found = find_terms(form)
        assert any(t.name == term.name or _covers(t, form) for _, _, t in found), (
            f"{said!r} finds {[t.name for _, _, t in found]}, not {term.name!r}"
        )


def test_every_term_says_where_it_comes_from() -> None:
    assert list(VOCABULARY.origins) == [t.name for t in VOCABULARY.terms]
    # general vocabulary of the genre: no entry names a particular document
    assert set(VOCABULARY.origins.values()) == {"genre"}


@pytest.mark.parametrize("says, measure", VOCABULARY.measure_says)
def test_every_measure_word_means_a_measure(says: str, measure: str) -> None:
    assert says and measure in VOCABULARY.measures


def test_amount_measures_are_measures() -> None:
    assert VOCABULARY.amount_measures == {"预算数", "决算数", "调整预算数"}
    assert VOCABULARY.amount_measures <= set(VOCABULARY.measures)


def _line(prefix: str) -> int:
    """The 1-based number of the file's line starting with prefix."""
    return next(i for i, line in enumerate(TEXT.splitlines(), 1) if line.startswith(prefix))


OFFICE = _line("办公费\t")
PRINTING = _line("印刷费\t")
OFFICE_ROW = TEXT.splitlines()[OFFICE - 1]


def _edit(number: int, new: str | None = None, *, after: str | None = None) -> str:
    lines = TEXT.splitlines()
    if new is not None:
        lines[number - 1] = new
    if after is not None:
        lines.insert(number, after)
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    "text, line, problem",
    [
        (_edit(OFFICE, OFFICE_ROW.replace("\t", "    ")), OFFICE, "wrong column count in [terms]: 1 "),
        (_edit(OFFICE, OFFICE_ROW + "\t"), OFFICE, "wrong column count in [terms]: 8 "),
        (_edit(OFFICE, OFFICE_ROW.replace("\t经济\t", "\t经费\t")), OFFICE, "unknown kind '经费'"),
        (_edit(OFFICE, OFFICE_ROW.replace("办公费\t", "\t", 1)), OFFICE, "empty name"),
        (
            _edit(PRINTING, after=OFFICE_ROW),
            PRINTING + 1,
            f"duplicate term name '办公费' (first on line {OFFICE})",
        ),
        (_edit(OFFICE, OFFICE_ROW.replace("\tgenre\t", "\t\t")), OFFICE, "empty origin"),
        (_edit(OFFICE, OFFICE_ROW.rsplit("\t", 1)[0] + "\t "), OFFICE, "empty says"),
        (
            _edit(_line("实际花\t"), "实际花\t决算额"),
            _line("实际花\t"),
            "unknown measure '决算额' for '实际花'",
        ),
        (
            TEXT.replace("[measure_says]\n", "[measure_says]\nsays\tmeasure\textra\n"),
            _line("[measure_says]") + 1,
            "the column-name line of [measure_says] must be says TAB measure",
        ),
    ],
    ids=[
        "spaces-for-tabs",
        "extra-column",
        "unknown-kind",
        "empty-name",
        "duplicate-name",
        "empty-origin",
        "empty-says",
        "unknown-measure",
        "bad-header",
    ],
)
def test_a_bad_file_fails_with_one_line_naming_file_line_and_problem(
    tmp_path: Path, text: str, line: int, problem: str
) -> None:
    bad = tmp_path / "lexicon.tsv"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(VocabularyError) as caught:
        load_vocabulary(bad)
    message = str(caught.value)
    assert message.startswith(f"{bad}:{line}: {problem}"), message
    assert "\n" not in message


def test_the_unedited_copy_loads_the_same(tmp_path: Path) -> None:
    copy = tmp_path / "lexicon.tsv"
    copy.write_text(TEXT, encoding="utf-8-sig")  # a byte-order mark, as spreadsheet programs write it
    assert load_vocabulary(copy) == VOCABULARY


# the asking words (qa/phrasing.tsv): the same one-line errors, and the file is what the question reader uses
@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("greeting 你好", "no TAB after 'greeting 你好'"),
        ("greetings\t你好", "unknown slot 'greetings'"),
        ("greeting\t ", "empty slot 'greeting'"),
    ],
)
def test_a_bad_phrasing_file_fails_with_one_line(tmp_path: Path, line: str, problem: str) -> None:
    text = PHRASING_FILE.read_text(encoding="utf-8")
    bad = tmp_path / "phrasing.tsv"
    bad.write_text(text.replace("greeting\t你好 您好 老师好", line, 1), encoding="utf-8")
    with pytest.raises(VocabularyError) as caught:
        load_phrasing(bad)
    message = str(caught.value)
    assert "\n" not in message and str(bad) in message and problem in message, message


def test_a_phrasing_file_missing_a_slot_names_it(tmp_path: Path) -> None:
    bad = tmp_path / "phrasing.tsv"
    bad.write_text(
        PHRASING_FILE.read_text(encoding="utf-8").replace("hedge_lead\t", "# hedge_lead\t"), "utf-8"
    )
    with pytest.raises(VocabularyError, match="missing slot.*hedge_lead"):
        load_phrasing(bad)


@pytest.mark.parametrize(
    "opening",
    [
        *(f"{w}," for w in load_phrasing(PHRASING_FILE)["greeting"]),
        *(f"{w}一下" for w in load_phrasing(PHRASING_FILE)["ask_alone"]),
        *(f"{w}帮我" for w in load_phrasing(PHRASING_FILE)["may_i"]),
    ],
)
def test_every_opening_word_in_the_file_is_chatter(opening: str) -> None:
    """The question reader takes its words from the file: each greeting or asking word there is stripped."""
    from budgetqa.qa.question import strip_chatter

    assert strip_chatter(f"{opening}某厅2023年三公经费多少") == "某厅2023年三公经费多少"


# the operation words (qa/operations.tsv): the same loader and errors; the question reader takes its words from it
def test_an_operations_file_missing_a_slot_names_it(tmp_path: Path) -> None:
    bad = tmp_path / "operations.tsv"
    bad.write_text(OPERATIONS_FILE.read_text(encoding="utf-8").replace("why_word\t", "# why_word\t"), "utf-8")
    with pytest.raises(VocabularyError, match="missing slot.*why_word") as caught:
        load_phrasing(bad, OPERATION_SLOTS)
    assert str(bad) in str(caught.value)


def test_a_phrasing_slot_is_unknown_in_the_operations_file(tmp_path: Path) -> None:
    bad = tmp_path / "operations.tsv"
    bad.write_text(OPERATIONS_FILE.read_text(encoding="utf-8") + "greeting\t你好\n", "utf-8")
    with pytest.raises(VocabularyError, match="unknown slot 'greeting'"):
        load_phrasing(bad, OPERATION_SLOTS)


_OPERATIONS = load_phrasing(OPERATIONS_FILE, OPERATION_SLOTS)


@pytest.mark.parametrize(
    ("asked", "op"),
    [
        *((f"某厅2023年三公经费比上年的{w}是多少", "rate") for w in _OPERATIONS["rate_word"]),
        *((f"某厅2023年三公经费比上年的{w}是多少", "rate") for w in _OPERATIONS["rate_tail"]),
        *((f"某厅2023年三公经费和会议费{w}", "sum") for w in _OPERATIONS["sum_word"]),
        *((f"某厅2023年哪项支出最{w}", "rank") for w in _OPERATIONS["most"]),
        *((f"某厅2023年哪项支出最{w}", "rank") for w in _OPERATIONS["least"]),
        *((f"某厅2023年三公经费是会议费的{w}", "times") for w in _OPERATIONS["times_word"]),
        *((f"某厅2023年三公经费{w}减少了", "why") for w in _OPERATIONS["why_word"]),
    ],
)
def test_every_operation_word_in_the_file_asks_its_operation(asked: str, op: str) -> None:
    from budgetqa.qa.question import Op, parse

    parsed = parse(asked)
    assert parsed.why if op == "why" else Op(op) in parsed.ops, (asked, parsed.ops)


@pytest.mark.parametrize("word", _OPERATIONS["change_word"])
def test_every_change_word_beside_a_why_asks_the_reason_of_a_change(word: str) -> None:
    from budgetqa.qa.question import parse

    assert parse(f"某厅2023年公务接待费为啥{word}了？").why_change


def test_the_amount_asked_is_no_change_beside_a_why() -> None:
    from budgetqa.qa.question import parse

    # 年初预算是多少？为什么没花完: the 多 and 少 of 多少 ask an amount
    assert not parse("某厅2023年信息化项目年初预算是多少？为什么没花完？").why_change
