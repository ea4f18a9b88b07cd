"""Making deposits: validate the editions, then for each build the bag, its zip and its records in a staging folder
and move them into place together."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import bagit

from teikit import outputs
from teikit.deposit.archive import write_zip
from teikit.deposit.bag import make_bag
from teikit.deposit.metadata import EditionMetadata, read_metadata
from teikit.deposit.payload import PayloadFile, Sources, collect_payload, media_types
from teikit.deposit.records import RECORDS
from teikit.deposit.reproducible import fix_modes_and_times
from teikit.errors import EXIT_INVALID, EXIT_USAGE, TeikitError
from teikit.findings import Finding
from teikit.validate import UNREADABLE, validate_paths
from teikit.xmlio import parse_file


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
    """A TEI document that failed validation, or could not be read: carries the findings so the CLI can print them
    all. Exit 1 for an invalid document, 2 for one that could not be read."""

    def __init__(self, findings: Sequence[Finding], file: Path) -> None:
        errors = sum(1 for f in findings if f.severity == "error")
        unreadable = any(f.rule in UNREADABLE for f in findings)
        what = "cannot be read" if unreadable else f"invalid ({errors} error{'s' * (errors != 1)})"
        super().__init__(
            f"{what}: not deposited; fix the document and run again",
            file,
            exit_code=EXIT_USAGE if unreadable else EXIT_INVALID,
        )
        self.findings = tuple(findings)

    def __reduce__(self):
        return (type(self), (self.findings, self.file))


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
    refuse_replacing_deposit(targets, force)
    staging = None
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        staging = outputs.staging_folder(out_dir, stem)
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
        outputs.place([(staged[k], targets[k]) for k in staged], staging)
        if epoch is not None:  # some file systems stamp a folder moved to a new parent with the time of the move
            os.utime(targets["bag"], (epoch, epoch))
    except bagit.BagError as err:
        raise TeikitError(f"bagit could not make a valid bag: {err}", tei) from None
    except OSError as err:
        raise outputs.write_error(err, out_dir, "cannot write the deposit") from None
    finally:
        if staging is not None:
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


def outputs_of(teis: Sequence[Path], out_dir: Path) -> list[Path]:
    """Every path the deposits of `teis` into `out_dir` write."""
    return [target for tei in teis for target in _targets(out_dir, tei.stem).values()]


def refuse_replacing_deposit(targets: dict[str, Path], force: bool) -> None:
    """Without `force`, a deposit in place (its bag) is not replaced, and neither is a file teikit did not write; a
    zip and records that teikit wrote beside no bag (a run killed as it moved them into place) are."""
    for label, target in targets.items():
        if label == "bag":
            outputs.refuse_replacing(target, force)  # (a bag: sizes that cannot be compared)
        else:
            outputs.refuse_replacing(target, force, 0, tolerance=1.0)


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
) -> list[Deposit | TeikitError]:
    """Validate the TEI documents (as `teikit validate` does), then write one bag, zip and set of records per
    document into `out_dir`.

    Each document on its own: one that is invalid (InvalidDocument, with its findings), cannot be read, lacks part
    of its payload or would replace what it may not is not deposited, and its error takes its place in the list;
    the others are deposited.
    """
    stems = [t.stem for t in teis]
    for stem in stems:
        if stems.count(stem) > 1:
            raise TeikitError(f"two documents are named {stem}: their bags would collide; deposit them apart")
    documents = [tei for tei in teis if not tei.is_dir()]
    findings = sorted(validate_paths(documents)) if documents else []
    results: list[Deposit | TeikitError] = []
    for tei in teis:
        mine = [f for f in findings if _same_file(f.file, tei)]
        try:
            if tei.is_dir():
                raise TeikitError("is a folder: give the TEI documents to deposit, not their folder", tei)
            if any(f.severity == "error" for f in mine):
                raise InvalidDocument(mine, tei)
            meta = read_metadata(parse_file(tei), tei)
            payload = collect_payload(tei, sources)
            results.append(build_deposit(tei, out_dir, meta, payload, force=force, epoch=epoch, warnings=mine))
        except TeikitError as err:
            results.append(err)
    return results
