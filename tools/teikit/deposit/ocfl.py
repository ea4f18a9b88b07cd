"""Versioned deposits (OCFL 1.1, with ocfl-py): each deposit of an edition becomes the next version of the edition's
object in an OCFL storage root, files unchanged since an earlier version stored once; and the check of an object.

An update is atomic: the object's next state is built in a staging folder inside the storage root (its versions
hard-linked, not copied), checked with ocfl-py's validator, then swapped with the object in one rename. Interrupted
at any moment, the object is at its previous version or at the new one, and valid; what an interruption can leave
is the staging folder, under extensions/ where OCFL validators do not look for objects, named with the process id
(teikit.outputs) so that the next update removes it (and, where the system cannot swap two folders in one step and
the update was killed between its two renames, first puts the object it had set aside back).
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from teikit import outputs
from teikit.deposit.reproducible import fix_modes_and_times
from teikit.deposit.rootlog import root_logger_silenced
from teikit.errors import TeikitError

LAYOUT = "0003-hash-and-id-n-tuple-storage-layout"  # any identifier maps to a path, and the path shows the identifier
STAGING = Path("extensions") / "teikit-staging"  # inside the storage root: on its file system, so renames are atomic
_ROOT_INVENTORY = ("inventory.json", "inventory.json.sha512", "inventory.json.sha256")  # rewritten by each update


@dataclass(frozen=True)
class VersionInfo:
    """What OCFL records of a version besides its files."""

    created: str  # ISO 8601 in UTC, e.g. 2023-11-14T22:13:20Z
    message: str
    user_name: str | None = None
    user_address: str | None = None  # a URI, e.g. mailto:editor@example.org


@dataclass(frozen=True)
class OcflUpdate:
    """What adding a deposit to an OCFL object did."""

    root: Path
    object_dir: Path
    identifier: str
    head: str  # the object's latest version now, e.g. "v2"
    added: bool  # False when the deposit is the same as the head version already (no new version)
    files: int  # files in the head version
    stored: int  # content files the head version added to the object; the others were stored by earlier versions


@dataclass(frozen=True)
class OcflReport:
    """The result of checking an OCFL object or storage root with ocfl-py's validator, every digest included."""

    path: Path
    kind: str  # "object" or "storage root"
    valid: bool
    problems: tuple[str, ...]
    summary: str  # e.g. "object sample-edition, 2 versions, head v2"


def ocfl_kind(path: Path) -> str | None:
    """"object" or "storage root" when `path` is a folder with that OCFL declaration (0=ocfl_object_1.1, 0=ocfl_1.1)."""
    if not path.is_dir():
        return None
    declarations = [p.name for p in path.glob("0=ocfl_*")]
    if any(d.startswith("0=ocfl_object_") for d in declarations):
        return "object"
    return "storage root" if declarations else None


def check_root(root: Path) -> None:
    """Refuse a folder that exists and is not an OCFL storage root (before a deposit writes anything)."""
    if root.exists() and ocfl_kind(root) != "storage root":
        raise TeikitError("not an OCFL storage root (no 0=ocfl_1.1 declaration in it)", root)


def _ocfl():
    """ocfl-py, imported on first use: it costs 0.5 s (its file system layer loads s3fs), which only OCFL work needs."""
    with root_logger_silenced():  # its dependency pairtree calls logging.basicConfig(level=INFO) on import
        import ocfl
    return ocfl


# ocfl-py's message for a file whose digest is not the inventory's, e.g. "[E092a] ... for file v1/content/a.xml which
# doesn't match calculated digest ...": said once per file, however many inventories list it.
_ALTERED = re.compile(r"^\[E092\w?\] .* for file (.+?) which doesn't match calculated digest")


def _errors(log) -> tuple[str, ...]:
    """The errors an ocfl-py ValidationLogger recorded (its warnings have W codes), an altered file named once."""
    found: dict[str, None] = {}
    for message in log.messages:
        altered = _ALTERED.match(message)
        if altered:
            found[f"altered: {altered[1]} (its digest is not the one the inventory records)"] = None
        elif message.startswith("[E"):
            found[message] = None
    return tuple(found)


def _create_root(root: Path) -> None:
    """A new, empty storage root with teikit's layout, made beside `root` and renamed into place."""
    ocfl = _ocfl()
    root.parent.mkdir(parents=True, exist_ok=True)
    scratch = outputs.staging_folder(root.parent, root.name)  # .ROOT.teikit-PID.staging: removed if a kill leaves it
    try:
        made = scratch / root.name
        with root_logger_silenced():
            ocfl.StorageRoot(root=str(made), layout_name=LAYOUT).initialize()
        try:
            os.rename(made, root)
        except OSError as err:
            if not root.is_dir():  # another deposit made it meanwhile: use theirs
                raise err
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _link_tree(source: Path, target: Path) -> None:
    """A copy of the folder `source` at `target` made of hard links (copies where the file system has none), except
    the root inventory files an update rewrites, which are real copies so that the object keeps its own."""
    for folder, _, names in os.walk(source):
        here = Path(folder)
        there = target / here.relative_to(source)
        there.mkdir(parents=True, exist_ok=True)
        for name in names:
            if here == source and name in _ROOT_INVENTORY:
                shutil.copy2(here / name, there / name)
                continue
            try:
                os.link(here / name, there / name)
            except OSError as err:
                if err.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP):
                    raise
                shutil.copy2(here / name, there / name)


_RENAME_EXCHANGE = 2  # renameat2(2): swap the two names in one step
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step; False where the system cannot (renameat2 is Linux's, and some file systems
    refuse it)."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _swap_into_place(staged: Path, object_dir: Path, aside: Path) -> None:
    """Put the staged object where the object is; the previous object ends up at `staged` (or `aside`)."""
    if _exchange(staged, object_dir):
        return
    os.rename(object_dir, aside)  # without an exchange: for a moment there is no object, its previous state at `aside`
    try:
        os.rename(staged, object_dir)
    except BaseException:
        os.rename(aside, object_dir)
        raise


def _check(ocfl, object_dir: Path, shown_as: Path) -> None:
    """ocfl-py's validation of the staged object, every digest checked; raises with its first error."""
    with root_logger_silenced():
        passed, validator = ocfl.Object(path=str(object_dir)).validate(check_digests=True, log_warnings=False)
    if not passed:
        first = (_errors(validator.log) or ("no reason given",))[0]
        raise TeikitError(f"the object would not be valid with this version, so it was not added (ocfl-py: {first});"
                          " `teikit deposit --verify` checks the object as it is", shown_as)


def add_version(root: Path, identifier: str, bag_dir: Path, info: VersionInfo, epoch: int | None) -> OcflUpdate:
    """Add the bag at `bag_dir` (its whole folder: bagit.txt, manifests, data/) as the next version of the object
    `identifier` in the storage root `root`; the root and the object are created when missing."""
    ocfl = _ocfl()
    check_root(root)
    if not root.exists():
        _create_root(root)
    with root_logger_silenced():
        try:
            object_dir = root / ocfl.StorageRoot(root=str(root)).object_path(identifier)
        except ocfl.StorageRootException as err:
            raise TeikitError(f"cannot place an object in this storage root: {err}", root) from None
    metadata = ocfl.VersionMetadata(created=info.created, message=info.message, name=info.user_name,
                                    address=info.user_address)
    (root / STAGING).mkdir(parents=True, exist_ok=True)
    _recover(root)
    staging = outputs.staging_folder(root / STAGING, "object")  # .object.teikit-PID.staging
    try:
        staged = staging / "object"
        with root_logger_silenced():
            if object_dir.exists():
                _link_tree(object_dir, staged)
                inventory = ocfl.Object().add_version_with_content(
                    objdir=str(staged), srcdir=str(bag_dir), metadata=metadata, abort_if_no_difference=True)
            else:
                staged.mkdir()
                inventory = ocfl.Object(identifier=identifier).create(
                    srcdir=str(bag_dir), metadata=metadata, objdir=str(staged))
        if inventory is None:  # the same files as the head version: nothing to add
            head = ocfl.Object(path=str(object_dir)).parse_inventory()
            return _update(root, object_dir, identifier, head, added=False)
        _check(ocfl, staged, object_dir)
        fix_modes_and_times(staged / inventory.head, epoch)
        if object_dir.exists():
            (staging / _WHOSE).write_text(object_dir.relative_to(root).as_posix(), encoding="utf-8")
            _swap_into_place(staged, object_dir, staging / "previous")
        else:
            _place_new(staged, object_dir, root, staging)
        return _update(root, object_dir, identifier, inventory, added=True)
    except ocfl.ObjectException as err:  # ocfl-py names the staged copy: name the object
        message = str(err).replace(str(staging / "object"), str(object_dir))
        raise TeikitError(f"ocfl-py cannot update this object: {message}", object_dir) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        _remove_if_empty(root / STAGING)


_WHOSE = "object-path"  # in a staging folder: the object it updates, relative to the storage root


def _recover(root: Path) -> None:
    """Put back the object an update killed between its two renames had set aside (where the system cannot swap in
    one step), then remove what killed updates left in the staging folder."""
    for staging in outputs.stale(root / STAGING):
        whose, previous = staging / _WHOSE, staging / "previous"
        if whose.is_file() and previous.is_dir():
            object_dir = root / whose.read_text(encoding="utf-8")
            if not object_dir.exists():
                os.rename(previous, object_dir)
    outputs.remove_debris(root / STAGING)


def _place_new(staged: Path, object_dir: Path, root: Path, staging: Path) -> None:
    """Move a new object into place in one rename: of its own folder, or of the first of its layout's folders
    (e.g. 6df/ of 6df/caf/6aa/ID) that does not exist yet, so that no empty folder is ever left in the hierarchy."""
    relative = object_dir.relative_to(root)
    top = next(root / Path(*relative.parts[: i + 1]) for i in range(len(relative.parts))
               if not (root / Path(*relative.parts[: i + 1])).exists())
    tree = staging / "tree" / relative
    tree.parent.mkdir(parents=True)
    os.rename(staged, tree)
    os.rename(staging / "tree" / top.relative_to(root), top)


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass  # another deposit's staging folder is in it, or it is gone already


def _update(root: Path, object_dir: Path, identifier: str, inventory, added: bool) -> OcflUpdate:
    head = inventory.head
    state = inventory.version(head).state
    stored = sum(1 for paths in inventory.manifest.values() for p in paths if p.startswith(f"{head}/"))
    return OcflUpdate(root, object_dir, identifier, head, added, sum(len(p) for p in state.values()), stored)


def verify_ocfl(path: Path) -> OcflReport:
    """Check an OCFL object, or a storage root and every object in it, with ocfl-py's validator: the structure, the
    inventories and the digest of every file of every version."""
    ocfl = _ocfl()
    kind = ocfl_kind(path)
    with root_logger_silenced():
        if kind == "object":
            passed, validator = ocfl.Object(path=str(path)).validate(check_digests=True, log_warnings=False)
            problems = _errors(validator.log)
            summary = "object"
            if passed:
                inventory = ocfl.Object(path=str(path)).parse_inventory()
                versions = len(inventory.version_directories)
                summary = f"object {inventory.id}, {versions} version{'s' * (versions != 1)}, head {inventory.head}"
            return OcflReport(path, "object", passed, problems, summary)
        storage = ocfl.StorageRoot(root=str(path))
        passed = storage.validate(validate_objects=True, check_digests=True)
        problems = _errors(storage.log) + tuple(
            m for _, messages in storage.errors for m in messages.splitlines() if m.strip())
        summary = f"storage root, {storage.good_objects} of {storage.num_objects} objects valid"
        valid = passed and storage.good_objects == storage.num_objects
        return OcflReport(path, "storage root", valid, problems, summary)
