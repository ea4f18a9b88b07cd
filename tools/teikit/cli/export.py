"""`teikit export`: its options; the export stage does the rest (teikit.export.run_export), or for `--to dts` the
serve stage, which writes its API as static files (teikit.serve.run_static_export)."""

from __future__ import annotations

import argparse

from teikit import export
from teikit.cli import add_batch_options, add_common


def add_parser(sub: argparse._SubParsersAction, help: str) -> None:
    p = sub.add_parser(
        "export",
        help=help,
        description="Render TEI files as one self-contained HTML page, as plain text or as an EPUB 3 book. One file: "
        "the result goes to standard output, or to -o FILE (or into -o FOLDER when it is an existing folder). "
        "Several files (or a "
        "folder, or - to read paths from stdin): -o FOLDER is required and each result is named after its source "
        "(chapter.xml -> chapter.html). --to dts writes the DTS API of all the files as a static site into -o DIR.",
    )
    add_common(p)
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="TEI P5 documents (TEI or teiCorpus); a folder is searched for *.xml; - reads paths from stdin")
    p.add_argument("--to", required=True, choices=("html", "text", "epub", "dts"),
                   help="output format (dts: the DTS API as static files into -o DIR)")
    p.add_argument("-o", "--output", metavar="OUT", help="output file (one input) or folder (several inputs)")
    p.add_argument("--diplomatic", action="store_true",
                   help="the text as printed (default: the corrected reading text)")
    p.add_argument("--width", type=int, default=72, metavar="N", help="text: wrap lines at N columns (default 72)")
    p.add_argument("--notes", choices=("end", "paragraph"),
                   help="where note texts go (default: html end, text paragraph)")
    p.add_argument("--pages", action="store_true", help="text: mark where each printed page begins, as [p. 40]")
    p.add_argument("--edition", default="", metavar="ED",
                   help="follow the line and page breaks of this edition (@ed/@edRef; default: the one most breaks "
                   "name); breaks of other editions are left out")
    p.add_argument("--base-url", metavar="URL",
                   help="dts: where the site will be served, a path (/teikit, a GitHub Pages project site) or an "
                   "address (https://example.org/teikit); its URLs start there (default: the root of a site)")
    p.add_argument("--force", action="store_true", help="replace an existing output even when the new one is shorter")
    add_batch_options(p)
    p.set_defaults(run=run, parser=p)


def run(args: argparse.Namespace) -> int:
    if args.to == "dts":
        from teikit import serve  # here: only --to dts needs the serve stage

        return serve.run_static_export(args.files, args.output, args.force, args.jobs, args.quiet, args.base_url)
    if args.base_url is not None:
        args.parser.error("--base-url is for --to dts only")
    options = export.ExportOptions(
        target=args.to, view="diplomatic" if args.diplomatic else "reading",
        width=args.width, notes=args.notes, pages=args.pages, edition=args.edition,
    )
    return export.run_export(
        args.files, options, args.output, args.force, args.jobs, args.shard, args.quiet, args.verbose, args.progress
    )
