"""`teikit report`: its options; the validate stage does the rest (teikit.validate.command.run_report)."""

from __future__ import annotations

import argparse

from teikit.cli import add_common
from teikit.validate.command import run_report
from teikit.validate.reports import FORMATS


def add_parser(sub: argparse._SubParsersAction, help: str) -> None:
    p = sub.add_parser(
        "report",
        help=help,
        description="Merge the JSON reports of teikit validate runs into one report, in any format. The reports of "
        "the shards of one run (validate --shard K/N --format json, e.g. on N CI jobs or Slurm tasks) are merged in "
        "the order of the whole run, with its summary, as one run over the whole corpus would have reported; "
        "the time is that of the slowest shard. Exit 0 when every file is valid, 1 when one is not, 2 when one could "
        "not be read or on an input error (a report missing, broken, or of other checks; a shard missing or given "
        "twice).",
    )
    p.add_argument("reports", nargs="+", metavar="FILE.json", help="JSON reports of teikit validate --format json")
    p.add_argument("--format", choices=FORMATS, default="text", help="format of the merged report (default: text)")
    p.add_argument("-o", "--output", metavar="OUT", help="write the report to OUT instead of standard output")
    p.add_argument("--force", action="store_true",
                   help="let the report replace a file that teikit did not write (or that was changed since)")
    add_common(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return run_report(args.reports, args.format, args.output, args.quiet, args.force)
