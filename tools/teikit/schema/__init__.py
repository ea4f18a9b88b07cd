"""`teikit schema`: generate RELAX NG, XML Schema, Schematron and an HTML manual from the project's ODD.

The ODD (schema/teikit.odd) is the single source; the generated schemas are committed beside it, in schema/, the one
copy of them. The package sees that folder as its data (teikit/data/schema is a link to it, and a wheel carries
the files), so that `teikit validate` finds its default schemas installed or not.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from teikit import outputs
from teikit.errors import TeikitError

if TYPE_CHECKING:
    from lxml import etree

    from teikit.schema.odd import Odd


class Generated(NamedTuple):
    """The generated files, by file name, as bytes (the schemas) and the manual."""

    schemas: dict[str, bytes]
    manual: bytes


def generate(odd: Odd) -> Generated:
    """Every output of an ODD, in memory; the same ODD always gives the same bytes."""
    # The project's generator is imported here, not with the package: compiling a customization (its modules are
    # this package's too) found in the cache needs none of it, and importing it would double that command's time.
    from lxml import etree

    from teikit.schema.manual import to_manual
    from teikit.schema.rng import to_rng
    from teikit.schema.sch import to_sch
    from teikit.schema.xsd import XML_XSD, to_xml_xsd, to_xsd

    def xml_bytes(tree: etree._ElementTree, indent: bool = True) -> bytes:
        if indent:
            etree.indent(tree, space=" ")
        return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)

    name = Path(odd.path).name
    schemas = {
        f"{odd.ident}.rng": xml_bytes(to_rng(odd, name)),
        f"{odd.ident}.xsd": xml_bytes(to_xsd(odd, name)),
        XML_XSD: xml_bytes(to_xml_xsd(odd, name)),
        f"{odd.ident}.sch": xml_bytes(to_sch(odd, name), indent=False),  # not re-indented: keeps the message text
    }
    manual = etree.tostring(to_manual(odd, name), method="html", encoding="UTF-8", doctype="<!DOCTYPE html>")
    return Generated(schemas, manual)


def write_schemas(odd_path: str | Path, out_dir: str | Path, manual: str | Path | None, force: bool = False,
                  quiet: bool = False) -> list[Path]:
    """Generate from `odd_path` and write the schemas to `out_dir`, and the manual (unless None).

    Returns the files written; each is written atomically, and nothing is written if the ODD has an error. No output
    may be the ODD; one that teikit did not write is replaced only with `force`.
    """
    from teikit.schema.odd import read_odd

    folder = Path(out_dir)
    inputs = outputs.Inputs(files=(Path(odd_path),))
    outputs.check_outputs([folder, *([manual] if manual is not None else [])], inputs)
    if folder.exists() and not folder.is_dir():
        raise TeikitError("is a file, not a folder: name a folder for the schemas", folder)
    if manual is not None and Path(manual).is_dir():
        raise TeikitError("is a folder: name the manual's HTML file", manual)
    with outputs.claim([folder, *([Path(manual).parent] if manual is not None else [])], quiet):
        out = generate(read_odd(odd_path))
        files = {folder / name: data for name, data in out.schemas.items()}
        if manual is not None:
            files[Path(manual)] = out.manual
        return outputs.write_files(files, inputs, force)  # the names come from the ODD: checked again
