"""The house rules for everything teikit writes; every command goes through them.

- No output is an input (`check_outputs`, before anything is read): not an input file (through links and `..`), not
  inside a folder the command reads or the source folder (src/) beside a document, not under a file.
- An existing file is replaced without --force only when teikit wrote it, as its folder's ledger says
  (teikit.ledger), when it is empty, or when it holds the very bytes about to be written (`refuse_replacing`).
- Each file is written to `.NAME.teikit-PID.tmp` beside it, then renamed into place (`atomic_write`); a set of
  outputs (a deposit) is made in a `.NAME.teikit-PID.staging` folder and moved into place together (`place`).
- A run holds the lock of each folder it writes to (teikit.folderlock) and first removes what runs that were killed
  left there (`claim`).
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from teikit.errors import TeikitError
from teikit.folderlock import lock_folder, unlock
from teikit.ledger import file_mark, fingerprint, forget, ledger_for

# A temporary file or staging folder of a teikit run, e.g. `.chapter.html.teikit-4711.tmp`: the output's name, the
# process id, the kind.
TEMPORARY = re.compile(r"^\.(?P<name>.+)\.teikit-(?P<pid>\d+)\.(?P<kind>tmp|staging)$")
ATTIC = ".replaced"  # inside a staging folder: the previous outputs set aside while the new ones move into place
PAUSE_ENV = "TEIKIT_PAUSE_AT"  # a test hook: NAME or NAME:N makes the run stop at the (N-th) checkpoint(NAME)


class Inputs(NamedTuple):
    """What a command reads: files, folders it reads whole, and the source folders beside its documents. (A
    NamedTuple, not a dataclass: importing dataclasses costs a compilation found in the cache a fifth of its time.)"""

    files: tuple[Path, ...] = ()
    folders: tuple[Path, ...] = ()
    sources: tuple[Path, ...] = ()  # src/ beside a TEI document: its transcription and editorial data


def source_folder(document: Path) -> Path:
    """The folder of a TEI document's transcription and editorial data in teikit's layout: tei/src/ for tei/X.xml."""
    return Path(document).parent / "src"


def documents(files: Sequence[Path], given: Sequence[str | Path] = (), also: Sequence[Path] = ()) -> Inputs:
    """The inputs of a command that reads TEI documents: the `files` (collected from the paths `given`), the folders
    among `given`, the source folder beside each document, and `also` (schemas, stylesheets) as files."""
    folders = tuple(Path(g) for g in given if str(g) != "-" and Path(g).is_dir())
    sources = tuple(sorted({source_folder(f) for f in files}))
    return Inputs((*files, *also), folders, sources)


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _require_folder_for(output: Path) -> None:
    """Refuse an output whose folder cannot exist because a file is where one of its folders should be."""
    for parent in Path(os.path.abspath(output)).parents:
        if os.path.lexists(parent):
            if not parent.is_dir():
                shown = next((p for p in output.parents if os.path.abspath(p) == str(parent)), parent)
                raise TeikitError(f"cannot be written: {shown} is a file, not a folder: choose another output", output)
            return


def check_outputs(outputs: Iterable[str | Path], inputs: Inputs, whole: Iterable[str | Path] = ()) -> None:
    """Refuse (exit 2), before anything is read, an output that is one of `inputs` or lies inside a folder they name,
    and a folder output replaced as a whole (`whole`: a bag, a site) that holds one of them.

    Links and `..` are resolved, and an existing output is compared with the input files by identity (device and
    inode), so no other spelling of an input gets through.
    """
    for folder in map(Path, whole):
        real = _real(folder)
        for given in (*inputs.files, *inputs.folders):
            if real in _real(given).parents:
                raise TeikitError(f"would replace the folder that holds the input {given}: write the output "
                                  "elsewhere", folder)
    folders = [(given, _real(given), "a folder this command reads") for given in inputs.folders]
    folders += [(given, _real(given), "the transcription and editorial data of the source")
                for given in inputs.sources if given.is_dir()]
    identities: dict[tuple[int, int], Path] | None = None
    absent: dict[Path, Path] | None = None  # inputs not there (yet), by real path: editorial data a run would read
    for output in map(Path, [*outputs, *whole]):
        _require_folder_for(output)
        real = _real(output)
        for given, folder, what in folders:
            if real == folder or folder in real.parents:
                where = "is" if real == folder else "lies inside"
                raise TeikitError(f"{where} {given}, {what}: write the output elsewhere", output)
        try:
            info = os.stat(output)
        except OSError:
            if absent is None:
                absent = {_real(given): given for given in inputs.files if not os.path.lexists(given)}
            if real in absent:
                raise TeikitError("is a path this command reads input from: choose another output", output) from None
            continue
        if identities is None:
            identities = {}
            for given in inputs.files:
                try:
                    found = os.stat(given)
                except OSError:
                    continue
                identities.setdefault((found.st_dev, found.st_ino), given)
        given = identities.get((info.st_dev, info.st_ino))
        if given is not None:
            if os.path.abspath(given) == os.path.abspath(output):
                raise TeikitError("is an input of this command: choose another output", output)
            raise TeikitError(f"is the input {given} under another name: choose another output", output)


def _holds(path: Path, data: bytes | None) -> bool:
    """Whether the existing file `path` is empty or holds exactly `data`: replacing it would lose nothing."""
    try:
        size = os.lstat(path).st_size
        if size == 0 and path.is_file() and not path.is_symlink():
            return True
        return data is not None and size == len(data) and path.is_file() and path.read_bytes() == data
    except OSError:
        return False


def refuse_replacing(path: str | Path, force: bool, new_size: int | None = None, tolerance: float = 0.0,
                     hint: str = "", measure: Callable[[bytes], int] | None = None,
                     new_data: bytes | None = None) -> None:
    """The house rule for replacing an output: without `force`, raise TeikitError (exit 2) when `path` exists and

    - teikit did not write it, or it was changed since (its folder's ledger), unless it is empty or holds `new_data`;
    - the sizes cannot be compared (`new_size` None: a folder, a deposit): any existing output needs `force`;
    - the new content, of `new_size` bytes, is smaller than it by more than `tolerance` (a fraction of the old size;
      1.0 accepts any size). `hint` says what may have gone wrong. `measure` sizes the existing file's content when
      its length is not what counts (the caller sized the new content the same way).
    """
    path = Path(path)
    if force or not os.path.lexists(path):
        return
    if not ledger_for(path.parent).is_own(path) and not _holds(path, new_data):
        raise TeikitError("exists, and teikit did not write it (or it was changed since): give --force to replace it",
                          path)
    if new_size is None:
        raise TeikitError("already exists: give --force to replace it", path)
    old = measure(path.read_bytes()) if measure else path.stat().st_size
    if old * (1 - tolerance) > new_size:
        why = f" ({hint})" if hint else ""
        raise TeikitError(f"would replace {old} bytes by {new_size}{why}: give --force to replace it", path)


_WHY = {
    errno.ENOSPC: "the disk is full: free some space and run again",
    errno.EDQUOT: "the disk quota is used up: free some space and run again",
    errno.EROFS: "the file system is read-only: choose another output",
    errno.EACCES: "permission denied: choose another output, or make the folder writable",
    errno.EPERM: "not permitted: choose another output, or make the folder writable",
    errno.ENOTDIR: "a part of the path is a file, not a folder: choose another output",
    errno.EISDIR: "is a folder: give a file name for the output",
}


def write_error(err: OSError, output: Path, what: str = "cannot write", advice: str = "") -> TeikitError:
    """The message for a failed write, about the output the user named (never the temporary file); `advice`, when
    given, is what to do instead of the usual (a temporary folder is no output to choose)."""
    why = _WHY.get(err.errno, err.strerror or str(err))
    if advice:
        why = f"{why.partition(': ')[0]}: {advice}"
    return TeikitError(f"{what}: {why}", output)


def temporary_path(path: Path, kind: str = "tmp") -> Path:
    """Where the output `path` is made before it is renamed into place: `.NAME.teikit-PID.tmp` (or `.staging`)."""
    return path.parent / f".{path.name}.teikit-{os.getpid()}.{kind}"


def _create(tmp: Path) -> int:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC | getattr(os, "O_NOFOLLOW", 0)
    try:
        return os.open(tmp, flags, 0o600)
    except FileExistsError:  # left by a killed run that had this process id
        os.unlink(tmp)
        return os.open(tmp, flags, 0o600)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def atomic_write(path: str | Path, data: bytes | str, mode: int = 0o644, durable: bool = True,
                 record: bool = True, point: str = "write") -> Path:
    """Write `data` to `path` through `.NAME.teikit-PID.tmp` in the same folder and a rename.

    A failure at any point leaves the previous file as it was and no temporary file behind. `record` (outputs, as
    opposed to cache entries) adds the file to its folder's ledger, and turns a failure into a TeikitError about
    `path`. `durable=False` skips waiting for the disk (fsync), for cache entries that a crash only makes build again.
    `point` names the checkpoint between the write and the rename (the test hook).
    """
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    tmp = temporary_path(path)
    fd = -1
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = _create(tmp)
        _write_all(fd, data)
        if durable:
            os.fsync(fd)
        os.fchmod(fd, mode)
        if record:
            _record(path, file_mark(os.fstat(fd)))
        os.close(fd)
        fd = -1
        checkpoint(point)
        os.replace(tmp, path)
    except BaseException as err:
        if fd >= 0:
            os.close(fd)
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if record and isinstance(err, OSError):
            raise write_error(err, path) from None
        raise
    return path


def keep_as_written(paths: Iterable[Path]) -> None:
    """Record files that hold exactly what teikit was about to write as its own, without rewriting them (their
    times stay, for make and the like)."""
    for path in paths:
        try:
            if not ledger_for(path.parent).is_own(path):  # (recorded already: the ledger stays as it is)
                _record(path, file_mark(os.stat(path)))
        except OSError:
            continue


def write_cache(path: str | Path, data: bytes | str, mode: int = 0o644) -> Path:
    """Write an entry of teikit's cache (not an output: no ledger, no fsync) through `.NAME.teikit-PID.tmp`, first
    removing what killed runs left in its folder. An OSError is the caller's: a cache that cannot be written only
    costs speed."""
    path = Path(path)
    remove_debris(path.parent)
    return atomic_write(path, data, mode, durable=False, record=False, point="cache")


def _record(target: Path, mark: str | None) -> None:
    try:
        ledger_for(target.parent).record(target.name, mark)
    except OSError:
        pass  # teikit's state folder is not writable: the output is written, and only --force will replace it


def write_file(path: str | Path, data: bytes | str, force: bool = False, tolerance: float = 1.0, hint: str = "",
               measure: Callable[[bytes], int] | None = None) -> Path:
    """Write one output file by the house rules: `refuse_replacing` (with `tolerance` and `measure`, see there),
    then `atomic_write`, recorded in its folder's ledger."""
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if path.is_dir():
        raise TeikitError("is a folder: give a file name for the output", path)
    new_size = measure(data) if measure else len(data)
    refuse_replacing(path, force, new_size, tolerance, hint, measure, new_data=data)
    return atomic_write(path, data)


def write_files(files: dict[Path, bytes], inputs: Inputs, force: bool = False) -> list[Path]:
    """Write a set of output files by the house rules: each checked against `inputs` and for replacing (every
    refusal before any file is written), then each written atomically and recorded."""
    check_outputs(files, inputs)
    for path, data in files.items():
        refuse_replacing(path, force, len(data), tolerance=1.0, new_data=data)
    return [atomic_write(path, data) for path, data in files.items()]


def staging_folder(folder: Path, name: str, what: str = "cannot write", shown: Path | None = None,
                   advice: str = "") -> Path:
    """A new, empty `.NAME.teikit-PID.staging` folder in `folder` (which exists), where the output NAME (or a set of
    outputs) is made; a failure is a TeikitError about `shown` (default: `folder/NAME`), saying `what` failed (and
    `advice`, see write_error)."""
    staging = temporary_path(folder / name, "staging")
    try:
        if os.path.lexists(staging):  # left by a killed run that had this process id
            shutil.rmtree(staging)
        staging.mkdir()
    except OSError as err:
        raise write_error(err, shown or folder / name, what, advice) from None
    return staging


def place(moves: Sequence[tuple[Path, Path]], staging: Path) -> None:
    """Rename each staged output (file or folder) onto its target, recording it in the target folder's ledger first;
    the previous targets are set aside in the staging folder, and put back, every one, on any failure. (A run killed
    here leaves them set aside: the next run in the folder puts back those whose place is still empty.)"""
    attic = staging / ATTIC
    attic.mkdir(exist_ok=True)
    set_aside: list[tuple[Path, Path]] = []
    placed: list[Path] = []
    try:
        for staged, target in moves:
            _record(target, fingerprint(staged))
            checkpoint("place")
            if os.path.lexists(target):
                aside = attic / target.name
                os.replace(target, aside)
                set_aside.append((aside, target))
            os.replace(staged, target)
            placed.append(target)
    except BaseException:
        for target in placed:
            _remove(target)
        for aside, target in set_aside:
            os.replace(aside, target)
        raise


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif os.path.lexists(path):
        path.unlink()


def _alive(pid: int) -> bool:
    """Whether process `pid` runs (a zombie, killed but not yet reaped, does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # (a process of another user)
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:  # "PID (NAME) STATE ...", where Linux says it
            return handle.read().rpartition(b")")[2].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


def stale(folder: Path) -> list[Path]:
    """The temporary files and staging folders in `folder` of teikit runs that are gone (killed)."""
    try:
        names = sorted(n for n in os.listdir(folder) if n.startswith("."))
    except OSError:
        return []
    found = [(name, TEMPORARY.match(name)) for name in names]
    return [folder / name for name, match in found
            if match and int(match["pid"]) != os.getpid() and not _alive(int(match["pid"]))]


def remove_debris(folder: Path) -> list[Path]:
    """Remove the temporary files and staging folders that killed teikit runs left in `folder` (those whose process
    is gone); previous outputs a staging folder had set aside go back first where nothing has taken their place.
    Returns what was removed."""
    removed = []
    for path in stale(folder):
        try:
            if path.name.endswith(".staging") and path.is_dir() and not path.is_symlink():
                attic = path / ATTIC
                for aside in sorted(attic.iterdir()) if attic.is_dir() else []:
                    if not os.path.lexists(folder / aside.name):
                        os.replace(aside, folder / aside.name)
                shutil.rmtree(path)
            else:
                path.unlink()
            removed.append(path)
        except OSError:
            continue  # not ours to remove after all (permissions): left as it is
    return removed


def _make_folder(folder: Path) -> Path | None:
    """Make `folder` (and its missing parents); the top-most folder made, or None when it existed."""
    missing = None
    for candidate in [folder, *folder.parents]:
        if os.path.lexists(candidate):
            break
        missing = candidate
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise write_error(err, folder, "cannot make the folder") from None
    return missing


def _lock(folder: Path, quiet: bool) -> int:
    """Lock `folder`, made if missing, and make sure the lock is on the folder now at that path (a run that made it
    may have removed it, empty, while this one waited)."""
    said = quiet

    def waiting() -> None:
        nonlocal said
        if not said:
            print(f"teikit: waiting: another teikit is writing into {folder}", file=sys.stderr, flush=True)
            said = True

    for _ in range(10):
        fd = lock_folder(folder, waiting)
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(folder))
        except OSError:
            same = False
        if same:
            return fd
        unlock(fd)
        _make_folder(folder)
    raise TeikitError("the folder keeps being removed while teikit waits for it: write elsewhere", folder)


@contextmanager
def claim(folders: Iterable[str | Path], quiet: bool = False) -> Iterator[None]:
    """Hold the output `folders` for the run: each is made if missing and locked (another teikit writing there is
    waited for), and what killed runs left there is removed. On leaving, each folder's ledger is brought up to date,
    the locks are released, and a folder this run made but left empty is removed again."""
    held: list[tuple[Path, int, Path | None]] = []
    try:
        for folder in sorted({Path(os.path.abspath(f)) for f in folders}):
            made = _make_folder(folder)
            held.append((folder, _lock(folder, quiet), made))
            forget(folder)  # read its ledger as it is now that this run holds the folder
            remove_debris(folder)
        yield
    finally:
        for folder, fd, made in reversed(held):
            _tidy_ledger(folder)
            unlock(fd)
            if made is not None:
                _remove_empty(folder, made)


def _tidy_ledger(folder: Path) -> None:
    ledger = ledger_for(folder)
    text = ledger.compacted()
    try:
        if text == "":
            ledger.path.unlink(missing_ok=True)
        elif text is not None:
            atomic_write(ledger.path, text, durable=False, record=False)
    except OSError:
        pass  # a ledger that cannot be tidied only grows: every line in it is still true


def _remove_empty(folder: Path, top: Path) -> None:
    """Remove `folder` and its parents up to `top` while they are empty."""
    for candidate in [folder, *folder.parents]:
        try:
            candidate.rmdir()
        except OSError:
            return
        if candidate == top:
            return


_checkpoints: dict[str, int] = {}


def checkpoint(name: str) -> None:
    """A named point of a write, where the test hook $TEIKIT_PAUSE_AT (NAME, or NAME:N for the N-th time) stops the
    run, saying so on stderr, so that a test can kill it exactly there."""
    wanted = os.environ.get(PAUSE_ENV)
    if not wanted:
        return
    point, _, nth = wanted.partition(":")
    if point != name:
        return
    _checkpoints[name] = count = _checkpoints.get(name, 0) + 1
    if nth and nth != str(count):
        return
    print(f"teikit: paused at {name}:{count} ({PAUSE_ENV})", file=sys.stderr, flush=True)
    while True:
        time.sleep(60)
