"""The Gradio web app: public chat with cited answers and page previews, charts, and a staff area.

`build_app` wires the plain handler functions (handlers, preview, charts, staff) to components; the
functions themselves are unit-tested without a browser. The staff area is a login form until a login
succeeds; its handlers check the session token on the server either way.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd
from starlette.middleware import Middleware

from budgetqa.ingest.publications import publications
from budgetqa.store import Store
from budgetqa.ui import charts, handlers, preview, staff
from budgetqa.ui.api import build_api
from budgetqa.ui.auth import StaffOnlyError, StaffSessions, load_users
from budgetqa.ui.guard import PublicGuard
from budgetqa.ui.limits import RateLimiter

CSS_PATH = Path(__file__).with_name("app.css")
# Local fonts only: the default theme fetches Google Fonts, which an offline server cannot reach.
FONTS = ["Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "system-ui", "sans-serif"]


def _guard(call: Callable[[], Any]) -> Any:
    """Run a staff call; a missing or expired login becomes a visible error instead of a 500."""
    try:
        return call()
    except StaffOnlyError as exc:
        raise gr.Error(str(exc)) from exc


def _doc_choices(store: Store) -> list[tuple[str, str]]:
    return [(f"{handlers.doc_label(d)}（{d.source}）", d.doc_id) for d in store.documents()]


def _publication_choices(store: Store) -> list[tuple[str, str]]:
    """Staff choose publications (the files of one together), as the staff document list shows them."""
    return [
        (f"{handlers.doc_label(p.first)}（{' + '.join(p.sources)}）", p.publication_id)
        for p in publications(store.documents())
    ]


def build_app(
    store: Store,
    *,
    users: dict[str, str] | None = None,
    users_file: str | os.PathLike[str] | None = None,
    answerer_factory: Callable[[Store], handlers.AnswererLike] | None = None,
    ingest_fn: staff.IngestFn | None = None,
    eval_fn: staff.EvalFn | None = None,
    max_upload_bytes: int = staff.MAX_UPLOAD_BYTES,
    limiter: RateLimiter | None = None,
    answerers: handlers.AnswererCache | None = None,
) -> gr.Blocks:
    """The whole app for one store. `users` (name -> hash) overrides `users_file`/BUDGETQA_STAFF_USERS.

    `limiter` bounds each client's public questions (none: no limit); `answerers` may be shared with the
    JSON API so both answer from one engine."""
    sessions = StaffSessions(users if users is not None else load_users(users_file))
    writer = staff.WriterStore(store)
    if answerers is None:
        answerers = handlers.AnswererCache(store, answerer_factory or handlers.default_answerer_factory)

    # Uploaded files sit in Gradio's cache until ingested; drop anything older than a day, hourly.
    with gr.Blocks(title="预算问答 BudgetQA", analytics_enabled=False, delete_cache=(300, 900)) as app:
        gr.Markdown(
            "# 预算问答 BudgetQA\n用中文提问政府部门预算、决算文件中的数字，每个答案都注明出处（文件、页码、表格、行、列）。"
        )
        citations_state = gr.State([])
        # each browser tab's conversation: follow-ups continue its last question
        session_state = gr.State(None)
        token_state = gr.State(None)
        with gr.Tabs():
            with gr.Tab("问答", id="qa"):
                with gr.Row():
                    with gr.Column(scale=3):
                        with gr.Row():
                            department = gr.Dropdown(
                                [handlers.ALL], value=handlers.ALL, label="部门", scale=3
                            )
                            year = gr.Dropdown([handlers.ALL], value=handlers.ALL, label="年度", scale=1)
                            refresh = gr.Button("刷新文件列表", scale=1, size="sm")
                        chat = gr.Chatbot(label="对话", elem_id="chat", height=460, feedback_options=None)
                        with gr.Row():
                            question = gr.Textbox(
                                placeholder="例如：三公经费是多少？",
                                show_label=False,
                                scale=5,
                                elem_id="question",
                            )
                            ask = gr.Button("提问", variant="primary", scale=1, elem_id="ask")
                        gr.Examples(list(handlers.EXAMPLE_QUESTIONS), inputs=question, label="示例问题")
                        timing = gr.Markdown(elem_id="timing")
                    with gr.Column(scale=2, elem_id="preview-panel"):
                        gr.Markdown("### 引用预览")
                        cited = gr.Radio([], label="引用（点选查看原文）", type="index", elem_id="citations")
                        caption = gr.Markdown(elem_id="preview-caption")
                        page_image = gr.Image(
                            label="原文页面（框出所引单元格）",
                            type="pil",
                            interactive=False,
                            elem_id="page-preview",
                        )
                        zoom_image = gr.Image(
                            label="局部放大", type="pil", interactive=False, elem_id="page-zoom"
                        )
                        slice_table = gr.Dataframe(
                            label="表格片段（▶ 为所引行）",
                            interactive=False,
                            elem_id="table-slice",
                            wrap=True,
                        )

            with gr.Tab("图表", id="charts"):
                chart_doc = gr.Dropdown([], label="选择文件", elem_id="chart-doc")
                with gr.Row():
                    with gr.Column():
                        function_plot = gr.BarPlot(
                            x="科目", y="金额", title="按功能分类（类）", sort="-y", x_label_angle=-30
                        )
                        function_caption = gr.Markdown()
                    with gr.Column():
                        economic_plot = gr.BarPlot(
                            x="科目", y="金额", title="按经济分类（类）", sort="-y", x_label_angle=-30
                        )
                        economic_caption = gr.Markdown()
                yoy_plot = gr.BarPlot(
                    x=charts.ITEM_SERIES,
                    y="金额",
                    color=charts.SERIES,
                    title="对比（年度 / 预算与决算）",
                    x_label_angle=-30,
                )
                yoy_caption = gr.Markdown()
                yoy_table = gr.Dataframe(label="增减变化", interactive=False)
                with gr.Row():
                    download_format = gr.Radio(
                        list(handlers.DOWNLOAD_FORMATS),
                        value=next(iter(handlers.DOWNLOAD_FORMATS)),
                        label="下载数据",
                    )
                    download = gr.Button("下载数据", elem_id="download-data")
                download_file = gr.File(label="数据文件", interactive=False, elem_id="download-file")

            with gr.Tab("工作人员", id="staff"):
                with gr.Column(visible=True, elem_id="staff-login") as login_box:
                    if sessions.enabled:
                        gr.Markdown("工作人员请登录以上传、管理文件和运行评测。")
                    else:
                        gr.Markdown(
                            "未配置工作人员账号：启动时用 `--users FILE` 或环境变量 BUDGETQA_STAFF_USERS 指定。"
                        )
                    user_box = gr.Textbox(label="用户名", elem_id="staff-user")
                    password_box = gr.Textbox(label="密码", type="password", elem_id="staff-password")
                    login = gr.Button(
                        "登录", variant="primary", elem_id="staff-login-button", interactive=sessions.enabled
                    )
                    login_message = gr.Markdown(elem_id="staff-login-message")
                with gr.Column(visible=False, elem_id="staff-area") as staff_box:
                    who = gr.Markdown()
                    logout = gr.Button("退出登录", size="sm")
                    gr.Markdown("### 上传 PDF")
                    uploads = gr.File(
                        label="PDF 文件（≤50 MB）",
                        file_count="multiple",
                        file_types=[".pdf"],
                        elem_id="staff-upload",
                    )
                    pdf_password = gr.Textbox(
                        label="PDF 密码（仅加密文件需要）", type="password", elem_id="staff-pdf-password"
                    )
                    ingest = gr.Button("上传并收录", variant="primary", elem_id="staff-ingest")
                    ingest_report = gr.Markdown(elem_id="staff-ingest-report")
                    gr.Markdown("### 已收录文件")
                    docs_table = gr.Dataframe(interactive=False, wrap=True, elem_id="staff-docs")
                    with gr.Row():
                        doc_pick = gr.Dropdown([], label="选择文件", scale=3, elem_id="staff-doc-pick")
                        confirm = gr.Checkbox(label="确认删除", scale=1)
                        delete = gr.Button("删除", variant="stop", scale=1)
                        reingest = gr.Button("重新收录", scale=1)
                    manage_message = gr.Markdown(elem_id="staff-manage-message")
                    detail = gr.Markdown(elem_id="staff-doc-detail")
                    gr.Markdown("### 评测")
                    evaluate = gr.Button("运行评测")
                    eval_report = gr.Markdown(elem_id="staff-eval")

        # ---- public ---------------------------------------------------------------------------------
        def refresh_filters() -> tuple[Any, ...]:
            docs = store.documents()
            choices = _doc_choices(store)
            return (
                gr.Dropdown(choices=handlers.department_choices(docs)),
                gr.Dropdown(choices=handlers.year_choices(docs)),
                gr.Dropdown(choices=choices, value=choices[0][1] if choices else None),
            )

        filter_outputs = [department, year, chart_doc]
        app.load(refresh_filters, outputs=filter_outputs, api_visibility="private")
        refresh.click(refresh_filters, outputs=filter_outputs, api_visibility="private")

        def on_ask(
            text: str,
            history: list[dict[str, str]],
            dept: str,
            yr: str,
            conversation: Any,
            request: gr.Request,
        ) -> tuple[Any, ...]:
            from budgetqa.qa import Session

            client = request.client.host if request and request.client else "?"
            session = Session(list(conversation or []))
            result = handlers.ask_question(
                answerers, store, text, history, dept, yr, client=client, limiter=limiter, session=session
            )
            labels = [(handlers.citation_label(c, n), n - 1) for n, c in enumerate(result.citations, start=1)]
            shown = preview.preview_outputs(store, result.citations, 0 if labels else None)
            took = f"用时 {result.seconds:.2f} 秒" if result.seconds else ""
            radio = gr.Radio(choices=labels, value=0 if labels else None)
            return (result.history, result.citations, radio, "", took, *shown, session.turns)

        ask_outputs = [
            chat,
            citations_state,
            cited,
            question,
            timing,
            caption,
            page_image,
            zoom_image,
            slice_table,
            session_state,
        ]
        ask_inputs = [question, chat, department, year, session_state]
        ask.click(on_ask, ask_inputs, ask_outputs, concurrency_limit=4, concurrency_id="ask", api_name="ask")
        question.submit(
            on_ask,
            ask_inputs,
            ask_outputs,
            concurrency_limit=4,
            concurrency_id="ask",
            api_visibility="undocumented",
        )
        cited.input(
            lambda cites, idx: preview.preview_outputs(store, cites, idx),
            [citations_state, cited],
            [caption, page_image, zoom_image, slice_table],
            api_visibility="private",
        )
        chart_outputs = [
            function_plot,
            function_caption,
            economic_plot,
            economic_caption,
            yoy_plot,
            yoy_caption,
            yoy_table,
        ]
        chart_doc.change(
            lambda d: charts.chart_outputs(store, d), chart_doc, chart_outputs, api_visibility="private"
        )
        download.click(
            lambda d, f: handlers.download_data(store, d, f),
            [chart_doc, download_format],
            download_file,
            api_visibility="private",
        )

        # ---- staff ----------------------------------------------------------------------------------
        def docs_outputs(token: str | None, selected: str | None = None) -> tuple[Any, Any]:
            frame = staff.documents_frame(sessions, token, store)
            choices = _publication_choices(store)
            keep = selected if selected in {doc_id for _, doc_id in choices} else None
            return frame, gr.Dropdown(choices=choices, value=keep)

        def on_login(name: str, password: str, request: gr.Request) -> tuple[Any, ...]:
            client = request.client.host if request and request.client else "?"
            token = sessions.login(name or "", password or "", client=client)
            if token is None:
                return (
                    None,
                    gr.Column(visible=True),
                    gr.Column(visible=False),
                    "用户名或密码错误（同一地址多次失败后需等待几分钟）。",
                    "",
                    None,
                    gr.Dropdown(),
                    "",
                )
            frame, pick = docs_outputs(token)
            return (
                token,
                gr.Column(visible=False),
                gr.Column(visible=True),
                "",
                f"已登录：**{name.strip()}**",
                frame,
                pick,
                "",
            )

        login_outputs = [
            token_state,
            login_box,
            staff_box,
            login_message,
            who,
            docs_table,
            doc_pick,
            password_box,
        ]
        for trigger in (login.click, password_box.submit):
            trigger(on_login, [user_box, password_box], login_outputs, api_visibility="private")

        def on_logout(token: str | None) -> tuple[Any, ...]:
            sessions.logout(token)
            return (
                None,
                gr.Column(visible=True),
                gr.Column(visible=False),
                pd.DataFrame(),
                gr.Dropdown(choices=[], value=None),
            )

        logout.click(
            on_logout,
            token_state,
            [token_state, login_box, staff_box, docs_table, doc_pick],
            api_visibility="private",
        )

        def on_ingest(
            files: list[str] | None,
            token: str | None,
            password: str | None,
            progress: gr.Progress = gr.Progress(),  # noqa: B008 - Gradio injects the tracker here
        ) -> str:
            report: str = _guard(
                lambda: staff.ingest_uploads(
                    sessions,
                    token,
                    writer.get(),
                    files or [],
                    progress,
                    ingest_fn,
                    max_upload_bytes,
                    password,
                )
            )
            return report

        staff_private: dict[str, Any] = {
            "api_visibility": "private",
            "concurrency_id": "staff-write",
            "concurrency_limit": 1,
        }
        ingest.click(on_ingest, [uploads, token_state, pdf_password], ingest_report, **staff_private).then(
            lambda t: _guard(lambda: docs_outputs(t)),
            token_state,
            [docs_table, doc_pick],
            api_visibility="private",
        ).then(refresh_filters, outputs=filter_outputs, api_visibility="private")

        def show_detail(token: str | None, doc_id: str | None) -> str:
            text: str = _guard(lambda: staff.document_detail(sessions, token, store, doc_id))
            return text

        doc_pick.change(show_detail, [token_state, doc_pick], detail, api_visibility="private")

        def on_delete(token: str | None, doc_id: str | None, sure: bool) -> tuple[Any, ...]:
            if not sure:
                _guard(lambda: sessions.require(token))
                return "请先勾选「确认删除」。", *docs_outputs(token, doc_id), False
            message = _guard(lambda: staff.delete_document(sessions, token, writer.get(), doc_id))
            return message, *docs_outputs(token), False

        delete.click(
            on_delete,
            [token_state, doc_pick, confirm],
            [manage_message, docs_table, doc_pick, confirm],
            **staff_private,
        ).then(refresh_filters, outputs=filter_outputs, api_visibility="private")

        def on_reingest(
            token: str | None,
            doc_id: str | None,
            progress: gr.Progress = gr.Progress(),  # noqa: B008 - Gradio injects the tracker here
        ) -> tuple[Any, ...]:
            message = _guard(lambda: staff.reingest_document(sessions, token, writer.get(), doc_id, progress))
            return message, *docs_outputs(token, doc_id)

        reingest.click(
            on_reingest, [token_state, doc_pick], [manage_message, docs_table, doc_pick], **staff_private
        ).then(show_detail, [token_state, doc_pick], detail, api_visibility="private")

        evaluate.click(
            lambda t: _guard(lambda: staff.run_evaluation(sessions, t, store, eval_fn)),
            token_state,
            eval_report,
            api_visibility="private",
            concurrency_id="staff-eval",
            concurrency_limit=1,
        )
    return app


def serve(
    store: Store,
    host: str = "127.0.0.1",
    port: int = 7860,
    users_file: str | os.PathLike[str] | None = None,
    public_rate: int = 30,
    **kwargs: Any,
) -> None:
    """Start the web app and the JSON API (blocking). Extra keyword arguments go to `build_app`.

    The chat and the API share one answering engine and one per-client question limit."""
    limiter = RateLimiter(public_rate, 60.0) if public_rate > 0 else None
    answerers = handlers.AnswererCache(
        store, kwargs.pop("answerer_factory", handlers.default_answerer_factory)
    )
    app = build_app(store, users_file=users_file, limiter=limiter, answerers=answerers, **kwargs)
    app.queue(default_concurrency_limit=2)
    staff_enabled = bool(load_users(users_file)) if kwargs.get("users") is None else bool(kwargs["users"])
    api = build_api(store, answerers, limiter)
    app.launch(
        app_kwargs={"middleware": [Middleware(PublicGuard, uploads_enabled=staff_enabled, api=api)]},
        server_name=host,
        server_port=port,
        max_file_size=staff.MAX_UPLOAD_BYTES,
        theme=gr.themes.Soft(font=FONTS, font_mono=["Noto Sans Mono CJK SC", "monospace"]),
        css=CSS_PATH.read_text(encoding="utf-8") if CSS_PATH.exists() else None,
        footer_links=[],
        ssr_mode=False,
        pwa=False,
        mcp_server=False,
        show_error=False,
    )
