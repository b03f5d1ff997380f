"""Modules a run can import from source held in memory (the WIT `run-request.modules`).

The host passes `(name, source)` pairs with dotted names (`servers.github`, `skills.summarize`).
Parent packages are implied: `servers` exists (empty) when only `servers.github` was given, and
a given module that has given children is a package. Each module's file name is its path
(`servers/github.py`, `servers/__init__.py`), registered with `linecache` so tracebacks show its
source, and a syntax error in it names that file and line.

`provided(modules)` installs them for one run and removes every trace afterwards (the guest
instance is fresh per run anyway; this matters for the native tests, which share a process).
"""

from __future__ import annotations

import contextlib
import importlib.abc
import importlib.machinery
import linecache
import sys
import types
from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    """One module's source and the file name its frames carry."""

    name: str
    source: str
    filename: str
    is_package: bool


class ModuleNameError(ValueError):
    """A provided module's name is not a dotted Python name."""


def _valid(name: str) -> bool:
    return bool(name) and all(part.isidentifier() for part in name.split("."))


def sources(modules: Iterable[tuple[str, str]]) -> dict[str, Source]:
    """The modules by name, with the implied parent packages; raises `ModuleNameError`."""
    given: dict[str, str] = {}
    for name, source in modules:
        if not _valid(name):
            raise ModuleNameError(
                f"cannot provide module {name!r}: a module name is a dotted Python name "
                "such as 'servers.github'"
            )
        given[name] = source
    names = set(given)
    for name in list(given):
        parts = name.split(".")
        names.update(".".join(parts[:i]) for i in range(1, len(parts)))
    packages = {n.rsplit(".", 1)[0] for n in names if "." in n}
    result: dict[str, Source] = {}
    for name in sorted(names):
        is_package = name in packages
        path = name.replace(".", "/")
        filename = f"{path}/__init__.py" if is_package else f"{path}.py"
        result[name] = Source(name, given.get(name, ""), filename, is_package)
    return result


class _Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds and loads the provided modules; consulted before every other finder."""

    def __init__(self, modules: dict[str, Source]) -> None:
        self.modules = modules

    def find_spec(self, fullname, path=None, target=None):  # type: ignore[no-untyped-def]
        module = self.modules.get(fullname)
        if module is None:
            return None
        spec = importlib.machinery.ModuleSpec(
            fullname, self, origin=module.filename, is_package=module.is_package
        )
        spec.has_location = True
        return spec

    def create_module(self, spec):  # type: ignore[no-untyped-def]
        return None  # the default module object

    def exec_module(self, module: types.ModuleType) -> None:
        source = self.modules[module.__name__]
        module.__file__ = source.filename
        code = compile(source.source, source.filename, "exec", dont_inherit=True)
        exec(code, module.__dict__)  # running the provided module is the point

    def get_source(self, fullname: str) -> str | None:
        module = self.modules.get(fullname)
        return module.source if module else None


def is_provided_file(filename: str, modules: dict[str, Source]) -> bool:
    return any(m.filename == filename for m in modules.values())


@contextlib.contextmanager
def provided(modules: dict[str, Source]) -> Iterator[None]:
    """Make `modules` importable for the duration of the block."""
    if not modules:
        yield
        return
    finder = _Finder(modules)
    shadowed = {name: sys.modules.pop(name) for name in modules if name in sys.modules}
    for module in modules.values():
        lines = module.source.splitlines(keepends=True)
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        linecache.cache[module.filename] = (len(module.source), None, lines, module.filename)
    sys.meta_path.insert(0, finder)
    importlib.invalidate_caches()
    try:
        yield
    finally:
        with contextlib.suppress(ValueError):
            sys.meta_path.remove(finder)
        for name in modules:
            sys.modules.pop(name, None)
            linecache.cache.pop(modules[name].filename, None)
        sys.modules.update(shadowed)
