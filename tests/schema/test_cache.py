"""The cache of compiled ODDs: an entry is used only while every input of its compilation is unchanged and its files
intact; a damaged one is compiled again and replaced; only the entries used last are kept; and a compilation found
there imports neither lxml nor the compiler."""

from __future__ import annotations

import json
import os
import shutil
import sys
import time

import pytest

from conftest import FIXTURES, ROOT, run_cli, shared_path
from teikit.schema import cache
from teikit.schema.cache import Compiled
from teikit.schema.compile import compile_odd, odd_schemas

ODDS = FIXTURES / "schema"
T = "http://www.tei-c.org/ns/1.0"


@pytest.fixture
def p5subset():
    return shared_path("tei", "p5", "p5subset.xml")


@pytest.fixture(autouse=True)
def cache_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("TEIKIT_CACHE_DIR", str(tmp_path / "cache"))
    for name in ("TEIKIT_P5_SOURCE", "XML_CATALOG_FILES"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path / "cache" / "odd"


def compiled_from_cache(*args, **options) -> bool:
    return compile_odd(*args, **options).cached


def test_a_chained_odd_and_the_source_are_inputs_and_so_is_teikits_version(p5subset, tmp_path, monkeypatch):
    for name in ("edition.odd", "edition-letters.odd"):
        shutil.copy(ODDS / name, tmp_path / name)
    source = tmp_path / "p5subset.xml"
    shutil.copy(p5subset, source)
    letters = tmp_path / "edition-letters.odd"  # its schemaSpec/@source is edition.odd
    formats = ("rng",)
    assert not compiled_from_cache(letters, source, formats)
    assert compiled_from_cache(letters, source, formats)
    chained = tmp_path / "edition.odd"
    chained.write_text(chained.read_text().replace('ident="section"', 'ident="part"'))
    changed = compile_odd(letters, source, formats)
    assert not changed.cached and b"<value>part</value>" in changed.files["edition-letters.rng"]
    assert compiled_from_cache(letters, source, formats)
    data = source.read_bytes()
    source.write_bytes(data.replace(b"marks paragraphs in prose.", b"marks paragraphs in prose!", 1))
    assert source.read_bytes() != data
    changed = compile_odd(letters, source, formats)
    assert not changed.cached and b"marks paragraphs in prose!" in changed.files["edition-letters.rng"]
    monkeypatch.setattr(cache, "__version__", "0.0.0-another")
    assert not compiled_from_cache(letters, source, formats)


def write_customization(folder, body: str) -> os.PathLike:
    odd = folder / "custom.odd"
    odd.write_text(f"""<TEI xmlns="{T}"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>
<publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc></teiHeader>
<text><body><schemaSpec ident="custom" start="TEI">
<moduleRef key="tei"/><moduleRef key="header"/><moduleRef key="core"/><moduleRef key="textstructure"/>
{body}
</schemaSpec></body></text></TEI>""")
    return odd


RNG = "http://relaxng.org/ns/structure/1.0"


def test_included_grammars_specification_groups_and_a_catalog_that_appears_are_inputs(p5subset, tmp_path):
    (tmp_path / "grammar.rng").write_text(f'<grammar xmlns="{RNG}"><include href="part.rng"/></grammar>')
    part = tmp_path / "part.rng"
    part.write_text(f'<grammar xmlns="{RNG}"><define name="thing"><element name="thing"><text/></element>'
                    "</define></grammar>")
    group = tmp_path / "group.xml"
    group.write_text(f'<specGrp xmlns="{T}"><elementSpec ident="p" mode="change"><desc>a paragraph</desc>'
                     "</elementSpec></specGrp>")
    odd = write_customization(tmp_path, '<moduleRef url="grammar.rng"/><specGrpRef target="group.xml"/>')
    first = compile_odd(odd, p5subset, ("rng",))
    assert b'<define name="thing">' in first.files["custom.rng"] and b"a paragraph" in first.files["custom.rng"]
    entry = json.loads(next(cache.cache_dir().glob("odd/*/entry.json")).read_text())
    assert sorted(os.path.basename(p) for p in entry["inputs"]) == [
        "custom.odd", "grammar.rng", "group.xml", "p5subset.xml", "part.rng"]
    assert [os.path.basename(p) for p in entry["absent"]] == ["catalog.xml"]  # beside the ODD, looked for
    assert compiled_from_cache(odd, p5subset, ("rng",))
    part.write_text(part.read_text().replace("<text/>", "<empty/>"))  # included by grammar.rng
    assert not compiled_from_cache(odd, p5subset, ("rng",))
    group.write_text(group.read_text().replace("a paragraph", "one paragraph"))
    again = compile_odd(odd, p5subset, ("rng",))
    assert not again.cached and b"one paragraph" in again.files["custom.rng"]
    assert compiled_from_cache(odd, p5subset, ("rng",))
    (tmp_path / "catalog.xml").write_text('<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog"/>')
    assert not compiled_from_cache(odd, p5subset, ("rng",))


def test_the_path_of_the_odd_as_given_names_the_entry(p5subset, tmp_path, monkeypatch):
    """Warnings name the ODD as it was given, so the same ODD named otherwise is another entry."""
    odd = tmp_path / "edition.odd"
    shutil.copy(ODDS / "edition.odd", odd)
    monkeypatch.chdir(tmp_path)
    first = compile_odd("edition.odd", p5subset, ("rng",))
    assert first.warnings and all(w.file == "edition.odd" for w in first.warnings)
    other = compile_odd(odd, p5subset, ("rng",))
    assert not other.cached and all(w.file == str(odd) for w in other.warnings)
    again = compile_odd("edition.odd", p5subset, ("rng",))
    assert again.cached and [str(w) for w in again.warnings] == [str(w) for w in first.warnings]


@pytest.mark.parametrize("damage", ["truncated", "same size, other bytes", "missing", "entry.json garbled"])
def test_a_damaged_entry_is_compiled_again_and_replaced_not_trusted(damage, p5subset, tmp_path):
    odd = tmp_path / "edition.odd"
    shutil.copy(ODDS / "edition.odd", odd)
    first = compile_odd(odd, p5subset, ("rng", "sch"))
    (folder,) = cache.cache_dir().glob("odd/*/")
    rng = folder / "edition.rng"
    if damage == "truncated":
        rng.write_bytes(rng.read_bytes()[:1000])
    elif damage == "same size, other bytes":
        data = rng.read_bytes()
        rng.write_bytes(data.replace(b"<element", b"<elemenX", 1))
        assert len(rng.read_bytes()) == len(data)
    elif damage == "missing":
        rng.unlink()
    else:
        (folder / "entry.json").write_bytes(b'{"teikit": "0.1.0", "files": [1, ')
    second = compile_odd(odd, p5subset, ("rng", "sch"))
    assert not second.cached and second.files == first.files
    assert rng.read_bytes() == first.files["edition.rng"]  # the entry replaced
    third = compile_odd(odd, p5subset, ("rng", "sch"))
    assert third.cached and third.files == first.files
    rng.write_bytes(b"damaged")
    paths = odd_schemas(odd, p5subset)  # validate --odd reads them in place: checked first too
    assert [p.read_bytes() for p in paths] == [first.files["edition.rng"], first.files["edition.sch"]]


def fake(ident: str) -> Compiled:
    return Compiled(ident, {f"{ident}.rng": f"<grammar>{ident}</grammar>".encode()}, [])


def test_only_the_entries_used_last_are_kept_each_use_counting(cache_folder, monkeypatch):
    monkeypatch.setattr(cache, "KEEP", 2)
    now = time.time()
    for age, key in ((300, "a" * 40), (200, "b" * 40)):
        assert cache.store(key, fake(key[0]), [], [])
        os.utime(cache_folder / key / "entry.json", (now - age, now - age))
    assert cache.find("a" * 40) is not None  # a, used now, is the last used
    debris = cache_folder / f".{'d' * 40}.99999.tmp"  # left by a killed run two hours ago
    debris.mkdir()
    os.utime(debris, (now - 7200, now - 7200))
    in_the_making = cache_folder / f".{'e' * 40}.99998.tmp"  # another run's, just begun
    in_the_making.mkdir()
    older = cache_folder / f"{'f' * 40}.pickle"  # an entry of teikit before entry.json
    older.write_bytes(b"...")
    assert cache.store("c" * 40, fake("c"), [], [])
    assert sorted(p.name for p in cache_folder.iterdir()) == sorted(["a" * 40, "c" * 40, in_the_making.name])
    assert cache.load(cache.find("a" * 40)).files == fake("a").files


def test_a_cached_compilation_imports_neither_lxml_nor_the_compiler(p5subset, tmp_path):
    out = tmp_path / "out"
    env = {"TEIKIT_CACHE_DIR": str(tmp_path / "cache")}
    args = ["schema", str(ODDS / "edition.odd"), "--source", str(p5subset), "-o", str(out)]
    first = run_cli(*args, env=env)
    assert first.returncode == 0 and "wrote" in first.stdout
    code = ("import sys; from teikit.cli import main; code = main(sys.argv[1:]); "
            "print(code, sorted(m for m in sys.modules if m.startswith(('lxml', 'teikit.schema', 'elementpath'))))")
    done = run_cli_code(code, args, env)
    assert done.splitlines()[-1] == ("0 ['teikit.schema', 'teikit.schema.cache', 'teikit.schema.command', "
                                     "'teikit.schema.compile', 'teikit.schema.digests']")
    assert "unchanged" in done and "wrote" not in done  # the files in out/ hold these bytes already


def run_cli_code(code: str, args: list[str], env: dict) -> str:
    import subprocess

    done = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **env})
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_outputs_that_hold_the_compiled_bytes_are_left_as_they_are(p5subset, tmp_path):
    out = tmp_path / "out"
    env = {"TEIKIT_CACHE_DIR": str(tmp_path / "cache")}
    args = ["schema", str(ODDS / "edition.odd"), "--source", str(p5subset), "-o", str(out), "--formats", "rng,sch"]
    assert run_cli(*args, env=env).returncode == 0
    rng, sch = out / "edition.rng", out / "edition.sch"
    stamps = [rng.stat().st_mtime_ns, sch.stat().st_mtime_ns]
    rng.write_bytes(rng.read_bytes().replace(b"<choice>", b"<choice> ", 1))  # edited since: the user's again
    refused = run_cli(*args, env=env)
    assert refused.returncode == 2 and refused.stderr == (f"teikit: error: {rng}: exists, and teikit did not write "
                                                          "it (or it was changed since): give --force to replace it\n")
    again = run_cli(*args, "--force", env=env)
    assert again.returncode == 0
    assert again.stdout.splitlines() == [f"wrote {rng}", f"unchanged {sch}"]
    assert sch.stat().st_mtime_ns == stamps[1] and b"<choice> " not in rng.read_bytes()


def test_a_remembered_digest_is_used_only_while_the_file_has_the_same_stat(tmp_path, monkeypatch):
    """digests.py: a file rewritten with other bytes of the same size is hashed again (its change time moved), and
    a file changed a moment ago is not remembered at all (a second write in the same tick would look unchanged)."""
    import hashlib

    from teikit.schema import digests

    monkeypatch.setattr(digests, "_memo", None)
    path = tmp_path / "input.xml"
    path.write_bytes(b"<a>one</a>")
    assert digests.sha256_of(path) == hashlib.sha256(b"<a>one</a>").hexdigest()
    assert str(path) not in digests._load()  # fresh: hashed each time
    old = time.time() - 60
    os.utime(path, (old, old))
    time.sleep(digests.FRESH_SECONDS + 0.1)  # the change time, which utime just set, must age too
    digests.sha256_of(path)
    assert str(path) in json.loads((tmp_path / "cache" / digests.MEMO).read_text())
    path.write_bytes(b"<a>two</a>")  # same size; a new change time
    os.utime(path, (old, old))  # the modification time put back, as a tool restoring times would
    assert digests.sha256_of(path) == hashlib.sha256(b"<a>two</a>").hexdigest()
