"""Checking a bag, or a zip of one: every missing, added and altered file by name."""

from __future__ import annotations

import dataclasses
import tempfile
import zipfile
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


def verify_bag(path: Path) -> BagReport:
    """Check a bag with bagit, and name every missing, added and altered file."""
    if not path.is_dir():
        raise TeikitError("not a bag folder", path)
    try:
        bag = bagit.Bag(str(path))
    except bagit.BagError as err:
        return BagReport(path, (), (), (), (f"not a readable bag: {err}",), None)
    only_in_manifest, only_on_disk = bag.compare_manifests_with_fs()
    missing = set(only_in_manifest)
    altered = set()
    for rel, expected in bag.entries.items():
        full = path / rel
        if not full.is_file():
            missing.add(rel)
            continue
        algorithms = [a for a in expected if a in bag.algorithms]
        for algorithm, digest, _, _ in bagit.generate_manifest_lines(str(full), algorithms):
            if digest != expected[algorithm].lower():
                altered.add(rel)
    problems: list[str] = []
    try:
        bag.validate()
    except bagit.BagError as err:
        if not (missing or only_on_disk or altered):  # a fault that names no file: report bagit's words
            problems.append(str(err))
    oxum = bag.info.get("Payload-Oxum")
    return BagReport(
        bag=path,
        missing=tuple(sorted(missing)),
        added=tuple(sorted(only_on_disk)),
        altered=tuple(sorted(altered)),
        problems=tuple(problems),
        payload_oxum=oxum if isinstance(oxum, str) else None,
    )
