"""`make bench`: wall-clock medians of teikit's commands, with ratios against reference tools where they exist.

`python tools/bench.py [SECTION...]` runs the sections named (all by default; `make bench BENCH="scale big"`): see
SECTIONS. The scale corpus and the big documents are made once, into build/bench/ (tools/benchkit/).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_odd import bench_odd
from benchkit.big import bench_big
from benchkit.scale import bench_scale
from benchkit.timing import ROOT, RUNS, interleaved_medians, median_wall, median_wall_any_exit


def bench_deposit(notes: list[str]) -> list[tuple[str, float]]:
    """`teikit deposit` of the edition (validate, bag, zip, records) against bagit.py bagging the same payload: the
    edition's own, and the edition with about 100 MB of the corpora's TEI included (where copying, hashing and
    zipping the payload outweigh starting up)."""
    edition = ROOT / "tei" / "foundations-of-leninism-ch4.xml"
    exports = [ROOT / "build" / f"{edition.stem}{suffix}" for suffix in (".html", ".txt")]
    if not edition.is_file() or not all(p.is_file() for p in exports):
        notes.append("deposit: skipped, run `make` first (needs the edition and its exports)")
        return []
    teikit = [sys.executable, "-m", "teikit"]
    with tempfile.TemporaryDirectory() as tmp:
        extra = _included_payload(Path(tmp) / "extra")
        if not extra:
            notes.append(f"deposit of a large payload: skipped, {_shared() / 'corpora'} is absent (set TEIKIT_SHARED)")
        deposit, script = _deposit_and_reference(edition, [], Path(tmp))
        # What a user without teikit runs for the same guarantee: the same validation, then bagit.py.
        validate = " ".join(f'"{part}"' for part in [*teikit, "validate", "-q", str(edition)])
        ours, reference, like = interleaved_medians(
            [deposit, ["sh", "-c", script], ["sh", "-c", f"{validate} && {script}"]], verdicts=(0,))
        notes.append(f"deposit of the edition (validate, bag with profile and RO-Crate, zip, records) / bagit.py "
                     f"(bag only): {ours / reference:.2f}x; / teikit validate + bagit.py: {ours / like:.2f}x")
        rows = [("deposit edition: validate, bag (profile, RO-Crate), zip, records", ours),
                ("bagit.py, same payload (reference)", reference),
                ("teikit validate + bagit.py, same payload", like)]
        if extra:
            size = sum(p.stat().st_size for p in extra) / 1e6
            what = f"edition + {len(extra)} corpus files ({size:.0f} MB)"
            deposit, script = _deposit_and_reference(edition, extra, Path(tmp))
            ours, reference = interleaved_medians([deposit, ["sh", "-c", script]], runs=5, verdicts=(0,))
            notes.append(f"deposit of the {what} / bagit.py on the same payload: {ours / reference:.2f}x")
            rows += [(f"deposit {what}", ours), (f"bagit.py, same payload ({size:.0f} MB, reference)", reference)]
    return rows


def _deposit_and_reference(edition: Path, included: list[Path], tmp: Path) -> tuple[list[str], str]:
    """The deposit of `edition` with `included` (run once here, to make the payload), and the reference: a shell
    script that copies that payload as teikit does, then makes the bag alone with bagit.py (same two checksums)."""
    deposit = [sys.executable, "-m", "teikit", "deposit", "-q", str(edition), "-o", str(tmp / "out"), "--force",
               *(arg for path in included for arg in ("--include", str(path)))]
    subprocess.run(deposit, cwd=ROOT, check=True, capture_output=True)
    payload, copy = tmp / "out" / edition.stem / "data", tmp / "ref"
    bag = f'"{sys.executable}" -m bagit --quiet --sha256 --sha512 "{copy}"'
    return deposit, f'rm -rf "{copy}" && cp -r "{payload}" "{copy}" && {bag}'


def _included_payload(folder: Path, copies: int = 4) -> list[Path]:
    """About 100 MB of real TEI to include in a deposit: each file of the corpora in ../shared, `copies` times under
    different names (in `folder`); [] without the corpora."""
    files = sorted((_shared() / "corpora").glob("*/*.xml"))
    if not files:
        return []
    folder.mkdir()
    made = []
    for copy in range(copies):
        for source in files:
            made.append(folder / f"{copy}-{source.parent.name}-{source.name}")
            shutil.copyfile(source, made[-1])
    return made


def bench_validate(notes: list[str]) -> list[tuple[str, float]]:
    """`teikit validate` on the edition: the default checks (RNG + XSD + Schematron), then each alone, and
    `xmllint --noout --relaxng` with the same RELAX NG as the reference, all as whole processes."""
    edition = ROOT / "tei" / "foundations-of-leninism-ch4.xml"
    schemas = ROOT / "schema"
    missing = [p for p in (edition, *(schemas / f"teikit.{s}" for s in ("rng", "xsd", "sch"))) if not p.is_file()]
    if missing:
        notes.append(f"validate: skipped, missing {', '.join(str(p.relative_to(ROOT)) for p in missing)}")
        return []
    teikit = [sys.executable, "-m", "teikit", "validate", "-q", str(edition)]
    subprocess.run(teikit, cwd=ROOT, capture_output=True)  # warm-up: fills the compiled-XSD cache once
    rows = [("validate edition: RNG + XSD + Schematron", median_wall_any_exit(teikit))]
    for suffix in ("rng", "xsd", "sch"):
        rows.append(
            (
                f"validate edition: --schema teikit.{suffix}",
                median_wall_any_exit([*teikit, "--schema", str(schemas / f"teikit.{suffix}")]),
            )
        )
    xmllint = shutil.which("xmllint")
    if xmllint:
        reference = median_wall_any_exit([xmllint, "--noout", "--relaxng", str(schemas / "teikit.rng"), str(edition)])
        rows.append(("xmllint --noout --relaxng teikit.rng (reference)", reference))
        notes.append(f"validate --schema teikit.rng / xmllint --relaxng: {rows[1][1] / reference:.2f}x")
        notes.append(f"validate (RNG + XSD + Schematron) / xmllint --relaxng: {rows[0][1] / reference:.2f}x")
    else:
        notes.append("validate: xmllint not found (apt install libxml2-utils), no reference ratio")
    return rows


EXPORT_SAMPLE = ROOT / "tests" / "fixtures" / "export" / "sample-edition.xml"
TEI_STYLESHEETS_MS_PER_NOTE = 16.0  # the TEI Consortium's Stylesheets on this chapter, as measured in issue 5


def _document_with_notes(count: int) -> bytes:
    """A TEI document with `count` paragraphs, each with a page break, a linked name, a correction and a footnote."""
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


def bench_export(notes: list[str]) -> list[tuple[str, float]]:
    """`teikit export` of the edition to HTML and to text as whole processes; then, in one process (stylesheets
    compiled once), the cost per note of documents with 100 to 6400 notes: flat means linear."""
    sys.path.insert(0, str(ROOT / "tools"))
    from teikit import export
    from teikit.xmlio import parse_bytes

    edition = ROOT / "tei" / "foundations-of-leninism-ch4.xml"
    source = edition if edition.is_file() else EXPORT_SAMPLE
    teikit = [sys.executable, "-m", "teikit", "export", str(source.relative_to(ROOT))]
    rows = [
        (f"export {source.name} --to {target}", median_wall([*teikit, "--to", target])) for target in ("html", "text")
    ]
    for target in export.TARGETS:
        export.stylesheet(target)
    for count in (100, 400, 1600, 6400):
        tree = parse_bytes(_document_with_notes(count), f"bench-{count}")
        for target in export.TARGETS:
            times = []
            for _ in range(5):
                start = time.perf_counter()
                export.export_tree(tree, export.ExportOptions(target=target))
                times.append(time.perf_counter() - start)
            ms = statistics.median(times) / count * 1000
            notes.append(
                f"export {target}, {count} notes: {ms:.3f} ms per note "
                f"(TEI Stylesheets about {TEI_STYLESHEETS_MS_PER_NOTE:.0f} ms: "
                f"{TEI_STYLESHEETS_MS_PER_NOTE / ms:.0f}x faster)"
            )
    return rows


def bench_schema(notes: list[str]) -> list[tuple[str, float]]:
    """`teikit schema`: the ODD to RELAX NG, XSD, Schematron and the manual, as a whole process, into a temporary
    folder. The reference tool (the TEI Stylesheets' odd2relax etc.) needs Java, which teikit avoids: no ratio."""
    odd = ROOT / "schema" / "teikit.odd"
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "teikit", "schema", "-q", str(odd), "-o", tmp, "--manual", f"{tmp}/m.html"]
        rows = [("schema: ODD -> RNG + XSD + Schematron + manual", median_wall(cmd))]
    notes.append("schema: no reference tool without Java (TEI Stylesheets), no ratio")
    return rows


def bench_convert(notes: list[str]) -> list[tuple[str, float]]:
    """The whole `teikit convert` process on the chapter (transcription + editorial data -> TEI); budget 0.3 s."""
    source = ROOT / "tei" / "src" / "foundations-of-leninism-ch4.txt"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "edition.xml"
        seconds = median_wall([sys.executable, "-m", "teikit", "convert", "-q", str(source), "-o", str(out)])
    notes.append(f"convert: {seconds / 0.3:.2f} of the 0.3 s budget")
    return [("convert chapter (txt + data -> TEI)", seconds)]


# TEI All's grammar alone, as jing checks it (no Schematron), in one process: RNG then files as arguments.
_GRAMMAR_ONLY = (
    "import sys; from teikit.validate.checkers.tei_all import TeiAllChecker; "
    "from teikit.validate.document import Document; from teikit.xmlio import parse_file; "
    "docs = [Document(p, parse_file(p)) for p in sys.argv[2:]]; "
    "sys.exit(1 if TeiAllChecker(sys.argv[1], constraints=False).check_batch(docs) else 0)"
)


def bench_tei_all(notes: list[str]) -> list[tuple[str, float]]:
    """`teikit validate --tei-all` (pruned grammar + TEI's Schematron) on the chapter and on each corpus folder of
    ../shared/corpora, against one jing run and one `xmllint --noout --relaxng` run over the same files (both
    compile the whole of tei_all.rng each time; xmllint is timed once, it takes 10-15 s)."""
    shared = Path(os.environ.get("TEIKIT_SHARED", ROOT.parent / "shared"))
    rng = Path(os.environ.get("TEIKIT_TEI_ALL", shared / "tei" / "tei_all.rng"))
    if not rng.is_file():
        notes.append(f"tei-all: skipped, {rng} is absent (set TEIKIT_TEI_ALL or TEIKIT_SHARED)")
        return []
    targets = [("chapter", [ROOT / "tei" / "foundations-of-leninism-ch4.xml"])]
    targets += [(f"corpus {d.name}", sorted(d.glob("*.xml"))) for d in sorted((shared / "corpora").glob("*/"))]
    targets = [(name, files) for name, files in targets if files and all(f.is_file() for f in files)]
    jing, xmllint = shutil.which("jing"), shutil.which("xmllint")
    rows = []
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "TEIKIT_CACHE_DIR": cache}
        for name, files in targets:
            teikit = [sys.executable, "-m", "teikit", "validate", "-q", "--tei-all", str(rng), *map(str, files)]
            cold = median_wall_any_exit(teikit, runs=1, env=env)  # an empty cache: prunes and caches the schema
            grammar_only = [sys.executable, "-c", _GRAMMAR_ONLY, str(rng), *map(str, files)]
            # teikit, its grammar alone, and jing, in turn: their ratios are taken on the same spells of the machine
            cmds = [teikit, grammar_only] + ([[jing, str(rng), *map(str, files)]] if jing else [])
            ours, grammar, *reference = interleaved_medians(cmds, env=env)
            rows += [(f"tei-all {name} ({len(files)} files): teikit, cold cache", cold),
                     (f"tei-all {name}: teikit, warm cache", ours),
                     (f"tei-all {name}: teikit grammar only (no Schematron, 1 process)", grammar)]
            if jing:
                reference = reference[0]
                rows.append((f"tei-all {name}: jing (reference)", reference))
                notes.append(
                    f"tei-all {name}: teikit / jing {ours / reference:.2f}x (cold {cold / reference:.2f}x; "
                    f"grammar only, as jing checks, {grammar / reference:.2f}x)"
                )
            if xmllint:
                lint_cmd = [xmllint, "--noout", "--relaxng", str(rng), *map(str, files)]
                lint = median_wall_any_exit(lint_cmd, runs=1, verdicts=(0, 3))  # xmllint: 3 = invalid
                rows.append((f"tei-all {name}: xmllint --relaxng (reference, 1 run)", lint))
                notes.append(f"tei-all {name}: teikit / xmllint --relaxng {ours / lint:.3f}x")
    if not jing:
        notes.append("tei-all: jing not found (apt install jing), no jing ratio")
    return rows


def _shared() -> Path:
    return Path(os.environ.get("TEIKIT_SHARED", ROOT.parent / "shared"))


def bench_corpora(notes: list[str]) -> list[tuple[str, float]]:
    """The project's schemas and both exporters over each corpus folder of ../shared/corpora, as whole processes
    with the default number of jobs, against `xmllint --noout --relaxng teikit.rng` over the same files."""
    corpora = _shared() / "corpora"
    folders = sorted(d for d in corpora.glob("*/") if any(d.glob("*.xml")))
    if not folders:
        notes.append(f"corpora: skipped, {corpora} is absent (set TEIKIT_SHARED)")
        return []
    rng = ROOT / "schema" / "teikit.rng"
    xmllint = shutil.which("xmllint")
    teikit = [sys.executable, "-m", "teikit"]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for folder in folders:
            files = sorted(map(str, folder.glob("*.xml")))
            ours = median_wall_any_exit([*teikit, "validate", "-q", str(folder)], runs=3)
            rows.append((f"validate corpus {folder.name} ({len(files)} files): RNG + XSD + Schematron", ours))
            if xmllint:
                lint_cmd = [xmllint, "--noout", "--relaxng", str(rng), *files]
                lint = median_wall_any_exit(lint_cmd, runs=3, verdicts=(0, 3))
                rows.append((f"validate corpus {folder.name}: xmllint --relaxng teikit.rng (reference)", lint))
                notes.append(f"validate corpus {folder.name} (3 schemas) / xmllint (RELAX NG only): {ours / lint:.2f}x")
            for target in ("html", "text"):
                cmd = [*teikit, "export", "-q", str(folder), "--to", target, "-o", f"{tmp}/{target}", "--force"]
                rows.append((f"export corpus {folder.name} --to {target}", median_wall(cmd, runs=3)))
    return rows


def bench_export_linear(notes: list[str]) -> list[tuple[str, float]]:
    """Issue 15: export time linear in the document's size (tools/bench_export.py prints its own table)."""
    import bench_export  # beside this file, which Python puts first on sys.path

    bench_export.run()
    return []


SECTIONS = {
    "start": lambda notes: [("teikit --version (process start)", median_wall([sys.executable, "-m", "teikit",
                                                                              "--version"]))],
    "convert": lambda notes: bench_convert(notes),
    "validate": lambda notes: bench_validate(notes),
    "export": lambda notes: bench_export(notes),
    "schema": lambda notes: bench_schema(notes),
    "odd": lambda notes: bench_odd(notes),
    "deposit": lambda notes: bench_deposit(notes),
    "tei-all": lambda notes: bench_tei_all(notes),
    "corpora": lambda notes: bench_corpora(notes),
    "scale": bench_scale,  # the scale corpus: 404 files, 272 MB (about 15 minutes on this machine)
    "big": bench_big,  # single documents of 50, 100 and 200 MB (about 30 minutes)
    "export-linear": bench_export_linear,  # export time at 3 sizes of 3 shapes (ms per element, per MB)
}


def main(argv: list[str]) -> int:
    unknown = [name for name in argv if name not in SECTIONS]
    if unknown:
        raise SystemExit(f"bench: unknown section {', '.join(unknown)}: choose among {', '.join(SECTIONS)}")
    # Time what an installed teikit does: pip compiles the bytecode at install time, while a source tree run with
    # PYTHONDONTWRITEBYTECODE=1 would compile every module again in every process (20-40 ms each here).
    import compileall

    compileall.compile_dir(ROOT / "tools" / "teikit", quiet=1)
    notes: list[str] = []
    rows = []
    for name in argv or SECTIONS:
        rows += SECTIONS[name](notes)
    width = max((len(name) for name, _ in rows), default=4)
    print(f"{'task':<{width}}  median (s)   runs={RUNS}")
    for name, seconds in rows:
        print(f"{name:<{width}}  {seconds:9.3f}")
    for note in notes:
        print(note)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
