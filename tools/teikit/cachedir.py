"""Where teikit keeps what it derives once and reuses (compiled XML Schemas, pruned TEI All grammars, compiled ODDs),
and the files a user names once (tei_all.rng, p5subset.xml): given, else named by the environment, else kept."""

from __future__ import annotations

import os
from pathlib import Path

from teikit.errors import TeikitError


def cache_dir() -> Path:
    """$TEIKIT_CACHE_DIR, else $XDG_CACHE_HOME/teikit, else ~/.cache/teikit."""
    if os.environ.get("TEIKIT_CACHE_DIR"):
        return Path(os.environ["TEIKIT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "teikit"


def named_file(given: str | Path | None, env_var: str, missing: str) -> Path | None:
    """The file named on the command line (`given`), else by $`env_var`; None when neither names one. A file named
    that does not exist is an error (`missing` says what to give, for the command line's)."""
    if given:
        path = Path(given)
        if not path.is_file():
            raise TeikitError(missing, path)
        return path
    env = os.environ.get(env_var)
    if env:
        if not Path(env).is_file():
            raise TeikitError(f"${env_var} names a file that does not exist", env)
        return Path(env)
    return None
