"""The command `teikit deposit`: what it prints for deposits made and bags checked, and its exit status."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from teikit.deposit.bag import CHECKSUMS
from teikit.deposit.build import InvalidDocument, deposit
from teikit.deposit.payload import Sources
from teikit.deposit.records import RECORDS
from teikit.deposit.reproducible import source_date_epoch
from teikit.deposit.verify import verify
from teikit.errors import EXIT_INVALID, EXIT_OK


def run_verify(bags: Sequence[Path], quiet: bool = False) -> int:
    """`teikit deposit --verify`: name every missing, added or altered file; 0 when every bag is valid, else 1."""
    status = EXIT_OK
    for bag in bags:
        report = verify(bag)
        problems = (("missing", report.missing), ("added", report.added), ("altered", report.altered),
                    ("problem", report.problems))
        for label, names in problems:
            for name in names:
                print(f"{bag}: {label}: {name}")
        if report.valid:
            if not quiet:
                size, files = (report.payload_oxum or "?.?").split(".")
                print(f"{bag}: valid bag ({files} payload files, {size} bytes; every checksum matches)")
        else:
            counts = ", ".join(f"{len(names)} {'other' if label == 'problem' else label}"
                               for label, names in problems if names)
            print(f"teikit: error: {bag}: not a valid bag: {counts}", file=sys.stderr)
            status = EXIT_INVALID
    return status


def run_deposit(
    paths: Sequence[Path], output: Path, sources: Sources, force: bool = False, quiet: bool = False,
    verbose: bool = False,
) -> int:
    """`teikit deposit`: validate, bag, zip and describe each TEI; an invalid one is refused with its findings."""
    try:
        results = deposit(paths, output, sources, force=force, epoch=source_date_epoch(os.environ))
    except InvalidDocument as err:
        for finding in err.findings:
            print(finding, file=sys.stderr)
        raise
    for result in results:
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
    return EXIT_OK
