"""The DTS index: collections (folders, teiCorpus files), resources (TEI documents) with their metadata, citation
trees and passages, built once, in parallel over the files, before the server answers anything.

It is kept in memory: it is about the size of the corpus (each document serialised once, its HTML, and a few hundred
bytes per citable unit), every lookup is a dict or a list slice, and no request touches the disk. Workers of
`--workers N` each load it from one pickle written at start (N copies in memory, which is what makes them
independent: nothing is shared between requests or processes).

Identifiers are opaque keys into the index, made from the paths relative to the folder served (`eltec-eng.ENG18400`,
a folder and a file; `file.2`, the second TEI of a teiCorpus): a request's `id` or `resource` is only ever looked
up in a dict, never turned back into a path.
"""

from __future__ import annotations

import os
import pickle
import re
import time
from collections.abc import Sequence
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from teikit.errors import TeikitError
from teikit.parallel import Progress, file_size, run_batches
from teikit.serve.citetree import DC_TERMS, Found, citation_trees, local
from teikit.serve.metadata import dublin_core, language
from teikit.serve.passages import Point, Serialised, serialise
from teikit.xmlio import TEI_NS, parse_file

# What an identifier made from a path may contain (anything else becomes "_"): safe in URLs and file names.
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass
class Unit:
    """A citable unit, ready to answer: its CitableUnit JSON and the two points bounding its passage."""

    identifier: str
    level: int
    parent: str | None
    json: str
    start: Point
    stop: Point
    last: int = 0  # the position, in its tree, of its last descendant (its own when it has none)


@dataclass
class CitationTree:
    identifier: str | None
    description: str | None
    structure: list[dict]
    units: list[Unit]
    positions: dict[str, int] = field(default_factory=dict)

    def json(self) -> dict:
        out: dict = {"@type": "CitationTree"}
        if self.identifier is not None:
            out["identifier"] = self.identifier
        if self.description:
            out["description"] = self.description
        out["citeStructure"] = self.structure
        return out


@dataclass
class Resource:
    id: str
    title: str
    dublin_core: dict
    source: str  # the file it comes from, for messages only
    trees: list[CitationTree]
    document: Serialised
    html: bytes | None
    parent: str = ""


@dataclass
class Collection:
    id: str
    title: str
    dublin_core: dict
    members: list[str]  # ids of collections and resources, in order
    parent: str | None = None


@dataclass
class Index:
    root: str
    collections: dict[str, Collection]
    resources: dict[str, Resource]
    warnings: list[str]
    seconds: float = 0.0
    unread: int = 0  # files that could not be read as TEI (each one of the warnings)

    def save(self, path: Path) -> None:
        with open(path, "wb") as handle:
            pickle.dump(self, handle, protocol=pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def load(path: str | Path) -> Index:
        with open(path, "rb") as handle:
            return pickle.load(handle)

    @property
    def units(self) -> int:
        return sum(len(t.units) for r in self.resources.values() for t in r.trees)


def _unit_json(found: Found, lang: str) -> str:
    import json

    out: dict = {"identifier": found.identifier, "@type": "CitableUnit", "level": found.level,
                 "parent": found.parent, "citeType": found.cite_type}
    dc = {k[len(DC_TERMS):]: [{"lang": lang, "value": v} for v in vs]
          for k, vs in found.metadata.items() if k.startswith(DC_TERMS)}
    other = {k: vs for k, vs in found.metadata.items() if not k.startswith(DC_TERMS)}
    if dc:
        out["dublinCore"] = dc
    if other:
        out["extensions"] = other
    return json.dumps(out, ensure_ascii=False)


def _frame_container(el: etree._Element, root: etree._Element) -> etree._Element:
    for ancestor in el.iterancestors():
        if local(ancestor) in ("body", "front", "back"):
            return ancestor
    return root


def index_tei(tei: etree._Element, name: str) -> tuple[Resource, list[str]]:
    """Index one TEI element (its own tree: a copy when it sits in a teiCorpus). The element is consumed."""
    title, dc = dublin_core(tei)
    trees, warnings = citation_trees(tei, name)
    html = _html(tei, name, warnings)
    lang = language(tei)
    located: list[etree._Element] = []
    ends: dict[int, etree._Element] = {}  # id(found) -> the element whose content ends a last milestone
    for tree in trees:
        parents = {u.identifier: u for u in tree.units}
        for found in tree.units:
            located.append(found.element)
            if found.milestone:
                parent = parents.get(found.parent) if found.parent else None
                ends[id(found)] = parent.element if parent else _frame_container(found.element, tei)
                located.append(ends[id(found)])
    document, chains, spans = serialise(tei, located)
    out_trees = []
    for tree in trees:
        units = []
        for position, found in enumerate(tree.units):
            el = found.element
            start = (spans[el][0], chains[el][:-1])
            if found.milestone:
                following = next((u for u in tree.units[position + 1:] if u.sibling_key == found.sibling_key), None)
                if following is not None:
                    stop = (spans[following.element][0], chains[following.element][:-1])
                else:
                    container = ends[id(found)]
                    number = chains[container][-1]
                    stop = (spans[container][1] - len(document.end_tag(number)), chains[container])
            else:
                stop = (spans[el][1], chains[el][:-1])
            units.append(Unit(found.identifier, found.level, found.parent, _unit_json(found, lang), start, stop))
        _set_last(units)
        out_trees.append(CitationTree(tree.identifier, tree.description, tree.structure, units,
                                      {u.identifier: i for i, u in enumerate(units)}))
    return Resource("", title, dc, name, out_trees, document, html), warnings


def _set_last(units: list[Unit]) -> None:
    stack: list[int] = []
    for position, unit in enumerate(units):
        while stack and units[stack[-1]].level >= unit.level:
            units[stack.pop()].last = position - 1
        stack.append(position)
    while stack:
        units[stack.pop()].last = len(units) - 1


def _html(tei: etree._Element, name: str, warnings: list[str]) -> bytes | None:
    from teikit.export import ExportOptions, export_tree

    try:
        return export_tree(etree.ElementTree(deepcopy(tei)), ExportOptions(target="html"), name).encode("utf-8")
    except TeikitError as err:
        warnings.append(f"no HTML reading edition: {err}")
        return None


@dataclass
class _FileResult:
    """What a worker sends back for one file: its resources (several for a teiCorpus), or the error."""

    resources: list[Resource] = field(default_factory=list)
    corpus: tuple[str, dict] | None = None  # (title, dublinCore) of a teiCorpus
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


def index_file(path: Path) -> _FileResult:
    result = _FileResult()
    try:
        root = parse_file(path).getroot()
    except TeikitError as err:
        return _FileResult(error=str(err))
    name = str(path)
    if root.tag == f"{{{TEI_NS}}}teiCorpus":
        result.corpus = dublin_core(root)
        members = [deepcopy(t) for t in root.iter(f"{{{TEI_NS}}}TEI")]
    elif root.tag == f"{{{TEI_NS}}}TEI":
        members = [root]
    else:
        return _FileResult(error=f"{name}: not a TEI document (root {root.tag}): not served")
    for tei in members:
        resource, warnings = index_tei(tei, name)
        result.resources.append(resource)
        result.warnings.extend(warnings)
    return result


def _index_batch(paths: list[Path]) -> list[_FileResult]:
    return [index_file(p) for p in paths]


def slug(text: str) -> str:
    return _UNSAFE.sub("_", text).strip("_") or "_"


def _xml_files(folder: Path, warnings: list[str]) -> list[Path]:
    """The *.xml files under `folder`, sorted, without following links out of it (a link out is a warning)."""
    top = folder.resolve()
    found = []
    for here, dirs, files in os.walk(folder, followlinks=False):
        dirs.sort()
        for name in sorted(files):
            path = Path(here) / name
            if path.suffix.lower() != ".xml":
                continue
            if not path.resolve().is_relative_to(top):
                warnings.append(f"{path}: a link out of {folder}: not served")
                continue
            found.append(path)
    return found


class _Ids:
    def __init__(self) -> None:
        self.used: set[str] = set()

    def new(self, wanted: str) -> str:
        ident, n = wanted, 1
        while ident in self.used:
            n += 1
            ident = f"{wanted}-{n}"
        self.used.add(ident)
        return ident


def build_index(paths: Sequence[str | Path], jobs: int = 1, progress: Progress | None = None) -> Index:
    """Index every TEI file in `paths` (files and folders, searched recursively for *.xml)."""
    started = time.perf_counter()
    warnings: list[str] = []
    roots = [Path(p) for p in paths]
    for root in roots:
        if not root.exists():
            raise TeikitError("no such file or folder", root)
    files: list[tuple[Path, Path]] = []  # (file, the served path it was found under)
    for root in roots:
        files.extend((f, root) for f in (_xml_files(root, warnings) if root.is_dir() else [root]))
    if not files:
        raise TeikitError(f"no *.xml file in {', '.join(map(str, roots))}: nothing to serve")
    from teikit.export import stylesheet

    stylesheet("html")  # compiled before the workers fork, so that they share it
    results = run_batches(_index_batch, [f for f, _ in files], jobs, progress, weight=file_size)
    ids = _Ids()
    collections: dict[str, Collection] = {}
    single = len(roots) == 1 and roots[0].is_dir()
    root_id = ids.new(slug(roots[0].resolve().name) if single else "root")
    collections[root_id] = Collection(root_id, roots[0].resolve().name if single else "teikit serve", {}, [])
    folders: dict[Path, str] = {roots[0]: root_id} if single else {}
    resources: dict[str, Resource] = {}
    for (path, root), result in zip(files, results, strict=True):
        warnings.extend(result.warnings)
        if result.error:
            warnings.append(result.error)
            continue
        parent = _folder_collection(path.parent if root.is_dir() else None, root, folders, collections, ids,
                                    root_id)
        relative = path.relative_to(root).with_suffix("") if root.is_dir() else Path(path.stem)
        if root.is_dir() and not single:
            relative = Path(root.resolve().name) / relative
        base = ".".join(slug(part) for part in relative.parts)
        if result.corpus is not None:
            corpus = Collection(ids.new(base), result.corpus[0] or path.name, result.corpus[1], [], parent)
            collections[corpus.id] = corpus
            collections[parent].members.append(corpus.id)
            parent, names = corpus.id, [f"{corpus.id}.{n}" for n in range(1, len(result.resources) + 1)]
        else:
            names = [base]
        for resource, wanted in zip(result.resources, names, strict=True):
            resource.id, resource.parent = ids.new(wanted), parent
            resources[resource.id] = resource
            collections[parent].members.append(resource.id)
    unread = sum(1 for result in results if result.error)
    return Index(root_id, collections, resources, warnings, time.perf_counter() - started, unread)


def _folder_collection(folder: Path | None, root: Path, folders: dict[Path, str], collections: dict[str, Collection],
                       ids: _Ids, root_id: str) -> str:
    """The collection of `folder` (made, with its parents, when first needed); the root's for a file argument."""
    if folder is None:
        return root_id
    if folder in folders:
        return folders[folder]
    parent = root_id if folder == root else _folder_collection(folder.parent, root, folders, collections, ids,
                                                              root_id)
    relative = folder.relative_to(root) if folder != root else Path()
    parts = ([root.resolve().name] if root not in folders else []) + list(relative.parts)
    ident = ids.new(".".join(slug(p) for p in parts) or slug(root.resolve().name))
    collections[ident] = Collection(ident, folder.resolve().name, {}, [], parent)
    collections[parent].members.append(ident)
    folders[folder] = ident
    return ident
