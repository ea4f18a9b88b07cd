"""`teikit convert`: its options; the convert stage does the rest (teikit.convert.command)."""

from __future__ import annotations

import argparse
from pathlib import Path

from teikit.cli import add_common
from teikit.convert.command import run_convert


def add_parser(sub: argparse._SubParsersAction, help: str) -> None:
    p = sub.add_parser("convert", help=help,
                       description="Convert SOURCE.txt and the editorial data beside it (SOURCE.header.toml, "
                       ".corrections.toml, .names.toml, .works.toml, .quotations.toml) to TEI P5.")
    p.add_argument("source", metavar="SOURCE.txt", help="the transcription (plain text or Markdown: see --profile)")
    p.add_argument("-o", "--output", metavar="OUT.xml",
                   help="where to write (default: tei/NAME.xml for tei/src/NAME.txt, else NAME.xml beside it)")
    p.add_argument("--profile", metavar="FILE|NAME",
                   help="the transcription's conventions: a profile file (.toml) or a built-in profile's name "
                   "(flp-plain, markdown); default: the header data's edition.profile, else flp-plain (.md: markdown)")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors (exit 1, nothing written)")
    p.add_argument("--force", action="store_true", help="replace OUT even when the new document is much smaller")
    add_common(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    output = Path(args.output) if args.output else None
    return run_convert(Path(args.source), output, args.strict, args.force, args.quiet, args.verbose, args.profile)
