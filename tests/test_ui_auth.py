"""Staff accounts: hashing, the users file format, sessions, lockout."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetqa.ui.auth import (
    ENV_USERS,
    MAX_FAILURES,
    AuthConfigError,
    StaffOnlyError,
    StaffSessions,
    hash_password,
    load_users,
    parse_users,
    verify_password,
)

FAST = 1000  # iterations: tests do not need production cost


def test_hash_round_trip_and_format() -> None:
    encoded = hash_password("correct horse", iterations=FAST)
    algorithm, iterations, salt, digest = encoded.split("$")
    assert (algorithm, iterations) == ("pbkdf2_sha256", str(FAST))
    assert len(bytes.fromhex(salt)) == 16 and len(bytes.fromhex(digest)) == 32
    assert verify_password("correct horse", encoded)
    assert not verify_password("correct horsE", encoded)
    assert hash_password("correct horse", iterations=FAST) != encoded  # a fresh salt each time


def test_default_iterations_are_production_strength() -> None:
    assert int(hash_password("a long password", salt=b"x" * 16).split("$")[1]) >= 600_000


@pytest.mark.parametrize(
    "encoded", ["", "md5$1$00$00", "pbkdf2_sha256$x$00$00", "pbkdf2_sha256$10$zz$00", "a$b"]
)
def test_malformed_hashes_never_match(encoded: str) -> None:
    assert not verify_password("whatever1", encoded)


def test_short_passwords_are_refused() -> None:
    with pytest.raises(ValueError, match="too short"):
        hash_password("short")


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("", []),
        ("# comment only\n\n", []),
        ("alice:pbkdf2_sha256$10$00$11\n", ["alice"]),
        ("alice:pbkdf2_sha256$10$00$11, bob:pbkdf2_sha256$10$00$22", ["alice", "bob"]),
        ("alice:pbkdf2_sha256$10$00$11  # the editor\n", ["alice"]),
    ],
)
def test_parse_users(text: str, names: list[str]) -> None:
    assert list(parse_users(text, "users.txt")) == names


@pytest.mark.parametrize(
    "text", ["alice", "alice:plaintext", ":pbkdf2_sha256$10$00$11", "bob:pbkdf2_sha256$ten$00$11"]
)
def test_parse_users_rejects_bad_lines_naming_the_origin(text: str) -> None:
    with pytest.raises(AuthConfigError, match="users.txt"):
        parse_users(text, "users.txt")


def test_load_users_from_file_env_or_nothing(tmp_path: Path) -> None:
    line = "carol:" + hash_password("pass word 1", iterations=FAST)
    path = tmp_path / "users"
    path.write_text(line + "\n", encoding="utf-8")
    assert list(load_users(path, env={})) == ["carol"]
    assert list(load_users(None, env={ENV_USERS: line})) == ["carol"]
    assert list(load_users(None, env={ENV_USERS: str(path)})) == ["carol"]  # the variable may name a file
    assert list(load_users(line, env={})) == ["carol"]  # entries passed where a file was expected
    assert load_users(None, env={}) == {}  # no default account
    with pytest.raises(AuthConfigError, match="--users"):
        load_users(tmp_path / "missing", env={})


def _sessions(**kw: float) -> StaffSessions:
    return StaffSessions({"alice": hash_password("pass word 1", iterations=FAST)}, **kw)


def test_login_require_logout() -> None:
    sessions = _sessions()
    assert sessions.enabled
    assert sessions.login("alice", "wrong password") is None
    assert sessions.login("mallory", "pass word 1") is None
    token = sessions.login(" alice ", "pass word 1")
    assert token and sessions.require(token) == "alice"
    sessions.logout(token)
    for bad in (token, None, "", "forged"):
        with pytest.raises(StaffOnlyError):
            sessions.require(bad)


def test_sessions_expire() -> None:
    sessions = _sessions(ttl=10)
    token = sessions.login("alice", "pass word 1", now=100.0)
    assert sessions.user_for(token, now=105.0) == "alice"
    assert sessions.user_for(token, now=111.0) is None


def test_repeated_failures_throttle_the_guessing_client_not_the_name() -> None:
    sessions = _sessions()
    for _ in range(MAX_FAILURES):
        assert sessions.login("alice", "guess guess", now=0.0, client="203.0.113.9") is None
    # the guesser is refused for a while, even if it now guesses right ...
    assert sessions.login("alice", "pass word 1", now=1.0, client="203.0.113.9") is None
    # ... but a stranger cannot lock alice out: the right password from her own address works
    assert sessions.login("alice", "pass word 1", now=1.0, client="198.51.100.7") is not None
    assert sessions.login("alice", "pass word 1", now=1000.0, client="203.0.113.9") is not None


def test_no_users_means_staff_area_disabled() -> None:
    sessions = StaffSessions({})
    assert not sessions.enabled
    assert sessions.login("admin", "admin") is None
