"""`teikit deposit`: its options; the deposit stage does the rest (teikit.deposit.run_deposit and run_verify)."""

from __future__ import annotations

import argparse
from pathlib import Path

from teikit import deposit
from teikit.cli import add_common


def add_parser(sub: argparse._SubParsersAction, help: str) -> None:
    p = sub.add_parser(
        "deposit",
        help=help,
        description="Validate TEI documents, then write for each a BagIt bag, a reproducible zip of it and Dublin "
        "Core, DataCite and CITATION.cff records (set SOURCE_DATE_EPOCH for byte-identical output); or, with "
        "--verify, check bags and name every missing, added or altered file.",
    )
    add_common(p)
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
    p.set_defaults(run=run, parser=p)


def run(args: argparse.Namespace) -> int:
    if args.verify:
        if args.output or args.force or args.include or args.src_dir or args.schema_dir or args.exports_dir:
            args.parser.error("--verify takes bags only (no -o, --force or payload options)")
        return deposit.run_verify(args.paths, args.quiet)
    if args.output is None:
        args.parser.error("-o/--output DIR is required to make a deposit")
    sources = deposit.Sources(args.src_dir, args.schema_dir, args.exports_dir, tuple(args.include))
    return deposit.run_deposit(args.paths, args.output, sources, args.force, args.quiet, args.verbose)
