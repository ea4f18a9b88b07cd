"""The checkers: RELAX NG, XML Schema, Schematron and TEI All, each compiled once per process.

Every checker takes parsed documents and returns findings; it knows nothing of files on disk or of report
formats. `checker_for(kind, path)` is the one way to get a checker: it compiles a schema the first time and
returns the same checker afterwards while the file is unchanged (keyed by path and modification time).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from teikit import xmlio
from teikit.errors import TeikitError
from teikit.findings import Finding
from teikit.validate.locate import grammar_findings, locate_elements, resolve_xpath

RNG_NS = "http://relaxng.org/ns/structure/1.0"
XSD_NS = "http://www.w3.org/2001/XMLSchema"
SCH_NS = "http://purl.oclc.org/dsdl/schematron"
SVRL_NS = "http://purl.oclc.org/dsdl/svrl"

# The TEI namespace in Clark notation as validators write it in messages, e.g. "{http://www.tei-c.org/ns/1.0}q":
# dropped from XML Schema messages, where every name would otherwise carry it.
_TEI_CLARK = "{" + xmlio.TEI_NS + "}"

# Schematron query bindings that lxml's XSLT 1.0 skeleton runs (ISO Schematron's default is "xslt").
XSLT1_BINDINGS = {"", "xslt", "xslt1", "exslt", "xpath"}


@dataclass(frozen=True, eq=False)
class Document:
    """A parsed document and the name findings give it (the path as the user wrote it)."""

    name: str
    tree: etree._ElementTree
    digest: str = ""  # SHA-256 of the file's bytes, for caches keyed by content (see teikit.teiall)


class Checker:
    """One compiled schema. Subclasses implement `check`; `check_batch` lets a checker share work across files."""

    kind = "checker"  # the report name of this kind of check, and the rule id of its grammar findings

    def __init__(self, path: Path) -> None:
        self.path = path

    def check(self, tree: etree._ElementTree, name: str) -> list[Finding]:
        raise NotImplementedError

    def check_batch(self, docs: Sequence[Document]) -> list[Finding]:
        return [finding for doc in docs for finding in self.check(doc.tree, doc.name)]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self.path)!r})"


class RelaxNGChecker(Checker):
    """RELAX NG (XML syntax) through libxml2."""

    kind = "rng"

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        tree = xmlio.parse_file(path)
        try:
            self.schema = etree.RelaxNG(tree)
        except etree.RelaxNGParseError as err:
            raise TeikitError(f"cannot compile this RELAX NG schema: {_first_error(err)}", path) from None

    def check(self, tree: etree._ElementTree, name: str) -> list[Finding]:
        if self.schema.validate(tree):
            return []
        return grammar_findings(self.schema.error_log, tree, name, self.kind)


class LibxmlXSDChecker(Checker):
    """W3C XML Schema 1.0 through libxml2: compiles and validates in milliseconds where xmlschema takes 0.3 s."""

    kind = "xsd"

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        tree = xmlio.parse_file(path)
        try:
            self.schema = etree.XMLSchema(tree)
        except etree.XMLSchemaParseError as err:
            raise TeikitError(f"cannot load this XML Schema: {_first_error(err)}", path) from None

    def check(self, tree: etree._ElementTree, name: str) -> list[Finding]:
        if self.schema.validate(tree):
            return []
        entries = list(self.schema.error_log)
        elements = [resolve_xpath(tree, entry.path) for entry in entries]
        places = locate_elements(tree, [tree.getroot() if el is None else el for el in elements])
        return [
            Finding(name, line, column, "error", self.kind, " ".join(entry.message.replace(_TEI_CLARK, "").split()))
            for entry, (line, column) in zip(entries, places, strict=True)
        ]


def _tei_all(path: Path) -> Any:
    """Conformance to TEI All, grammar and TEI's own Schematron, in milliseconds: see teikit.teiall."""
    from teikit.teiall import TeiAllChecker

    return TeiAllChecker(path)


# Query bindings of XPath 2 and later Schematron, which teikit.schematron2 runs (lxml's skeleton speaks XPath 1).
XPATH2_BINDINGS = {"xslt2", "xslt3", "xpath2", "xpath3", "xpath31"}


def _schematron(path: Path) -> Any:
    """The Schematron checker its query binding needs: XSLT 1.0 through lxml, XPath 2 and later through elementpath."""
    binding = (xmlio.parse_file(path).getroot().get("queryBinding") or "").strip().lower()
    if binding in XPATH2_BINDINGS:
        from teikit.schematron2 import SchematronChecker as XPath2SchematronChecker

        return XPath2SchematronChecker(path)
    return SchematronChecker(path)


class XSDChecker(Checker):
    """W3C XML Schema 1.0 through xmlschema, run on the lxml tree so that each error has its element's line.

    xmlschema reports more of the errors in one content model than libxml2 does, but importing it and loading even
    a cached schema costs about 0.3 s per process (see cache.py): `--xsd-engine xmlschema` chooses it.
    """

    kind = "xsd"

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        from teikit.validate.cache import load_xsd  # xmlschema is slow to import: only when an XSD is used

        self.schema = load_xsd(path)

    def check(self, tree: etree._ElementTree, name: str) -> list[Finding]:
        errors = list(self.schema.iter_errors(tree))
        elements = [_xsd_error_element(err, tree) for err in errors]
        places = locate_elements(tree, elements)
        return [
            Finding(name, line, column, "error", self.kind, _xsd_message(err))
            for err, (line, column) in zip(errors, places, strict=True)
        ]


def _xsd_error_element(err: Any, tree: etree._ElementTree) -> etree._Element:
    """The element an xmlschema error is about: for an unexpected or missing child, the child when there is one."""
    elem = getattr(err, "elem", None)
    if not isinstance(elem, etree._Element):
        return tree.getroot()
    index = getattr(err, "index", None)
    if isinstance(index, int) and 0 <= index < len(elem):
        child = elem[index]
        if isinstance(child, etree._Element) and isinstance(child.tag, str):
            return child
    return elem


def _xsd_message(err: Any) -> str:
    message = getattr(err, "reason", None) or getattr(err, "message", None) or str(err)
    return " ".join(message.replace(_TEI_CLARK, "").split())


class SchematronChecker(Checker):
    """ISO Schematron with the XSLT 1.0 query binding, compiled by lxml's skeleton into one XSLT stylesheet.

    Finding rule ids: the assert's or report's @id, else its rule's, else its pattern's, else "schematron".
    Severity from @role: warning/warn, info/information, anything else (or none) error.
    """

    kind = "schematron"

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        schema = xmlio.parse_file(path)
        root = schema.getroot()
        if root.tag != f"{{{SCH_NS}}}schema":
            raise TeikitError(f"not an ISO Schematron schema (root element {root.tag}, expected sch:schema)", path)
        binding = (root.get("queryBinding") or "").strip().lower()
        if binding not in XSLT1_BINDINGS:
            raise TeikitError(
                f"this Schematron uses queryBinding '{binding}', which teikit does not run: use 'xslt' (XPath 1) "
                f"or one of {', '.join(sorted(XPATH2_BINDINGS))}",
                path,
            )
        self.validator = _compile_schematron(schema, path)

    def check(self, tree: etree._ElementTree, name: str) -> list[Finding]:
        try:
            report = self.validator(tree)
        except etree.XSLTApplyError as err:
            raise TeikitError(f"the Schematron {self.path} failed on this document: {err}", name) from None
        raw = _read_svrl(report)
        elements = [resolve_xpath(tree, location) for location, *_ in raw]
        places = locate_elements(tree, [tree.getroot() if el is None else el for el in elements])
        return [
            Finding(name, line, column, severity, rule, message)
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
        raise TeikitError(f"cannot compile this Schematron: {_first_error(err)}", path) from None


def _inherit_rule_ids(schema: etree._ElementTree) -> None:
    """Give each assert and report without @id or @role those of its rule (or the id of its pattern)."""
    ns = {"sch": SCH_NS}
    for rule in schema.iterfind(".//sch:rule", ns):
        pattern = rule.getparent()
        inherited_id = rule.get("id") or (pattern.get("id") if pattern is not None else None)
        for check in rule.xpath("sch:assert | sch:report", namespaces=ns):
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
            text = node.find(f"{{{SVRL_NS}}}text")
            message = " ".join("".join(text.itertext()).split()) if text is not None else node.get("test", "")
            rule_id = node.get("id") or rule or pattern or "schematron"
            found.append((node.get("location", ""), _severity(node.get("role") or rule_role), rule_id, message))
    return found


def _severity(role: str) -> str:
    role = role.strip().lower()
    if role in ("warning", "warn"):
        return "warning"
    if role in ("info", "information", "informational"):
        return "info"
    return "error"


def _first_error(err: Exception) -> str:
    log = getattr(err, "error_log", None)
    if log:
        return log[0].message.strip()
    return str(err).strip() or type(err).__name__


# Schema kinds (XML Schema aside, see XSD_ENGINES) and how to recognise them: by file suffix, else by root element.
# A value is anything that takes the schema's path and returns a checker (a class, or a function that imports one).
CHECKERS: dict[str, Callable[[Path], Checker]] = {
    "rng": RelaxNGChecker,
    "schematron": _schematron,
    "tei-all": _tei_all,
}
_SUFFIXES = {".rng": "rng", ".xsd": "xsd", ".sch": "schematron", ".isosch": "schematron"}
_ROOTS = {
    f"{{{RNG_NS}}}grammar": "rng",
    f"{{{RNG_NS}}}element": "rng",
    f"{{{XSD_NS}}}schema": "xsd",
    f"{{{SCH_NS}}}schema": "schematron",
}


def schema_kind(path: Path) -> str:
    """The kind of a schema file, "rng", "xsd" or "schematron", by its suffix or else its root element."""
    kind = _SUFFIXES.get(path.suffix.lower())
    if kind:
        return kind
    if path.suffix.lower() == ".rnc":
        raise TeikitError(
            "RELAX NG compact syntax is not supported: convert it to XML syntax (trang x.rnc x.rng)", path
        )
    root = xmlio.parse_file(path).getroot().tag
    if root in _ROOTS:
        return _ROOTS[root]
    raise TeikitError(
        f"not a schema teikit knows (root element {root}): give a RELAX NG (.rng), XML Schema (.xsd) "
        "or ISO Schematron (.sch) file",
        path,
    )


# The two XML Schema validators; libxml2 by default because it keeps a whole validation under half a second.
XSD_ENGINES: dict[str, Callable[[Path], Checker]] = {"libxml2": LibxmlXSDChecker, "xmlschema": XSDChecker}
DEFAULT_XSD_ENGINE = "libxml2"

_COMPILED: dict[tuple[str, str, int], Checker] = {}


def checker_for(kind: str, path: str | Path, engine: str | None = None) -> Checker:
    """The checker of `kind` for the schema at `path`, compiled once per process while the file is unchanged.

    `engine` chooses the XML Schema validator ("libxml2" or "xmlschema"); other kinds have one each.
    """
    if kind == "xsd":
        engine = engine or DEFAULT_XSD_ENGINE
        make, kind = XSD_ENGINES[engine], f"xsd/{engine}"
    else:
        make = CHECKERS[kind]
    path = Path(path)
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        raise TeikitError("no such schema file", path) from None
    except OSError as err:
        raise TeikitError(f"cannot read this schema: {err.strerror}", path) from None
    key = (kind, str(path.resolve()), mtime)
    if key not in _COMPILED:
        _COMPILED[key] = make(path)
    return _COMPILED[key]
