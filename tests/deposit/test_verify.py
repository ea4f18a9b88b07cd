"""`teikit deposit --verify`: a fresh bag or its zip is valid; every missing, added and altered file is named."""

from __future__ import annotations

import zipfile

import pytest

from conftest import run_cli

from .helpers import PAYLOAD, STEM


def test_verify_accepts_a_fresh_bag(bag):
    checked = run_cli("deposit", "--verify", str(bag))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"{bag}: valid bag ({len(PAYLOAD)} payload files" in checked.stdout


@pytest.mark.parametrize(
    ("name", "edit"),
    [
        (f"tei/{STEM}.xml", lambda data: data.replace(b"three fundamental", b"three fundamentai")),  # same size
        # longer: bagit's first check, the Payload-Oxum, fails and names no file; teikit still names it
        (f"exports/{STEM}.html", lambda data: data + b"<!-- a longer file -->\n"),
    ],
    ids=["same-size", "size-changed"],
)
def test_verify_names_an_altered_payload_file(bag, name, edit):
    path = bag / "data" / name
    path.write_bytes(edit(path.read_bytes()))
    checked = run_cli("deposit", "--verify", str(bag))
    assert checked.returncode == 1
    assert checked.stdout.splitlines() == [f"{bag}: altered: data/{name}"]
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


def test_verify_of_a_folder_that_is_no_bag_is_an_input_error(tmp_path):
    (tmp_path / "plain").mkdir()
    checked = run_cli("deposit", "--verify", str(tmp_path / "plain"))
    assert checked.returncode == 2
    assert checked.stdout == ""
    assert checked.stderr == (f"teikit: error: {tmp_path / 'plain'}: not a bag: it has no bagit.txt and no manifest:"
                              " give the folder (or the zip) that teikit deposit wrote\n")


def test_verify_names_missing_added_and_altered_files_in_one_run(bag):
    # bagit stops at the missing and added files before it compares checksums: the altered one is named all the same.
    (bag / "data" / "exports" / f"{STEM}.txt").unlink()
    (bag / "data" / "notes.txt").write_text("draft\n")
    tei = bag / "data" / "tei" / f"{STEM}.xml"
    tei.write_bytes(tei.read_bytes().replace(b"three fundamental", b"three fundamentai"))
    checked = run_cli("deposit", "--verify", str(bag))
    assert checked.returncode == 1
    assert checked.stdout.splitlines() == [
        f"{bag}: missing: data/exports/{STEM}.txt",
        f"{bag}: added: data/notes.txt",
        f"{bag}: altered: data/tei/{STEM}.xml",
    ]
    assert "not a valid bag: 1 missing, 1 added, 1 altered" in checked.stderr


def test_verify_reports_bagits_words_for_a_fault_that_names_no_file(bag):
    # A wrong Payload-Oxum in a bag without tag manifests: every file matches its checksum, yet the bag is invalid.
    for manifest in bag.glob("tagmanifest-*.txt"):
        manifest.unlink()
    info = bag / "bag-info.txt"
    info.write_text("".join(line if not line.startswith("Payload-Oxum:") else "Payload-Oxum: 1.1\n"
                            for line in info.read_text().splitlines(keepends=True)))
    checked = run_cli("deposit", "--verify", str(bag))
    assert checked.returncode == 1
    assert checked.stdout.splitlines() == [
        f"{bag}: problem: Payload-Oxum validation failed. Expected 1 files and 1 bytes but found {len(PAYLOAD)} files"
        f" and {sum((bag / name).stat().st_size for name in PAYLOAD)} bytes",
        # teikit's profile, which the bag declares, requires the tag manifests this bag lost
        f"{bag}: profile teikit: Required tag manifest type 'sha256' is not present in Bag.",
    ]
    assert checked.stderr == f"teikit: error: {bag}: not a valid bag: 1 fault that names no file (above)\n"
