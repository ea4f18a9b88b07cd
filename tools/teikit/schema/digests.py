"""The sha256 of a file the ODD cache checks on every use (the P5 source, the ODD, the outputs already in place),
remembered by the file's stat: its size, inode, and modification and change times, as git's index and make do.

The system sets a file's change time on every write, rename or chmod, and no tool sets it back, so a file changed
since it was hashed does not match and is hashed again. A file changed within a moment of being hashed is not
remembered: timestamps move in coarse ticks, and a second write of the same size in the same tick would look
unchanged. Hashing what a cached compilation checks (tei_all: its 4 MB source and 6 MB of outputs) was 17 ms of
the 44 ms of the whole `teikit schema` process; a remembered digest costs one stat.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

from teikit.cachedir import cache_dir

MEMO = "digests.json"  # in the cache folder, beside odd/ (whose every child is an entry)
KEEP = 256  # files remembered, those hashed last
FRESH_SECONDS = 2.0  # a file changed this recently is hashed every time, until it is older

_memo: tuple[Path, dict[str, list]] | None = None  # (the cache folder, its digests), read once per process


def sha256_of(path: str | Path) -> str:
    """The hex sha256 of the file's bytes (OSError when it cannot be read)."""
    memo = _load()
    key = os.path.abspath(path)
    stat = os.stat(key)
    signature = [stat.st_size, stat.st_ino, stat.st_mtime_ns, stat.st_ctime_ns]
    known = memo.get(key)
    if isinstance(known, list) and len(known) == 5 and known[:4] == signature:
        return str(known[4])
    with open(key, "rb") as handle:
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
    if time.time() - max(stat.st_mtime_ns, stat.st_ctime_ns) / 1e9 > FRESH_SECONDS:
        memo.pop(key, None)
        memo[key] = [*signature, digest]
        _save(memo)
    return digest


def _load() -> dict[str, list]:
    global _memo
    folder = cache_dir()
    if _memo is None or _memo[0] != folder:
        try:
            loaded = json.loads((folder / MEMO).read_bytes())
        except (OSError, ValueError):
            loaded = {}
        _memo = (folder, loaded if isinstance(loaded, dict) else {})
    return _memo[1]


def _save(memo: dict[str, list]) -> None:
    from teikit.outputs import write_cache

    for stale in list(memo)[:-KEEP]:
        del memo[stale]
    try:
        write_cache(cache_dir() / MEMO, json.dumps(memo))
    except OSError:
        pass  # it only saves hashing next time
