"""RO-Crate metadata in every bag: roc-validator (the RO-Crate community's validator) passes it at its required level,
offline; it lists every payload file with the checksum of the bag's manifest, and says what made each derived file."""

from __future__ import annotations

import importlib.util
import json
import socket

import pytest

from conftest import ROOT
from teikit import __version__

from .helpers import LICENCE, PAYLOAD, STEM, TITLE

# rdflib, which roc-validator parses JSON-LD with, warns about its own internals.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


def _context_tool():
    spec = importlib.util.spec_from_file_location("ro_crate_context", ROOT / "tools" / "ro_crate_context.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def offline_validator_cache(tmp_path, monkeypatch):
    """roc-validator's HTTP cache holding the RO-Crate 1.1 context from the rocrate package's own copy
    (tools/ro_crate_context.py): with offline=True the validator then needs no network, and none is allowed."""
    cache = _context_tool().populate(tmp_path / "roc-validator-cache")

    def no_network(*args, **kwargs):
        raise AssertionError(f"roc-validator tried the network: {args}")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    return cache


def _crate(bag) -> dict:
    return json.loads((bag / "data" / "ro-crate-metadata.json").read_text(encoding="utf-8"))


def _entities(crate: dict) -> dict[str, dict]:
    return {e["@id"]: e for e in crate["@graph"]}


def test_ro_crate_passes_roc_validator_at_its_required_level_offline(bag, offline_validator_cache):
    from rocrate_validator import models, services

    settings = models.ValidationSettings(
        rocrate_uri=str(bag / "data"), profile_identifier="ro-crate-1.1", requirement_severity=models.Severity.REQUIRED,
        offline=True, cache_path=offline_validator_cache)
    result = services.validate(settings)
    assert [issue.message for issue in result.get_issues()] == []
    assert result.passed()


def test_a_crate_missing_what_ro_crate_requires_fails_roc_validator(bag, offline_validator_cache):
    """The same check fails a crate whose root dataset lacks its licence and date: it is not a check that always
    passes."""
    from rocrate_validator import models, services

    crate = _crate(bag)
    root = _entities(crate)["./"]
    del root["license"], root["datePublished"]
    (bag / "data" / "ro-crate-metadata.json").write_text(json.dumps(crate), encoding="utf-8")
    settings = models.ValidationSettings(
        rocrate_uri=str(bag / "data"), profile_identifier="ro-crate-1.1", requirement_severity=models.Severity.REQUIRED,
        offline=True, cache_path=offline_validator_cache)
    result = services.validate(settings)
    assert not result.passed()
    assert any("datePublished" in issue.message or "license" in issue.message for issue in result.get_issues())


def test_ro_crate_lists_every_payload_file_with_the_checksum_of_the_manifest(bag):
    entities = _entities(_crate(bag))
    manifest = {path: digest for digest, path in
                (line.split(maxsplit=1) for line in (bag / "manifest-sha256.txt").read_text().splitlines())}
    files = {i: e for i, e in entities.items() if e["@type"] == "File"}
    described = sorted(f"data/{i}" for i in files)
    assert described == [p for p in PAYLOAD if p != "data/ro-crate-metadata.json"]
    for identifier, entity in files.items():
        assert entity["sha256"] == manifest[f"data/{identifier}"], identifier
        assert int(entity["contentSize"]) == (bag / "data" / identifier).stat().st_size
        assert entities[entity["additionalType"]["@id"]]["@type"] == "DefinedTerm"
    assert sorted(e["@id"] for e in entities["./"]["hasPart"]) == sorted(files)
    assert files[f"tei/{STEM}.xml"]["encodingFormat"] == "application/tei+xml"
    assert entities[files[f"tei/{STEM}.xml"]["additionalType"]["@id"]]["name"] == "edition"
    assert entities[files[f"exports/{STEM}.html"]["additionalType"]["@id"]]["name"] == "export"


def test_ro_crate_names_author_licence_source_software_and_the_actions_that_made_each_derived_file(bag):
    entities = _entities(_crate(bag))
    root = entities["./"]
    assert root["name"] == TITLE
    assert entities[root["author"]["@id"]] == {
        "@id": "#person-j-v-stalin", "@type": "Person", "name": "J. V. Stalin", "givenName": "J. V.",
        "familyName": "Stalin"}
    assert root["license"] == {"@id": LICENCE} and entities[LICENCE]["identifier"] == "CC-BY-4.0"
    assert root["mainEntity"] == {"@id": f"tei/{STEM}.xml"}
    sources = root["isBasedOn"] if isinstance(root["isBasedOn"], list) else [root["isBasedOn"]]
    assert "The Foundations of Leninism" in entities[sources[0]["@id"]]["name"]
    assert entities["#teikit"] == {
        "@id": "#teikit", "@type": "SoftwareApplication", "name": "teikit", "version": __version__,
        "description": entities["#teikit"]["description"]}

    def ids(value) -> list[str]:
        return sorted(v["@id"] for v in (value if isinstance(value, list) else [value]))

    actions = {e["@id"]: e for e in entities.values() if e["@type"] == "CreateAction"}
    assert all(a["instrument"] == {"@id": "#teikit"} for a in actions.values())
    assert ids(actions["#convert"]["object"]) == ["tei/src/corrections.toml", f"tei/src/{STEM}.txt"]
    assert ids(actions["#convert"]["result"]) == [f"tei/{STEM}.xml"]
    assert ids(actions["#schema"]["result"]) == ["schema/teikit.rng", "schema/teikit.sch", "schema/teikit.xsd"]
    exports = {i: a for i, a in actions.items() if a["name"] == "teikit export"}
    assert sorted(r for a in exports.values() for r in ids(a["result"])) == [
        f"exports/{STEM}.html", f"exports/{STEM}.txt"]
    assert all(ids(a["object"]) == [f"tei/{STEM}.xml"] for a in exports.values())
    assert actions["#deposit"]["endTime"] == "2023-11-14T22:13:20Z"  # SOURCE_DATE_EPOCH
    derived = {r for a in actions.values() for r in ids(a["result"])}
    made_here = {i for i, e in entities.items() if e["@type"] == "File"} - {
        f"tei/src/{STEM}.txt", "tei/src/corrections.toml", "schema/teikit.odd", "schema/xml.xsd"}
    assert derived == made_here  # every derived file has the action that made it; sources have none
