"""The TEI source an ODD customizes (p5subset.xml, or a compiled ODD when ODDs are chained), read once into an
index of its specifications by ident and by module.

Where the source comes from, in order: `--source`, `$TEIKIT_P5_SOURCE`, the schemaSpec's `@source` (a local path),
else the copy teikit keeps in its cache folder once it has been given one. Never the network.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from teikit import outputs, xmlio
from teikit.cachedir import cache_dir, named_file
from teikit.errors import TeikitError
from teikit.xmlio import TEI_NS

SOURCE_ENV = "TEIKIT_P5_SOURCE"
SOURCE_URL = "https://www.tei-c.org/release/xml/tei/odd/p5subset.xml"
_T = f"{{{TEI_NS}}}"
SPEC_TAGS = (f"{_T}elementSpec", f"{_T}classSpec", f"{_T}macroSpec", f"{_T}dataSpec")
# A version in a TEI Vault address or a tei: source, e.g. ".../Vault/P5/4.9.0/xml/..." or "tei:4.9.0".
_VERSION_IN_URL = re.compile(r"(?:/P5/|^tei:)(\d+\.\d+\.\d+[a-z]?)")


@dataclass
class Source:
    """The specifications of a TEI source, by ident, in document order; and its modules."""

    path: str
    digest: str  # sha256 of the file's bytes
    version: str
    tree: etree._ElementTree = field(repr=False)
    specs: dict[str, etree._Element] = field(default_factory=dict, repr=False)
    modules: dict[str, etree._Element] = field(default_factory=dict, repr=False)
    by_module: dict[str, list[str]] = field(default_factory=dict, repr=False)
    constraints: list[etree._Element] = field(default_factory=list, repr=False)  # schema-level constraintSpecs
    is_odd: bool = False  # a compiled ODD (a chain's source), not the P5 source

    def kind(self, ident: str) -> str:
        spec = self.specs.get(ident)
        return "" if spec is None else etree.QName(spec).localname


def index_source(tree: etree._ElementTree, path: str, digest: str) -> Source:
    """Index a parsed source. A document with a schemaSpec (a compiled ODD) is read from its schemaSpec only."""
    root = tree.getroot()
    if root.tag not in (f"{_T}TEI", f"{_T}teiCorpus"):
        raise TeikitError(f"not a TEI source: its root is {root.tag}, not TEI (give p5subset.xml, or an ODD to chain "
                          "to)", path, root.sourceline or 1, 1)
    scope = root.find(f".//{_T}schemaSpec")
    where = root if scope is None else scope
    edition = root.find(f"{_T}teiHeader/{_T}fileDesc/{_T}editionStmt/{_T}edition")
    version = _edition_version(edition)
    source = Source(path, digest, version, tree)
    for spec in where.iter(*SPEC_TAGS, f"{_T}moduleSpec"):
        ident = spec.get("ident", "")
        if spec.tag == f"{_T}moduleSpec":
            source.modules[ident] = spec
            source.by_module.setdefault(ident, [])
            continue
        source.specs[ident] = spec
        module = spec.get("module", "")
        source.by_module.setdefault(module, []).append(ident)
    if scope is not None:
        source.is_odd = True
        source.constraints = list(scope.iterchildren(f"{_T}constraintSpec"))
    if not source.specs and scope is None:
        raise TeikitError("no elementSpec, classSpec, macroSpec or dataSpec found: this is not a TEI source "
                          "(p5subset.xml) or a compiled ODD", path, 1, 1)
    return source


def _edition_version(edition: etree._Element | None) -> str:
    if edition is None:
        return ""
    text = " ".join("".join(edition.itertext()).split())
    match = re.search(r"Version (\S+?)\.? ", text + " ")
    return match.group(1) if match else text


_LOADED: dict[tuple[str, int, int], Source] = {}


def load_source(path: str | Path) -> Source:
    """The index of the source at `path`, parsed once per process (and again only when the file changes)."""
    path = Path(path)
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise TeikitError("no such TEI source file (give the path of p5subset.xml)", path) from None
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    cached = _LOADED.get(key)
    if cached is not None:
        return cached
    tree, data = xmlio.load_file(path)
    source = index_source(tree, str(path), hashlib.sha256(data).hexdigest())
    _LOADED.clear()  # one source at a time: p5subset's tree is some tens of megabytes
    _LOADED[key] = source
    return source


def cached_source_path() -> Path:
    return cache_dir() / "p5" / "p5subset.xml"


def find_source(given: str | Path | None, schema_source: str, odd_path: str | Path,
                at: tuple[str, int, int] | None = None) -> Path:
    """The P5 source to use: `given`, else $TEIKIT_P5_SOURCE, else the schemaSpec's @source, else the cached copy.

    A schemaSpec/@source that names another ODD (a chain) comes first: `given` and the environment then name the
    P5 source at the chain's end. A source given on the command line or in the environment is copied into the
    cache for later runs. `at`: the schemaSpec's place, for messages about it.
    """
    at = at or (str(odd_path), None, None)
    chained = local_path(schema_source, odd_path) if schema_source else None
    if chained is not None and chained.is_file() and source_digest(chained)[1]:
        return chained
    path = named_file(given, SOURCE_ENV, "no such TEI source file (--source: give the path of p5subset.xml)")
    if path is not None:
        remember_source(path)
        return path
    cached = cached_source_path()
    if schema_source:
        local = local_path(schema_source, odd_path)
        if local is not None:
            if not local.is_file():
                raise TeikitError(f"the schemaSpec's @source names a file that does not exist: {local}", *at)
            return local
        wanted = _VERSION_IN_URL.search(schema_source)
        if cached.is_file() and wanted and load_source(cached).version.startswith(wanted.group(1)):
            return cached
        raise TeikitError(
            f"the schemaSpec's @source is {schema_source!r}, which teikit does not fetch (no network): download "
            f"that p5subset.xml and give it with --source PATH or ${SOURCE_ENV}", *at)
    if cached.is_file():
        return cached
    raise TeikitError(
        f"this ODD customizes TEI and needs the TEI P5 source: download p5subset.xml ({SOURCE_URL}) and give "
        f"it once with --source PATH (teikit keeps a copy in {cached.parent}), or set ${SOURCE_ENV}", *at)


def local_path(reference: str, relative_to: str | Path) -> Path | None:
    """A local file named by a path or file: URL, resolved against the folder of `relative_to`; None for a URL."""
    if reference.startswith("file:"):
        reference = re.sub(r"^file:(//)?", "", reference)
    elif re.match(r"^[A-Za-z][A-Za-z0-9+.-]+:", reference):  # http:, https:, tei: ...
        return None
    path = Path(reference)
    return path if path.is_absolute() else Path(relative_to).parent / path


def remember_source(path: Path) -> None:
    """Keep a copy of a p5subset.xml given once, so that later runs find it without being told."""
    digest, is_odd = source_digest(path)
    if is_odd:
        return  # an ODD given as the source of a chain is not the P5 source
    kept = xmlio.keep_copy(path, cached_source_path(), same=lambda copy: source_digest(copy)[0] == digest)
    if kept is not None:
        source_digest(kept, digest)


def source_digest(path: Path, copy_of: str = "") -> tuple[str, bool]:
    """(sha256 of the file's bytes, whether it is an ODD rather than the P5 source), remembered in the cache folder
    by the file's place, size and modification time: telling whether a schemaSpec/@source names an ODD to chain to,
    or whether the kept copy is current, does not parse p5subset.xml each time. `copy_of`: the digest of the P5
    source this file was just copied from (it is not read then either)."""
    stat = path.stat()
    key = f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    memo = cache_dir() / "p5" / "digests.json"
    try:
        known = json.loads(memo.read_text())
    except (OSError, ValueError):
        known = {}
    if key in known:
        return known[key][0], known[key][1]
    if copy_of:
        digest, is_odd = copy_of, False
    else:
        source = load_source(path)  # parsed and hashed once: the compilation goes on with this same Source
        digest, is_odd = source.digest, source.is_odd
    known = {k: v for k, v in known.items() if not k.startswith(f"{path.resolve()}|")}
    known[key] = [digest, is_odd]
    try:
        outputs.write_cache(memo, json.dumps(known))
    except OSError:
        pass
    return digest, is_odd
