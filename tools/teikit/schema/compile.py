"""The stage's entry points: an ODD's compiled files, from the cache when the same inputs were compiled before."""

from __future__ import annotations

from pathlib import Path

from teikit.errors import TeikitError
from teikit.schema.cache import FORMATS, Compiled, find, load, path_of, request_key, store


def compile_odd(odd_path: str | Path, source: str | Path | None = None, formats: tuple[str, ...] = FORMATS,
                stylesheets: bool = False, catalogs: tuple[str, ...] = (), use_cache: bool = True,
                beside: Path | None = None) -> Compiled:
    """The outputs of an ODD (file name -> bytes), from the cache when the same inputs were compiled before, with
    the files the compilation read (`Compiled.inputs`).

    `beside`: the folder the outputs are for; one found in the cache that is there already is None (cache.load)."""
    key = request_key(odd_path, source, formats, stylesheets, catalogs) if use_cache else None
    entry = find(key) if key else None
    found = load(entry, beside) if entry else None
    if found is not None:
        return found
    compiled, _ = _compile(key, odd_path, source, formats, stylesheets, catalogs)
    return compiled


def _compile(key: str | None, odd_path: str | Path, source: str | Path | None, formats: tuple[str, ...],
             stylesheets: bool, catalogs: tuple[str, ...]) -> tuple[Compiled, bool]:
    """Compile, and keep the result under `key` (unless None): (the result, whether it was kept)."""
    from teikit.schema.build import build, render  # the compiler: what a compilation found in the cache saves

    b = build(odd_path, source, stylesheets, catalogs)
    compiled = render(b, formats)._replace(inputs=tuple(dict.fromkeys(b.read.files)))
    kept = store(key, compiled, b.read.files, b.read.absent) if key else False
    return compiled, kept


def odd_schemas(odd_path: str | Path, source: str | Path | None = None, catalogs: tuple[str, ...] = ()) -> list[Path]:
    """The RELAX NG and Schematron of an ODD as files, for `validate --odd`: those of its entry in the cache folder
    (compiled first when there is none). The warnings of its compilation are not repeated here (`teikit schema`
    shows them)."""
    formats = ("rng", "sch")
    key = request_key(odd_path, source, formats, False, catalogs)
    entry = find(key) if key else None
    compiled = load(entry) if entry else None
    if compiled is None:
        compiled, kept = _compile(key, odd_path, source, formats, False, catalogs)
        if not kept:
            raise TeikitError("cannot keep the compiled schemas in teikit's cache folder: make it writable, or set "
                              "TEIKIT_CACHE_DIR to a folder that is", path_of(key or "", ""))
    return [path_of(key, name) for name in compiled.files]
