"""What a compiled ODD is, as plain data: content patterns, attributes, elements, classes, macros, constraints.

Readers (`specs.py`) build it from resolved specifications; `prune.py` simplifies it; writers (`relaxng.py`,
`schematron.py`, `xmlschema.py`) only read it. Patterns are immutable trees, shared freely between specs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

UNBOUNDED = -1  # maxOccurs="unbounded"


# ---- content patterns ----
@dataclass(frozen=True, slots=True)
class Ref:
    """A reference: `kind` is element | class | macro | data | external (a define of an included grammar)."""

    kind: str
    key: str
    min: int = 1
    max: int = 1
    expand: str = ""  # classRef/@expand: alternation (default), sequence, sequenceOptional, ...
    only: tuple[str, ...] = ()  # classRef/@include: the members kept
    without: tuple[str, ...] = ()  # classRef/@except: the members left out


@dataclass(frozen=True, slots=True)
class Group:
    """sequence | alternate | interleave of patterns, repeated min..max times."""

    kind: str
    items: tuple[Pattern, ...]
    min: int = 1
    max: int = 1


@dataclass(frozen=True, slots=True)
class Text:
    pass


@dataclass(frozen=True, slots=True)
class Empty:
    pass


@dataclass(frozen=True, slots=True)
class NotAllowed:
    """Matches nothing: what a reference to something the schema does not have means."""


@dataclass(frozen=True, slots=True)
class Data:
    """An XSD datatype (`dataRef/@name`) with its facets (`pattern` from `@restriction`, `dataFacet`s)."""

    type: str
    params: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Values:
    """One of literal values (a `valList`)."""

    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ValueList:
    """A whitespace-separated list of values (an attribute `datatype` with maxOccurs above 1)."""

    item: Pattern
    min: int
    max: int


@dataclass(frozen=True, slots=True)
class AnyElement:
    """`anyElement`: any element (and its attributes and content) except names in `excluded` ((ns, local or ""))."""

    excluded: tuple[tuple[str, str], ...]
    min: int = 1
    max: int = 1


@dataclass(frozen=True, slots=True)
class Rng:
    """RELAX NG the ODD writes directly (`rng:element`, `rng:attribute`...), copied through as it is."""

    element: etree._Element = field(compare=False, hash=False)
    ident: int = 0  # id() of the element, for equality


def with_occurs(el: etree._Element, lo: int, hi: int) -> etree._Element:
    """`el` with @minOccurs and @maxOccurs for lo..hi (as TEI and XML Schema both write them), when not 1."""
    if lo != 1:
        el.set("minOccurs", str(lo))
    if hi != 1:
        el.set("maxOccurs", "unbounded" if hi == UNBOUNDED else str(hi))
    return el


Pattern = Ref | Group | Text | Empty | NotAllowed | Data | Values | ValueList | AnyElement | Rng
TEXT, EMPTY, NOT_ALLOWED = Text(), Empty(), NotAllowed()


# ---- attributes ----
@dataclass(frozen=True, slots=True)
class Attribute:
    """One attribute: its name in documents, namespace, value pattern and documentation."""

    ident: str  # as the ODD names it ("xml:id")
    name: str  # as documents write it (altIdent, else ident)
    ns: str  # namespace URI, "" for none
    required: bool
    value: Pattern
    default: str = ""
    doc: str = ""
    origin: str = ""  # the attribute class it was declared in, "" when declared on the element


@dataclass(frozen=True, slots=True)
class ClassAttributes:
    """All the attributes of an attribute class (and of the classes it is a member of)."""

    cls: str


@dataclass(frozen=True, slots=True)
class ClassAttribute:
    """One attribute of an attribute class, used unchanged by an element that overrides others of the class."""

    cls: str
    ident: str


@dataclass(frozen=True, slots=True)
class AttributeChoice:
    """attList org="choice" (one of the items) or org="group" inside one."""

    org: str
    items: tuple[AttributeItem, ...]


AttributeItem = Attribute | ClassAttributes | ClassAttribute | AttributeChoice


@dataclass(frozen=True)
class Where:
    """The file and line a declaration comes from, for messages."""

    file: str
    line: int
    element: etree._Element | None = field(default=None, compare=False, repr=False)


# ---- declarations ----
@dataclass(frozen=True)
class ElementDecl:
    ident: str
    name: str  # altIdent, else ident
    ns: str  # "" for the schema's namespace
    module: str
    content: Pattern
    attributes: tuple[AttributeItem, ...]
    classes: tuple[str, ...]
    doc: str
    where: Where
    prefix: str = ""  # elementSpec/@prefix, else the schema's


@dataclass(frozen=True)
class ClassDecl:
    ident: str
    type: str  # "model" | "atts"
    classes: tuple[str, ...]
    attributes: tuple[AttributeItem, ...]  # for "atts": its own attributes
    module: str
    where: Where
    prefix: str = ""


@dataclass(frozen=True)
class MacroDecl:
    ident: str
    kind: str  # "macro" | "data"
    content: Pattern
    module: str
    where: Where
    prefix: str = ""


@dataclass(frozen=True)
class Constraint:
    """A constraintSpec: where it is declared (for a rule without a context) and its `constraint` element."""

    ident: str
    scheme: str
    owner_kind: str  # elementSpec | classSpec | macroSpec | dataSpec | schemaSpec
    owner: str  # the owner's ident ("" for the schema)
    attribute: str  # the attDef's ident when declared on an attribute, else ""
    element_ns: str  # the owner element's namespace ("" = the schema's)
    constraint: etree._Element = field(compare=False, repr=False)
    where: Where = field(compare=False, default=None)


@dataclass(frozen=True)
class Deprecation:
    """A construct with @validUntil: its kind (element, attribute, value), names and date."""

    kind: str
    element: str  # the element ident ("" for a class attribute)
    attribute: str
    value: str
    until: str
    classes: tuple[str, ...] = ()  # for a class attribute: the elements of the class, else ()


@dataclass(frozen=True)
class External:
    """A RELAX NG grammar a moduleRef/@url includes, with the defines its moduleRef adds (`content`)."""

    url: str
    path: str
    grammar: etree._Element = field(compare=False, repr=False)
    defines: tuple[str, ...]  # the pattern names it defines
    additions: tuple[etree._Element, ...] = field(compare=False, repr=False, default=())
    files: tuple[str, ...] = ()  # every file read for it: the grammar, and those it includes


@dataclass
class Schema:
    """A whole compiled customization, in the order of the compiled ODD."""

    ident: str
    ns: str
    prefix: str
    start: tuple[str, ...]
    elements: dict[str, ElementDecl]
    classes: dict[str, ClassDecl]
    macros: dict[str, MacroDecl]
    constraints: list[Constraint]
    externals: list[External]
    default_exceptions: tuple[tuple[str, str], ...]
    query_binding: str
    odd_path: str
    sch_namespaces: dict[str, str] = field(default_factory=dict)
    deprecations: list[Deprecation] = field(default_factory=list)
    members: dict[str, list[str]] = field(default_factory=dict)  # class -> member idents (elements, classes)

    def name(self, ident: str) -> str:
        """The define name of a TEI pattern: the prefix (of the spec, else of the schema), then the ident."""
        for table in (self.elements, self.classes, self.macros):
            decl = table.get(ident)
            if decl is not None:
                return (decl.prefix or self.prefix) + ident
        return self.prefix + ident
