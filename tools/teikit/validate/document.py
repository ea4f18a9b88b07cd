"""A document as every checker takes it: parsed once, named as the user wrote its path, with its names."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from lxml import etree

from teikit import xmlio
from teikit.errors import TeikitError
from teikit.findings import Finding
from teikit.validate.names import cached_document_names, document_names, split_names


@dataclass(frozen=True, eq=False)
class Document:
    """A parsed document and the name findings give it (the path as the user wrote it)."""

    name: str
    tree: etree._ElementTree
    digest: str = ""  # SHA-256 of the file's bytes: its names are then cached by content (see teikit.validate.names)

    @cached_property
    def names(self) -> set[str]:
        """Its element names and "TAG\\t@ATTR" pairs (`document_names`), computed once."""
        return cached_document_names(self.tree, self.digest) if self.digest else document_names(self.tree)

    @cached_property
    def elements_and_attributes(self) -> tuple[set[str], set[str]]:
        """(element names, attribute names) that occur in it."""
        return split_names(self.names)


def load_document(path: Path, digest: bool = False) -> Document | Finding:
    """The parsed TEI document, or a "well-formed" finding when the XML is broken.

    `digest`: also hash the file's bytes (`Document.digest`), for the checks that cache by content.
    A missing or empty file, a file that is not XML at all, or XML that is not TEI is an input error.
    """
    try:
        tree, data = xmlio.load_file(path)
    except TeikitError as err:
        if not isinstance(err.__context__, etree.XMLSyntaxError):
            raise
        if not _looks_like_xml(path):
            raise TeikitError("not an XML file (it does not start with '<')", path, 1, 1) from None
        return Finding(str(path), err.line or 1, err.column or 1, "error", "well-formed", err.message)
    xmlio.require_tei(tree, path)
    return Document(str(path), tree, hashlib.sha256(data).hexdigest() if digest else "")


def _looks_like_xml(path: Path) -> bool:
    with path.open("rb") as handle:
        head = handle.read(1024).lstrip(b"\xef\xbb\xbf \t\r\n")  # UTF-8 byte order mark, then blanks
    return head.startswith((b"<", b"\xff\xfe", b"\xfe\xff"))  # or a UTF-16 byte order mark
