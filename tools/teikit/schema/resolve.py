"""Resolve a customization against its source: which specifications the schema has, each as the ODD leaves it.

Module references bring in a module's classes, macros and datatypes, and its elements (`@include` keeps only those
named, `@except` leaves those out); a schemaSpec's `elementRef`/`classRef`/`macroRef`/`dataRef` bring in one
specification each; the ODD's own specifications then add (`mode="add"`, the default), replace, change or delete.
The order is that of the TEI Stylesheets' compiled ODD (modules tei and core first, then the others as listed,
each with its non-element specifications first), which decides the order of class members in sequences.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from teikit.findings import Finding
from teikit.schema.customization import Customization, error, where
from teikit.schema.merge import local, merge_spec
from teikit.schema.source import Source
from teikit.xmlio import TEI_NS

_T = f"{{{TEI_NS}}}"
_KINDS = {"elementRef": "elementSpec", "classRef": "classSpec", "macroRef": "macroSpec", "dataRef": "dataSpec"}
_NOUN = {"elementSpec": "element", "classSpec": "class", "macroSpec": "macro", "dataSpec": "datatype"}


@dataclass
class Resolved:
    """The specifications of the schema by ident, in compiled order, with what brought each in."""

    custom: Customization
    source: Source | None
    specs: dict[str, etree._Element] = field(default_factory=dict)
    origin: dict[str, etree._Element] = field(default_factory=dict)  # the ODD element that brought it in
    deleted: dict[str, etree._Element] = field(default_factory=dict)  # ident -> the ODD's mode="delete" spec
    modules: list[str] = field(default_factory=list)
    constraints: list[etree._Element] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)

    def warn(self, rule: str, message: str, el: etree._Element) -> None:
        file, line, column = where(el)
        self.warnings.append(Finding(file, line, column, "warning", rule, message))


def resolve(custom: Customization, source: Source | None, external_names: frozenset[str] = frozenset(),
            stylesheets: bool = False) -> Resolved:
    """The schema's specifications; TeikitError (at the ODD's line) for an unknown module, or a reference to an
    element, class or macro that exists nowhere. Changes of what the source does not have are warnings: the TEI's
    own exemplars make some (of classes later releases removed), and the TEI Stylesheets ignore them."""
    result = Resolved(custom, source, warnings=list(custom.warnings))
    by_ident: dict[str, list[etree._Element]] = {}
    for spec in custom.specs:
        by_ident.setdefault(spec.get("ident"), []).append(spec)
    for ident, specs in by_ident.items():
        for spec in specs:
            if spec.get("mode") == "delete":
                result.deleted[ident] = spec
    _check_known(result, by_ident, external_names)
    selected: dict[str, etree._Element] = {}  # ident -> source spec, in order
    refs = sorted(custom.module_refs, key=lambda m: {"tei": 0, "core": 1}.get(m.get("key"), 2))
    for ref in refs:
        _select_module(result, ref, selected)
    for ref in custom.direct_refs:
        ident = ref.get("key")
        if source is not None and ident in source.specs and ident not in selected:
            selected[ident] = source.specs[ident]
            result.origin.setdefault(ident, ref)
    for ident, base in selected.items():
        if ident in result.deleted:
            continue
        result.specs[ident] = _apply(result, ident, base, by_ident.get(ident, []), stylesheets)
    for ident, specs in by_ident.items():
        if ident not in selected:
            _add_own(result, ident, specs, source)
    result.constraints = _schema_constraints(custom, source)
    return result


def _apply(result: Resolved, ident: str, base: etree._Element, edits: list[etree._Element],
           stylesheets: bool) -> etree._Element:
    """A source specification as the ODD's replacements and changes leave it."""
    spec = base
    for edit in edits:
        mode = edit.get("mode") or "add"
        if edit.tag != base.tag and mode != "delete":
            raise error(f"{_NOUN[local(edit)]} {ident!r} is a {_NOUN[local(base)]} in the source: "
                        f"use <{local(base)}>", edit)
        if mode == "replace":
            spec = edit
            result.origin[ident] = edit
        elif mode == "change":
            spec = merge_spec(spec, edit, stylesheets)
            result.origin[ident] = edit
        elif mode == "add":
            raise error(f"{_NOUN[local(edit)]} {ident!r} is already in the schema (from module "
                        f"{base.get('module')!r}): use mode=\"change\" or mode=\"replace\" to alter it", edit)
    return spec


def _add_own(result: Resolved, ident: str, specs: list[etree._Element], source: Source | None) -> None:
    """The ODD's own specifications of what the source does not bring in."""
    for spec in specs:
        mode = spec.get("mode") or "add"
        if mode == "add":
            if ident in result.specs:
                raise error(f"{ident!r} is declared twice in this ODD", spec)
            result.specs[ident] = spec
            result.origin[ident] = spec
        elif mode in ("change", "replace") and ident not in result.deleted and source is not None \
                and ident in source.specs:
            module = source.specs[ident].get("module")
            result.warn("odd-change-not-included",
                        f"{_NOUN[local(spec)]} {ident!r} is not in this schema (its module {module!r} is not "
                        f"referenced, or leaves it out): this mode=\"{mode}\" changes nothing", spec)


def _check_known(result: Resolved, by_ident: dict[str, list[etree._Element]], externals: frozenset[str]) -> None:
    """Every name the ODD uses is a module or specification of the source, or one the ODD declares itself."""
    custom, source = result.custom, result.source
    known = set(source.specs) if source is not None else set()
    declared = {i for i, specs in by_ident.items() if any((s.get("mode") or "add") == "add" for s in specs)}
    for ident, specs in by_ident.items():
        for spec in specs:
            mode = spec.get("mode") or "add"
            if mode in ("change", "replace", "delete") and ident not in known and ident not in declared:
                result.warn("odd-change-unknown", f"{_NOUN[local(spec)]} {ident!r} does not exist in the source"
                            f"{_source_name(source)}: nothing to {mode} (misspelt, or from another TEI version?)",
                            spec)
    _check_modules(result)
    for ref in custom.direct_refs:
        ident = ref.get("key")
        if ident not in known and ident not in declared:
            raise error(f"<{local(ref)} key={ident!r}>: no such {_NOUN[_KINDS[local(ref)]]} in the "
                        f"source{_source_name(source)}", ref)
    for spec in custom.specs:
        if spec.get("mode") == "delete":
            continue
        for ref in spec.iter(f"{_T}elementRef", f"{_T}classRef", f"{_T}macroRef", f"{_T}dataRef",
                             f"{_T}memberOf"):
            key = ref.get("key")
            if key is None or key in known or key in declared or key in externals:
                continue
            noun = "class" if local(ref) == "memberOf" else _NOUN[_KINDS[local(ref)]]
            raise error(f"<{local(ref)} key={key!r}> in {_NOUN[local(spec)]} {spec.get('ident')!r}: no such {noun} in "
                        f"the source{_source_name(source)} or in this ODD", ref)


def _check_modules(result: Resolved) -> None:
    source = result.source
    modules = set(source.by_module) if source is not None else set()
    for ref in result.custom.module_refs:
        key = ref.get("key")
        if key not in modules:
            hint = f" (the source's modules: {', '.join(sorted(m for m in modules if m))})" if modules else ""
            raise error(f"moduleRef key={key!r}: no such module in the source{_source_name(source)}{hint}", ref)
        members = set(source.by_module[key])
        for name in ("include", "except"):
            for ident in (ref.get(name) or "").split():
                if ident not in members:
                    elsewhere = source.specs.get(ident)
                    detail = (f"it is in module {elsewhere.get('module')!r}" if elsewhere is not None
                              else "the source has no such element")
                    result.warn("odd-include-unknown", f"moduleRef key={key!r} @{name} names {ident!r}, which "
                                f"module {key!r} does not have ({detail}): ignored", ref)


def _source_name(source: Source | None) -> str:
    if source is None:
        return " (none: this ODD names no source)"
    return f" ({source.path}{', TEI ' + source.version if source.version else ''})"


def _select_module(result: Resolved, ref: etree._Element, selected: dict[str, etree._Element]) -> None:
    source = result.source
    key = ref.get("key")
    include = set((ref.get("include") or "").split())
    exclude = set((ref.get("except") or "").split())
    if key not in result.modules:
        result.modules.append(key)
    idents = source.by_module[key]
    for ident in idents:
        if local(source.specs[ident]) != "elementSpec" and ident not in selected:
            selected[ident] = source.specs[ident]
            result.origin.setdefault(ident, ref)
    for ident in idents:
        if local(source.specs[ident]) != "elementSpec":
            continue
        if (include and ident not in include) or ident in exclude:
            continue
        if ident not in selected:
            selected[ident] = source.specs[ident]
            result.origin.setdefault(ident, ref)


def _schema_constraints(custom: Customization, source: Source | None) -> list[etree._Element]:
    """The schema-level constraintSpecs: the source's (a compiled ODD's), changed by the ODD's own by ident."""
    ours = {c.get("ident"): c for c in custom.constraints}
    result = [c for c in (source.constraints if source is not None else []) if c.get("ident") not in ours]
    result.extend(c for c in custom.constraints if c.get("mode") != "delete")
    return result
