"""Component entry point: the WIT `guest` export over `runner.run_snippet`.

componentize-py imports this module at build time and snapshots the interpreter afterwards, so
everything done at import time here (patching for WASI, loading the time zone database,
importing the standard library) is paid once, at build time, not per run.
"""

from __future__ import annotations

import gc
import random
import sys

from componentize_py_types import Err
from wit_world import exports
from wit_world.exports import guest
from wit_world.imports import host

import codemode
from codemode_guest import preload, runner, sandbox, testing, tz


def _call_tool(name: str, args_json: str) -> str:
    """`codemode.call_tool`'s transport: the WIT `host.call-tool` import."""
    try:
        return host.call_tool(name, args_json)
    except Err as err:
        raise codemode.ToolError(str(err.value)) from None


def _prepare_snapshot() -> tuple[list[str], dict[str, str]]:
    """Everything the snapshot should contain; returns the preloaded and the failed modules."""
    if sys.platform == "wasi":
        sandbox.install()
    # Line buffering: what a snippet printed reaches the host even if the run is cut short
    # (time limit, trap), at a small cost per line.
    for stream in (sys.stdout, sys.stderr):
        stream.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    tzdata = tz.find_tzdata()
    tz.install(tz.load_database(tzdata) if tzdata else {})
    codemode._connect(_call_tool)
    testing.install_pytest()  # `import pytest` in tests gets the sandbox's shim
    testing.install_unittest_report()  # unittest.main() reports its tests too
    imported, failed = preload.import_all(preload.stdlib_module_names())
    gc.collect()
    gc.freeze()  # objects of the snapshot are never garbage: keep them out of every collection
    return imported, failed


PRELOADED, PRELOAD_FAILURES = _prepare_snapshot()


class Guest(exports.Guest):
    """The WIT `guest` interface."""

    def run(self, request: guest.RunRequest) -> guest.RunResult:
        """Run one snippet in this fresh instance."""
        random.seed()  # the generator was seeded at build time: every run would repeat it
        outcome = runner.run_snippet(
            request.code,
            request.filename,
            request.show_last_value,
            explain=sandbox.explain,
            modules=[(m.name, m.source) for m in request.modules],
        )
        return guest.RunResult(
            value=outcome.value,
            error=_error_info(outcome.error) if outcome.error else None,
            exit_code=outcome.exit_code,
            report=outcome.report,
        )


def _error_info(error: runner.ErrorInfo) -> guest.ErrorInfo:
    frames = [
        guest.Frame(
            filename=f.filename,
            function=f.function,
            line=f.line,
            column=f.column,
            end_line=f.end_line,
            end_column=f.end_column,
        )
        for f in error.frames
    ]
    return guest.ErrorInfo(
        kind=error.kind, message=error.message, traceback=error.traceback, frames=frames
    )
