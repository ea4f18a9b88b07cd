"""Every bad input on every command: one row per kind of input, a row set per command (the table in README's
"Safety" section). Each cell asserts the exit code, the one line the user reads (naming the path they gave, never a
temporary file, and what to do), and the state of the output folder: the complete output when the command succeeds,
else exactly what was there before, with no temporary file or staging folder left.

The full and read-only disks are a small tmpfs when this process may mount one (root, as in CI); elsewhere the write
fails by an injected OSError (ENOSPC, EROFS) at teikit's one low-level write and copy, and the test says so in its
report (`user_properties`)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import make_project, shared_path

from .helpers import (
    CUSTOMIZATION,
    FULL,
    MINIMAL,
    ODD,
    READ_ONLY,
    SAMPLE,
    SECRET,
    TRANSCRIPTION,
    XML_ROWS,
    Run,
    attack,
    can_mount,
    debris,
    fill,
    mount_tmpfs,
    refusing_staging,
    refusing_write,
    snapshot,
    teikit,
    text_attack,
    unmount,
)

ROWS = (*XML_ROWS[:5], "folder", "missing", *XML_ROWS[5:], "unwritable", "full-disk", "output-is-input")
UNREAD = ("empty", "binary", "latin-1", "xxe", "billion-laughs", "external-dtd", "deep")  # XML that cannot be read
STEM = "sample-edition"


@dataclass(frozen=True)
class Command:
    """How to run one command on the input `i` with the output folder `o`, and what it reads and writes."""

    argv: Callable[[Path, Path], list]
    reads: str  # "xml" (MINIMAL), "project" (SAMPLE in a project), "odd", "custom" (a customization), "text", "bag"
    output: str | None = None  # a file it writes into the output folder (when it writes one)
    same: Callable[[Path, Path], list] | None = None  # the arguments that make the output its input
    named: str | None = None  # the output its messages name ({o}), relative to the output folder; None: `output`
    listing: bool = False  # its error line comes after the findings or warnings it lists
    anyway: tuple[str, ...] = ()  # the rows whose input it reports in its output, which it writes all the same


COMMANDS = {
    "validate": Command(lambda i, o: ["validate", i], "xml"),
    "validate -o": Command(lambda i, o: ["validate", i, "-o", o / "report.txt"], "xml", "report.txt",
                           lambda i, o: ["validate", i, "-o", i], anyway=(*UNREAD, "missing", "xinclude")),
    "export html": Command(lambda i, o: ["export", i, "--to", "html", "-o", o / "x.html"], "xml", "x.html",
                           lambda i, o: ["export", i, "--to", "html", "-o", i]),
    "export text": Command(lambda i, o: ["export", i, "--to", "text", "--diplomatic", "-o", o / "x.txt"], "xml",
                           "x.txt", lambda i, o: ["export", i, "--to", "text", "-o", i]),
    "export epub": Command(lambda i, o: ["export", i, "--to", "epub", "-o", o / "x.epub"], "xml", "x.epub",
                           lambda i, o: ["export", i, "--to", "epub", "-o", i]),
    "deposit": Command(lambda i, o: ["deposit", i, "-o", o], "project", f"{STEM}.zip",
                       lambda i, o: ["deposit", i, "-o", i.parent / "src"], "", True),
    "schema": Command(lambda i, o: ["schema", i, "-o", o, "--manual", o / "manual.html"], "odd", "teikit.rng",
                      lambda i, o: ["schema", i, "-o", o, "--manual", i]),
    "schema customization": Command(lambda i, o: ["schema", i, "-o", o, "-q"], "custom", "edition.rng",
                                    lambda i, o: ["schema", i, "-o", i]),
    "validate --odd": Command(lambda i, o: ["validate", MINIMAL, "--odd", i, "-o", o / "report.txt"], "custom",
                              "report.txt", lambda i, o: ["validate", MINIMAL, "--odd", i, "-o", i]),
    "convert": Command(lambda i, o: ["convert", "-q", i, "-o", o / "x.xml"], "text", "x.xml",
                       lambda i, o: ["convert", i, "-o", i]),
    "init": Command(lambda i, o: ["init", "ed", "--from", i, "--dir", o, "-q"], "text", "tei/src/ed.txt",
                    lambda i, o: ["init", i.stem, "--from", i, "--dir", i.parent.parent.parent], ""),
    "verify": Command(lambda i, o: ["deposit", "--verify", i], "bag", named=""),
    "export dts": Command(lambda i, o: ["export", i, "--to", "dts", "-o", o / "site", "-q"], "project",
                          "site/api/dts/index.json", lambda i, o: ["export", i, "--to", "dts", "-o", i.parent],
                          "site", True, UNREAD),
    "report": Command(lambda i, o: ["report", i, "-o", o / "merged.txt"], "json", "merged.txt",
                      lambda i, o: ["report", i, "-o", i]),
    "deposit ocfl": Command(lambda i, o: ["deposit", i, "-o", o / "deposit", "--ocfl", o / "ocfl"], "project",
                            "ocfl/0=ocfl_1.1", lambda i, o: ["deposit", i, "-o", o, "--ocfl", i.parent / "src"], "",
                            True),
}

# What each row does on an XML-reading command: (exit code, what the line the user reads says). {i} is the input
# path as given, {o} the output; "" is a success. A command's own table below overrides these.
EMPTY, NOT_XML = "{i}:1:1: the file is empty", "{i}:1:1: not an XML file (it does not start with '<')"
LATIN_1 = "not well-formed XML: Invalid bytes in character encoding: save the file as UTF-8, or name its encoding"
ENTITIES = "{i}:3:1: the document declares entities in its DOCTYPE; entity declarations are refused for safety"
DTD = "{i}:1:1: the document refers to an external DTD (http://localhost:9/tei.dtd); teikit does not load DTDs"
DEEP = "elements are nested more than 2048 deep, more than teikit's XML parser reads: flatten the nesting"
MISSING = "{i}: no such file: check the path"
READ_ONLY_SAID = "{o}: cannot write: the file system is read-only: choose another output"
FULL_SAID = "{o}: cannot write: the disk is full: free some space and run again"
SAME = "{i}: is an input of this command: choose another output"
XML = {
    "empty": (2, EMPTY), "binary": (2, NOT_XML), "latin-1": (2, LATIN_1), "bom": (0, ""), "crlf": (0, ""),
    "folder": (2, "no *.xml file in {i}"), "missing": (2, MISSING), "xxe": (2, ENTITIES),
    "billion-laughs": (2, ENTITIES), "external-dtd": (2, DTD), "xinclude": (0, ""), "xml-stylesheet": (0, ""),
    "deep": (2, DEEP), "unwritable": (2, READ_ONLY_SAID), "full-disk": (2, FULL_SAID), "output-is-input": (2, SAME),
}
# validate reports a file it cannot read as a finding (on stdout, or in the -o report), with its rule.
FINDINGS = {
    "empty": (2, "{i}:1:1: error [input] the file is empty"),
    "binary": (2, "{i}:1:1: error [input] not an XML file"),
    "latin-1": (1, "error [well-formed] " + LATIN_1),
    "folder": (2, "no .xml files found in {i}: give TEI files, or folders that hold some"),
    "missing": (2, "{i}: error [input] no such file: check the path"),
    "xxe": (2, "{i}:3:1: error [security] the document declares entities in its DOCTYPE"),
    "billion-laughs": (2, "{i}:3:1: error [security] the document declares entities in its DOCTYPE"),
    "external-dtd": (2, "{i}:1:1: error [security] the document refers to an external DTD"),
    "xinclude": (1, "error [xsd] Element '{{http://www.w3.org/2001/XInclude}}include': This element is not expected"),
    "deep": (2, "error [input] " + DEEP),
}
TEXT = {  # a transcription: the XML attacks are only text there, written escaped
    **{row: (0, "") for row in XML_ROWS}, "empty": (2, "{i}:1: the transcription is empty: nothing to convert"),
    "binary": (2, "{i}:1: this is a binary file, not a plain-text transcription"),
    "latin-1": (2, "{i}:1:54: not UTF-8 (byte 0xe9): save the transcription as UTF-8"),
    "folder": (2, "{i}: is a folder, not a file"), "missing": (2, MISSING), "unwritable": (2, READ_ONLY_SAID),
    "full-disk": (2, FULL_SAID), "output-is-input": (2, SAME),
}
NOT_A_BAG = "{i}: neither a bag folder nor a zip or tar of one: give the folder (or the zip) that teikit deposit wrote"
UNREADABLE = "{i}: cannot be read: not deposited; fix the document and run again"
OWN_SCHEMAS = " (another project's TEI: give its own schemas with --schema, --tei-all or --odd)"
EXPECTED: dict[str, dict[str, tuple[int, str] | None]] = {
    "validate": {**XML, **FINDINGS, "unwritable": None, "full-disk": None, "output-is-input": None},
    "validate -o": {**XML, **FINDINGS},
    "export html": XML,
    "export text": XML,
    "export epub": XML,
    "deposit": {
        **XML, **{row: (2, UNREADABLE) for row in ("empty", "binary", "missing", "xxe", "billion-laughs",
                                                      "external-dtd", "deep")},
        "latin-1": (1, "{i}: invalid (1 error): not deposited; fix the document and run again" + OWN_SCHEMAS),
        "xinclude": (1, "{i}: invalid (2 errors): not deposited; fix the document and run again" + OWN_SCHEMAS),
        "folder": (2, "{i}: is a folder: give the TEI documents to deposit, not their folder"),
        "unwritable": (2, "{o}/sample-edition: cannot write: the file system is read-only: choose another output"),
        "full-disk": (2, "{o}: cannot write the deposit: the disk is full: free some space and run again"),
        "output-is-input": (2, "{i.parent}/src: is {i.parent}/src, the transcription and editorial data of the "
                               "source: write the output elsewhere"),
    },
    "schema": {**XML, "folder": (2, "{i}: is a folder, not a file")},
    "schema customization": {**XML, "folder": (2, "{i}: is a folder, not a file")},
    "validate --odd": {**XML, "folder": (2, "{i}: is a folder, not a file")},
    "export dts": {  # the site is written with the documents that can be read; exit 2 says some could not
        **XML, **{row: (2, "1 file could not be read (said above): the site holds the others") for row in (
            "empty", "binary", "latin-1", "xxe", "billion-laughs", "external-dtd", "deep")},
        "folder": (2, "no *.xml file in {i}: nothing to serve"), "missing": (2, "{i}: no such file or folder"),
        "output-is-input": (2, "{i.parent}: would replace the folder that holds the input {i}: write the output "
                               "elsewhere"),
    },
    "convert": TEXT,
    "init": {**TEXT, "unwritable": (2, "{o}/schema: cannot make the folder: the file system is read-only"),
             "full-disk": (2, "{o}/tei/src/ed.txt: cannot write: the disk is full: free some space and run again")},
    "verify": {
        **{row: (2, NOT_A_BAG) for row in ROWS}, "bom": None, "crlf": None,  # (a bag, not a text: no such rows)
        "folder": (2, "{i}: not a bag: it has no bagit.txt and no manifest"),
        "missing": (2, "{i}: no such file or folder: check the path"),
        "unwritable": (2, "{o}: cannot unpack the zip into the temporary folder: the file system is read-only: set "
                          "TMPDIR to a folder with room that teikit may write, and run again"),
        "full-disk": (2, "{i}: cannot unpack the zip into {o}: the disk is full: set TMPDIR to a folder with room "
                         "that teikit may write, and run again"),
        "output-is-input": None,  # (it writes nothing)
    },
}

GIVE = "give the reports of teikit validate --format json"
EXPECTED["report"] = {  # a JSON report of teikit validate: the XML attacks are no JSON, and read as none
    **{row: (2, "{i}:1:1: not JSON (Expecting value): " + GIVE) for row in XML_ROWS},
    "empty": (2, "{i}:1:1: the file is empty: " + GIVE), "binary": (2, "{i}:2:118: not UTF-8 (byte 0x80): " + GIVE),
    "latin-1": (2, "{i}:2:14: not UTF-8 (byte 0xe9): " + GIVE), "bom": (0, ""), "crlf": (0, ""),
    "deep": (2, "{i}: nested too deeply to be a report: " + GIVE), "folder": (2, "{i}: is a folder: " + GIVE),
    "missing": (2, "{i}: no such report"), "unwritable": (2, READ_ONLY_SAID), "full-disk": (2, FULL_SAID),
    "output-is-input": (2, SAME),
}

EXPECTED["deposit ocfl"] = {
    **EXPECTED["deposit"], "unwritable": (2, "{o}/deposit: cannot make the folder: the file system is read-only"),
    "full-disk": (2, "{o}/deposit: cannot write the deposit: the disk is full: free some space and run again"),
}


@pytest.fixture(scope="module")
def deposited_zip(tmp_path_factory) -> Path:
    """A deposit's zip, which --verify unpacks (into the temporary folder)."""
    root = tmp_path_factory.mktemp("bag")
    project = make_project(root / "project", SAMPLE, STEM)
    assert teikit("deposit", project / "tei" / f"{STEM}.xml", "-o", root / "out").code == 0
    return root / "out" / f"{STEM}.zip"


@pytest.fixture(scope="module")
def json_report(tmp_path_factory) -> Path:
    """A JSON report of validate, which `teikit report` reads."""
    report = tmp_path_factory.mktemp("report") / "report.json"
    assert teikit("validate", MINIMAL, "--format", "json", "-o", report).code == 0
    return report


def json_attack(row: str, secret: Path, base: bytes) -> bytes:
    """The input of a bad-input row for `teikit report`: the rows about bytes and text made of the JSON report
    `base`; the XML attacks as they are (no JSON)."""
    match row:
        case "latin-1":  # a Latin-1 byte in a string
            return base.replace(b'"format": "', b'"format": "\xe9', 1)
        case "deep":
            return b"[" * 100_000 + b"]" * 100_000
        case "empty" | "binary" | "bom" | "crlf":
            return attack(row, secret, base)
    return attack(row, secret, MINIMAL.read_bytes())


def _input(command: Command, row: str, work: Path, secret: Path, deposited_zip: Path, json_report: Path) -> Path:
    """Make the input of `row` for `command` under `work`; return its path as the user gives it."""
    if command.reads == "project":
        path = make_project(work / "project", SAMPLE, STEM) / "tei" / f"{STEM}.xml"
        base = SAMPLE.read_bytes()
    elif command.reads == "text":
        path, base = work / "tei" / "src" / "in.txt", TRANSCRIPTION.read_bytes()
    elif command.reads == "json":  # a report of validate; JSON for the rows that are about text, else the XML attack
        path, base = work / "in.json", json_report.read_bytes()
    elif command.reads == "bag":  # a zip to unpack, or XML where a bag should be
        good = row in ("unwritable", "full-disk")
        path, base = work / "in.zip", (deposited_zip if good else MINIMAL).read_bytes()
    else:
        path = work / ("in.xml" if command.reads == "xml" else "in.odd")
        base = {"odd": ODD, "custom": CUSTOMIZATION}.get(command.reads, MINIMAL).read_bytes()
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    if row == "folder":
        path.mkdir()
    elif row != "missing":
        good = row in ("unwritable", "full-disk", "output-is-input")
        make = {"text": text_attack, "json": json_attack}.get(command.reads, attack)
        path.write_bytes(base if good else make(row, secret, base))
    return path


@pytest.fixture
def disk(request, tmp_path, monkeypatch):
    """Make a folder that refuses writes as a full or read-only disk does: `disk(kind)` returns it."""
    mounted: list[Path] = []

    def make(kind: int) -> Path:
        folder = tmp_path / "disk"
        if can_mount() and mount_tmpfs(folder, "size=256k" if kind == FULL else "size=64k,ro"):
            mounted.append(folder)
            if kind == FULL:
                fill(folder)
            request.node.user_properties.append(("disk", "tmpfs"))
            return folder
        folder.mkdir(exist_ok=True)
        monkeypatch.setattr("teikit.outputs._write_all", refusing_write(kind))
        monkeypatch.setattr("teikit.outputs.staging_folder", refusing_staging(kind))
        request.node.user_properties.append(("disk", f"injected errno {kind}"))
        return folder

    yield make
    for folder in mounted:
        unmount(folder)


def _said(name: str, command: Command, run: Run, out: Path) -> str:
    """The line the user reads about the input: validate's first finding, the -o report's, else the error line."""
    if name == "validate" and run.out:
        return run.out.splitlines()[0]
    report = out / "report.txt"
    if name == "validate -o" and report.exists():
        return report.read_text().splitlines()[0]
    lines = run.said
    assert lines, run
    if command.listing:
        return lines[-1]  # after the findings or warnings, the one line that says what was not done
    assert len(lines) == 1, run.err
    return lines[0]


@pytest.mark.parametrize("row", ROWS)
@pytest.mark.parametrize("name", list(COMMANDS))
def test_bad_input(name, row, tmp_path, disk, deposited_zip, json_report, monkeypatch, request):
    command, expected = COMMANDS[name], EXPECTED[name][row]
    if expected is None:
        pytest.skip(f"{name} has no {row} case (it writes no file, or reads no text)")
    code, words = expected
    if command.reads == "custom":
        monkeypatch.setenv("TEIKIT_P5_SOURCE", str(shared_path("tei", "p5", "p5subset.xml")))
        monkeypatch.setenv("TEIKIT_CACHE_DIR", str(tmp_path / "cache"))
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    out = tmp_path / "out"
    out.mkdir()
    given = _input(command, row, tmp_path / "work", secret, deposited_zip, json_report)
    if row in ("unwritable", "full-disk"):
        out = disk(READ_ONLY if row == "unwritable" else FULL)
        if name == "verify":
            monkeypatch.setattr(tempfile, "tempdir", str(out))
    before = snapshot(out)
    source_before = snapshot(given.parent)
    argv = command.same(given, out) if row == "output-is-input" else command.argv(given, out)
    run = teikit(*argv)

    assert run.code == code, run
    target = out / command.output if command.output else None
    named = out / command.named if command.named is not None else target
    if words:
        said = _said(name, command, run, out)
        if ("disk", "tmpfs") not in request.node.user_properties and row in ("unwritable", "full-disk"):
            # An injected failure comes at the first write, which need not be where the file system refuses
            # (making a folder, unpacking a zip): the line names the user's output and says what to do all the same.
            advice = {"unwritable": "the file system is read-only", "full-disk": "the disk is full"}[row]
            assert said.startswith(f"teikit: error: {out}") and f": {advice}: " in said, said
        else:
            assert words.format(i=given, o=named) in said
        assert ".teikit-" not in said and ".tmp" not in said  # the user's paths, never teikit's temporary ones
    assert SECRET not in run.out + run.err
    assert not debris(out) and not debris(given.parent)
    if row == "output-is-input":
        assert snapshot(given.parent) == source_before  # the input, untouched
    if code == 0 and target is not None:
        assert target.is_file() and target.stat().st_size > 0
        assert SECRET.encode() not in b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file())
    elif row in command.anyway:  # the report, the site: written whatever the file
        assert target.is_file() and target.stat().st_size > 0 and not debris(out)
    elif row != "output-is-input" or name != "init":
        assert snapshot(out) == before  # nothing written, nothing left half-made
