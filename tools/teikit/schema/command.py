"""`teikit schema`: compile an ODD and write its files, and say what was written (and warned)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from teikit import outputs
from teikit.errors import EXIT_OK, TeikitError
from teikit.schema import write_schemas
from teikit.schema.cache import FORMATS
from teikit.schema.compile import compile_odd

PROJECT_ODD = Path("schema") / "teikit.odd"
PROJECT_MANUAL = Path("build") / "teikit-manual.html"


def run_schema(odd: str | Path | None = None, out_dir: str | Path | None = None, manual: str | Path | None = None,
               quiet: bool = False, verbose: bool = False, source: str | None = None, formats: str | None = None,
               catalogs: tuple[str, ...] = (), stylesheets: bool = False, force: bool = False) -> int:
    """`teikit schema`: the project's ODD (schema/teikit.odd, or any ODD given with a manual to write) into its
    schemas and manual; any other ODD, a customization of TEI, into IDENT.rng, .sch, .xsd and .compiled.odd."""
    odd = Path(odd) if odd else PROJECT_ODD
    if manual is not None or odd.resolve() == PROJECT_ODD.resolve():
        if source or formats or catalogs or stylesheets or force:
            raise TeikitError("the project's ODD takes -o and --manual only (the other options are for "
                              "customizations of TEI)")
        return _run_project(odd, out_dir or "schema", manual or PROJECT_MANUAL, quiet)
    chosen = parse_formats(formats) if formats else FORMATS
    return compile_customization(odd, source, out_dir or ".", chosen, force, quiet, verbose, stylesheets,
                                 catalogs)


def _run_project(odd: Path, out_dir: str | Path, manual: str | Path, quiet: bool) -> int:
    written = write_schemas(odd, out_dir, manual)
    if not quiet:
        _say_written(written)
    return EXIT_OK


def _say_written(written: list[Path], unchanged: list[Path] = ()) -> None:
    """Print each file written (and left unchanged), relative to the current folder when it is inside it."""
    here = Path.cwd()
    for verb, paths in (("wrote", written), ("unchanged", unchanged)):
        for path in paths:
            shown = path.resolve().relative_to(here) if path.resolve().is_relative_to(here) else path
            print(f"{verb} {shown}")


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def parse_formats(text: str) -> tuple[str, ...]:
    """"rng,sch" -> ("rng", "sch"); TeikitError naming a format teikit does not write."""
    formats = tuple(f.strip() for f in text.split(",") if f.strip())
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise TeikitError(f"--formats takes a comma-separated list of {', '.join(FORMATS)}; got {text!r}")
    return formats


def compile_customization(odd: str | Path, source: str | None = None, out_dir: str | Path = ".",
            formats: tuple[str, ...] = FORMATS, force: bool = False, quiet: bool = False, verbose: bool = False,
            stylesheets: bool = False, catalogs: tuple[str, ...] = ()) -> int:
    """Compile `odd` and write `<ident>.rng`, `.sch`, `.xsd` (+ xml.xsd) and `.compiled.odd` into `out_dir`.

    By the house rules (teikit.outputs): the folder is checked against the inputs given before anything is read, and
    held for the run; each file against every input of the compilation (the ODD, its source, included grammars,
    chained ODDs); nothing is written when the ODD has an error, nor when a file of the same name that teikit did
    not write (or that was changed since) is in the way, without `force`. A file that holds its new bytes already
    is left as it is (and keeps its time, for make and the like)."""
    folder = Path(out_dir)
    given = outputs.Inputs(files=tuple(Path(p) for p in (odd, source, *catalogs) if p))
    outputs.check_outputs([folder], given)
    if os.path.lexists(folder) and not folder.is_dir():
        raise TeikitError("is a file, not a folder: name a folder for the schemas (-o DIR)", folder)
    with outputs.claim([folder], quiet):
        compiled = compile_odd(odd, source, formats, stylesheets=stylesheets, catalogs=catalogs, beside=folder)
        inputs = outputs.Inputs(files=(*given.files, *compiled.inputs))
        outputs.check_outputs([folder / name for name in compiled.files], inputs)
        unchanged = {name for name, data in compiled.files.items() if data is None or _holds(folder / name, data)}
        outputs.keep_as_written([folder / name for name in unchanged])
        written = outputs.write_files({folder / name: data for name, data in compiled.files.items()
                                       if name not in unchanged}, inputs, force)
    if not quiet:
        for warning in compiled.warnings:
            print(warning.format(compiler=True), file=sys.stderr)
        _say_written(written, [folder / name for name in compiled.files if name in unchanged])
        if "xsd" in formats and not any(n.endswith(".xsd") for n in compiled.files):
            print(f"{odd}: no XML Schema written (see the warning above); the other files are", file=sys.stderr)
        if verbose:
            print(f"{'from the cache' if compiled.cached else 'compiled'}: {len(compiled.files)} files, "
                  f"{len(compiled.warnings)} warnings", file=sys.stderr)
    return EXIT_OK
