"""ISO Schematron with the XSLT 1.0 query binding (XPath 1), compiled by lxml's ISO skeleton into one stylesheet."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from teikit import xmlio
from teikit.errors import TeikitError
from teikit.findings import Finding, severity_of
from teikit.validate.checker import Checker, first_error
from teikit.validate.document import Document
from teikit.validate.locate import locate_elements, resolve_xpath

_NS = {"sch": xmlio.SCH_NS}


class SchematronChecker(Checker):
    """Finding rule ids: the assert's or report's @id, else its rule's, else its pattern's, else "schematron".
    Severity from @role (see teikit.findings.severity_of)."""

    kind = "schematron"

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        schema = xmlio.parse_file(path)
        if schema.getroot().tag != f"{{{xmlio.SCH_NS}}}schema":
            raise TeikitError(
                f"not an ISO Schematron schema (root element {schema.getroot().tag}, expected sch:schema)", path
            )
        self.validator = _compile_schematron(schema, self.path)

    def check(self, doc: Document) -> list[Finding]:
        tree = doc.tree
        try:
            report = self.validator(tree)
        except etree.XSLTApplyError as err:
            raise TeikitError(f"the Schematron {self.path} failed on this document: {err}", doc.name) from None
        raw = _read_svrl(report)
        elements = [resolve_xpath(tree, location) for location, *_ in raw]
        places = locate_elements(tree, [tree.getroot() if el is None else el for el in elements])
        return [
            Finding(doc.name, line, column, severity, rule, message)
            for (_, severity, rule, message), (line, column) in zip(raw, places, strict=True)
        ]


def _compile_schematron(schema: etree._ElementTree, path: Path) -> etree.XSLT:
    """Schematron -> XSLT through lxml's ISO skeleton (include, expand abstract patterns, compile to SVRL)."""
    include, expand, compile_svrl = _schematron_steps()
    try:
        schema = expand(include(schema))
        _inherit_rule_ids(schema)
        # No svrl:fired-rule per matched node: on a large document they outweigh the document itself (a 50 MB file
        # made 2.5 million of them); the rule's id and role now travel on each assert and report instead.
        schema = compile_svrl(schema, **{"generate-fired-rule": "'false'"})
        return etree.XSLT(schema, access_control=xmlio.xslt_access_control())
    except (etree.XSLTApplyError, etree.XSLTParseError) as err:
        raise TeikitError(f"cannot compile this Schematron: {first_error(err)}", path) from None


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


_SKELETON: list[etree.XSLT] = []


def _schematron_steps() -> list[etree.XSLT]:
    """lxml's three ISO Schematron meta-stylesheets, loaded once, with read-only access control."""
    if not _SKELETON:
        import lxml

        folder = Path(lxml.__file__).parent / "isoschematron" / "resources" / "xsl" / "iso-schematron-xslt1"
        for name in ("iso_dsdl_include.xsl", "iso_abstract_expand.xsl", "iso_svrl_for_xslt1.xsl"):
            _SKELETON.append(etree.XSLT(xmlio.parse_file(folder / name), access_control=xmlio.xslt_access_control()))
    return _SKELETON


def _read_svrl(report: etree._XSLTResultTree) -> list[tuple[str, str, str, str]]:
    """(location, severity, rule, message) for each failed assert and successful report, in document order."""
    pattern = rule = rule_role = ""
    found = []
    for node in report.getroot().iterchildren(etree.Element):
        local = etree.QName(node).localname
        if local == "active-pattern":
            pattern, rule, rule_role = node.get("id", ""), "", ""
        elif local == "fired-rule":
            rule, rule_role = node.get("id", ""), node.get("role", "")
        elif local in ("failed-assert", "successful-report"):
            text = node.find(f"{{{xmlio.SVRL_NS}}}text")
            message = " ".join("".join(text.itertext()).split()) if text is not None else node.get("test", "")
            rule_id = node.get("id") or rule or pattern or "schematron"
            found.append((node.get("location", ""), severity_of(node.get("role") or rule_role), rule_id, message))
    return found
