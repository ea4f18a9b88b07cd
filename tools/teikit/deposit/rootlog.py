"""Quieting the libraries' logging: the root logger around those that write to it (bagit-profile, ocfl-py and its
pairtree), and bagit's logger: teikit reports what went wrong itself, once, and must not leave a handler behind in a
program that imports it."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

# bagit logs every step, and logs a traceback when make_bag fails; teikit reports errors itself, once. (Here: every
# module that imports bagit imports this one.)
logging.getLogger("bagit").addHandler(logging.NullHandler())


@contextmanager
def root_logger_silenced() -> Iterator[None]:
    """Inside: the root logger drops everything, and a library's logging.basicConfig() changes nothing (it does
    nothing once the root logger has a handler). After: the root logger's handlers and level are as before."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    root.handlers[:] = [logging.NullHandler()]
    try:
        yield
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
