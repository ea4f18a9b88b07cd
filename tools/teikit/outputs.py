"""Every file teikit writes: an existing output is not replaced by a much smaller one without --force
(`refuse_replacing`), and each file is written to a temporary file beside it, then renamed (`atomic_write`).

Without lxml, so that a command that only places files it already has (a compilation found in the cache) does not
load it: importing lxml costs more than the rest of such a command.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from teikit.errors import TeikitError


def refuse_replacing(path: str | Path, force: bool, new_size: int | None = None, tolerance: float = 0.0,
                     hint: str = "", measure: Callable[[bytes], int] | None = None) -> None:
    """The house rule for outputs: without `force`, an existing file is not replaced by a smaller one.

    Raises TeikitError (exit 2) when `path` exists and the new content, of `new_size` bytes, is smaller than it by
    more than `tolerance` (a fraction of the old size); when the sizes cannot be compared (`new_size` None: a folder,
    several files), any existing output needs `force`. `hint` says what may have gone wrong. `measure` sizes the
    existing file's content when its length is not what counts (the caller sized the new content the same way).
    """
    path = Path(path)
    if force or not (path.exists() or path.is_symlink()):
        return
    if new_size is None:
        raise TeikitError("already exists: give --force to replace it", path)
    old = measure(path.read_bytes()) if measure else path.stat().st_size
    if old * (1 - tolerance) > new_size:
        why = f" ({hint})" if hint else ""
        raise TeikitError(f"would replace {old} bytes by {new_size}{why}: give --force to replace it", path)


def atomic_write(path: str | Path, data: bytes | str, mode: int = 0o644, durable: bool = True) -> Path:
    """Write `data` to `path` through a temporary file in the same folder and a rename.

    A failure at any point leaves the previous file as it was and no temporary file behind. `durable=False` skips
    waiting for the disk (fsync), for cache entries written by the thousand that a crash only makes build again.
    """
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    import tempfile  # here: with json (reports) and traceback (cli), 4-8% of validating the edition

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path
