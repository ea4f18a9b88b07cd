"""OCFL: each deposit with --ocfl is the next version of the edition's object, unchanged files stored once, valid by
ocfl-py's validator; --verify checks every version's digests; an update killed at any moment leaves the object valid
at its previous version (or, once it is done, at the new one)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
from pathlib import Path

import pytest

from conftest import run_cli
from teikit.deposit.rootlog import root_logger_silenced

from .helpers import EPOCH, STEM, make

LATER = str(int(EPOCH) + 86400)  # the next day


def _objects(root: Path) -> list[Path]:
    """The objects in the storage root (not counting what a killed update left in extensions/)."""
    return [p.parent for p in root.rglob("0=ocfl_object_1.1") if "extensions" not in p.relative_to(root).parts]


def _object(root: Path) -> Path:
    found = _objects(root)
    assert len(found) == 1, found
    return found[0]


def _inventory(obj: Path) -> dict:
    return json.loads((obj / "inventory.json").read_text())


def _ocfl_valid(obj: Path) -> tuple[bool, str]:
    """ocfl-py's own validator, every digest checked (called directly, not through teikit)."""
    with root_logger_silenced():  # ocfl-py's pairtree configures the root logger on import
        import ocfl

        passed, validator = ocfl.Object(path=str(obj)).validate(check_digests=True)
    return passed, str(validator)


def _two_versions(project: Path, tmp_path: Path) -> Path:
    root = tmp_path / "ocfl"
    first = make(project, tmp_path / "out", "--ocfl", str(root), "--message", "First deposit",
                 "--user-name", "Jane Editor", "--user-address", "mailto:jane@example.org")
    assert first.returncode == 0, first.stderr
    assert "v1 added" in first.stdout
    (project / "build" / f"{STEM}.html").write_text("<html><body><h1>IV, revised</h1></body></html>\n")
    second = make(project, tmp_path / "out", "--force", "--ocfl", str(root), "--message", "Revised export",
                  epoch=LATER)
    assert second.returncode == 0, second.stderr
    assert "v2 added" in second.stdout
    return root


def test_two_deposits_of_a_changed_edition_give_a_valid_object_with_two_versions_storing_unchanged_files_once(
        project, tmp_path):
    root = _two_versions(project, tmp_path)
    obj = _object(root)
    passed, messages = _ocfl_valid(obj)
    assert passed, messages
    inventory = _inventory(obj)
    assert inventory["id"] == "https://example.org/teikit/foundations-of-leninism-ch4"  # the header's URI idno
    assert sorted(inventory["versions"]) == ["v1", "v2"] and inventory["head"] == "v2"
    v1, v2 = inventory["versions"]["v1"], inventory["versions"]["v2"]
    assert (v1["message"], v1["user"], v1["created"]) == (
        "First deposit", {"name": "Jane Editor", "address": "mailto:jane@example.org"}, "2023-11-14T22:13:20Z")
    assert (v2["message"], v2["created"]) == ("Revised export", "2023-11-15T22:13:20Z")
    # every digest is stored once, and v2 stores only what changed
    assert all(len(paths) == 1 for paths in inventory["manifest"].values())
    stored_in_v2 = sorted(p.relative_to(obj / "v2" / "content").as_posix()
                          for p in (obj / "v2" / "content").rglob("*") if p.is_file())
    assert f"data/exports/{STEM}.html" in stored_in_v2 and f"data/tei/{STEM}.xml" not in stored_in_v2
    assert set(stored_in_v2) <= {f"data/exports/{STEM}.html", "data/ro-crate-metadata.json", "bag-info.txt",
                                 "manifest-sha256.txt", "manifest-sha512.txt", "tagmanifest-sha256.txt",
                                 "tagmanifest-sha512.txt"}
    logical = sorted(path for paths in v2["state"].values() for path in paths)
    assert logical == sorted(p.relative_to(tmp_path / "out" / STEM).as_posix()
                             for p in (tmp_path / "out" / STEM).rglob("*") if p.is_file())
    checked = run_cli("deposit", "--verify", str(obj), str(root))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.splitlines() == [
        f"{obj}: valid OCFL object {inventory['id']}, 2 versions, head v2 (every file of every version has its"
        " digest)",
        f"{root}: valid OCFL storage root, 1 of 1 objects valid (every file of every version has its digest)",
    ]


def test_the_same_deposit_again_adds_no_version(project, tmp_path):
    root = tmp_path / "ocfl"
    assert make(project, tmp_path / "out", "--ocfl", str(root)).returncode == 0
    again = make(project, tmp_path / "out", "--force", "--ocfl", str(root))
    assert again.returncode == 0, again.stderr
    assert "unchanged, v1 holds this deposit already" in again.stdout
    assert sorted(_inventory(_object(root))["versions"]) == ["v1"]


def test_a_tampered_file_in_any_version_is_caught_by_verify(project, tmp_path):
    obj = _object(_two_versions(project, tmp_path))
    tampered = obj / "v1" / "content" / "data" / "tei" / f"{STEM}.xml"
    tampered.write_bytes(tampered.read_bytes().replace(b"Proletariat", b"Proletariai"))
    checked = run_cli("deposit", "--verify", str(obj))
    assert checked.returncode == 1
    assert checked.stdout.splitlines() == [
        f"{obj}: altered: v1/content/data/tei/{STEM}.xml (its digest is not the one the inventory records)"]
    assert f"{obj}: not a valid OCFL object: 1 error" in checked.stderr


def test_a_folder_that_is_not_an_ocfl_storage_root_is_refused(project, tmp_path):
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "notes.txt").write_text("not OCFL\n")
    refused = make(project, tmp_path / "out", "--ocfl", str(tmp_path / "plain"))
    assert refused.returncode == 2
    assert "not an OCFL storage root (no 0=ocfl_1.1 declaration in it)" in refused.stderr
    assert not (tmp_path / "out").exists()  # nothing replaced, nothing half-made
    lonely = run_cli("deposit", str(project / "tei" / f"{STEM}.xml"), "-o", str(tmp_path / "o"), "--message", "x")
    assert lonely.returncode == 2 and "give --ocfl ROOT too" in lonely.stderr


def _killed_at(call: int, root: Path, bag: Path) -> int | None:
    """Add `bag` to the object in `root` in a forked child that SIGKILLs itself at its `call`-th Python function
    call; the number of calls it made when it ran to the end, else None."""
    from teikit.deposit.ocfl import VersionInfo, add_version

    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: no cleanup, no finally blocks, like a power cut
        os.close(reader)
        calls = 0

        def count(frame, event, arg):
            nonlocal calls
            if event == "call":
                calls += 1
                if calls == call:
                    os.kill(os.getpid(), signal.SIGKILL)

        sys.setprofile(count)
        add_version(root, "the-edition", bag, VersionInfo("2023-11-15T22:13:20Z", "v2"), None)
        sys.setprofile(None)
        os.write(writer, str(calls).encode())
        os._exit(0)
    os.close(writer)
    with os.fdopen(reader) as pipe:
        made = pipe.read()
    _, status = os.waitpid(pid, 0)
    return int(made) if os.WIFEXITED(status) and made else None


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the kill test forks")
@pytest.mark.parametrize("step", ["first version", "next version"])
def test_a_deposit_killed_at_any_moment_leaves_the_root_valid_and_the_object_at_its_previous_or_new_version(
        project, tmp_path, step):
    from teikit.deposit.ocfl import LAYOUT, VersionInfo, add_version, verify_ocfl

    assert make(project, tmp_path / "first").returncode == 0
    (project / "build" / f"{STEM}.html").write_text("<html><body><h1>IV, revised</h1></body></html>\n")
    assert make(project, tmp_path / "second", epoch=LATER).returncode == 0
    pristine = tmp_path / "pristine"
    if step == "next version":
        add_version(pristine, "the-edition", tmp_path / "first" / STEM, VersionInfo("2023-11-14T22:13:20Z", "v1"), None)
        bag, states = tmp_path / "second" / STEM, ["v1", "v2"]
    else:  # an empty storage root, where the object is made
        with root_logger_silenced():
            import ocfl

            ocfl.StorageRoot(root=str(pristine), layout_name=LAYOUT).initialize()
        bag, states = tmp_path / "first" / STEM, [None, "v1"]

    def head(root: Path) -> str | None:
        found = _objects(root)
        return _inventory(found[0])["head"] if found else None

    trial = tmp_path / "trial"  # ocfl-py is imported by now, so each child starts at once
    shutil.copytree(pristine, trial)
    total = _killed_at(0, trial, bag)  # never killed: counts the calls of a whole update
    assert total and total > 100
    heads = []
    # 24 moments spread over the update, and more near its end, where the object is swapped (the count of calls
    # varies a little from run to run: the last ones may finish)
    moments = {*range(1, total, max(1, total // 24)), *(total - n for n in (2000, 1000, 500, 200, 100, 50, 20, 5))}
    for call in sorted(m for m in moments if m > 0):
        shutil.rmtree(trial)
        shutil.copytree(pristine, trial)
        _killed_at(call, trial, bag)
        report = verify_ocfl(trial)  # ocfl-py: the root's structure (no half-made folder) and every object's digests
        assert report.valid, f"killed at call {call} of {total}: {report.problems}"
        heads.append(head(trial))
        assert heads[-1] in states
        if heads[-1] is not None:
            passed, messages = _ocfl_valid(_object(trial))
            assert passed, f"killed at call {call} of {total}: {messages}"
        # whatever the moment, the next deposit completes the update
        add_version(trial, "the-edition", bag, VersionInfo("2023-11-15T22:13:20Z", "again"), None)
        assert head(trial) == states[-1] and verify_ocfl(trial).valid
    assert heads[0] == states[0] and heads[-1] == states[-1], heads  # the kills span the whole update
    assert heads == sorted(heads, key=states.index)  # and the object never went back


def test_deposit_toml_gives_the_root_the_identifier_and_the_version_s_message_and_user(project, tmp_path):
    (project / "deposit.toml").write_text(
        '[ocfl]\nroot = "archive/ocfl"\nid = "https://example.org/editions/ch4"\nmessage = "From deposit.toml"\n'
        'user-name = "Jane Editor"\nuser-address = "mailto:jane@example.org"\n')
    done = make(project, tmp_path / "out", "--message", "From the command line")  # an option wins over the file
    assert done.returncode == 0, done.stderr
    inventory = _inventory(_object(project / "archive" / "ocfl"))  # relative to deposit.toml's folder
    assert inventory["id"] == "https://example.org/editions/ch4"
    assert inventory["versions"]["v1"]["message"] == "From the command line"
    assert inventory["versions"]["v1"]["user"] == {"name": "Jane Editor", "address": "mailto:jane@example.org"}


def test_without_an_atomic_exchange_the_object_is_swapped_by_two_renames(project, tmp_path, monkeypatch):
    from teikit.deposit import ocfl
    from teikit.deposit.ocfl import VersionInfo, add_version

    root = _two_versions(project, tmp_path)
    monkeypatch.setattr(ocfl, "_exchange", lambda a, b: False)  # as on a system without renameat2
    (project / "build" / f"{STEM}.txt").write_text("IV. The Dictatorship of the Proletariat, revised\n")
    assert make(project, tmp_path / "third", epoch=LATER).returncode == 0
    update = add_version(root, _inventory(_object(root))["id"], tmp_path / "third" / STEM,
                         VersionInfo("2023-11-16T22:13:20Z", "third"), None)
    assert (update.head, update.added) == ("v3", True)
    assert _ocfl_valid(_object(root))[0]
    assert not (root / "extensions" / "teikit-staging").exists()  # nothing left aside
