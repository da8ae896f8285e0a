"""End to end in a real headless Chromium: staff log in and upload the sample PDF, the public asks and sees
the cited answer with the page preview, and a public session cannot reach the staff area.

Needs Debian's `chromium` (never a downloaded browser) and Playwright for Python. Screenshots go to
/tmp/ui_*.png for a human to look at.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from live_server import live_server

import budgetqa.ingest
from budgetqa.ui.auth import hash_password

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
STAFF_USER, STAFF_PASSWORD = "staff", "a long test password"
TIMEOUT_MS = 60_000


def _require_browser() -> None:
    reason = None
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: apt-get install chromium"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "playwright is not installed: pip install playwright (no browser download needed)"
    if reason and os.environ.get("CI") == "true":
        pytest.fail(reason)
    if reason:
        pytest.skip(reason)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    _require_browser()
    tmp = tmp_path_factory.mktemp("browser")
    users = tmp / "users.txt"
    users.write_text(f"{STAFF_USER}:{hash_password(STAFF_PASSWORD, iterations=1000)}\n", encoding="utf-8")
    with live_server(tmp / "home", users, tmp / "server.log") as url:
        yield url


def _sample_pdf() -> Path:
    return next((Path(budgetqa.ingest.__file__).parent / "sample").glob("*.pdf"))


def test_staff_upload_then_public_cited_answer(server: str) -> None:
    from playwright.sync_api import ViewportSize, expect, sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            viewport: ViewportSize = {"width": 1400, "height": 1000}
            public = browser.new_context(viewport=viewport, locale="zh-CN").new_page()
            staff = browser.new_context(viewport=viewport, locale="zh-CN").new_page()
            for page in (public, staff):
                page.set_default_timeout(TIMEOUT_MS)

            # A public session sees only a login form, and the API lists only the question endpoint.
            public.goto(server)
            public.get_by_role("tab", name="工作人员").click()
            expect(public.locator("#staff-login-button")).to_be_visible()
            expect(public.locator("#staff-area")).to_be_hidden()
            info = public.evaluate("async () => (await fetch('gradio_api/info')).json()")
            assert list(info["named_endpoints"]) == ["/ask"], json.dumps(info)[:300]

            # Staff: a wrong password is refused, the right one opens the staff area.
            staff.goto(server)
            staff.get_by_role("tab", name="工作人员").click()
            staff.locator("#staff-user textarea, #staff-user input").first.fill(STAFF_USER)
            staff.locator("#staff-password input").fill("wrong password")
            staff.locator("#staff-login-button").click()
            expect(staff.locator("#staff-login-message")).to_contain_text("错误")
            staff.locator("#staff-password input").fill(STAFF_PASSWORD)
            staff.locator("#staff-login-button").click()
            expect(staff.locator("#staff-area")).to_be_visible()

            pdf = _sample_pdf()
            staff.locator("#staff-upload input[type=file]").set_input_files(str(pdf))
            expect(staff.locator("#staff-upload")).to_contain_text(pdf.stem[:10])
            staff.locator("#staff-ingest").click()
            expect(staff.locator("#staff-ingest-report")).to_contain_text("已收录", timeout=120_000)
            expect(staff.locator("#staff-docs")).to_contain_text(pdf.name)
            expect(staff.locator("#staff-docs")).to_contain_text("正常")
            staff.screenshot(path="/tmp/ui_staff.png", full_page=True)

            # Public: ask, and see the cited answer and the rendered page.
            public.get_by_role("tab", name="问答").click()
            public.reload()
            started = time.monotonic()
            public.locator("#question textarea").fill("三公经费是多少？")
            public.locator("#ask").click()
            answer = public.locator("#chat .message").last
            expect(answer).to_contain_text("出处")
            expect(answer).to_contain_text("页")
            expect(public.locator("#citations")).to_contain_text("表")
            preview = public.locator("#page-preview img")
            expect(preview).to_be_visible()
            public.wait_for_function("() => document.querySelector('#page-preview img')?.naturalWidth > 500")
            seconds = time.monotonic() - started
            print(f"\ntime to first answer with preview in the browser: {seconds:.2f} s")
            public.screenshot(path="/tmp/ui_chat.png", full_page=True)

            public.get_by_role("tab", name="图表").click()
            expect(public.locator("#chart-doc input")).to_have_value(re.compile(r"\S"))
            public.wait_for_timeout(1500)  # let vega draw
            public.screenshot(path="/tmp/ui_charts.png", full_page=True)

            # Questions keep being answered while staff re-ingest the document.
            staff.locator("#staff-doc-pick input").click()
            staff.get_by_role("option").first.click()
            expect(staff.locator("#staff-doc-detail")).to_contain_text("勾稽校验")
            staff.get_by_role("button", name="重新收录").click()
            public.get_by_role("tab", name="问答").click()
            messages = public.locator("#chat .message")
            before = messages.count()
            started = time.monotonic()
            public.locator("#question textarea").fill("一般公共预算支出总计是多少？")
            public.locator("#ask").click()
            expect(messages).not_to_have_count(before, timeout=15_000)
            expect(public.locator("#chat")).to_contain_text("一般公共预算支出总计是多少？")
            during = time.monotonic() - started
            finished = "已收录" in (staff.locator("#staff-manage-message").text_content() or "")
            print(f"answer while re-ingesting: {during:.2f} s (re-ingest already finished: {finished})")
            expect(staff.locator("#staff-manage-message")).to_contain_text("已收录", timeout=120_000)
            staff.screenshot(path="/tmp/ui_staff_detail.png", full_page=True)

            # Still public: the staff area stays closed after the upload happened elsewhere.
            public.get_by_role("tab", name="工作人员").click()
            expect(public.locator("#staff-area")).to_be_hidden()
            public.screenshot(path="/tmp/ui_public_staff_tab.png", full_page=True)
        finally:
            browser.close()
