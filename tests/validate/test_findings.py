"""Findings: each reported once, sorted, at the column of its start tag, the same whatever the number of workers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from teikit import xmlio
from teikit.validate import check_files, plan_checks, validate, validate_paths
from teikit.validate.locate import locate_elements
from teikit.validate.run import Check

from .helpers import HERE, MINI, SCHEMAS

pytestmark = pytest.mark.usefixtures("private_cache")


def test_findings_repeated_by_another_checker_are_reported_once(tmp_path: Path) -> None:
    # The same RELAX NG as project schema and as "TEI All": libxml2 gives the same words at the same lines.
    stand_in = tmp_path / "tei_all.rng"
    shutil.copy(SCHEMAS / "mini.rng", stand_in)
    once = validate_paths([HERE / "invalid.xml"], schemas=[SCHEMAS / "mini.rng"])
    twice = validate_paths([HERE / "invalid.xml"], schemas=[SCHEMAS / "mini.rng"], tei_all=stand_in)
    assert len(once) == 2
    assert twice == once  # the tei-all copies of the same messages are dropped, the first checker's kept
    assert {f.rule for f in twice} == {"rng"}


def test_findings_are_sorted_by_file_line_and_column() -> None:
    findings = validate_paths([HERE / "invalid.xml", HERE / "corpus"], schemas=MINI)
    assert findings == sorted(findings)
    assert [Path(f.file).name for f in findings] == ["b.xml"] * 3 + ["invalid.xml"] * 6
    lines = [f.line for f in findings if f.file.endswith("invalid.xml")]
    assert lines == sorted(lines) and lines[0] == 14


def test_results_do_not_depend_on_the_number_of_worker_processes() -> None:
    checks = plan_checks(MINI)
    paths = [HERE / "invalid.xml", HERE / "corpus", HERE / "warnings.xml", HERE / "malformed.xml"]
    assert validate(paths, checks, jobs=2) == validate(paths, checks, jobs=1)


def test_check_files_returns_one_result_per_path_in_order() -> None:
    checks = (Check("rng", SCHEMAS / "mini.rng"),)
    paths = [HERE / "malformed.xml", HERE / "valid.xml", HERE / "invalid.xml"]
    results = check_files(checks, paths)
    assert [r.file for r in results] == [str(p) for p in paths]
    assert [(r.parsed, r.valid, len(r.findings)) for r in results] == [
        (False, False, 1),
        (True, True, 0),
        (True, False, 2),
    ]


def test_columns_point_at_each_start_tag_even_with_several_on_a_line(tmp_path: Path) -> None:
    path = tmp_path / "doc.xml"
    path.write_text(
        f'<TEI xmlns="{xmlio.TEI_NS}" xmlns:t="{xmlio.TEI_NS}"><p>é <hi>a</hi> <t:hi>b</t:hi>\n'
        '<hi\n  n="1">c</hi><hi>d</hi></p></TEI>\n'
    )
    tree = xmlio.parse_file(path)
    his = list(tree.getroot().iter(f"{{{xmlio.TEI_NS}}}hi"))
    assert locate_elements(tree, his) == [(1, 85), (1, 96), (3, 1), (3, 15)]  # characters, not bytes (é)
