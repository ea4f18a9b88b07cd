"""The stage's entry points: an ODD's compiled files, from the cache when the same inputs were compiled before."""

from __future__ import annotations

from pathlib import Path

from teikit import xmlio
from teikit.cachedir import cache_dir
from teikit.schema.cache import FORMATS, Compiled, cache_key, lookup, store


def compile_odd(odd_path: str | Path, source: str | Path | None = None, formats: tuple[str, ...] = FORMATS,
                stylesheets: bool = False, catalogs: tuple[str, ...] = (), use_cache: bool = True) -> Compiled:
    """The outputs of an ODD (file name -> bytes), from the cache when the same inputs were compiled before."""
    key = cache_key(odd_path, source, formats, stylesheets, catalogs) if use_cache else None
    found = lookup(key) if key else None
    if found is not None:
        return found
    from teikit.schema.build import build, render  # the compiler: 30 ms of imports a cached compilation saves

    compiled = render(build(odd_path, source, stylesheets, catalogs), formats)
    if key:
        store(key, compiled)
    return compiled


def odd_schemas(odd_path: str | Path, source: str | Path | None = None, catalogs: tuple[str, ...] = ()) -> list[Path]:
    """The RELAX NG and Schematron of an ODD as files (in the cache folder, written once), for `validate --odd`;
    the warnings of its compilation are not repeated here (`teikit schema` shows them)."""
    formats = ("rng", "sch")
    key = cache_key(odd_path, source, formats, False, catalogs)
    folder = cache_dir() / "odd" / key
    compiled = lookup(key)
    if compiled is not None:
        paths = [folder / name for name in compiled.files]
        if all(p.is_file() for p in paths):
            return paths
    compiled = compiled or compile_odd(odd_path, source, formats, catalogs=catalogs)
    return [xmlio.atomic_write(folder / name, data, durable=False) for name, data in compiled.files.items()]
