"""Read an ODD file: its schemaSpec, with the specification groups it refers to (`specGrpRef`) expanded in place."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from teikit import xmlio
from teikit.errors import TeikitError
from teikit.findings import Finding
from teikit.schema.source import local_path
from teikit.xmlio import EXAMPLES_NS, TEI_NS, XML_NS

_T = f"{{{TEI_NS}}}"
SPEC_TAGS = (f"{_T}elementSpec", f"{_T}classSpec", f"{_T}macroSpec", f"{_T}dataSpec")
REF_TAGS = (f"{_T}elementRef", f"{_T}classRef", f"{_T}macroRef", f"{_T}dataRef")


@dataclass
class Customization:
    """What a schemaSpec says, in document order: module references, direct references and specifications."""

    path: str
    tree: etree._ElementTree = field(repr=False)
    spec: etree._Element = field(repr=False)
    ident: str
    start: tuple[str, ...] | None  # None: TEI (and teiCorpus when the schema has it)
    prefix: str
    ns: str
    source: str  # schemaSpec/@source, "" when absent
    default_exceptions: tuple[tuple[str, str], ...]
    module_refs: list[etree._Element] = field(default_factory=list, repr=False)  # moduleRef/@key
    url_refs: list[etree._Element] = field(default_factory=list, repr=False)  # moduleRef/@url
    direct_refs: list[etree._Element] = field(default_factory=list, repr=False)
    specs: list[etree._Element] = field(default_factory=list, repr=False)
    constraints: list[etree._Element] = field(default_factory=list, repr=False)
    files: list[Path] = field(default_factory=list)  # the other files read: specification groups (specGrpRef)
    query_binding: str = "xslt2"
    warnings: list[Finding] = field(default_factory=list)

    def needs_source(self) -> bool:
        """True when the ODD refers to anything it does not define itself."""
        return bool(self.module_refs or self.direct_refs or self.source
                    or any(s.get("mode") in ("change", "replace", "delete") for s in self.specs))


def where(el: etree._Element) -> tuple[str, int, int]:
    """(file, line, column) of an element's start tag, for messages."""
    url = el.getroottree().docinfo.URL or ""
    line = el.sourceline or 1
    return url, line, _column(el, url, line)


_LINES: dict[str, list[bytes]] = {}


def _column(el: etree._Element, url: str, line: int) -> int:
    """The column of `el`'s start tag on its line (1 when it cannot be told, e.g. a tag split over lines)."""
    if not url:
        return 1
    lines = _LINES.get(url)
    if lines is None:
        try:
            lines = _LINES[url] = Path(url).read_bytes().split(b"\n")
        except OSError:
            return 1
    if line > len(lines):
        return 1
    text = lines[line - 1].decode("utf-8", errors="replace")
    qname = f"{el.prefix}:{etree.QName(el).localname}" if el.prefix else etree.QName(el).localname
    starts = [m.start() + 1 for m in re.finditer(f"<{re.escape(qname)}(?=[\\s/>]|$)", text)]
    if not starts:
        return 1
    same = [e for e in el.getparent().iter(el.tag) if e.sourceline == line] if el.getparent() is not None else [el]
    index = same.index(el) - (len(same) - len(starts)) if el in same else 0
    return starts[index] if 0 <= index < len(starts) else starts[0]


def error(message: str, el: etree._Element) -> TeikitError:
    """A TeikitError at `el`'s place in its file."""
    return TeikitError(message, *where(el))


def warning(rule: str, message: str, el: etree._Element) -> Finding:
    """A warning at `el`'s place in its file."""
    return Finding(*where(el), "warning", rule, message)


def read_customization(path: str | Path, ident: str | None = None) -> Customization:
    """Read the ODD at `path` and its (first, or `ident`) schemaSpec; TeikitError for anything malformed."""
    path = str(path)
    tree = xmlio.parse_file(path)
    specs = [s for s in tree.iter(f"{_T}schemaSpec")]
    if not specs:
        raise TeikitError("no <schemaSpec> found: is this a TEI ODD?", path, 1, 1)
    if ident is not None:
        specs = [s for s in specs if s.get("ident") == ident]
        if not specs:
            raise TeikitError(f"no <schemaSpec ident=\"{ident}\"> in this ODD", path, 1, 1)
    spec = specs[0]
    if not spec.get("ident"):
        raise error("the schemaSpec has no @ident: it names the schema (and the files written)", spec)
    start = tuple(spec.get("start", "").split()) if spec.get("start") is not None else None
    custom = Customization(
        path=path, tree=tree, spec=spec, ident=spec.get("ident"), start=start, prefix=spec.get("prefix", ""),
        ns=spec.get("ns", TEI_NS), source=spec.get("source", ""),
        default_exceptions=_exceptions(spec.get("defaultExceptions"), spec),
    )
    _collect(custom, spec, [])
    decl = tree.find(f".//{_T}constraintDecl[@scheme='schematron']")
    if decl is not None and decl.get("queryBinding"):
        custom.query_binding = decl.get("queryBinding")
    return custom


def _exceptions(value: str | None, el: etree._Element) -> tuple[tuple[str, str], ...]:
    """defaultExceptions as (namespace, local name or "") pairs: "http://... teix:egXML" → ((ns, ""), (ns2, egXML))."""
    if value is None:
        value = f"{TEI_NS} teix:egXML"
    found = []
    for token in value.split():
        prefix, _, local = token.partition(":")
        if local and not token.startswith(("http:", "https:", "urn:")) and "/" not in token:
            uri = EXAMPLES_NS if prefix == "teix" and prefix not in el.nsmap else el.nsmap.get(prefix)
            if uri is None:
                raise error(f"defaultExceptions names {token!r}, but the prefix {prefix!r} is not declared", el)
            found.append((uri, local))
        else:
            found.append((token, ""))
    return tuple(dict.fromkeys(found))


def _collect(custom: Customization, container: etree._Element, seen: list[str]) -> None:
    """Sort the children of a schemaSpec (or of a specGrp it refers to) into the customization's lists."""
    for child in container:
        if not isinstance(child.tag, str):
            continue
        tag = child.tag
        if tag == f"{_T}moduleRef":
            if child.get("key"):
                custom.module_refs.append(child)
            elif child.get("url"):
                custom.url_refs.append(child)
            else:
                raise error("a moduleRef needs @key (a TEI module) or @url (a RELAX NG schema)", child)
        elif tag in SPEC_TAGS:
            if not child.get("ident"):
                raise error(f"<{etree.QName(child).localname}> without @ident", child)
            custom.specs.append(child)
        elif tag in REF_TAGS:
            if not child.get("key"):
                raise error(f"<{etree.QName(child).localname}> in a schemaSpec needs @key", child)
            custom.direct_refs.append(child)
        elif tag == f"{_T}constraintSpec":
            custom.constraints.append(child)
        elif tag == f"{_T}specGrpRef":
            _expand_group(custom, child, seen)
        elif tag == f"{_T}specGrp":
            _collect(custom, child, seen)


def _expand_group(custom: Customization, ref: etree._Element, seen: list[str]) -> None:
    target = ref.get("target", "")
    if target in seen:
        raise error(f"specGrpRef target={target!r} refers back to itself (through {' -> '.join(seen)})", ref)
    if target.startswith("#"):
        found = ref.getroottree().getroot().xpath("//*[@xml:id = $id]", id=target[1:],
                                                  namespaces={"xml": XML_NS})
        if not found or found[0].tag != f"{_T}specGrp":
            custom.warnings.append(warning("odd-specgrp-missing", f"specGrpRef target={target!r} names no specGrp "
                                           "in this file: it adds nothing", ref))
            return
        _collect(custom, found[0], [*seen, target])
        return
    base = ref.getroottree().docinfo.URL or custom.path
    path = local_path(target, base)
    if path is None:
        raise error(f"specGrpRef target={target!r} is not a local file (teikit does not fetch)", ref)
    tree = xmlio.parse_file(path)
    custom.files.append(path)
    root = tree.getroot()
    group = root if root.tag == f"{_T}specGrp" else root.find(f".//{_T}specGrp")
    if group is None:
        raise error(f"specGrpRef target={target!r}: that file holds no specGrp", ref)
    _collect(custom, group, [*seen, target])
