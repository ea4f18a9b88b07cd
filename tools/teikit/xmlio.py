"""Safe XML input, used by the whole package.

Every XML document teikit reads goes through `parse_file` or `parse_bytes`: no network, no DTD loading, no
external entities, no entity declarations at all (which refuses XXE and "billion laughs" alike), line numbers kept.
What cannot be read is a TeikitError of one of three kinds: `InputError` (missing, a folder, unreadable, empty, not
XML), `MalformedXML` and `UnsafeXML` (entities, an external DTD), which `teikit validate` reports as findings.
Every file teikit writes goes through teikit.outputs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from teikit.errors import TeikitError
from teikit.outputs import write_cache

# The namespaces teikit reads and writes, each named once for the whole package.
TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
RNG_NS = "http://relaxng.org/ns/structure/1.0"
XSD_NS = "http://www.w3.org/2001/XMLSchema"
SCH_NS = "http://purl.oclc.org/dsdl/schematron"
SVRL_NS = "http://purl.oclc.org/dsdl/svrl"
XSL_NS = "http://www.w3.org/1999/XSL/Transform"
ANNOTATION_NS = "http://relaxng.org/ns/compatibility/annotations/1.0"  # RELAX NG's a:documentation
EXAMPLES_NS = "http://www.tei-c.org/ns/Examples"  # TEI's egXML

# The root elements of a TEI document.
TEI_ROOTS = frozenset({f"{{{TEI_NS}}}TEI", f"{{{TEI_NS}}}teiCorpus"})

# libxml2 reads at most 2048 levels of elements (with huge_tree); teikit's stylesheets take two or three nested
# templates per level, and libxslt stops at 3000 by default (about 1000 levels, with a bare variable name as its
# only message): this lets every document the parser reads be exported.
XSLT_MAX_DEPTH = 10000
etree.XSLT.set_global_max_depth(XSLT_MAX_DEPTH)


class InputError(TeikitError):
    """A file that cannot be read as a document: missing, a folder, unreadable, empty, binary, nested too deep, or
    XML that is not TEI."""


class MalformedXML(TeikitError):
    """A file that is not well-formed XML."""


class UnsafeXML(TeikitError):
    """XML that declares entities or refers to an external DTD: refused, never expanded or loaded."""


def _parser(recover: bool = False) -> etree.XMLParser:
    # A new parser per call: lxml parsers are not thread-safe, and building one costs microseconds.
    return etree.XMLParser(
        recover=recover,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        attribute_defaults=False,
        huge_tree=True,  # large corpora files (long text nodes); entities are refused below, so no bomb risk
        remove_blank_text=False,
    )


def _refuse_dtd_features(tree: etree._ElementTree, name: str) -> None:
    """Refuse entity declarations and external DTD subsets, which are how XML smuggles in files and bombs."""
    docinfo = tree.docinfo
    if docinfo.system_url or docinfo.public_id:
        raise UnsafeXML(
            f"the document refers to an external DTD ({docinfo.system_url or docinfo.public_id}); "
            "teikit does not load DTDs: remove the DOCTYPE's SYSTEM/PUBLIC identifier",
            name, 1, 1,
        )
    dtd = docinfo.internalDTD
    if dtd is not None:
        entities = list(dtd.iterentities())
        if entities:
            raise UnsafeXML(
                f"the document declares entities ({', '.join(e.name for e in entities[:3])}); "
                "entity declarations are refused for safety: replace them by their text",
                name, 1, 1,
            )


# libxml2's refusal of a document nested deeper than it reads, e.g. "Excessive depth in document: 2048, use ...".
_TOO_DEEP = re.compile(r"Excessive depth in document: (\d+)")


def _syntax_error(err: etree.XMLSyntaxError, log: etree._ListErrorLog, name: str) -> TeikitError:
    # The parser's own log: err.error_log can also hold earlier messages of the thread (XSLT, Schematron).
    entry = log[0] if log else None  # the first error is the cause; later ones follow from it
    line = entry.line if entry is not None else (err.lineno or 1)
    column = entry.column if entry is not None else (err.offset or 1)
    message = (entry.message if entry is not None else str(err)).strip()
    deep = _TOO_DEEP.search(message)
    if deep:
        return InputError(f"elements are nested more than {deep[1]} deep, more than teikit's XML parser reads: "
                          "flatten the nesting", name, line or 1, max(column or 1, 1))
    if "in character encoding" in message or "not proper UTF-8" in message:
        message += ": save the file as UTF-8, or name its encoding in the XML declaration"
    return MalformedXML(f"not well-formed XML: {message}", name, line or 1, max(column or 1, 1))


# The DOCTYPE's internal subset, found before parsing so that no entity is ever expanded:
# matches `<!DOCTYPE x [ <!ENTITY a "..."> ]>` up to the first `<!ENTITY`.
_DOCTYPE_WITH_ENTITY = re.compile(rb"<!DOCTYPE[^\[>]*\[[^\]]*<!ENTITY", re.DOTALL)


def _looks_like_xml(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")  # UTF-8 byte order mark, then blanks
    return head.startswith((b"<", b"\xff\xfe", b"\xfe\xff"))  # or a UTF-16 byte order mark


def parse_bytes(data: bytes, name: str = "<string>") -> etree._ElementTree:
    """Parse XML bytes safely; raise TeikitError with file, line and column on any problem."""
    head = data[: data.find(b"]>") + 2] if b"<!DOCTYPE" in data[:4096] else b""
    if head and _DOCTYPE_WITH_ENTITY.search(head):
        line = data[: data.find(b"<!ENTITY")].count(b"\n") + 1
        raise UnsafeXML(
            "the document declares entities in its DOCTYPE; entity declarations are refused for safety "
            "(they can read local files or expand without bound): replace them by their text",
            name, line, 1,
        )
    # The syntax error's log is the thread's global log: clear it, or an earlier parse's or validation's errors
    # would be reported as this document's.
    etree.clear_error_log()
    parser = _parser()
    try:
        root = etree.fromstring(data, parser, base_url=None)
    except etree.XMLSyntaxError as err:
        log = parser.error_log
        if not (log and all(e.type_name == "DTD_ID_REDEFINED" for e in log)):
            if not _looks_like_xml(data):
                raise InputError("not an XML file (it does not start with '<')", name, 1, 1) from None
            raise _syntax_error(err, log, name) from None
        # A duplicate xml:id is a validity problem that the Schematron rule id-unique reports with its line, not
        # a well-formedness one: the document parsed completely, so parse it again tolerating only that.
        # (collect_ids=False would avoid the error, but makes libxml2 try to load the external DTD subset.)
        root = etree.fromstring(data, _parser(recover=True), base_url=None)
    tree = root.getroottree()
    _refuse_dtd_features(tree, name)
    return tree


def read_input(path: Path) -> bytes:
    """The bytes of an input file; a missing or unreadable file (or a folder) raises TeikitError naming it."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file: check the path", path) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", path) from None
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", path) from None


def parse_file(path: str | Path) -> etree._ElementTree:
    """Parse an XML file safely; a missing file or bad XML raises TeikitError naming the file."""
    return load_file(path)[0]


def load_file(path: str | Path) -> tuple[etree._ElementTree, bytes]:
    """`parse_file`, with the bytes the tree was parsed from (for caches keyed by content)."""
    path = Path(path)
    data = read_input(path)
    if not data.strip():
        raise InputError("the file is empty", path, 1, 1)
    tree = parse_bytes(data, str(path))
    tree.docinfo.URL = str(path)
    return tree, data


def require_tei(tree: etree._ElementTree, name: str | Path) -> None:
    """Raise TeikitError, at the root element, unless `tree` is a TEI document (TEI or teiCorpus)."""
    root = tree.getroot()
    if root.tag not in TEI_ROOTS:
        raise InputError(
            f"not a TEI document: the root element is {root.tag}, expected TEI or teiCorpus in the TEI namespace "
            f"({TEI_NS})",
            name, root.sourceline or 1, 1,
        )


def xslt_access_control() -> etree.XSLTAccessControl:
    """Read-only access for stylesheets: local files may be read, nothing written, no network."""
    return etree.XSLTAccessControl(
        read_file=True, write_file=False, create_dir=False, read_network=False, write_network=False
    )


def keep_copy(path: Path, kept: Path, same: Callable[[Path], bool] | None = None,
              data: bytes | None = None) -> Path | None:
    """Copy a file the user named once (tei_all.rng, p5subset.xml) to `kept` in the cache folder, so that later runs
    find it without being told, unless the copy is the same already (`same(kept)`, else byte for byte). `data`: the
    file's bytes when the caller has read them (the file is read at most once). The copy, or None when it could not
    be written: it only saves typing the path next time."""
    try:
        if kept.is_file():
            if same is not None:
                if same(kept):
                    return kept
            else:
                data = path.read_bytes() if data is None else data
                if kept.read_bytes() == data:
                    return kept
        data = path.read_bytes() if data is None else data
        return write_cache(kept, data)
    except OSError:
        return None
