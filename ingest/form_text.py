"""The text of form pages (财政项目支出绩效目标填报表 / 项目支出绩效目标表): a project's targets and indicators
(开展活动 =300.00(场), 15个居民区全覆盖) are words in a grid, not figures of a table. They are kept as narrative
chunks of their page, verbatim, under the form's title and the project it names, so that a question about a
project's indicators finds the page and quotes it. The grid's money cells stay table facts as before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from budgetqa.store import FORM_KIND, Chunk, TableInfo

__all__ = ["form_chunks"]

# a form of one project's performance targets, whatever the province calls it
_FORM = re.compile(r"绩效目标")
# 项目名称 各类工作经费 项目性质 …: the name printed after its label, up to the next label or the line's end
_NAME = re.compile(r"项目名称\s*[:：]?\s*(.+?)\s*(?=项目性质|主管部门|项目类别|实施单位|项目属性|\n|$)")
_PIECE = 600  # characters of one chunk at most, as the narrative's


def _pieces(text: str) -> list[str]:
    """The page's lines, joined into pieces of at most `_PIECE` characters (a longer line stands alone)."""
    pieces: list[str] = []
    buf: list[str] = []
    size = 0
    for line in (x.strip() for x in text.split("\n")):
        if not line:
            continue
        if buf and size + len(line) + 1 > _PIECE:
            pieces.append("\n".join(buf))
            buf, size = [], 0
        buf.append(line)
        size += len(line) + 1
    if buf:
        pieces.append("\n".join(buf))
    return pieces


def form_chunks(doc_id: str, tables: Sequence[TableInfo], pages: Sequence[str]) -> list[Chunk]:
    """Narrative chunks of the pages the performance-target forms are printed on (physical page numbers; `pages`
    are the document's page texts, page 1 first). A page that names no project continues the one before it."""
    chunks: list[Chunk] = []
    done: set[int] = set()
    for table in tables:
        if not _FORM.search(table.title or "") or table.page_start is None:
            continue
        project = ""
        for page in range(table.page_start, (table.page_end or table.page_start) + 1):
            if page in done or not 0 < page <= len(pages):
                continue
            done.add(page)
            text = pages[page - 1]
            named = _NAME.search(text)
            if named:
                project = named.group(1).strip()
            section = f"{table.title} > {project}" if project else table.title
            for k, piece in enumerate(_pieces(text)):
                if project and k > 0:
                    # each piece of the form opens with the project's name as the form prints it, so that a
                    # search for the project's indicators finds the piece that lists them
                    piece = f"项目名称 {project}\n{piece}"
                chunks.append(
                    Chunk(
                        chunk_id=f"{doc_id}:f{page}.{k}",
                        doc_id=doc_id,
                        text=piece,
                        kind=FORM_KIND,
                        page_start=page,
                        page_end=page,
                        section=section,
                    )
                )
    return chunks
