"""`teikit schema`: its options; the schema stage does the rest (teikit.schema.command)."""

from __future__ import annotations

import argparse

from teikit.cli import add_common
from teikit.schema.command import run_schema


def add_parser(sub: argparse._SubParsersAction, help: str) -> None:
    p = sub.add_parser("schema", help=help)
    p.add_argument("odd", nargs="?", default="schema/teikit.odd", metavar="ODD",
                   help="the ODD customisation (default: schema/teikit.odd)")
    p.add_argument("-o", "--output", default="schema", metavar="DIR",
                   help="folder for teikit.rng, teikit.xsd, xml.xsd and teikit.sch (default: schema/)")
    p.add_argument("--manual", default="build/teikit-manual.html", metavar="FILE",
                   help="the HTML encoding manual to write (default: build/teikit-manual.html)")
    add_common(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return run_schema(args.odd, args.output, args.manual, args.quiet)
