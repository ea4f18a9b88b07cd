"""Reproducible output: SOURCE_DATE_EPOCH, and the fixed permissions and times every file of a deposit gets."""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from pathlib import Path

from teikit.errors import TeikitError

FILE_MODE = 0o644
DIR_MODE = 0o755


def source_date_epoch(environ: Mapping[str, str]) -> int | None:
    """SOURCE_DATE_EPOCH (reproducible-builds.org) as an int, None when unset; a bad value is a usage error."""
    value = environ.get("SOURCE_DATE_EPOCH")
    if value is None or value == "":
        return None
    if not value.isdigit():
        raise TeikitError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not {value!r}")
    return int(value)


def timestamp(epoch: int | None) -> str:
    """The time of a deposit in ISO 8601 UTC (e.g. 2023-11-14T22:13:20Z): `epoch`, else now."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch) if epoch is not None else time.gmtime())


def fix_modes_and_times(root: Path, epoch: int | None) -> None:
    """Fixed permissions on `root` (a file, or a folder and all below it), and every time set to `epoch` if given."""
    paths = sorted(root.rglob("*"), key=lambda p: len(p.parts), reverse=True) if root.is_dir() else []
    for path in [*paths, root]:  # children before parents
        os.chmod(path, DIR_MODE if path.is_dir() else FILE_MODE)
        if epoch is not None:
            os.utime(path, (epoch, epoch))
