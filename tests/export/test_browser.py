"""The HTML page in a real browser (headless Chromium driven by Playwright)."""

from __future__ import annotations

import pytest

from conftest import ROOT
from teikit.export import ExportOptions, export_file

from .browser import launch
from .helpers import EDITION, SAMPLE


@pytest.mark.slow
@pytest.mark.browser
def test_browser_follows_a_footnote_and_back_and_switches_views(tmp_path):
    """Opens the HTML in Debian's Chromium (driven by Playwright, never its own browser download): a footnote link
    and its way back, the reading/diplomatic switch by keyboard, a correction's original on focus, no console error,
    no network request; saves a screenshot under build/ for review."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install '.[test]')")
    source = EDITION if EDITION.exists() else SAMPLE
    page_file = tmp_path / "edition.html"
    page_file.write_text(export_file(source, ExportOptions(target="html")), encoding="utf-8")
    shot = ROOT / "build" / f"{source.stem}.png"
    shot.parent.mkdir(exist_ok=True)
    problems: list[str] = []
    requests: list[str] = []
    with sync_api.sync_playwright() as driver:
        browser = launch(driver)
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 900})
            page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.on("request", lambda r: requests.append(r.url) if not r.url.startswith("file:") else None)
            page.goto(page_file.as_uri())

            # A footnote marker leads to its note, and the note's back link to the marker.
            marker = page.locator("a[role='doc-noteref']").first
            note_id = marker.get_attribute("href")[1:]
            marker.click()
            assert page.evaluate("location.hash") == f"#{note_id}"
            assert page.locator(f"[id='{note_id}']").evaluate("e => e.matches(':target')")
            page.locator(f"[id='{note_id}'] a[role='doc-backlink']").first.click()
            assert page.evaluate("location.hash") == f"#{marker.get_attribute('id')}"

            # The reading view shows the correction; its original appears on focus (keyboard) too.
            correction = page.locator(".choice.correction > .read").first
            corrected = correction.evaluate("e => e.firstChild.textContent")
            printed = page.locator(".choice.correction > .dipl").first.evaluate("e => e.firstChild.textContent")
            assert correction.is_visible() and not page.locator(".choice.correction > .dipl").first.is_visible()
            tip = correction.locator(".tip")
            assert not tip.is_visible()
            correction.hover()
            assert tip.is_visible()
            page.mouse.move(0, 0)
            assert not tip.is_visible()
            correction.focus()
            assert tip.is_visible() and tip.inner_text().endswith(printed.strip())
            page.screenshot(path=str(shot), full_page=False)

            # The switch, by keyboard: arrow keys move between the two radio buttons.
            page.locator("#view-reading").focus()
            page.keyboard.press("ArrowRight")
            assert page.locator("#view-diplomatic").is_checked()
            assert page.locator(".choice.correction > .dipl").first.is_visible()
            assert not correction.is_visible()
            text = page.locator("main").inner_text()
            assert printed in text
            page.keyboard.press("ArrowLeft")
            assert page.locator("#view-reading").is_checked() and correction.is_visible()
            assert corrected in page.locator("main").inner_text()
        finally:
            browser.close()
    assert not problems, problems
    assert not requests, f"the page loaded from the network: {requests}"
    assert shot.stat().st_size > 10_000
