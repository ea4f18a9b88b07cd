"""A document as every checker takes it: parsed once, named as the user wrote its path, with its names."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from lxml import etree

from teikit import xmlio
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


# The rule of the finding for a file that cannot be read, by the kind of error that stopped its reading.
UNREAD_RULES = ((xmlio.UnsafeXML, "security"), (xmlio.MalformedXML, "well-formed"), (xmlio.InputError, "input"))


def load_document(path: Path, digest: bool = False) -> Document | Finding:
    """The parsed TEI document, or the finding that says why it cannot be checked: `input` (missing, a folder,
    unreadable, empty, not XML, nested too deep, not TEI), `well-formed` (broken XML) or `security` (entities, an
    external DTD: refused).

    `digest`: also hash the file's bytes (`Document.digest`), for the checks that cache by content.
    """
    try:
        tree, data = xmlio.load_file(path)
        xmlio.require_tei(tree, path)
    except (xmlio.InputError, xmlio.MalformedXML, xmlio.UnsafeXML) as err:
        rule = next(rule for kind, rule in UNREAD_RULES if isinstance(err, kind))
        return Finding(str(path), err.line or 0, err.column or 0, "error", rule, err.message)
    return Document(str(path), tree, hashlib.sha256(data).hexdigest() if digest else "")
