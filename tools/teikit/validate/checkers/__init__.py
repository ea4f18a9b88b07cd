"""The checkers by kind, how a schema file's kind is told, and the one way to get a checker: `checker_for`.

Adding a checker is adding its module here and one line in `_CHECKERS`.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from teikit import xmlio
from teikit.errors import TeikitError
from teikit.validate.checker import Checker

# Each kind (and XML Schema engine, and Schematron query binding) and where its checker class lives. A checker's
# module, and what it imports, loads only when a check of its kind runs: xmlschema alone takes 0.2 s to import.
_CHECKERS = {
    "rng": "rng:RelaxNGChecker",
    "xsd/libxml2": "xsd:LibxmlXSDChecker",
    "xsd/xmlschema": "xsd_xmlschema:XMLSchemaChecker",
    "schematron/xpath1": "schematron:SchematronChecker",
    "schematron/xpath2": "schematron_xpath2:SchematronXPath2Checker",
    "tei-all": "tei_all:TeiAllChecker",
}

# The two XML Schema validators; libxml2 by default because it keeps a whole validation under half a second.
XSD_ENGINES = ("libxml2", "xmlschema")
DEFAULT_XSD_ENGINE = "libxml2"

# Schematron query bindings that lxml's XSLT 1.0 skeleton runs (ISO Schematron's default is "xslt"), and those of
# XPath 2 and later, which teikit's own runner runs.
XSLT1_BINDINGS = {"", "xslt", "xslt1", "exslt", "xpath"}
XPATH2_BINDINGS = {"xslt2", "xslt3", "xpath2", "xpath3", "xpath31"}

_SUFFIXES = {".rng": "rng", ".xsd": "xsd", ".sch": "schematron", ".isosch": "schematron"}
_ROOTS = {
    f"{{{xmlio.RNG_NS}}}grammar": "rng",
    f"{{{xmlio.RNG_NS}}}element": "rng",
    f"{{{xmlio.XSD_NS}}}schema": "xsd",
    f"{{{xmlio.SCH_NS}}}schema": "schematron",
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


def _schematron_runner(path: Path) -> str:
    """"schematron/xpath1" or "schematron/xpath2": which runner speaks the schema's query binding."""
    root = xmlio.parse_file(path).getroot()
    binding = (root.get("queryBinding") or "").strip().lower()
    if binding in XPATH2_BINDINGS:
        return "schematron/xpath2"
    if root.tag == f"{{{xmlio.SCH_NS}}}schema" and binding not in XSLT1_BINDINGS:
        raise TeikitError(
            f"this Schematron uses queryBinding '{binding}', which teikit does not run: use 'xslt' (XPath 1) "
            f"or one of {', '.join(sorted(XPATH2_BINDINGS))}",
            path,
        )
    return "schematron/xpath1"


def _checker_class(name: str) -> type[Checker]:
    module, cls = _CHECKERS[name].split(":")
    return getattr(importlib.import_module(f"{__name__}.{module}"), cls)


_COMPILED: dict[tuple[str, str, int], Checker] = {}


def checker_for(kind: str, path: str | Path, engine: str | None = None) -> Checker:
    """The checker of `kind` ("rng", "xsd", "schematron", "tei-all") for the schema at `path`, compiled once per
    process while the file is unchanged (keyed by path and modification time).

    `engine` chooses the XML Schema validator ("libxml2" or "xmlschema"); a Schematron's runner is chosen by its
    query binding, unless `kind` names one ("schematron/xpath2", as for TEI's own constraints).
    """
    path = Path(path)
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        raise TeikitError("no such schema file", path) from None
    except OSError as err:
        raise TeikitError(f"cannot read this schema: {err.strerror}", path) from None
    name = f"xsd/{engine or DEFAULT_XSD_ENGINE}" if kind == "xsd" else kind
    key = (name, str(path.resolve()), mtime)
    if key not in _COMPILED:
        _COMPILED[key] = _checker_class(_schematron_runner(path) if kind == "schematron" else name)(path)
    return _COMPILED[key]
