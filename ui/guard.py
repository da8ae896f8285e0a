"""An ASGI middleware in front of the web app: security headers, a bounded anonymous upload route, and the
JSON API (requests under /api/ go to it).

Gradio's own `/gradio_api/upload` accepts files from any client (the staff upload widget needs it). Here it
is refused when no staff area is configured, and limited per client address otherwise; uploaded files are
also deleted after a short while (see `ui.app.serve`). Every response gets headers against framing (the
staff login page must not be clickjacked), MIME sniffing and referrer leaks.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from budgetqa.ui.limits import RateLimiter

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

SECURITY_HEADERS = (
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", b"frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
)
UPLOADS = RateLimiter(limit=20, window=600.0)  # per client address: a staff member uploads a few files


def client_of(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "?"


class PublicGuard:
    """Wraps the app: `uploads_enabled` says whether the upload route may be used at all."""

    def __init__(
        self,
        app: ASGIApp,
        uploads_enabled: bool = True,
        uploads: RateLimiter = UPLOADS,
        api: ASGIApp | None = None,
        api_prefix: str = "/api/",
    ) -> None:
        self.app = app
        self.uploads_enabled = uploads_enabled
        self.uploads = uploads
        self.api = api  # the JSON API app: requests under api_prefix go to it, with the same headers
        self.api_prefix = api_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("type") != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        if path.rstrip("/").endswith("/upload") and scope.get("method") == "POST":
            if not self.uploads_enabled:
                await _refuse(send, 403, "uploads are for staff; this server has no staff area")
                return
            if not self.uploads.allow(client_of(scope)):
                await _refuse(send, 429, "too many uploads from this address; wait a few minutes")
                return

        async def with_headers(message: Message) -> None:
            if message.get("type") == "http.response.start":
                headers = [
                    h for h in message.get("headers", []) if h[0].lower() not in dict(SECURITY_HEADERS)
                ]
                message["headers"] = [*headers, *SECURITY_HEADERS]
            await send(message)

        if self.api is not None and path.startswith(self.api_prefix):
            await self.api(scope, receive, with_headers)
            return
        await self.app(scope, receive, with_headers)


async def _refuse(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), *SECURITY_HEADERS],
        }
    )
    await send({"type": "http.response.body", "body": body})
