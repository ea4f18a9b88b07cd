"""Choosing the payload: which files of the project go into an edition's bag, under which names, described how."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from teikit.errors import TeikitError
from teikit.outputs import Inputs, source_folder

# What each part of the payload is, by folder and suffix: its role (for the RO-Crate metadata) and the sentence that
# describes it in the bag's README.txt.
_KINDS: dict[tuple[str, str], tuple[str, str]] = {
    ("tei", ".xml"): (
        "edition", "the edition: TEI P5 XML, the authoritative file every other file here is derived from"),
    ("src", ".txt"): ("transcription", "the source transcription (plain text) the edition was converted from"),
    ("src", ".toml"): ("editorial-data", "editorial data read by the converter (TOML, written for editors to review)"),
    ("src", ".csv"): ("editorial-data", "editorial data read by the converter (CSV)"),
    ("src", ".json"): ("editorial-data", "editorial data read by the converter (JSON)"),
    ("src", ".yaml"): ("editorial-data", "editorial data read by the converter (YAML)"),
    ("src", ".yml"): ("editorial-data", "editorial data read by the converter (YAML)"),
    ("src", ".md"): ("editorial-data", "notes on the source and editorial data"),
    ("schema", ".odd"): ("odd", "the project's TEI customization (ODD), the source of the schemas below"),
    ("schema", ".rng"): ("schema", "RELAX NG schema generated from the ODD"),
    ("schema", ".xsd"): ("schema", "W3C XML Schema generated from the ODD"),
    ("schema", ".sch"): ("schema", "ISO Schematron rules generated from the ODD"),
    ("exports", ".html"): ("export", "HTML reading edition exported from the TEI"),
    ("exports", ".txt"): ("export", "plain-text export of the TEI (reading text)"),
    ("exports", ".epub"): ("export", "EPUB 3 book exported from the TEI"),
}
_SUPPORTING_SCHEMA = ("supporting-schema", "schema imported by the generated schemas (not made from the ODD)")
_INCLUDED = ("included", "included on request (teikit deposit --include)")
_SCHEMA_SUFFIXES = (".odd", ".rng", ".xsd", ".sch")
_EXPORT_SUFFIXES = (".html", ".txt", ".epub")
_REQUIRED_EXPORTS = (".html", ".txt")  # the EPUB is carried when it is there (make writes it)
_NAMED_SCHEMA = ("schema", "a schema the TEI was validated against (named when it was deposited)")

# The media type of each kind of payload file, for the records' format lists.
_MEDIA_TYPES = {
    ".xml": "application/tei+xml",
    ".txt": "text/plain",
    ".html": "text/html",
    ".epub": "application/epub+zip",
    ".odd": "application/tei+xml",
    ".rng": "application/xml",
    ".xsd": "application/xml",
    ".sch": "application/xml",
    ".toml": "application/toml",
    ".csv": "text/csv",
    ".json": "application/json",
}


@dataclass(frozen=True)
class PayloadFile:
    """One file of the bag's payload: where it comes from, its path under data/, and what it is."""

    source: Path
    name: str
    description: str
    role: str  # edition, transcription, editorial-data, odd, schema, supporting-schema, export or included


@dataclass(frozen=True)
class Sources:
    """Where the payload of one edition is found; None means the project layout's default beside the TEI."""

    src_dir: Path | None = None
    schema_dir: Path | None = None
    exports_dir: Path | None = None
    include: tuple[Path, ...] = ()
    # Another project's TEI is validated with what the user names instead of this project's schemas, and its
    # payload is what is found or named (nothing of teikit's layout is required):
    schemas: tuple[Path, ...] = ()  # --schema: RELAX NG, XML Schema, Schematron files (carried under schema/)
    tei_all: Path | None = None  # --tei-all: TEI All's RELAX NG (carried)
    odd: Path | None = None  # --odd: the customization (carried; validated with the schemas compiled from it)
    compiled: tuple[Path, ...] = ()  # the schemas compiled from the ODD (validated with, not carried)

    @property
    def own_project(self) -> bool:
        """Whether this is one of teikit's own editions, validated by the project's schemas in its layout."""
        return not (self.schemas or self.tei_all or self.odd)

    @property
    def validation(self) -> tuple[tuple[Path, ...], Path | None]:
        """(schemas, tei_all) to validate with; ((), None) means the project's schemas."""
        return (*self.schemas, *self.compiled), self.tei_all

    def resolve(self, tei: Path) -> tuple[Path, Path, Path]:
        """(src, schema, exports) folders for `tei` in the layout tei/<edition>.xml, tei/src/, schema/, build/."""
        project = tei.resolve().parent.parent
        return (
            self.src_dir or source_folder(tei.resolve()),
            self.schema_dir or project / "schema",
            self.exports_dir or project / "build",
        )


def _payload_file(source: Path, name: str, kind: tuple[str, str]) -> PayloadFile:
    role, description = kind
    return PayloadFile(source, name, description, role)


def _owner(name: str, stems: Iterable[str]) -> str | None:
    """The edition a source file belongs to by its name (`<stem>.txt`, `<stem>-notes.toml`, `<stem>/...`)."""
    owners = [s for s in stems if name == s or name.startswith((f"{s}.", f"{s}-", f"{s}_", f"{s}/"))]
    return max(owners, key=len) if owners else None


# The first sentence of a data file's opening comment, e.g. "# Works cited in x.txt (the listBibl). `match` ..."
_FIRST_SENTENCE = re.compile(r"^#\s*(.+?)(?:\.\s|\.?$)")


def _source_file(path: Path, name: str) -> PayloadFile:
    """A source file: its kind, and for editorial data the first sentence of its own opening comment."""
    role, what = _KINDS.get(("src", path.suffix.lower()), ("editorial-data", "editorial file"))
    if path.suffix.lower() in (".toml", ".yaml", ".yml", ".csv"):
        with path.open(encoding="utf-8", errors="replace") as handle:
            found = _FIRST_SENTENCE.match(handle.readline().strip())
        if found:
            what = f"editorial data: {found.group(1)}"
    return _payload_file(path, name, (role, what))


def payload_inputs(teis: Sequence[Path], sources: Sources) -> Inputs:
    """Everything the deposits of `teis` read, for the outputs to be checked against before anything is read: the
    documents, their exports and the included files, the schemas named (--schema, --tei-all, --odd), the schema
    folders, and the source folders."""
    named = [*sources.schemas, *([sources.tei_all] if sources.tei_all else []), *([sources.odd] if sources.odd else [])]
    files, folders, source_folders = [*teis, *sources.include, *named], [], []
    for tei in teis:
        src_dir, schema_dir, exports_dir = sources.resolve(tei)
        files += [exports_dir / f"{tei.stem}{suffix}" for suffix in _EXPORT_SUFFIXES]
        folders.append(schema_dir)
        source_folders.append(src_dir)
    return Inputs(tuple(files), tuple(folders), tuple(source_folders))


def collect_payload(tei: Path, sources: Sources) -> tuple[PayloadFile, ...]:
    """Every file the bag carries for `tei`; raises one TeikitError naming everything that is missing."""
    if not sources.own_project:
        return _other_project_payload(tei, sources)
    stem = tei.stem
    src_dir, schema_dir, exports_dir = sources.resolve(tei)
    files = [_payload_file(tei, f"tei/{tei.name}", _KINDS[("tei", ".xml")])]
    missing: list[str] = []

    # tei/src holds the sources of every edition of the project: take ours and those named for no other edition.
    other_stems = {p.stem for p in tei.resolve().parent.glob("*.xml")} | {stem}
    src_files = sorted(
        p for p in src_dir.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(src_dir).parts)
    ) if src_dir.is_dir() else []
    for path in src_files:
        rel = path.relative_to(src_dir).as_posix()
        if _owner(rel, other_stems) in (stem, None):
            files.append(_source_file(path, f"tei/src/{rel}"))
    if not any(f.name.startswith("tei/src/") and f.source.suffix == ".txt" for f in files):
        missing.append(f"the source transcription ({src_dir}/{stem}.txt; give --src-dir if it is elsewhere)")

    schemas = sorted(p for p in schema_dir.glob("*") if p.suffix in _SCHEMA_SUFFIXES) if schema_dir.is_dir() else []
    generated = {p.stem for p in schemas if p.suffix == ".odd"}  # schemas named after an ODD are made from it
    for suffix in _SCHEMA_SUFFIXES:
        found = [p for p in schemas if p.suffix == suffix]
        if not found:
            missing.append(f"the {suffix[1:].upper()} schema ({schema_dir}/*{suffix}; run `make schema`)")
        for path in found:
            kind = _KINDS[("schema", suffix)] if path.stem in generated else _SUPPORTING_SCHEMA
            files.append(_payload_file(path, f"schema/{path.name}", kind))

    for suffix in _EXPORT_SUFFIXES:
        path = exports_dir / f"{stem}{suffix}"
        if path.is_file():
            files.append(_payload_file(path, f"exports/{path.name}", _KINDS[("exports", suffix)]))
        elif suffix in _REQUIRED_EXPORTS:
            missing.append(f"the {suffix[1:].upper()} export ({path}; run `make export` or give --exports-dir)")
    return _checked(tei, files, missing, sources)


def _other_project_payload(tei: Path, sources: Sources) -> tuple[PayloadFile, ...]:
    """Another project's payload: the TEI, the schemas it was validated with, and what --src-dir, --schema-dir and
    --exports-dir name (or src/ beside the TEI and build/<stem>.* exports, when they are there)."""
    files = [_payload_file(tei, f"tei/{tei.name}", _KINDS[("tei", ".xml")])]
    missing: list[str] = []
    src_dir = sources.src_dir or tei.resolve().parent / "src"
    if sources.src_dir and not src_dir.is_dir():
        missing.append(f"the sources folder {src_dir} (--src-dir)")
    for path in sorted(p for p in src_dir.rglob("*") if p.is_file()) if src_dir.is_dir() else []:
        files.append(_source_file(path, f"tei/src/{path.relative_to(src_dir).as_posix()}"))
    named = [*sources.schemas, *([sources.tei_all] if sources.tei_all else []), *([sources.odd] if sources.odd else [])]
    if sources.schema_dir:
        named += sorted(p for p in sources.schema_dir.glob("*") if p.suffix in _SCHEMA_SUFFIXES)
    for path in dict.fromkeys(named):
        if path.is_file():
            files.append(_payload_file(path, f"schema/{path.name}", _NAMED_SCHEMA))
        else:
            missing.append(f"the schema {path}")
    exports_dir = sources.exports_dir or tei.resolve().parent.parent / "build"
    for suffix in _EXPORT_SUFFIXES:
        path = exports_dir / f"{tei.stem}{suffix}"
        if path.is_file():
            files.append(_payload_file(path, f"exports/{path.name}", _KINDS[("exports", suffix)]))
    return _checked(tei, files, missing, sources)


def _checked(tei: Path, files: list[PayloadFile], missing: list[str], sources: Sources) -> tuple[PayloadFile, ...]:
    """The payload with the included files; one TeikitError naming everything missing, or two files of one name."""
    for path in sources.include:
        if not path.is_file():
            missing.append(f"the included file {path} (--include)")
        else:
            files.append(_payload_file(path, f"extra/{path.name}", _INCLUDED))
    if missing:
        raise TeikitError("cannot deposit, missing: " + "; ".join(missing), tei)
    names = [f.name for f in files]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise TeikitError(f"two payload files would share the name {duplicates[0]}: rename one", tei)
    return tuple(files)


def media_type(name: str) -> str:
    """The media type of a payload file, by its suffix."""
    return _MEDIA_TYPES.get(Path(name).suffix, "application/octet-stream")


def media_types(payload: Sequence[PayloadFile]) -> list[str]:
    """The sorted media types of the payload's files (the records' formats)."""
    return sorted({media_type(f.name) for f in payload})
