"""deposit.toml: what a deposit needs that the teiHeader does not say, read once; the command's options win over it.

`teikit deposit` reads `deposit.toml` in the current folder (or the file given with --config). Every key is optional:

    profile = "btr"                       # --profile: teikit (the default), btr, or a profile JSON file

    [bag-info]                            # fields for bag-info.txt (--bag-info NAME=VALUE); a list repeats one
    Contact-Name = "Jane Editor"
    Contact-Email = "jane@example.org"

    [ocfl]                                # add each deposit as a new version of the edition's OCFL object
    root = "archive/ocfl"                 # --ocfl ROOT: the storage root (created when missing)
    id = "https://example.org/edition"    # --ocfl-id: the object's identifier
    message = "Corrections of chapter 4"  # --message: the version's message
    user-name = "Jane Editor"             # --user-name: who made the version
    user-address = "mailto:jane@example.org"  # --user-address: a URI for them

Paths in the file are relative to the file's folder.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from teikit.errors import TeikitError

FILE_NAME = "deposit.toml"
_OCFL_KEYS = {"root": "ocfl_root", "id": "ocfl_id", "message": "message", "user-name": "user_name",
              "user-address": "user_address"}
# A BagIt tag name: no colon, no line break, no space at either end, e.g. "Contact-Email".
_TAG_NAME = re.compile(r"^[^:\s](?:[^:\r\n]*[^:\s])?$")
# tomllib's place in its messages, e.g. "Invalid value (at line 3, column 9)".
_TOML_PLACE = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass(frozen=True)
class Settings:
    """Deposit settings from deposit.toml or from the command's options (None: not given)."""

    profile: str | None = None
    profile_base: Path = Path()  # the folder a profile file's path is relative to
    bag_info: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (field, its values): a list in TOML repeats a field
    ocfl_root: Path | None = None
    ocfl_id: str | None = None
    message: str | None = None
    user_name: str | None = None
    user_address: str | None = None

    def over(self, base: Settings) -> Settings:
        """These settings where given, `base`'s elsewhere; bag-info fields of both, these replacing `base`'s."""
        values = {f.name: getattr(self, f.name) if getattr(self, f.name) is not None else getattr(base, f.name)
                  for f in dataclasses.fields(self)}
        values["bag_info"] = tuple({**dict(base.bag_info), **dict(self.bag_info)}.items())
        values["profile_base"] = self.profile_base if self.profile is not None else base.profile_base
        return Settings(**values)


def bag_info_options(texts: list[str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """--bag-info NAME=VALUE options as fields (a name given twice gets both values), each checked."""
    fields: dict[str, tuple[str, ...]] = {}
    for text in texts:
        name, equals, value = text.partition("=")
        if not equals:
            raise TeikitError(f"--bag-info takes NAME=VALUE (e.g. Contact-Email=jane@example.org), not {text!r}")
        name, value = _checked(name.strip(), value.strip(), "--bag-info")
        fields[name] = (*fields.get(name, ()), value)
    return tuple(fields.items())


def _checked(name: str, value: str, where: str) -> tuple[str, str]:
    if not _TAG_NAME.match(name):
        raise TeikitError(f"{where}: {name!r} is not a bag-info.txt field name (no colon, space or line break)")
    if "\n" in value or "\r" in value:
        raise TeikitError(f"{where}: the value of {name} must be one line")
    return name, value


def read_settings(path: Path) -> Settings:
    """The settings in a deposit.toml; an unknown key or a value of the wrong kind is an error naming it."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise TeikitError(f"cannot read the deposit settings: {err.strerror}", path) from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        place = _TOML_PLACE.search(str(err))
        line, column = (int(place[1]), int(place[2])) if place else (None, None)
        raise TeikitError(f"not valid TOML: {_TOML_PLACE.sub('', str(err)).strip()}", path, line, column) from None
    except RecursionError:  # (tomllib recurses once per level of nesting)
        raise TeikitError("not valid TOML: nested too deeply to read: flatten it", path) from None
    base = path.parent
    unknown = sorted(set(data) - {"profile", "bag-info", "ocfl"})
    if unknown:
        raise TeikitError(f"unknown key {unknown[0]!r} (known: profile, [bag-info], [ocfl])", path)
    profile = data.get("profile")
    if profile is not None and not isinstance(profile, str):
        raise TeikitError("profile must be a name or a path (a string)", path)
    fields = []
    for name, value in _table(data, "bag-info", path).items():
        items = value if isinstance(value, list) else [value]
        if not all(isinstance(item, str) for item in items):
            raise TeikitError(f"[bag-info] {name} must be a string or a list of strings", path)
        fields.append((name, tuple(_checked(name, item, f"{path} [bag-info]")[1] for item in items)))
    ocfl = _table(data, "ocfl", path)
    unknown = sorted(set(ocfl) - set(_OCFL_KEYS))
    if unknown:
        raise TeikitError(f"unknown key [ocfl] {unknown[0]!r} (known: {', '.join(_OCFL_KEYS)})", path)
    for key, value in ocfl.items():
        if not isinstance(value, str):
            raise TeikitError(f"[ocfl] {key} must be a string", path)
    values = {_OCFL_KEYS[key]: value for key, value in ocfl.items()}
    if "ocfl_root" in values:
        values["ocfl_root"] = base / values["ocfl_root"]
    return Settings(profile=profile, profile_base=base, bag_info=tuple(fields), **values)


def _table(data: dict, key: str, path: Path) -> dict:
    table = data.get(key, {})
    if not isinstance(table, dict):
        raise TeikitError(f"{key} must be a table ([{key}])", path)
    return table


def find_settings(explicit: Path | None, folder: Path = Path()) -> Settings:
    """The settings of --config FILE (which must exist), else of deposit.toml in `folder` if there is one."""
    if explicit is not None:
        if not explicit.is_file():
            raise TeikitError("no such deposit settings file (--config)", explicit)
        return read_settings(explicit)
    default = folder / FILE_NAME
    return read_settings(default) if default.is_file() else Settings()
