"""`teikit serve`: index the paths (in parallel, with a progress bar), then run the application with uvicorn."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from teikit.errors import EXIT_OK
from teikit.parallel import Progress, collect_paths
from teikit.serve.index import Index, build_index


def load_index(paths: Sequence[str], jobs: int, quiet: bool) -> Index:
    """Build the index of `paths`, reporting its warnings and a one-line summary on stderr."""
    count = sum(len(collect_paths([p])) for p in paths)
    progress = Progress(count, sys.stderr, label="documents indexed", enabled=not quiet)
    try:
        index = build_index(paths, jobs, progress)
    finally:
        progress.close()
    for warning in index.warnings:
        print(f"teikit: warning: {warning}", file=sys.stderr)
    if not quiet:
        print(f"indexed {len(index.resources)} document{'s' if len(index.resources) != 1 else ''} in "
              f"{len(index.collections)} collection{'s' if len(index.collections) != 1 else ''} "
              f"({index.units} citable units) in {index.seconds:.2f} s", file=sys.stderr)
    return index


def run_serve(paths: Sequence[str], host: str = "127.0.0.1", port: int = 8000, workers: int = 1, jobs: int = 1,
              quiet: bool = False, verbose: bool = False) -> int:
    """Serve `paths` until interrupted; with `workers` > 1, each worker process loads the index from one file."""
    import uvicorn

    index = load_index(paths, jobs, quiet)
    shown = f"[{host}]" if ":" in host else host
    if not quiet:
        print(f"serving DTS 1.0 at http://{shown}:{port}/api/dts ({workers} worker{'s' if workers > 1 else ''}; "
              "Ctrl-C stops)", file=sys.stderr)
    options = {"host": host, "port": port, "log_level": "info" if verbose else "warning", "access_log": verbose,
               "server_header": False}
    if workers == 1:
        from teikit.serve.app import create_app

        uvicorn.run(create_app(index), **options)
        return EXIT_OK
    from teikit.serve.app import INDEX_ENV

    handle, name = tempfile.mkstemp(prefix="teikit-serve-", suffix=".index")
    os.close(handle)
    try:
        index.save(Path(name))
        os.environ[INDEX_ENV] = name
        uvicorn.run("teikit.serve.app:app_from_environment", factory=True, workers=workers, **options)
    finally:
        os.unlink(name)
    return EXIT_OK
