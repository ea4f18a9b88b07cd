"""Validation of TEI documents against RELAX NG, XML Schema, Schematron and TEI All (`teikit validate`).

`validate_paths([path, ...])` is the API other stages use: the findings about those files against the project's
schemas (or the schemas named), de-duplicated and sorted.
"""

from teikit.validate.run import Check, FileResult, check_files, plan_checks, validate, validate_paths

__all__ = ["Check", "FileResult", "check_files", "plan_checks", "validate", "validate_paths"]
