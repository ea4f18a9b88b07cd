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
    p = sub.add_parser("deposit", help="package the edition as a BagIt bag for an archive")
    _common(p)
    p.set_defaults(run=_not_built("deposit"))


def _add_schema(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("schema", help="generate RELAX NG, XSD and Schematron from the project's ODD")
    p.add_argument("odd", nargs="?", default="schema/teikit.odd", metavar="ODD",
                   help="the ODD customisation (default: schema/teikit.odd)")
    p.add_argument("-o", "--output", default="schema", metavar="DIR",
                   help="folder for teikit.rng, teikit.xsd, xml.xsd and teikit.sch (default: schema/)")
    p.add_argument("--manual", default="build/teikit-manual.html", metavar="FILE",
                   help="the HTML encoding manual to write (default: build/teikit-manual.html)")
    _common(p)

    def run(args: argparse.Namespace) -> int:
        from teikit.schema import write_schemas

        written = write_schemas(args.odd, args.output, args.manual)
        if not args.quiet:
            for path in written:
                print(f"wrote {path}")
        return 0

    p.set_defaults(run=run)


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
