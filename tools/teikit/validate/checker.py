"""The one interface every checker implements: RELAX NG, XML Schema, Schematron (XPath 1 and 2) and TEI All.

A checker is a compiled schema. It takes parsed documents and returns findings; it knows nothing of files on disk
or of report formats. `teikit.validate.checkers.checker_for` makes each one once per process.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from teikit.findings import Finding
from teikit.validate.document import Document


class Checker:
    """One compiled schema, run over many documents. A checker implements `check`, and `check_batch` when it can
    share work across documents."""

    # The report name of this kind of check ("rng", "xsd", "schematron", "tei-all"), and the rule of its grammar's
    # findings.
    kind: ClassVar[str]

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def prepare(self) -> None:
        """Build now what every document will need. Called before worker processes fork, so that they share it
        instead of each building its own; by default there is nothing to build."""

    def check(self, doc: Document) -> list[Finding]:
        """The findings of one document (empty when it is valid)."""
        raise NotImplementedError

    def check_batch(self, docs: Sequence[Document]) -> list[Finding]:
        """The findings of several documents; a checker that can share work across them does so here."""
        return [finding for doc in docs for finding in self.check(doc)]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self.path)!r})"


def first_error(err: Exception) -> str:
    """The first message of an lxml error (the cause; later ones follow from it), for a schema that will not load."""
    log = getattr(err, "error_log", None)
    if log:
        return log[0].message.strip()
    return str(err).strip() or type(err).__name__
