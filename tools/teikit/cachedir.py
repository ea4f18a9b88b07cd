"""Where teikit keeps what it derives once and reuses (compiled XML Schemas, pruned TEI All grammars, tei_all.rng)."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """$TEIKIT_CACHE_DIR, else $XDG_CACHE_HOME/teikit, else ~/.cache/teikit."""
    if os.environ.get("TEIKIT_CACHE_DIR"):
        return Path(os.environ["TEIKIT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "teikit"
