"""One writer at a time per store home, across threads and processes.

Every write (add, replace, remove, reindex, repair) holds an exclusive `flock` on `HOME/write.lock`; the
kernel releases it when a process dies, so a killed ingest never leaves the home locked. Readers never take it.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from budgetqa.store.errors import StoreBusyError

WaitFn = Callable[[float], None]  # called once when a writer has to wait, with the timeout


class WriteLock:
    """Re-entrant within a process (an RLock), exclusive across processes (flock)."""

    def __init__(self, path: Path, timeout: float = 600.0) -> None:
        self.path = path
        self.timeout = timeout
        self._thread_lock = threading.RLock()
        self._depth = 0
        self._fd: int | None = None

    @contextmanager
    def hold(self, on_wait: WaitFn | None = None) -> Iterator[None]:
        with self._thread_lock:
            if self._depth == 0:
                self._acquire(on_wait)
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if self._depth == 0:
                    self._release()

    def _acquire(self, on_wait: WaitFn | None) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self.timeout
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not told and on_wait is not None:
                    on_wait(self.timeout)
                    told = True
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise StoreBusyError(
                        f"the store {self.path.parent} is busy: another ingest has been writing for over "
                        f"{self.timeout:.0f} s; wait for it to finish and retry"
                    ) from None
                time.sleep(0.05)
        self._fd = fd

    def _release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
