"""The validate stage: checkers (RELAX NG, XML Schema, Schematron XPath 1 and 2, TEI All), findings, reports."""
