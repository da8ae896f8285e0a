"""A store on a read-only or full disk: questions still answered, writes refused in one line, nothing lost.

Uses real tmpfs mounts (as CI runs, as root); skips with the reason where mounting is not permitted.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_run import run_cli

from budgetqa.ingest import ingest_file
from budgetqa.store import HashEmbedder, Store


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / f"disk-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


@pytest.fixture
def seeded(tmp_path: Path, seed_md: Path) -> Path:
    home = tmp_path / "seeded"
    store = Store(home, embedder=HashEmbedder())
    assert ingest_file(store, seed_md).status == "ingested"
    store.close()
    return home


def test_a_read_only_home_still_answers(tmpfs: Path, seeded: Path, seed_pdf: Path) -> None:
    home = tmpfs / "home"
    shutil.copytree(seeded, home)
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    table = run_cli(home, "ask", "外办2023年三公经费是多少")
    assert table.returncode == 0 and "253" in table.stdout
    why = run_cli(home, "ask", "外办2023年三公经费为什么减少")
    assert why.returncode == 0 and why.stdout.strip()
    docs = run_cli(home, "docs")
    assert docs.returncode == 0 and "read-only" in docs.stderr and "2023" in docs.stdout
    ingest = run_cli(home, "ingest", str(seed_pdf))
    assert ingest.returncode == 1 and "read-only" in ingest.stdout + ingest.stderr
    assert "choose another --home" not in ingest.stdout + ingest.stderr and "Traceback" not in ingest.stderr


def test_a_full_disk_refuses_the_write_in_one_line_and_keeps_the_store(
    tmpfs: Path, seeded: Path, seed_pdf: Path
) -> None:
    home = tmpfs / "home"
    shutil.copytree(seeded, home)
    filler = tmpfs / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    for block in (1 << 20, 4096, 1):  # fill the disk to the last byte
        try:
            while True:
                os.write(fd, b"\0" * block)
        except OSError:
            pass
    os.close(fd)
    ingest = run_cli(home, "ingest", str(seed_pdf))
    out = ingest.stdout + ingest.stderr
    assert ingest.returncode == 1 and "Traceback" not in out and "choose another --home" not in out
    assert "no space left" in out or "read-only" in out
    ask = run_cli(home, "ask", "外办2023年三公经费是多少")
    assert ask.returncode == 0 and "253" in ask.stdout
    filler.unlink()
    assert run_cli(home, "ingest", str(seed_pdf)).returncode == 0  # and the store takes writes again
    store = Store(home, embedder=HashEmbedder())
    assert len(store.documents()) == 2 and store.drift() == {}
