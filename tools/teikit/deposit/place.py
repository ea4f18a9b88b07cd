"""Moving a staged deposit into place: every output or none, the previous ones put back on any failure."""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from pathlib import Path

from teikit.xmlio import refuse_replacing


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def move_into_place(moves: Sequence[tuple[Path, Path]], attic: Path, force: bool) -> None:
    """Rename each staged output onto its target; on any failure put every previous target back as it was."""
    attic.mkdir()
    set_aside: list[tuple[Path, Path]] = []
    placed: list[Path] = []
    try:
        for staged, target in moves:
            refuse_replacing(target, force)
            if target.exists() or target.is_symlink():
                aside = attic / target.name
                os.replace(target, aside)
                set_aside.append((aside, target))
            os.replace(staged, target)
            placed.append(target)
    except BaseException:
        for target in placed:
            _remove(target)
        for aside, target in set_aside:
            os.replace(aside, target)
        raise

