"""An in-memory IANA time zone database for `zoneinfo`.

The sandbox has no `/usr/share/zoneinfo`, and data files of the `tzdata` package cannot be read
at run time either (there is no file system then). So the build reads every TZif file of the
`tzdata` package into a dict, which the snapshot keeps, and `zoneinfo` is pointed at it.
"""

from __future__ import annotations

import importlib.util
import io
import os
import zoneinfo
from zoneinfo import _common, _tzpath  # type: ignore[attr-defined]

_TZIF_MAGIC = b"TZif"


def find_tzdata() -> str | None:
    """Directory of the `tzdata` package's zone files, without importing the package."""
    spec = importlib.util.find_spec("tzdata")
    if spec is None or not spec.submodule_search_locations:
        return None
    return os.path.join(next(iter(spec.submodule_search_locations)), "zoneinfo")


def load_database(root: str) -> dict[str, bytes]:
    """Every TZif file under `root`, keyed by zone name ("Europe/Paris")."""
    zones: dict[str, bytes] = {}
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if d != "__pycache__")
        for file in sorted(files):
            path = os.path.join(directory, file)
            with open(path, "rb") as handle:
                data = handle.read()
            if data.startswith(_TZIF_MAGIC):
                key = os.path.relpath(path, root).replace(os.sep, "/")
                zones[key] = data
    return zones


def install(zones: dict[str, bytes]) -> None:
    """Serve `zoneinfo.ZoneInfo(key)` and `zoneinfo.available_timezones()` from `zones`."""

    def load_tzdata(key: str) -> io.BytesIO:
        try:
            return io.BytesIO(zones[key])
        except KeyError:
            raise zoneinfo.ZoneInfoNotFoundError(f"No time zone found with key {key}") from None

    def available_timezones() -> set[str]:
        return {key for key in zones if key not in ("Factory", "localtime", "posixrules")}

    zoneinfo.reset_tzpath(to=[])
    _common.load_tzdata = load_tzdata  # type: ignore[assignment]
    _tzpath.available_timezones = available_timezones
    zoneinfo.available_timezones = available_timezones
