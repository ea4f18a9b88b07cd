"""One teikit at a time in an output folder: an exclusive `fcntl.flock` on the folder itself.

flock rather than the `filelock` library: locking the folder's own descriptor leaves no lock file behind (filelock
needs one beside the outputs), the kernel releases it when the process ends, however it ends (kill -9 included, where
a lock file of the "soft" kind would stay), and forked workers share it, so the lock is held until the last of them
has stopped writing. A file system that cannot lock (some network mounts) is written to unlocked.
"""

from __future__ import annotations

import errno
import fcntl
import os
import time
from collections.abc import Callable
from pathlib import Path

from teikit.errors import TeikitError

TIMEOUT_ENV = "TEIKIT_LOCK_TIMEOUT"
DEFAULT_TIMEOUT = 120.0  # seconds: long enough for another deposit of a large edition to finish


def lock_timeout() -> float:
    """How long to wait for another teikit: $TEIKIT_LOCK_TIMEOUT seconds, else DEFAULT_TIMEOUT."""
    value = os.environ.get(TIMEOUT_ENV, "")
    try:
        return max(0.0, float(value)) if value else DEFAULT_TIMEOUT
    except ValueError:
        raise TeikitError(f"{TIMEOUT_ENV} must be a number of seconds, not {value!r}") from None


def lock_folder(folder: Path, on_wait: Callable[[], None] | None = None, timeout: float | None = None) -> int:
    """Lock `folder` (which exists) for this process and its children; return the descriptor that holds the lock.

    Waits while another teikit holds it, calling `on_wait` once, and gives up after `timeout` seconds (default
    `lock_timeout()`) with a TeikitError saying so. Close the descriptor (`unlock`) to release it.
    """
    timeout = lock_timeout() if timeout is None else timeout
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    deadline = time.monotonic() + timeout
    pause = 0.02
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            pass
        except OSError as err:
            if err.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.EINVAL, errno.EBADF):
                return fd  # this file system cannot lock: write unlocked, as before there were locks
            os.close(fd)
            raise
        if on_wait is not None:
            on_wait()
            on_wait = None
        if time.monotonic() >= deadline:
            os.close(fd)
            raise TeikitError(
                f"another teikit is writing into this folder (waited {timeout:g} s): run again when it has finished, "
                f"or write elsewhere (${TIMEOUT_ENV} sets how long to wait)",
                folder,
            )
        time.sleep(pause)
        pause = min(pause * 2, 0.25)


def unlock(fd: int) -> None:
    """Release a lock taken by `lock_folder` (forked workers that still run keep it until they end)."""
    try:
        os.close(fd)
    except OSError:
        pass
