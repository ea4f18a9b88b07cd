"""Making deposits: validate the editions, then for each build the bag, its zip and its records in a staging folder
and move them into place together."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import bagit

from teikit.deposit.archive import write_zip
from teikit.deposit.bag import make_bag
from teikit.deposit.metadata import EditionMetadata, read_metadata
from teikit.deposit.payload import PayloadFile, Sources, collect_payload, media_types
from teikit.deposit.place import move_into_place
from teikit.deposit.records import RECORDS
from teikit.deposit.reproducible import fix_modes_and_times
from teikit.errors import EXIT_INVALID, TeikitError
from teikit.findings import Finding
from teikit.validate import validate_paths
from teikit.xmlio import parse_file, refuse_replacing


@dataclass(frozen=True)
class Deposit:
    """What one deposit wrote."""

    tei: Path
    bag: Path
    zip: Path
    records: tuple[Path, ...]  # in the order of RECORDS
    payload_files: int
    payload_bytes: int
    zip_sha256: str
    warnings: tuple[Finding, ...]


class InvalidDocument(TeikitError):
    """A TEI document that failed validation: carries the findings so the CLI can print them all."""

    def __init__(self, findings: Sequence[Finding], file: Path) -> None:
        errors = sum(1 for f in findings if f.severity == "error")
        super().__init__(
            f"invalid ({errors} error{'s' * (errors != 1)}): not deposited; fix the document and run again",
            file,
            exit_code=EXIT_INVALID,
        )
        self.findings = tuple(findings)


def _targets(out_dir: Path, stem: str) -> dict[str, Path]:
    """Every path one deposit writes: the bag, its zip, and each record by its label."""
    return {
        "bag": out_dir / stem,
        "zip": out_dir / f"{stem}.zip",
        **{record.label: out_dir / f"{stem}.{record.suffix}" for record in RECORDS},
    }


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_deposit(
    tei: Path,
    out_dir: Path,
    meta: EditionMetadata,
    payload: Sequence[PayloadFile],
    *,
    force: bool = False,
    epoch: int | None = None,
    warnings: Sequence[Finding] = (),
) -> Deposit:
    """Write the bag, its zip and the records for one (already validated) edition into `out_dir`.

    Everything is made in a staging folder inside `out_dir` (same file system, so the final renames are atomic)
    and moved into place only once bagit has validated the bag; on any failure the staging folder is removed and
    the previous outputs, if any, are left as they were.
    """
    stem = tei.stem
    targets = _targets(out_dir, stem)
    for target in targets.values():
        refuse_replacing(target, force)  # (a bag and its records: sizes that cannot be compared)
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{stem}.deposit-", dir=out_dir))
    try:
        bag_dir = staging / stem
        bag = make_bag(bag_dir, meta, payload, epoch)
        formats = media_types(payload)
        staged = {}
        for record in RECORDS:
            staged[record.label] = staging / targets[record.label].name
            staged[record.label].write_bytes(record.render(meta, formats))
        staged["zip"] = staging / targets["zip"].name
        write_zip(bag_dir, staged["zip"], epoch)
        for path in staged.values():
            fix_modes_and_times(path, epoch)
        zip_sha256 = _sha256(staged["zip"])
        oxum_bytes, oxum_files = (int(n) for n in bag.info["Payload-Oxum"].split("."))
        # The bag goes last: a deposit whose bag is in place is complete.
        staged["bag"] = bag_dir
        move_into_place([(staged[k], targets[k]) for k in staged], staging / ".replaced", force)
        if epoch is not None:  # some file systems stamp a folder moved to a new parent with the time of the move
            os.utime(targets["bag"], (epoch, epoch))
    except bagit.BagError as err:
        raise TeikitError(f"bagit could not make a valid bag: {err}", tei) from None
    except OSError as err:
        raise TeikitError(f"cannot write the deposit: {err.strerror} ({err.filename})", out_dir) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Deposit(
        tei=tei,
        bag=targets["bag"],
        zip=targets["zip"],
        records=tuple(targets[record.label] for record in RECORDS),
        payload_files=oxum_files,
        payload_bytes=oxum_bytes,
        zip_sha256=zip_sha256,
        warnings=tuple(warnings),
    )


_PROJECT_LAYOUT = Sources()  # every folder where the project layout puts it


def _same_file(name: str, path: Path) -> bool:
    return Path(name).resolve() == path.resolve()


def deposit(
    teis: Sequence[Path],
    out_dir: Path,
    sources: Sources = _PROJECT_LAYOUT,
    *,
    force: bool = False,
    epoch: int | None = None,
) -> list[Deposit]:
    """Validate the TEI documents (as `teikit validate` does), then write one bag, zip and set of records per
    document into `out_dir`.

    Nothing is written unless every document is valid and every payload is complete.
    """
    stems = [t.stem for t in teis]
    for stem in stems:
        if stems.count(stem) > 1:
            raise TeikitError(f"two documents are named {stem}: their bags would collide; deposit them apart")
    findings = sorted(validate_paths(list(teis)))
    if any(f.severity == "error" for f in findings):
        invalid = [t for t in teis if any(f.severity == "error" and _same_file(f.file, t) for f in findings)]
        raise InvalidDocument(findings, (invalid or teis)[0])
    prepared = []
    for tei in teis:
        meta = read_metadata(parse_file(tei), tei)
        payload = collect_payload(tei, sources)
        for target in _targets(out_dir, tei.stem).values():
            refuse_replacing(target, force)
        warnings = [f for f in findings if _same_file(f.file, tei)]
        prepared.append((tei, meta, payload, warnings))
    return [
        build_deposit(tei, out_dir, meta, payload, force=force, epoch=epoch, warnings=warnings)
        for tei, meta, payload, warnings in prepared
    ]
