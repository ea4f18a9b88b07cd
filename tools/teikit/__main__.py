"""Allow `python -m teikit`."""

from teikit.cli import run

run()
