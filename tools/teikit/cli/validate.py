"""`teikit validate`: its options; the validate stage does the rest (teikit.validate.command)."""

from __future__ import annotations

import argparse

from teikit.cli import add_batch_options, add_common
from teikit.errors import TeikitError
from teikit.validate.command import run_validate
from teikit.validate.reports import FORMATS


def add_parser(sub: argparse._SubParsersAction, help: str) -> None:
    p = sub.add_parser(
        "validate",
        help=help,
        description="Check TEI documents against the project's RELAX NG, XML Schema and Schematron (by default), "
        "or against the schemas named with --schema and/or TEI All. Every file is checked and reported, one that "
        "cannot be read included. Exit 0 valid, 1 invalid, 2 usage error or a file that cannot be read (the worst "
        "seen).",
    )
    p.add_argument(
        "paths", nargs="*", metavar="PATH", help="TEI files or folders (searched for *.xml); - reads paths from stdin"
    )
    p.add_argument(
        "--schema", action="append", default=[], metavar="FILE",
        help="check against this RELAX NG (.rng), XML Schema (.xsd) or ISO Schematron (.sch) instead; repeatable",
    )
    p.add_argument(
        "--odd", metavar="ODD",
        help="check against the RELAX NG and Schematron of this ODD (a customization of TEI, compiled once and kept "
        "in teikit's cache) instead of the project's schemas",
    )
    p.add_argument("--source", metavar="P5SUBSET", help="with --odd: the TEI P5 source it customizes (p5subset.xml)")
    p.add_argument(
        "--tei-all", nargs="?", const=True, default=None, metavar="RNG",
        help="check conformance to TEI All: the path of tei_all.rng, else $TEIKIT_TEI_ALL, else the copy kept "
        "the first time a path was given",
    )
    p.add_argument(
        "--xsd-engine", choices=("libxml2", "xmlschema"), default="libxml2",
        help="XML Schema validator: libxml2 (fast; the default) or xmlschema (reports more errors, starts slower)",
    )
    p.add_argument("--format", choices=FORMATS, default="text", help="report format")
    p.add_argument("-o", "--output", metavar="OUT", help="write the report to OUT instead of standard output")
    p.add_argument("--force", action="store_true",
                   help="let the report replace a file that teikit did not write (or that was changed since)")
    add_batch_options(p)
    add_common(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    paths, tei_all = list(args.paths), args.tei_all
    if isinstance(tei_all, str) and not tei_all.lower().endswith(".rng"):
        paths.insert(0, tei_all)  # `--tei-all doc.xml`: the optional RNG swallowed the first document
        tei_all = True
    if not paths:
        raise TeikitError("validate needs at least one PATH (a TEI file or a folder); see 'teikit validate --help'")
    if args.source and not args.odd:
        raise TeikitError("--source names the TEI source of an ODD: give the ODD with --odd")
    return run_validate(
        paths, args.schema, tei_all, args.format, args.output, args.quiet, args.verbose, args.xsd_engine,
        jobs=args.jobs, shard=args.shard, progress=args.progress, force=args.force, odd=args.odd, source=args.source,
    )
