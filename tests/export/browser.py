"""The browser the browser tests drive: the system's Chromium (Debian's package, which .ci/run installs with apt),
launched by Playwright through its executable path, never Playwright's own browser download (`playwright install`
is not one of the project's install steps). TEIKIT_CHROMIUM names another executable."""

from __future__ import annotations

import os
import shutil

import pytest

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
# Debian installs /usr/bin/chromium; Ubuntu's and Fedora's packages name it chromium-browser.
NAMES = ("chromium", "chromium-browser")


def chromium_path() -> str | None:
    """The Chromium executable: TEIKIT_CHROMIUM, else the first of NAMES on PATH; None when there is none."""
    named = os.environ.get("TEIKIT_CHROMIUM")
    if named:
        return named if os.access(named, os.X_OK) else None
    return next((found for name in NAMES if (found := shutil.which(name))), None)


def launch(driver):
    """The headless system Chromium, or a skip saying how to install it."""
    path = chromium_path()
    if path is None:
        pytest.skip("Chromium is absent: apt-get install chromium (.ci/run does), or set TEIKIT_CHROMIUM")
    return driver.chromium.launch(executable_path=path, args=FLAGS)
