"""Checking a bag (a folder, or a zip or tar of one) with bagit's own validation, every missing, added and altered
file by name, and against its BagIt profile with bagit-profile."""

from __future__ import annotations

import dataclasses
import shutil
import tarfile
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import bagit

from teikit import outputs
from teikit.deposit.profiles import BagProfile, builtin_for, check_bag
from teikit.errors import TeikitError


@dataclass(frozen=True)
class BagReport:
    """The result of checking a bag: files by name, and bagit's message when it names no file."""

    bag: Path
    missing: tuple[str, ...]
    added: tuple[str, ...]
    altered: tuple[str, ...]
    problems: tuple[str, ...]
    payload_oxum: str | None
    readable: bool = True  # False when bagit could not read it as a bag at all
    declared: str | None = None  # the BagIt-Profile-Identifier of its bag-info.txt
    profile: BagProfile | None = None  # the profile it was checked against, if any
    profile_problems: tuple[str, ...] = ()

    @property
    def bag_valid(self) -> bool:
        return not (self.missing or self.added or self.altered or self.problems)

    @property
    def valid(self) -> bool:
        return self.bag_valid and not self.profile_problems


def verify(path: Path, profile: BagProfile | None = None) -> BagReport:
    """Check a bag folder, or a zip or tar holding one bag folder, and check it against `profile`, or against the
    profile it declares when teikit ships that one."""
    if path.is_dir():
        if not any(path.glob("bagit.txt")) and not any(path.glob("manifest-*.txt")):
            raise TeikitError("not a bag: it has no bagit.txt and no manifest: give the folder (or the zip) that "
                              "teikit deposit wrote", path)
        return _with_profile(verify_bag(path), path, None, profile)
    if path.is_file() and (zipfile.is_zipfile(path) or tarfile.is_tarfile(path)):
        return verify_archive(path, profile)
    if not path.exists():
        raise TeikitError("no such file or folder: check the path", path)
    raise TeikitError("neither a bag folder nor a zip or tar of one: give the folder (or the zip) that teikit "
                      "deposit wrote", path)


def _unpack(path: Path, into: str) -> None:
    """Unpack a zip or a tar, nothing outside `into`: zipfile drops absolute paths and ".." parts, and tarfile's
    "data" filter refuses them (and links that point outside, and device files)."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            archive.extractall(into)
        return
    if not hasattr(tarfile, "data_filter"):
        raise OSError("unpacking a tar safely needs Python 3.11.4 or later")
    with tarfile.open(path) as archive:
        archive.extractall(into, filter="data")


TMPDIR_ADVICE = "set TMPDIR to a folder with room that teikit may write, and run again"


def verify_archive(path: Path, profile: BagProfile | None = None) -> BagReport:
    """Unpack a zip or tar into a temporary folder (named with the process id, like every folder teikit stages, so
    that a run killed here leaves nothing the next one does not remove) and check the one bag it holds; file names
    are the bag's own."""
    kind = "zip" if zipfile.is_zipfile(path) else "tar"
    temp = Path(tempfile.gettempdir())
    outputs.remove_debris(temp)
    unpacked = outputs.staging_folder(temp, path.name, f"cannot unpack the {kind} into the temporary folder", temp,
                                      TMPDIR_ADVICE)
    try:
        try:
            _unpack(path, str(unpacked))
        except (zipfile.BadZipFile, tarfile.TarError) as err:
            return BagReport(path, (), (), (), (f"cannot unpack the {kind}: {err}",), None, readable=False)
        except OSError as err:
            raise outputs.write_error(err, path, f"cannot unpack the {kind} into {temp}", TMPDIR_ADVICE) from None
        tops = list(unpacked.iterdir())
        if len(tops) != 1 or not tops[0].is_dir():
            return BagReport(path, (), (), (), (f"the {kind} should hold exactly one folder, the bag",), None,
                             readable=False)
        report = dataclasses.replace(verify_bag(tops[0]), bag=path)
        return _with_profile(report, tops[0], path, profile)
    finally:
        shutil.rmtree(unpacked, ignore_errors=True)


def _with_profile(report: BagReport, bag_dir: Path, serialized: Path | None, profile: BagProfile | None) -> BagReport:
    """The report with the bag checked against `profile`, else against the built-in profile it declares."""
    profile = profile or (builtin_for(report.declared) if report.declared else None)
    if profile is None or not report.readable:
        return report
    problems = check_bag(profile, bag_dir, serialized, shown_as=str(report.bag))
    return dataclasses.replace(report, profile=profile, profile_problems=tuple(problems))


def _files_at_fault(bag: bagit.Bag, details: Sequence[bagit.BagError]) -> tuple[set[str], set[str], set[str]]:
    """(missing, added, altered) files of a bag that bagit found invalid, given the details of bagit's error."""
    if details and all(isinstance(d, bagit.ChecksumMismatch) for d in details):
        return set(), set(), {d.path for d in details}  # bagit compared every checksum: it names them all
    # bagit stops at its first failing stage: the Payload-Oxum (which names no file), then completeness (which names
    # missing and added files before any checksum is compared). So that one run names every file at fault, compare
    # the manifests with the disk and hash the files still there, with bagit's own functions.
    only_in_manifest, only_on_disk = bag.compare_manifests_with_fs()
    missing, altered = set(only_in_manifest), set()
    for rel, expected in bag.entries.items():
        full = Path(bag.path) / rel
        if not full.is_file():
            missing.add(rel)
            continue
        algorithms = [a for a in expected if a in bag.algorithms]
        for algorithm, digest, _, _ in bagit.generate_manifest_lines(str(full), algorithms):
            if digest != expected[algorithm].lower():
                altered.add(rel)
    return missing, set(only_on_disk), altered


def verify_bag(path: Path) -> BagReport:
    """Check a bag with bagit, and name every missing, added and altered file."""
    if not path.is_dir():
        raise TeikitError("not a bag folder", path)
    try:
        bag = bagit.Bag(str(path))
    except bagit.BagError as err:
        return BagReport(path, (), (), (), (f"not a readable bag: {err}",), None, readable=False)
    missing: set[str] = set()
    added: set[str] = set()
    altered: set[str] = set()
    problems: list[str] = []
    try:
        bag.validate()
    except bagit.BagError as err:  # a BagValidationError carries bagit's findings as .details; others have none
        missing, added, altered = _files_at_fault(bag, getattr(err, "details", ()))
        if not (missing or added or altered):  # a fault that names no file: report bagit's words
            problems.append(str(err))
    oxum = bag.info.get("Payload-Oxum")
    declared = bag.info.get("BagIt-Profile-Identifier")
    return BagReport(
        bag=path,
        missing=tuple(sorted(missing)),
        added=tuple(sorted(added)),
        altered=tuple(sorted(altered)),
        problems=tuple(problems),
        payload_oxum=oxum if isinstance(oxum, str) else None,
        declared=declared if isinstance(declared, str) else None,
    )
