"""Where teikit keeps what it derives once and reuses (compiled XML Schemas, pruned TEI All grammars, tei_all.rng)."""

from __future__ import annotations

import os
from pathlib import Path


def write_entry(path: Path, text: str) -> None:
    """Write a cache entry whole or not at all (a temporary file renamed), without waiting for the disk: an entry
    lost in a crash is only built again. Readers check that an entry ends as it should."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def cache_dir() -> Path:
    """$TEIKIT_CACHE_DIR, else $XDG_CACHE_HOME/teikit, else ~/.cache/teikit."""
    if os.environ.get("TEIKIT_CACHE_DIR"):
        return Path(os.environ["TEIKIT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "teikit"
