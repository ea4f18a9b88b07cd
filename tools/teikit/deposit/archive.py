"""The zip of a bag: entries sorted, with fixed times and permissions, stored (not compressed), so that it is
reproducible.

Stored, as OCFL stores its files: a damaged byte of a stored entry damages that byte, of a deflated one the rest of
the entry; and deflating was most of a deposit's time (107 MB of TEI: 8.0 s at level 9, 0.25 s stored; the zip
3.7 times as large).
"""

from __future__ import annotations

import shutil
import time
import zipfile
from pathlib import Path

from teikit.deposit.reproducible import DIR_MODE, FILE_MODE

_ZIP_MIN_EPOCH = 315532800  # 1980-01-01T00:00:00Z, the earliest time a zip entry can carry
_CHUNK = 1 << 20  # bytes copied at a time: a payload file is never held in memory whole


def write_zip(bag_dir: Path, target: Path, epoch: int | None) -> None:
    """Zip the bag under its own name, entries sorted and stored, with fixed times and permissions."""
    stamp = time.gmtime(max(epoch if epoch is not None else int(time.time()), _ZIP_MIN_EPOCH))[:6]
    entries = sorted(bag_dir.rglob("*"), key=lambda p: p.relative_to(bag_dir).as_posix())
    with zipfile.ZipFile(target, "w") as archive:
        for path in [bag_dir, *entries]:
            rel = path.relative_to(bag_dir).as_posix()
            arcname = bag_dir.name if rel == "." else f"{bag_dir.name}/{rel}"
            if path.is_dir():
                info = zipfile.ZipInfo(arcname + "/", stamp)
                info.external_attr = (0o040000 | DIR_MODE) << 16 | 0x10  # directory flag for DOS tools
                info.create_system = 3  # Unix, whatever the platform, so the modes are read the same way
                archive.writestr(info, b"")
            else:
                info = zipfile.ZipInfo(arcname, stamp)
                info.external_attr = (0o100000 | FILE_MODE) << 16
                info.create_system = 3
                info.file_size = path.stat().st_size  # (so that zipfile knows in advance whether it needs ZIP64)
                with path.open("rb") as source, archive.open(info, "w") as entry:
                    shutil.copyfileobj(source, entry, _CHUNK)
