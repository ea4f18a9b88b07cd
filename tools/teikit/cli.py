"""The `teikit` command line: argument parsing only; each subcommand calls one function of its stage module."""

from __future__ import annotations

import argparse
import sys
import traceback
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


def _add_convert(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("convert", help="plain-text transcription + editorial data -> TEI P5")
    _common(p)
    p.set_defaults(run=_not_built("convert"))


def _add_validate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check TEI against RELAX NG, XML Schema, Schematron, TEI All")
    _common(p)
    p.set_defaults(run=_not_built("validate"))


def _add_export(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="TEI -> HTML reading edition or plain text (XSLT)")
    _common(p)
    p.set_defaults(run=_not_built("export"))


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
        import os

        from teikit import deposit
        from teikit.errors import EXIT_INVALID

        if args.verify:
            if args.output or args.force or args.include or args.src_dir or args.schema_dir or args.exports_dir:
                p.error("--verify takes bags only (no -o, --force or payload options)")
            status = 0
            for bag in args.paths:
                report = deposit.verify(bag)
                for label, names in (("missing", report.missing), ("added", report.added),
                                     ("altered", report.altered), ("problem", report.problems)):
                    for name in names:
                        print(f"{bag}: {label}: {name}")
                if report.valid:
                    if not args.quiet:
                        size, files = (report.payload_oxum or "?.?").split(".")
                        print(f"{bag}: valid bag ({files} payload files, {size} bytes; every checksum matches)")
                else:
                    counts = ", ".join(f"{len(v)} {k}" for k, v in (("missing", report.missing), ("added",
                                       report.added), ("altered", report.altered), ("other", report.problems)) if v)
                    print(f"{PROG}: error: {bag}: not a valid bag: {counts}", file=sys.stderr)
                    status = EXIT_INVALID
            return status
        if args.output is None:
            p.error("-o/--output DIR is required to make a deposit")
        sources = deposit.Sources(args.src_dir, args.schema_dir, args.exports_dir, tuple(args.include))
        try:
            results = deposit.deposit(args.paths, args.output, sources, force=args.force,
                                      epoch=deposit.source_date_epoch(os.environ))
        except deposit.InvalidDocument as err:
            for finding in err.findings:
                print(finding, file=sys.stderr)
            raise
        for result in results:
            if args.verbose:
                for finding in result.warnings:
                    print(finding, file=sys.stderr)
            if args.quiet:
                continue
            print(f"deposited {result.tei} (valid, {len(result.warnings)} warnings)")
            print(f"  bag       {result.bag}/ ({result.payload_files} payload files, {result.payload_bytes} bytes;"
                  f" manifests {', '.join(deposit.CHECKSUMS)})")
            print(f"  zip       {result.zip} ({result.zip.stat().st_size} bytes, sha256 {result.zip_sha256})")
            for label, record in zip(("DC", "DataCite", "CFF"), result.records, strict=True):
                print(f"  {label:<9} {record}")
        return 0

    p.set_defaults(run=run)


def _add_schema(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("schema", help="generate RELAX NG, XSD and Schematron from the project's ODD")
    _common(p)
    p.set_defaults(run=_not_built("schema"))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="A toolkit for TEI P5 scholarly editions.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for add in (_add_convert, _add_validate, _add_export, _add_deposit, _add_schema):
        add(sub)
    return parser


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
            traceback.print_exc()
        print(f"{PROG}: error: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print(f"{PROG}: error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
