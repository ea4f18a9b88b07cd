"""Big single documents for `make bench`: the chapter's transcription repeated to a given size, and its TEI.

A copy of the chapter continues the one before it: its page numbers go on (page 52 after page 51) and so do its
section numbers (4) after 3)), and the editorial data that point into the text follow each copy (its corrections at
their lines, its quotations with ids of their own, its settled readings), so that the converted edition is the
chapter's edition as a long book would be, valid against the project's schemas, with as much editorial work per
page. Names, works and the rest of the header are the chapter's. The inputs are made once into
build/bench/big-v{VERSION}/ (outside git) and kept.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

VERSION = 2
ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "tei" / "src" / "foundations-of-leninism-ch4"
TEI_PER_TRANSCRIPTION = 1.43  # bytes of TEI per byte of a repeated chapter's transcription (measured at 4 MB)
_PAGE = re.compile(r"page (\d+)")
_SECTION = re.compile(r"(\d+)\) ")


def transcription(folder: Path, megabytes: float) -> Path:
    """`folder`/big-N.txt (N: its size in MB) with the chapter's editorial data beside it, made once."""
    target = folder / f"big-{megabytes:g}.txt"
    if target.is_file():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    lines = SOURCE.with_suffix(".txt").read_text(encoding="utf-8").split("\n")
    pages = [int(m[1]) for m in map(_PAGE.fullmatch, lines) if m]
    sections = [int(m[1]) for m in map(_SECTION.match, lines) if m]
    per_page, per_section = max(pages) - min(pages) + 1, max(sections)
    body = lines[3:]  # after the byline, the title line and a blank line
    out, size, copy = list(lines), sum(len(line) + 1 for line in lines), 0
    while size < megabytes * 1e6:
        copy += 1
        for line in body:
            page, section = _PAGE.fullmatch(line), _SECTION.match(line)
            if page:
                line = f"page {int(page[1]) + per_page * copy}"
            elif section:
                line = f"{int(section[1]) + per_section * copy}) {line[section.end():]}"
            out.append(line)
            size += len(line.encode()) + 1
    partial = target.with_suffix(".partial")
    partial.write_text("\n".join(out), encoding="utf-8")
    _editorial_data(folder / target.stem, copy, len(body))
    partial.rename(target)
    return target


def _editorial_data(stem: Path, copies: int, lines: int) -> None:
    """The chapter's editorial data beside `stem`.txt, with what points into the text repeated for each copy
    (`lines` transcription lines further on each time)."""
    for name in ("names", "works"):
        shutil.copy(f"{SOURCE}.{name}.toml", f"{stem}.{name}.toml")
    corrections = tomllib.loads(Path(f"{SOURCE}.corrections.toml").read_text(encoding="utf-8"))
    tables = [{**c, "line": c["line"] + lines * k} if "line" in c else c
              for k in range(copies + 1) for c in corrections.get("correction", [])]
    Path(f"{stem}.corrections.toml").write_text(
        f"lexicon = {_toml(corrections.get('lexicon', []))}\n" + _tables("correction", tables), encoding="utf-8")
    quotations = tomllib.loads(Path(f"{SOURCE}.quotations.toml").read_text(encoding="utf-8"))
    tables = [{**q, "id": q["id"] if k == 0 else f"{q['id']}c{k}"}
              for k in range(copies + 1) for q in quotations.get("quotation", [])]
    head = "".join(f"{key} = {_toml(value)}\n" for key, value in quotations.items() if key != "quotation")
    Path(f"{stem}.quotations.toml").write_text(head + _tables("quotation", tables), encoding="utf-8")
    header = Path(f"{SOURCE}.header.toml").read_text(encoding="utf-8")
    readings = tomllib.loads(header).get("readings", {})
    for key, value in readings.items():
        if isinstance(value, list) and all(isinstance(v, int) for v in value):
            repeated = [v + lines * k for k in range(copies + 1) for v in value]
            header = re.sub(rf"(?m)^{key} = \[[^\]]*\]", f"{key} = {_toml(repeated)}", header)
    Path(f"{stem}.header.toml").write_text(header, encoding="utf-8")


def _tables(name: str, tables: list[dict]) -> str:
    return "".join(f"\n[[{name}]]\n" + "".join(f"{k} = {_toml(v)}\n" for k, v in t.items()) for t in tables)


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def edition(folder: Path, megabytes: float) -> Path:
    """A TEI edition of about `megabytes` MB: the conversion of a transcription of the right size, made once."""
    target = folder / f"big-{megabytes:g}-tei.xml"
    if not target.is_file():
        source = transcription(folder, round(megabytes / TEI_PER_TRANSCRIPTION, 1))
        partial = target.with_suffix(".partial.xml")
        subprocess.run([sys.executable, "-m", "teikit", "convert", "-q", str(source), "-o", str(partial), "--force"],
                       cwd=ROOT, check=True)
        partial.rename(target)
    return target


def build_dir() -> Path:
    return ROOT / "build" / "bench" / f"big-v{VERSION}"


SIZES = (50, 100, 200)  # MB: the big documents' sizes, three to see time and memory grow with size


def bench_big(notes: list[str], sizes: tuple[float, ...] = SIZES) -> list[tuple[str, float]]:
    """Convert a transcription of each size, then validate (the project's schemas; TEI All) and export (HTML,
    text) an edition of each size: wall and CPU time, MB/s, and peak memory as a multiple of the document's size
    (the goal: at most 8x, and time linear in size). One run each: they take minutes."""
    from benchkit.timing import load, measure

    folder = build_dir()
    shared = Path(os.environ.get("TEIKIT_SHARED", ROOT.parent / "shared"))
    rng = shared / "tei" / "tei_all.rng"
    teikit = [sys.executable, "-m", "teikit"]
    rows: list[tuple[str, float]] = []
    for size in sizes:
        source = transcription(folder, size)
        runs = {"convert": ([*teikit, "convert", "-q", str(source), "-o", str(folder / "out.xml"), "--force"],
                            source)}
        tei = edition(folder, size)
        runs["validate"] = ([*teikit, "validate", "-q", "-j", "1", str(tei)], tei)
        if rng.is_file():
            runs["validate --tei-all"] = ([*teikit, "validate", "-q", "-j", "1", "--tei-all", str(rng), str(tei)], tei)
        for target, suffix in (("html", "html"), ("text", "txt")):
            runs[f"export --to {target}"] = ([*teikit, "export", str(tei), "--to", target, "-o",
                                              str(folder / f"out.{suffix}"), "--force"], tei)
        for name, (cmd, document) in runs.items():
            megabytes = document.stat().st_size / 1e6
            run = measure(cmd, verdicts=(0, 1))
            rows.append((f"big {name}, {megabytes:.0f} MB {'transcription' if document == source else 'TEI'}",
                         run.wall))
            notes.append(f"big {name}, {megabytes:.0f} MB: {run.wall:.1f} s wall, {run.cpu:.1f} s CPU "
                         f"({megabytes / run.cpu:.2f} MB per CPU second), peak {run.peak / 1e6:.0f} MB = "
                         f"{run.peak / 1e6 / megabytes:.1f}x ({load()})")
    for leftover in ("out.xml", "out.html", "out.txt"):
        (folder / leftover).unlink(missing_ok=True)
    return rows
