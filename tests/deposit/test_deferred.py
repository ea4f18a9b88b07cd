"""The deposit's libraries imported only when they are used, and without what a deposit never uses
(teikit.deposit.deferred), each module imported for real once something uses it. In processes of their own: these
imports happen once per process."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

PROFILE = ROOT / "tools" / "teikit" / "data" / "bagit-profiles" / "btr-1.0.json"
UNUSED = ("requests", "urllib3", "jinja2", "jinja2.environment", "urllib.request", "http.client", "ssl",
          "rocrate.vocabs", "dateutil.parser", "dateutil.parser._parser")


def _run(script: str) -> None:
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_the_deposit_package_imports_its_libraries_only_when_they_are_used():
    # A deposit forks its validation before bagit, bagit-profile and rocrate are imported (build.deposit).
    _run("""
import sys
import teikit.deposit
from teikit.deposit import build, command
assert [name for name in ("bagit", "bagit_profile", "rocrate", "ocfl") if name in sys.modules] == []
assert teikit.deposit.verify.__module__ == "teikit.deposit.verify" and teikit.deposit.BagReport.__name__ == "BagReport"
""")


def test_a_deposits_libraries_leave_out_what_it_never_uses():
    # rocrate doing `from requests import ...`, or taking more than Template from jinja2 as it is imported, or
    # bagit-profile more than urlopen from urllib.request, would end the saving, and this test with it.
    _run(f"""
import sys, types
from teikit.deposit.profiles import _bagit_profile
from teikit.deposit.records.ro_crate import _import_rocrate
bagit_profile = _bagit_profile()
_import_rocrate()
import rocrate.rocrate
real = [name for name in {UNUSED!r} if type(sys.modules.get(name)) is types.ModuleType]
assert real == [], real
""")


def test_each_stand_in_gives_way_to_the_module_when_used():
    _run(f"""
import sys, types
from teikit.deposit.profiles import _bagit_profile
from teikit.deposit.records.ro_crate import _import_rocrate
bagit_profile = _bagit_profile()
_import_rocrate()
import rocrate.model.dataset as dataset, rocrate.model.file as file, rocrate.model.preview as preview

# bagit-profile fetching a profile by URL: the lent urlopen imports urllib.request
profile = bagit_profile.Profile({PROFILE.as_uri()!r})
assert profile.profile["BagIt-Profile-Info"]["Source-Organization"]
assert type(sys.modules["urllib.request"]) is types.ModuleType and "http.client" in sys.modules
assert file.urllib.request is sys.modules["urllib.request"]  # what `import urllib.request` bound, now real
assert dataset.urlopen({PROFILE.as_uri()!r}).read().startswith(b"{{")

# requests, on first use
head = file.requests.head
import requests
assert head is requests.head and type(requests) is types.ModuleType and "urllib3" in sys.modules

# rocrate.vocabs: the term list rocrate reads is the module's own; anything else imports the module
from rocrate.model import entity
lent = entity.vocabs.RO_CRATE
assert type(entity.vocabs).__name__ == "_WhenUsed" and "@context" in lent
schema_map = entity.vocabs.SCHEMA_MAP
import rocrate.vocabs
assert type(rocrate.vocabs) is types.ModuleType and rocrate.vocabs.RO_CRATE == lent and len(schema_map) > 1000

# dateutil's parser, when rocrate reads a date back
assert "dateutil.parser" not in sys.modules
assert entity.isoparse("2024-01-02").year == 2024 and type(sys.modules["dateutil.parser"]) is types.ModuleType

# jinja2, when rocrate renders a preview; gone from sys.modules since rocrate was imported
assert "jinja2" not in sys.modules
assert preview.Template("<p>{{{{ name }}}}</p>").render(name="teikit") == "<p>teikit</p>"
import jinja2
assert type(jinja2) is types.ModuleType and "jinja2.environment" in sys.modules
""")
