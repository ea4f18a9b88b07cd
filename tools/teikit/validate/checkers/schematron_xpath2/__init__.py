"""ISO Schematron with XPath 2 (queryBinding xslt2), as TEI's own constraints need: a small runner on elementpath.

lxml's Schematron speaks XPath 1 only, and TEI's constraints use XPath 2 (`eq`, `castable as`, sequences,
`tokenize`). This runner implements what those constraints use: `sch:ns`, patterns of rules in order (a node is
handled by the first rule of a pattern whose context matches it), `sch:let` in rules, patterns and the schema,
`sch:assert` and `sch:report` with `sch:name` and `sch:value-of` in their messages, `role` as the severity, and
XSLT's `current()` and `key()` (with the schema's `xsl:key`s).

Its parts: `schema` (the schema read into plain data), `queries` (what libxml2 may run of each expression), `sieve`
(the plain checks in one XSLT pass), `runner` (the checker, each document against every pattern).
"""

from teikit.validate.checkers.schematron_xpath2.runner import SchematronXPath2Checker

__all__ = ["SchematronXPath2Checker"]
