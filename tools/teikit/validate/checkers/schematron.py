"""ISO Schematron with the XSLT 1.0 query binding (XPath 1): one XSLT pass over each document for all its patterns
(`schematron_one_pass`, its stylesheet kept between runs by `one_pass_cache`), or lxml.isoschematron's skeleton, one
pass per pattern, for what that compiler does not know.

Findings come from the one pass's output, or from the SVRL report lxml keeps (`validation_report`); both say where
each one is (lxml's own error log has no lines).
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree, isoschematron

from teikit import xmlio
from teikit.errors import TeikitError
from teikit.findings import Finding, severity_of
from teikit.validate.checker import Checker, first_error
from teikit.validate.checkers.one_pass_cache import cached_one_pass
from teikit.validate.checkers.schematron_one_pass import OnePass, Unsupported, expand
from teikit.validate.document import Document
from teikit.validate.locate import locate_elements, resolve_xpath

_NS = {"sch": xmlio.SCH_NS}
_SVRL_TEXT = f"{{{xmlio.SVRL_NS}}}text"


class _Schematron(isoschematron.Schematron):
    """lxml's validator, with the rule's id and role written on each of its asserts and reports before compiling
    (so that no svrl:fired-rule is needed to tell them), and run with read-only access control."""

    def __init__(self, schema: etree._ElementTree) -> None:
        super().__init__(
            schema,
            # No svrl:fired-rule per matched node: on a large document they outweigh the document itself (a 50 MB
            # file made 2.5 million of them).
            compile_params={"generate-fired-rule": "false"},
            store_xslt=True,
            store_report=True,
            error_finder=isoschematron.Schematron.ASSERTS_AND_REPORTS,
            validate_schema=False,  # as before lxml.isoschematron ran it: a schema that compiles is taken
        )
        # lxml compiles the validator without access control: compile it again, read-only (1 ms).
        self._validator = etree.XSLT(self.validator_xslt, access_control=xmlio.xslt_access_control())
        self._validator_xslt = None

    def _expand(self, schema: etree._ElementTree, **params: str) -> etree._ElementTree:
        expanded = isoschematron.iso_abstract_expand(schema, **params)
        _inherit_rule_ids(expanded)
        return expanded


def _inherit_rule_ids(schema: etree._ElementTree) -> None:
    """Give each assert and report without @id or @role those of its rule (or the id of its pattern)."""
    for rule in schema.iterfind(".//sch:rule", _NS):
        pattern = rule.getparent()
        inherited_id = rule.get("id") or (pattern.get("id") if pattern is not None else None)
        for check in rule.xpath("sch:assert | sch:report", namespaces=_NS):
            if inherited_id and not check.get("id"):
                check.set("id", inherited_id)
            if rule.get("role") and not check.get("role"):
                check.set("role", rule.get("role"))


class SchematronChecker(Checker):
    """Finding rule ids: the assert's or report's @id, else its rule's, else its pattern's, else "schematron".
    Severity from @role (see teikit.findings.severity_of).

    `one_pass=False` runs lxml's skeleton (one pass per pattern) even where the one-pass compiler would do: the
    reference the one pass is tested against."""

    kind = "schematron"

    def __init__(self, path: Path, one_pass: bool = True) -> None:
        super().__init__(path)
        schema = xmlio.parse_file(path)
        if schema.getroot().tag != f"{{{xmlio.SCH_NS}}}schema":
            raise TeikitError(
                f"not an ISO Schematron schema (root element {schema.getroot().tag}, expected sch:schema)", path
            )
        self.one_pass: OnePass | None = None
        if one_pass:
            try:
                expanded = expand(schema)
                _inherit_rule_ids(expanded)
                self.one_pass = cached_one_pass(expanded)
            except (Unsupported, etree.XSLTApplyError):
                self.one_pass = None  # lxml's skeleton compiles it, or says what is wrong with it
        if self.one_pass is None:
            try:
                self.validator = _Schematron(schema)
            except (etree.XSLTApplyError, etree.XSLTParseError, etree.SchematronParseError) as err:
                raise TeikitError(f"cannot compile this Schematron: {first_error(err)}", path) from None

    def check(self, doc: Document) -> list[Finding]:
        tree = doc.tree
        try:
            raw = self._one_pass(tree) if self.one_pass is not None else self._per_pattern(tree)
        except etree.XSLTApplyError as err:
            raise TeikitError(f"the Schematron {self.path} failed on this document: {err}", doc.name) from None
        elements = [resolve_xpath(tree, location) for _, _, location, _ in raw]
        places = locate_elements(tree, [tree.getroot() if el is None else el for el in elements])
        return [
            Finding(doc.name, line, column, severity, rule, message)
            for (rule, severity, _, message), (line, column) in zip(raw, places, strict=True)
        ]

    def _one_pass(self, tree: etree._ElementTree) -> list[tuple[str, str, str, str]]:
        return [(check.rule, check.severity, location, message) for check, location, message in self.one_pass.run(tree)]

    def _per_pattern(self, tree: etree._ElementTree) -> list[tuple[str, str, str, str]]:
        """(rule, severity, location, message) of each finding, from lxml's SVRL report."""
        self.validator(tree)
        fired = self.validator.ASSERTS_AND_REPORTS(self.validator.validation_report)
        return [(node.get("id") or "schematron", severity_of(node.get("role")), node.get("location", ""),
                 _message(node)) for node in fired]


def _message(node: etree._Element) -> str:
    """The words of a failed assert or successful report, on one line (its test when it has none)."""
    text = node.find(_SVRL_TEXT)
    return " ".join("".join(text.itertext()).split()) if text is not None else node.get("test", "")
