"""teikit: a toolkit for TEI P5 scholarly editions (convert, validate, export, deposit)."""

# The one place the version lives (pyproject.toml reads it); a constant, since importlib.metadata costs start-up time.
__version__ = "0.1.0"
