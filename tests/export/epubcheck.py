"""epubcheck (Debian's package, the W3C's checker) run on many books at once: each book is exported to EPUB, then
checked by its own JVM, two at a time (one per core) in a thread pool, once per test session."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from conftest import SHARED
from teikit.export import ExportOptions, export_file

from .helpers import EDITION

# The JVM's quicker start for a short run: no optimising compiler, the serial collector (about half the time).
JAVA_FLAGS = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]


@dataclass(frozen=True)
class Verdict:
    messages: list[str]  # "SEVERITY(ID) file: message" for every fatal, error and warning

    @property
    def clean(self) -> bool:
        return not self.messages


def epubcheck_command() -> list[str] | None:
    """How to run epubcheck here: Debian installs it as a jar (/usr/bin/epubcheck -> epubcheck.jar), which needs
    `java -jar`; elsewhere it may be a script. None when it is not installed."""
    found = shutil.which("epubcheck")
    if found is None:
        return None
    real = os.path.realpath(found)
    if real.endswith(".jar"):
        java = shutil.which("java")
        return [java, *JAVA_FLAGS, "-jar", real] if java else None
    return [found]


def epubcheck_books_to_check() -> list[Path]:
    """The edition and the first file of each shared corpus; every corpus file with TEIKIT_EPUBCHECK_ALL=1."""
    folders = sorted(p for p in (SHARED / "corpora").glob("*/") if any(p.glob("*.xml")))
    every = os.environ.get("TEIKIT_EPUBCHECK_ALL") == "1"
    corpus = [f for folder in folders for f in (sorted(folder.glob("*.xml")) if every else
                                                 sorted(folder.glob("*.xml"))[:1])]
    return [EDITION, *corpus]


def check_books(sources: list[Path], folder: Path, command: list[str], workers: int = 2) -> dict[Path, Verdict]:
    """Export each source to FOLDER/<stem>.epub and check it; the verdicts by source."""

    def one(source: Path) -> tuple[Path, Verdict]:
        book = folder / f"{source.parent.name}-{source.stem}.epub"
        book.write_bytes(export_file(source, ExportOptions(target="epub")))
        report = book.with_suffix(".json")
        done = subprocess.run([*command, str(book), "--json", str(report)], capture_output=True, text=True)
        if not report.exists():
            return source, Verdict([f"epubcheck did not run: {done.stderr.strip()[:500]}"])
        messages = [
            f"{m['severity']}({m['ID']}) {loc.get('path', '')}:{loc.get('line', '')}: {m['message']}"
            for m in json.loads(report.read_text(encoding="utf-8"))["messages"]
            if m["severity"] in ("FATAL", "ERROR", "WARNING")
            for loc in (m.get("locations") or [{}])[:1]
        ]
        return source, Verdict(messages)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return dict(pool.map(one, sources))
