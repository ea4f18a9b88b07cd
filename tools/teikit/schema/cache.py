"""Compiled ODDs kept in teikit's cache folder: `odd/KEY/` holds a compilation's files and `entry.json`, which says
what they were made from.

KEY is the sha256 of what names a compilation: teikit's version, the options, the ODD's bytes, its path as given,
the source and catalogs given, the environment variables that name them, and the current folder (against which all
those paths are read). `entry.json` lists every other file the compilation read (the P5 source, chained ODDs and what
they read, included grammars, specification groups, catalogs) with the sha256 of its bytes, the files it looked for
and did not find (a catalog.xml beside the ODD, say), and the sha256 of each file it made. An entry is used only
while each input still has its bytes, each missing file is still missing and each file made has its sha256: a
changed input, or a damaged or truncated entry, is compiled again and the entry replaced.

Finding an entry hashes files (or finds their digests remembered, digests.py) and reads JSON, without lxml or the
compiler (compile.py imports them only when the cache has no entry): that is the whole of a cached compilation. Each
use touches the entry; storing one removes all but the KEEP used last. An entry is made in `.KEY.teikit-PID.staging`
and renamed into place, as teikit makes its outputs (teikit.outputs): what a killed run left is removed by the next
store.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from pathlib import Path
from typing import NamedTuple

from teikit import __version__, outputs
from teikit.cachedir import cache_dir
from teikit.schema.digests import sha256_of

FORMATS = ("rng", "sch", "xsd", "odd")
KEEP = 16  # compilations kept: a few per project, each the size of its files (tei_all's four formats: 6 MB)
ENTRY = "entry.json"
ENVIRONMENT = ("TEIKIT_P5_SOURCE", "XML_CATALOG_FILES")  # they name inputs (source.py, catalog.py)
_STALE_SECONDS = 3600  # a dotted child this old, not named as teikit names its temporaries, is an older teikit's


class Compiled(NamedTuple):
    """The files a compilation makes (name -> bytes, or None for one its output folder holds already: see `load`),
    its warnings (Findings), whether it came from the cache, and the files it read (which its outputs may never
    replace)."""

    ident: str
    files: dict[str, bytes | None]
    warnings: list
    cached: bool = False
    inputs: tuple[Path, ...] = ()


def request_key(odd_path: str | Path, source: str | Path | None, formats: tuple[str, ...], stylesheets: bool,
                catalogs: tuple[str, ...]) -> str | None:
    """The entry's name for this request; None when the ODD cannot be read (the compiler then says why)."""
    try:
        odd = Path(odd_path).read_bytes()
    except OSError:
        return None
    named = [__version__, ",".join(sorted(formats)), str(stylesheets), str(odd_path), str(source or ""),
             *catalogs, *(os.environ.get(name, "") for name in ENVIRONMENT), os.getcwd()]
    digest = hashlib.sha256("\0".join(named).encode("utf-8", "surrogateescape"))
    digest.update(hashlib.sha256(odd).digest())
    return digest.hexdigest()[:40]


def _folder(key: str) -> Path:
    return cache_dir() / "odd" / key


class Entry(NamedTuple):
    """A compilation in the cache whose inputs are unchanged: its folder, and what entry.json says of its files."""

    folder: Path
    ident: str
    files: dict[str, list]  # name -> [sha256, size]
    warnings: list
    inputs: tuple[Path, ...]  # every file the compilation read


def find(key: str) -> Entry | None:
    """The entry `key` when its inputs are unchanged (each file it read has the same bytes, each it missed is still
    missing); None when there is none, or it is stale or damaged. Touches it: used now, removed last."""
    folder = _folder(key)
    try:
        entry = json.loads((folder / ENTRY).read_bytes())
        if entry["teikit"] != __version__:
            return None
        for path, sha in entry["inputs"].items():
            if sha256_of(path) != sha:
                return None
        if any(os.path.lexists(path) for path in entry["absent"]):
            return None
        found = Entry(folder, str(entry["ident"]), dict(entry["files"]), list(entry["warnings"]),
                      tuple(map(Path, entry["inputs"])))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # no entry, an input gone, or entry.json damaged: compile
    try:
        os.utime(folder / ENTRY)
    except OSError:
        pass
    return found


def load(entry: Entry, beside: Path | None = None) -> Compiled | None:
    """The entry's files, each checked against its sha256 (None when one is damaged or missing: compile again).

    With `beside` (the folder they are going to), a file that holds an output's bytes there already is not read
    from the entry: its value is None."""
    files: dict[str, bytes | None] = {}
    try:
        for name, (sha, size) in entry.files.items():
            if beside is not None and _holds(beside / name, sha, size):
                files[name] = None
                continue
            data = (entry.folder / name).read_bytes()
            if len(data) != size or hashlib.sha256(data).hexdigest() != sha:
                return None
            files[name] = data
    except (OSError, ValueError, TypeError):
        return None
    warnings = entry.warnings
    if warnings:
        from teikit.findings import Finding  # only then: a compilation without warnings needs none of it

        warnings = [Finding(*w) for w in warnings]
    return Compiled(entry.ident, files, warnings, cached=True, inputs=entry.inputs)


def _holds(path: Path, sha: str, size: int) -> bool:
    try:
        return path.stat().st_size == size and sha256_of(path) == sha
    except OSError:
        return False


def path_of(key: str, name: str) -> Path:
    """Where the file `name` of the entry `key` is (for `validate --odd`, which reads the schemas in place)."""
    return _folder(key) / name


def store(key: str, compiled: Compiled, inputs: list[Path], absent: list[Path]) -> bool:
    """Keep `compiled` under `key`, with the inputs it was made from; False when the cache folder is not writable
    (the cache only saves time: that does not stop a compilation)."""
    top = cache_dir() / "odd"
    temporary = outputs.temporary_path(top / key, "staging")
    try:
        top.mkdir(parents=True, exist_ok=True, mode=0o700)
        outputs.remove_debris(top)
        shutil.rmtree(temporary, ignore_errors=True)
        temporary.mkdir(mode=0o700)
        for name, data in compiled.files.items():
            (temporary / name).write_bytes(data)
        entry = {
            "teikit": __version__,
            "ident": compiled.ident,
            "files": {name: [hashlib.sha256(data).hexdigest(), len(data)] for name, data in compiled.files.items()},
            "warnings": [[w.file, w.line, w.column, w.severity, w.rule, w.message] for w in compiled.warnings],
            "inputs": {str(p.resolve()): sha256_of(p) for p in dict.fromkeys(inputs)},
            "absent": sorted({os.path.abspath(p) for p in absent}),
        }
        (temporary / ENTRY).write_text(json.dumps(entry, indent=1))
        outputs.checkpoint("cache-entry")
        _replace(temporary, top / key)
    except OSError:
        shutil.rmtree(temporary, ignore_errors=True)
        return False
    evict(top)
    return True


def _replace(new: Path, folder: Path) -> None:
    """Move the folder `new` to `folder`, putting aside and removing an entry already there (a damaged one)."""
    try:
        os.rename(new, folder)
        return
    except OSError:
        if not folder.exists():
            raise
    old = outputs.temporary_path(folder.with_name(f"{folder.name}-old"), "staging")
    os.rename(folder, old)
    os.rename(new, folder)
    shutil.rmtree(old, ignore_errors=True)


def evict(top: Path, keep: int | None = None) -> list[Path]:
    """Remove all but the `keep` (KEEP) entries used last, what killed runs left, and what is no entry (an older
    teikit's); return what was removed."""
    keep = KEEP if keep is None else keep
    entries, removed = [], []
    try:
        children = list(top.iterdir())
    except OSError:
        return removed
    now = time.time()
    for child in children:
        try:
            if child.name.startswith("."):  # another run's entry in the making (a killed run's: removed already)
                if not outputs.TEMPORARY.match(child.name) and now - child.stat().st_mtime > _STALE_SECONDS:
                    removed.append(child)
            elif child.is_dir():
                entries.append(((child / ENTRY).stat().st_mtime, child.name, child))
            else:
                removed.append(child)
        except OSError:
            removed.append(child)  # a folder without its entry.json
    entries.sort(reverse=True)
    removed.extend(child for _, _, child in entries[keep:])
    for child in removed:
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            try:
                child.unlink()
            except OSError:
                pass
    return removed
