"""Editorial data: the decisions an editor reads and changes (corrections, names, works cited, quotations, header),
kept in TOML files beside the transcription: SOURCE-STEM.{header,corrections,names,works,quotations}.toml."""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from teikit.convert.messages import Messages
from teikit.convert.tomlkeys import key_line
from teikit.errors import TeikitError

KINDS = ("header", "corrections", "names", "works", "quotations")
PAGE_MODES = ("footer", "header")
NAME_KINDS = {"person": "persName", "family": "persName", "org": "orgName", "place": "placeName"}


@dataclass(frozen=True)
class Correction:
    """Replace `sic` by `corr` where it stands between `before` and `after` (near source `line`, if given)."""

    sic: str
    corr: str
    line: int | None = None
    before: str = ""
    after: str = ""
    cert: str = "high"
    target: str = "text"  # "text" or "label" (a note's printed label)
    occurrence: int = 1
    note: str = ""


@dataclass(frozen=True)
class NameEntry:
    id: str
    kind: str  # person | family | org | place
    name: str
    forms: tuple[str, ...]
    generic_forms: tuple[str, ...] = ()
    type: str = ""
    wikidata: str = ""
    note: str = ""


@dataclass(frozen=True)
class Work:
    id: str
    title: str
    author: str = ""  # a person id
    author_name: str = ""
    level: str = "m"
    date: str = ""
    date_from: str = ""
    date_to: str = ""
    date_when: str = ""
    match: tuple[str, ...] = ()  # how notes and citations name the work (links them to it)
    forms: tuple[str, ...] = ()  # titles in the running text, tagged as title with @ref
    host: str = ""  # a work id: the collected Works a volume/page citation points into
    cert: str = ""
    note: str = ""


@dataclass(frozen=True)
class Quotation:
    id: str
    segments: tuple[str, ...]  # the opening words of each quoted segment, in order
    work: str = ""  # identification when the text does not name the work
    cert: str = ""
    rend: str = ""  # "block" or "inline" when the layout does not show it
    italics_lost: bool = False  # the print had italics here that the copy lost (warned, not invented)
    note: str = ""

    def segment_ids(self) -> list[str]:
        if len(self.segments) == 1:
            return [self.id]
        return [f"{self.id}{chr(ord('a') + i)}" for i in range(len(self.segments))]


@dataclass(frozen=True)
class Readings:
    """Readings the editor decided where the converter would guess (header data [readings]: source lines)."""

    headings: frozenset[int] = frozenset()  # these lines are headings
    not_headings: frozenset[int] = frozenset()  # these short lines are paragraphs
    paragraph_breaks: frozenset[int] = frozenset()  # a new paragraph starts at this line, after a page break
    paragraph_joins: frozenset[int] = frozenset()  # this line continues the paragraph before the page break
    spaced: frozenset[int] = frozenset()  # the letter-spaced words of these lines are emphasis
    not_spaced: frozenset[int] = frozenset()  # ... are not


QUOTATION_POLICIES = ("soCalled", "quote")


def readings_hint(source: str | Path, confirm: str, reverse: str, line: int) -> str:
    """How to settle a guess at `line` in the header data: the sentence every guessing warning ends with."""
    name = data_paths(Path(source))["header"].name
    return (f"a guess: confirm it in {name} with [readings] {confirm} = [{line}], or reverse it with "
            f"{reverse} = [{line}]")


@dataclass(frozen=True)
class Editorial:
    """Everything the editor decided; empty when no data files exist."""

    header: dict = field(default_factory=dict)
    corrections: tuple[Correction, ...] = ()
    names: tuple[NameEntry, ...] = ()
    works: tuple[Work, ...] = ()
    quotations: tuple[Quotation, ...] = ()
    lexicon: tuple[str, ...] = ()
    files: tuple[Path, ...] = ()
    default_page_mode: str = "footer"  # the profile's reading of page markers, when the header data says none
    readings: Readings = Readings()
    scare_quotes: tuple[str, ...] = ()  # quotation data: texts in quotation marks that are scare quotes
    other_quotations: str = ""  # quotation data `others`: what unlisted quoted text is ("" = the profile guesses)

    @property
    def page_mode(self) -> str:
        return self.header.get("edition", {}).get("page_marker", self.default_page_mode)

    def work(self, work_id: str) -> Work | None:
        return next((w for w in self.works if w.id == work_id), None)


def data_paths(source: Path) -> dict[str, Path]:
    """Where each data file of `source` lives: beside it, named after its stem."""
    stem = source.name.removesuffix(source.suffix)
    return {kind: source.with_name(f"{stem}.{kind}.toml") for kind in KINDS}


def _load(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise TeikitError(f"not valid TOML: {err}", path) from None
    except UnicodeDecodeError:
        raise TeikitError("not UTF-8", path) from None
    except RecursionError:  # (tomllib recurses once per level of nesting)
        raise TeikitError("not valid TOML: nested too deeply to read: flatten it", path) from None


def _build(cls, path: Path, entry: dict, what: str):
    allowed = set(cls.__dataclass_fields__)
    unknown = set(entry) - allowed
    if unknown:
        raise TeikitError(f"{what}: unknown key(s) {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(allowed))}",
                          path)
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in entry.items()}
    try:
        return cls(**values)
    except TypeError as err:
        raise TeikitError(f"{what}: {err}", path) from None


def load_editorial(source: Path, messages: Messages) -> Editorial:
    """Read the data files that exist; warn about each that is missing (the conversion still runs)."""
    found: dict[str, dict] = {}
    files = []
    for kind, path in data_paths(source).items():
        if path.is_file():
            found[kind] = _load(path)
            files.append(path)
        else:
            messages.warn(None, "data-missing", f"no {kind} data ({path.name}): "
                          + {"header": "minimal header (`teikit init` writes one to fill)",
                             "corrections": "no corrections applied",
                             "names": "names not tagged",
                             "works": "citations not linked to works",
                             "quotations": "quotations found from their citations only"}[kind])
    header = found.get("header", {})
    mode = header.get("edition", {}).get("page_marker", "footer")
    if mode not in PAGE_MODES:
        raise TeikitError(f"edition.page_marker is '{mode}': use 'footer' or 'header'", data_paths(source)["header"])
    cpath, npath, wpath, qpath = (data_paths(source)[k] for k in ("corrections", "names", "works", "quotations"))
    corrections = tuple(_build(Correction, cpath, e, f"correction {i}")
                        for i, e in enumerate(found.get("corrections", {}).get("correction", []), 1))
    names = []
    for kind in NAME_KINDS:
        for i, e in enumerate(found.get("names", {}).get(kind, []), 1):
            names.append(_build(NameEntry, npath, {**e, "kind": kind}, f"{kind} {i}"))
    works = tuple(_build(Work, wpath, e, f"work {i}") for i, e in enumerate(found.get("works", {}).get("work", []), 1))
    quotations = tuple(_build(Quotation, qpath, e, f"quotation {i}")
                       for i, e in enumerate(found.get("quotations", {}).get("quotation", []), 1))
    ids = [x.id for x in (*names, *works, *quotations)]
    dup = sorted(i for i, n in Counter(ids).items() if n > 1)
    if dup:
        raise TeikitError(f"the same id is used twice in the editorial data: {', '.join(dup)}", source.parent)
    lexicon = tuple(found.get("corrections", {}).get("lexicon", []))
    readings = _readings(header.get("readings", {}), data_paths(source)["header"])
    qdata = found.get("quotations", {})
    others, scare = qdata.get("others", ""), qdata.get("scare_quotes", [])
    if others not in ("", *QUOTATION_POLICIES):
        raise _key_error(qpath, "others", f"must be {' or '.join(repr(p) for p in QUOTATION_POLICIES)}, not {others!r}")
    if not isinstance(scare, list) or not all(isinstance(t, str) and t for t in scare):
        raise _key_error(qpath, "scare_quotes", "must be a list of the texts between the marks, e.g. [\"cabinet,\"]")
    return Editorial(header, corrections, tuple(names), works, quotations, lexicon, tuple(files),
                     readings=readings, scare_quotes=tuple(scare), other_quotations=others)


def _key_error(path: Path, key: str, problem: str) -> TeikitError:
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    return TeikitError(f"{key}: {problem}", path, key_line(text, key))


def _readings(table: dict, path: Path) -> Readings:
    allowed = Readings.__dataclass_fields__
    values = {}
    for key, lines in table.items():
        if key not in allowed:
            raise _key_error(path, f"readings.{key}", f"no such reading (readings: {', '.join(allowed)})")
        if not isinstance(lines, list) or not all(isinstance(n, int) and not isinstance(n, bool) and n > 0
                                                  for n in lines):
            raise _key_error(path, f"readings.{key}", "must be a list of line numbers of the transcription, "
                             "e.g. [12, 40]")
        values[key] = frozenset(lines)
    return Readings(**values)
