"""Where a finding is: line and column of an element, from the parsed tree and the document's own text.

lxml knows the line of each element (the line where its start tag ends, as libxml2 records it) but not the
column, so the column is found by looking for the start tag on that line of the source.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from lxml import etree

from teikit.findings import Finding


def resolve_xpath(tree: etree._ElementTree, path: str | None) -> etree._Element | None:
    """The element an XPath from a validator's report points at (a libxml2 node path, an SVRL @location).

    An attribute or text location gives its parent element; anything unresolvable gives None.
    """
    if not path:
        return None
    try:
        found = tree.xpath(path)
    except (etree.XPathError, TypeError):
        return None
    if not isinstance(found, list) or not found:
        return None
    node = found[0]
    if isinstance(node, etree._Element):
        return node
    getparent = getattr(node, "getparent", None)  # attribute values and text nodes are "smart strings"
    parent = getparent() if getparent else None
    return parent if isinstance(parent, etree._Element) else None


def locate_elements(tree: etree._ElementTree, elements: Sequence[etree._Element]) -> list[tuple[int, int]]:
    """(line, column) of each element's start tag, columns counted in characters from 1.

    The column is 1 when the source cannot be read or the start tag began on an earlier line than the one
    libxml2 reports.
    """
    lines = {el.sourceline for el in elements if el.sourceline}
    if not lines:
        return [(1, 1) for _ in elements]
    source = _source_lines(tree, lines)
    # Every element whose start tag ends on a wanted line, in document order, grouped by line and name as written.
    on_line: dict[tuple[int, str, str | None], list[etree._Element]] = {}
    for el in tree.getroot().iter(etree.Element):
        if el.sourceline in lines:
            on_line.setdefault((el.sourceline, el.tag, el.prefix), []).append(el)
    located = []
    for el in elements:
        line = el.sourceline or 1
        text = source.get(line)
        same = on_line.get((line, el.tag, el.prefix), [])
        column = 1
        if text is not None and el in same:
            qname = f"{el.prefix}:{etree.QName(el).localname}" if el.prefix else etree.QName(el).localname
            starts = [m.start() + 1 for m in re.finditer(f"<{re.escape(qname)}(?=[\\s/>]|$)", text)]
            # Start tags that began on an earlier line are not on this line: skip their share of the elements.
            index = same.index(el) - (len(same) - len(starts))
            if 0 <= index < len(starts):
                column = starts[index]
        located.append((line, column))
    return located


def _source_lines(tree: etree._ElementTree, wanted: set[int]) -> dict[int, str]:
    """The wanted lines of the document's source file (empty when it has none, e.g. parsed from memory)."""
    url = tree.docinfo.URL
    if not url:
        return {}
    try:
        data = Path(url).read_bytes()
    except OSError:
        return {}
    encoding = tree.docinfo.encoding or "utf-8"
    lines: dict[int, str] = {}
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if number in wanted:
            lines[number] = raw.decode(encoding, errors="replace")
            if len(lines) == len(wanted):
                break
    return lines


def grammar_findings(log: etree._ListErrorLog, tree: etree._ElementTree, name: str, rule: str) -> list[Finding]:
    """libxml2's RELAX NG messages as findings, at the line and column of the element each is about (else at the
    place libxml2 gives)."""
    entries = list(log)
    elements = [resolve_xpath(tree, entry.path) for entry in entries]
    places = iter(locate_elements(tree, [el for el in elements if el is not None]))
    findings = []
    for entry, element in zip(entries, elements, strict=True):
        line, column = next(places) if element is not None else (entry.line or 1, max(entry.column, 1))
        severity = "warning" if entry.level == etree.ErrorLevels.WARNING else "error"
        findings.append(Finding(name, line, column, severity, rule, entry.message.strip()))
    return findings
