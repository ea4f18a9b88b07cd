"""`teikit schema ODD` for a customization of TEI: the files it writes, what it says, and what it refuses."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, run_cli, shared_path

ODDS = FIXTURES / "schema"


@pytest.fixture
def env(tmp_path):
    return {"TEIKIT_CACHE_DIR": str(tmp_path / "cache"), "TEIKIT_P5_SOURCE": str(shared_path("tei", "p5",
                                                                                               "p5subset.xml"))}


def test_schema_writes_relaxng_schematron_xml_schema_and_the_compiled_odd(tmp_path, env):
    out = tmp_path / "out"
    result = run_cli("schema", str(ODDS / "edition.odd"), "-o", str(out), env=env)
    assert result.returncode == 0, result.stderr
    names = ["edition.rng", "edition.sch", "edition.compiled.odd", "edition.xsd", "xml.xsd"]
    assert sorted(p.name for p in out.iterdir()) == sorted(names)
    assert result.stdout.splitlines() == [f"wrote {out / n}" for n in names]
    assert "edition.odd:17:9: warning: element 'ellipsis' (module core) can never be valid" in result.stderr
    assert result.stderr.rstrip().endswith("[odd-element-impossible]")
    assert b"<value>chapter</value>" in (out / "edition.rng").read_bytes()
    assert b'<pattern id="persName-ref">' in (out / "edition.sch").read_bytes()


def test_formats_chooses_the_files(tmp_path, env):
    result = run_cli("schema", str(ODDS / "edition.odd"), "-o", str(tmp_path), "--formats", "rng,sch", "-q", env=env)
    assert result.returncode == 0 and result.stdout == "" and result.stderr == ""
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["edition.rng", "edition.sch"]
    bad = run_cli("schema", str(ODDS / "edition.odd"), "--formats", "rng,dtd", env=env)
    assert bad.returncode == 2 and "--formats takes a comma-separated list of rng, sch, xsd, odd" in bad.stderr


def test_a_bad_odd_is_one_line_exit_2_and_nothing_written(tmp_path, env):
    result = run_cli("schema", str(ODDS / "unknown-element.odd"), "-o", str(tmp_path / "out"), env=env)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"teikit: error: {ODDS / 'unknown-element.odd'}:22:15: <elementRef key='paragraphe'> in element 'p': no such "
        f"element in the source ({env['TEIKIT_P5_SOURCE']}, TEI 4.9.0a) or in this ODD"]
    assert not (tmp_path / "out").exists()


def test_a_file_teikit_did_not_generate_is_not_replaced_without_force(tmp_path, env):
    mine = tmp_path / "edition.rng"
    mine.write_text("<grammar xmlns='http://relaxng.org/ns/structure/1.0'><!-- my own --></grammar>")
    refused = run_cli("schema", str(ODDS / "edition.odd"), "-o", str(tmp_path), env=env)
    assert refused.returncode == 2
    assert refused.stderr == (f"teikit: error: {mine}: exists, and teikit did not write it (or it was changed "
                              "since): give --force to replace it\n")
    assert "my own" in mine.read_text() and not (tmp_path / "edition.sch").exists()
    forced = run_cli("schema", str(ODDS / "edition.odd"), "-o", str(tmp_path), "--force", "-q", env=env)
    assert forced.returncode == 0 and "my own" not in mine.read_text()
    again = run_cli("schema", str(ODDS / "edition.odd"), "-o", str(tmp_path), "-q", env=env)
    assert again.returncode == 0  # its own files it replaces


def test_a_schema_xml_schema_cannot_express_still_gets_its_other_files(tmp_path, env):
    svg = shared_path("tei", "p5", "exemplars") / "tei_svg.odd"
    result = run_cli("schema", str(svg), "-o", str(tmp_path), env=env)
    assert result.returncode == 0
    assert "warning: no XML Schema written: the schema includes a RELAX NG grammar" in result.stderr
    assert "[odd-xsd-inexpressible]" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["tei_svg.compiled.odd", "tei_svg.rng",
                                                                         "tei_svg.sch"]


CHAINED = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader><fileDesc><titleStmt><title>A customization of a customization</title></titleStmt>
    <publicationStmt><p>A test of teikit.</p></publicationStmt><sourceDesc><p>Written for teikit.</p></sourceDesc>
  </fileDesc></teiHeader>
  <text><body><schemaSpec ident="edition" start="TEI" source="edition.compiled.odd">
    <moduleRef key="tei"/><moduleRef key="header"/><moduleRef key="core"/><moduleRef key="textstructure"/>
  </schemaSpec></body></text>
</TEI>
"""


def test_no_output_replaces_an_input_of_the_compilation_not_even_one_found_by_the_chain(tmp_path, env):
    """A compiled ODD compiled into its own folder would replace itself; an ODD chained to edition.compiled.odd
    (its @source) and of the same ident would replace its source: both stop with exit 2 before writing anything."""
    source = tmp_path / "edition.compiled.odd"
    assert run_cli("schema", str(ODDS / "edition.odd"), "-o", str(tmp_path), "--formats", "odd", "-q",
                   env=env).returncode == 0
    kept = source.read_bytes()
    itself = run_cli("schema", str(source), "-o", str(tmp_path), env=env)
    assert (itself.returncode, itself.stderr) == (2, f"teikit: error: {source}: is an input of this command: choose "
                                                     "another output\n")
    chained = tmp_path / "chained.odd"
    chained.write_text(CHAINED)
    refused = run_cli("schema", str(chained), "-o", str(tmp_path), "--force", env=env)
    assert (refused.returncode, refused.stderr) == (2, f"teikit: error: {source}: is an input of this command: "
                                                       "choose another output\n")
    assert source.read_bytes() == kept and sorted(p.name for p in tmp_path.iterdir()) == ["cache", "chained.odd",
                                                                                         "edition.compiled.odd"]
    elsewhere = run_cli("schema", str(chained), "-o", str(tmp_path / "out"), "-q", env=env)
    assert elsewhere.returncode == 0 and (tmp_path / "out" / "edition.rng").is_file()


def test_the_output_folder_is_checked_before_the_odd_is_read(tmp_path, env):
    odd = tmp_path / "edition.odd"
    odd.write_bytes((ODDS / "edition.odd").read_bytes())
    result = run_cli("schema", str(odd), "-o", str(odd / "schemas"), env=env)
    assert (result.returncode, result.stderr) == (2, f"teikit: error: {odd / 'schemas'}: cannot be written: {odd} is "
                                                     "a file, not a folder: choose another output\n")
    assert not (tmp_path / "cache").exists()  # nothing compiled, nothing read
