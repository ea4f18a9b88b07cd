"""teikit deposit: the BagIt bag, its zip and metadata records, reproducibility, safety, and --verify."""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from pathlib import Path

import bagit
import pytest

from conftest import FIXTURES, ROOT, run_cli
from teikit import deposit
from teikit.errors import TeikitError
from teikit.xmlio import parse_file

FIX = FIXTURES / "deposit"
STEM = "sample-edition"
EPOCH = "1700000000"  # 2023-11-14T22:13:20Z
DC = "{http://purl.org/dc/elements/1.1/}"
TITLE = "The Dictatorship of the Proletariat (The Foundations of Leninism, ch. IV): TEI edition"
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
PAYLOAD = [
    "data/README.txt",
    "data/exports/sample-edition.html",
    "data/exports/sample-edition.txt",
    "data/schema/teikit.odd",
    "data/schema/teikit.rng",
    "data/schema/teikit.sch",
    "data/schema/teikit.xsd",
    "data/schema/xml.xsd",
    "data/tei/sample-edition.xml",
    "data/tei/src/corrections.toml",
    "data/tei/src/sample-edition.txt",
]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A small project in the layout teikit expects: tei/, tei/src/, schema/, build/ (exports)."""
    root = tmp_path / "project"
    (root / "tei" / "src").mkdir(parents=True)
    shutil.copyfile(FIX / "sample-edition.xml", root / "tei" / f"{STEM}.xml")
    (root / "tei" / "src" / f"{STEM}.txt").write_text("IV. THE DICTATORSHIP OF THE PROLETARIAT\n\npage 39")
    (root / "tei" / "src" / "corrections.toml").write_text(
        "# Corrections of transcription errors. Each is applied as choice/sic/corr.\n"
        '[[correction]]\nsic = "strcke"\ncorr = "stroke"\n'
    )
    # Another edition's sources share tei/src/: they must stay out of this edition's bag.
    (root / "tei" / "other-edition.xml").write_text("<TEI/>")
    (root / "tei" / "src" / "other-edition.txt").write_text("another text")
    (root / "schema").mkdir()
    for suffix in ("odd", "rng", "xsd", "sch"):  # stand-ins: the deposit carries them, validation uses teikit's own
        (root / "schema" / f"teikit.{suffix}").write_text(f"<!-- stand-in {suffix} -->\n")
    (root / "schema" / "xml.xsd").write_text("<!-- stand-in for the XML namespace schema teikit.xsd imports -->\n")
    (root / "build").mkdir()
    (root / "build" / f"{STEM}.html").write_text("<html><body><h1>IV.</h1></body></html>\n")
    (root / "build" / f"{STEM}.txt").write_text("IV. The Dictatorship of the Proletariat\n")
    return root


def make(project: Path, out: Path, *args: str, epoch: str | None = EPOCH):
    env = {"SOURCE_DATE_EPOCH": epoch} if epoch is not None else {}
    return run_cli("deposit", str(project / "tei" / f"{STEM}.xml"), "-o", str(out), *args, cwd=project, env=env)


def tree_bytes(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file and folder under `folder`: content, permission bits and modification time."""
    found = {}
    for path in sorted(folder.rglob("*")):
        stat = path.stat()
        content = path.read_bytes() if path.is_file() else b"<dir>"
        found[path.relative_to(folder).as_posix()] = (content, stat.st_mode, int(stat.st_mtime))
    return found


def payload_of(bag: Path) -> list[str]:
    return sorted(p.relative_to(bag).as_posix() for p in (bag / "data").rglob("*") if p.is_file())


# --- the bag -----------------------------------------------------------------------------------------------------


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


# --- the records beside the bag ----------------------------------------------------------------------------------


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


# --- reproducibility ---------------------------------------------------------------------------------------------


def test_two_runs_with_source_date_epoch_give_byte_identical_bags_and_zips(project, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    assert make(project, first).returncode == 0
    # Touch every source with a new time: the bag must not carry the inputs' times.
    for path in project.rglob("*"):
        os.utime(path, (1800000000, 1800000000))
    assert make(project, second).returncode == 0
    a, b = tree_bytes(first), tree_bytes(second)
    assert sorted(a) == sorted(b)
    # 3 records and the zip, the bag folder, its 6 tag files, data/ and its 4 folders, the payload files
    assert len(a) == 4 + 1 + 6 + 5 + len(PAYLOAD)
    for name in a:
        assert a[name] == b[name], f"{name} differs between two runs"
    assert (first / f"{STEM}.zip").read_bytes() == (second / f"{STEM}.zip").read_bytes()
    with zipfile.ZipFile(first / f"{STEM}.zip") as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert f"{STEM}/bag-info.txt" in names and f"{STEM}/data/tei/sample-edition.xml" in names
        assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}
        assert {info.external_attr >> 16 for info in archive.infolist() if not info.is_dir()} == {0o100644}


def test_the_zip_unpacks_to_a_bag_that_bagit_validates(project, tmp_path):
    assert make(project, tmp_path / "out").returncode == 0
    with zipfile.ZipFile(tmp_path / "out" / f"{STEM}.zip") as archive:
        archive.extractall(tmp_path / "unzipped")
    bagit.Bag(str(tmp_path / "unzipped" / STEM)).validate()
    assert tree_bytes(tmp_path / "unzipped" / STEM).keys() == tree_bytes(tmp_path / "out" / STEM).keys()


# --- safety ------------------------------------------------------------------------------------------------------


def test_invalid_tei_is_refused_with_its_findings(project, tmp_path):
    tei = project / "tei" / f"{STEM}.xml"
    shutil.copyfile(FIX / "invalid-unknown-element.xml", tei)
    refused = make(project, tmp_path / "out")
    assert refused.returncode == 1
    assert f"{STEM}.xml:40:" in refused.stderr  # the finding, at the line of the unknown element
    assert "bogus" in refused.stderr
    assert "not deposited" in refused.stderr
    assert not (tmp_path / "out").exists()


def test_header_without_licence_is_refused_at_the_publication_statement():
    tei = FIX / "header-without-licence.xml"
    with pytest.raises(TeikitError) as caught:
        deposit.read_metadata(parse_file(tei), tei)
    assert caught.value.line == 10  # <publicationStmt>
    assert "licence" in caught.value.message


def test_existing_deposit_is_kept_without_force_and_replaced_with_it(project, tmp_path):
    out = tmp_path / "out"
    assert make(project, out).returncode == 0
    before = tree_bytes(out)
    (project / "build" / f"{STEM}.html").write_text("<html><body><h1>IV, revised</h1></body></html>\n")

    refused = make(project, out)
    assert refused.returncode == 2
    assert f"{out / STEM}: already exists: give --force to replace it" in refused.stderr
    assert tree_bytes(out) == before

    replaced = make(project, out, "--force")
    assert replaced.returncode == 0, replaced.stderr
    assert "IV, revised" in (out / STEM / "data" / "exports" / f"{STEM}.html").read_text()
    bagit.Bag(str(out / STEM)).validate()
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [STEM, f"{STEM}.zip", f"{STEM}.oai_dc.xml", f"{STEM}.datacite.json", f"{STEM}.CITATION.cff"]
    )  # no staging folder left behind


def _build(project: Path, out: Path, force: bool = False) -> deposit.Deposit:
    tei = project / "tei" / f"{STEM}.xml"
    meta = deposit.read_metadata(parse_file(tei), tei)
    payload = deposit.collect_payload(tei, deposit.Sources())
    return deposit.build_deposit(tei, out, meta, payload, force=force, epoch=int(EPOCH))


@pytest.mark.parametrize(
    ("failure", "raised"),
    [
        (OSError(28, "No space left on device", "sample-edition.zip"), TeikitError),
        (KeyboardInterrupt(), KeyboardInterrupt),
    ],
    ids=["disk-full", "interrupted"],
)
def test_a_step_that_fails_leaves_nothing_half_made(project, tmp_path, monkeypatch, failure, raised):
    def broken_zip(*args, **kwargs):
        raise failure

    monkeypatch.setattr(deposit.build, "write_zip", broken_zip)  # the zip is written by build_deposit
    out = tmp_path / "out"
    with pytest.raises(raised):
        _build(project, out)
    assert list(out.iterdir()) == []  # no bag, no records, no staging folder


def test_a_failed_replacement_puts_the_previous_deposit_back(project, tmp_path, monkeypatch):
    out = tmp_path / "out"
    _build(project, out)
    before = tree_bytes(out)
    (project / "build" / f"{STEM}.txt").write_text("revised text\n")
    real_replace, calls = os.replace, []

    def replace_failing_on_the_bag(src, dst):
        calls.append(Path(dst).name)
        if Path(dst).name == STEM and Path(src).parent.name.startswith(f".{STEM}.deposit-"):
            raise OSError(5, "Input/output error", str(dst))  # the last move: the new bag onto the old one
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace_failing_on_the_bag)
    with pytest.raises(TeikitError, match="Input/output error"):
        _build(project, out, force=True)
    assert STEM in calls and f"{STEM}.zip" in calls  # the failure came after other outputs had been replaced
    assert tree_bytes(out) == before


def test_missing_exports_are_named_and_nothing_is_written(project, tmp_path):
    (project / "build" / f"{STEM}.html").unlink()
    refused = make(project, tmp_path / "out")
    assert refused.returncode == 2
    assert f"the HTML export ({project / 'build' / STEM}.html; run `make export`" in refused.stderr
    assert not (tmp_path / "out").exists()


def test_two_documents_give_two_bags_each_with_its_own_sources(project, tmp_path):
    second = "second-edition"
    shutil.copyfile(project / "tei" / f"{STEM}.xml", project / "tei" / f"{second}.xml")
    (project / "tei" / "src" / f"{second}.txt").write_text("the second transcription")
    for suffix in ("html", "txt"):
        shutil.copyfile(project / "build" / f"{STEM}.{suffix}", project / "build" / f"{second}.{suffix}")
    done = run_cli("deposit", f"tei/{STEM}.xml", f"tei/{second}.xml", "-o", str(tmp_path / "out"), cwd=project,
                   env={"SOURCE_DATE_EPOCH": EPOCH})
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("deposited ") == 2
    first_src = [p for p in payload_of(tmp_path / "out" / STEM) if p.startswith("data/tei/src/")]
    second_src = [p for p in payload_of(tmp_path / "out" / second) if p.startswith("data/tei/src/")]
    # corrections.toml is named for no edition, so both carry it; each transcription goes only to its own bag.
    assert first_src == ["data/tei/src/corrections.toml", f"data/tei/src/{STEM}.txt"]
    assert second_src == ["data/tei/src/corrections.toml", f"data/tei/src/{second}.txt"]
    bagit.Bag(str(tmp_path / "out" / second)).validate()


def test_include_adds_a_file_to_the_payload_and_exports_dir_is_an_option(project, tmp_path):
    elsewhere = tmp_path / "exports"
    shutil.move(project / "build", elsewhere)
    note = tmp_path / "deposit-agreement.txt"
    note.write_text("signed\n")
    done = make(project, tmp_path / "out", "--exports-dir", str(elsewhere), "--include", str(note))
    assert done.returncode == 0, done.stderr
    assert payload_of(tmp_path / "out" / STEM) == sorted([*PAYLOAD, "data/extra/deposit-agreement.txt"])


# --- the project's own edition ---------------------------------------------------------------------------------


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


# --- verify ------------------------------------------------------------------------------------------------------


@pytest.fixture
def bag(project, tmp_path) -> Path:
    assert make(project, tmp_path / "out").returncode == 0
    return tmp_path / "out" / STEM


def test_verify_accepts_a_fresh_bag(bag):
    checked = run_cli("deposit", "--verify", str(bag))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"{bag}: valid bag ({len(PAYLOAD)} payload files" in checked.stdout


def test_verify_names_an_altered_payload_file(bag):
    tei = bag / "data" / "tei" / f"{STEM}.xml"
    tei.write_bytes(tei.read_bytes().replace(b"three fundamental", b"three fundamentai"))  # same size
    checked = run_cli("deposit", "--verify", str(bag))
    assert checked.returncode == 1
    assert checked.stdout.splitlines() == [f"{bag}: altered: data/tei/{STEM}.xml"]
    assert "not a valid bag: 1 altered" in checked.stderr


def test_verify_names_added_and_missing_files(bag):
    (bag / "data" / "exports" / f"{STEM}.txt").unlink()
    (bag / "data" / "notes.txt").write_text("added after bagging\n")
    checked = run_cli("deposit", "--verify", str(bag))
    assert checked.returncode == 1
    assert checked.stdout.splitlines() == [
        f"{bag}: missing: data/exports/{STEM}.txt",
        f"{bag}: added: data/notes.txt",
    ]


def test_verify_names_an_altered_tag_file(bag):
    info = bag / "bag-info.txt"
    info.write_text(info.read_text().replace("Author: J. V. Stalin", "Author: Someone Else"))
    checked = run_cli("deposit", "--verify", str(bag))
    assert checked.returncode == 1
    assert checked.stdout.splitlines() == [f"{bag}: altered: bag-info.txt"]


def test_verify_checks_the_zip_and_names_an_altered_file_in_it(bag, tmp_path):
    zipped = bag.parent / f"{STEM}.zip"
    checked = run_cli("deposit", "--verify", str(zipped))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"{zipped}: valid bag ({len(PAYLOAD)} payload files" in checked.stdout
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(zipped) as source, zipfile.ZipFile(tampered, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == f"{STEM}/data/exports/{STEM}.txt":
                data = data.replace(b"Dictatorship", b"Dictatorshlp")
            target.writestr(info, data)
    checked = run_cli("deposit", "--verify", str(tampered))
    assert checked.returncode == 1
    assert checked.stdout.splitlines() == [f"{tampered}: altered: data/exports/{STEM}.txt"]


def test_verify_of_a_folder_that_is_no_bag_is_invalid(tmp_path):
    (tmp_path / "plain").mkdir()
    checked = run_cli("deposit", "--verify", str(tmp_path / "plain"))
    assert checked.returncode == 1
    assert "not a readable bag" in checked.stdout and "bagit.txt" in checked.stdout


def test_usage_errors_are_one_line_with_exit_2(tmp_path):
    no_output = run_cli("deposit", str(FIX / "sample-edition.xml"))
    assert no_output.returncode == 2 and "-o/--output DIR is required" in no_output.stderr
    mixed = run_cli("deposit", "--verify", str(tmp_path), "-o", str(tmp_path))
    assert mixed.returncode == 2 and "--verify takes bags only" in mixed.stderr
    bad_epoch = run_cli("deposit", str(FIX / "sample-edition.xml"), "-o", str(tmp_path / "o"),
                        env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert bad_epoch.returncode == 2 and "SOURCE_DATE_EPOCH must be a whole number" in bad_epoch.stderr
    for done in (no_output, mixed, bad_epoch):
        assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
