"""What the validate tests share: the small schemas and documents, and readers of the text report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from conftest import FIXTURES, ROOT, SHARED
from teikit.errors import TeikitError
from teikit.validate.document import Document
from teikit.validate.schemas import default_schemas
from teikit.xmlio import parse_file

HERE = FIXTURES / "validate"
SCHEMAS = HERE / "schema"
MINI = [str(SCHEMAS / "mini.rng"), str(SCHEMAS / "mini.xsd"), str(SCHEMAS / "mini.sch")]
RNG = ["--schema", MINI[0]]
ALL_MINI = [arg for schema in MINI for arg in ("--schema", schema)]


# What the three small schemas find in invalid.xml: (line, column, rule), and the rules' words.
INVALID_FINDINGS = {
    (14, 15, "rng"),  # <foo> is no TEI element of the subset
    (14, 15, "xsd"),
    (15, 9, "text-clean"),  # "--" in the paragraph (Schematron, id from the pattern)
    (15, 19, "pb-n-number"),  # pb/@n="xii" (Schematron, id from the assert)
    (16, 17, "rng"),  # hi/@rend="bold" is not in the closed list
    (16, 17, "xsd"),
}

# The run's wall time in a summary line, e.g. " in 0.21 s": it varies, so tests compare summaries without it.
TIME = re.compile(r" in \d+\.\d\d s")


def untimed(text: str) -> str:
    """`text` with the wall time taken out of its summary lines (checking that they carry one)."""
    assert TIME.search(text), f"no time in {text!r}"
    return TIME.sub("", text)


def parse_text_report(stdout: str) -> tuple[list[tuple[str, int, int, str, str]], str]:
    """(file, line, column, severity, rule) of each finding line, and the summary line without its time."""
    *lines, summary = stdout.strip().splitlines()
    summary = untimed(summary)
    found = []
    for line in lines:
        where, severity, rest = (
            line.split(": ", 2)[0],
            line.split(": ", 2)[1].split(" ")[0],
            line.split(": ", 2)[1],
        )
        file, number, column = where.rsplit(":", 2)
        rule = rest.split("[", 1)[1].split("]", 1)[0]
        found.append((file, int(number), int(column), severity, rule))
    return found, summary


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text)
    return str(path)


EDITION = ROOT / "tei" / "foundations-of-leninism-ch4.xml"
INVALID = sorted((FIXTURES / "invalid").glob("*.xml"))
# An invalid fixture marks each line where an error must be reported: `<!-- expect: RULE -->` at the end of the line;
# "grammar" marks the line where RELAX NG and XML Schema fail (fixtures named grammar-*).
EXPECT = re.compile(r"<!-- expect: ([\w-]+) -->")


def project_schemas_or_skip() -> None:
    try:
        default_schemas()
    except TeikitError as err:
        pytest.skip(f"the project's schemas are not in the package data yet: {err}")


def document(path: Path) -> Document:
    """The file at `path`, parsed, as checkers take it (named by its path)."""
    return Document(str(path), parse_file(path))


# --- TEI All ------------------------------------------------------------------------------------------------------

TEIALL_FIXTURES = FIXTURES / "teiall"
RNG_TAG = "{http://relaxng.org/ns/structure/1.0}"

# Each invalid fixture and the line where TEI All rejects it (checked by hand against jing's report).
INVALID_LINES = {
    "invalid-attribute.xml": 12,
    "invalid-attribute-value.xml": 12,
    "invalid-datetime-hour-24.xml": 12,
    "invalid-double-empty-exponent.xml": 12,
    "invalid-duplicate-id.xml": 13,  # libxml2 checks xsd:ID uniqueness as jing does, with a vaguer message
    "invalid-egxml-tei-namespace.xml": 14,
    "invalid-element-context.xml": 13,
    "invalid-missing-required-attribute.xml": 13,  # (@url, which no element of the file has: stub mode keeps it)
    "invalid-missing-required-child.xml": 4,
    "invalid-root.xml": 2,
    "invalid-unknown-element.xml": 12,
    # libxml2 reports a wildcard's failure on the foreign element that holds the TEI one (jing: on the TEI one, 11)
    "invalid-xenodata-tei-namespace.xml": 10,
}


def fixture_files() -> list[Path]:
    return sorted(FIXTURES.rglob("*.xml"))


def corpus_files() -> list[Path]:
    return sorted((SHARED / "corpora").glob("*/*.xml"))


def parse_or_none(path: Path) -> etree._ElementTree | None:
    """The document, or None when teikit refuses it before validation (malformed, unsafe)."""
    try:
        return parse_file(path)
    except TeikitError:
        return None


# --- TEI's Schematron constraints (XPath 2) -------------------------------------------------------------------------

SCH_FIXTURES = FIXTURES / "schematron2"
PREFIX = "tei_all-"
