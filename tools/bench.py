"""`make bench`: wall-clock medians of teikit's commands, with ratios against reference tools where they exist."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 7


def median_wall(cmd: list[str], runs: int = RUNS) -> float:
    """Median wall time in seconds of running `cmd` as a whole process."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


EDITION = ROOT / "tei" / "foundations-of-leninism-ch4.xml"
EXPORT_SAMPLE = ROOT / "tests" / "fixtures" / "export" / "sample-edition.xml"
TEI_STYLESHEETS_MS_PER_NOTE = 16.0  # the TEI Consortium's Stylesheets on this chapter, as measured in issue 5


def _document_with_notes(count: int) -> bytes:
    """A TEI document with `count` paragraphs, each with a page break and a numbered footnote."""
    paragraphs = "".join(
        f'<p>Paragraph {i} with <persName ref="#p">a name</persName><pb n="{i}"/> and its note'
        f'<note place="foot" n="{i}" xml:id="n{i}">Note {i}, <choice><sic>teh</sic><corr>the</corr></choice>.</note>'
        " and more words after it.</p>"
        for i in range(1, count + 1)
    )
    return (
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>Bench</title></titleStmt>'
        "<publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader>"
        '<standOff><listPerson><person xml:id="p"><persName>P</persName></person></listPerson></standOff>'
        f"<text><body><div><head>Bench</head>{paragraphs}</div></body></text></TEI>"
    ).encode()


def bench_export() -> list[tuple[str, float]]:
    """Whole-process wall time of exporting the chapter, and the in-process cost per note as notes grow."""
    sys.path.insert(0, str(ROOT / "tools"))
    from teikit import export
    from teikit.xmlio import parse_bytes

    source = EDITION if EDITION.exists() else EXPORT_SAMPLE
    teikit = [sys.executable, "-m", "teikit", "export", str(source.relative_to(ROOT))]
    rows = [
        (f"export {source.name} --to html (whole process)", median_wall([*teikit, "--to", "html"])),
        (f"export {source.name} --to text (whole process)", median_wall([*teikit, "--to", "text"])),
    ]
    for target in export.TARGETS:
        export.stylesheet(target)  # compiled once, as in a process exporting many files
    for count in (100, 400, 1600):
        tree = parse_bytes(_document_with_notes(count), f"bench-{count}")
        for target in export.TARGETS:
            times = []
            for _ in range(5):
                start = time.perf_counter()
                export.export_tree(tree, export.ExportOptions(target=target))
                times.append(time.perf_counter() - start)
            rows.append((f"export {target}, {count} notes: per note", statistics.median(times) / count))
    return rows


def main() -> int:
    teikit = [sys.executable, "-m", "teikit"]
    rows = [("teikit --version (process start)", median_wall([*teikit, "--version"]))]
    rows += bench_export()
    width = max(len(name) for name, _ in rows)
    print(f"{'task':<{width}}  median (s)   runs={RUNS}")
    for name, seconds in rows:
        if "per note" in name:
            ms = seconds * 1000
            print(f"{name:<{width}}  {seconds:9.6f}   ({ms:.3f} ms/note; TEI Stylesheets ~{TEI_STYLESHEETS_MS_PER_NOTE:.0f} ms/note,"
                  f" {TEI_STYLESHEETS_MS_PER_NOTE / ms:.0f}x)")
        else:
            print(f"{name:<{width}}  {seconds:9.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
