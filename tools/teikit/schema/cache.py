"""Compiled ODDs kept in teikit's cache folder, keyed by the bytes of everything a compilation reads (the ODD, its
source, the grammars it includes, the ODDs it is chained to), teikit's version and the options.

Looking an entry up reads the ODD and hashes its inputs, without the compiler (compile.py imports it only when the
cache has not the result): a compilation found here takes a few milliseconds.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass
from pathlib import Path

from teikit import __version__, xmlio
from teikit.cachedir import cache_dir
from teikit.findings import Finding
from teikit.schema.catalog import catalog_files, locate
from teikit.schema.customization import error, read_customization, where
from teikit.schema.source import find_source, source_digest

FORMATS = ("rng", "sch", "xsd", "odd")


@dataclass
class Compiled:
    """The files a compilation makes (name -> bytes), its warnings, and whether it came from the cache."""

    ident: str
    files: dict[str, bytes]
    warnings: list[Finding]
    cached: bool = False


def cache_key(odd_path: str | Path, source: str | Path | None, formats: tuple[str, ...], stylesheets: bool,
              catalogs: tuple[str, ...]) -> str:
    """sha256 of teikit's version, the options and the bytes of every input of the compilation."""
    digest = hashlib.sha256(f"{__version__}|{','.join(sorted(formats))}|{stylesheets}".encode())
    _feed_inputs(digest, Path(odd_path), source, catalogs, ())
    return digest.hexdigest()[:40]


def _feed_inputs(digest, odd_path: Path, given: str | Path | None, catalogs: tuple[str, ...],
                 chain: tuple[Path, ...]) -> None:
    digest.update(hashlib.sha256(xmlio.read_input(odd_path)).digest())
    custom = read_customization(odd_path)
    cats = catalog_files(str(odd_path), catalogs)
    for ref in custom.url_refs:
        path = locate(ref.get("url"), odd_path, cats)
        if path is not None and path.is_file():
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    if not custom.needs_source():
        return
    path = find_source(given, custom.source, odd_path, where(custom.spec))
    if path.resolve() in chain or len(chain) > 20:
        raise error("these ODDs are chained in a loop", custom.spec)
    source_sha, is_odd = source_digest(path)
    digest.update(source_sha.encode())
    if is_odd:
        _feed_inputs(digest, path, given, catalogs, (*chain, odd_path.resolve()))


def _entry(key: str) -> Path:
    return cache_dir() / "odd" / f"{key}.pickle"


def lookup(key: str) -> Compiled | None:
    try:
        files, warnings, ident = pickle.loads(_entry(key).read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        return None  # no entry yet, or a broken one (another version's): compile
    return Compiled(ident, files, warnings, cached=True)


def store(key: str, compiled: Compiled) -> None:
    entry = _entry(key)
    try:
        entry.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        data = (compiled.files, compiled.warnings, compiled.ident)
        xmlio.atomic_write(entry, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL), 0o600, durable=False)
    except OSError:
        pass  # the cache only saves time: a read-only home must not stop a compilation
