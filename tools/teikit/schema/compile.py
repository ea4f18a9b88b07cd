"""The stage's entry points: an ODD's compiled files, from the cache when the same inputs were compiled before."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from teikit import outputs
from teikit.cachedir import cache_dir
from teikit.errors import TeikitError
from teikit.schema.cache import FORMATS, Compiled, cache_key, lookup, store


def compile_odd(odd_path: str | Path, source: str | Path | None = None, formats: tuple[str, ...] = FORMATS,
                stylesheets: bool = False, catalogs: tuple[str, ...] = (), use_cache: bool = True) -> Compiled:
    """The outputs of an ODD (file name -> bytes), from the cache when the same inputs were compiled before, with
    the files the compilation reads (`Compiled.inputs`)."""
    key, inputs = cache_key(odd_path, source, formats, stylesheets, catalogs)
    found = lookup(key) if use_cache else None
    if found is not None:
        return replace(found, inputs=inputs)
    return _compile(key if use_cache else None, inputs, odd_path, source, formats, stylesheets, catalogs)


def _compile(key: str | None, inputs: tuple[Path, ...], odd_path: str | Path, source: str | Path | None,
             formats: tuple[str, ...], stylesheets: bool, catalogs: tuple[str, ...]) -> Compiled:
    """Compile (the cache has not the result) and keep the result under `key` (unless None)."""
    from teikit.schema.build import build, render  # the compiler: 30 ms of imports a cached compilation saves

    compiled = replace(render(build(odd_path, source, stylesheets, catalogs), formats), inputs=inputs)
    if key:
        store(key, compiled)
    return compiled


def odd_schemas(odd_path: str | Path, source: str | Path | None = None, catalogs: tuple[str, ...] = ()) -> list[Path]:
    """The RELAX NG and Schematron of an ODD as files (in the cache folder, written once), for `validate --odd`;
    the warnings of its compilation are not repeated here (`teikit schema` shows them)."""
    formats = ("rng", "sch")
    key, inputs = cache_key(odd_path, source, formats, False, catalogs)
    folder = cache_dir() / "odd" / key
    compiled = lookup(key)
    if compiled is not None:
        paths = [folder / name for name in compiled.files]
        if all(p.is_file() for p in paths):
            return paths
    compiled = compiled or _compile(key, inputs, odd_path, source, formats, False, catalogs)
    try:
        return [outputs.write_cache(folder / name, data) for name, data in compiled.files.items()]
    except OSError as err:
        raise TeikitError(f"teikit's cache cannot keep the ODD's schemas ({err.strerror}): set $TEIKIT_CACHE_DIR "
                          "to a folder teikit may write", folder) from None
