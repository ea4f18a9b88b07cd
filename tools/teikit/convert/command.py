"""`teikit convert`: convert, print the messages, refuse a much smaller result, write the TEI; the exit code."""

from __future__ import annotations

import sys
from pathlib import Path

from teikit import outputs
from teikit.convert import comparable_size, convert, default_output
from teikit.convert.editorial import data_paths
from teikit.errors import EXIT_INVALID, EXIT_OK


def run_convert(
    source: Path, output: Path | None = None, strict: bool = False, force: bool = False, quiet: bool = False,
    verbose: bool = False, profile: str | None = None,
) -> int:
    """Convert `source` to `output` (default: `default_output`) in the conventions of `profile` (a built-in name or
    a file; default: the header data's); warnings go to stderr as `FILE:LINE: warning: ...`.

    `strict`: a warning is an error, and nothing is written (exit 1). The output may not be the transcription or its
    editorial data; a result more than 10% smaller than the existing output, the conversion's messages aside on both
    sides (they shrink as the editor settles them), or an existing file teikit did not write, is not replaced
    without `force` (missing editorial data, most likely, in the first case).
    """
    output = output or default_output(source)
    outputs.check_outputs([output], outputs.Inputs(files=(source, *data_paths(source).values())))
    with outputs.claim([output.parent], quiet):
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
        outputs.write_file(output, result.data, force, tolerance=0.1, measure=comparable_size,
                           hint="much smaller, the conversion's messages aside: missing editorial data?")
    if verbose:
        print(f"teikit: wrote {output} ({len(result.data)} bytes, {len(warnings)} warnings)", file=sys.stderr)
    return EXIT_OK
