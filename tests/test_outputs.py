"""The house rules for outputs (teikit.outputs, teikit.ledger, teikit.folderlock), each on its own."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from teikit import outputs
from teikit.errors import TeikitError
from teikit.ledger import ledger_for
from teikit.outputs import Inputs, atomic_write, check_outputs, claim, refuse_replacing, write_file


def gone_pid() -> int:
    """The id of a process that has ended."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(done.stdout)


# ---------------------------------------------------------------- no output is an input

def test_an_output_that_is_an_input_under_any_name_is_refused(tmp_path):
    doc = tmp_path / "doc.xml"
    doc.write_text("<TEI/>")
    (tmp_path / "link.xml").symlink_to(doc)
    os.link(doc, tmp_path / "hard.xml")
    (tmp_path / "sub").mkdir()
    inputs = Inputs(files=(doc,))
    for other in (doc, tmp_path / "sub" / ".." / "doc.xml"):
        with pytest.raises(TeikitError, match="is an input of this command: choose another output") as caught:
            check_outputs([other], inputs)
        assert caught.value.file == str(other) and caught.value.exit_code == 2
    for other in (tmp_path / "link.xml", tmp_path / "hard.xml"):
        with pytest.raises(TeikitError, match=f"is the input {doc} under another name"):
            check_outputs([other], inputs)
    check_outputs([tmp_path / "doc.html"], inputs)  # beside it: fine


def test_an_output_inside_a_folder_read_or_a_source_folder_is_refused(tmp_path):
    corpus, src = tmp_path / "corpus", tmp_path / "tei" / "src"
    corpus.mkdir()
    src.mkdir(parents=True)
    inputs = outputs.documents([corpus / "a.xml", tmp_path / "tei" / "ed.xml"], [corpus])
    with pytest.raises(TeikitError, match=f"lies inside {corpus}, a folder this command reads"):
        check_outputs([corpus / "html" / "a.html"], inputs)
    with pytest.raises(TeikitError, match=f"is {corpus}, a folder this command reads"):
        check_outputs([corpus], inputs)
    with pytest.raises(TeikitError, match=f"lies inside {src}, the transcription and editorial data of the source"):
        check_outputs([src / "ed.html"], inputs)
    check_outputs([tmp_path / "tei" / "ed.html", tmp_path / "build" / "a.html"], inputs)


def test_an_output_under_a_file_or_where_an_input_would_be_read_is_refused(tmp_path):
    good = tmp_path / "good.xml"
    good.write_text("<TEI/>")
    with pytest.raises(TeikitError) as caught:
        check_outputs([good / "x.html"], Inputs())
    said = f"{good / 'x.html'}: cannot be written: {good} is a file, not a folder: choose another output"
    assert str(caught.value) == said
    header = tmp_path / "ed.header.toml"  # editorial data the converter would read, were it there
    with pytest.raises(TeikitError, match="is a path this command reads input from"):
        check_outputs([header], Inputs(files=(header,)))


# ---------------------------------------------------------------- never a file teikit did not write

def test_only_a_file_teikit_wrote_is_replaced_without_force(tmp_path):
    out = tmp_path / "out.html"
    write_file(out, "first")
    write_file(out, "second, longer")  # teikit's own: replaced
    assert out.read_text() == "second, longer"
    out.write_text("the user's edit")  # changed since: the user's now
    with pytest.raises(TeikitError, match=r"exists, and teikit did not write it \(or it was changed since\): give"):
        write_file(out, "third")
    assert out.read_text() == "the user's edit"
    write_file(out, "third", force=True)
    assert out.read_text() == "third"


def test_an_empty_file_or_one_that_holds_the_new_bytes_already_is_replaced(tmp_path):
    empty, same, other = tmp_path / "empty.txt", tmp_path / "same.txt", tmp_path / "other.txt"
    empty.touch()
    same.write_text("the very bytes")
    other.write_text("the very bytes")
    write_file(empty, "new")
    write_file(same, "the very bytes")
    assert empty.read_text() == "new"
    with pytest.raises(TeikitError, match="teikit did not write it"):
        write_file(other, "other bytes")
    assert other.read_text() == "the very bytes"


def test_a_bag_folder_teikit_placed_is_its_own_until_a_file_in_it_changes(tmp_path):
    staging = outputs.staging_folder(tmp_path, "bag")
    (staging / "bag" / "data").mkdir(parents=True)
    (staging / "bag" / "data" / "a.txt").write_text("payload")
    outputs.place([(staging / "bag", tmp_path / "bag")], staging)
    ledger = ledger_for(tmp_path)
    assert ledger.is_own(tmp_path / "bag")
    (tmp_path / "bag" / "data" / "a.txt").write_text("payload, edited")
    assert not ledger.is_own(tmp_path / "bag")
    with pytest.raises(TeikitError, match="teikit did not write it"):
        refuse_replacing(tmp_path / "bag", False)


def test_the_ledger_knows_both_files_while_a_run_is_between_recording_and_renaming(tmp_path):
    out = tmp_path / "out.txt"
    atomic_write(out, "old")
    ledger = ledger_for(tmp_path)
    ledger.record(out.name, "f:3:123")  # what a killed run recorded for the file it did not rename
    assert ledger.is_own(out)
    assert ledger.compacted().splitlines()[1:] == [f"f:3:{out.stat().st_mtime_ns} out.txt"]  # then only the one


def test_a_ledger_lives_outside_the_folder_it_describes(tmp_path):
    write_file(tmp_path / "a.html", "page")
    assert [p.name for p in tmp_path.iterdir()] == ["a.html"]
    assert ledger_for(tmp_path).path.is_relative_to(Path(os.environ["TEIKIT_STATE_DIR"]))


# ---------------------------------------------------------------- temporary files, debris, locks

def test_a_failed_write_names_the_output_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    out = tmp_path / "x.html"
    atomic_write(out, "previous")

    def full(fd, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("teikit.outputs.os.write", full)
    with pytest.raises(TeikitError) as caught:
        atomic_write(out, "next")
    assert str(caught.value) == f"{out}: cannot write: the disk is full: free some space and run again"
    assert [p.name for p in tmp_path.iterdir()] == ["x.html"] and out.read_text() == "previous"


def test_a_run_removes_what_killed_runs_left_and_puts_set_aside_outputs_back(tmp_path):
    dead, alive = gone_pid(), os.getppid()
    (tmp_path / f".x.html.teikit-{dead}.tmp").write_text("half")
    (tmp_path / f".x.html.teikit-{alive}.tmp").write_text("another teikit's, still running")
    staging = tmp_path / f".ed.teikit-{dead}.staging"
    (staging / outputs.ATTIC).mkdir(parents=True)
    (staging / outputs.ATTIC / "ed.zip").write_text("the previous zip")  # set aside, never replaced
    (staging / outputs.ATTIC / "ed.cff").write_text("older")  # set aside, and replaced already
    (tmp_path / "ed.cff").write_text("newer")
    (tmp_path / ".hidden-of-the-user").write_text("not teikit's")
    with claim([tmp_path]):
        pass
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f".x.html.teikit-{alive}.tmp", ".hidden-of-the-user", "ed.zip", "ed.cff"])
    assert (tmp_path / "ed.zip").read_text() == "the previous zip" and (tmp_path / "ed.cff").read_text() == "newer"


def test_a_folder_a_run_made_and_left_empty_is_removed(tmp_path):
    with pytest.raises(TeikitError), claim([tmp_path / "new" / "out"]):
        raise TeikitError("the run failed")
    assert list(tmp_path.iterdir()) == []


HOLD = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDONLY)
fcntl.flock(fd, fcntl.LOCK_EX)
print("held", flush=True)
time.sleep(float(sys.argv[2]))
"""


def test_a_second_run_waits_for_the_lock_and_gives_up_saying_why(tmp_path, monkeypatch, capsys):
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path), "30"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        monkeypatch.setenv("TEIKIT_LOCK_TIMEOUT", "0.3")
        started = time.monotonic()
        with pytest.raises(TeikitError) as caught, claim([tmp_path]):
            pass
        assert 0.3 <= time.monotonic() - started < 5
        assert str(caught.value).startswith(f"{tmp_path}: another teikit is writing into this folder (waited 0.3 s)")
        assert capsys.readouterr().err == f"teikit: waiting: another teikit is writing into {tmp_path}\n"
        holder.kill()  # killed, its lock goes with it
        holder.wait()
        monkeypatch.setenv("TEIKIT_LOCK_TIMEOUT", "5")
        with claim([tmp_path]):
            fd = os.open(tmp_path, os.O_RDONLY)
            with pytest.raises(BlockingIOError):  # held by this run now
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.close(fd)
    finally:
        holder.kill()
        holder.wait()


def test_the_pause_hook_stops_a_write_where_it_is_named(tmp_path):
    code = f"from teikit.outputs import atomic_write; atomic_write({str(tmp_path / 'x.txt')!r}, 'data')"
    run = subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True,
                           env={**os.environ, "TEIKIT_PAUSE_AT": "write"})
    try:
        assert run.stderr.readline() == "teikit: paused at write:1 (TEIKIT_PAUSE_AT)\n"
        assert [p.name for p in tmp_path.iterdir()] == [f".x.txt.teikit-{run.pid}.tmp"]  # written, not renamed
    finally:
        run.kill()
        run.wait()


def test_a_folder_replaced_as_a_whole_may_not_hold_an_input(tmp_path):
    doc = tmp_path / "site" / "doc.xml"
    doc.parent.mkdir()
    doc.write_text("<TEI/>")
    with pytest.raises(TeikitError) as caught:
        check_outputs([], Inputs(files=(doc,)), whole=[tmp_path / "site"])
    assert str(caught.value) == (f"{tmp_path / 'site'}: would replace the folder that holds the input {doc}: "
                                 "write the output elsewhere")
    check_outputs([], Inputs(files=(doc,)), whole=[tmp_path / "other-site"])
