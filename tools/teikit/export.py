"""Export TEI to an HTML reading edition or to plain text by XSLT (the stylesheets in teikit/xslt/ know the rendering).

Python only loads each stylesheet once per process, passes the options as stylesheet parameters, lays plain text out
into lines (`layout_text`) and writes the results atomically.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from lxml import etree

from teikit.batch import Progress, collect_paths, file_size, parse_shard, run_batches, select_shard
from teikit.errors import EXIT_OK, EXIT_USAGE, TeikitError
from teikit.xmlio import TEI_NS, atomic_write, parse_file, xslt_access_control

XSLT_DIR = Path(__file__).resolve().parent / "xslt"
TARGETS = ("html", "text")
SUFFIX = {"html": ".html", "text": ".txt"}

# The layout marks text.xsl writes (Unicode noncharacters, never part of a text): see the comment in text.xsl.
BLOCK, LINE, INDENT = "\ufdd0", "\ufdd1", "\ufdd2"
_GLUE = "\ufdd3"  # a space that wrapping must not break, put back as a space afterwards
INDENT_TEXT = "    "


@dataclass(frozen=True)
class ExportOptions:
    """What the user asked for; each field becomes a stylesheet parameter."""

    target: str = "html"  # "html" | "text"
    view: str = "reading"  # "reading" | "diplomatic"
    width: int = 72  # text: line width
    notes: str | None = None  # "end" | "paragraph"; None: the stylesheet's default (html: end, text: paragraph)
    pages: bool = False  # text: print page markers


_compiled: dict[str, etree.XSLT] = {}


def stylesheet(target: str) -> etree.XSLT:
    """The compiled stylesheet for `target`, compiled on first use and kept for the life of the process."""
    if target not in TARGETS:
        raise TeikitError(f"unknown export target {target!r}: use one of {', '.join(TARGETS)}")
    if target not in _compiled:
        path = XSLT_DIR / f"{target}.xsl"
        try:
            _compiled[target] = etree.XSLT(parse_file(path), access_control=xslt_access_control())
        except etree.XSLTParseError as err:
            raise TeikitError(f"cannot compile the stylesheet: {err}", path) from None
    return _compiled[target]


def _parameters(options: ExportOptions) -> dict[str, str]:
    params = {"view": etree.XSLT.strparam(options.view)}
    if options.notes:
        params["notes"] = etree.XSLT.strparam(options.notes)
    if options.target == "text":
        params["width"] = str(int(options.width))
        params["pages"] = etree.XSLT.strparam("yes" if options.pages else "no")
    return params


def export_tree(tree: etree._ElementTree, options: ExportOptions, name: str = "<document>") -> str:
    """Render a parsed TEI document; return the HTML page or the laid-out plain text."""
    return _finish(str(_transform(tree, options, name)), options)


def export_file(path: str | Path, options: ExportOptions) -> str:
    """Parse one TEI file safely and render it."""
    # One step at a time, so that each large intermediate is freed before the next is made: the parsed source is
    # gone once the transform returns, the result tree once it is serialised (peak memory on large files).
    result = _transform(parse_file(path), options, str(path))
    serialised = str(result)
    del result
    return _finish(serialised, options)


def _transform(tree: etree._ElementTree, options: ExportOptions, name: str) -> etree._XSLTResultTree:
    if options.view not in ("reading", "diplomatic"):
        raise TeikitError(f"unknown view {options.view!r}: use reading or diplomatic")
    if options.notes not in (None, "end", "paragraph"):
        raise TeikitError(f"unknown notes placement {options.notes!r}: use end or paragraph")
    if options.width < 20:
        raise TeikitError(f"--width {options.width} is too narrow: use 20 or more")
    root = tree.getroot()
    if root.tag not in (f"{{{TEI_NS}}}TEI", f"{{{TEI_NS}}}teiCorpus"):
        raise TeikitError(
            f"not a TEI document: the root element is {root.tag}, expected TEI or teiCorpus in the TEI namespace "
            f"({TEI_NS})", name, root.sourceline or 1, 1,
        )
    transform = stylesheet(options.target)
    try:
        return transform(tree, **_parameters(options))
    except etree.XSLTApplyError as err:
        raise TeikitError(f"export to {options.target} failed: {err}", name) from None


def _finish(serialised: str, options: ExportOptions) -> str:
    if options.target == "text":
        return layout_text(serialised, options.width)
    return "<!DOCTYPE html>\n" + serialised


# A run of white space holding at least one ordinary space or line end ("a \n  b"); a lone no-break space is kept,
# so "[p.\u00a042]" never breaks across lines.
_SPACES = re.compile(r"\s*[ \t\n\r\f\v]\s*")
# The space inside a spaced ellipsis (". . ."), which a line must not end in the middle of.
_ELLIPSIS_SPACE = re.compile(r"(?<=\.) (?=\.)")


def layout_text(raw: str, width: int = 72) -> str:
    """Turn text.xsl's marked stream into lines: collapse white space, wrap each line at `width`.

    Blocks are separated by one blank line; a block starting with INDENT is indented by four spaces; LINE starts a
    new line inside a block. Words are never broken, so a word longer than the width stays whole; a spaced
    ellipsis (". . .") stays on one line.
    """
    blocks = []
    for block in _pieces(raw, BLOCK):
        indent = INDENT_TEXT if block.lstrip().startswith(INDENT) else ""
        lines = []
        for line in block.replace(INDENT, "").split(LINE):
            words = _ELLIPSIS_SPACE.sub(_GLUE, _SPACES.sub(" ", line).strip())
            if words:
                lines.append(_wrap(words, width, indent).replace(_GLUE, " "))
        if lines:
            blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def _pieces(text: str, separator: str) -> Iterator[str]:
    """`text.split(separator)`, one piece at a time (a list of all pieces would copy a large text at once)."""
    start = 0
    while (end := text.find(separator, start)) != -1:
        yield text[start:end]
        start = end + len(separator)
    yield text[start:]


def _wrap(line: str, width: int, indent: str) -> str:
    """Greedy wrapping of single-spaced words (what textwrap.fill does without breaking words, much faster)."""
    out: list[str] = []
    current = ""
    for word in line.split(" "):
        if current and len(indent) + len(current) + 1 + len(word) > width:
            out.append(indent + current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    out.append(indent + current)
    return "\n".join(out)


def output_path(source: Path, folder: Path, target: str) -> Path:
    """`folder/<source stem>.html` or `.txt`."""
    return folder / (source.stem + SUFFIX[target])


def write_output(path: Path, data: str, force: bool = False) -> Path:
    """Write atomically; refuse to replace an existing file by a shorter one unless `force` (house rule)."""
    new = data.encode("utf-8")
    if path.is_dir():
        raise TeikitError("is a folder: give a file name for the output", path)
    if path.exists() and not force and path.stat().st_size > len(new):
        raise TeikitError(
            f"would replace {path.stat().st_size} bytes by {len(new)}: pass --force to overwrite it", path
        )
    return atomic_write(path, new)


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
) -> int:
    """`teikit export`: one file to stdout or -o FILE; several (a folder, `-`) into -o FOLDER, in parallel.

    With several files, one that cannot be exported is reported on stderr and the others go on (exit 2 at the end).
    """
    started = time.perf_counter()
    sources = collect_paths(files)
    if shard:
        sources = select_shard(sources, *parse_shard(shard))
    if not sources:
        raise TeikitError(f"no *.xml file in {', '.join(files)}")
    many = len(sources) > 1 or shard is not None or any(f == "-" or Path(f).is_dir() for f in files)
    out = Path(output) if output else None
    if not many and out is None:
        sys.stdout.write(export_file(sources[0], options))
        return EXIT_OK
    if not many and not out.is_dir():
        if out.resolve() == sources[0].resolve():
            raise TeikitError("the output would overwrite its own source: choose another -o", out)
        write_output(out, export_file(sources[0], options), force=force)
        if verbose:
            print(f"wrote {out}", file=sys.stderr)
        return EXIT_OK
    if out is None:
        raise TeikitError("several files need -o FOLDER to write into")
    if out.exists() and not out.is_dir():
        raise TeikitError("with several files, -o must be a folder, not a file", out)
    progress = Progress(len(sources), sys.stderr, enabled=not quiet)
    try:
        results = export_to_folder(sources, out, options, force, jobs, progress)
    finally:
        progress.close()
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
