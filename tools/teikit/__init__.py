"""teikit: a toolkit for TEI P5 scholarly editions (convert, validate, export, deposit)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("teikit")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
