"""BagIt profiles: a deposit meets the profile it declares (checked with bagit-profile itself); what a profile requires
and nothing gives is a one-line error naming it; --verify rejects a bag that breaks its profile, and judges BTR's own
sample bags as BTR does."""

from __future__ import annotations

import json
import shutil

import bagit
import bagit_profile
import pytest

from conftest import run_cli, shared_path
from teikit.deposit.profiles import _library_profile, load_profile

from .helpers import STEM, make

BTR_ID = "https://github.com/dpscollaborative/btr_bagit_profile/releases/download/1.0/btr-bagit-profile.json"
TEIKIT_ID = "https://w3id.org/teikit/bagit-profile/1.0"


def _bagit_profile_verdict(profile_json: dict, identifier: str, bag_dir) -> list[str]:
    """bagit-profile's own verdict on a bag, called directly (not through teikit)."""
    checker = bagit_profile.Profile(identifier, profile=profile_json)
    checker.validate(bagit.Bag(str(bag_dir)))
    return [str(e) for e in checker.report.errors]


@pytest.mark.parametrize(("name", "identifier"), [("teikit", TEIKIT_ID), ("btr", BTR_ID)])
def test_the_edition_deposited_with_each_profile_passes_bagit_profile(project, tmp_path, name, identifier):
    done = make(project, tmp_path / "out", "--profile", name)
    assert done.returncode == 0, done.stderr
    bag_dir = tmp_path / "out" / STEM
    assert bagit.Bag(str(bag_dir)).info["BagIt-Profile-Identifier"] == identifier
    rules = json.loads(json.dumps(load_profile(name).rules))  # a copy: bagit-profile fills in its defaults
    if name == "btr":  # the BTR project's own file, not teikit's rendering of it
        rules = json.loads(shared_path("archive", "btr", "btr-bagit-profile.json").read_text())
    assert _bagit_profile_verdict(rules, identifier, bag_dir) == []
    assert f"profile   {name} ({identifier}): met" in done.stdout


@pytest.mark.parametrize("name", ["teikit", "btr"])
def test_each_builtin_profile_is_one_bagit_profile_accepts(name):
    # (teikit loads its own profiles without asking bagit-profile each time: this is that check, which raises
    # TeikitError for a profile bagit-profile refuses)
    profile = load_profile(name)
    checker = _library_profile(profile, profile.identifier, name)
    assert checker.profile["BagIt-Profile-Info"]["BagIt-Profile-Identifier"] == profile.identifier


def test_builtin_btr_says_what_the_btr_project_s_own_profile_says():
    official = json.loads(shared_path("archive", "btr", "btr-bagit-profile.json").read_text())
    ours = load_profile("btr").rules
    assert ours["BagIt-Profile-Info"]["BagIt-Profile-Identifier"] == official["BagIt-Profile-Info"][
        "BagIt-Profile-Identifier"]
    for key in ("Manifests-Required", "Manifests-Allowed", "Tag-Manifests-Required", "Tag-Manifests-Allowed",
                "Tag-Files-Required", "Tag-Files-Allowed", "Allow-Fetch.txt", "Serialization", "Accept-Serialization",
                "Accept-BagIt-Version"):
        assert ours[key] == official[key], key
    for flag in ("required", "recommended"):
        assert [t for t, r in ours["Bag-Info"].items() if r.get(flag)] == [
            t for t, r in official["Bag-Info"].items() if r.get(flag)], flag
    assert [t for t, r in ours["Bag-Info"].items() if r.get("required")] == [
        "Source-Organization", "Bagging-Date", "Payload-Oxum"]


def test_recommended_fields_not_given_are_listed_and_given_ones_land_in_bag_info(project, tmp_path):
    (project / "deposit.toml").write_text(
        'profile = "btr"\n[bag-info]\nContact-Email = "archive@example.org"\n'
        'Internal-Sender-Description = ["chapter IV", "first deposit"]\n')
    done = make(project, tmp_path / "out", "--bag-info", "Organization-Address=1 Main St., Springfield")
    assert done.returncode == 0, done.stderr
    assert ("recommended and not given: Bag-Group-Identifier, Bag-Count, Internal-Sender-Identifier,"
            " Bag-Producing-Organization") in done.stdout
    info = bagit.Bag(str(tmp_path / "out" / STEM)).info
    assert info["Contact-Email"] == "archive@example.org"
    assert info["Internal-Sender-Description"] == ["chapter IV", "first deposit"]
    assert info["Organization-Address"] == "1 Main St., Springfield"


def _profile_file(tmp_path, **changes) -> str:
    rules = json.loads(json.dumps(load_profile("teikit").rules))
    rules["BagIt-Profile-Info"]["BagIt-Profile-Identifier"] = "https://archive.example.org/profile.json"
    for key, value in changes.items():
        rules[key.replace("_", "-")] = value
    path = tmp_path / "archive-profile.json"
    path.write_text(json.dumps(rules))
    return str(path)


def test_a_field_the_profile_requires_and_nothing_gives_is_a_one_line_error_naming_it(project, tmp_path):
    rules = json.loads(json.dumps(load_profile("teikit").rules))
    profile = _profile_file(tmp_path, Bag_Info={**rules["Bag-Info"], "Contact-Email": {"required": True}})
    refused = make(project, tmp_path / "out", "--profile", profile)
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines() == [
        f"teikit: error: {project / 'tei' / f'{STEM}.xml'}: the BagIt profile {profile} requires Contact-Email in"
        " bag-info.txt, which the teiHeader does not give: set it in deposit.toml ([bag-info] Contact-Email = ...)"
        " or with --bag-info Contact-Email=VALUE"
    ]
    assert not (tmp_path / "out").exists()
    given = make(project, tmp_path / "out", "--profile", profile, "--bag-info", "Contact-Email=jane@example.org")
    assert given.returncode == 0, given.stderr
    assert bagit.Bag(str(tmp_path / "out" / STEM)).info["Contact-Email"] == "jane@example.org"


def test_manifests_follow_the_profile_and_a_forbidden_algorithm_fails_verify(project, tmp_path, bag):
    profile = _profile_file(tmp_path, Manifests_Required=["md5"], Manifests_Allowed=["md5", "sha512"],
                            Tag_Manifests_Required=[], Tag_Manifests_Allowed=["md5", "sha512"])
    done = make(project, tmp_path / "md5", "--profile", profile)
    assert done.returncode == 0, done.stderr
    made = tmp_path / "md5" / STEM
    assert sorted(p.name for p in made.glob("*manifest-*.txt")) == [
        "manifest-md5.txt", "manifest-sha512.txt", "tagmanifest-md5.txt", "tagmanifest-sha512.txt"]
    # teikit's usual bag has a sha256 manifest, which this profile does not allow (its identifier differs too)
    checked = run_cli("deposit", "--verify", str(bag), "--profile", profile)
    assert checked.returncode == 1
    assert (f"{bag}: profile {profile}: Unexpected payload manifest type(s) '['sha256']' present, but not allowed by"
            " Manifests-Allowed") in checked.stdout.splitlines()
    assert f"{bag}: does not meet the BagIt profile {profile}" in checked.stderr


def test_a_bag_with_a_fetch_txt_fails_its_profile(bag):
    (bag / "fetch.txt").write_text("")
    checked = run_cli("deposit", "--verify", str(bag))
    assert checked.returncode == 1
    assert f"{bag}: valid bag (" in checked.stdout  # bagit has nothing against it: the profile has
    assert f"{bag}: profile teikit: Fetch.txt is present but is not allowed." in checked.stdout.splitlines()
    assert "does not meet the BagIt profile teikit: 1 problem" in checked.stderr


def test_btr_sample_bags_good_passes_and_the_bad_ones_fail_with_what_is_wrong(tmp_path):
    good = shared_path("archive", "btr", "btr_good_sha256.tar")
    checked = run_cli("deposit", "--verify", str(good))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.splitlines() == [
        f"{good}: valid bag (6 payload files, 18242 bytes; every checksum matches)",
        f"{good}: meets the BagIt profile btr ({BTR_ID})",  # declared by its raw master-branch URL, an alias
    ]
    missing = shared_path("archive", "btr", "btr_bad_missing_required_tags.tar")
    checked = run_cli("deposit", "--verify", str(missing))
    assert checked.returncode == 1
    assert (f"{missing}: profile btr: Required tag 'Source-Organization' is not present in bag-info.txt."
            in checked.stdout.splitlines())
    extraneous = shared_path("archive", "btr", "btr_bad_extraneous_file.tar")
    checked = run_cli("deposit", "--verify", str(extraneous))
    assert checked.returncode == 1
    assert checked.stdout.splitlines()[0] == f"{extraneous}: added: data/nsqd.dat"
    assert "not a valid bag: 1 added" in checked.stderr
    # the same bag unpacked, against the BTR project's own profile file
    unpacked = tmp_path / "unpacked"
    shutil.unpack_archive(good, unpacked)
    official = shared_path("archive", "btr", "btr-bagit-profile.json")
    checked = run_cli("deposit", "--verify", str(unpacked / "btr_good_sha256"), "--profile", str(official))
    assert checked.returncode == 0, checked.stdout


def test_deposit_toml_errors_name_the_file_and_the_key(project, tmp_path):
    (project / "deposit.toml").write_text('profile = "btr"\ncontact-email = "x"\n')
    wrong = make(project, tmp_path / "out")
    assert wrong.returncode == 2
    assert "deposit.toml: unknown key 'contact-email' (known: profile, [bag-info], [ocfl])" in wrong.stderr
    (project / "deposit.toml").write_text('[bag-info]\nContact-Email = \n')
    broken = make(project, tmp_path / "out")
    assert broken.returncode == 2 and "deposit.toml:2:17: not valid TOML: Invalid value" in broken.stderr
    (project / "deposit.toml").write_text('[bag-info]\nPayload-Oxum = "1.1"\n')
    computed = make(project, tmp_path / "out")
    assert computed.returncode == 2 and "Payload-Oxum is written by teikit" in computed.stderr
    for done in (wrong, broken, computed):
        assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
