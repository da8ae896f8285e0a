"""The read-only JSON HTTP API, served beside the web app under /api/v1 (OpenAPI at /api/v1/openapi.json).

`GET /api/v1/ask?q=…` returns the same answer JSON as `budgetqa ask --json`; documents, facts and a zipped
export of one document are the same records as `budgetqa docs/facts/export`. The public limits of the chat
apply: question length and the per-client question rate. Nothing here writes to the store.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response

from budgetqa.store import DocumentNotFoundError, Store, export_facts, fact_to_json
from budgetqa.ui.handlers import AnswererCache
from budgetqa.ui.limits import QuestionTooLongError, RateLimiter, check_question

PREFIX = "/api/v1"


def build_api(store: Store, answerers: AnswererCache, limiter: RateLimiter | None) -> FastAPI:
    api = FastAPI(
        title="BudgetQA API",
        version="1",
        description="Cited answers and figures from Chinese government budget documents (read-only).",
        openapi_url=f"{PREFIX}/openapi.json",
        docs_url=f"{PREFIX}/docs",
        redoc_url=None,
    )

    def client_of(request: Request) -> str:
        return request.client.host if request.client else "?"

    @api.get(f"{PREFIX}/ask", summary="Answer a question (the CLI's answer JSON)")
    def ask(
        request: Request,
        q: Annotated[str, Query(min_length=1, description="the question, in Chinese")],
        doc: Annotated[list[str] | None, Query(description="only these document ids")] = None,
    ) -> JSONResponse:
        try:
            question = check_question(q)
        except QuestionTooLongError as exc:
            raise HTTPException(status_code=400, detail=str(exc)) from exc
        if not question:
            raise HTTPException(status_code=400, detail="问题是空的：q=你的问题")
        client = client_of(request)
        if limiter is not None and not limiter.allow(client):
            wait = max(1, round(limiter.retry_after(client)))
            raise HTTPException(
                status_code=429,
                detail=f"提问太频繁了，请 {wait} 秒后再问。",
                headers={"Retry-After": str(wait)},
            )
        answer = answerers.get().ask(question, doc_ids=doc or None)
        return JSONResponse(answer.to_json())

    @api.get(f"{PREFIX}/documents", summary="The ingested documents with their health")
    def documents() -> list[dict[str, Any]]:
        return [d.to_json() for d in store.documents()]

    @api.get(f"{PREFIX}/facts", summary="Stored figures of one document (optionally one table)")
    def facts(
        doc: Annotated[str, Query(description="a document id from /documents")],
        table: Annotated[int | None, Query(description="table number")] = None,
    ) -> list[dict[str, Any]]:
        document = _document(store, doc)
        return [fact_to_json(f, document) for f in store.facts(doc_id=doc, table_no=table)]

    @api.get(f"{PREFIX}/export/{{doc}}.zip", summary="One document as a Fiscal Data Package + CSV per table")
    def export(doc: str) -> Response:
        document = _document(store, doc)
        facts = store.facts(doc_id=doc)
        buffer = io.BytesIO()
        with tempfile.TemporaryDirectory(prefix="budgetqa-api-") as tmp:
            written = export_facts([document], facts, "fdp", Path(tmp))
            written += export_facts([document], facts, "csv", Path(tmp))
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for path in dict.fromkeys(written):
                    archive.write(path, path.name)
        return Response(
            buffer.getvalue(),
            media_type="application/zip",
            headers={"Content-Disposition": f'attachment; filename="{doc}.zip"'},
        )

    return api


def _document(store: Store, doc_id: str) -> Any:
    try:
        return store.document(doc_id)
    except DocumentNotFoundError as exc:
        raise HTTPException(
            status_code=404, detail=f"no document {doc_id!r}; list them at {PREFIX}/documents"
        ) from exc
