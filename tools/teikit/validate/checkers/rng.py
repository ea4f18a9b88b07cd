"""RELAX NG (XML syntax) through libxml2."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from teikit import xmlio
from teikit.errors import TeikitError
from teikit.findings import Finding
from teikit.validate.checker import Checker, first_error
from teikit.validate.document import Document
from teikit.validate.locate import grammar_findings


class RelaxNGChecker(Checker):
    """A RELAX NG schema compiled by libxml2; each error at the line and column of the element it is about."""

    kind = "rng"

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        tree = xmlio.parse_file(path)
        try:
            self.schema = etree.RelaxNG(tree)
        except etree.RelaxNGParseError as err:
            raise TeikitError(f"cannot compile this RELAX NG schema: {first_error(err)}", path) from None

    def check(self, doc: Document) -> list[Finding]:
        if self.schema.validate(doc.tree):
            return []
        return grammar_findings(self.schema.error_log, doc.tree, doc.name, self.kind)
