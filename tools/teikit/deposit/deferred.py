"""The deposit's libraries imported without modules they import and a deposit never uses: requests and
urllib.request, with which rocrate fetches remote files and bagit-profile a profile by URL (teikit gives it the
profile's rules); jinja2, with which rocrate renders an HTML preview, and dateutil's parser, with which it reads
dates back; and of rocrate.vocabs, which loads schema.org's 1.5 MB vocabulary as it is imported (rocrate's own
"FIXME: Avoid eager loading?"), the one term list rocrate reads. Each is a stand-in until something uses it, and
then the real module: nothing is lost but the time. What each import costs a deposit, measured in its process:
requests 0.045 s, jinja2 0.014 s, rocrate.vocabs 0.016 s, urllib.request (with http.client and ssl) 0.011 s,
dateutil.parser 0.005 s; the edition's whole deposit took 0.31 s before the first of them.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import sys
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class _WhenUsed(types.ModuleType):
    """Stands in for a module until something uses it, then imports it and passes every use on."""

    def __getattr__(self, name: str):
        if name == "__path__" and self.__spec__.submodule_search_locations is None:
            raise AttributeError(name)  # not a package, as the module is not (asked by `from module import ...`)
        _remove(self)
        return getattr(importlib.import_module(self.__name__), name)


def when_used(name: str, **lent: object) -> None:
    """The module `name` imported when something first uses it; `lent`: what libraries take from it as they are
    imported (`from urllib.request import urlopen`: a function that imports the real one when called), or read from
    it (data the module would compute, as it computes it). Not for a package that lends (see `while_importing`)."""
    _stand_in(name, lent)


@contextmanager
def while_importing(name: str, **lent: Callable) -> Iterator[None]:
    """`when_used` for the time a library is imported, then gone: for a package (jinja2), whose submodules must
    not be imported under a stand-in."""
    stand_in = _stand_in(name, lent)
    if stand_in is not None and stand_in.__spec__.submodule_search_locations is not None:
        stand_in.__path__ = stand_in.__spec__.submodule_search_locations  # asked by `from name import ...`
    try:
        yield
    finally:
        if stand_in is not None:
            _remove(stand_in)


def imported_when_called(module: str, function: str) -> Callable:
    """A function that imports `module` when called, then calls its `function`."""

    def call(*args, **kwargs):
        if isinstance(stand_in := sys.modules.get(module), _WhenUsed):
            _remove(stand_in)  # (its `function` is this one)
        return getattr(importlib.import_module(module), function)(*args, **kwargs)

    call.__name__ = call.__qualname__ = function
    return call


URLOPEN = imported_when_called("urllib.request", "urlopen")


def _stand_in(name: str, lent: dict[str, object]) -> _WhenUsed | None:
    """A stand-in for the module `name`, put in sys.modules (and on its package if that is imported: `import
    urllib.request` binds urllib, and the code then reads urllib.request); None if it is imported already or
    absent."""
    if name in sys.modules or (spec := _spec(name)) is None:
        return None
    stand_in = sys.modules[name] = _WhenUsed(name)
    stand_in.__spec__ = spec
    for attribute, value in lent.items():
        setattr(stand_in, attribute, value)
    package, _, module = name.rpartition(".")
    if package in sys.modules:
        setattr(sys.modules[package], module, stand_in)
    return stand_in


def _spec(name: str) -> importlib.machinery.ModuleSpec | None:
    """Where the module `name` is, found without importing its package (whose own imports may need the module:
    rocrate's imports rocrate.vocabs)."""
    package, _, _ = name.rpartition(".")
    if not package or package in sys.modules:
        return importlib.util.find_spec(name)
    parent = _spec(package)
    if parent is None or parent.submodule_search_locations is None:
        return None
    return importlib.machinery.PathFinder.find_spec(name, list(parent.submodule_search_locations))


def _remove(stand_in: _WhenUsed) -> None:
    name = stand_in.__name__
    if sys.modules.get(name) is stand_in:
        del sys.modules[name]
    package, _, module = name.rpartition(".")
    if package in sys.modules and getattr(sys.modules[package], module, None) is stand_in:
        delattr(sys.modules[package], module)
