"""Choosing the payload: which files of the project go into an edition's bag, under which names, described how."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from teikit.errors import TeikitError

# What each part of the payload is, by folder and suffix: written into the bag's README.txt.
_DESCRIPTIONS: dict[tuple[str, str], str] = {
    ("tei", ".xml"): "the edition: TEI P5 XML, the authoritative file every other file here is derived from",
    ("src", ".txt"): "the source transcription (plain text) the edition was converted from",
    ("src", ".toml"): "editorial data read by the converter (TOML, written for editors to review)",
    ("src", ".csv"): "editorial data read by the converter (CSV)",
    ("src", ".json"): "editorial data read by the converter (JSON)",
    ("src", ".yaml"): "editorial data read by the converter (YAML)",
    ("src", ".yml"): "editorial data read by the converter (YAML)",
    ("src", ".md"): "notes on the source and editorial data",
    ("schema", ".odd"): "the project's TEI customization (ODD), the source of the schemas below",
    ("schema", ".rng"): "RELAX NG schema generated from the ODD",
    ("schema", ".xsd"): "W3C XML Schema generated from the ODD",
    ("schema", ".sch"): "ISO Schematron rules generated from the ODD",
    ("exports", ".html"): "HTML reading edition exported from the TEI",
    ("exports", ".txt"): "plain-text export of the TEI (reading text)",
}
_SUPPORTING_SCHEMA = "schema imported by the generated schemas (not made from the ODD)"
_SCHEMA_SUFFIXES = (".odd", ".rng", ".xsd", ".sch")
_EXPORT_SUFFIXES = (".html", ".txt")

# The media type of each kind of payload file, for the records' format lists.
_MEDIA_TYPES = {
    ".xml": "application/tei+xml",
    ".txt": "text/plain",
    ".html": "text/html",
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


@dataclass(frozen=True)
class Sources:
    """Where the payload of one edition is found; None means the project layout's default beside the TEI."""

    src_dir: Path | None = None
    schema_dir: Path | None = None
    exports_dir: Path | None = None
    include: tuple[Path, ...] = ()

    def resolve(self, tei: Path) -> tuple[Path, Path, Path]:
        """(src, schema, exports) folders for `tei` in the layout tei/<edition>.xml, tei/src/, schema/, build/."""
        project = tei.resolve().parent.parent
        return (
            self.src_dir or tei.resolve().parent / "src",
            self.schema_dir or project / "schema",
            self.exports_dir or project / "build",
        )


def _owner(name: str, stems: Iterable[str]) -> str | None:
    """The edition a source file belongs to by its name (`<stem>.txt`, `<stem>-notes.toml`, `<stem>/...`)."""
    owners = [s for s in stems if name == s or name.startswith((f"{s}.", f"{s}-", f"{s}_", f"{s}/"))]
    return max(owners, key=len) if owners else None


# The first sentence of a data file's opening comment, e.g. "# Works cited in x.txt (the listBibl). `match` ..."
_FIRST_SENTENCE = re.compile(r"^#\s*(.+?)(?:\.\s|\.?$)")


def _describe_source(path: Path) -> str:
    """What a source file is: its kind, and for editorial data the first sentence of its own opening comment."""
    what = _DESCRIPTIONS.get(("src", path.suffix.lower()), "editorial file")
    if path.suffix.lower() in (".toml", ".yaml", ".yml", ".csv"):
        with path.open(encoding="utf-8", errors="replace") as handle:
            found = _FIRST_SENTENCE.match(handle.readline().strip())
        if found:
            return f"editorial data: {found.group(1)}"
    return what


def collect_payload(tei: Path, sources: Sources) -> tuple[PayloadFile, ...]:
    """Every file the bag carries for `tei`; raises one TeikitError naming everything that is missing."""
    stem = tei.stem
    src_dir, schema_dir, exports_dir = sources.resolve(tei)
    files = [PayloadFile(tei, f"tei/{tei.name}", _DESCRIPTIONS[("tei", ".xml")])]
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
            files.append(PayloadFile(path, f"tei/src/{rel}", _describe_source(path)))
    if not any(f.name.startswith("tei/src/") and f.source.suffix == ".txt" for f in files):
        missing.append(f"the source transcription ({src_dir}/{stem}.txt; give --src-dir if it is elsewhere)")

    schemas = sorted(p for p in schema_dir.glob("*") if p.suffix in _SCHEMA_SUFFIXES) if schema_dir.is_dir() else []
    generated = {p.stem for p in schemas if p.suffix == ".odd"}  # schemas named after an ODD are made from it
    for suffix in _SCHEMA_SUFFIXES:
        found = [p for p in schemas if p.suffix == suffix]
        if not found:
            missing.append(f"the {suffix[1:].upper()} schema ({schema_dir}/*{suffix}; run `make schema`)")
        for path in found:
            what = _DESCRIPTIONS[("schema", suffix)] if path.stem in generated else _SUPPORTING_SCHEMA
            files.append(PayloadFile(path, f"schema/{path.name}", what))

    for suffix in _EXPORT_SUFFIXES:
        path = exports_dir / f"{stem}{suffix}"
        if path.is_file():
            files.append(PayloadFile(path, f"exports/{path.name}", _DESCRIPTIONS[("exports", suffix)]))
        else:
            missing.append(f"the {suffix[1:].upper()} export ({path}; run `make export` or give --exports-dir)")

    for path in sources.include:
        if not path.is_file():
            missing.append(f"the included file {path} (--include)")
        else:
            files.append(PayloadFile(path, f"extra/{path.name}", "included on request (teikit deposit --include)"))

    if missing:
        raise TeikitError("cannot deposit, missing: " + "; ".join(missing), tei)
    names = [f.name for f in files]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise TeikitError(f"two payload files would share the name {duplicates[0]}: rename one", tei)
    return tuple(files)


def media_types(payload: Sequence[PayloadFile]) -> list[str]:
    """The sorted media types of the payload's files (the records' formats)."""
    return sorted({_MEDIA_TYPES.get(Path(f.name).suffix, "application/octet-stream") for f in payload})
