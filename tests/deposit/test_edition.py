"""The project's own edition deposits into a valid bag that carries its sources, schemas, exports and header."""

from __future__ import annotations

import bagit
import pytest

from conftest import ROOT, run_cli
from teikit.xmlio import parse_file

from .helpers import EPOCH, payload_of


@pytest.mark.slow
def test_the_projects_edition_deposits_into_a_valid_bag_with_its_header_metadata(tmp_path):
    edition = "foundations-of-leninism-ch4"
    tei = ROOT / "tei" / f"{edition}.xml"
    needed = [tei, ROOT / "schema" / "teikit.odd", ROOT / "tei" / "src" / f"{edition}.txt"]
    if not all(p.is_file() for p in needed):
        pytest.skip("the edition, its transcription and schema/teikit.odd are not all in this checkout yet")
    exports = tmp_path / "exports"
    exports.mkdir()
    for kind, suffix in (("html", "html"), ("text", "txt")):
        made = run_cli("export", str(tei), "--to", kind, "-o", str(exports / f"{edition}.{suffix}"))
        assert made.returncode == 0, made.stderr
    done = run_cli("deposit", str(tei), "-o", str(tmp_path / "out"), "--exports-dir", str(exports),
                   env={"SOURCE_DATE_EPOCH": EPOCH})
    assert done.returncode == 0, done.stderr
    bag_dir = tmp_path / "out" / edition
    bag = bagit.Bag(str(bag_dir))
    bag.validate()
    payload = payload_of(bag_dir)
    sources = sorted(p.name for p in (ROOT / "tei" / "src").iterdir() if p.name.startswith(edition))
    assert [p for p in payload if p.startswith("data/tei/src/")] == [f"data/tei/src/{name}" for name in sources]
    assert {"data/schema/teikit.odd", "data/schema/teikit.rng", "data/schema/teikit.xsd",
            "data/schema/teikit.sch"} <= set(payload)
    assert f"data/exports/{edition}.html" in payload and f"data/exports/{edition}.txt" in payload
    header = parse_file(tei).getroot()
    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    title = " ".join(header.xpath("string(//t:titleStmt/t:title)", namespaces=ns).split())
    assert bag.info["External-Description"] == title
    assert bag.info["Author"] == " ".join(header.xpath("string(//t:titleStmt/t:author)", namespaces=ns).split())
    assert bag.info["License"].startswith(header.xpath("string(//t:licence/@target)", namespaces=ns))
