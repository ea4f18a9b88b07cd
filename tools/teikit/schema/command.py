"""`teikit schema`: generate the schemas and the manual from an ODD, and say what was written."""

from __future__ import annotations

from pathlib import Path

from teikit.errors import EXIT_OK
from teikit.schema import write_schemas


def run_schema(odd: str | Path, out_dir: str | Path, manual: str | Path | None, quiet: bool = False) -> int:
    """Write the schemas generated from `odd` into `out_dir`, and the manual; print each file written (relative to
    the current folder when it is inside it) unless `quiet`."""
    written = write_schemas(odd, out_dir, manual)
    if not quiet:
        here = Path.cwd()
        for path in written:
            shown = path.resolve().relative_to(here) if path.resolve().is_relative_to(here) else path
            print(f"wrote {shown}")
    return EXIT_OK
