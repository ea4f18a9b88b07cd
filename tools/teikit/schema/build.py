"""Compile an ODD: read it, find its source, resolve, read into the model, prune; then each writer.

`compile_odd` is what `teikit schema` and `teikit validate --odd` use. Its result is cached in teikit's cache
folder, keyed by the bytes of everything it was made from (the ODD, its source, the grammars it includes, the
ODDs it is chained to), teikit's version and the options.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from teikit import __version__, xmlio
from teikit.cachedir import cache_dir
from teikit.errors import Finding, TeikitError
from teikit.schema.customization import Customization, error, read_customization, where
from teikit.schema.external import catalog_files, load_external, locate
from teikit.schema.model import Schema
from teikit.schema.prune import SOUND, STYLESHEETS, prune
from teikit.schema.resolve import Resolved, resolve
from teikit.schema.source import Source, find_source, index_source, load_source
from teikit.schema.specs import Reader

FORMATS = ("rng", "sch", "xsd", "odd")
SUFFIX = {"rng": ".rng", "sch": ".sch", "xsd": ".xsd", "odd": ".compiled.odd"}


@dataclass
class Build:
    """Everything one compilation knows: the customization, its resolution, the pruned model, the warnings."""

    custom: Customization
    resolved: Resolved
    schema: Schema
    source: Source | None
    warnings: list[Finding] = field(default_factory=list)


@dataclass
class Compiled:
    """The files a compilation makes (name -> bytes), its warnings, and whether it came from the cache."""

    ident: str
    files: dict[str, bytes]
    warnings: list[Finding]
    cached: bool = False


def build(odd_path: str | Path, source: str | Path | None = None, stylesheets: bool = False,
          catalogs: tuple[str, ...] = (), chain: tuple[Path, ...] = ()) -> Build:
    """Compile the ODD at `odd_path` into its pruned model; TeikitError (FILE:LINE:COL) for bad input.

    `stylesheets=True` reproduces the TEI Stylesheets' deviations from the Guidelines (prune.py, merge.py)."""
    odd_path = str(odd_path)
    custom = read_customization(odd_path)
    cats = catalog_files(odd_path, catalogs)
    externals = [load_external(ref, odd_path, cats) for ref in custom.url_refs]
    external_names = frozenset(n for e in externals for n in e.defines)
    index = None
    if custom.needs_source():
        index = _source_index(custom, source, stylesheets, catalogs, (*chain, Path(odd_path).resolve()))
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

    warnings.extend(prune(schema, set(resolved.deleted), STYLESHEETS if stylesheets else SOUND, blame))
    _check_start(custom, schema)
    kept = set(schema.elements) | set(schema.classes) | set(schema.macros)
    schema.constraints = [c for c in schema.constraints if c.owner_kind == "schemaSpec" or c.owner in kept]
    schema.constraints.extend(_schema_level(resolved))
    schema.deprecations = [d for d in schema.deprecations if (d.element or d.classes[0]) in kept]
    return Build(custom, resolved, schema, index, warnings)


def _schema_level(resolved: Resolved):
    from teikit.schema.model import Constraint, Where

    for cs in resolved.constraints:
        constraint = cs.find("{http://www.tei-c.org/ns/1.0}constraint")
        if constraint is not None and cs.get("scheme") in ("schematron", "isoschematron"):
            file, line, _ = where(cs)
            yield Constraint(cs.get("ident", ""), cs.get("scheme"), "schemaSpec", "", "", "", constraint,
                             Where(file, line, cs))


def _source_index(custom: Customization, given: str | Path | None, stylesheets: bool, catalogs: tuple[str, ...],
                  chain: tuple[Path, ...]) -> Source:
    """The source's index; a source that is itself an ODD to compile (a chain) is compiled first."""
    path = find_source(given, custom.source, custom.path, where(custom.spec))
    if path.resolve() in chain:
        names = " -> ".join(p.name for p in (*chain, path.resolve()))
        raise error(f"these ODDs are chained in a loop: {names}", custom.spec)
    source = load_source(path)
    if not source.is_odd or not _needs_compiling(source):
        return source
    inner = build(path, None, stylesheets, catalogs, chain)
    tree = _compiled_tree(inner)
    data = etree.tostring(tree)
    return index_source(tree, str(path), hashlib.sha256(data).hexdigest())


def _needs_compiling(source: Source) -> bool:
    spec = source.tree.getroot().find(".//{http://www.tei-c.org/ns/1.0}schemaSpec")
    return spec is not None and (
        spec.get("source") is not None
        or spec.find("{http://www.tei-c.org/ns/1.0}moduleRef[@key]") is not None
        or spec.find("{http://www.tei-c.org/ns/1.0}specGrpRef") is not None
        or any(s.get("mode") in ("change", "replace", "delete") for s in source.specs.values()))


def _compiled_tree(b: Build) -> etree._ElementTree:
    from teikit.schema.compiled import to_compiled_odd

    return to_compiled_odd(b)


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
    from teikit.schema.relaxng import to_relaxng
    from teikit.schema.schematron import to_schematron

    name = Path(b.custom.path).name
    files: dict[str, bytes] = {}
    warnings = list(b.warnings)
    ident = b.custom.ident
    if "rng" in formats:
        files[ident + SUFFIX["rng"]] = _bytes(to_relaxng(b.schema, name))
    if "sch" in formats:
        files[ident + SUFFIX["sch"]] = _bytes(to_schematron(b.schema, name))
    if "odd" in formats:
        files[ident + SUFFIX["odd"]] = _bytes(_compiled_tree(b))
    if "xsd" in formats:
        from teikit.schema.xmlschema import XsdUnsupported, to_xsd

        try:
            files.update({n: _bytes(t) for n, t in to_xsd(b.schema, name).items()})
        except XsdUnsupported as err:
            file, line = err.where.file if err.where else b.custom.path, err.where.line if err.where else 1
            warnings.append(Finding(file, line, 1, "warning", "odd-xsd-inexpressible",
                                    f"no XML Schema written: {err}"))
    return Compiled(ident, files, warnings)


def _bytes(tree: etree._ElementTree) -> bytes:
    etree.indent(tree, space="  ")
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def compile_odd(odd_path: str | Path, source: str | Path | None = None, formats: tuple[str, ...] = FORMATS,
                stylesheets: bool = False, catalogs: tuple[str, ...] = (), use_cache: bool = True) -> Compiled:
    """The outputs of an ODD, from the cache when the same inputs were compiled before."""
    key = cache_key(odd_path, source, formats, stylesheets, catalogs) if use_cache else None
    entry = cache_dir() / "odd" / f"{key}.pickle" if key else None
    if entry is not None:
        try:
            files, warnings, ident = pickle.loads(entry.read_bytes())
            return Compiled(ident, files, warnings, cached=True)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
            pass  # no entry yet, or a broken one: compile
    compiled = render(build(odd_path, source, stylesheets, catalogs), formats)
    if entry is not None:
        try:
            entry.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            data = (compiled.files, compiled.warnings, compiled.ident)
            xmlio.atomic_write(entry, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL), 0o600, durable=False)
        except OSError:
            pass  # the cache only saves time
    return compiled


def cache_key(odd_path: str | Path, source: str | Path | None, formats: tuple[str, ...], stylesheets: bool,
              catalogs: tuple[str, ...]) -> str:
    """sha256 of teikit's version, the options and the bytes of every input of the compilation."""
    digest = hashlib.sha256(f"{__version__}|{','.join(sorted(formats))}|{stylesheets}".encode())
    _feed_inputs(digest, Path(odd_path), source, catalogs, ())
    return digest.hexdigest()[:40]


def _feed_inputs(digest, odd_path: Path, given: str | Path | None, catalogs: tuple[str, ...],
                 chain: tuple[Path, ...]) -> None:
    data = xmlio.read_input(odd_path)
    digest.update(hashlib.sha256(data).digest())
    custom = read_customization(odd_path)
    cats = catalog_files(str(odd_path), catalogs)
    for ref in custom.url_refs:
        path = locate(ref.get("url"), odd_path, cats)
        if path is not None and path.is_file():
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    if not custom.needs_source():
        return
    path = find_source(given, custom.source, odd_path, where(custom.spec))
    if path.resolve() in chain or len(chain) > 20:
        raise error("these ODDs are chained in a loop", custom.spec)
    source = load_source(path)
    digest.update(source.digest.encode())
    if source.is_odd and _needs_compiling(source):
        _feed_inputs(digest, path, None, catalogs, (*chain, odd_path.resolve()))


def write_outputs(compiled: Compiled, out_dir: str | Path) -> list[Path]:
    """Write each file into `out_dir` (atomically); TeikitError when the folder cannot be written."""
    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        raise TeikitError("is a file, not a folder: name a folder for the schemas (-o DIR)", folder)
    written = []
    try:
        for name, data in compiled.files.items():
            written.append(xmlio.atomic_write(folder / name, data))
    except OSError as err:
        raise TeikitError(f"cannot write: {err.strerror}", err.filename) from None
    return written
