"""BagIt profiles (the bagit-profiles specification): the ones teikit ships, any profile JSON file, and the check of a
bag against one with the bagit-profile library.

Built in: `teikit` (teikit's own profile, identifier https://w3id.org/teikit/bagit-profile/1.0: a w3id.org permanent
URL, to redirect to the published file) and `btr` (Beyond the Repository 1.0, written out by teikit under BTR's own
identifier). Their JSON files are package data in teikit/data/bagit-profiles/. A bag declares its profile in
bag-info.txt (BagIt-Profile-Identifier).
"""

from __future__ import annotations

import copy
import json
import mimetypes
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from teikit.deposit.deferred import URLOPEN, when_used
from teikit.deposit.metadata import DATA
from teikit.deposit.rootlog import root_logger_silenced
from teikit.errors import TeikitError

if TYPE_CHECKING:
    import bagit

PROFILES = DATA / "bagit-profiles"
BUILTIN = {"teikit": "teikit-1.0.json", "btr": "btr-1.0.json"}
DEFAULT = "teikit"

# Other identifiers under which bags declare a profile, and the profile's own: DART, which made the BTR sample bags,
# names BTR 1.0 by the raw URL of the profile on the BTR project's master branch.
ALIASES = {
    "https://raw.githubusercontent.com/dpscollaborative/btr_bagit_profile/master/btr-bagit-profile.json":
        "https://github.com/dpscollaborative/btr_bagit_profile/releases/download/1.0/btr-bagit-profile.json",
}

# The manifests teikit makes where the profile allows them (BagProfile.algorithms).
CHECKSUMS = ("sha256", "sha512")

# bag-info.txt fields that teikit writes itself and no option may set.
COMPUTED = ("Payload-Oxum", "Bagging-Date", "BagIt-Profile-Identifier")

ZIP = "application/zip"
_CASE_HINT = " Set 'ignore_baginfo_tag_case' to True if you wish to ignore tag case."


@dataclass(frozen=True)
class BagProfile:
    """A BagIt profile: the name it was asked for by, its identifier and its rules (the profile's JSON)."""

    name: str
    identifier: str
    rules: Mapping

    def fields(self, flag: str) -> tuple[str, ...]:
        """The Bag-Info fields the profile marks with `flag` ("required" or "recommended")."""
        return tuple(tag for tag, rule in self.rules.get("Bag-Info", {}).items() if rule.get(flag) is True)

    def algorithms(self, default: tuple[str, ...]) -> tuple[str, ...]:
        """The manifest algorithms a bag for this profile gets (bagit uses them for the tag manifests too): every
        required one, and those of `default` the profile allows (all of `default` when it names none)."""
        required = list(self.rules.get("Manifests-Required", []))
        allowed = self.rules.get("Manifests-Allowed")
        chosen = required + [a for a in default if a not in required and (not allowed or a in allowed)]
        return tuple(sorted(chosen or allowed[:1]))

    @property
    def zip_allowed(self) -> bool:
        """Whether the bag may be delivered as a zip as well (Serialization and Accept-Serialization)."""
        return self.rules.get("Serialization", "optional") != "forbidden" and ZIP in self.rules.get(
            "Accept-Serialization", [ZIP])


def _read(path: Path, name: str, check: bool = True) -> BagProfile:
    try:
        rules = json.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise TeikitError(f"cannot read the profile: {err.strerror}", path) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        line, column = (err.lineno, err.colno) if isinstance(err, json.JSONDecodeError) else (None, None)
        raise TeikitError(f"not a BagIt profile (JSON): {err}", path, line, column) from None
    except RecursionError:  # (json recurses once per level of nesting)
        raise TeikitError("not a BagIt profile (JSON): nested too deeply to read", path) from None
    info = rules.get("BagIt-Profile-Info") if isinstance(rules, dict) else None
    identifier = info.get("BagIt-Profile-Identifier") if isinstance(info, dict) else None
    if not identifier:
        raise TeikitError("not a BagIt profile: no BagIt-Profile-Info/BagIt-Profile-Identifier", path)
    profile = BagProfile(name, identifier, rules)
    if check:
        _library_profile(profile, identifier, path)  # bagit-profile's own check of the profile
    return profile


def load_profile(spec: str, base: Path = Path()) -> BagProfile:
    """A profile by built-in name (teikit, btr) or by the path of its JSON file (relative to `base`)."""
    if spec in BUILTIN:  # (bagit-profile's check of teikit's own: tests/deposit/test_profiles.py)
        return _read(PROFILES / BUILTIN[spec], spec, check=False)
    path = base / spec
    if not path.is_file():
        raise TeikitError(f"no such profile: give {' or '.join(BUILTIN)}, or the path of a profile JSON file", spec)
    return _read(path, spec)


def builtin_for(identifier: str) -> BagProfile | None:
    """The built-in profile a bag declares by `identifier`, if teikit ships it."""
    canonical = ALIASES.get(identifier, identifier)
    return next((p for p in map(load_profile, BUILTIN) if p.identifier == canonical), None)


def _library_profile(profile: BagProfile, declared: str, where: Path | str):
    """bagit-profile's Profile for `profile`, expecting bags to declare it as `declared`; it never fetches: the
    rules are given."""
    bagit_profile = _bagit_profile()
    with root_logger_silenced():  # bagit-profile logs every failure to the root logger; teikit reports them once
        try:
            # a copy: bagit-profile fills its defaults into the rules it is given
            return bagit_profile.Profile(declared, profile=copy.deepcopy(dict(profile.rules)))
        except bagit_profile.ProfileValidationError as err:
            raise TeikitError(f"not a valid BagIt profile: {err.value}", where) from None


def missing_fields(profile: BagProfile, info: Mapping[str, object]) -> tuple[list[str], list[str]]:
    """(required, recommended) Bag-Info fields of the profile that `info` does not give (bagit adds Payload-Oxum)."""
    present = {*info, "Payload-Oxum"}
    return ([t for t in profile.fields("required") if t not in present],
            [t for t in profile.fields("recommended") if t not in present])


def refused_values(profile: BagProfile, info: Mapping[str, object]) -> list[str]:
    """One sentence per Bag-Info field whose value the profile does not allow."""
    refused = []
    for tag, rule in profile.rules.get("Bag-Info", {}).items():
        values = rule.get("values")
        given = info.get(tag)
        for value in given if isinstance(given, list) else [given] if given is not None else []:
            if values and value not in values:
                refused.append(f"{tag} must be one of {', '.join(values)} (not {value!r})")
    return refused


def check_bag(profile: BagProfile, bag_dir: Path, serialized: Path | None = None, shown_as: str | None = None,
              bag: bagit.Bag | None = None) -> list[str]:
    """Every way the bag at `bag_dir` (`bag`, if bagit has it open already) and its serialization (a zip or tar file)
    if given fail the profile, in bagit-profile's words with the bag named `shown_as`; [] when it meets the profile."""
    import bagit

    bagit_profile = _bagit_profile()
    bag = bag or bagit.Bag(str(bag_dir))
    declared = bag.info.get("BagIt-Profile-Identifier")
    expected = declared if isinstance(declared, str) and ALIASES.get(declared) == profile.identifier else (
        profile.identifier)
    checker = _library_profile(profile, expected, profile.name)
    problems: list[str] = []
    target = serialized if serialized is not None else bag_dir
    with root_logger_silenced():
        try:
            if target.is_dir() or "Accept-Serialization" in profile.rules:  # a profile without it accepts any file
                checker.validate_serialization(str(target))
        except bagit_profile.ProfileValidationError as err:
            problems.append(_mime_problem(profile, target) or str(err.value))
        try:
            checker.validate(bag)
        except (KeyError, TypeError, ValueError) as err:  # a rule of a kind bagit-profile does not expect
            raise TeikitError(f"bagit-profile cannot check a bag against this profile: {err!r}", profile.name) from None
    problems += [str(e.value) for e in checker.report.errors]
    return [_in_users_words(p, bag_dir, shown_as or str(bag_dir)) for p in problems]


def _bagit_profile():
    """bagit-profile, without urllib.request (teikit.deposit.deferred): it fetches profiles by URL, and teikit gives
    it the profile's rules."""
    when_used("urllib.request", urlopen=URLOPEN)
    import bagit_profile

    return bagit_profile


def _in_users_words(problem: str, bag_dir: Path, shown_as: str) -> str:
    """bagit-profile's message without the bag's path in front (the report names the bag) and without its advice to
    programmers; paths inside the bag as the user sees them."""
    return problem.removeprefix(f"{bag_dir}: ").replace(_CASE_HINT, "").replace(str(bag_dir), shown_as)


def _mime_problem(profile: BagProfile, target: Path) -> str | None:
    """bagit-profile says "serialization is forbidden" for every refused serialization: say which it was."""
    if target.is_file():
        kind = mimetypes.guess_type(target.name)[0] or "unknown"
        accepted = ", ".join(profile.rules.get("Accept-Serialization", [])) or "none"
        return f"the profile does not accept a bag serialized as {kind} (it accepts: {accepted})"
    if profile.rules.get("Serialization") == "required":
        return "the profile requires a serialized bag (a zip or tar file), not a folder"
    return None
