"""`teikit schema`: its options; the schema stage does the rest (teikit.schema.command)."""

from __future__ import annotations

import argparse

from teikit.cli import add_common
from teikit.schema.command import run_schema


def add_parser(sub: argparse._SubParsersAction, help: str) -> None:
    p = sub.add_parser(
        "schema", help=help,
        description="Compile an ODD. The project's (schema/teikit.odd, the default, or any ODD given with --manual) "
        "into its RELAX NG, XML Schema, Schematron and HTML manual; any other, a customization of TEI, into "
        "DIR/IDENT.rng (RELAX NG), .sch (ISO Schematron), .xsd (XML Schema, where it can express the content "
        "models) and .compiled.odd, IDENT being the schemaSpec's @ident. A customization needs the TEI P5 source "
        "(p5subset.xml): --source, else $TEIKIT_P5_SOURCE, else the schemaSpec's @source, else the copy teikit "
        "keeps once given one. No network, ever.")
    p.add_argument("odd", nargs="?", default=None, metavar="ODD",
                   help="the ODD (default: the project's, schema/teikit.odd)")
    p.add_argument("-o", "--output", default=None, metavar="DIR",
                   help="folder for the files (default: schema/ for the project's ODD, else the current folder)")
    p.add_argument("--manual", default=None, metavar="FILE",
                   help="the project's ODD: the HTML encoding manual to write (default: build/teikit-manual.html)")
    p.add_argument("--source", metavar="P5SUBSET", help="the TEI P5 source the ODD customizes (p5subset.xml)")
    p.add_argument("--formats", default=None, metavar="LIST", help="which files: rng,sch,xsd,odd (default: all)")
    p.add_argument("--catalog", action="append", default=[], metavar="FILE",
                   help="an XML catalog mapping the URLs of included grammars (moduleRef/@url) to local files")
    p.add_argument("--stylesheets-compat", action="store_true",
                   help="reproduce the TEI Stylesheets' deviations from the Guidelines (README: known differences)")
    p.add_argument("--force", action="store_true",
                   help="replace files of the same names that teikit did not write (or that were changed since)")
    add_common(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return run_schema(args.odd, args.output, args.manual, args.quiet, args.verbose, args.source, args.formats,
                      tuple(args.catalog), args.stylesheets_compat, args.force)
