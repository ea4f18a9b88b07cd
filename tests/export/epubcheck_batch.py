"""Run epubcheck on many books in one JVM: `python epubcheck_batch.py EPUBCHECK.JAR [BOOK.epub REPORT.json]...`.

Each epubcheck process spends about 2.8 s of CPU starting and loading its schemas before it reads a book, and most
books take a tenth of that; one JVM (started through JPype) checks them all with epubcheck's own command-line entry
point (EpubChecker.run, the same options and JSON report as `epubcheck BOOK --json REPORT`). Exit 0 when every book
was checked, whatever their verdicts (the reports hold them)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

# What Debian's launcher gives epubcheck (its manifest's Debian-Java-Parameters), and a quicker start for short runs.
JAVA_FLAGS = ["-Xss1024k", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]


def jvm_path() -> str:
    """The JVM of the `java` on PATH (the one epubcheck's package depends on), else JPype's default."""
    import jpype

    java = shutil.which("java")
    if java:
        home = Path(os.path.realpath(java)).parents[1]
        for candidate in (home / "lib" / "server" / "libjvm.so", home / "lib" / "client" / "libjvm.so"):
            if candidate.exists():
                return str(candidate)
    return jpype.getDefaultJVMPath()


def main(jar: str, pairs: list[str]) -> int:
    import jpype  # here, so that epubcheck.py can read JAVA_FLAGS where JPype is not installed

    jpype.startJVM(jvm_path(), *JAVA_FLAGS, classpath=[jar])
    checker = jpype.JClass("com.adobe.epubcheck.tool.EpubChecker")
    strings = jpype.JArray(jpype.JString)
    for book, report in zip(pairs[::2], pairs[1::2], strict=True):
        checker().run(strings([book, "--json", report, "-q"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
