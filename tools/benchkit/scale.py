"""`make bench` on the scale corpus (benchkit.corpus): MB/s and files/s of each command, with its ratios to jing and
xmllint over the same files in the same run, per project and over the whole corpus."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from benchkit import corpus
from benchkit.timing import ROOT, interleaved_medians, load, measure

RUNS = 3  # interleaved runs per figure: jing takes 10-20 s over the whole corpus


def _shared() -> Path:
    return Path(os.environ.get("TEIKIT_SHARED", ROOT.parent / "shared"))


def bench_scale(notes: list[str]) -> list[tuple[str, float]]:
    """TEI All (warm and cold cache) against jing and xmllint, the project's schemas against xmllint, and both
    exports, over each project's part of the scale corpus and over all of it."""
    rng = _shared() / "tei" / "tei_all.rng"
    if not (_shared() / "corpora").is_dir() or not rng.is_file():
        notes.append("scale: skipped, ../shared/corpora or tei_all.rng is absent (set TEIKIT_SHARED)")
        return []
    folder = corpus.build(_shared() / "corpora", ROOT / "build" / "bench", corpus.tei_all_verdicts(rng),
                          log=lambda line: print(line, file=sys.stderr))
    parts = [(d.name, sorted(d.glob("*.xml"))) for d in sorted(p for p in folder.iterdir() if p.is_dir())]
    parts.append(("all", [f for _, files in parts for f in files]))
    jing, xmllint = shutil.which("jing"), shutil.which("xmllint")
    teikit = [sys.executable, "-m", "teikit"]
    rows = []
    for name, files in parts:
        with tempfile.TemporaryDirectory() as cache:  # each part's own: its first run is a cold one
            env = {**os.environ, "TEIKIT_CACHE_DIR": cache}
            paths = [str(folder / name)] if name != "all" else [str(folder)]
            size = sum(f.stat().st_size for f in files) / 1e6
            label = f"scale {name} ({len(files)} files, {size:.0f} MB)"
            tei_all = [*teikit, "validate", "-q", "--tei-all", str(rng), *paths]
            cold = measure(tei_all, env).wall  # the names of its files and its grammars not yet cached
            cmds = [tei_all] + ([[jing, str(rng), *map(str, files)]] if jing else [])
            ours, *reference = interleaved_medians(cmds, runs=RUNS, env=env)
            rows += [(f"{label}: --tei-all, cold cache", cold), (f"{label}: --tei-all, warm cache", ours)]
            note = f"{label}: --tei-all {size / ours:.1f} MB/s, {len(files) / ours:.0f} files/s"
            if reference:
                rows.append((f"{label}: jing tei_all.rng (reference)", reference[0]))
                note += f"; / jing {ours / reference[0]:.2f}x (cold {cold / reference[0]:.2f}x)"
            if xmllint and name == "all":  # 8-12 s compiling tei_all.rng, then the files: once, on all of them
                lint = measure([xmllint, "--noout", "--relaxng", str(rng), *map(str, files)], verdicts=(0, 3)).wall
                rows.append((f"{label}: xmllint --relaxng tei_all.rng (reference, 1 run)", lint))
                note += f"; / xmllint {ours / lint:.2f}x"
            notes.append(note + f" ({load()})")
            project = [*teikit, "validate", "-q", *paths]
            cmds = [project] + ([[xmllint, "--noout", "--relaxng", str(ROOT / "schema" / "teikit.rng"),
                                  *map(str, files)]] if xmllint else [])
            ours, *reference = interleaved_medians(cmds, runs=RUNS, env=env, verdicts=(0, 1, 3))
            rows.append((f"{label}: project schemas (RNG + XSD + Schematron)", ours))
            note = f"{label}: project schemas {size / ours:.1f} MB/s, {len(files) / ours:.0f} files/s"
            if reference:
                rows.append((f"{label}: xmllint --relaxng teikit.rng (reference)", reference[0]))
                note += f"; / xmllint {ours / reference[0]:.2f}x"
            notes.append(note)
            if name == "all":
                with tempfile.TemporaryDirectory() as out:
                    for target in ("html", "text"):
                        run = measure([*teikit, "export", "-q", *paths, "--to", target, "-o", f"{out}/{target}"])
                        rows.append((f"{label}: export --to {target}", run.wall))
                        notes.append(f"{label}: export --to {target} {size / run.wall:.1f} MB/s, "
                                     f"{len(files) / run.wall:.0f} files/s")
    return rows
