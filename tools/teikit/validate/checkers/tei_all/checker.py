"""Conformance to TEI All: its grammar, pruned per batch of documents, and TEI's own Schematron constraints."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from teikit.errors import TeikitError
from teikit.findings import Finding
from teikit.validate.checker import Checker
from teikit.validate.checkers import checker_for
from teikit.validate.checkers.tei_all.cache import GrammarCache, constraints_file
from teikit.validate.checkers.tei_all.grammar import Source, complete_names, covers, prune
from teikit.validate.document import Document
from teikit.validate.locate import grammar_findings
from teikit.xmlio import parse_bytes, parse_file


@dataclass(frozen=True)
class _Compiled:
    names: frozenset[str]
    schema: etree.RelaxNG


class TeiAllChecker(Checker):
    """Checks documents against TEI All through pruned grammars, compiled once per process and cached on disk.

    Findings of the grammar have the rule "tei-all"; those of TEI's constraints, the id of their pattern.
    """

    kind = "tei-all"

    def __init__(self, path: str | Path, constraints: bool = True) -> None:
        """`constraints`: also check TEI's own Schematron constraints, embedded in tei_all.rng."""
        super().__init__(Path(path))
        self.constraints = constraints
        try:
            self._data = self.path.read_bytes()
        except OSError as err:
            raise TeikitError(f"cannot read the TEI All schema: {err.strerror}", self.path) from None
        self._digest = hashlib.sha256(self._data).hexdigest()
        self._cache = GrammarCache(self._digest)
        self._source: Source | None = None
        self._compiled: list[_Compiled] = []
        self._schematron: Checker | None = None

    def prepare(self) -> None:
        """Build the constraints' checker and its one-pass sieve, which every document needs."""
        if self.constraints:
            self._constraints().prepare()

    def check(self, doc: Document) -> list[Finding]:
        return self.check_batch([doc])

    def check_batch(self, docs: Sequence[Document]) -> list[Finding]:
        """Findings of many documents, validated against one grammar pruned to the union of their names."""
        schema = self.schema_for(set().union(*(doc.names for doc in docs)))
        findings: list[Finding] = []
        for doc in docs:
            if not schema.validate(doc.tree):
                findings.extend(grammar_findings(schema.error_log, doc.tree, doc.name, self.kind))
            if self.constraints:
                findings.extend(self._constraints().check(doc))
        return findings

    def schema_for(self, names: Iterable[str]) -> etree.RelaxNG:
        """TEI All restricted to a name set (see teikit.validate.names; element names alone keep every attribute),
        compiled: one compiled already or cached on disk for the same names or a superset of them (a grammar for
        more names gives the same verdicts), else one pruned now."""
        wanted = complete_names(names)
        for compiled in self._compiled:
            if covers(compiled.names, wanted):
                return compiled.schema
        schema = None
        cached = self._cache.find(wanted)
        if cached is not None:
            try:
                schema = etree.RelaxNG(parse_file(cached[0]))
                wanted = cached[1]
            except (TeikitError, etree.RelaxNGParseError):
                schema = None  # a damaged cache entry: build it again
        if schema is None:
            data = prune(self._load_source(), wanted)
            schema = etree.RelaxNG(parse_bytes(data, str(self._cache.path(wanted))))
            self._cache.store(wanted, data)
        self._compiled.append(_Compiled(wanted, schema))
        return schema

    def _load_source(self) -> Source:
        if self._source is None:
            self._source = Source(self._data, str(self.path))
        return self._source

    def _constraints(self) -> Checker:
        """TEI's constraints, an XPath 2 Schematron checker like any other (made once per process)."""
        if self._schematron is None:
            path = constraints_file(self._data, self._digest, str(self.path))
            self._schematron = checker_for("schematron/xpath2", path)
        return self._schematron
