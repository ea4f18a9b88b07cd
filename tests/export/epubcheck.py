"""epubcheck (Debian's package, the W3C's checker) run on many books at once, once per test session: each book is
exported to EPUB, then all are checked in one JVM (epubcheck_batch.py), where epubcheck's start-up (about 2.8 s of
CPU, most of a small book's check) is paid once; where epubcheck is not a jar (or JPype is absent), one process per
book, two at a time."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from conftest import SHARED

from .epubcheck_batch import JAVA_FLAGS
from .helpers import EDITION, epub_of_file

BATCH = Path(__file__).with_name("epubcheck_batch.py")
BROKEN_BOOK = "sample-without-nav.epub"  # the session's book that epubcheck must reject (tests/export/conftest.py)


@dataclass(frozen=True)
class Verdict:
    messages: list[str]  # "SEVERITY(ID) file: message" for every fatal, error and warning

    @property
    def clean(self) -> bool:
        return not self.messages


def epubcheck_jar() -> str | None:
    """Debian installs epubcheck as a jar (/usr/bin/epubcheck -> epubcheck.jar); None when it is not one."""
    found = shutil.which("epubcheck")
    real = os.path.realpath(found) if found else ""
    return real if real.endswith(".jar") and shutil.which("java") else None


def epubcheck_command() -> list[str] | None:
    """How to run epubcheck as a process here (`java -jar` for Debian's jar); None when it is not installed."""
    jar = epubcheck_jar()
    if jar:
        return [shutil.which("java"), *JAVA_FLAGS, "-jar", jar]
    found = shutil.which("epubcheck")
    return [found] if found and not found.endswith(".jar") else None


def epubcheck_books_to_check() -> list[Path]:
    """The edition and every file of the shared corpora."""
    return [EDITION, *sorted((SHARED / "corpora").glob("*/*.xml"))]


def _verdict(report: Path, stderr: str = "") -> Verdict:
    if not report.exists():
        return Verdict([f"epubcheck did not run: {stderr.strip()[:500]}"])
    return Verdict([
        f"{m['severity']}({m['ID']}) {loc.get('path', '')}:{loc.get('line', '')}: {m['message']}"
        for m in json.loads(report.read_text(encoding="utf-8"))["messages"]
        if m["severity"] in ("FATAL", "ERROR", "WARNING")
        for loc in (m.get("locations") or [{}])[:1]
    ])


def check_epubs(books: list[Path], command: list[str]) -> dict[Path, Verdict]:
    """epubcheck's verdict on each EPUB file, in one JVM when it can."""
    reports = [book.with_suffix(".json") for book in books]
    jar = epubcheck_jar()
    if jar and importlib.util.find_spec("jpype"):
        pairs = [str(p) for pair in zip(books, reports, strict=True) for p in pair]
        done = subprocess.run([sys.executable, str(BATCH), jar, *pairs], capture_output=True, text=True)
        return {book: _verdict(report, done.stderr) for book, report in zip(books, reports, strict=True)}

    def one(book: Path, report: Path) -> tuple[Path, Verdict]:
        done = subprocess.run([*command, str(book), "--json", str(report)], capture_output=True, text=True)
        return book, _verdict(report, done.stderr)

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(one, books, reports))


def check_books(sources: list[Path], folder: Path, command: list[str]) -> dict[Path, Verdict]:
    """Export each TEI source to FOLDER/<corpus>-<stem>.epub (an .epub source is checked as it is) and check them
    all; the verdicts by source."""
    books = {}
    for source in sources:
        book = source
        if source.suffix != ".epub":
            book = folder / f"{source.parent.name}-{source.stem}.epub"
            book.write_bytes(epub_of_file(source))
        books[book] = source
    return {books[book]: verdict for book, verdict in check_epubs(list(books), command).items()}
