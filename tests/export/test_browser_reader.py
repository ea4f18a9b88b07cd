"""The page as a reader meets it in a real browser (Debian's headless Chromium, driven by Playwright): axe-core
finds no WCAG 2.1 AA violation, the words the browser shows (innerText) are every word of the text in both views, page
labels never overlap; a screenshot of the edition's page for the README (docs/reading-page.png)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, SHARED
from teikit.export import ExportOptions, export_file
from teikit.xmlio import parse_file

from .browser import launch
from .helpers import EDITION, expected_words, missing_words

# resultTypes: only the violations are reported in full (a 2 MB FRUS volume: 47 -> 27 s).
AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, "resultTypes": ["violations"]}
SCREENSHOT = ROOT / "build" / "reading-page.png"  # docs/reading-page.png, the README's picture, is a copy of it

# What a reader takes as the text: the page without its note markers (a superscript is not part of a word).
READER_TEXT = """() => {
  document.querySelectorAll("a[role='doc-noteref']").forEach(e => e.remove());
  return document.querySelector('main').innerText;
}"""
# The page labels as boxes: each label's generated text put into a probe with the very same CSS rule.
LABEL_BOXES = """() => {
  const style = document.createElement('style');
  style.textContent = '.folio::before{content:none !important}';
  document.head.appendChild(style);
  return [...document.querySelectorAll('a.folio')].map(a => {
    const probe = document.createElement('span');
    probe.className = 'folio-probe';
    probe.textContent = a.dataset.page;
    a.appendChild(probe);
    const r = probe.getBoundingClientRect();
    return [a.dataset.page, r.left, r.top + window.scrollY, r.right, r.bottom + window.scrollY];
  });
}"""


pytestmark = [pytest.mark.slow, pytest.mark.browser]


def _pages() -> list:
    """The edition and the smallest file of each shared corpus (a file that is absent is a skip saying so)."""
    files = [EDITION]
    for folder in sorted(p for p in (SHARED / "corpora").glob("*/") if p.is_dir()):
        candidates = sorted(folder.glob("*.xml"), key=lambda p: p.stat().st_size)
        files += candidates[:1]
    return [pytest.param(f, id=f.stem, marks=[] if f.exists() else pytest.mark.skip(reason=f"{f} is absent"))
            for f in files]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install '.[test]')")
    with sync_api.sync_playwright() as driver:
        chromium = launch(driver)
        yield chromium
        chromium.close()


def _open(browser, source: Path, tmp_path: Path, width: int = 1000):
    page_file = tmp_path / f"{source.stem}.html"
    page_file.write_text(export_file(source, ExportOptions(target="html")), encoding="utf-8")
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(page_file.as_uri())
    return page


@pytest.mark.parametrize("source", _pages())
def test_axe_finds_no_wcag_aa_violation(browser, source, tmp_path):
    axe = pytest.importorskip("axe_playwright_python.sync_playwright", reason="pip install '.[test]' for axe-core")
    page = _open(browser, source, tmp_path)
    try:
        results = axe.Axe().run(page, options=AA)
    finally:
        page.close()
    violations = results.response["violations"]
    assert not violations, [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in violations]


@pytest.mark.parametrize("source", _pages())
def test_browser_shows_every_word_in_both_views(browser, source, tmp_path):
    tree = parse_file(source)
    for view in ("reading", "diplomatic"):
        page = _open(browser, source, tmp_path)
        try:
            if view == "diplomatic" and page.locator("#view-diplomatic").count():
                page.locator("#view-diplomatic").check()
            shown = page.evaluate(READER_TEXT)
        finally:
            page.close()
        missing = missing_words(expected_words(tree, view), shown)
        assert not missing, f"{view}: {sum(missing.values())} words not shown, e.g. {missing.most_common(8)}"


@pytest.mark.parametrize("width", [1000, 420])
def test_page_labels_never_overlap(browser, tmp_path, width):
    """Consecutive page breaks printed their labels on top of each other ("p. [II]" over "p. [1]")."""
    source = tmp_path / "pages.xml"
    source.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>Pages</title></titleStmt>'
        "<publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader><text><body>"
        '<pb n="[II]"/><pb n="[1]"/><p>A short page.</p><pb n="2"/><pb n="3"/><pb n="4"/><p>Then <pb n="5"/>one'
        ' <pb n="6"/>line <pb n="7"/>of <pb n="8"/>pages.</p></body></text></TEI>', encoding="utf-8")
    for tei in (source, EDITION):
        page = _open(browser, tei, tmp_path, width)
        try:
            boxes = page.evaluate(LABEL_BOXES)
        finally:
            page.close()
        assert len(boxes) >= 9 or tei == EDITION
        for i, (label, left, top, right, bottom) in enumerate(boxes):
            assert right - left > 5 and bottom - top > 5, label
            for other, l2, t2, r2, b2 in boxes[i + 1:]:
                overlap = left < r2 and l2 < right and top < b2 and t2 < bottom
                assert not overlap, f"{label} overlaps {other}"


def test_screenshot_of_the_reading_page(browser, tmp_path):
    """The first screen of the edition's page, as build/reading-page.png: the README's picture (docs/reading-page.png)
    is a copy of it (cp build/reading-page.png docs/ when the page changes)."""
    if not EDITION.exists():
        pytest.skip(f"{EDITION} is not built")
    page = _open(browser, EDITION, tmp_path, width=900)
    try:
        shot = page.screenshot(full_page=False, clip={"x": 0, "y": 0, "width": 900, "height": 700})
    finally:
        page.close()
    assert len(shot) > 20_000
    SCREENSHOT.parent.mkdir(exist_ok=True)
    SCREENSHOT.write_bytes(shot)
