"""A document's names: its element names and, for each element name, the attributes its elements carry.

TEI All prunes its grammar to them and the XPath 2 Schematron runner skips the rules they rule out. One pass over
the elements costs 7-14 ms per MB, so when the document's bytes are known (their SHA-256) the names are cached on
disk, in `cachedir()/names/`, and a corpus validated again reads them back in microseconds.
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from teikit.cachedir import cache_dir
from teikit.outputs import write_cache

# The first line of a cached name set; its last line is "end" (an entry cut short by a crash is not trusted).
NAMES_HEADER = "teikit document names 2"


def document_names(tree: etree._ElementTree) -> set[str]:
    """The names of a document: each element name (Clark notation), and "TAG\\t@ATTR" for each attribute an element
    of that name carries (e.g. "{http://www.tei-c.org/ns/1.0}date\\t@when")."""
    names: set[str] = set()
    for el in tree.iter():
        tag = el.tag
        if isinstance(tag, str):
            names.add(tag)
            for attribute in el.keys():
                names.add(f"{tag}\t@{attribute}")
    return names


def split_names(names: Iterable[str]) -> tuple[set[str], set[str]]:
    """(element names, attribute names) of a name set: which elements occur, and which attributes anywhere."""
    elements: set[str] = set()
    attributes: set[str] = set()
    for name in names:
        if "\t" in name:
            attributes.add(name.split("\t@", 1)[1])
        else:
            elements.add(name)
    return elements, attributes


def cached_document_names(tree: etree._ElementTree, digest: str) -> set[str]:
    """`document_names`, read from the cache when the same bytes (`digest`, SHA-256 hex) were seen before."""
    path = cache_dir() / "names" / digest[:2] / digest[2:40]
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
        if lines[0] == NAMES_HEADER and lines[-1] == "end":
            return set(lines[1:-1])
    except (OSError, UnicodeDecodeError):
        pass
    names = document_names(tree)
    try:
        write_cache(path, "\n".join([NAMES_HEADER, *sorted(names), "end"]))
    except OSError:
        pass  # a read-only cache only costs speed
    return names
