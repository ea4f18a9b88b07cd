"""The `teikit` command line: the top-level parser, the options every subcommand shares, and running one.

Each subcommand is a module of this package, `teikit.cli.NAME`, with `add_parser(subparsers, help)` and
`run(args) -> exit code`, which calls one public function of its stage. Adding a subcommand is adding its module
and one line in `COMMANDS`.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence

from teikit import __version__
from teikit.errors import EXIT_USAGE, TeikitError

PROG = "teikit"

# The subcommands, in the order `teikit --help` lists them, each with its line there.
COMMANDS = {
    "init": "start an edition: tei/src/NAME.txt and its editorial data, ready to fill",
    "convert": "plain-text transcription + editorial data -> TEI P5",
    "validate": "check TEI against RELAX NG, XML Schema, Schematron, TEI All",
    "report": "merge the JSON reports of validate runs (shards) into one, in any format",
    "export": "TEI -> HTML reading edition, plain text (XSLT) or a static DTS API",
    "deposit": "package the edition as a BagIt bag for an archive",
    "schema": "compile an ODD (the project's, or any TEI customization) to RELAX NG, Schematron, XSD",
    "serve": "serve TEI as a DTS 1.0 API (and HTML reading editions)",
}


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit 2 (argparse prints the whole usage)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{PROG}: error: {message} (see '{self.prog} --help')\n")


def add_common(parser: argparse.ArgumentParser) -> None:
    """-q/--quiet, -v/--verbose and --debug, which every subcommand takes."""
    noise = parser.add_mutually_exclusive_group()
    noise.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    noise.add_argument("-v", "--verbose", action="store_true", help="print more detail")
    parser.add_argument("--debug", action="store_true", help="show a traceback on errors (for bug reports)")


def count_of(option: str) -> Callable[[str], int]:
    """An argparse type for `option`: a whole number of 1 or more."""

    def count(text: str) -> int:
        if not text.isdigit() or int(text) < 1:
            raise argparse.ArgumentTypeError(f"{option} takes a whole number of 1 or more, got {text!r}")
        return int(text)

    return count


def add_batch_options(parser: argparse.ArgumentParser) -> None:
    """--jobs, --progress and --shard, for commands that take whole corpora."""
    # here: the other commands need none of it (pickle, signal, typing)
    from teikit.parallel import PROGRESS_MODES, default_jobs

    parser.add_argument(
        "-j", "--jobs", type=count_of("--jobs"), default=default_jobs(), metavar="N",
        help="worker processes (default: the number of cores, %(default)s here)",
    )
    parser.add_argument(
        "--progress", choices=PROGRESS_MODES, default="auto",
        help="auto (the default): a bar on a terminal, nothing otherwise; lines: a line every few files, for CI "
        "logs; bar; none",
    )
    parser.add_argument(
        "--shard", metavar="K/N",
        help="take only the K-th of N parts of the files (the same parts on every machine), to split a corpus "
        "across CI jobs",
    )


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The parser; the full parser of the subcommand that `argv` names, the others by name and help line only."""
    parser = _Parser(prog=PROG, description="A toolkit for TEI P5 scholarly editions.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    # The top-level options take no value, so the first argument that is not an option names the subcommand.
    named = next((arg for arg in argv if not arg.startswith("-")), None)
    for name, help in COMMANDS.items():
        if name == named:
            # Only this subcommand's module, and so its stage, is imported: importing every stage takes longer
            # (70 ms) than the whole of `teikit --version`.
            importlib.import_module(f"{__name__}.{name}").add_parser(sub, help)
        else:
            sub.add_parser(name, help=help)
    return parser


def run() -> None:
    """The `teikit` command: `main`, then exit without Python's tear-down (freeing lxml's compiled schemas and
    stylesheets, and every module), for nothing: by now every output is written, renamed and closed, and only the
    standard streams are left to flush. (`main` itself returns, for callers in the same process.)
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
    os._exit(code)  # 10-20 ms less than sys.exit: validating the edition 0.112 -> 0.097 s, converting 0.124 -> 0.106


def _print_traceback() -> None:
    """The traceback of the error being handled, for --debug."""
    import traceback  # here, as json in reports/json.py (with tempfile, no longer used: 4-8% of validating the edition)

    traceback.print_exc()


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.run(args) or 0)
    except TeikitError as err:
        if args.debug:
            _print_traceback()
        print(f"{PROG}: error: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print(f"{PROG}: error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as err:  # the system refused a read or write teikit did not expect to fail (a full disk...)
        if args.debug:
            _print_traceback()
        where = f"{err.filename}: " if err.filename else ""
        print(f"{PROG}: error: {where}{err.strerror or err}", file=sys.stderr)
        return EXIT_USAGE
