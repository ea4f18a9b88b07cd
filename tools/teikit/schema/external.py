"""RELAX NG grammars a customization includes (`moduleRef url="..."`, e.g. SVG or MathML), found on disk
(catalog.py), read with their `include`s and `externalRef`s into one `div` (without its `start`), so that the
schema teikit writes stands alone."""

from __future__ import annotations

import copy
from pathlib import Path

from lxml import etree

from teikit import xmlio
from teikit.errors import TeikitError
from teikit.schema.catalog import locate
from teikit.schema.customization import error
from teikit.schema.model import External
from teikit.xmlio import RNG_NS

_R = f"{{{RNG_NS}}}"


def load_external(ref: etree._Element, odd_path: str, catalogs: list[Path]) -> External:
    """The grammar of a moduleRef/@url, as one div; TeikitError when it cannot be found or read."""
    url = ref.get("url")
    path = locate(url, Path(odd_path), catalogs)
    if path is None or not path.is_file():
        tried = ", ".join(str(c) for c in catalogs) or "none"
        raise error(f"moduleRef url={url!r}: not a local file and not in an XML catalog (catalogs: {tried}); "
                    "teikit never fetches: give a catalog with --catalog or $XML_CATALOG_FILES", ref)
    files: list[Path] = []
    div = _flatten(path, catalogs, (path.resolve(),), files)
    additions = tuple(copy.deepcopy(c) for content in ref.iterchildren("{http://www.tei-c.org/ns/1.0}content")
                      for c in content if isinstance(c.tag, str) and c.tag.startswith(_R))
    defines = tuple(dict.fromkeys(d.get("name") for d in _defines(div)))
    return External(url, str(path), div, defines, additions, tuple(map(str, files)))


def _defines(el: etree._Element):
    for child in el:
        if child.tag == f"{_R}define":
            yield child
        elif child.tag in (f"{_R}div", f"{_R}include"):
            yield from _defines(child)


def _flatten(path: Path, catalogs: list[Path], chain: tuple[Path, ...], files: list[Path]) -> etree._Element:
    """The grammar at `path` as a `div` holding its definitions, its includes read in (recursively); each file
    read is added to `files`."""
    root = xmlio.parse_file(path).getroot()
    files.append(path)
    if root.tag != f"{_R}grammar":
        raise TeikitError("not a RELAX NG grammar (XML syntax): its root is not <grammar>", path, 1, 1)
    div = etree.Element(f"{_R}div", nsmap=root.nsmap)
    for name in ("ns", "datatypeLibrary"):
        value = _inherited(root, name)
        if value is not None:
            div.set(name, value)
    _copy_content(root, div, path, catalogs, chain, files)
    return div


def _inherited(el: etree._Element, name: str) -> str | None:
    while el is not None:
        if el.get(name) is not None:
            return el.get(name)
        el = el.getparent()
    return None


def _copy_content(grammar: etree._Element, into: etree._Element, path: Path, catalogs: list[Path],
                  chain: tuple[Path, ...], files: list[Path]) -> None:
    for child in grammar:
        if not isinstance(child.tag, str) or child.tag == f"{_R}start":
            continue
        if child.tag == f"{_R}include":
            included = _included(child, path, catalogs, chain, files)
            overridden = {d.get("name") for d in child.iterchildren(f"{_R}define")}
            for define in list(_defines(included)):
                if define.get("name") in overridden:
                    define.getparent().remove(define)
            into.append(included)
            for override in child:
                if isinstance(override.tag, str) and override.tag != f"{_R}start":
                    into.append(_resolve_refs(copy.deepcopy(override), path, catalogs, chain, files))
        elif child.tag == f"{_R}div":
            nested = etree.SubElement(into, f"{_R}div", dict(child.attrib))
            _copy_content(child, nested, path, catalogs, chain, files)
        else:
            into.append(_resolve_refs(copy.deepcopy(child), path, catalogs, chain, files))


def _included(include: etree._Element, path: Path, catalogs: list[Path], chain: tuple[Path, ...],
              files: list[Path]) -> etree._Element:
    href = include.get("href", "")
    target = locate(href, path, catalogs)
    if target is None or not target.is_file():
        raise TeikitError(f"<include href={href!r}>: no such local file (and not in a catalog)", path,
                          include.sourceline or 1, 1)
    if target.resolve() in chain:
        raise TeikitError(f"<include href={href!r}> includes itself", path, include.sourceline or 1, 1)
    div = _flatten(target, catalogs, (*chain, target.resolve()), files)
    if include.get("ns") is not None:
        div.set("ns", include.get("ns"))
    return div


def _resolve_refs(el: etree._Element, path: Path, catalogs: list[Path], chain: tuple[Path, ...],
                  files: list[Path]) -> etree._Element:
    """An `externalRef` becomes the grammar it names, nested (a grammar is a pattern in RELAX NG)."""
    for ext in list(el.iter(f"{_R}externalRef")):
        href = ext.get("href", "")
        target = locate(href, path, catalogs)
        if target is None or not target.is_file() or target.resolve() in chain:
            raise TeikitError(f"<externalRef href={href!r}>: no such local file, or a loop", path,
                              ext.sourceline or 1, 1)
        grammar = copy.deepcopy(xmlio.parse_file(target).getroot())
        files.append(target)
        if ext.get("ns") is not None and grammar.get("ns") is None:
            grammar.set("ns", ext.get("ns"))
        parent = ext.getparent()
        if parent is None:
            return grammar
        parent.replace(ext, grammar)
    return el
