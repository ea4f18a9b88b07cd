"""What the attack tests share: teikit run in this process or as a process, snapshots of output folders, the
documents that attack it, and a full or read-only disk (a tmpfs when this process may mount one, else a write that
fails, injected)."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from conftest import FIXTURES, ROOT
from teikit import outputs
from teikit.cli import main

EDITION = ROOT / "tei" / "foundations-of-leninism-ch4.xml"
MINIMAL = FIXTURES / "valid" / "minimal.xml"  # valid against the project's schemas
SAMPLE = FIXTURES / "deposit" / "sample-edition.xml"  # valid, with all a deposit needs
UNSAFE = FIXTURES / "unsafe"
ODD = ROOT / "schema" / "teikit.odd"
CUSTOMIZATION = FIXTURES / "schema" / "edition.odd"  # a customization of TEI (needs the P5 source)
TRANSCRIPTION = FIXTURES / "convert" / "orphan-note.txt"
SECRET = "TOP-SECRET-4711"  # what a file that must never be read holds

# What a killed or failed run may leave: teikit's temporary files and staging folders (teikit.outputs.TEMPORARY).
DEBRIS = re.compile(r"\.teikit-\d+\.(tmp|staging)$")


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    @property
    def said(self) -> list[str]:
        """What the run said on stderr, line by line."""
        return self.err.splitlines()


def teikit(*args: str | Path, cwd: Path | None = None) -> Run:
    """`teikit ARGS` in this process (as `teikit.cli.main`): any exception that escapes is a traceback, and fails
    the test that called it."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), contextlib.chdir(cwd or Path.cwd()):
        try:
            code = main([str(a) for a in args])
        except SystemExit as stop:  # argparse's usage errors
            code = int(stop.code or 0)
    return Run(code, out.getvalue(), err.getvalue())


def teikit_process(*args: str | Path, env: dict | None = None, **popen) -> subprocess.Popen:
    """`teikit ARGS` as a process of its own (a process group of its own, so that a test can kill it all)."""
    return subprocess.Popen(
        [sys.executable, "-m", "teikit", *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, **(env or {})}, start_new_session=True, **popen,
    )


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Everything under `folder`: each file's bytes, None for a folder."""
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): None if p.is_dir() else p.read_bytes()
            for p in sorted(folder.rglob("*"))}


def debris(folder: Path) -> list[str]:
    return [p.relative_to(folder).as_posix() for p in folder.rglob("*") if DEBRIS.search(p.name)]


# ---------------------------------------------------------------- documents that attack

def inside_first_p(base: bytes, snippet: str) -> bytes:
    """`base` with `snippet` at the start of its first <p>."""
    at = base.index(b"<p>") + len(b"<p>")
    return base[:at] + snippet.encode("utf-8") + base[at:]


XML_ROWS = ("empty", "binary", "latin-1", "bom", "crlf", "xxe", "billion-laughs", "external-dtd", "xinclude",
            "xml-stylesheet", "deep")


def attack(row: str, secret: Path, base: bytes) -> bytes:
    """The bytes of the input of the bad-input row `row`, made from the valid XML document `base`; `secret` is a
    file that the attacks try to read (and a stylesheet beside it, to write it into the output)."""
    match row:
        case "empty":
            return b""
        case "binary":
            return bytes(range(256)) * 16
        case "latin-1":  # Latin-1 bytes in a document that declares (by default) UTF-8
            return inside_first_p(base, "Caf\xe9 ").replace("Café ".encode(), b"Caf\xe9 ", 1)
        case "bom":
            return b"\xef\xbb\xbf" + base
        case "crlf":
            return base.replace(b"\n", b"\r\n")
        case "xxe":
            return (UNSAFE / "xxe-local-file.xml").read_bytes().replace(b"SECRET_PATH", secret.as_uri().encode())
        case "billion-laughs":
            return (UNSAFE / "billion-laughs.xml").read_bytes()
        case "external-dtd":
            return (UNSAFE / "external-dtd.xml").read_bytes()
        case "xinclude":
            return inside_first_p(base, f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
                                        f'href="{secret.as_uri()}" parse="text"/>')
        case "xml-stylesheet":  # a stylesheet that, were it applied, would write the secret into the output
            evil = secret.with_suffix(".xsl")
            evil.write_text('<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
                            f'<xsl:template match="/"><out>{SECRET}</out></xsl:template></xsl:stylesheet>')
            declaration = base.index(b"?>") + 2
            return (base[:declaration] + f'\n<?xml-stylesheet type="text/xsl" href="{evil.as_uri()}"?>'.encode()
                    + base[declaration:])
        case "deep":
            return inside_first_p(base, "<hi>" * 100_000 + "deep" + "</hi>" * 100_000)
    raise ValueError(row)


def text_attack(row: str, secret: Path, base: bytes) -> bytes:
    """The input of a bad-input row for the commands that read a plain-text transcription: the XML attacks are text
    in a paragraph there, to be written as text."""
    match row:
        case "empty" | "binary":
            return attack(row, secret, base)
        case "latin-1":
            return base.replace(b"ends here", "ends h\xe9re".encode("latin-1"), 1)
        case "bom" | "crlf":
            return attack(row, secret, base)
    snippet = attack(row, secret, b'<?xml version="1.0"?><p></p>').replace(b"\n", b" ")
    return base.replace(b"nothing more.", b"nothing more. " + snippet + b" The end.", 1)


# ---------------------------------------------------------------- disks that refuse

def can_mount() -> bool:
    """Whether this process may mount a tmpfs (root with CAP_SYS_ADMIN), which the full and read-only disks use."""
    return os.geteuid() == 0 and os.environ.get("TEIKIT_TEST_NO_MOUNT") != "1"


def mount_tmpfs(folder: Path, options: str) -> bool:
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True)
    return done.returncode == 0


def unmount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def fill(folder: Path) -> None:
    """Fill the file system of `folder` to the last byte."""
    with contextlib.suppress(OSError), open(folder / "filler", "wb") as handle:
        while True:
            handle.write(b"\0" * 4096)
            handle.flush()


def refusing_write(number: int):
    """A replacement for teikit.outputs' low-level write that fails as a full or read-only disk does, for where no
    tmpfs can be mounted."""
    def refuse(*args, **kwargs):
        raise OSError(number, os.strerror(number))
    return refuse


def refusing_staging(number: int):
    """A replacement for teikit.outputs.staging_folder that fails as making a folder on a full or read-only disk does
    (with the message the real one gives), for where no tmpfs can be mounted."""
    def refuse(folder, name, what="cannot write", shown=None, advice=""):
        raise outputs.write_error(OSError(number, os.strerror(number)), shown or folder / name, what, advice)
    return refuse


FULL, READ_ONLY = errno.ENOSPC, errno.EROFS
