"""`teikit schema`: generate RELAX NG, XML Schema, Schematron and an HTML manual from the project's ODD.

The ODD (schema/teikit.odd) is the single source; the generated schemas are committed, and also copied byte for
byte into the package data (teikit/data/schema/) so that an installed teikit finds its default schemas.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from lxml import etree

from teikit.errors import TeikitError
from teikit.schema.manual import to_manual
from teikit.schema.odd import Odd, read_odd
from teikit.schema.rng import to_rng
from teikit.schema.sch import to_sch
from teikit.schema.xsd import XML_XSD, to_xml_xsd, to_xsd
from teikit.xmlio import atomic_write

PACKAGE_SCHEMA_DIR = Path(__file__).resolve().parents[1] / "data" / "schema"
# The source checkout this package lives in (tools/teikit/schema/ -> the repository), when it is one.
_REPO = Path(__file__).resolve().parents[3]


@dataclass(frozen=True)
class Generated:
    """The generated files, by file name, as bytes (the schemas) and the manual."""

    schemas: dict[str, bytes]
    manual: bytes


def _xml_bytes(tree: etree._ElementTree) -> bytes:
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _indent(tree: etree._ElementTree) -> etree._ElementTree:
    etree.indent(tree, space=" ")
    return tree


def generate(odd: Odd) -> Generated:
    """Every output of an ODD, in memory; the same ODD always gives the same bytes."""
    name = Path(odd.path).name
    schemas = {
        f"{odd.ident}.rng": _xml_bytes(_indent(to_rng(odd, name))),
        f"{odd.ident}.xsd": _xml_bytes(_indent(to_xsd(odd, name))),
        XML_XSD: _xml_bytes(_indent(to_xml_xsd(odd, name))),
        f"{odd.ident}.sch": _xml_bytes(to_sch(odd, name)),  # not re-indented: keeps the ODD's message text
    }
    manual = etree.tostring(to_manual(odd, name), method="html", encoding="UTF-8", doctype="<!DOCTYPE html>")
    return Generated(schemas, manual)


def _is_repository_schema_dir(folder: Path) -> bool:
    return (_REPO / "pyproject.toml").is_file() and folder.resolve() == (_REPO / "schema").resolve()


def write_schemas(odd_path: str | Path, out_dir: str | Path, manual: str | Path | None) -> list[Path]:
    """Generate from `odd_path` and write the schemas to `out_dir`, and the manual (unless None).

    When `out_dir` is the repository's schema/ folder, the schemas (and the ODD) are also copied into the
    package data, so the defaults an installed teikit uses are always the committed ones. Returns the files
    written; each is written atomically, and nothing is written if the ODD has an error.
    """
    odd = read_odd(odd_path)
    out = generate(odd)
    written = []
    targets = [Path(out_dir)]
    if _is_repository_schema_dir(Path(out_dir)):
        targets.append(PACKAGE_SCHEMA_DIR)
    for folder in targets:
        if folder.exists() and not folder.is_dir():
            raise TeikitError("is a file, not a folder: name a folder for the schemas", folder)
    if manual is not None and Path(manual).is_dir():
        raise TeikitError("is a folder: name the manual's HTML file", manual)
    try:
        for folder in targets:
            for name, data in out.schemas.items():
                written.append(atomic_write(folder / name, data))
            if folder == PACKAGE_SCHEMA_DIR:  # the ODD too, which `teikit init` gives a new project with its schemas
                written.append(atomic_write(folder / Path(odd_path).name, Path(odd_path).read_bytes()))
        if manual is not None:
            written.append(atomic_write(manual, out.manual))
    except OSError as err:
        raise TeikitError(f"cannot write: {err.strerror}", err.filename) from None
    return written


def default_schema(name: str) -> Path:
    """The path of a default schema (`teikit.rng`, `teikit.xsd`, `teikit.sch`) shipped in the package."""
    path = Path(str(resources.files("teikit") / "data" / "schema" / name))
    if not path.is_file():
        raise TeikitError(f"the package has no schema {name!r}: reinstall teikit or run 'teikit schema'")
    return path
