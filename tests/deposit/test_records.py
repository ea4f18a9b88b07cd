"""The records beside the bag (Dublin Core, DataCite, CITATION.cff): each comes from the teiHeader and passes its
format's own validator."""

from __future__ import annotations

import json

import pytest

from teikit.xmlio import parse_file

from .helpers import DC, LICENCE, STEM, TITLE, make


def test_dublin_core_record_comes_from_the_header(project, tmp_path):
    assert make(project, tmp_path / "out").returncode == 0
    root = parse_file(tmp_path / "out" / f"{STEM}.oai_dc.xml").getroot()
    assert root.tag == "{http://www.openarchives.org/OAI/2.0/oai_dc/}dc"
    assert root.findtext(f"{DC}title") == TITLE
    assert [c.text for c in root.findall(f"{DC}creator")] == ["J. V. Stalin"]
    assert [r.text for r in root.findall(f"{DC}rights")] == [LICENCE, "Encoding CC BY 4.0."]
    assert root.findtext(f"{DC}identifier") == "https://example.org/teikit/foundations-of-leninism-ch4"
    assert root.findtext(f"{DC}source").startswith("J. V. Stalin, The Foundations of Leninism, Peking")
    assert root.findtext(f"{DC}language") == "en"
    assert root.findtext(f"{DC}date") == "2026-11-27"


def test_datacite_record_is_valid_datacite_4_and_comes_from_the_header(project, tmp_path):
    schema45 = pytest.importorskip("datacite.schema45", reason="the datacite package (test extra) is not installed")
    assert make(project, tmp_path / "out").returncode == 0
    record = json.loads((tmp_path / "out" / f"{STEM}.datacite.json").read_text())
    assert record["data"]["type"] == "dois"
    attributes = record["data"]["attributes"]
    schema45.validator.validate(attributes)  # raises on the first departure from the DataCite 4.5 JSON schema
    assert attributes["titles"][0]["title"] == TITLE
    assert attributes["creators"] == [
        {"name": "Stalin, J. V.", "nameType": "Personal", "givenName": "J. V.", "familyName": "Stalin"}
    ]
    assert attributes["rightsList"][0]["rightsUri"] == LICENCE
    assert attributes["rightsList"][0]["rightsIdentifier"] == "CC-BY-4.0"
    assert attributes["publicationYear"] == "2026"
    # The schema check is not a formality: without a title the same record is refused.
    del attributes["titles"]
    assert not schema45.validate(attributes)


def test_citation_cff_is_valid_cff_1_2_0_and_comes_from_the_header(project, tmp_path):
    citation = pytest.importorskip("cffconvert.citation", reason="cffconvert (test extra) is not installed")
    assert make(project, tmp_path / "out").returncode == 0
    text = (tmp_path / "out" / f"{STEM}.CITATION.cff").read_text()
    cff = citation.Citation(text)
    cff.validate()  # the CFF 1.2.0 JSON schema, as shipped by the CFF initiative's own tool
    assert cff.cffobj["cff-version"] == "1.2.0"
    assert cff.cffobj["title"] == TITLE
    assert cff.cffobj["authors"] == [{"family-names": "Stalin", "given-names": "J. V."}]
    assert cff.cffobj["license"] == "CC-BY-4.0"
    assert cff.cffobj["license-url"] == LICENCE
    assert str(cff.cffobj["date-released"]) == "2026-11-27"
    with pytest.raises(Exception, match="license|valid"):
        citation.Citation(text.replace("license: CC-BY-4.0", "license: not-a-licence")).validate()


def test_a_doi_in_the_header_is_the_records_doi_without_its_resolver(project, tmp_path):
    citation = pytest.importorskip("cffconvert.citation", reason="cffconvert (test extra) is not installed")
    tei = project / "tei" / f"{STEM}.xml"
    idno = '<idno type="uri">https://example.org/teikit/foundations-of-leninism-ch4</idno>'
    tei.write_text(tei.read_text().replace(idno, idno + '<idno type="doi">https://doi.org/10.5281/zenodo.42</idno>'))
    assert make(project, tmp_path / "out").returncode == 0
    attributes = json.loads((tmp_path / "out" / f"{STEM}.datacite.json").read_text())["data"]["attributes"]
    assert attributes["doi"] == "10.5281/zenodo.42"
    assert [i["alternateIdentifierType"] for i in attributes["alternateIdentifiers"]] == ["URL"]  # the DOI is not one
    cff = citation.Citation((tmp_path / "out" / f"{STEM}.CITATION.cff").read_text())
    cff.validate()  # CFF wants the DOI without its resolver in identifiers too
    assert cff.cffobj["doi"] == "10.5281/zenodo.42"
    assert {"type": "doi", "value": "10.5281/zenodo.42"} in cff.cffobj["identifiers"]
