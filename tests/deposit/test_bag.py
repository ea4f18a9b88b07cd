"""The bag: bagit validates it, it holds the whole payload, and its README.txt and bag-info.txt come from the
teiHeader."""

from __future__ import annotations

import bagit

from .helpers import LICENCE, PAYLOAD, STEM, TITLE, make, payload_of


def test_bag_passes_bagit_validation_and_holds_the_whole_payload(project, tmp_path):
    out = tmp_path / "deposit"
    done = make(project, out)
    assert done.returncode == 0, done.stderr
    bag_dir = out / STEM
    bag = bagit.Bag(str(bag_dir))
    bag.validate()  # bagit's own full check: structure, Payload-Oxum, completeness, every checksum
    assert sorted(bag.algorithms) == ["sha256", "sha512"]
    for name in ("manifest-sha256.txt", "manifest-sha512.txt", "tagmanifest-sha256.txt", "tagmanifest-sha512.txt"):
        assert (bag_dir / name).is_file()
    assert payload_of(bag_dir) == PAYLOAD  # the other edition's transcription is not in it
    assert (bag_dir / "data/tei/sample-edition.xml").read_bytes() == (project / "tei" / f"{STEM}.xml").read_bytes()
    assert (bag_dir / "data/exports/sample-edition.html").read_bytes() == (project / "build/sample-edition.html")\
        .read_bytes()
    assert f"{len(PAYLOAD)} payload files" in done.stdout


def test_readme_in_the_bag_says_what_each_file_is(project, tmp_path):
    assert make(project, tmp_path / "out").returncode == 0
    readme = (tmp_path / "out" / STEM / "data" / "README.txt").read_text()
    described = {line.split()[0]: line.split(None, 1)[1] for line in readme.splitlines()[-len(PAYLOAD):]}
    assert sorted(f"data/{name}" for name in described) == PAYLOAD
    assert described["tei/sample-edition.xml"].startswith("the edition: TEI P5 XML")
    assert described["tei/src/sample-edition.txt"].startswith("the source transcription")
    assert described["tei/src/corrections.toml"] == "editorial data: Corrections of transcription errors"
    assert described["schema/teikit.odd"].startswith("the project's TEI customization (ODD)")
    assert described["schema/teikit.rng"] == "RELAX NG schema generated from the ODD"
    assert described["schema/xml.xsd"] == "schema imported by the generated schemas (not made from the ODD)"
    assert described["exports/sample-edition.html"] == "HTML reading edition exported from the TEI"
    assert TITLE in readme and "Licence: Encoding CC BY 4.0. " + LICENCE in readme


def test_bag_info_comes_from_the_tei_header(project, tmp_path):
    assert make(project, tmp_path / "out").returncode == 0
    info = bagit.Bag(str(tmp_path / "out" / STEM)).info
    assert info["External-Description"] == TITLE
    assert info["Author"] == "J. V. Stalin"
    assert info["License"] == f"{LICENCE} (Encoding CC BY 4.0.)"
    assert info["Source-Edition"] == (
        "J. V. Stalin, The Foundations of Leninism, Peking: Foreign Languages Press, 1975, pp. 39–52"
    )
    assert info["External-Identifier"] == "https://example.org/teikit/foundations-of-leninism-ch4"
    assert info["Source-Organization"] == "teikit project"
    assert info["Bagging-Date"] == "2023-11-14"  # the day of SOURCE_DATE_EPOCH, not today
    sizes = [(tmp_path / "out" / STEM / name).stat().st_size for name in PAYLOAD]
    assert info["Payload-Oxum"] == f"{sum(sizes)}.{len(PAYLOAD)}"


def test_bag_info_has_no_identifier_when_the_header_has_no_idno(project, tmp_path):
    tei = project / "tei" / f"{STEM}.xml"
    idno = '<idno type="uri">https://example.org/teikit/foundations-of-leninism-ch4</idno>'
    assert idno in tei.read_text()
    tei.write_text(tei.read_text().replace(idno, ""))
    assert make(project, tmp_path / "out").returncode == 0
    info = bagit.Bag(str(tmp_path / "out" / STEM)).info
    assert "External-Identifier" not in info
    assert info["External-Description"] == TITLE
