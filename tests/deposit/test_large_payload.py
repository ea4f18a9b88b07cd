"""A payload of many megabytes: copied, hashed and zipped a chunk at a time (never held whole), hashed by bagit in
two processes, and checked against the checksums teikit took as it wrote each file."""

from __future__ import annotations

import hashlib
import os
import zipfile

import bagit
import pytest

from conftest import run_cli
from teikit.errors import TeikitError

from .helpers import STEM, build_sample, make


@pytest.fixture
def large(tmp_path):
    """A 20 MB file (over the 16 MB from which bagit hashes in two processes), not the same in any two megabytes."""
    path = tmp_path / "facsimiles.bin"
    with path.open("wb") as out:
        for i in range(20):
            out.write(hashlib.sha512(str(i).encode()).digest() * (1 << 14))
    return path


def test_a_large_included_file_is_bagged_zipped_and_verified(project, tmp_path, large):
    done = make(project, tmp_path / "out", "--include", str(large))
    assert done.returncode == 0, done.stderr
    bag = tmp_path / "out" / STEM
    assert (bag / "data" / "extra" / large.name).read_bytes() == large.read_bytes()
    bagit.Bag(str(bag)).validate()  # bagit's full validation, every checksum read again
    crate = (bag / "data" / "ro-crate-metadata.json").read_text()
    assert hashlib.sha256(large.read_bytes()).hexdigest() in crate
    with zipfile.ZipFile(tmp_path / "out" / f"{STEM}.zip") as archive:
        assert archive.read(f"{STEM}/data/extra/{large.name}") == large.read_bytes()
    verified = run_cli("deposit", "--verify", str(bag), str(tmp_path / "out" / f"{STEM}.zip"))
    assert verified.returncode == 0, verified.stderr
    assert verified.stdout.count("every checksum matches") == 2


def test_a_file_changed_after_teikit_wrote_it_is_caught_before_anything_is_placed(project, tmp_path, monkeypatch):
    # Between teikit's copy (and checksum) and bagit's: the bag bagit would make no longer holds what was deposited.
    real = bagit.make_bag

    def make_bag_of_a_changed_file(bag_dir, *args, **kwargs):
        path = os.path.join(bag_dir, "tei", f"{STEM}.xml")
        with open(path, "ab") as tei:
            tei.write(b"<!-- changed -->\n")
        return real(bag_dir, *args, **kwargs)

    monkeypatch.setattr(bagit, "make_bag", make_bag_of_a_changed_file)
    with pytest.raises(TeikitError, match=rf"bagit could not make a valid bag: data/tei/{STEM}.xml: bagit's checksum"):
        build_sample(project, tmp_path / "out")
    assert list((tmp_path / "out").iterdir()) == []
