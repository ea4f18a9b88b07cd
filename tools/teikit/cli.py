"""The `teikit` command line: argument parsing only; each subcommand calls one function of its stage module."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from teikit import __version__
from teikit.errors import EXIT_USAGE, TeikitError

PROG = "teikit"


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit 2 (argparse prints the whole usage)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{PROG}: error: {message} (see '{self.prog} --help')\n")


def _not_built(name: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        raise TeikitError(f"'{name}' is not built yet in teikit {__version__}")

    return run


def _common(parser: argparse.ArgumentParser) -> None:
    noise = parser.add_mutually_exclusive_group()
    noise.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    noise.add_argument("-v", "--verbose", action="store_true", help="print more detail")
    parser.add_argument("--debug", action="store_true", help="show a traceback on errors (for bug reports)")


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"--jobs takes a whole number of 1 or more, got {text!r}")
    return int(text)


def _batch_options(parser: argparse.ArgumentParser) -> None:
    """--jobs and --shard, for commands that take whole corpora."""
    from teikit.batch import default_jobs

    parser.add_argument(
        "-j", "--jobs", type=_jobs, default=default_jobs(), metavar="N",
        help="worker processes (default: the number of cores, %(default)s here)",
    )
    parser.add_argument(
        "--shard", metavar="K/N",
        help="take only the K-th of N parts of the files (the same parts on every machine), to split a corpus "
        "across CI jobs",
    )


def _add_convert(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("convert", help="plain-text transcription + editorial data -> TEI P5",
                       description="Convert SOURCE.txt and the editorial data beside it (SOURCE.header.toml, "
                       ".corrections.toml, .names.toml, .works.toml, .quotations.toml) to TEI P5.")
    p.add_argument("source", metavar="SOURCE.txt", help="the plain-text transcription")
    p.add_argument("-o", "--output", metavar="OUT.xml",
                   help="where to write (default: tei/NAME.xml for tei/src/NAME.txt, else NAME.xml beside it)")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors (exit 1, nothing written)")
    p.add_argument("--force", action="store_true", help="replace OUT even when the new document is much smaller")
    _common(p)
    p.set_defaults(run=_run_convert)


def _run_convert(args: argparse.Namespace) -> int:
    from pathlib import Path

    from teikit.convert import convert, default_output
    from teikit.convert.report import format_finding
    from teikit.errors import EXIT_INVALID
    from teikit.xmlio import atomic_write

    source = Path(args.source)
    result = convert(source)
    warnings = [f for f in result.findings if f.severity == "warning"]
    for finding in result.findings:
        if finding.severity == "info" and not args.verbose:
            continue
        if args.quiet and not args.strict:
            continue
        severity = "error" if args.strict and finding.severity == "warning" else None
        print(format_finding(finding, severity), file=sys.stderr)
    if args.strict and warnings:
        print(f"{PROG}: error: {len(warnings)} warning(s) with --strict: nothing written", file=sys.stderr)
        return EXIT_INVALID
    output = Path(args.output) if args.output else default_output(source)
    if output.exists() and not args.force and output.stat().st_size * 0.9 > len(result.data):
        raise TeikitError(f"would replace {output} ({output.stat().st_size} bytes) with a much smaller document "
                          f"({len(result.data)} bytes; missing editorial data?): use --force to replace it", source)
    atomic_write(output, result.data)
    if args.verbose:
        print(f"{PROG}: wrote {output} ({len(result.data)} bytes, {len(warnings)} warnings)", file=sys.stderr)
    return 0


def _add_validate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "validate",
        help="check TEI against RELAX NG, XML Schema, Schematron, TEI All",
        description="Check TEI documents against the project's RELAX NG, XML Schema and Schematron (by default), "
        "or against the schemas named with --schema and/or TEI All. Exit 0 valid, 1 invalid, 2 usage or input error.",
    )
    p.add_argument(
        "paths", nargs="*", metavar="PATH", help="TEI files or folders (searched for *.xml); - reads paths from stdin"
    )
    p.add_argument(
        "--schema", action="append", default=[], metavar="FILE",
        help="check against this RELAX NG (.rng), XML Schema (.xsd) or ISO Schematron (.sch) instead; repeatable",
    )
    p.add_argument(
        "--tei-all", nargs="?", const=True, default=None, metavar="RNG",
        help="check conformance to TEI All: the path of tei_all.rng, else $TEIKIT_TEI_ALL, else the copy kept "
        "the first time a path was given",
    )
    p.add_argument(
        "--xsd-engine", choices=("libxml2", "xmlschema"), default="libxml2",
        help="XML Schema validator: libxml2 (fast; the default) or xmlschema (reports more errors, starts slower)",
    )
    p.add_argument("--format", choices=("text", "json", "junit", "github"), default="text", help="report format")
    p.add_argument("-o", "--output", metavar="OUT", help="write the report to OUT instead of standard output")
    _batch_options(p)
    _common(p)
    p.set_defaults(run=_run_validate)


def _run_validate(args: argparse.Namespace) -> int:
    from teikit.validate.command import run_validate

    paths, tei_all = list(args.paths), args.tei_all
    if isinstance(tei_all, str) and not tei_all.lower().endswith(".rng"):
        paths.insert(0, tei_all)  # `--tei-all doc.xml`: the optional RNG swallowed the first document
        tei_all = True
    if not paths:
        raise TeikitError("validate needs at least one PATH (a TEI file or a folder); see 'teikit validate --help'")
    return run_validate(
        paths, args.schema, tei_all, args.format, args.output, args.quiet, args.verbose, args.xsd_engine,
        jobs=args.jobs, shard=args.shard,
    )


def _add_export(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export",
        help="TEI -> HTML reading edition or plain text (XSLT)",
        description="Render TEI files as one self-contained HTML page or as plain text. One file: the result goes "
        "to standard output, or to -o FILE (or into -o FOLDER when it is an existing folder). Several files (or a "
        "folder, or - to read paths from stdin): -o FOLDER is required and each result is named after its source "
        "(chapter.xml -> chapter.html).",
    )
    _common(p)
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="TEI P5 documents (TEI or teiCorpus); a folder is searched for *.xml; - reads paths from stdin")
    p.add_argument("--to", required=True, choices=("html", "text"), help="output format")
    p.add_argument("-o", "--output", metavar="OUT", help="output file (one input) or folder (several inputs)")
    p.add_argument("--diplomatic", action="store_true",
                   help="the text as printed (default: the corrected reading text)")
    p.add_argument("--width", type=int, default=72, metavar="N", help="text: wrap lines at N columns (default 72)")
    p.add_argument("--notes", choices=("end", "paragraph"),
                   help="where note texts go (default: html end, text paragraph)")
    p.add_argument("--pages", action="store_true", help="text: mark where each printed page begins, as [p. 40]")
    p.add_argument("--force", action="store_true", help="replace an existing output even when the new one is shorter")

    _batch_options(p)

    def run(args: argparse.Namespace) -> int:
        from teikit import export

        options = export.ExportOptions(
            target=args.to, view="diplomatic" if args.diplomatic else "reading",
            width=args.width, notes=args.notes, pages=args.pages,
        )
        return export.run_export(
            args.files, options, args.output, args.force, args.jobs, args.shard, args.quiet, args.verbose
        )

    p.set_defaults(run=run)


def _add_deposit(sub: argparse._SubParsersAction) -> None:
    from pathlib import Path  # here, not at the top: this function is all of deposit in this file

    p = sub.add_parser(
        "deposit",
        help="package the edition as a BagIt bag for an archive",
        description="Validate TEI documents, then write for each a BagIt bag, a reproducible zip of it and Dublin "
        "Core, DataCite and CITATION.cff records (set SOURCE_DATE_EPOCH for byte-identical output); or, with "
        "--verify, check bags and name every missing, added or altered file.",
    )
    _common(p)
    p.add_argument("paths", nargs="+", type=Path, metavar="TEI|BAG",
                   help="TEI documents (with --verify: bag folders or their zips)")
    p.add_argument("-o", "--output", type=Path, metavar="DIR", help="folder for the bag, its zip and its records")
    p.add_argument("--force", action="store_true", help="replace an existing deposit of the same name")
    p.add_argument("--verify", action="store_true", help="check bags instead of making them")
    p.add_argument("--src-dir", type=Path, metavar="DIR",
                   help="transcription and editorial data (default: src/ beside the TEI)")
    p.add_argument("--schema-dir", type=Path, metavar="DIR",
                   help="the ODD and its schemas (default: schema/ of the project, above the TEI's folder)")
    p.add_argument("--exports-dir", type=Path, metavar="DIR",
                   help="the HTML and text exports (default: build/ of the project)")
    p.add_argument("--include", type=Path, action="append", default=[], metavar="FILE",
                   help="add FILE to the payload under data/extra/ (repeatable)")

    def run(args: argparse.Namespace) -> int:
        from teikit import deposit

        if args.verify:
            if args.output or args.force or args.include or args.src_dir or args.schema_dir or args.exports_dir:
                p.error("--verify takes bags only (no -o, --force or payload options)")
            return deposit.run_verify(args.paths, args.quiet)
        if args.output is None:
            p.error("-o/--output DIR is required to make a deposit")
        sources = deposit.Sources(args.src_dir, args.schema_dir, args.exports_dir, tuple(args.include))
        return deposit.run_deposit(args.paths, args.output, sources, args.force, args.quiet, args.verbose)

    p.set_defaults(run=run)


def _add_schema(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "schema", help="compile an ODD (the project's, or any TEI customization) to RELAX NG, Schematron, XSD",
        description="Compile an ODD into DIR/IDENT.rng (RELAX NG), .sch (ISO Schematron), .xsd (XML Schema, where "
        "it can express the content models) and .compiled.odd, IDENT being the schemaSpec's @ident. A TEI "
        "customization needs the TEI P5 source (p5subset.xml): --source, else $TEIKIT_P5_SOURCE, else the "
        "schemaSpec's @source, else the copy teikit keeps once given one. No network, ever.")
    p.add_argument("odd", nargs="?", default="schema/teikit.odd", metavar="ODD",
                   help="the ODD customisation (default: schema/teikit.odd)")
    p.add_argument("-o", "--output", default=None, metavar="DIR",
                   help="folder for the files (default: schema/ for the project's ODD, else the current folder)")
    p.add_argument("--source", metavar="P5SUBSET", help="the TEI P5 source the ODD customizes (p5subset.xml)")
    p.add_argument("--formats", default=None, metavar="LIST", help="which files: rng,sch,xsd,odd (default: all)")
    p.add_argument("--catalog", action="append", default=[], metavar="FILE",
                   help="an XML catalog mapping the URLs of included grammars (moduleRef/@url) to local files")
    p.add_argument("--stylesheets-compat", action="store_true",
                   help="reproduce the TEI Stylesheets' deviations from the Guidelines (README: known differences)")
    p.add_argument("--force", action="store_true", help="replace files of the same names teikit did not generate")
    p.add_argument("--manual", default="build/teikit-manual.html", metavar="FILE",
                   help="the project's ODD: the HTML encoding manual to write (default: build/teikit-manual.html)")
    _common(p)

    def run(args: argparse.Namespace) -> int:
        from pathlib import Path

        from teikit.schema import write_schemas
        from teikit.schema.customization import read_customization

        customizes = args.source or args.formats or args.catalog or args.stylesheets_compat or args.force
        if customizes or read_customization(args.odd).needs_source():
            from teikit.schema.odd_command import parse_formats, run_odd

            formats = parse_formats(args.formats) if args.formats else None
            return run_odd(args.odd, args.source, args.output or ".", formats or ("rng", "sch", "xsd", "odd"),
                           args.force, args.quiet, args.verbose, args.stylesheets_compat, tuple(args.catalog))
        args.output = args.output or "schema"

        written = write_schemas(args.odd, args.output, args.manual)
        if not args.quiet:
            here = Path.cwd()
            for path in written:
                shown = path.resolve().relative_to(here) if path.resolve().is_relative_to(here) else path
                print(f"wrote {shown}")
        return 0

    p.set_defaults(run=run)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="A toolkit for TEI P5 scholarly editions.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for add in (_add_convert, _add_validate, _add_export, _add_deposit, _add_schema):
        add(sub)
    return parser


def run() -> None:
    """The `teikit` command: `main`, then exit without Python's tear-down.

    Tearing down lxml's compiled schemas and stylesheets and every module takes Python 20-30 ms, a fifth of a small
    validation, for nothing: by now every output is written, renamed and closed. Only the standard streams are
    left to flush. (`main` itself returns, for callers in the same process.)
    """
    code = main()
    try:
        sys.stdout.flush()
    except (BrokenPipeError, ValueError):  # a reader that went away, or a stream closed by the caller
        pass
    except OSError as err:  # e.g. a full disk: the report is incomplete
        print(f"{PROG}: error: cannot write the output: {err.strerror}", file=sys.stderr)
        code = code or EXIT_USAGE
    try:
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.run(args) or 0)
    except TeikitError as err:
        if args.debug:
            import traceback

            traceback.print_exc()
        print(f"{PROG}: error: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print(f"{PROG}: error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as err:  # the system refused a read or write teikit did not expect to fail (a full disk...)
        if args.debug:
            import traceback

            traceback.print_exc()
        where = f"{err.filename}: " if err.filename else ""
        print(f"{PROG}: error: {where}{err.strerror or err}", file=sys.stderr)
        return EXIT_USAGE
