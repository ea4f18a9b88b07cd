"""`teikit init`: a new edition's files, with every field the header rules need; convert right after it warns once per
field left to fill, naming the file, the line and the key; filled in, the edition is valid."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from lxml import etree

from conftest import ROOT, run_cli
from teikit.convert import convert
from teikit.convert.header_fields import FIELDS
from teikit.convert.init import header_rules, init_edition
from teikit.errors import TeikitError
from teikit.xmlio import parse_file

EXAMPLES = ROOT / "docs" / "examples"
DATA_FILES = ("header", "corrections", "names", "works", "quotations")
FILLED = {"publisher": "The Parish History Society", "date": "2026-12-01",
          "licence": "https://creativecommons.org/licenses/by/4.0/", "name": "Jane Roe"}


def fill(header: Path, values: dict[str, str]) -> None:
    """Write each `key = ""` of the header data that `values` names, as an editor would."""
    text = header.read_text(encoding="utf-8")
    for key, value in values.items():
        text, n = re.subn(rf'^{key} = ""$', f'{key} = "{value}"', text, count=1, flags=re.M)
        assert n == 1, key
    header.write_text(text, encoding="utf-8")


def test_the_template_covers_every_header_rule_of_the_odd() -> None:
    odd = parse_file(ROOT / "schema" / "teikit.odd")
    in_odd = {c.get("ident") for c in odd.iter("{http://www.tei-c.org/ns/1.0}constraintSpec")
              if c.get("ident", "").startswith("header-")}
    assert in_odd == {f.rule for f in FIELDS if f.rule} == set(header_rules())


def test_init_writes_the_sources_the_data_files_and_the_schemas(tmp_path: Path) -> None:
    result = run_cli("init", "parish", "--title", "A Short History", "--author", "Jane Roe", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    src = tmp_path / "tei" / "src"
    assert (src / "parish.txt").read_bytes() == b""
    for kind in DATA_FILES:
        tomllib.loads((src / f"parish.{kind}.toml").read_text(encoding="utf-8"))  # valid TOML, every one
    header = tomllib.loads((src / "parish.header.toml").read_text(encoding="utf-8"))
    assert header["edition"]["title"] == "A Short History: TEI edition" and header["author"]["name"] == "Jane Roe"
    assert header["edition"]["profile"] == "flp-plain"
    text = (src / "parish.header.toml").read_text(encoding="utf-8")
    for f in FIELDS:
        if f.rule:
            assert f"rule {f.rule}: {header_rules()[f.rule]}" in " ".join(text.replace("\n# ", " ").split())
    assert "https://creativecommons.org/publicdomain/zero/1.0" in text and "CC0-1.0" in text  # the licences
    assert sorted(p.name for p in (tmp_path / "schema").iterdir()) == [
        "teikit.odd", "teikit.rng", "teikit.sch", "teikit.xsd", "xml.xsd"]
    assert (tmp_path / "schema" / "teikit.odd").read_bytes() == (ROOT / "schema" / "teikit.odd").read_bytes()
    assert "6 field(s) to fill: publication.publisher, publication.date, publication.licence, source.print.date, " \
           "source.print.pages, responsibility.name" in result.stdout


def test_init_replaces_nothing_without_force_and_never_a_schema(tmp_path: Path) -> None:
    assert run_cli("init", "parish", cwd=tmp_path).returncode == 0
    header = tmp_path / "tei" / "src" / "parish.header.toml"
    header.write_text("# mine\n")
    (tmp_path / "schema" / "teikit.odd").write_text("<!-- my own ODD -->")
    again = run_cli("init", "parish", "--title", "Other", cwd=tmp_path)
    assert again.returncode == 2 and len(again.stderr.strip().splitlines()) == 1
    assert "already exists" in again.stderr and "--force" in again.stderr and header.read_text() == "# mine\n"
    forced = run_cli("init", "parish", "--title", "Other", "--force", cwd=tmp_path)
    assert forced.returncode == 0 and "Other: TEI edition" in header.read_text()
    assert (tmp_path / "schema" / "teikit.odd").read_text() == "<!-- my own ODD -->"


@pytest.mark.parametrize("args, message", [
    (("init", "my edition"), "the edition's name 'my edition' must be"),
    (("init", "parish.txt"), "without a suffix"),
    (("init", "parish", "--licence", "GPL-9"), "--licence GPL-9: name one of CC-BY-4.0,"),
    (("init", "parish", "--from", "missing.txt"), "missing.txt"),
    (("init", "parish", "--profile", "nosuch"), "no built-in profile 'nosuch'"),
])
def test_init_errors_are_one_line_and_write_nothing(tmp_path: Path, args, message) -> None:
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 2 and message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "tei").exists() and not (tmp_path / "schema").exists()


def test_convert_after_init_warns_once_per_field_to_fill_then_the_filled_edition_is_valid(tmp_path: Path) -> None:
    init_edition("parish", tmp_path, title="A Short History of the Parish", author="Jane Roe",
                 source=EXAMPLES / "parish.txt")
    source, header = tmp_path / "tei" / "src" / "parish.txt", tmp_path / "tei" / "src" / "parish.header.toml"
    lines = header.read_text(encoding="utf-8").split("\n")
    unfilled = [f for f in convert(source).findings if f.rule == "header-unfilled"]
    assert [(f.file, f.message.split(" ")[0]) for f in unfilled] == [
        (str(header), k) for k in ("publication.publisher", "publication.date", "publication.licence",
                                   "source.print.date", "responsibility.name")]  # pages: the text has markers
    assert all(lines[f.line - 1].endswith('= ""') for f in unfilled)
    assert "rule header-publisher" in unfilled[0].message and "rule header-licence" in unfilled[2].message
    fill(header, {**FILLED, "date": "2026-12-01"})
    text = header.read_text(encoding="utf-8").replace('date = ""', 'date = "1901"')
    header.write_text(text, encoding="utf-8")
    out = tmp_path / "tei" / "parish.xml"
    converted = run_cli("convert", str(source), "-o", str(out))
    assert converted.returncode == 0 and "header-" not in converted.stderr
    validated = run_cli("validate", str(out))
    assert validated.returncode == 0, validated.stdout
    assert "1 valid, 0 invalid" in validated.stdout


def test_an_unfilled_required_field_is_one_warning_and_validate_names_the_rule(tmp_path: Path) -> None:
    init_edition("parish", tmp_path, title="T", author="A", source=EXAMPLES / "parish.txt", licence="CC-BY-4.0")
    header = tmp_path / "tei" / "src" / "parish.header.toml"
    fill(header, {k: v for k, v in FILLED.items() if k not in ("publisher", "licence")})
    result = convert(tmp_path / "tei" / "src" / "parish.txt")
    assert [f.message.split(" ")[0] for f in result.findings if f.rule == "header-unfilled"] == [
        "publication.publisher", "source.print.date"]
    (tmp_path / "out.xml").write_bytes(result.data)
    validated = run_cli("validate", str(tmp_path / "out.xml"))
    assert validated.returncode == 1 and "[header-publisher]" in validated.stdout


def test_every_commented_example_of_the_templates_is_data_the_converter_reads(tmp_path: Path) -> None:
    init_edition("parish", tmp_path, title="T", author="A", source=EXAMPLES / "parish.txt")
    src = tmp_path / "tei" / "src"
    example = re.compile(r"^# ((?:\[\[?[a-z.]+\]\]?)|(?:[a-z_]+ = .+))$")  # "# [[person]]", '# id = "hale"'
    for kind in DATA_FILES:
        path = src / f"parish.{kind}.toml"
        lines = path.read_text(encoding="utf-8").split("\n")
        uncommented = [example.sub(r"\1", line) for line in lines]
        assert uncommented != lines, kind
        path.write_text("\n".join(uncommented), encoding="utf-8")
    with pytest.raises(TeikitError, match="correction 'strcke' -> 'stroke' .* not found in line 12"):
        convert(src / "parish.txt")  # read as a correction: its text is not in this transcription
    corrections = src / "parish.corrections.toml"
    corrections.write_text(corrections.read_text(encoding="utf-8").split("[[correction]]")[0], encoding="utf-8")
    result = convert(src / "parish.txt")  # every key of every example is one the converter knows
    root = etree.fromstring(result.data)
    assert root.find(".//{*}standOff//{*}person") is not None and root.find(".//{*}listBibl/{*}bibl") is not None


def test_init_from_a_markdown_file_chooses_the_markdown_profile(tmp_path: Path) -> None:
    result = run_cli("init", "parish", "--from", str(EXAMPLES / "parish.md"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    header = tomllib.loads((tmp_path / "tei" / "src" / "parish.header.toml").read_text(encoding="utf-8"))
    assert header["edition"]["profile"] == "markdown" and "profile markdown" in result.stdout
    assert (tmp_path / "tei" / "src" / "parish.txt").read_bytes() == (EXAMPLES / "parish.md").read_bytes()


def test_init_with_a_profile_file_names_it_relative_to_the_header(tmp_path: Path) -> None:
    profile = tmp_path / "conventions.toml"
    profile.write_text('extends = "flp-plain"\n')
    init_edition("parish", tmp_path, profile=str(profile))
    header = tomllib.loads((tmp_path / "tei" / "src" / "parish.header.toml").read_text(encoding="utf-8"))
    assert header["edition"]["profile"] == "../../conventions.toml"
    with pytest.raises(TeikitError, match="no such profile file"):
        init_edition("other", tmp_path, profile=str(tmp_path / "absent.toml"))
