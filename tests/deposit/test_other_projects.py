"""Depositing other projects' TEI: validated with what the user names (--schema, --tei-all, --odd) instead of
teikit's schemas, the payload what is found or named; a DraCor play and an ELTeC novel from ../shared/corpora."""

from __future__ import annotations

import shutil
import zipfile

import pytest

from conftest import run_cli, shared_path

from .helpers import FIX

PLAY = ("corpora", "shakedracor", "king-lear.xml")
NOVEL = ("corpora", "eltec-eng", "ENG18481_Dickens.xml")


def payload(bag) -> list[str]:
    return sorted(p.relative_to(bag).as_posix() for p in (bag / "data").rglob("*") if p.is_file())


@pytest.mark.slow
@pytest.mark.corpora
def test_dracor_play_deposited_against_tei_all(tmp_path):
    play = shutil.copy(shared_path(*PLAY), tmp_path / "king-lear.xml")
    tei_all = shared_path("tei", "tei_all.rng")
    done = run_cli("deposit", str(play), "--tei-all", str(tei_all), "-o", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    bag = tmp_path / "out" / "king-lear"
    assert payload(bag) == ["data/README.txt", "data/ro-crate-metadata.json", "data/schema/tei_all.rng",
                            "data/tei/king-lear.xml"]
    assert "Author: William Shakespeare" in (bag / "bag-info.txt").read_text()
    # The source is a biblFull (a whole fileDesc), cited from its title statement and publication statement.
    assert "Source-Edition: William Shakespeare, King Lear, Folger Shakespeare Library" in \
        (bag / "bag-info.txt").read_text()
    verified = run_cli("deposit", "--verify", str(bag), str(tmp_path / "out" / "king-lear.zip"))
    assert verified.returncode == 0 and verified.stdout.count("valid bag") == 2


@pytest.mark.slow
@pytest.mark.corpora
def test_eltec_novel_deposited_with_its_own_rules_and_exports(tmp_path):
    novel = shutil.copy(shared_path(*NOVEL), tmp_path / "dombey.xml")
    exports = tmp_path / "exports"
    exports.mkdir()
    for target in ("html", "text", "epub"):
        assert run_cli("export", str(novel), "--to", target, "-o", str(exports)).returncode == 0
    rules = FIX / "eltec-level1.sch"
    done = run_cli("deposit", str(novel), "--schema", str(rules), "--exports-dir", str(exports),
                   "-o", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    bag = tmp_path / "out" / "dombey"
    assert payload(bag) == ["data/README.txt", "data/exports/dombey.epub", "data/exports/dombey.html",
                            "data/exports/dombey.txt", "data/ro-crate-metadata.json", "data/schema/eltec-level1.sch",
                            "data/tei/dombey.xml"]
    readme = (bag / "data" / "README.txt").read_text()
    assert "EPUB 3 book exported from the TEI" in readme and "a schema the TEI was validated against" in readme
    with zipfile.ZipFile(tmp_path / "out" / "dombey.zip") as archive:
        assert "dombey/data/exports/dombey.epub" in archive.namelist()


@pytest.mark.slow
@pytest.mark.corpora
def test_other_projects_tei_is_refused_when_invalid_against_what_is_named(tmp_path):
    """ELTeC's novels are not TEI All (authorGender): the deposit names the finding and writes nothing."""
    novel = shutil.copy(shared_path(*NOVEL), tmp_path / "dombey.xml")
    done = run_cli("deposit", str(novel), "--tei-all", str(shared_path("tei", "tei_all.rng")),
                   "-o", str(tmp_path / "out"))
    assert done.returncode == 1 and "[tei-all] Did not expect element authorGender there" in done.stderr
    assert done.stderr.rstrip().endswith("not deposited; fix the document and run again")  # no advice: it was named
    assert not (tmp_path / "out").exists()


@pytest.mark.corpora
def test_another_projects_tei_checked_against_this_projects_schemas_is_told_to_name_its_own(tmp_path):
    play = shutil.copy(shared_path(*PLAY), tmp_path / "king-lear.xml")
    done = run_cli("deposit", str(play), "-o", str(tmp_path / "out"))
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == (
        f"teikit: error: {play}: invalid (31 errors): not deposited; fix the document and run again (another "
        "project's TEI: give its own schemas with --schema, --tei-all or --odd)")
    assert not (tmp_path / "out").exists()


def test_other_projects_tei_validated_with_an_odd(tmp_path):
    """--odd: the schemas compiled from a customization (TEI's tei_drama), which the bag carries."""
    odd = shared_path("tei", "p5", "exemplars", "tei_drama.odd")
    source = shared_path("tei", "p5", "p5subset.xml")
    play = tmp_path / "scene.xml"
    play.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>A scene</title>'
        "<author>Anon.</author></titleStmt><publicationStmt><publisher>Nobody</publisher><availability>"
        '<licence target="https://creativecommons.org/publicdomain/zero/1.0/">CC0</licence></availability>'
        '<date when="2024">2024</date></publicationStmt><sourceDesc><p>Made for a test.</p></sourceDesc>'
        "</fileDesc></teiHeader><text><body>"
        '<div type="scene"><sp who="#a"><speaker>A</speaker><l>To be.</l></sp></div></body></text></TEI>')
    done = run_cli("deposit", str(play), "--odd", str(odd), "--source", str(source), "-o", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert "data/schema/tei_drama.odd" in payload(tmp_path / "out" / "scene")
    play.write_text(play.read_text().replace("<l>To be.</l>", "<l><bogus/>To be.</l>"))
    refused = run_cli("deposit", str(play), "--odd", str(odd), "--source", str(source), "-o", str(tmp_path / "o2"))
    assert refused.returncode == 1 and "bogus" in refused.stderr


def test_own_editions_still_need_their_layout(project, tmp_path):
    (project / "tei" / "src" / "sample-edition.txt").unlink()
    done = run_cli("deposit", str(project / "tei" / "sample-edition.xml"), "-o", str(tmp_path / "out"), cwd=project)
    assert done.returncode == 2 and "the source transcription" in done.stderr
