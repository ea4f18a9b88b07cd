"""Fixtures of the schema tests: the ODD read and each generated schema compiled, once per session."""

from __future__ import annotations

import pytest
import xmlschema
from lxml import etree, isoschematron

from teikit.schema.odd import read_odd
from teikit.xmlio import parse_file

from .helpers import ODD, SCHEMA_DIR


@pytest.fixture(scope="session")
def odd():
    return read_odd(ODD)


@pytest.fixture(scope="session")
def rng():
    return etree.RelaxNG(parse_file(SCHEMA_DIR / "teikit.rng"))


@pytest.fixture(scope="session")
def xsd():
    return etree.XMLSchema(parse_file(SCHEMA_DIR / "teikit.xsd"))


@pytest.fixture(scope="session")
def xsd_xmlschema():
    return xmlschema.XMLSchema(str(SCHEMA_DIR / "teikit.xsd"))


@pytest.fixture(scope="session")
def sch():
    return isoschematron.Schematron(parse_file(SCHEMA_DIR / "teikit.sch"), store_report=True)
