"""Many files at once: collect paths (files, folders, `-` for a list on stdin), pick a shard, run in parallel.

Used by the commands that take corpora (`validate`, `export`). Results always come back in input order, whatever
the number of workers, so that reports are stable.
"""

from __future__ import annotations

import os
import pickle
import re
import select
import signal
import struct
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, TypeVar

from teikit.errors import TeikitError

T = TypeVar("T")
R = TypeVar("R")

# A shard as given on the command line, e.g. "2/5" (the second of five parts).
SHARD = re.compile(r"^(\d+)/(\d+)$")


def collect_paths(
    args: Sequence[str], stdin: IO[str] | None = None, suffixes: tuple[str, ...] = (".xml",),
    keep_missing: bool = False,
) -> list[Path]:
    """Expand command-line arguments into files: folders recursively (sorted), `-` reads one path per line.

    A path given twice is kept once, at its first place. A missing path is an input error, or, with `keep_missing`,
    kept as a file, for the run to report with the others.
    """
    found: list[Path] = []
    for arg in args:
        if arg == "-":
            lines = (stdin or sys.stdin).read().splitlines()
            found.extend(_expand(Path(line.strip()), suffixes, keep_missing) for line in lines if line.strip())
            continue
        found.append(_expand(Path(arg), suffixes, keep_missing))
    seen: set[Path] = set()
    files: list[Path] = []
    for group in found:
        for path in group:
            if path not in seen:
                seen.add(path)
                files.append(path)
    return files


def _expand(path: Path, suffixes: tuple[str, ...], keep_missing: bool = False) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in suffixes)
    if not keep_missing and not path.exists():
        raise TeikitError("no such file or folder: check the path", path)
    return [path]


def parse_shard(text: str) -> tuple[int, int]:
    """`K/N` -> (K, N), with 1 <= K <= N."""
    match = SHARD.match(text.strip())
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise TeikitError(f"--shard takes K/N with 1 <= K <= N, e.g. 2/4; got {text!r}")
    return int(match[1]), int(match[2])


def select_shard(paths: Sequence[Path], k: int, n: int) -> list[Path]:
    """The K-th of N parts of `paths`, dealt round-robin over the sorted list.

    Every machine that is given the same files computes the same parts, so a corpus can be split across CI jobs
    without coordination; the parts differ in size by at most one file.
    """
    ordered = sorted(paths, key=lambda p: p.as_posix())
    chosen = set(ordered[k - 1 :: n])
    return [p for p in paths if p in chosen]


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


PROGRESS_MODES = ("auto", "bar", "lines", "none")


class Progress:
    """How far a run is: a bar (tqdm) on a terminal, or a line every few files for a CI log, or nothing.

    `mode` "auto": the bar when the stream is a terminal, else nothing; "bar": the bar, on a terminal only; "lines":
    a line every `every` files (by default about a tenth of them, at most 100) and at the end, e.g.
    `progress: 120/404 files (30%) in 12.3 s, about 29 s left`; "none": nothing. Nothing for one file either.
    """

    def __init__(self, total: int, stream: IO[str] | None = None, label: str = "files", enabled: bool = True,
                 mode: str = "auto", every: int | None = None):
        stream = stream if stream is not None else sys.stderr
        self._bar = None
        self._lines = None
        if not enabled or total <= 1 or mode == "none":
            return
        if mode == "lines":
            import time  # (only for the lines' times)

            self._lines = _Lines(total, stream, label, every or max(1, min(100, -(-total // 10))), time.perf_counter)
        elif stream.isatty():
            from tqdm import tqdm  # only when a bar is drawn: importing tqdm costs 40 ms, half a small validation

            # Updates come once per batch (a few dozen at most), so each is drawn (mininterval=0).
            self._bar = tqdm(
                total=total, file=stream, unit=label, leave=False, mininterval=0,
                bar_format="[{bar:30}] {n_fmt}/{total_fmt} {unit} {elapsed}",
            )

    def advance(self, count: int = 1) -> None:
        if self._bar is not None:
            self._bar.update(count)
        elif self._lines is not None:
            self._lines.advance(count)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


class _Lines:
    """The progress lines of `Progress(mode="lines")`: one each time another `every` files are done, and the last."""

    def __init__(self, total: int, stream: IO[str], label: str, every: int, clock: Callable[[], float]) -> None:
        self.total, self.stream, self.label, self.every, self.clock = total, stream, label, every, clock
        self.done = 0
        self.started = clock()

    def advance(self, count: int) -> None:
        before, self.done = self.done, min(self.total, self.done + count)
        if self.done // self.every == before // self.every and self.done < self.total:
            return
        seconds = self.clock() - self.started
        left = f", about {seconds * (self.total - self.done) / self.done:.0f} s left" if self.done < self.total else ""
        print(f"progress: {self.done}/{self.total} {self.label} ({100 * self.done // self.total}%) in "
              f"{seconds:.1f} s{left}", file=self.stream, flush=True)


def chunked(items: Sequence[T], size: int) -> list[list[T]]:
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def balanced(sizes: Sequence[int], count: int) -> list[list[int]]:
    """Indexes of items grouped into about `count` batches of similar total size, the largest batches first.

    Items are taken from the largest down, and a batch is closed once it holds its share of the total: a file
    bigger than a share is a batch of its own, and starts first, so that it does not finish last.
    """
    order = sorted(range(len(sizes)), key=lambda i: (-sizes[i], i))
    share = max(1, sum(sizes) / max(count, 1))
    batches: list[list[int]] = []
    current: list[int] = []
    total = 0
    for index in order:
        current.append(index)
        total += sizes[index]
        if total >= share:
            batches.append(current)
            current, total = [], 0
    if current:
        batches.append(current)
    return batches


def file_size(path: Path) -> int:
    """Size in bytes (0 for a file that cannot be read: the worker reports it)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def run_batches(
    work: Callable[[list[T]], list[R]],
    items: Sequence[T],
    jobs: int,
    progress: Progress | None = None,
    batches_per_job: int = 4,
    weight: Callable[[T], int] | None = None,
) -> list[R]:
    """Apply `work` to batches of `items` and return the results in input order.

    `work` takes a list and returns one result per item, so that a worker can share costly set-up (a compiled
    schema) across the files of its batch. With one job everything runs in this process, in input order. With
    several, `weight` (of an item, e.g. its file's size) balances the batches: see `balanced`.
    """
    items = list(items)
    if not items:
        return []
    jobs = max(1, min(jobs, len(items)))
    count = jobs * batches_per_job
    if jobs > 1 and weight is not None:
        groups = balanced([weight(item) for item in items], count)
    else:
        groups = chunked(range(len(items)), -(-len(items) // count))
    batches = [[items[i] for i in group] for group in groups]
    outcomes = map(work, batches) if jobs == 1 else fork_map(work, batches, jobs)
    return _gather(work, groups, batches, outcomes, progress)


# A message between processes: its length, then the pickled payload.
_LENGTH = struct.Struct("!Q")
WORKER_DIED = "a worker process ended unexpectedly (killed, or out of memory?): run again with --jobs 1 to see where"
# In a worker, what `release_later` keeps until the result is sent; None in the main process.
_released: list | None = None


def release_later(*objects: object) -> None:
    """In a worker, keep `objects` alive until its result has been sent back: freeing a big parsed document takes
    milliseconds that the parent need not wait for (and after the last task, the worker is stopped without freeing
    anything). In the main process, does nothing: the objects are freed as usual."""
    if _released is not None:
        _released.extend(objects)


def fork_map(work: Callable[[T], R], tasks: Sequence[T], jobs: int) -> Iterator[R]:
    """`work(task)` for each task, in order, computed by `jobs` forked worker processes.

    Workers are forked, so they inherit the imported modules and whatever was compiled before (schemas,
    stylesheets), and start in milliseconds; each takes the next task as soon as it is free, so that one long task
    does not hold the others back. Only task numbers and pickled results cross the pipes. An exception in `work`
    is raised here (after the other workers are stopped); a worker that dies is a TeikitError (WORKER_DIED).
    """
    # Not ProcessPoolExecutor (fork context): +25-30 ms a run, `validate --tei-all` frus-history 0.168 -> 0.200 s.
    workers: dict[int, tuple[int, int]] = {}  # result pipe (read end) -> (pid, task pipe's write end)
    try:
        for _ in range(min(jobs, len(tasks))):
            task_read, task_write = os.pipe()
            result_read, result_write = os.pipe()
            pid = os.fork()
            if pid == 0:  # the worker: close what belongs to the parent and the other workers
                for fd in [task_write, result_read, *(fd for pair in workers.items() for fd in (pair[0], pair[1][1]))]:
                    os.close(fd)
                _serve(work, tasks, task_read, result_write)  # never returns
            os.close(task_read)
            os.close(result_write)
            workers[result_read] = (pid, task_write)
        yield from _dispatch(workers, len(tasks))
    finally:
        for result_read, (pid, task_write) in workers.items():
            for fd in (result_read, task_write):
                try:
                    os.close(fd)
                except OSError:
                    pass
            try:
                # Every result is in (or the run failed): the worker only has memory left to free, which the
                # system does at once when it is killed.
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(pid, 0)


class Background:
    """`work()` started at once in a forked process, beside what this process does next (where processes cannot be
    forked, run when its result is asked for). `result()` waits for its result or raises its exception (a worker that
    dies is WORKER_DIED, as in fork_map); `stop()` ends the worker, done or not (use it in a `finally`)."""

    def __init__(self, work: Callable[[], R]) -> None:
        self._work: Callable[[], R] | None = None
        self._outcome: tuple[bool, object] | None = None
        self._pid: int | None = None
        if not hasattr(os, "fork"):
            self._work = work
            return
        task_read, task_write = os.pipe()
        self._results, result_write = os.pipe()
        self._pid = os.fork()
        if self._pid == 0:
            os.close(task_write)
            os.close(self._results)
            _serve(lambda _: work(), [None], task_read, result_write)  # never returns
        os.close(task_read)
        os.close(result_write)
        _send_task(task_write, 0)
        os.close(task_write)  # the only task: the worker exits once it has sent its result

    def result(self) -> R:
        if self._outcome is None:
            if self._work is not None:
                try:
                    self._outcome = (True, self._work())
                except Exception as err:
                    self._outcome = (False, err)
            else:
                try:
                    self._outcome = _receive(self._results)
                finally:
                    self.stop()
        ok, value = self._outcome
        if not ok:
            raise value  # type: ignore[misc]
        return value  # type: ignore[return-value]

    def stop(self) -> None:
        if self._pid is None:
            return
        pid, self._pid = self._pid, None
        os.close(self._results)
        try:
            os.kill(pid, signal.SIGKILL)  # its result is in, or no longer wanted: it has only memory left to free
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)


def _dispatch(workers: dict[int, tuple[int, int]], count: int) -> Iterator:
    """Hand out task numbers, gather results, and yield them in task order."""
    pending = iter(range(count))
    running: dict[int, int] = {}  # result pipe -> task number
    for result_read, (_, task_write) in workers.items():
        number = next(pending, None)
        if number is not None:
            _send_task(task_write, number)
            running[result_read] = number
    done: dict[int, object] = {}
    following = 0
    poller = select.poll()  # (not select.select, which cannot watch descriptors above 1023)
    for result_read in running:
        poller.register(result_read, select.POLLIN)
    while following < count:
        for result_read, _ in poller.poll():
            ok, value = _receive(result_read)
            if not ok:
                raise value
            done[running.pop(result_read)] = value
            number = next(pending, None)
            if number is None:
                poller.unregister(result_read)  # nothing more for this worker
            else:
                _send_task(workers[result_read][1], number)
                running[result_read] = number
        while following in done:
            yield done.pop(following)
            following += 1


def _serve(work: Callable, tasks: Sequence, task_read: int, result_write: int) -> None:
    """A worker's loop: read a task number, send back (True, result) or (False, exception); exit at end of input."""
    global _released
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the workers
    _released = []
    code = 0
    try:
        while True:
            header = _read_exactly(task_read, _LENGTH.size)
            if not header:
                break
            try:
                message = (True, work(tasks[_LENGTH.unpack(header)[0]]))
            except Exception as err:  # sent to the parent, which raises it
                message = (False, err)
            try:
                payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception as err:
                payload = pickle.dumps((False, RuntimeError(f"a result could not be sent back: {err}")))
            _write_all(result_write, _LENGTH.pack(len(payload)) + payload)
            del message, payload
            _released.clear()
    except BaseException:
        code = 1
    finally:
        os._exit(code)  # no clean-up of the parent's state: it is the parent's


def _send_task(fd: int, number: int) -> None:
    try:
        os.write(fd, _LENGTH.pack(number))
    except BrokenPipeError:  # (not to be taken for the reader of teikit's output going away)
        raise TeikitError(WORKER_DIED) from None


def _receive(fd: int) -> tuple[bool, object]:
    """(True, result) or (False, exception) from a worker; a message cut short means the worker died."""
    header = _read_exactly(fd, _LENGTH.size)
    size = _LENGTH.unpack(header)[0] if len(header) == _LENGTH.size else -1
    payload = _read_exactly(fd, size) if size >= 0 else b""
    if len(payload) != size:
        return False, TeikitError(WORKER_DIED)
    return pickle.loads(payload)


def _read_exactly(fd: int, size: int) -> bytes:
    """`size` bytes from `fd`, or fewer at end of file."""
    chunks, remaining = [], size
    while remaining:
        chunk = os.read(fd, min(remaining, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _gather(
    work: Callable, groups: list[list[int]], batches: list[list], outcomes: Iterable[list], progress: Progress | None
) -> list:
    results: list = [None] * sum(len(group) for group in groups)
    for group, batch_results in zip(groups, outcomes, strict=True):
        if len(batch_results) != len(group):
            raise RuntimeError(f"{work.__name__} returned {len(batch_results)} results for {len(group)} items")
        for index, result in zip(group, batch_results, strict=True):
            results[index] = result
        if progress:
            progress.advance(len(group))
    return results
