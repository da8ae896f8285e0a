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


class ReentrantLock:
    """Re-entrant within a process (an RLock); subclasses make it exclusive across processes."""

    poll = 0.05

    def __init__(self, timeout: float = 600.0) -> None:
        self.timeout = timeout
        self._thread_lock = threading.RLock()
        self._depth = 0

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
        deadline = time.monotonic() + self.timeout
        told = False
        while not self._try():
            if not told and on_wait is not None:
                on_wait(self.timeout)
                told = True
            if time.monotonic() >= deadline:
                self._give_up()
                raise self._busy()
            time.sleep(self.poll)

    def _try(self) -> bool:  # pragma: no cover - abstract
        raise NotImplementedError

    def _release(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def _busy(self) -> StoreBusyError:  # pragma: no cover - abstract
        raise NotImplementedError

    def _give_up(self) -> None:
        """Undo a partial acquisition before reporting busy."""


class WriteLock(ReentrantLock):
    """Exclusive across processes on one machine: an flock on HOME/write.lock."""

    def __init__(self, path: Path, timeout: float = 600.0) -> None:
        super().__init__(timeout)
        self.path = path
        self._fd: int | None = None

    def _try(self) -> bool:
        if self._fd is None:
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _give_up(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def _busy(self) -> StoreBusyError:
        return StoreBusyError(
            f"the store {self.path.parent} is busy: another ingest has been writing for over "
            f"{self.timeout:.0f} s; wait for it to finish and retry"
        )

    def _release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
