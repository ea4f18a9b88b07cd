"""A payload of many megabytes: copied, hashed and zipped a chunk at a time (never held whole), hashed by bagit in
two processes, and checked against the checksums teikit took as it wrote each file."""

from __future__ import annotations

import hashlib
import json
import os
import random
import tempfile
import zipfile
from pathlib import Path
from urllib.parse import quote

import bagit
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import make_project, run_cli
from teikit import deposit
from teikit.errors import TeikitError
from teikit.xmlio import parse_file

from .helpers import FIX, STEM, build_sample, make


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


_CHUNK = 1 << 20  # teikit copies, hashes and zips a chunk at a time: sizes on either side of its edges
_SIZES = st.sampled_from([0, 1, _CHUNK - 1, _CHUNK, _CHUNK + 1, 2 * _CHUNK + 7]) | st.integers(0, 3 * _CHUNK)
_NAMES = st.text(alphabet="abcz09 -_.éß€", min_size=1, max_size=12).filter(lambda n: n.strip(" .") == n)


@given(files=st.lists(st.tuples(_NAMES, _SIZES, st.integers(0, 2**32)), min_size=1, max_size=3,
                      unique_by=lambda f: f[0].casefold()))
@settings(max_examples=12)
def test_every_included_file_reaches_bag_zip_and_crate_whole_whatever_its_size_and_name(files):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        project = make_project(root / "project", FIX / "sample-edition.xml", STEM)
        included = []
        for name, size, seed in files:
            path = root / "in" / f"{name}.bin"
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(random.Random(seed).randbytes(size))
            included.append(path)
        tei = project / "tei" / f"{STEM}.xml"
        meta = deposit.read_metadata(parse_file(tei), tei)
        payload = deposit.collect_payload(tei, deposit.Sources(include=tuple(included)))
        made = deposit.build_deposit(tei, root / "out", meta, payload, epoch=1700000000)
        bagit.Bag(str(made.bag)).validate()  # every checksum read again, by bagit
        crate = {e["@id"]: e for e in json.loads((made.bag / "data" / "ro-crate-metadata.json").read_text())["@graph"]}
        with zipfile.ZipFile(made.zip) as archive:
            assert archive.testzip() is None
            for path in included:
                data = path.read_bytes()
                assert (made.bag / "data" / "extra" / path.name).read_bytes() == data
                assert archive.read(f"{STEM}/data/extra/{path.name}") == data
                entry = crate[quote(f"extra/{path.name}")]
                assert entry["sha256"] == hashlib.sha256(data).hexdigest() and entry["contentSize"] == str(len(data))
