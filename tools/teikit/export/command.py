"""`teikit export` as a command: one file to stdout or a file, several into a folder in parallel, each output
written by the house rules (teikit.outputs): never onto an input, atomically, and never replacing a longer file or
one teikit did not write without --force."""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from teikit import outputs
from teikit.errors import EXIT_OK, EXIT_USAGE, TeikitError
from teikit.export.runner import ExportOptions, export_file, stylesheet
from teikit.parallel import Progress, collect_paths, file_size, parse_shard, run_batches, select_shard

SUFFIX = {"html": ".html", "text": ".txt", "epub": ".epub"}


def output_path(source: Path, folder: Path, target: str) -> Path:
    """`folder/<source stem>.html` or `.txt`."""
    return folder / (source.stem + SUFFIX[target])


def write_output(path: Path, data: str | bytes, force: bool = False) -> Path:
    """Write atomically; refuse to replace an existing file by a shorter one, or one teikit did not write, unless
    `force` (the house rules, teikit.outputs)."""
    return outputs.write_file(path, data, force, tolerance=0.0)


def export_to_folder(
    sources: list[Path],
    folder: Path,
    options: ExportOptions,
    force: bool = False,
    jobs: int = 1,
    progress: Progress | None = None,
) -> list[tuple[Path, TeikitError | None]]:
    """Export each source into `folder` (created when missing), one output per source named after it.

    Returns (output, error) per source, in order: a file that cannot be exported does not stop the others.
    """
    outputs = [output_path(source, folder, options.target) for source in sources]
    seen: dict[Path, Path] = {}
    for source, out in zip(sources, outputs, strict=True):
        if out in seen:
            raise TeikitError(f"{source} and {seen[out]} would both be written to {out}: export them separately")
        seen[out] = source
    stylesheet(options.target)  # compile before the workers fork, so that they share it
    pairs = list(zip(sources, outputs, strict=True))
    errors = run_batches(partial(_export_batch, options, force), pairs, jobs, progress, weight=_source_size)
    return list(zip(outputs, errors, strict=True))


def _source_size(pair: tuple[Path, Path]) -> int:
    """How much work exporting (source, output) is: the source's size."""
    return file_size(pair[0])


def _export_batch(
    options: ExportOptions, force: bool, pairs: list[tuple[Path, Path]]
) -> list[TeikitError | None]:
    errors: list[TeikitError | None] = []
    for source, out in pairs:
        try:
            write_output(out, export_file(source, options), force)
            errors.append(None)
        except TeikitError as err:
            errors.append(err)
    return errors


def run_export(
    files: Sequence[str],
    options: ExportOptions,
    output: str | None = None,
    force: bool = False,
    jobs: int = 1,
    shard: str | None = None,
    quiet: bool = False,
    verbose: bool = False,
    progress: str = "auto",
) -> int:
    """`teikit export`: one file to stdout or -o FILE; several (a folder, `-`) into -o FOLDER, in parallel.
    `progress` as for validate (teikit.parallel.Progress).

    With several files, one that cannot be exported is reported on stderr and the others go on (exit 2 at the end).
    """
    started = time.perf_counter()
    sources = collect_paths(files, keep_missing=True)
    if shard:
        sources = select_shard(sources, *parse_shard(shard))
    if not sources:
        raise TeikitError(f"no *.xml file in {', '.join(files)}")
    many = len(sources) > 1 or shard is not None or any(f == "-" or Path(f).is_dir() for f in files)
    out = Path(output) if output else None
    if not many and out is None:
        result = export_file(sources[0], options)
        if isinstance(result, bytes):
            if sys.stdout.isatty():
                raise TeikitError("an EPUB is a binary file: give -o FILE.epub (or redirect standard output)")
            sys.stdout.flush()
            sys.stdout.buffer.write(result)
        else:
            sys.stdout.write(result)
        return EXIT_OK
    inputs = outputs.documents(sources, files)
    if not many and not out.is_dir():
        outputs.check_outputs([out], inputs)
        with outputs.claim([out.parent], quiet):
            write_output(out, export_file(sources[0], options), force=force)
        if verbose:
            print(f"wrote {out}", file=sys.stderr)
        return EXIT_OK
    if out is None:
        raise TeikitError("several files need -o FOLDER to write into")
    if out.exists() and not out.is_dir():
        raise TeikitError("with several files, -o must be a folder, not a file", out)
    outputs.check_outputs([out, *(output_path(source, out, options.target) for source in sources)], inputs)
    meter = Progress(len(sources), sys.stderr, enabled=not quiet, mode=progress)
    try:
        with outputs.claim([out], quiet):
            results = export_to_folder(sources, out, options, force, jobs, meter)
    finally:
        meter.close()
    failed = [err for _, err in results if err is not None]
    for err in failed:
        print(f"teikit: error: {err}", file=sys.stderr)
    if verbose:
        for path, err in results:
            if err is None:
                print(f"wrote {path}", file=sys.stderr)
    if not quiet and many:
        seconds = time.perf_counter() - started
        print(
            f"{len(results)} file{'s' if len(results) != 1 else ''} exported to {options.target} in {seconds:.2f} s: "
            f"{len(results) - len(failed)} written, {len(failed)} failed",
            file=sys.stderr,
        )
    return EXIT_USAGE if failed else EXIT_OK
