"""Checking a bag, or a zip of one, with bagit's own validation: every missing, added and altered file by name."""

from __future__ import annotations

import dataclasses
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import bagit

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

    @property
    def valid(self) -> bool:
        return not (self.missing or self.added or self.altered or self.problems)


def verify(path: Path) -> BagReport:
    """Check a bag folder, or a zip holding one bag folder (as `teikit deposit` writes it)."""
    if path.is_dir():
        return verify_bag(path)
    if path.is_file() and zipfile.is_zipfile(path):
        return verify_zip(path)
    raise TeikitError("neither a bag folder nor a zip of one", path)


def verify_zip(path: Path) -> BagReport:
    """Unpack the zip into a temporary folder and check the one bag it holds; file names are the bag's own."""
    with tempfile.TemporaryDirectory(prefix="teikit-verify-") as unpacked:
        try:
            with zipfile.ZipFile(path) as archive:
                archive.extractall(unpacked)  # zipfile drops absolute paths and ".." parts, so nothing lands outside
        except (zipfile.BadZipFile, OSError) as err:
            return BagReport(path, (), (), (), (f"cannot unpack the zip: {err}",), None)
        tops = list(Path(unpacked).iterdir())
        if len(tops) != 1 or not tops[0].is_dir():
            return BagReport(path, (), (), (), ("the zip should hold exactly one folder, the bag",), None)
        return dataclasses.replace(verify_bag(tops[0]), bag=path)


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
        return BagReport(path, (), (), (), (f"not a readable bag: {err}",), None)
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
    return BagReport(
        bag=path,
        missing=tuple(sorted(missing)),
        added=tuple(sorted(added)),
        altered=tuple(sorted(altered)),
        problems=tuple(problems),
        payload_oxum=oxum if isinstance(oxum, str) else None,
    )
