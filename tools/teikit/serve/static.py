"""The DTS API as static files (Level 0: no start/end ranges), for GitHub Pages or any web server.

Files are paths, with the URI templates the spec suggests for static sites (RFC 6570 path and matrix parameters):
  api/dts/index.json                                  the entry point
  api/dts/collection{/id}{/nav}.json                  collections (the root: api/dts/collection.json)
  api/dts/navigation/{resource}{;tree,down}{/ref}.json
  api/dts/document/{resource}{;tree}{/ref}.xml       the whole document, or a passage
  html/{resource}.html                                the HTML reading edition
The URLs in the responses are those paths under the base URL where the site will be served: "" (the root of a
site: /api/dts/index.json), a path prefix (/teikit for a GitHub Pages project site: /teikit/api/dts/index.json) or
an address (https://example.org/teikit/api/dts/index.json).
Navigation files exist for every unit (no down, down=0, each down that reaches a deeper level, and -1) and for the
root (each down, and -1); a down deeper than the tree is -1's file. Every response is whole: nothing is paginated.
The site is written into a staging folder beside the output folder (teikit.outputs) that replaces it only once it is
complete.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote, urlsplit

from teikit import outputs
from teikit.errors import EXIT_OK, EXIT_USAGE, TeikitError
from teikit.ledger import ledger_for
from teikit.outputs import atomic_write
from teikit.parallel import collect_paths
from teikit.serve import dts
from teikit.serve.index import Index, Resource

ENTRY = "api/dts/index.json"
# Jekyll, which GitHub Pages runs on a site unless this file is there, would leave out files whose names start with
# "_" or "." and read others as templates; with it, the site is served as written.
NO_JEKYLL = ".nojekyll"


def _q(value: str) -> str:
    return quote(value, safe="")


def _matrix(**values: str | None) -> str:
    return "".join(f";{k}={_q(v)}" for k, v in values.items() if v is not None)


def base_url(text: str | None) -> str:
    """The base URL of the site as given to --base-url ("/teikit", "https://example.org/teikit/", or none: the
    root), without its trailing slash; a usage error for anything else (a relative path, a query, a fragment)."""
    if not text or text.strip("/") == "":
        return ""
    parts = urlsplit(text)
    if parts.query or parts.fragment or any(c.isspace() for c in text):
        raise TeikitError(f"--base-url {text!r} has a query, a fragment or a space: give the folder's URL only")
    if parts.scheme in ("http", "https") and parts.netloc:
        return text.rstrip("/")
    if parts.scheme or parts.netloc or not text.startswith("/"):
        raise TeikitError(f"--base-url is a path from the site's root (/teikit) or an http(s) address "
                          f"(https://example.org/teikit), not {text!r}")
    return quote(text.rstrip("/"), safe="/%")


class StaticUrls(dts.Urls):
    """URLs of the static site (files under `base`), in place of the server's query URLs."""

    def __init__(self, base: str = ""):
        super().__init__(base)
        self.entry_url = self.url(ENTRY)

    def url(self, path: str) -> str:
        """The URL of the file at `path` (relative to the site's folder)."""
        return f"{self.base}/{path}"

    def entry(self) -> dict:
        return {"@id": self.entry_url, "collection": f"{self.api}/collection{{/id}}{{/nav}}.json",
                "navigation": f"{self.api}/navigation/{{resource}}{{;tree,down}}{{/ref}}.json",
                "document": f"{self.api}/document/{{resource}}{{;tree}}{{/ref}}.xml"}

    def collection(self, ident: str) -> str:
        return f"{self.api}/collection/{_q(ident)}{{/nav}}.json"

    def navigation(self, ident: str) -> str:
        return f"{self.api}/navigation/{_q(ident)}{{;tree,down}}{{/ref}}.json"

    def document(self, ident: str) -> str:
        return f"{self.api}/document/{_q(ident)}{{;tree}}{{/ref}}.xml"

    def downloads(self, resource: Resource) -> list[str]:
        out = [f"{self.api}/document/{_q(resource.id)}.xml"]
        if resource.html is not None:
            out.append(f"{self.base}/html/{_q(resource.id)}.html")
        return out

    def media_types(self, resource: Resource) -> list[str]:
        return [dts.TEI_XML]


def _file_name(ref: str) -> str | None:
    """A unit's identifier as a file name, or None when it cannot be one (a slash, '.' or '..')."""
    return None if "/" in ref or ref in ("", ".", "..") or "\0" in ref else ref


def write_static(index: Index, folder: Path, base: str = "") -> tuple[int, list[str]]:
    """Write the site of `index`, to be served at `base` (see base_url), into `folder` (which must not exist);
    return (files written, warnings)."""
    urls = StaticUrls(base)
    warnings: list[str] = []
    count = 0

    def write(path: str, data: bytes | str) -> None:
        nonlocal count
        atomic_write(folder / path, data, durable=False, record=False)  # the site is recorded as one, once placed
        count += 1

    def write_json(path: str, body: dict | bytes) -> None:
        write(path, body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False))

    write(NO_JEKYLL, "")
    write_json(ENTRY, dts.entry(urls))
    root = dts.collection(index, None, None, None, urls, size=10**9)
    write_json("api/dts/collection.json", root)
    write_json("api/dts/collection/children.json", root)
    for ident in [*index.collections, *index.resources]:
        for nav in ("children", "parents"):
            body = dts.collection(index, ident, nav, None, urls, size=10**9)
            write_json(f"api/dts/collection/{ident}/{nav}.json", body)
            if nav == "children":
                write_json(f"api/dts/collection/{ident}.json", body)
    for resource in index.resources.values():
        count_before = count
        _write_resource(index, resource, urls, write, write_json, warnings)
        if count == count_before:
            warnings.append(f"{resource.source}: nothing written")
    return count, warnings


def _write_resource(index: Index, resource: Resource, urls: StaticUrls, write, write_json, warnings) -> None:
    ident = resource.id
    body, _ = dts.document(index, {"resource": ident}, None)
    write(f"api/dts/document/{ident}.xml", body)
    if resource.html is not None:
        write(f"html/{ident}.html", resource.html)
    for number, tree in enumerate(resource.trees):
        name = tree.identifier if number else None
        query = {"resource": ident, **({"tree": name} if name else {})}
        deepest = max((u.level for u in tree.units), default=0)
        for down in [*range(1, deepest + 1), -1]:
            path = f"api/dts/navigation/{ident}{_matrix(tree=name, down=str(down))}.json"
            write_json(path, dts.navigation(index, query, down, None, urls, urls.url(path), size=10**9))
        for unit in tree.units:
            file_name = _file_name(unit.identifier)
            if file_name is None:
                warnings.append(f"{resource.source}: unit {unit.identifier!r} cannot be a file name: not exported")
                continue
            unit_query = {**query, "ref": unit.identifier}
            for down in [None, 0, *range(1, deepest - unit.level + 1), -1]:
                path = f"api/dts/navigation/{ident}{_matrix(tree=name, down=None if down is None else str(down))}" \
                       f"/{file_name}.json"
                write_json(path, dts.navigation(index, unit_query, down, None, urls, urls.url(path), size=10**9))
            passage, _ = dts.document(index, unit_query, None)
            write(f"api/dts/document/{ident}{_matrix(tree=name)}/{file_name}.xml", passage)


def run_static_export(paths: Sequence[str], output: str | None, force: bool = False, jobs: int = 1,
                      quiet: bool = False, base: str | None = None) -> int:
    """`teikit export --to dts -o DIR [--base-url URL]`: index `paths` and write the static API into DIR."""
    from teikit.serve.command import load_index

    base = base_url(base)
    if not output:
        raise TeikitError("--to dts writes a folder: give it with -o DIR")
    out = Path(output)
    if out.exists() and not out.is_dir():
        raise TeikitError("is a file: -o names the folder of the static API", out)
    outputs.check_outputs([], outputs.documents(collect_paths(list(paths), keep_missing=True), paths), whole=[out])
    started = time.perf_counter()
    with outputs.claim([out.parent], quiet):  # the folder's own folder: the site replaces it by a rename
        # A site teikit wrote (as it is now) is replaced; a folder that is not empty and is not one needs --force.
        if out.is_dir() and any(out.iterdir()) and not force and not ledger_for(out.parent).is_own(out):
            raise TeikitError("the folder exists, is not empty, and teikit did not write it (or it was changed "
                              "since): pass --force to replace it", out)
        index = load_index(paths, jobs, quiet)
        staging = outputs.staging_folder(out.parent, out.name)
        try:
            count, warnings = write_static(index, staging / out.name, base)
            outputs.place([(staging / out.name, out)], staging)
        except OSError as err:
            raise outputs.write_error(err, out) from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    for warning in warnings:
        print(f"teikit: warning: {warning}", file=sys.stderr)
    if not quiet:
        where = (f"try: python -m http.server -d {out}, then http://localhost:8000/{ENTRY}" if not base else
                 f"its URLs start at {base}/: serve the folder there")
        print(f"wrote {count} files of the static DTS API (Level 0) into {out} in "
              f"{time.perf_counter() - started:.2f} s; {where}", file=sys.stderr)
    if index.unread:  # the site holds the others: a corpus run finishes, and its exit says what it met
        print(f"teikit: error: {index.unread} file{'s' * (index.unread > 1)} could not be read (said above): the site"
              " holds the others", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK
