"""`teikit convert`: convert, print the messages, refuse a much smaller result, write the TEI; the exit code."""

from __future__ import annotations

import sys
from pathlib import Path

from teikit.convert import comparable_size, convert, default_output
from teikit.errors import EXIT_INVALID, EXIT_OK
from teikit.xmlio import atomic_write, refuse_replacing


def run_convert(
    source: Path, output: Path | None = None, strict: bool = False, force: bool = False, quiet: bool = False,
    verbose: bool = False, profile: str | None = None,
) -> int:
    """Convert `source` to `output` (default: `default_output`) in the conventions of `profile` (a built-in name or
    a file; default: the header data's); warnings go to stderr as `FILE:LINE: warning: ...`.

    `strict`: a warning is an error, and nothing is written (exit 1). A result more than 10% smaller than the
    existing output, the conversion's messages aside on both sides (they shrink as the editor settles them), is not
    written without `force` (missing editorial data, most likely).
    """
    result = convert(source, profile)
    warnings = [f for f in result.findings if f.severity == "warning"]
    for finding in result.findings:
        if finding.severity == "info" and not verbose:
            continue
        if quiet and not strict:
            continue
        severity = "error" if strict and finding.severity == "warning" else None
        print(finding.format(severity, compiler=True), file=sys.stderr)
    if strict and warnings:
        print(f"teikit: error: {len(warnings)} warning(s) with --strict: nothing written", file=sys.stderr)
        return EXIT_INVALID
    output = output or default_output(source)
    refuse_replacing(output, force, comparable_size(result.data), tolerance=0.1, measure=comparable_size,
                     hint="much smaller, the conversion's messages aside: missing editorial data?")
    atomic_write(output, result.data)
    if verbose:
        print(f"teikit: wrote {output} ({len(result.data)} bytes, {len(warnings)} warnings)", file=sys.stderr)
    return EXIT_OK
