"""Staff accounts: PBKDF2 password hashes from a users file or BUDGETQA_STAFF_USERS, and login sessions.

There is no default account: with no users configured the staff area stays locked. Each staff handler
checks its session token on the server (`StaffSessions.require`), so hiding the UI is not the only guard.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ENV_USERS = "BUDGETQA_STAFF_USERS"
ALGORITHM = "pbkdf2_sha256"
# OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256; stored per hash, so it can rise later.
DEFAULT_ITERATIONS = 600_000
MIN_PASSWORD_LENGTH = 8
SESSION_SECONDS = 8 * 3600
MAX_FAILURES = 5  # failed logins per client address inside FAILURE_WINDOW before its attempts are refused
FAILURE_WINDOW = 300.0


class AuthConfigError(ValueError):
    """A users file or BUDGETQA_STAFF_USERS entry that cannot be read."""


class StaffOnlyError(PermissionError):
    """A staff function was called without a valid login session."""


def hash_password(password: str, iterations: int = DEFAULT_ITERATIONS, salt: bytes | None = None) -> str:
    """`pbkdf2_sha256$ITER$SALT_HEX$HASH_HEX`; prefix it with `name:` to make a users-file line."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"the password is too short: use at least {MIN_PASSWORD_LENGTH} characters")
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return f"{ALGORITHM}${iterations}${salt.hex()}${digest.hex()}"


def verify_password(password: str, encoded: str) -> bool:
    """Constant-time check of a password against an encoded hash; malformed hashes never match."""
    try:
        algorithm, iterations, salt_hex, hash_hex = encoded.split("$")
        if algorithm != ALGORITHM:
            return False
        salt, expected = bytes.fromhex(salt_hex), bytes.fromhex(hash_hex)
        rounds = int(iterations)
    except ValueError:
        return False
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, rounds)
    return hmac.compare_digest(digest, expected)


def parse_users(text: str, origin: str) -> dict[str, str]:
    """`name:hash` entries, one per line (or separated by commas/semicolons); `#` starts a comment."""
    users: dict[str, str] = {}
    for raw in text.replace(";", "\n").replace(",", "\n").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        name, sep, encoded = line.partition(":")
        name, encoded = name.strip(), encoded.strip()
        parts = encoded.split("$")
        if not sep or not name or len(parts) != 4 or parts[0] != ALGORITHM or not parts[1].isdigit():
            raise AuthConfigError(
                f"{origin}: bad entry {name or line[:20]!r}; expected name:{ALGORITHM}$ITER$SALT$HASH "
                "(make one with: budgetqa hash-password)"
            )
        users[name] = encoded
    return users


def load_users(
    users_file: str | os.PathLike[str] | None = None, env: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Accounts from `--users FILE`, else from BUDGETQA_STAFF_USERS; empty when neither is set.

    BUDGETQA_STAFF_USERS may hold the entries themselves or the path of a users file; a value containing
    `:pbkdf2_sha256$` is entries (no sane file name contains that), anything else is a path.
    """
    value = str(users_file) if users_file else (env if env is not None else os.environ).get(ENV_USERS, "")
    origin = str(users_file) if users_file else ENV_USERS
    if not value.strip():
        return {}
    if f":{ALGORITHM}$" in value:
        return parse_users(value, origin)
    path = Path(value).expanduser()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise AuthConfigError(
            f"cannot read the staff users file {path} ({origin}): {exc.strerror}; check --users FILE"
        ) from exc
    return parse_users(text, str(path))


@dataclass(frozen=True)
class StaffSession:
    user: str
    expires: float


class StaffSessions:
    """Login tokens kept on the server; a browser only ever holds the opaque token in its gr.State."""

    def __init__(self, users: Mapping[str, str], ttl: float = SESSION_SECONDS) -> None:
        self._users = dict(users)
        self._ttl = ttl
        self._sessions: dict[str, StaffSession] = {}
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()
        # Verifying against a dummy hash for unknown names keeps the timing the same as for real ones.
        self._dummy = hash_password(
            secrets.token_hex(8), iterations=_iterations_of(next(iter(users.values()), ""))
        )

    @property
    def enabled(self) -> bool:
        return bool(self._users)

    def login(self, user: str, password: str, now: float | None = None, client: str = "?") -> str | None:
        """A new session token, or None for a wrong name/password or too many recent failures.

        Failures are counted per client address, not per name: a stranger guessing passwords throttles
        only themself, and the right password from anywhere else still logs in.
        """
        now = time.monotonic() if now is None else now
        user = user.strip()
        with self._lock:
            recent = [t for t in self._failures.get(client, []) if now - t < FAILURE_WINDOW]
            self._failures[client] = recent
            if len(recent) >= MAX_FAILURES:
                return None
        encoded = self._users.get(user)
        ok = (
            verify_password(password, encoded if encoded is not None else self._dummy) and encoded is not None
        )
        with self._lock:
            if not ok:
                self._failures[client].append(now)
                return None
            self._failures.pop(client, None)
            token = secrets.token_urlsafe(32)
            self._sessions[token] = StaffSession(user, now + self._ttl)
            return token

    def user_for(self, token: str | None, now: float | None = None) -> str | None:
        if not token:
            return None
        now = time.monotonic() if now is None else now
        with self._lock:
            session = self._sessions.get(token)
            if session is None:
                return None
            if session.expires <= now:
                del self._sessions[token]
                return None
            return session.user

    def require(self, token: str | None) -> str:
        """The logged-in user's name; raises StaffOnlyError otherwise. Call it first in every staff handler."""
        user = self.user_for(token)
        if user is None:
            raise StaffOnlyError("仅限工作人员：请先登录（登录已过期或未登录）")
        return user

    def logout(self, token: str | None) -> None:
        with self._lock:
            self._sessions.pop(token or "", None)


def _iterations_of(encoded: str) -> int:
    parts = encoded.split("$")
    return int(parts[1]) if len(parts) == 4 and parts[1].isdigit() else DEFAULT_ITERATIONS
