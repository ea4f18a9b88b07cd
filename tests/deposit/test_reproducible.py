"""Reproducibility: with SOURCE_DATE_EPOCH two runs write the same bytes, modes and times; the zip is a bag."""

from __future__ import annotations

import os
import zipfile

import bagit

from .helpers import PAYLOAD, STEM, make, tree_bytes


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


def test_the_zip_stores_every_file_as_it_is_in_the_bag(project, tmp_path):
    assert make(project, tmp_path / "out").returncode == 0
    bag = tmp_path / "out" / STEM
    with zipfile.ZipFile(tmp_path / "out" / f"{STEM}.zip") as archive:
        files = [info for info in archive.infolist() if not info.is_dir()]
        assert {info.compress_type for info in files} == {zipfile.ZIP_STORED}
        assert archive.testzip() is None  # every CRC right
        for info in files:
            assert archive.read(info) == (bag.parent / info.filename).read_bytes(), info.filename
