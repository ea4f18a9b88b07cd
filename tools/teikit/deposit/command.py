"""The command `teikit deposit`: its settings (deposit.toml and options), what it prints for deposits made and bags
and OCFL objects checked, and its exit status."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from teikit import outputs
from teikit.deposit.build import Deposit, DepositOptions, OcflTarget, deposit, outputs_of
from teikit.deposit.config import Settings, find_settings
from teikit.deposit.ocfl import ocfl_kind, verify_ocfl
from teikit.deposit.payload import Sources, payload_inputs
from teikit.deposit.profiles import CHECKSUMS, DEFAULT, BagProfile, load_profile
from teikit.deposit.records import RECORDS
from teikit.deposit.records.ro_crate import CRATE_FILE, RO_CRATE_VERSION
from teikit.deposit.reproducible import source_date_epoch
from teikit.errors import EXIT_INVALID, EXIT_OK, TeikitError

if TYPE_CHECKING:
    from teikit.deposit.verify import BagReport


def deposit_options(given: Settings, config: Path | None = None) -> DepositOptions:
    """The options of a deposit: `given` (the command's options) over deposit.toml (`config`, else the current
    folder's, if any)."""
    settings = given.over(find_settings(config))
    profile = load_profile(settings.profile or DEFAULT, settings.profile_base)
    if settings.user_address and not settings.user_name:
        raise TeikitError("OCFL records a version's user by name: give --user-name with --user-address")
    ocfl = None
    if settings.ocfl_root is not None:
        ocfl = OcflTarget(settings.ocfl_root, settings.ocfl_id, settings.message, settings.user_name,
                          settings.user_address)
    elif any((given.ocfl_id, given.message, given.user_name, given.user_address)):
        raise TeikitError("--ocfl-id, --message, --user-name and --user-address describe an OCFL version: give --ocfl"
                          " ROOT too (or root in deposit.toml's [ocfl])")
    return DepositOptions(profile, settings.bag_info, ocfl)


def _print_profile_check(report: BagReport) -> None:
    if report.profile is not None and report.bag_valid and not report.profile_problems:
        print(f"{report.bag}: meets the BagIt profile {report.profile.name} ({report.profile.identifier})")
    for problem in report.profile_problems:
        print(f"{report.bag}: profile {report.profile.name}: {problem}")
    if report.profile is None and report.declared:
        print(f"{report.bag}: declares the BagIt profile {report.declared}, which teikit does not ship: not checked"
              " against it (give --profile FILE)")


def _verify_ocfl(path: Path, quiet: bool) -> bool:
    report = verify_ocfl(path)
    for problem in report.problems:
        print(f"{path}: {problem}")
    if report.valid:
        if not quiet:
            print(f"{path}: valid OCFL {report.summary} (every file of every version has its digest)")
    else:
        count = len(report.problems)
        print(f"teikit: error: {path}: not a valid OCFL {report.kind}: {count} error{'s' * (count != 1)}",
              file=sys.stderr)
    return report.valid


def run_verify(bags: Sequence[Path], quiet: bool = False, profile: str | None = None) -> int:
    """`teikit deposit --verify`: name every missing, added or altered file of each bag and every way it fails its
    BagIt profile; check OCFL objects and storage roots with ocfl-py; 0 when everything is valid, 1 when something
    is not, 2 when a path is not a bag at all (the worst seen: every path is checked)."""
    from teikit.deposit.verify import verify  # (here: it imports bagit, which a deposit imports later, see build)

    chosen = load_profile(profile) if profile is not None else None
    status = EXIT_OK
    for bag in bags:
        if ocfl_kind(bag) is not None:
            status = status if _verify_ocfl(bag, quiet) else max(status, EXIT_INVALID)
            continue
        try:
            report = verify(bag, chosen)
        except TeikitError as err:
            print(f"teikit: error: {err}", file=sys.stderr)
            status = max(status, err.exit_code)
            continue
        problems = (("missing", report.missing), ("added", report.added), ("altered", report.altered),
                    ("problem", report.problems))
        for label, names in problems:
            for name in names:
                print(f"{bag}: {label}: {name}")
        if report.bag_valid and not quiet:
            if report.payload_oxum:
                size, files = report.payload_oxum.split(".")
                print(f"{bag}: valid bag ({files} payload files, {size} bytes; every checksum matches)")
            else:
                print(f"{bag}: valid bag (every checksum matches; its bag-info.txt has no Payload-Oxum)")
        if not quiet or report.profile_problems:
            _print_profile_check(report)
        if not report.bag_valid:
            counts = [f"{len(names)} {label}" for label, names in problems[:3] if names]
            if report.problems:  # bagit's words, printed above, for a fault that names no file
                counts.append(f"{len(report.problems)} fault{'s' * (len(report.problems) > 1)} that names no file"
                              " (above)")
            print(f"teikit: error: {bag}: not a valid bag: {', '.join(counts)}", file=sys.stderr)
            status = max(status, EXIT_INVALID)
        elif report.profile_problems:
            count = len(report.profile_problems)
            print(f"teikit: error: {bag}: does not meet the BagIt profile {report.profile.name}: {count}"
                  f" problem{'s' * (count != 1)}", file=sys.stderr)
            status = max(status, EXIT_INVALID)
    return status


def _profile_line(profile: BagProfile, recommended_missing: Sequence[str]) -> str:
    line = f"{profile.name} ({profile.identifier}): met"
    if recommended_missing:
        line += f"; recommended and not given: {', '.join(recommended_missing)}"
    return line


def _print_deposit(result: Deposit) -> None:
    print(f"deposited {result.tei} (valid, {len(result.warnings)} warnings)")
    algorithms = ", ".join(result.profile.algorithms(CHECKSUMS))
    print(f"  bag       {result.bag}/ ({result.payload_files} payload files, {result.payload_bytes} bytes;"
          f" manifests {algorithms})")
    print(f"  profile   {_profile_line(result.profile, result.recommended_missing)}")
    print(f"  RO-Crate  {result.bag}/data/{CRATE_FILE} (RO-Crate {RO_CRATE_VERSION})")
    if result.zip is not None:
        print(f"  zip       {result.zip} ({result.zip.stat().st_size} bytes, sha256 {result.zip_sha256})")
    for label, record in zip((r.label for r in RECORDS), result.records, strict=True):
        print(f"  {label:<9} {record}")
    if result.ocfl is not None:
        o = result.ocfl
        if o.added:
            reused = f": {o.stored} new, {o.files - o.stored} stored by earlier versions" if o.stored < o.files else ""
            print(f"  OCFL      {o.object_dir} ({o.identifier}): {o.head} added ({o.files} files{reused})")
        else:
            print(f"  OCFL      {o.object_dir} ({o.identifier}): unchanged, {o.head} holds this deposit already")


def run_deposit(
    paths: Sequence[Path], output: Path, sources: Sources, force: bool = False, quiet: bool = False,
    verbose: bool = False, settings: Settings | None = None, config: Path | None = None,
) -> int:
    """`teikit deposit`: validate, bag, zip and describe each TEI, and add it to OCFL when asked; one that is invalid
    or cannot be read is refused with its findings, and the others are deposited. The exit status is the worst seen.
    The outputs are checked against every input before anything is read, and the folders they go to are locked
    (for OCFL, the folder that holds the storage root, which a first deposit creates)."""
    options = deposit_options(settings or Settings(), config)
    ocfl_root = [options.ocfl.root] if options.ocfl is not None else []
    written = outputs_of(paths, output)  # the bag of each (a folder replaced as a whole), then its other files
    bags = [output / tei.stem for tei in paths]
    outputs.check_outputs([output, *written, *ocfl_root], payload_inputs(paths, sources), whole=bags)
    with outputs.claim([output, *(Path(os.path.abspath(root)).parent for root in ocfl_root)], quiet):
        results = deposit(paths, output, sources, force=force, epoch=source_date_epoch(os.environ), options=options)
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
        if not quiet:
            _print_deposit(result)
    return status
