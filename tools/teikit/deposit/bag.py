"""Building the bag: the payload copied into a folder, its README.txt and bag-info.txt, made into a BagIt bag (RFC
8493) by bagit, made reproducible (sorted tag manifests, fixed permissions and times) and checked by bagit."""

from __future__ import annotations

import shutil
import time
from collections.abc import Sequence
from pathlib import Path

import bagit

from teikit import __version__
from teikit.deposit.metadata import EditionMetadata
from teikit.deposit.payload import PayloadFile
from teikit.deposit.reproducible import fix_modes_and_times

CHECKSUMS = ("sha256", "sha512")


def bag_info(meta: EditionMetadata, epoch: int | None) -> dict[str, str | list[str]]:
    """bag-info.txt fields (bagit adds Payload-Oxum and writes them in sorted order)."""
    info: dict[str, str | list[str]] = {
        "External-Description": meta.title,
        "Author": [a.name for a in meta.authors],
        "Source-Organization": meta.publisher,
        "Date-Published": meta.date,
        "Source-Edition": meta.source,
        "License": " ".join(p for p in (meta.licence_url, f"({meta.licence_text})" if meta.licence_text else "") if p),
        "Bagging-Date": time.strftime("%Y-%m-%d", time.gmtime(epoch) if epoch is not None else time.gmtime()),
        "Bag-Software-Agent": f"teikit {__version__} (bagit.py {bagit.VERSION})",
    }
    if meta.identifiers:
        info["External-Identifier"] = [value for _, value in meta.identifiers]
    if meta.contributors:
        info["Contributor"] = list(meta.contributors)
    if meta.source_url:
        info["Source-URL"] = meta.source_url
    return info


def readme_text(meta: EditionMetadata, payload: Sequence[PayloadFile]) -> str:
    """The bag's data/README.txt: what the deposit is and what each file is."""
    names = ["README.txt", *(f.name for f in payload)]
    width = max(len(n) for n in names) + 2
    lines = [
        meta.title,
        "=" * min(len(meta.title), 78),
        "",
        f"Author: {', '.join(a.name for a in meta.authors)}",
        f"Published by {meta.publisher}, {meta.date}.",
        f"Licence: {' '.join(p for p in (meta.licence_text, meta.licence_url) if p)}",
        f"Source edition: {meta.source}",
        *([f"Captured from: {meta.source_url}"] if meta.source_url else []),
        *(f"Identifier ({kind}): {value}" for kind, value in meta.identifiers),
        "",
        "This folder is the payload of a BagIt bag (RFC 8493) made by teikit. The bag's manifest-sha256.txt and",
        "manifest-sha512.txt give the checksum of every file below; tagmanifest-*.txt cover the bag's own files.",
        "Check the bag with `teikit deposit --verify BAG` or any BagIt validator.",
        "",
        "Files (paths relative to data/):",
        "",
        f"{'README.txt':<{width}}this file",
        *(f"{f.name:<{width}}{f.description}" for f in payload),
        "",
    ]
    return "\n".join(lines)


def _sort_tag_manifests(bag_dir: Path) -> None:
    """bagit lists tag files in directory order, which varies between file systems; sort them for reproducibility.

    Only the order of bagit's lines changes; no tag manifest covers another, so no checksum changes.
    """
    for manifest in sorted(bag_dir.glob("tagmanifest-*.txt")):
        lines = manifest.read_text(encoding="utf-8").splitlines(keepends=True)
        manifest.write_text("".join(sorted(lines, key=lambda line: line.split(" ", 1)[-1])), encoding="utf-8")


def make_bag(bag_dir: Path, meta: EditionMetadata, payload: Sequence[PayloadFile], epoch: int | None) -> bagit.Bag:
    """Copy the payload into `bag_dir` (a new folder), bag it with bagit, and return the bag once bagit has validated
    it; raises bagit.BagError when bagit cannot make a valid bag."""
    for item in payload:
        destination = bag_dir / item.name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(item.source, destination)
    (bag_dir / "README.txt").write_text(readme_text(meta, payload), encoding="utf-8")
    bagit.make_bag(str(bag_dir), bag_info=bag_info(meta, epoch), checksums=list(CHECKSUMS))
    _sort_tag_manifests(bag_dir)
    fix_modes_and_times(bag_dir, epoch)
    bag = bagit.Bag(str(bag_dir))
    bag.validate()  # bagit's own check, before anything replaces a previous deposit
    return bag
