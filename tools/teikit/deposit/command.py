"""The command `teikit deposit`: what it prints for deposits made and bags checked, and its exit status."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from teikit import outputs
from teikit.deposit.bag import CHECKSUMS
from teikit.deposit.build import deposit, outputs_of
from teikit.deposit.payload import Sources, payload_inputs
from teikit.deposit.records import RECORDS
from teikit.deposit.reproducible import source_date_epoch
from teikit.deposit.verify import verify
from teikit.errors import EXIT_INVALID, EXIT_OK, TeikitError


def run_verify(bags: Sequence[Path], quiet: bool = False) -> int:
    """`teikit deposit --verify`: name every missing, added or altered file; 0 when every bag is valid, 1 when one
    is not, 2 when a path is not a bag at all (the worst seen: every path is checked)."""
    status = EXIT_OK
    for bag in bags:
        try:
            report = verify(bag)
        except TeikitError as err:
            print(f"teikit: error: {err}", file=sys.stderr)
            status = max(status, err.exit_code)
            continue
        problems = (("missing", report.missing), ("added", report.added), ("altered", report.altered),
                    ("problem", report.problems))
        for label, names in problems:
            for name in names:
                print(f"{bag}: {label}: {name}")
        if report.valid:
            if not quiet:
                size, files = (report.payload_oxum or "?.?").split(".")
                print(f"{bag}: valid bag ({files} payload files, {size} bytes; every checksum matches)")
            continue
        counts = [f"{len(names)} {label}" for label, names in problems[:3] if names]
        if report.problems:  # bagit's words, printed above, for a fault that names no file
            counts.append(f"{len(report.problems)} fault{'s' * (len(report.problems) > 1)} that names no file (above)")
        print(f"teikit: error: {bag}: not a valid bag: {', '.join(counts)}", file=sys.stderr)
        status = max(status, EXIT_INVALID)
    return status


def run_deposit(
    paths: Sequence[Path], output: Path, sources: Sources, force: bool = False, quiet: bool = False,
    verbose: bool = False,
) -> int:
    """`teikit deposit`: validate, bag, zip and describe each TEI; one that is invalid or cannot be read is refused
    with its findings, and the others are deposited. The exit status is the worst seen."""
    outputs.check_outputs([output, *outputs_of(paths, output)], payload_inputs(paths, sources))
    with outputs.claim([output], quiet):
        results = deposit(paths, output, sources, force=force, epoch=source_date_epoch(os.environ))
    status = EXIT_OK
    for result in results:
        if isinstance(result, TeikitError):
            for finding in getattr(result, "findings", ()):
                print(finding, file=sys.stderr)
            print(f"teikit: error: {result}", file=sys.stderr)
            status = max(status, result.exit_code)
            continue
        if verbose:
            for finding in result.warnings:
                print(finding, file=sys.stderr)
        if quiet:
            continue
        print(f"deposited {result.tei} (valid, {len(result.warnings)} warnings)")
        print(f"  bag       {result.bag}/ ({result.payload_files} payload files, {result.payload_bytes} bytes;"
              f" manifests {', '.join(CHECKSUMS)})")
        print(f"  zip       {result.zip} ({result.zip.stat().st_size} bytes, sha256 {result.zip_sha256})")
        for label, record in zip((r.label for r in RECORDS), result.records, strict=True):
            print(f"  {label:<9} {record}")
    return status
