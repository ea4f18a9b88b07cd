"""The editorial data applied: corrections exactly where the data puts them, names with @ref to their entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from teikit.convert import convert
from teikit.errors import TeikitError

from .helpers import copy_alone, rules, tei, xp


def test_corrections_apply_exactly_from_the_data(two_pages) -> None:
    root, _ = two_pages
    choices = xp(root, "//t:choice")
    assert [(xp(c, "string(t:sic)"), xp(c, "string(t:corr)")) for c in choices] == [("p", "p.")]
    assert xp(choices[0], "t:corr/@resp") == ["#ed"]


def test_without_data_nothing_is_corrected_and_detectors_only_warn(tmp_path: Path) -> None:
    root, findings = tei(copy_alone("two-pages.txt", tmp_path))
    assert not xp(root, "//t:choice")
    assert any(f.rule == "suspicious-token" and "'p 9'" in f.message and f.line == 14 for f in findings)
    assert rules(findings).count("data-missing") == 5
    assert not xp(root, "//t:persName[@ref]") and xp(root, "//t:teiHeader//t:title/text()")


def test_a_correction_not_found_is_an_error(tmp_path: Path) -> None:
    path = copy_alone("two-pages.txt", tmp_path)
    (tmp_path / "two-pages.corrections.toml").write_text('[[correction]]\nline = 4\nsic = "absent"\ncorr = "x"\n')
    with pytest.raises(TeikitError, match="not found"):
        convert(path)


def test_names_are_tagged_with_ref_to_their_entry(two_pages) -> None:
    root, _ = two_pages
    assert [(p.text, p.get("ref")) for p in xp(root, "//t:text//t:persName")] == [("Ann Other", "#other")]
    assert xp(root, "//t:standOff//t:person/@xml:id") == ["other"]
