"""The README's "Your own edition" walk-through, run as written: each session starts in an empty folder with the
example transcription, runs every `$ ` command of its console blocks (with `teikit` on the PATH), fills and appends
the editorial data its TOML blocks show, and finds exactly the output the README prints (timings aside).

When the output changes for a good reason, `TEIKIT_UPDATE_README=1 pytest tests/test_readme_own_edition.py` writes the
new output into the README; review the diff before committing it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import ROOT

README = ROOT / "README.md"
EXAMPLES = ROOT / "docs" / "examples"
SEEDS = {"plain": EXAMPLES / "parish.txt", "markdown": EXAMPLES / "parish.md"}
# <!-- own-edition: plain --> then a console block; <!-- own-edition: plain fill FILE --> then a TOML block
_BLOCK = re.compile(r"<!-- own-edition: (\w+)(?: (fill|append) (\S+))? -->\n```(\w+)\n(.*?)```\n", re.S)
_TIMING = re.compile(r"\bin \d+\.\d+ s\b")  # "1 file checked in 0.04 s"
_TABLE = re.compile(r"^\[\[?([^\]]+)\]\]?$")  # "[publication]", "[[responsibility]]"


@dataclass
class Step:
    session: str
    action: str  # "run", "fill" or "append"
    target: str
    body: str
    start: int  # offsets of the block's body in the README
    end: int


@dataclass
class Session:
    folder: Path
    env: dict
    replacements: list[tuple[int, int, str]] = field(default_factory=list)


def steps(text: str) -> list[Step]:
    section = text.index("## Your own edition")
    return [Step(m.group(1), m.group(2) or "run", m.group(3) or "", m.group(5), m.start(5), m.end(5))
            for m in _BLOCK.finditer(text, section)]


def fill(path: Path, body: str) -> None:
    """Each `key = value` of `body`, under its [table], replaces the `key = ""` that follows that table in `path`."""
    lines = path.read_text(encoding="utf-8").split("\n")
    table = ""
    for entry in body.strip().split("\n"):
        if m := _TABLE.match(entry.strip()):
            table = m.group(0)
            continue
        key = entry.split("=", 1)[0].strip()
        start = lines.index(table) if table else 0
        at = next(i for i in range(start, len(lines)) if lines[i] == f'{key} = ""')
        lines[at] = entry
    path.write_text("\n".join(lines), encoding="utf-8")


def run(commands: str, session: Session) -> tuple[str, str]:
    """Run each `$ ` command; the README's output and the real one, side by side."""
    expected, actual = [], []
    for chunk in re.split(r"^\$ ", commands, flags=re.M)[1:]:
        command, _, shown = chunk.partition("\n")
        done = subprocess.run(["bash", "-c", command], cwd=session.folder, env=session.env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        expected.append(f"$ {command}\n{shown}")
        actual.append(f"$ {command}\n{done.stdout}")
    return "".join(expected), "".join(actual)


def test_the_readme_walks_a_new_user_from_init_to_a_deposit_in_both_profiles(tmp_path: Path) -> None:
    text = README.read_text(encoding="utf-8")
    found = steps(text)
    assert {s.session for s in found} == set(SEEDS) and {s.action for s in found} == {"run", "fill", "append"}
    commands = " ".join(s.body for s in found if s.action == "run")
    for step in ("teikit init", "teikit convert", "teikit validate", "teikit export", "teikit deposit tei",
                 "teikit deposit --verify"):
        assert step in commands, step
    shim = tmp_path / "bin"
    shim.mkdir()
    (shim / "teikit").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m teikit "$@"\n')
    (shim / "teikit").chmod(0o755)
    env = {**os.environ, "PATH": f"{shim}{os.pathsep}{os.environ['PATH']}", "PYTHONUNBUFFERED": "1",
           "COLUMNS": "120"}
    sessions = {}
    for name, seed in SEEDS.items():
        folder = tmp_path / name
        folder.mkdir()
        shutil.copy(seed, folder / seed.name)
        sessions[name] = Session(folder, env)
    update = os.environ.get("TEIKIT_UPDATE_README") == "1"
    mismatches = []
    for step in found:
        session = sessions[step.session]
        if step.action == "fill":
            fill(session.folder / step.target, step.body)
        elif step.action == "append":
            with (session.folder / step.target).open("a", encoding="utf-8") as handle:
                handle.write("\n" + step.body)
        else:
            expected, actual = run(step.body, session)
            if _TIMING.sub("in 0.00 s", expected) != _TIMING.sub("in 0.00 s", actual):
                mismatches.append((step, expected, actual))
    if update and mismatches:
        for step, _, actual in sorted(mismatches, key=lambda m: -m[0].start):
            text = text[: step.start] + actual + text[step.end:]
        README.write_text(text, encoding="utf-8")
        pytest.skip(f"README updated: {len(mismatches)} block(s) rewritten; review the diff")
    for step, expected, actual in mismatches:
        assert actual == expected, f"README block ({step.session}) differs from a real run; see the module docstring"
