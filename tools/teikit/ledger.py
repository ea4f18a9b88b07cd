"""What teikit wrote, and so may replace without --force: one ledger per output folder, kept out of that folder.

A ledger is a small text file under teikit's state folder ($TEIKIT_STATE_DIR, else $XDG_STATE_HOME/teikit, else
~/.local/state/teikit), named after the output folder's absolute path: one line per output, `FINGERPRINT NAME`. The
fingerprint is taken from the file system, never by reading the file: `f:SIZE:MTIME_NS` for a file, `d:DIGEST` of
the sizes and times of everything inside for a folder (a bag). An output you edit gets a new size or time, so it is
no longer teikit's. Lines are appended before the output is renamed into place (so a run killed in between leaves
both the old and the new fingerprint, and either file is recognised), and the ledger is rewritten with only the
current fingerprints when a run that holds the folder's lock ends (`compacted`, written by teikit.outputs).
"""

from __future__ import annotations

import os
import stat
import zlib
from pathlib import Path

STATE_ENV = "TEIKIT_STATE_DIR"


def state_dir() -> Path:
    """$TEIKIT_STATE_DIR, else $XDG_STATE_HOME/teikit, else ~/.local/state/teikit."""
    if os.environ.get(STATE_ENV):
        return Path(os.environ[STATE_ENV])
    base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(base) / "teikit"


def file_mark(info: os.stat_result) -> str:
    """The fingerprint of a file from its metadata: `f:SIZE:MTIME_NS`."""
    return f"f:{info.st_size}:{info.st_mtime_ns}"


def fingerprint(path: Path) -> str | None:
    """What `path` is now, from its metadata only; None when it is absent (or a link, or neither file nor folder)."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    if stat.S_ISREG(info.st_mode):
        return file_mark(info)
    if not stat.S_ISDIR(info.st_mode):
        return None
    crc, adler = 0, 1
    for folder, dirs, files in os.walk(path):
        dirs.sort()
        rel = os.path.relpath(folder, path)
        for name in sorted(files):
            try:
                inner = os.lstat(os.path.join(folder, name))
            except OSError:
                continue
            line = f"{rel}/{name}\0{inner.st_size}\0{inner.st_mtime_ns}\n".encode("utf-8", "surrogateescape")
            crc, adler = zlib.crc32(line, crc), zlib.adler32(line, adler)
    return f"d:{crc:08x}{adler:08x}"


def _key(data: bytes) -> str:
    """64 bits of checksum (zlib's: hashlib would load OpenSSL, 4 MB and 2 ms, into commands that need none)."""
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


class Ledger:
    """The ledger of one output folder: which fingerprints of which names teikit wrote there."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(os.path.abspath(folder))
        self.path = state_dir() / "outputs" / f"{_key(os.fsencode(self.folder))}.txt"
        self.header = f"# {self.folder}"  # the first line: which folder the ledger describes
        self.entries = self._read()

    def _read(self) -> dict[str, list[str]]:
        entries: dict[str, list[str]] = {}
        try:
            text = self.path.read_text(encoding="utf-8", errors="surrogateescape")
        except OSError:
            return entries
        lines = text.splitlines()
        if lines[:1] != [self.header]:
            return entries  # (another folder's, whose path has the same checksum: this folder's has no record)
        for line in lines[1:]:
            mark, _, name = line.partition(" ")
            if name:
                entries.setdefault(name, []).append(mark)
        return entries

    def is_own(self, path: Path) -> bool:
        """Whether `path` (in this folder) is, as it is now, something teikit wrote."""
        marks = self.entries.get(Path(path).name)
        return bool(marks) and fingerprint(Path(path)) in marks

    def record(self, name: str, mark: str | None) -> None:
        """Add `name` as it will be once renamed into place (`mark`, its fingerprint), before the rename."""
        if mark is None or "\n" in name or "\r" in name:
            return  # (such a name cannot be written as a line: the file stays unknown, so --force replaces it)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            # One write per line: writes to a file opened for appending do not interleave (workers share the file).
            head = b"" if os.fstat(fd).st_size else f"{self.header}\n".encode("utf-8", "surrogateescape")
            os.write(fd, head + f"{mark} {name}\n".encode("utf-8", "surrogateescape"))
        finally:
            os.close(fd)
        self.entries.setdefault(name, []).append(mark)

    def compacted(self) -> str | None:
        """The ledger with only the fingerprint each name has now, names that are gone forgotten; None when that is
        what it holds already, "" when nothing is left. Call with the folder locked; the caller writes it."""
        self.entries = self._read()  # with what forked workers appended
        kept = {}
        for name, marks in self.entries.items():
            now = fingerprint(self.folder / name)
            if now in marks:
                kept[name] = [now]
        self.entries = kept
        lines = [self.header, *(f"{marks[0]} {name}" for name, marks in sorted(kept.items()))]
        text = "".join(line + "\n" for line in lines) if kept else ""
        try:
            before = self.path.read_text(encoding="utf-8", errors="surrogateescape")
        except OSError:
            before = ""
        return None if text == before else text


_ledgers: dict[Path, Ledger] = {}


def ledger_for(folder: Path) -> Ledger:
    """The ledger of `folder`, read once per process (forked workers share the parent's)."""
    key = Path(os.path.abspath(folder))
    if key not in _ledgers:
        _ledgers[key] = Ledger(key)
    return _ledgers[key]


def forget(folder: Path) -> None:
    """Read `folder`'s ledger again next time (another run may have written there since)."""
    _ledgers.pop(Path(os.path.abspath(folder)), None)
