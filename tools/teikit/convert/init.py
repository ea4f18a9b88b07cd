"""`teikit init`: a new edition's sources, tei/src/NAME.txt and its editorial data files, ready to fill and convert;
and, when the project has none, teikit's encoding (the ODD and its schemas) in schema/.

It lives in the convert stage because what it writes is the converter's input, described by the converter's own
list of header fields (header_fields.FIELDS), so that the template and the reader cannot drift apart."""

from __future__ import annotations

import os
import re
import sys
import textwrap
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from teikit import outputs
from teikit.convert.editorial import KINDS, data_paths
from teikit.convert.header_fields import FIELDS, empty_keys
from teikit.convert.lexer import read_source
from teikit.convert.profile import DEFAULT_PROFILE, MARKDOWN_PROFILE, Profile, builtin_profiles, load_profile
from teikit.errors import TeikitError
from teikit.xmlio import SCH_NS, parse_file

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")  # "parish", "foundations-of-leninism-ch4"
_DATA = resources.files("teikit") / "data"
SCHEMA_FILES = ("teikit.odd", "teikit.rng", "teikit.xsd", "teikit.sch", "xml.xsd")


def header_rules() -> dict[str, str]:
    """The project's header rules, from the shipped Schematron: id -> what it checks ("The edition has a title.")."""
    sch = parse_file(Path(str(_DATA / "schema" / "teikit.sch"))).getroot()
    rules = {}
    for title in sch.iterfind(f"{{{SCH_NS}}}pattern/{{{SCH_NS}}}title"):
        rule, _, what = (title.text or "").partition(": ")
        if rule.startswith("header-"):
            rules[rule] = " ".join(what.split())
    return rules


def licences() -> dict[str, str]:
    """Licence URL -> SPDX identifier, from data/licences.toml (the table deposit's records use)."""
    table = tomllib.loads((_DATA / "licences.toml").read_text(encoding="utf-8"))["spdx"]
    return {f"https://{key}": spdx for key, spdx in table.items()}


def _licence_url(choice: str) -> str:
    known = licences()
    by_id = {spdx.lower(): url for url, spdx in known.items()}
    if choice.lower() in by_id:
        return by_id[choice.lower()]
    if choice.startswith(("http://", "https://")):
        return choice
    raise TeikitError(f"--licence {choice}: name one of {', '.join(known.values())}, or give the licence's URL")


def _toml(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _field(key: str, value: str | None, rules: dict[str, str], more: str = "") -> str:
    """A header field with its comment (what it is for, the rule that requires it); None writes the field as a
    commented example (what the text itself gives)."""
    f = next(f for f in FIELDS if f.key == key)
    rule = f" (rule {f.rule}: {rules.get(f.rule, 'see schema/teikit.odd')})" if f.rule else ""
    comment = textwrap.fill(f"{f.what}{rule}", width=118, initial_indent="# ", subsequent_indent="# ")
    name = key.rsplit(".", 1)[-1]
    line = f"# {name} = {_toml(f.example)}" if value is None else f"{name} = {_toml(value)}"
    return f"{comment}\n{more}{line}"


def header_template(name: str, source_name: str, profile: str, values: dict[str, str | None]) -> str:
    """The header data file of a new edition: every field a valid header needs, the unknown ones as key = ""
    (a value of None: the field is written as a commented example)."""
    rules = header_rules()
    unknown = sorted(set(rules) - {f.rule for f in FIELDS})
    v = {f.key: values.get(f.key, "") for f in FIELDS}
    choices = "# for example (data/licences.toml; `teikit init --licence ID` writes one):\n" + "".join(
        f"#   {url:<52} {spdx}\n" for url, spdx in licences().items())
    return f"""# Header metadata and editorial settings for {source_name} (read by `teikit convert`).
# Written by `teikit init`. Fill in every `key = ""`: `teikit convert` warns about each one left empty, naming this
# file and its line, and the TEI header needs them to be valid (the rules are those of schema/teikit.odd).
{"".join(f"# (rule {r} is not known to this template: {rules[r]})" + chr(10) for r in unknown)}
[edition]
{_field("edition.title", v["edition.title"], rules)}
# the transcription's conventions: a built-in profile ({", ".join(builtin_profiles())}) or a profile file,
# relative to this file (docs/profiles.md)
profile = {_toml(profile)}
# how page-marker lines are read: "footer" (a marker closes page N) or "header" (it opens page N); the profile says
# when this is left out
# page_marker = "footer"
# the heading of the text, when the transcription lacks it (it is then supplied, with a warning)
# chapter_head = "I. The Beginning"
# chapter_n = "1"  # the chapter's number in citations (div/@n): 1.2.7 is paragraph 7 of its section 2
# chapter_id = "ch1"

[author]
{_field("author.name", v["author.name"], rules)}
# ref = "#roe"  # the author's id in {name}.names.toml, to link the name to the person

[publication]
{_field("publication.publisher", v["publication.publisher"], rules)}
{_field("publication.date", v["publication.date"], rules)}
{_field("publication.licence", v["publication.licence"], rules, more=choices)}
# licence_text = "The encoding is available under the Creative Commons Attribution 4.0 licence."
# status = "free"
# note = "The text itself: who holds its copyright, or why it is in the public domain."

[source.print]
{_field("source.print.title", v["source.print.title"], rules)}
author = {_toml(v["author.name"] or "")}
{_field("source.print.date", v["source.print.date"], rules)}
{_field("source.print.pages", v["source.print.pages"], rules)}
# publisher = "The Parish Press"
# pub_place = "Lewes"
# note = "Where the copy is kept, which printing it is."

# The digital copy the transcription was made from, if any.
# [source.web]
# url = "https://example.org/parish.html"
# note = "Plain-text capture of the page."

[[responsibility]]
id = "enc"
resp = "transcription and TEI encoding"
{_field("responsibility.name", v["responsibility.name"], rules)}

# Readings the converter guesses, each guess a warning naming its line of {source_name}; settle them here.
# [readings]
# headings = [1]         # these short lines are headings
# not_headings = []      # ... are paragraphs
# paragraph_breaks = []  # a new paragraph starts at these lines, after a page break
# paragraph_joins = []   # these lines continue the paragraph before the page break
# spaced = []            # the letter-spaced words of these lines are emphasis
# not_spaced = []        # ... are not

# [[revision]]
# when = "2026-12-01"
# who = "#enc"
# status = "draft"
# text = "First transcription, converted with teikit."
"""


_DATA_TEMPLATES = {
    "corrections": """\
# Corrections of transcription errors in {source}. Each one is applied as choice/sic/corr exactly where it
# stands, and nowhere else; `teikit convert` warns about suspicious tokens it finds, but never corrects them itself.
# `line` is the line of {source}; `before` and `after` are the text around `sic` that makes its place unique.

# Words the detectors should take as known (they only warn; this silences a false alarm).
# lexicon = ["Hale"]

# [[correction]]
# line = 12
# before = "at one "
# sic = "strcke"
# corr = "stroke"
# cert = "high"
# note = "e for o"
""",
    "names": """\
# Persons, families, organisations and places named in {source}. `forms` are the spellings tagged in the text
# (persName, orgName, placeName, with @ref to the entry); `generic_forms` are plural, generic uses ("the Hales").

# [[person]]
# id = "hale"
# name = "Thomas Hale"
# forms = ["Thomas Hale", "Hale"]
# wikidata = "Q..."

# [[place]]
# id = "lewes"
# name = "Lewes"
# forms = ["Lewes"]
# ([[org]] and [[family]] take the keys of [[person]] and [[place]].)
""",
    "works": """\
# Works cited in {source} (the listBibl). `match` lists how citations and notes name a work; `forms` are its
# titles in the running text (tagged as title, with @ref to the entry).

# [[work]]
# id = "hale-diary"
# author = "hale"
# author_name = "Thomas Hale"
# title = "Diary"
# date = "1820-1851"
# match = ["Hale, Diary"]
""",
    "quotations": """\
# The quotations of {source}, in order. `segments` are the opening words of each quoted segment (a quotation split
# by narration has several, linked by @next/@prev); `work` identifies the work when the text does not.
# Text in quotation marks listed nowhere is guessed, each guess a warning: a full sentence is a quotation, other
# text a scare quote. `scare_quotes` lists the scare quotes; `others` settles every text not listed.

# others = "soCalled"
# scare_quotes = ["great bell"]

# [[quotation]]
# id = "q1"
# segments = ["We shall not give way"]
# work = "hale-diary"
""",
}


@dataclass
class Initialized:
    """What `init` wrote (or kept) and which header fields are left to fill."""

    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    to_fill: list[str] = field(default_factory=list)
    profile: str = ""
    from_file: Path | None = None


def _profile_for(profile: str | None, source: Path | None, src_dir: Path) -> tuple[str, Profile]:
    """The header's `profile` value (a built-in name, or a file's path relative to tei/src/) and the profile."""
    if profile is None:
        profile = MARKDOWN_PROFILE if source and source.suffix.lower() in (".md", ".markdown") else DEFAULT_PROFILE
    loaded = load_profile(profile)
    if profile in builtin_profiles():
        return profile, loaded
    return Path(os.path.relpath(Path(loaded.source), src_dir.resolve())).as_posix(), loaded


def _has_page_markers(text: bytes, p: Profile) -> bool:
    """Whether the transcription marks its pages (then teikit counts them, and the header need not)."""
    lines = [line.strip() for line in text.decode("utf-8", "replace").splitlines()]
    return any(p.page_marker.fullmatch(line) for line in lines) or (
        p.reader == "markdown" and any(p.page_break.search(line) for line in lines))


def init_edition(name: str, root: Path, *, title: str = "", author: str = "", profile: str | None = None,
                 source: Path | None = None, licence: str = "", publisher: str = "",
                 force: bool = False) -> Initialized:
    """Write tei/src/NAME.txt (empty, or a copy of `source`) and its data files under `root`, and schema/ if absent.
    Nothing is replaced without `force`; nothing at all is written when a file is in the way."""
    if not _NAME.fullmatch(name) or name.endswith((".txt", ".md", ".toml", ".xml")):
        raise TeikitError(f"the edition's name '{name}' must be letters, digits, '.', '-' and '_', without a suffix "
                          "(e.g. parish: it names tei/src/parish.txt)")
    src_dir = root / "tei" / "src"
    text_path = src_dir / f"{name}.txt"
    paths = data_paths(text_path)
    ours = [text_path, *(paths[k] for k in KINDS)]
    if source is not None:  # (before anything is read)
        outputs.check_outputs([*ours, *(root / "schema" / n for n in SCHEMA_FILES)], outputs.Inputs((source,)))
    in_the_way = [p for p in ours if p.exists()]
    if in_the_way and not force:
        raise TeikitError(f"already exists: {', '.join(str(p) for p in in_the_way)}; give --force to replace "
                          "(or choose another name)")
    text = b""
    if source is not None:
        read_source(source)  # the same checks as convert: not empty, not binary, UTF-8
        text = source.read_bytes()
    header_profile, loaded = _profile_for(profile, source, src_dir)
    result = Initialized(profile=header_profile, from_file=source)
    values = {"edition.title": f"{title}: TEI edition" if title else "", "author.name": author,
              "source.print.title": title, "publication.publisher": publisher,
              "publication.licence": _licence_url(licence) if licence else "",
              "source.print.pages": None if _has_page_markers(text, loaded) else ""}
    header = header_template(name, text_path.name, result.profile, values)
    result.to_fill = empty_keys(tomllib.loads(header))
    files = {text_path: text, paths["header"]: header.encode("utf-8")}
    for kind, template in _DATA_TEMPLATES.items():
        files[paths[kind]] = template.format(source=text_path.name).encode("utf-8")
    for target in (root / "schema" / n for n in SCHEMA_FILES):
        if target.exists():
            result.kept.append(target)
        else:
            files[target] = (_DATA / "schema" / target.name).read_bytes()
    with outputs.claim({path.parent for path in files}, quiet=True):
        for path, data in files.items():
            result.written.append(outputs.atomic_write(path, data))
    return result


def _shown(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def run_init(name: str, root: Path, quiet: bool = False, **options) -> int:
    """`teikit init`: write the edition's files and say what to do next."""
    result = init_edition(name, root, **options)
    if quiet:
        return 0
    out = sys.stdout
    written = [_shown(p, root) for p in result.written]
    source = written[0]
    origin = f"from {result.from_file}, {result.from_file.stat().st_size:,} bytes" if result.from_file else "empty"
    print(f"created {source} ({origin})", file=out)
    fill = f"{len(result.to_fill)} field(s) to fill: {', '.join(result.to_fill)}" if result.to_fill else "complete"
    print(f"created {written[1]} (profile {result.profile}; {fill})", file=out)
    print(f"created {', '.join(written[2:6])} (commented examples)", file=out)
    schemas = written[6:]
    if schemas:
        print(f"created {', '.join(schemas)} (teikit's encoding: the ODD and the schemas made from it)", file=out)
    step = f"write the transcription into {source}, then fill" if not result.from_file else "fill"
    print(f"next: {step} the fields of {written[1]}; then run: teikit convert {source}", file=out)
    return 0


__all__ = ["Initialized", "header_rules", "header_template", "init_edition", "licences", "run_init"]
