"""The report for CI dashboards: JUnit XML, a testsuite for well-formedness and one per check, a testcase per file."""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from teikit.findings import Finding
from teikit.validate.reports.summary import plural
from teikit.validate.run import Check, FileResult


def render_junit(
    checks: Sequence[Check], results: Sequence[FileResult], quiet: bool = False, seconds: float | None = None
) -> str:
    """JUnit XML: a testsuite for well-formedness and one per check, a testcase per file in each.

    A file fails a suite when that check found an error in it; its findings are the failure's text. A file that
    could not be read (not well-formed, or an input or security finding) fails the well-formed suite and is skipped
    by the others. Warnings and infos go to the testcase's system-out.
    """
    root = etree.Element("testsuites", name="teikit validate")
    suites = [("well-formed", "well-formed", [r.well_formed for r in results])]
    for index, check in enumerate(checks):
        suites.append((str(check), check.kind, [r.by_check[index] for r in results]))
    total = failed = 0
    for suite_name, kind, per_file in suites:
        suite = etree.SubElement(root, "testsuite", name=suite_name)
        failures = skipped = 0
        for result, found in zip(results, per_file, strict=True):
            case = etree.SubElement(suite, "testcase", classname=f"teikit.{kind}", name=result.file, file=result.file)
            errors = [f for f in found if f.severity == "error"]
            if kind != "well-formed" and not result.parsed:
                why = "the file could not be read" if result.unreadable else "not well-formed XML"
                etree.SubElement(case, "skipped", message=why)
                skipped += 1
            elif errors:
                failure = etree.SubElement(case, "failure", message=_failure_message(errors), type=errors[0].rule)
                failure.text = "".join(f"{f}\n" for f in errors)
                failures += 1
            notes = [f for f in found if f.severity != "error"]
            if notes:
                etree.SubElement(case, "system-out").text = "".join(f"{f}\n" for f in notes)
        suite.set("tests", str(len(results)))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        suite.set("skipped", str(skipped))
        total += len(results)
        failed += failures
    root.set("tests", str(total))
    root.set("failures", str(failed))
    root.set("errors", "0")
    if seconds is not None:
        root.set("time", f"{seconds:.3f}")
    return etree.tostring(root, pretty_print=True, xml_declaration=True, encoding="UTF-8").decode("utf-8")


def _failure_message(errors: list[Finding]) -> str:
    first = errors[0]
    more = f" (and {plural(len(errors) - 1, 'more error')})" if len(errors) > 1 else ""
    return f"line {first.line}: [{first.rule}] {first.message}{more}"
