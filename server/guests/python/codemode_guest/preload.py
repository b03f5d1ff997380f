"""Choose and import the standard library modules that snippets can use.

The component is a snapshot of an interpreter taken at build time: at run time there is no file
system, so a snippet can import only what was imported while building. The standard library
also imports many of its own modules lazily (`concurrent.futures.thread`, codecs from
`encodings`, `multiprocessing.popen_*`, ...), so importing a few top-level names is not enough:
this imports every module and submodule of the standard library that works on WASI, except the
ones listed in `EXCLUDED` below.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import sys
import warnings
from collections.abc import Iterable, Iterator

#: Top-level standard library names not bundled, with the reason.
EXCLUDED: dict[str, str] = {
    "__hello__": "demo module",
    "__phello__": "demo package",
    "_pyrepl": "the interactive REPL; snippets do not run in one",
    "antigravity": "opens a web browser",
    "this": "prints the Zen of Python when imported",
    "ensurepip": "installs pip; there is no file system to install into",
    "venv": "creates virtual environments on disk",
    "idlelib": "the IDLE editor needs a display",
    "tkinter": "needs a display and Tcl/Tk",
    "turtle": "needs a display and Tcl/Tk",
    "turtledemo": "needs a display and Tcl/Tk",
    "test": "CPython's own test suite",
    "lib2to3": "removed from newer CPython",
    "pydoc_data": "help() topics (about 0.7 MB of text)",
    "_pydecimal": "pure-Python fallback of _decimal, which is built in",
    "_pydatetime": "pure-Python fallback of _datetime, which is built in",
    "_pyio": "pure-Python fallback of _io, which is built in",
}

#: Submodules not bundled: tests shipped inside packages, and `__main__` modules, which run a
#: command-line program when imported.
_EXCLUDED_PARTS = frozenset({"__main__", "test", "tests", "idle_test"})


def stdlib_module_names(stdlib_paths: Iterable[str] | None = None) -> list[str]:
    """Every importable standard library module name (packages walked), minus the excluded ones."""
    names = set()
    for name in sorted(sys.stdlib_module_names):
        if name in EXCLUDED or name in sys.builtin_module_names:
            continue
        names.add(name)
    for info in pkgutil.iter_modules(list(stdlib_paths) if stdlib_paths else None):
        if info.ispkg and info.name in names:
            names.update(_submodules(info.name))
    return sorted(names)


def _submodules(package: str) -> Iterator[str]:
    """Names of the modules under `package`, found without importing anything."""
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return
    if spec is None or not spec.submodule_search_locations:
        return
    for info in pkgutil.walk_packages(spec.submodule_search_locations, package + ".",
                                      onerror=lambda _name: None):
        if not _EXCLUDED_PARTS.intersection(info.name.split(".")):
            yield info.name


def import_all(names: Iterable[str]) -> tuple[list[str], dict[str, str]]:
    """Import each module; return the imported names and, for the others, why they failed.

    Failures are expected: modules that need a missing C extension (`_ctypes`, `_ssl`, ...)
    cannot be imported on WASI, and snippets get a clear message for them instead.
    """
    imported: list[str] = []
    failed: dict[str, str] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # deprecated modules warn when imported
        for name in names:
            try:
                importlib.import_module(name)
            except BaseException as exc:  # SystemExit from odd modules too
                failed[name] = f"{type(exc).__name__}: {exc}"
            else:
                imported.append(name)
    return imported, failed
