"""W3C XML Schema 1.0 through xmlschema (`--xsd-engine xmlschema`), with compiled schemas kept on disk.

xmlschema reports more of the errors in one content model than libxml2 does, but builds a schema in pure Python
(its own meta-schema first), which costs more than the whole rest of a validation; a pickled schema loads faster.
Entries are keyed by the schema's bytes and place, the versions of Python and xmlschema, and checked against the
bytes of every file the schema includes or imports. Importing xmlschema and loading even a cached schema still
costs about 0.3 s per process.
"""

from __future__ import annotations

import hashlib
import pickle
import sys
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import xmlschema
from lxml import etree

from teikit import outputs, xmlio
from teikit.cachedir import cache_dir
from teikit.errors import TeikitError
from teikit.findings import Finding
from teikit.validate.checker import Checker
from teikit.validate.checkers.xsd import tidy_message
from teikit.validate.document import Document
from teikit.validate.locate import locate_elements


class XMLSchemaChecker(Checker):
    """An XML Schema loaded by xmlschema, run on the lxml tree so that each error has its element's line."""

    kind = "xsd"

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.schema = load_xsd(self.path)

    def check(self, doc: Document) -> list[Finding]:
        errors = list(self.schema.iter_errors(doc.tree))
        elements = [_error_element(err, doc.tree) for err in errors]
        places = locate_elements(doc.tree, elements)
        return [
            Finding(doc.name, line, column, "error", self.kind, _message(err))
            for err, (line, column) in zip(errors, places, strict=True)
        ]


def _error_element(err: Any, tree: etree._ElementTree) -> etree._Element:
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


def _message(err: Any) -> str:
    return tidy_message(getattr(err, "reason", None) or getattr(err, "message", None) or str(err))


def load_xsd(path: Path) -> Any:
    """An xmlschema XMLSchema10 for the XSD at `path`, from the cache when it is there and current."""
    data = path.read_bytes()
    salt = f"|{path.resolve()}|{xmlschema.__version__}|{sys.version_info[:2]}"
    key = hashlib.sha256(data + salt.encode()).hexdigest()
    entry = cache_dir() / "xsd" / f"{key[:32]}.pickle"
    cached = _read_entry(entry)
    if cached is not None:
        return cached
    schema = _build_xsd(path)
    _write_entry(entry, schema, path)
    return schema


def _build_xsd(path: Path) -> Any:
    xmlio.parse_file(path)  # the safety gate every XML file passes (no DTD, no entities)
    try:
        # xmlschema reads the files itself (it does not build schemas from lxml trees): defused, and
        # allow="local" so that includes and imports may read local files, never the network.
        return xmlschema.XMLSchema10(str(path), allow="local", defuse="always")
    except (xmlschema.XMLSchemaException, OSError, ValueError, TypeError, KeyError, AttributeError) as err:
        # xmlschema raises more than its own exceptions on some broken schemas; each is the user's to fix
        message = " ".join(str(err).split())[:300]
        raise TeikitError(f"cannot load this XML Schema: {message}", path) from None


def _read_entry(entry: Path) -> Any | None:
    try:
        dependencies, schema = pickle.loads(entry.read_bytes())
    except FileNotFoundError:
        return None
    except (pickle.UnpicklingError, EOFError, ImportError, AttributeError, TypeError, ValueError, OSError):
        return None  # a broken entry, or one written by other versions of the classes, is simply rebuilt
    for file, digest in dependencies:
        try:
            if _digest(Path(file)) != digest:
                return None
        except OSError:
            return None
    return schema


def _write_entry(entry: Path, schema: Any, path: Path) -> None:
    bundled = Path(xmlschema.__file__).parent  # xmlschema's own meta-schemas change only with its version
    files = {path.resolve()}
    for component in schema.maps.iter_schemas():
        url = component.url
        if url and url.startswith("file:"):
            file = Path(unquote(urlparse(url).path))
            if bundled not in file.parents:
                files.add(file)
    try:
        dependencies = [(str(file), _digest(file)) for file in sorted(files)]
        entry.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        outputs.write_cache(entry, pickle.dumps((dependencies, schema), protocol=pickle.HIGHEST_PROTOCOL), 0o600)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass  # the cache only saves time; a read-only home or an unpicklable schema must not stop validation


def _digest(file: Path) -> str:
    return hashlib.sha256(file.read_bytes()).hexdigest()
