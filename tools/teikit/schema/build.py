"""Compile an ODD: read it, find its source, resolve, read into the model, prune; then each writer.

`compile.compile_odd` is what `teikit schema` and `teikit validate --odd` use: this, unless the cache has the result.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from teikit.findings import Finding
from teikit.schema.cache import FORMATS, Compiled
from teikit.schema.catalog import catalog_files, catalogs_read
from teikit.schema.compiled import compiled_odd_bytes, to_compiled_odd
from teikit.schema.customization import Customization, error, read_customization, where
from teikit.schema.external import load_external
from teikit.schema.model import Schema
from teikit.schema.prune import SOUND, STYLESHEETS, prune
from teikit.schema.relaxng import to_relaxng
from teikit.schema.resolve import Resolved, resolve
from teikit.schema.schematron import to_schematron
from teikit.schema.source import Source, find_source, index_source, load_source, local_path
from teikit.schema.specs import Reader
from teikit.schema.xsd10 import XsdUnsupported, to_xsd

SUFFIX = {"rng": ".rng", "sch": ".sch", "xsd": ".xsd", "odd": ".compiled.odd"}


@dataclass
class Read:
    """What a compilation depends on (its cache entry is used only while they are unchanged): the files it read, and
    those it looked for and did not find, whose appearing would change it."""

    files: list[Path] = field(default_factory=list)
    absent: list[Path] = field(default_factory=list)


@dataclass
class Build:
    """Everything one compilation knows: the customization, its resolution, the pruned model, the warnings."""

    custom: Customization
    resolved: Resolved
    schema: Schema
    source: Source | None
    warnings: list[Finding] = field(default_factory=list)
    unpruned: dict = field(default_factory=dict)  # ident -> content before pruning (elements and macros)
    read: Read = field(default_factory=Read)


def build(odd_path: str | Path, source: str | Path | None = None, stylesheets: bool = False,
          catalogs: tuple[str, ...] = (), chain: tuple[Path, ...] = (), read: Read | None = None) -> Build:
    """Compile the ODD at `odd_path` into its pruned model; TeikitError (FILE:LINE:COL) for bad input.

    `stylesheets=True` reproduces the TEI Stylesheets' deviations from the Guidelines (prune.py, merge.py). `read`
    collects what the compilation depends on (an ODD chained to this one adds to its caller's)."""
    odd_path = str(odd_path)
    read = Read() if read is None else read
    custom = read_customization(odd_path)
    read.files.extend([Path(odd_path), *custom.files])
    cats = catalog_files(odd_path, catalogs)
    externals = [load_external(ref, odd_path, cats) for ref in custom.url_refs]
    if custom.url_refs:
        present, missing = catalogs_read(odd_path, catalogs)
        read.files.extend([*present, *(Path(f) for e in externals for f in e.files)])
        read.absent.extend(missing)
    external_names = frozenset(n for e in externals for n in e.defines)
    index = None
    if custom.needs_source():
        index = _source_index(custom, source, stylesheets, catalogs, (*chain, Path(odd_path).resolve()), read)
    resolved = resolve(custom, index, external_names, stylesheets)
    reader = Reader(custom, resolved.specs, external_names, stylesheets)
    schema = reader.schema()
    schema.externals = externals
    schema.start = custom.start or ()
    warnings = list(resolved.warnings)
    _check_attribute_changes(custom, resolved, reader, warnings)
    _check_deleted_references(custom, resolved)
    def blame(ident: str) -> tuple[str, int, int]:
        return where(resolved.origin[ident]) if ident in resolved.origin else (odd_path, 1, 1)

    unpruned = {i: d.content for table in (schema.elements, schema.macros) for i, d in table.items()}
    warnings.extend(prune(schema, set(resolved.deleted), STYLESHEETS if stylesheets else SOUND, blame))
    _check_start(custom, schema)
    kept = set(schema.elements) | set(schema.classes) | set(schema.macros)
    schema.constraints = [c for c in schema.constraints if c.owner_kind == "schemaSpec" or c.owner in kept]
    schema.constraints.extend(_schema_level(resolved))
    schema.deprecations = [d for d in schema.deprecations if (d.element or d.classes[0]) in kept]
    return Build(custom, resolved, schema, index, warnings, unpruned, read)


def _schema_level(resolved: Resolved):
    from teikit.schema.model import Constraint, Where

    for cs in resolved.constraints:
        constraint = cs.find("{http://www.tei-c.org/ns/1.0}constraint")
        if constraint is not None and cs.get("scheme") in ("schematron", "isoschematron"):
            file, line, _ = where(cs)
            yield Constraint(cs.get("ident", ""), cs.get("scheme"), "schemaSpec", "", "", "", constraint,
                             Where(file, line, cs))


def _source_index(custom: Customization, given: str | Path | None, stylesheets: bool, catalogs: tuple[str, ...],
                  chain: tuple[Path, ...], read: Read) -> Source:
    """The source's index; a source that is itself an ODD to compile (a chain) is compiled first."""
    named = local_path(custom.source, custom.path) if custom.source else None
    if named is not None:  # looked at even when --source wins: an ODD there would be chained to first
        (read.files if named.is_file() else read.absent).append(named)
    path = find_source(given, custom.source, custom.path, where(custom.spec))
    read.files.append(path)
    if path.resolve() in chain:
        names = " -> ".join(p.name for p in (*chain, path.resolve()))
        raise error(f"these ODDs are chained in a loop: {names}", custom.spec)
    source = load_source(path)
    if not source.is_odd or not _needs_compiling(source):
        return source
    inner = build(path, given, stylesheets, catalogs, chain, read)
    tree = to_compiled_odd(inner.resolved, inner.schema, inner.unpruned)
    data = etree.tostring(tree)
    return index_source(tree, str(path), hashlib.sha256(data).hexdigest())


def _needs_compiling(source: Source) -> bool:
    spec = source.tree.getroot().find(".//{http://www.tei-c.org/ns/1.0}schemaSpec")
    return spec is not None and (
        spec.get("source") is not None
        or spec.find("{http://www.tei-c.org/ns/1.0}moduleRef[@key]") is not None
        or spec.find("{http://www.tei-c.org/ns/1.0}specGrpRef") is not None
        or any(s.get("mode") in ("change", "replace", "delete") for s in source.specs.values()))


def _check_attribute_changes(custom: Customization, resolved: Resolved, reader: Reader,
                             warnings: list[Finding]) -> None:
    """An attDef the ODD changes or deletes on an element must be one the element has (its own, or a class's)."""
    for spec in custom.specs:
        ident = spec.get("ident")
        if etree.QName(spec).localname != "elementSpec" or spec.get("mode") != "change" or ident not in resolved.specs:
            continue
        base = resolved.source.specs.get(ident) if resolved.source is not None else None
        has = {a.get("ident") for a in base.iter("{http://www.tei-c.org/ns/1.0}attDef")} if base is not None else set()
        has |= {a.get("ident") for a in spec.iter("{http://www.tei-c.org/ns/1.0}attDef")
                if a.get("mode") in (None, "add")}
        for member in resolved.specs[ident].iterfind("{*}classes/{*}memberOf"):
            has.update(reader.class_attribute_idents(member.get("key")))
        for att in spec.iter("{http://www.tei-c.org/ns/1.0}attDef"):
            if att.get("ident") in has or att.get("mode") not in ("change", "delete"):
                continue
            message = (f"attDef ident={att.get('ident')!r} mode={att.get('mode')!r}: element {ident!r} has no such "
                       "attribute (neither its own nor from one of its classes)")
            if att.get("mode") == "change":
                raise error(message, att)
            warnings.append(Finding(*where(att), "warning", "odd-change-unknown", message + ": nothing to delete"))


def _check_deleted_references(custom: Customization, resolved: Resolved) -> None:
    """A content model the ODD writes may not refer to an element, class or macro the same ODD deletes."""
    for spec in custom.specs:
        if spec.get("mode") == "delete" or spec.get("ident") in resolved.deleted:
            continue
        for ref in spec.iter("{http://www.tei-c.org/ns/1.0}elementRef", "{http://www.tei-c.org/ns/1.0}classRef",
                             "{http://www.tei-c.org/ns/1.0}macroRef"):
            key = ref.get("key")
            if key in resolved.deleted:
                _, line, _ = where(resolved.deleted[key])
                raise error(f"<{etree.QName(ref).localname} key={key!r}> in {spec.get('ident')!r}: this ODD deletes "
                            f"{key!r} (line {line}); remove the reference or keep {key!r}", ref)


def _check_start(custom: Customization, schema: Schema) -> None:
    for ident in custom.start or ():
        if ident not in schema.elements:
            raise error(f"schemaSpec start={' '.join(custom.start)!r}: element {ident!r} is not in this schema",
                        custom.spec)
    if not custom.start and "TEI" not in schema.elements:
        raise error("this schema has no element TEI to start with: name its root elements in schemaSpec/@start",
                    custom.spec)


# ---- outputs and the cache ----
def render(b: Build, formats: tuple[str, ...] = FORMATS) -> Compiled:
    """Every requested output of a build, as bytes; XML Schema only where it can express the content models."""
    name = Path(b.custom.path).name
    files: dict[str, bytes] = {}
    warnings = list(b.warnings)
    ident = b.custom.ident
    if "rng" in formats:
        files[ident + SUFFIX["rng"]] = _bytes(to_relaxng(b.schema, name))
    if "sch" in formats:
        files[ident + SUFFIX["sch"]] = _bytes(to_schematron(b.schema, name))
    if "odd" in formats:  # as the specifications were written: examples and prose keep their own spacing
        files[ident + SUFFIX["odd"]] = compiled_odd_bytes(b.resolved, b.schema, b.unpruned)
    if "xsd" in formats:
        try:
            files.update({n: _bytes(t) for n, t in to_xsd(b.schema, name).items()})
        except XsdUnsupported as err:
            element = err.where.element if err.where is not None else None
            file, line, column = where(element if element is not None else b.custom.spec)
            warnings.append(Finding(file, line, column, "warning", "odd-xsd-inexpressible",
                                    f"no XML Schema written: {err}"))
    return Compiled(ident, files, warnings)


def _bytes(tree: etree._ElementTree, indent: bool = True) -> bytes:
    if indent:
        etree.indent(tree, space="  ")
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=indent)
