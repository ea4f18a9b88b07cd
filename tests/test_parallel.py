"""Many files at once: path collection, shards, ordered parallel runs, the progress bar."""

from __future__ import annotations

import io
import os
import re
import time
from functools import partial
from pathlib import Path

import pytest

from conftest import FIXTURES, run_cli
from teikit.errors import TeikitError
from teikit.parallel import (
    Background,
    Progress,
    balanced,
    collect_paths,
    parse_shard,
    release_later,
    run_batches,
    select_shard,
)


def _tree(tmp_path: Path) -> list[Path]:
    files = [tmp_path / "b" / "2.xml", tmp_path / "a" / "1.xml", tmp_path / "a" / "deep" / "3.XML"]
    for f in files:
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text("<x/>")
    (tmp_path / "a" / "notes.txt").write_text("not xml")
    return files


def test_folders_expand_recursively_sorted_and_skip_other_files(tmp_path: Path) -> None:
    _tree(tmp_path)
    names = [p.relative_to(tmp_path).as_posix() for p in collect_paths([str(tmp_path)])]
    assert names == ["a/1.xml", "a/deep/3.XML", "b/2.xml"]


def test_dash_reads_paths_from_stdin_and_duplicates_are_kept_once(tmp_path: Path) -> None:
    files = _tree(tmp_path)
    listing = io.StringIO(f"{files[0]}\n\n{files[1]}\n{files[0]}\n")
    assert collect_paths([str(files[1]), "-"], stdin=listing) == [files[1], files[0]]


def test_missing_path_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(TeikitError) as caught:
        collect_paths([str(tmp_path / "absent.xml")])
    assert caught.value.exit_code == 2 and "no such file" in str(caught.value)


def test_shards_partition_the_files_whatever_their_order() -> None:
    paths = [Path(f"f{i:02}.xml") for i in range(11)]
    shards = [select_shard(paths, k, 3) for k in (1, 2, 3)]
    assert sorted(p for s in shards for p in s) == sorted(paths)
    assert [len(s) for s in shards] == [4, 4, 3]
    assert set(select_shard(list(reversed(paths)), 2, 3)) == set(shards[1])


@pytest.mark.parametrize("bad", ["0/3", "4/3", "3", "a/b", "1/0"])
def test_bad_shard_is_a_usage_error(bad: str) -> None:
    with pytest.raises(TeikitError, match="--shard"):
        parse_shard(bad)
    assert parse_shard("2/5") == (2, 5)


def _square_with_pid(batch: list[int]) -> list[tuple[int, int]]:
    return [(n * n, os.getpid()) for n in batch]


def test_parallel_results_come_back_in_input_order_from_several_workers() -> None:
    items = list(range(50))
    results = run_batches(_square_with_pid, items, jobs=2)
    assert [r[0] for r in results] == [n * n for n in items]
    assert os.getpid() not in {pid for _, pid in results}  # the work ran in worker processes
    assert {pid for _, pid in run_batches(_square_with_pid, items, jobs=1)} == {os.getpid()}


def test_balanced_batches_put_big_files_alone_and_first() -> None:
    sizes = [5, 300, 10, 40, 200, 7, 60, 90, 3]  # 715 in all: a share of 4 batches is about 179
    groups = balanced(sizes, 4)
    assert groups[0] == [1] and groups[1] == [4]  # the two files bigger than a share, each alone, biggest first
    assert sorted(i for group in groups for i in group) == list(range(len(sizes)))  # each item exactly once
    assert [sizes[group[0]] for group in groups] == sorted((sizes[group[0]] for group in groups), reverse=True)
    assert balanced([], 4) == [] and balanced([0, 0], 4) == [[0, 1]]  # empty files: one batch


def test_results_come_back_in_input_order_when_batches_are_balanced_by_size() -> None:
    items = list(range(30))
    sizes = [(n * 37) % 11 + (1000 if n == 17 else 0) for n in items]
    before = _children()
    results = run_batches(_square_with_pid, items, jobs=2, weight=sizes.__getitem__)
    assert [r[0] for r in results] == [n * n for n in items]
    assert len({pid for _, pid in results}) == 2 and _children() == before  # two workers, both gone


def _fail_on_seven(batch: list[int]) -> list[int]:
    if 7 in batch:
        raise TeikitError("seven is refused", "seven.xml", 7, 3)
    return batch


def test_an_error_in_a_worker_keeps_its_file_line_and_column() -> None:
    with pytest.raises(TeikitError) as caught:
        run_batches(_fail_on_seven, list(range(20)), jobs=2)
    assert str(caught.value) == "seven.xml:7:3: seven is refused"


def _die_on_five(batch: list[int]) -> list[int]:
    if 5 in batch:
        os._exit(9)  # as a worker killed by the system would
    return batch


def test_a_worker_that_dies_is_an_error_and_no_worker_is_left_behind() -> None:
    before = _children()
    with pytest.raises(TeikitError, match="worker process ended unexpectedly"):
        run_batches(_die_on_five, list(range(20)), jobs=2)
    assert _children() == before


class _DieWhenFreed:
    def __del__(self) -> None:
        os._exit(9)


def _die_after_sending(batch: list[int]) -> list[int]:
    # Freed once the result is sent: each worker dies between two tasks. (Every batch, so that a worker surely gets a
    # task after dying: one quick worker could otherwise take every task left while the dying one is late.)
    release_later(_DieWhenFreed())
    return batch


def test_a_worker_that_dies_between_tasks_is_an_error_too() -> None:
    with pytest.raises(TeikitError, match="worker process ended unexpectedly"):
        run_batches(_die_after_sending, list(range(40)), jobs=2)


def _children() -> set[str]:
    """The pids of this process's children (Linux)."""
    path = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children")
    return set(path.read_text().split()) if path.exists() else set()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_draws_on_a_terminal_and_stays_silent_otherwise() -> None:
    term, pipe = _Terminal(), io.StringIO()
    for stream in (term, pipe):
        bar = Progress(4, stream)
        run_batches(lambda batch: batch, [1, 2, 3, 4], jobs=1, progress=bar)
        bar.close()
    assert "4/4 files" in term.getvalue()
    assert pipe.getvalue() == ""


def test_progress_lines_come_every_few_files_and_at_the_end() -> None:
    pipe = io.StringIO()  # (not a terminal: a CI log)
    lines = Progress(25, pipe, mode="lines", every=10)
    run_batches(lambda batch: batch, list(range(25)), jobs=1, progress=lines, batches_per_job=25)
    lines.close()
    counts = [line.split()[1] for line in pipe.getvalue().splitlines()]
    assert counts == ["10/25", "20/25", "25/25"]
    first = r"progress: 10/25 files \(40%\) in \d+\.\d s, about \d+ s left"
    assert re.fullmatch(first, pipe.getvalue().split("\n")[0])
    assert "left" not in pipe.getvalue().splitlines()[-1]
    # By default about a tenth of the files at a time; nothing with "none", nor a bar where there is no terminal.
    default = io.StringIO()
    run_batches(lambda batch: batch, list(range(30)), jobs=1, progress=Progress(30, default, mode="lines"),
                batches_per_job=30)
    assert len(default.getvalue().splitlines()) == 10
    for mode, stream in (("none", _Terminal()), ("bar", io.StringIO())):
        quiet = Progress(30, stream, mode=mode)
        run_batches(lambda batch: batch, list(range(30)), jobs=1, progress=quiet)
        assert stream.getvalue() == "", mode


def test_validate_prints_progress_lines_on_standard_error() -> None:
    result = run_cli("validate", str(FIXTURES / "valid"), "--progress", "lines", "-j", "1")
    assert result.returncode == 0
    assert re.search(r"^progress: \d+/\d+ files \(100%\) in \d+\.\d s$", result.stderr, re.M), result.stderr


def _pid_and(value: int) -> tuple[int, int]:
    return os.getpid(), value * 2


def _fails() -> None:
    raise TeikitError("no such schema file", "missing.rng")


def test_work_in_the_background_runs_in_another_process_and_gives_its_result_or_its_error() -> None:
    before = _children()
    work = Background(partial(_pid_and, 21))
    pid, value = work.result()
    assert value == 42 and pid != os.getpid()
    assert work.result() == (pid, 42)  # asked again: the same result, the worker gone
    with pytest.raises(TeikitError, match="missing.rng: no such schema file"):
        Background(_fails).result()
    with pytest.raises(TeikitError, match="worker process ended unexpectedly"):
        Background(partial(os._exit, 9)).result()
    assert _children() == before


def test_work_in_the_background_that_is_no_longer_wanted_is_stopped() -> None:
    before = _children()
    work = Background(partial(time.sleep, 60))
    assert _children() != before
    started = time.monotonic()
    work.stop()
    assert _children() == before and time.monotonic() - started < 5
