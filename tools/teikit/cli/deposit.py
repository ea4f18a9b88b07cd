"""`teikit deposit`: its options; the deposit stage does the rest (teikit.deposit.run_deposit and run_verify)."""

from __future__ import annotations

import argparse
from pathlib import Path

from teikit import deposit, outputs
from teikit.cli import add_common


def add_parser(sub: argparse._SubParsersAction, help: str) -> None:
    p = sub.add_parser(
        "deposit",
        help=help,
        description="Validate TEI documents, then write for each a BagIt bag that meets a BagIt profile and carries "
        "RO-Crate metadata, a reproducible zip of it and Dublin Core, DataCite and CITATION.cff records, and with "
        "--ocfl add it as the next version of the edition's OCFL object (set SOURCE_DATE_EPOCH for byte-identical "
        "output; deposit.toml gives what the teiHeader does not); or, with --verify, check bags and OCFL objects and "
        "name every missing, added or altered file.",
    )
    add_common(p)
    p.add_argument("paths", nargs="+", type=Path, metavar="TEI|BAG",
                   help="TEI documents (with --verify: bag folders, their zips or tars, OCFL objects or roots)")
    p.add_argument("-o", "--output", type=Path, metavar="DIR", help="folder for the bag, its zip and its records")
    p.add_argument("--force", action="store_true", help="replace an existing deposit of the same name")
    p.add_argument("--verify", action="store_true",
                   help="check bags (and their BagIt profile, or --profile) and OCFL objects instead of making them")
    p.add_argument("--src-dir", type=Path, metavar="DIR",
                   help="transcription and editorial data (default: src/ beside the TEI)")
    p.add_argument("--schema-dir", type=Path, metavar="DIR",
                   help="the ODD and its schemas (default: schema/ of the project, above the TEI's folder)")
    p.add_argument("--exports-dir", type=Path, metavar="DIR",
                   help="the HTML and text exports (default: build/ of the project)")
    p.add_argument("--schema", type=Path, action="append", default=[], metavar="FILE",
                   help="another project's TEI: validate with this RELAX NG, XML Schema or Schematron file instead of "
                   "the project's schemas (repeatable); the bag carries it")
    p.add_argument("--tei-all", type=Path, metavar="RNG", help="another project's TEI: validate against TEI All")
    p.add_argument("--odd", type=Path, metavar="ODD",
                   help="another project's TEI: validate with the schemas compiled from this ODD; the bag carries it")
    p.add_argument("--source", metavar="P5SUBSET", help="with --odd: the TEI P5 source it customizes (p5subset.xml)")
    p.add_argument("--include", type=Path, action="append", default=[], metavar="FILE",
                   help="add FILE to the payload under data/extra/ (repeatable)")
    p.add_argument("--profile", metavar="NAME|FILE",
                   help="the BagIt profile the bag meets: teikit (default), btr, or a profile JSON file")
    p.add_argument("--bag-info", action="append", default=[], metavar="NAME=VALUE",
                   help="a bag-info.txt field the teiHeader does not give (repeatable)")
    p.add_argument("--config", type=Path, metavar="FILE", help="deposit settings (default: ./deposit.toml if present)")
    p.add_argument("--ocfl", type=Path, metavar="ROOT",
                   help="add the deposit as the next version of the edition's object in this OCFL storage root")
    p.add_argument("--ocfl-id", metavar="ID", help="the OCFL object's identifier (default: the edition's DOI or URI)")
    p.add_argument("--message", help="the OCFL version's message")
    p.add_argument("--user-name", metavar="NAME", help="who made the OCFL version")
    p.add_argument("--user-address", metavar="URI", help="a URI for them, e.g. mailto:editor@example.org")
    p.set_defaults(run=run, parser=p)


def run(args: argparse.Namespace) -> int:
    making = (args.output, args.force, args.include, args.src_dir, args.schema_dir, args.exports_dir, args.bag_info,
              args.config, args.ocfl, args.ocfl_id, args.message, args.user_name, args.user_address, args.schema,
              args.tei_all, args.odd)
    if args.verify:
        if any(making):
            args.parser.error("--verify takes bags and OCFL objects, and --profile (no -o, --force, payload or OCFL"
                              " options)")
        return deposit.run_verify(args.paths, args.quiet, args.profile)
    if args.output is None:
        args.parser.error("-o/--output DIR is required to make a deposit")
    if args.source and not args.odd:
        args.parser.error("--source names the TEI source of an ODD: give the ODD with --odd")
    compiled: tuple[Path, ...] = ()
    if args.odd:
        from teikit.schema.compile import odd_schemas  # the schema stage, only for --odd

        # -o against the ODD before it is compiled (the deposit checks it against everything else again)
        outputs.check_outputs([args.output], outputs.Inputs(tuple(Path(p) for p in (args.odd, args.source) if p)))
        compiled = tuple(Path(p) for p in odd_schemas(str(args.odd), args.source))
    sources = deposit.Sources(args.src_dir, args.schema_dir, args.exports_dir, tuple(args.include),
                              schemas=tuple(args.schema), tei_all=args.tei_all, odd=args.odd, compiled=compiled)
    settings = deposit.Settings(
        profile=args.profile, bag_info=deposit.bag_info_options(args.bag_info), ocfl_root=args.ocfl,
        ocfl_id=args.ocfl_id, message=args.message, user_name=args.user_name, user_address=args.user_address)
    return deposit.run_deposit(args.paths, args.output, sources, args.force, args.quiet, args.verbose, settings,
                               args.config)
