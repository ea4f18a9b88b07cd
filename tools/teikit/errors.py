"""The one error type of teikit, the exit codes every subcommand shares, and where in a file an error is."""

from __future__ import annotations

from pathlib import Path

# Exit codes shared by every subcommand.
EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


class TeikitError(Exception):
    """A problem the user can fix; the CLI prints it as one line and exits with `exit_code`."""

    def __init__(
        self,
        message: str,
        file: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
        exit_code: int = EXIT_USAGE,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.column = column
        self.exit_code = exit_code

    def __reduce__(self):  # keep file, line and column when the error crosses a process boundary
        return (type(self), (self.message, self.file, self.line, self.column, self.exit_code))

    def location(self) -> str:
        """`file:line:col` with the parts that are known."""
        parts = [p for p in (self.file, self.line, self.column) if p is not None]
        return ":".join(str(p) for p in parts)

    def __str__(self) -> str:
        where = self.location()
        return f"{where}: {self.message}" if where else self.message


def byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """The line and column (from 1, in bytes) of the byte at `offset` in `data`: where an error in a file's bytes
    is, e.g. the first byte that is not UTF-8."""
    return data.count(b"\n", 0, offset) + 1, offset - (data.rfind(b"\n", 0, offset) + 1) + 1
