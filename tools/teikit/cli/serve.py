"""`teikit serve`: its options; the serve stage does the rest (teikit.serve.run_serve)."""

from __future__ import annotations

import argparse

from teikit import serve
from teikit.cli import add_common, count_of
from teikit.parallel import default_jobs


def add_parser(sub: argparse._SubParsersAction, help: str) -> None:
    p = sub.add_parser(
        "serve",
        help=help,
        description="Index the TEI documents in PATH... (folders are collections) and serve them as a DTS 1.0 API "
        "at /api/dts, with each document's HTML reading edition at /html/ID.",
    )
    add_common(p)
    p.add_argument("paths", nargs="+", metavar="PATH", help="TEI files or folders (searched for *.xml)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    p.add_argument("--workers", type=count_of("--workers"), default=1, metavar="N",
                   help="server processes sharing the port (default: 1); each holds the index")
    p.add_argument("-j", "--jobs", type=count_of("--jobs"), default=default_jobs(), metavar="N",
                   help="processes that build the index at start (default: the number of cores, %(default)s here)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return serve.run_serve(args.paths, args.host, args.port, args.workers, args.jobs, args.quiet, args.verbose)
