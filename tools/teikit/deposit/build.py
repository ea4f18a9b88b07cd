"""Making deposits: validate the editions, then for each build the bag (with its RO-Crate metadata, checked against
its BagIt profile), its zip and its records in a staging folder, add it to its OCFL object when asked, and move the
outputs into place together."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from teikit import __version__, outputs
from teikit.deposit.archive import write_zip
from teikit.deposit.metadata import EditionMetadata, read_metadata
from teikit.deposit.ocfl import OcflUpdate, VersionInfo, add_version, check_root
from teikit.deposit.payload import PayloadFile, Sources, collect_payload, media_types
from teikit.deposit.profiles import DEFAULT, BagProfile, check_bag, load_profile, missing_fields, refused_values
from teikit.deposit.records import RECORDS
from teikit.deposit.reproducible import fix_modes_and_times, timestamp
from teikit.errors import EXIT_INVALID, EXIT_USAGE, TeikitError
from teikit.findings import Finding
from teikit.parallel import Background
from teikit.validate import UNREADABLE, validate_paths
from teikit.xmlio import parse_file


@dataclass(frozen=True)
class OcflTarget:
    """Where and how a deposit is added to OCFL: the storage root, and what the new version records."""

    root: Path
    identifier: str | None = None  # None: the edition's DOI or URI (publicationStmt/idno), else its file name
    message: str | None = None
    user_name: str | None = None
    user_address: str | None = None


@dataclass(frozen=True)
class DepositOptions:
    """What a deposit is asked for beyond its payload: the BagIt profile, bag-info fields, an OCFL root."""

    profile: BagProfile
    bag_info: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (field, its values), replacing the header's
    ocfl: OcflTarget | None = None


@dataclass(frozen=True)
class Deposit:
    """What one deposit wrote."""

    tei: Path
    bag: Path
    zip: Path | None  # None when the profile does not accept a zip
    records: tuple[Path, ...]  # in the order of RECORDS
    payload_files: int
    payload_bytes: int
    zip_sha256: str | None
    warnings: tuple[Finding, ...]
    profile: BagProfile
    recommended_missing: tuple[str, ...]  # Bag-Info fields the profile recommends and the deposit does not give
    ocfl: OcflUpdate | None


class InvalidDocument(TeikitError):
    """A TEI document that failed validation, or could not be read: carries the findings so the CLI can print them
    all. Exit 1 for an invalid document, 2 for one that could not be read."""

    def __init__(self, findings: Sequence[Finding], file: Path, project_schemas: bool = False) -> None:
        errors = sum(1 for f in findings if f.severity == "error")
        unreadable = any(f.rule in UNREADABLE for f in findings)
        what = "cannot be read" if unreadable else f"invalid ({errors} error{'s' * (errors != 1)})"
        # Checked against this project's schemas by default: another project's TEI fails them, and needs its own.
        other = " (another project's TEI: give its own schemas with --schema, --tei-all or --odd)"
        super().__init__(
            f"{what}: not deposited; fix the document and run again{other * (project_schemas and not unreadable)}",
            file,
            exit_code=EXIT_USAGE if unreadable else EXIT_INVALID,
        )
        self.findings = tuple(findings)
        self.project_schemas = project_schemas

    def __reduce__(self):
        return (type(self), (self.findings, self.file, self.project_schemas))


def _targets(out_dir: Path, stem: str, with_zip: bool = True) -> dict[str, Path]:
    """Every path one deposit writes: the bag, its zip, and each record by its label."""
    return {
        "bag": out_dir / stem,
        **({"zip": out_dir / f"{stem}.zip"} if with_zip else {}),
        **{record.label: out_dir / f"{stem}.{record.suffix}" for record in RECORDS},
    }


def _bag_info(meta: EditionMetadata, tei: Path, epoch: int | None, options: DepositOptions) -> tuple[dict, list[str]]:
    """The bag-info.txt fields, and those the profile recommends that they lack; a field the profile requires and
    nothing gives, or a value it refuses, is an error naming the field, raised before anything is written."""
    from teikit.deposit.bag import bag_info

    info = bag_info(meta, epoch, options.profile, dict(options.bag_info))
    required, recommended = missing_fields(options.profile, info)
    if required:
        names = " and ".join(required)
        raise TeikitError(
            f"the BagIt profile {options.profile.name} requires {names} in bag-info.txt, which the teiHeader does not"
            f" give: set {'them' if len(required) > 1 else 'it'} in deposit.toml ([bag-info] {required[0]} = ...) or"
            f" with --bag-info {required[0]}=VALUE", tei)
    refused = refused_values(options.profile, info)
    if refused:
        raise TeikitError(f"the BagIt profile {options.profile.name} refuses this bag-info.txt: {refused[0]}", tei)
    return info, recommended


def ocfl_identifier(meta: EditionMetadata, tei: Path) -> str:
    """The edition's OCFL object identifier: its DOI (as a URL) or URI from publicationStmt/idno, else its file name."""
    if meta.doi:
        return f"https://doi.org/{meta.doi}"
    uri = next((v for k, v in meta.identifiers if k.lower() in ("uri", "url", "handle", "ark")), None)
    return uri or tei.stem


def _version_info(target: OcflTarget, epoch: int | None) -> VersionInfo:
    return VersionInfo(timestamp(epoch), target.message or f"Deposited with teikit {__version__}", target.user_name,
                       target.user_address)


def _sha256(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def build_deposit(
    tei: Path,
    out_dir: Path,
    meta: EditionMetadata,
    payload: Sequence[PayloadFile],
    *,
    force: bool = False,
    epoch: int | None = None,
    warnings: Sequence[Finding] | Callable[[], Sequence[Finding]] = (),
    options: DepositOptions | None = None,
) -> Deposit:
    """Write the bag, its zip and the records for one edition into `out_dir`, and add the bag to its OCFL object
    when `options.ocfl` says where (by default: teikit's BagIt profile, no OCFL). `warnings`: the findings of the
    edition's validation, or a function that waits for them and raises when the edition is invalid (it is then
    called before anything is moved into place or added to OCFL).

    Everything is made in a staging folder inside `out_dir` (same file system, so the final renames are atomic)
    and moved into place only once the bag is checked (by bagit, and against the checksums teikit took as it wrote
    the payload), bagit-profile has found that it meets its profile and the edition is known to be valid; on any
    failure the staging folder is removed and the previous outputs, if any, are left as they were.
    """
    import bagit  # (here, not above: bagit and bagit-profile are imported beside the validation, see `deposit`)

    from teikit.deposit.bag import make_bag

    options = options or DepositOptions(load_profile(DEFAULT))
    stem = tei.stem
    info, recommended = _bag_info(meta, tei, epoch, options)
    targets = _targets(out_dir, stem, options.profile.zip_allowed)
    refuse_replacing_deposit(targets, force)
    staging = None
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        staging = outputs.staging_folder(out_dir, stem)
        bag_dir = staging / stem
        bag = make_bag(bag_dir, meta, payload, epoch, options.profile, info)
        formats = media_types(payload)
        staged = {}
        for record in RECORDS:
            staged[record.label] = staging / targets[record.label].name
            staged[record.label].write_bytes(record.render(meta, formats))
        if "zip" in targets:
            staged["zip"] = staging / targets["zip"].name
            write_zip(bag_dir, staged["zip"], epoch)
        for path in staged.values():
            fix_modes_and_times(path, epoch)
        problems = check_bag(options.profile, bag_dir, staged.get("zip"), shown_as=str(targets["bag"]), bag=bag)
        if problems:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise TeikitError(f"the bag does not meet the BagIt profile {options.profile.name}: {problems[0]}{more}",
                              targets["bag"])
        zip_sha256 = _sha256(staged["zip"]) if "zip" in staged else None
        oxum_bytes, oxum_files = (int(n) for n in bag.info["Payload-Oxum"].split("."))
        if callable(warnings):
            warnings = warnings()
        ocfl = None
        if options.ocfl is not None:
            identifier = options.ocfl.identifier or ocfl_identifier(meta, tei)
            ocfl = add_version(options.ocfl.root, identifier, bag_dir, _version_info(options.ocfl, epoch), epoch)
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
        zip=targets.get("zip"),
        records=tuple(targets[record.label] for record in RECORDS),
        payload_files=oxum_files,
        payload_bytes=oxum_bytes,
        zip_sha256=zip_sha256,
        warnings=tuple(warnings),
        profile=options.profile,
        recommended_missing=tuple(recommended),
        ocfl=ocfl,
    )


def outputs_of(teis: Sequence[Path], out_dir: Path) -> list[Path]:
    """Every path the deposits of `teis` into `out_dir` may write."""
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
    options: DepositOptions | None = None,
) -> list[Deposit | TeikitError]:
    """Validate the TEI documents (as `teikit validate` does), then write one bag, zip and set of records per
    document into `out_dir` (and add each to its OCFL object if `options` says where).

    Each document on its own: one that is invalid (InvalidDocument, with its findings), cannot be read, lacks part
    of its payload, lacks what the profile requires in bag-info.txt or would replace what it may not is not
    deposited, and its error takes its place in the list; the others are deposited.
    """
    options = options or DepositOptions(load_profile(DEFAULT))
    if options.ocfl is not None:
        check_root(options.ocfl.root)
    stems = [t.stem for t in teis]
    for stem in stems:
        if stems.count(stem) > 1:
            raise TeikitError(f"two documents are named {stem}: their bags would collide; deposit them apart")
    documents = [tei for tei in teis if not tei.is_dir()]
    schemas, tei_all = sources.validation
    # Validated in a forked process, started before this one imports bagit and bagit-profile (in build_deposit: the
    # deposit package imports no library until it is used) and stages the bags: the edition's deposit 0.174 ->
    # 0.153 s for forking first (medians of 31 in turn). A bag is moved into place only once its document is valid.
    validation = Background(partial(_validation, documents, schemas, tei_all))
    try:
        return _deposit_each(teis, out_dir, sources, validation, force, epoch, options)
    finally:
        validation.stop()


def _deposit_each(teis: Sequence[Path], out_dir: Path, sources: Sources, validation: Background, force: bool,
                  epoch: int | None, options: DepositOptions) -> list[Deposit | TeikitError]:
    def findings() -> list[Finding]:
        try:
            return validation.result()
        except TeikitError as err:  # a missing or broken schema: the whole run's error, not one document's
            raise _RunError(err) from None

    results: list[Deposit | TeikitError] = []
    for tei in teis:
        def verdict(tei: Path = tei) -> list[Finding]:
            """The findings about `tei`; InvalidDocument when one is an error."""
            mine = [f for f in findings() if _same_file(f.file, tei)]
            if any(f.severity == "error" for f in mine):
                raise InvalidDocument(mine, tei, sources.own_project)
            return mine

        try:
            if tei.is_dir():
                raise TeikitError("is a folder: give the TEI documents to deposit, not their folder", tei)
            try:
                meta = read_metadata(parse_file(tei), tei)
                payload = collect_payload(tei, sources)
                results.append(build_deposit(tei, out_dir, meta, payload, force=force, epoch=epoch, warnings=verdict,
                                             options=options))
            except TeikitError:
                verdict()  # an invalid document is reported as such, whatever else stopped its deposit
                raise
        except TeikitError as err:
            results.append(err)
        except _RunError as failed:
            raise failed.error from None
    return results


class _RunError(Exception):
    """A TeikitError of the validation as a whole, carried past the handling of each document's errors."""

    def __init__(self, error: TeikitError) -> None:
        self.error = error


def _validation(documents: Sequence[Path], schemas: Sequence[Path], tei_all: Path | None) -> list[Finding]:
    return sorted(validate_paths(documents, schemas, tei_all)) if documents else []
