"""read_pdf: page texts, printed page labels, the 目录, textless pages, and one-line errors for bad files."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest
from real_samples import real_pdf

from budgetqa.ingest.errors import IngestError
from budgetqa.ingest.normalize import normalize_text
from budgetqa.ingest.pdf_pages import PdfPages, _bare_number_footers, read_pdf

_RADICALS = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf]")


@pytest.fixture(scope="module")
def seed_pages(seed_pdf: Path) -> PdfPages:
    return read_pdf(seed_pdf)


def _real(real_dir: Path, prefix: str) -> Path:
    return real_pdf(real_dir, prefix)


def test_seed_page_labels_match_truth(seed_pages: PdfPages, seed_truth: dict) -> None:
    assert len(seed_pages.pages) == seed_truth["pages"]
    assert seed_pages.page_labels == seed_truth["printed_page_labels"]


def test_seed_furniture_removed_and_toc_found(seed_pages: PdfPages) -> None:
    assert seed_pages.toc_pages == [2]
    assert seed_pages.textless_pages == [] and seed_pages.warnings == []
    for page in seed_pages.pages:
        assert not re.search(r"^— \d+ —$|^[IVX]+$", page, re.M)
    assert "— 1 —" in seed_pages.raw_pages[9]  # the raw text keeps what pypdf gave


def test_seed_sentences_are_whole(seed_pages: PdfPages) -> None:
    page3 = seed_pages.pages[2]
    assert "第一部分 部门概况" in page3
    assert "比2022 年〔减少 1,764〕万元" in page3 or "比 2022 年〔减少 1,764〕万元" in page3
    assert "起草相关的地方性法规、规章草案。" in page3


def test_jiangsu_punctuation_breaks_rejoined(real_dir: Path) -> None:
    pages = read_pdf(_real(real_dir, "2017_")).pages
    text = "\n".join(pages)
    assert "省人大常委会是省人民代表大会的常设机构，主要职责是：" in text
    assert (
        "（四）讨论、决定本省行政区域内的政治、经济、教育、科学、文化、卫生、环境和资源保护、民政、民族等工作的重大事项；"
        in text
    )
    assert "拟制定和修改11件法规，并对15个立法项目开展调研。" in re.sub(r" ", "", text)  # "修改 11 件"
    assert "\n，" not in text and "\n、" not in text and "\n）" not in text
    # pypdf's own text of the same page is broken at every mark; normalize_text alone mends it.
    raw = pypdf.PdfReader(_real(real_dir, "2017_")).pages[1].extract_text()
    assert "常设机构\n，\n主要职责" in raw
    mended = normalize_text(raw)
    assert "省人大常委会是省人民代表大会的常设机构，主要职责是：" in mended
    assert (
        "（四）讨论、决定本省行政区域内的政治、经济、教育、科学、文化、卫生、环境和资源保护、民政、民族等工作的"
        in mended
    )


def test_real_documents(real_dir: Path) -> None:
    jiangsu = read_pdf(_real(real_dir, "2017_"))
    assert jiangsu.toc_pages == [1]
    assert all(label == "" for label in jiangsu.page_labels)  # no printed page numbers
    final = read_pdf(_real(real_dir, "2024_"))
    assert final.textless_pages == [14]
    assert any(w.startswith("扫描件: page 14 of 2024_") and "OCR found no text" in w for w in final.warnings)
    assert final.toc_pages == [2, 3]
    office = read_pdf(_real(real_dir, "2025_"))
    assert office.toc_pages == [2] and office.textless_pages == []
    for doc in (jiangsu, final, office):
        assert not any(_RADICALS.search(page) for page in doc.pages)


# ---- bad input: each is one IngestError line naming the file and the fix ----


def _blank_pdf(path: Path, pages: int) -> Path:
    writer = pypdf.PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    writer.write(path)
    return path


def _encrypted(seed_pdf: Path, path: Path, user: str) -> Path:
    writer = pypdf.PdfWriter(clone_from=seed_pdf)
    writer.encrypt(user_password=user, owner_password="owner-secret", algorithm="AES-256")
    writer.write(path)
    return path


def _assert_one_line(exc: IngestError, name: str, fix: str) -> None:
    message = str(exc)
    assert "\n" not in message and name in message and fix in message


def test_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "x.pdf"
    path.write_text("预算 this is really text", encoding="utf-8")
    with pytest.raises(IngestError) as err:
        read_pdf(path)
    _assert_one_line(err.value, "x.pdf is not a PDF (starts with", "export it as PDF")


def test_truncated(tmp_path: Path, seed_pdf: Path) -> None:
    data = seed_pdf.read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(IngestError) as err:
        read_pdf(path)
    _assert_one_line(err.value, "cut.pdf is truncated", "download or export it again")


def test_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "junk.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 100 + b"\n%%EOF\n")
    with pytest.raises(IngestError) as err:
        read_pdf(path)
    _assert_one_line(err.value, "junk.pdf", "again")


def test_zero_pages(tmp_path: Path) -> None:
    path = _blank_pdf(tmp_path / "empty.pdf", 0)
    with pytest.raises(IngestError) as err:
        read_pdf(path)
    _assert_one_line(err.value, "empty.pdf has no pages", "export it again")


def test_no_text_layer_anywhere(tmp_path: Path) -> None:
    path = _blank_pdf(tmp_path / "scan.pdf", 3)
    with pytest.raises(IngestError) as err:
        read_pdf(path)
    _assert_one_line(
        err.value, "scan.pdf has no text layer on any page (a scan?)", "OCR found no text either"
    )
    with pytest.raises(IngestError) as err:
        read_pdf(path, ocr="off")
    _assert_one_line(err.value, "scan.pdf has no text layer on any page (a scan?)", "--ocr auto")


def test_some_pages_without_text_are_warnings(tmp_path: Path, seed_pdf: Path) -> None:
    writer = pypdf.PdfWriter(clone_from=seed_pdf)
    writer.add_blank_page(595, 842)
    path = tmp_path / "mixed.pdf"
    writer.write(path)
    doc = read_pdf(path)
    assert doc.textless_pages == [31]
    assert doc.warnings == ["扫描件: page 31 of mixed.pdf has no text layer; OCR found no text either"]


def test_encrypted_needs_password(tmp_path: Path, seed_pdf: Path) -> None:
    path = _encrypted(seed_pdf, tmp_path / "locked.pdf", "pw")
    with pytest.raises(IngestError) as err:
        read_pdf(path)
    _assert_one_line(err.value, "locked.pdf is encrypted", "--password")
    with pytest.raises(IngestError) as err:
        read_pdf(path, password="wrong")
    _assert_one_line(err.value, "locked.pdf: the password is wrong", "right --password")
    assert len(read_pdf(path, password="pw").pages) == 30


def test_cli_ingests_an_encrypted_pdf_with_its_password(tmp_path: Path, seed_pdf: Path) -> None:
    from click.testing import CliRunner

    from budgetqa.ui.cli import cli

    path = _encrypted(seed_pdf, tmp_path / "locked.pdf", "pw")
    home = ["--home", str(tmp_path / "home"), "--embedder", "hash"]
    refused = CliRunner().invoke(cli, ["ingest", str(path), *home])
    assert refused.exit_code == 1 and "--password" in refused.output
    done = CliRunner().invoke(cli, ["ingest", str(path), "--password", "pw", *home])
    assert done.exit_code == 0 and "✓ locked.pdf" in done.output


def test_encrypted_with_empty_password_opens(tmp_path: Path, seed_pdf: Path) -> None:
    path = _encrypted(seed_pdf, tmp_path / "owner_only.pdf", "")
    doc = read_pdf(path)
    assert "第一部分 部门概况" in doc.pages[2]


# ---- page numbers the text stream puts first, not last ----


def test_bare_page_numbers_first_in_the_stream_count_up_and_are_dropped() -> None:
    pages = [
        [" ", " 1", "正文一", "各增加3608.98万元，增长"],
        [" 2", "17.31%。主要原因是…"],
        [" 3", "正文三"],
        ["正文四", "4"],
    ]
    assert _bare_number_footers(pages) == {0: (1, "1"), 1: (0, "2"), 2: (0, "3"), 3: (1, "4")}
    # numbers that do not count up with the pages are content, not page numbers
    assert _bare_number_footers([["7", "正文"], ["3", "正文"], ["12", "正文"]]) == {}


def test_a_sentence_across_pages_is_not_cut_by_the_next_pages_number(real_dir: Path) -> None:
    # this publication's text file prints each page number first in the page's text stream: "增长" | "4" | "17.31%"
    text = "\n".join(read_pdf(real_dir / "2018_中共江苏省委办公厅_部门预算_文字部分.pdf").pages)
    assert "各增加3608.98万元，增长17.31%" in re.sub(r"\s", "", text)
    assert not re.search(r"增长\s*\d{1,2}\s+\d", text)


def test_a_page_number_glued_to_the_text_beside_it_is_a_label_not_text(real_dir: Path) -> None:
    # this file's pages begin "─ 3 ─常委会研究室…": the footer and the next page's first words on one line
    pages = read_pdf(real_dir / "2019_江苏省人大常委会办公厅_部门预算_文字部分.pdf")
    text = "\n".join(pages.pages)
    assert "─" not in text
    assert "江苏省人大常委会研究室刊物编辑室" in re.sub(r"\s", "", text)
    assert pages.page_labels[2:5] == ["─ 1 ─", "─ 2 ─", "─ 3 ─"]
