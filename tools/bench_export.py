"""`make bench`, section export-linear: the export's time grows linearly with the document (issue 15). Three
shapes, each at three sizes: a division of paragraphs (to 100,000), a document of small elements (to 1,000,000:
words, line breaks of a named edition, highlights and names side by side, what made patterns of the stylesheets
quadratic), and an ELTeC novel repeated (to 50 MB). For each: the median CPU time of RUNS exports (parse, transform,
serialise; stylesheets compiled once; CPU time, which the load of a shared machine inflates less than wall time), in
ms per element and per MB, and the growth of the per-element cost from the smallest size to the largest (1.00 =
linear).

`python tools/bench.py export-linear` runs it alone; `python tools/bench_export.py [--scale F]` with every size
scaled by F (0.1 for a quick look)."""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 3
HEADER = ('<teiHeader><fileDesc><titleStmt><title>Bench</title></titleStmt><publicationStmt><p/></publicationStmt>'
          "<sourceDesc><p/></sourceDesc></fileDesc></teiHeader>")
NOVEL = ROOT.parent / "shared" / "corpora" / "eltec-eng" / "ENG18481_Dickens.xml"


def _tei(body: str) -> str:
    return f'<TEI xmlns="http://www.tei-c.org/ns/1.0">{HEADER}<text><body>{body}</body></text></TEI>'


def paragraphs(count: int) -> tuple[str, int]:
    """One division of `count` short paragraphs."""
    body = "".join(f"<p>Paragraph {i}, a few words of text.</p>" for i in range(count))
    return _tei(f"<div><head>Bench</head>{body}</div>"), count


def small_elements(count: int) -> tuple[str, int]:
    """`count` small elements, 100 side by side in each paragraph: line breaks (of a named edition, some inside a
    word), highlights and names between words."""
    unit = 'a <hi rend="italic">b</hi> c<lb ed="#print"/> d<lb break="no"/>e <persName>F</persName> '
    paragraph = f"<p>{unit * 25}</p>"  # 25 x 4 elements
    return _tei("<div>" + paragraph * (count // 100) + "</div>"), count // 100 * 101


def novel(megabytes: float) -> tuple[str, int]:
    """The ELTeC novel's chapters repeated to about `megabytes` MB."""
    from lxml import etree

    from teikit.xmlio import TEI_NS, parse_file

    tree = parse_file(NOVEL)
    body = tree.find(f".//{{{TEI_NS}}}body")
    chapters = [etree.tostring(child) for child in body]
    copies = int(megabytes * 1e6 // sum(map(len, chapters))) + 1
    for _ in range(copies - 1):
        for chapter in chapters:
            body.append(etree.fromstring(chapter))
    return etree.tostring(tree, encoding="unicode"), sum(1 for _ in tree.iter())


def measure(source: Path, target: str) -> float:
    from teikit import export

    times = []
    for _ in range(RUNS):
        start = time.process_time()
        export.export_file(source, export.ExportOptions(target=target))
        times.append(time.process_time() - start)
    return statistics.median(times)


def run(scale: float = 1.0) -> None:
    """Print the table: each shape at its three sizes (times `scale`), both targets."""
    sys.path.insert(0, str(ROOT / "tools"))
    from teikit import export

    for target in ("html", "text"):
        export.stylesheet(target)
    shapes = [("paragraphs", paragraphs, [25_000, 50_000, 100_000]),
              ("small elements", small_elements, [250_000, 500_000, 1_000_000])]
    if NOVEL.is_file():
        shapes.append(("ELTeC novel, MB", novel, [12.5, 25, 50]))
    else:
        print(f"export bench: {NOVEL} is absent, the 50 MB document is skipped")
    print(f"export: median CPU time of {RUNS} runs (parse, transform, serialise) per document, scale {scale:g}")
    print(f"{'document':<38} {'elements':>10} {'MB':>7} {'target':>6} {'s':>8} {'ms/element':>11} {'ms/MB':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, make, sizes in shapes:
            per_element: dict[str, list[float]] = {"html": [], "text": []}
            for size in sizes:
                size = size * scale if isinstance(size, float) else int(size * scale)
                document, elements = make(size)
                source = Path(tmp) / "bench.xml"
                source.write_text(document, encoding="utf-8")
                megabytes = source.stat().st_size / 1e6
                for target in ("html", "text"):
                    seconds = measure(source, target)
                    per_element[target].append(seconds * 1000 / elements)
                    label = f"{name} {size:g}" if isinstance(size, float) else f"{name} {size:,}"
                    print(f"{label:<38} {elements:>10} {megabytes:>7.1f} {target:>6} {seconds:>8.2f} "
                          f"{seconds * 1000 / elements:>11.4f} {seconds * 1000 / megabytes:>8.0f}")
            for target, costs in per_element.items():
                print(f"  {name}, {target}: ms per element at the largest size / at the smallest: "
                      f"{costs[-1] / costs[0]:.2f} (1.00 = linear)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="scale every size by F (default 1)")
    run(parser.parse_args().scale)
    return 0


if __name__ == "__main__":
    sys.exit(main())
