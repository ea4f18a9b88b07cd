"""Validation of TEI documents against RELAX NG, XML Schema, Schematron and TEI All (`teikit validate`).

`validate_paths([path, ...])` is the API other stages use: the findings about those files against the project's
schemas (or the schemas named), de-duplicated and sorted; a file that cannot be read has a finding whose rule is
one of UNREADABLE.
"""

from teikit.validate.run import UNREADABLE, Check, FileResult, check_files, plan_checks, validate, validate_paths

__all__ = ["UNREADABLE", "Check", "FileResult", "check_files", "plan_checks", "validate", "validate_paths"]
