"""The scale corpus of `make bench`: several hundred TEI files, several hundred MB, varied from ../shared/corpora.

Each file is a variant of one real file: within each of its divisions (the children of `body`, or of the divisions
below it when body holds few), the units of the division's most common kind (div, sp, p, lg...) are dropped, repeated
or swapped with their neighbour, and units of the same kind are taken from other files of the same project; every
copied unit gets new xml:ids (and its own pointers to them follow); the letters of the body's text are shifted by a
few places. The header, front and back stay as they are. So the grammar and the constraints see what the project's
real files have, in new combinations and sizes (0.5x to 2.5x the source), and each variant is checked to be valid or
invalid against TEI All as its source is (a variant that is not is made again, more conservatively).

The corpus is built once, into build/bench/scale-v{VERSION}/ (outside git), and rebuilt only when VERSION or the
shared corpora change (`manifest.json` records both).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from lxml import etree

VERSION = 1
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

# Files per project and how big the project gets (MB), about 400 files and 270 MB in all: small files (frus-history)
# many, to show per-file costs; big ones (frus, sarit) fewer and larger.
PLAN = {
    "eltec-eng": (100, 100),
    "frus": (24, 60),
    "frus-history": (150, 10),
    "sarit": (70, 70),
    "shakedracor": (60, 30),
}
MIN_UNITS = 8  # a division with fewer units of its kind is varied inside its own divisions instead


def _units_parents(body: etree._Element) -> list[etree._Element]:
    """The elements whose children are varied: body, or (when it has fewer than MIN_UNITS element children) the
    divisions below it, recursively."""
    children = [c for c in body if isinstance(c.tag, str)]
    divs = [c for c in children if c.tag == f"{TEI}div"]
    if len(children) >= MIN_UNITS or not divs:
        return [body]
    return [p for div in divs for p in _units_parents(div)]


def _kind(parent: etree._Element) -> str | None:
    """The most common element name among a parent's children: the units that may move."""
    counts = Counter(c.tag for c in parent if isinstance(c.tag, str))
    return counts.most_common(1)[0][0] if counts else None


class _Renamer:
    """New xml:ids for a copied unit, and its own pointers (#id tokens) rewritten to follow them."""

    def __init__(self, taken: set[str]) -> None:
        self.taken = taken
        self.count = 0

    def __call__(self, unit: etree._Element) -> None:
        self.count += 1
        renamed = {}
        for el in unit.iter(etree.Element):
            old = el.get(XML_ID)
            if old is not None:
                new = f"{old}-c{self.count}"
                while new in self.taken:
                    new += "x"
                self.taken.add(new)
                renamed[old] = new
                el.set(XML_ID, new)
        if not renamed:
            return
        for el in unit.iter(etree.Element):
            for name, value in el.attrib.items():
                if "#" in value and name != XML_ID:
                    tokens = [f"#{renamed[t[1:]]}" if t.startswith("#") and t[1:] in renamed else t
                              for t in value.split()]
                    el.set(name, " ".join(tokens))


def _shift_letters(text: str, by: int) -> str:
    """ASCII letters moved `by` places in the alphabet (names stay names, digits and punctuation stay)."""
    return text.translate(_SHIFTS[by % 26])


_LOWER, _UPPER = "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_SHIFTS = [str.maketrans(_LOWER + _UPPER, _LOWER[k:] + _LOWER[:k] + _UPPER[k:] + _UPPER[:k]) for k in range(26)]


def vary(source: bytes, donors: list[etree._Element], seed: int, factor: float, bold: bool = True) -> bytes:
    """A variant of the TEI document `source`: its units about `factor` times as many, `donors` (units of other
    files of the project) mixed in, ids renamed in copies, body text shifted. `bold=False`: only repeats and the
    text shift (no drops, swaps or foreign units), the variant kept when a bolder one changes the verdict."""
    rng = random.Random(seed)
    root = etree.fromstring(source, etree.XMLParser(huge_tree=True))
    body = root.find(f".//{TEI}text/{TEI}body")
    if body is None:
        return source
    rename = _Renamer({v for v in root.xpath("//@xml:id")})
    for parent in _units_parents(body):
        kind = _kind(parent)
        units = [c for c in parent if c.tag == kind]
        foreign = [d for d in donors if d.tag == kind] if bold else []
        keep = min(1.0, factor) if bold else 1.0
        extra = max(0.0, factor - keep)
        placed = []
        for unit in units:
            if rng.random() < keep or unit is units[0]:
                placed.append(unit)
            while rng.random() < extra / (1 + extra):  # on average `extra` more units after each kept one
                pool = foreign if foreign and rng.random() < 0.3 else units
                copy = etree.fromstring(etree.tostring(rng.choice(pool), with_tail=False))
                copy.tail = unit.tail
                rename(copy)
                placed.append(copy)
        if bold:
            for i in range(len(placed) - 1):
                if rng.random() < 0.1:
                    placed[i], placed[i + 1] = placed[i + 1], placed[i]
        # The units take the places of the originals; other children (head, stage directions...) stay where they are.
        slots = [i for i, c in enumerate(parent) if c.tag == kind]
        for unit in units:
            parent.remove(unit)
        at = slots[0] if slots else len(parent)
        for unit in placed:
            parent.insert(at, unit)
            at += 1
    by = rng.randrange(1, 26)
    for el in body.iter():
        if el is not body and el.text and isinstance(el.tag, str):
            el.text = _shift_letters(el.text, by)
        if el is not body and el.tail:
            el.tail = _shift_letters(el.tail, by)
    return etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8")


def _sources_key(corpora: Path) -> str:
    """What the corpus is made from: the shared files' names and sizes, and VERSION."""
    listing = sorted(f"{p.relative_to(corpora)}:{p.stat().st_size}" for p in corpora.glob("*/*.xml"))
    return hashlib.sha256("\n".join([f"v{VERSION}", *listing]).encode()).hexdigest()[:16]


def _donor_units(files: list[Path]) -> dict[Path, list[etree._Element]]:
    """For each file, the units (children of its varied divisions) that other files of the project may take."""
    units = {}
    for path in files:
        root = etree.parse(str(path), etree.XMLParser(huge_tree=True)).getroot()
        body = root.find(f".//{TEI}text/{TEI}body")
        units[path] = [] if body is None else [c for p in _units_parents(body) for c in p if isinstance(c.tag, str)]
    return units


def build(corpora: Path, out_root: Path, verdict: Callable[[list[Path]], list[bool]], log=print) -> Path:
    """The scale corpus under `out_root`/scale-v{VERSION} (built unless already there for the same sources).

    `verdict(paths)` says for each file whether it is valid against TEI All: a variant must agree with its source.
    """
    out = out_root / f"scale-v{VERSION}"
    key = _sources_key(corpora)
    manifest = out / "manifest.json"
    if manifest.is_file() and json.loads(manifest.read_text()).get("sources") == key:
        return out
    started = time.perf_counter()
    shutil.rmtree(out, ignore_errors=True)
    building = out.with_name(out.name + f".building-{os.getpid()}")
    shutil.rmtree(building, ignore_errors=True)
    records = []
    for project, (count, megabytes) in PLAN.items():
        files = sorted((corpora / project).glob("*.xml"))
        if not files:
            continue
        log(f"scale corpus: {project}: {count} variants of {len(files)} files")
        expected = dict(zip(files, verdict(files), strict=True))
        donors = _donor_units(files)
        total = sum(f.stat().st_size for f in files)
        mean_factor = megabytes * 1e6 / (total * count / len(files))
        target = building / project
        target.mkdir(parents=True)
        made = []
        for n in range(count):
            source = files[n % len(files)]
            rng = random.Random(f"{project}/{n}")
            factor = max(0.3, mean_factor * rng.uniform(0.5, 1.5))
            others = [u for f, us in donors.items() if f != source for u in us]
            path = target / f"{source.stem}.v{n:03d}.xml"
            path.write_bytes(vary(source.read_bytes(), others, rng.randrange(1 << 30), factor))
            made.append((path, source, rng.randrange(1 << 30), factor))
        redo = [(p, s, seed, f) for (p, s, seed, f), ok in zip(made, verdict([m[0] for m in made]), strict=True)
                if ok != expected[s]]
        for path, source, seed, factor in redo:  # the bold variant changed the verdict: a conservative one instead
            path.write_bytes(vary(source.read_bytes(), [], seed, max(1.0, factor), bold=False))
        again = verdict([r[0] for r in redo]) if redo else []
        for (path, source, _, _), ok in zip(redo, again, strict=True):
            if ok != expected[source]:
                log(f"scale corpus: {path.name}: verdict differs from {source.name}'s; dropped")
                path.unlink()
        for path, source, _, _ in made:
            if path.exists():
                records.append({"file": str(path.relative_to(building)), "source": str(source.relative_to(corpora)),
                                "valid": expected[source], "bytes": path.stat().st_size})
        log(f"scale corpus: {project}: {len(redo)} variants made again conservatively")
    (building / "manifest.json").write_text(
        json.dumps({"version": VERSION, "sources": key, "files": records}, indent=1) + "\n"
    )
    building.rename(out)
    size = sum(r["bytes"] for r in records)
    log(f"scale corpus: {len(records)} files, {size / 1e6:.0f} MB in {out} ({time.perf_counter() - started:.0f} s)")
    return out


def tei_all_verdicts(rng: Path) -> Callable[[list[Path]], list[bool]]:
    """A verdict function for `build`: teikit's TEI All (grammar and constraints), whose verdicts the test suite
    proves to be jing's."""
    def verdict(paths: list[Path]) -> list[bool]:
        import tempfile

        from teikit.validate import plan_checks, validate

        before = os.environ.get("TEIKIT_CACHE_DIR")
        with tempfile.TemporaryDirectory() as cache:  # (the user's cache is not filled with the variants' names)
            os.environ["TEIKIT_CACHE_DIR"] = cache
            try:
                results = validate(paths, plan_checks(tei_all=rng), jobs=os.cpu_count() or 1)
            finally:
                if before is None:
                    del os.environ["TEIKIT_CACHE_DIR"]
                else:
                    os.environ["TEIKIT_CACHE_DIR"] = before
        return [r.valid for r in results]

    return verdict


def main(argv: list[str]) -> int:
    root = Path(__file__).resolve().parents[2]
    sys.path.insert(0, str(root / "tools"))
    shared = Path(os.environ.get("TEIKIT_SHARED", root.parent / "shared"))
    out = build(shared / "corpora", root / "build" / "bench", tei_all_verdicts(shared / "tei" / "tei_all.rng"))
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

