"""Quieting the root logger around libraries that write to it (bagit-profile, ocfl-py and its pairtree): teikit
reports what went wrong itself, once, and must not leave a handler behind in a program that imports it."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager


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
