"""`teikit init`: its options; the convert stage writes the new edition's sources (teikit.convert.init)."""

from __future__ import annotations

import argparse
from pathlib import Path

from teikit.cli import add_common
from teikit.convert.init import run_init


def add_parser(sub: argparse._SubParsersAction, help: str) -> None:
    p = sub.add_parser("init", help=help,
                       description="Create tei/src/NAME.txt (empty, or a copy of --from FILE) and its editorial data "
                       "files: NAME.header.toml with every field a valid TEI header needs (the unknown ones as "
                       'key = ""), and the other data files with commented examples; and schema/ with teikit\'s '
                       "encoding when the project has none. Nothing is replaced without --force.")
    p.add_argument("name", metavar="NAME", help="the edition's name: tei/src/NAME.txt")
    p.add_argument("--from", dest="source", type=Path, metavar="FILE", help="the transcription to start from")
    p.add_argument("--title", default="", help="the title of the text")
    p.add_argument("--author", default="", help="the author of the text")
    p.add_argument("--publisher", default="", help="who publishes the edition")
    p.add_argument("--licence", default="", metavar="ID|URL",
                   help="the encoding's licence: an SPDX id of data/licences.toml (CC-BY-4.0, CC0-1.0, ...) or a URL")
    p.add_argument("--profile", metavar="FILE|NAME",
                   help="the transcription's conventions (default: flp-plain; markdown for a .md --from FILE)")
    p.add_argument("--dir", type=Path, default=Path("."), metavar="DIR",
                   help="the project folder that holds tei/ and schema/ (default: the current folder)")
    p.add_argument("--force", action="store_true", help="replace the edition's files if they exist")
    add_common(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return run_init(args.name, args.dir, args.quiet, title=args.title, author=args.author, profile=args.profile,
                    source=args.source, licence=args.licence, publisher=args.publisher, force=args.force)
