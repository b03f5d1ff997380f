"""What a codemode snippet can ask of its host.

    import codemode
    issues = codemode.call_tool("github/list_issues", repo="octo/hello", state="open")
    codemode.report({"count": len(issues)})

- `call_tool(name, ...)` calls a tool of an upstream MCP server ("<server>/<tool>", the
  original names). Arguments are sent as a JSON object and the tool's JSON result comes back
  decoded. The host applies its policy (allow and deny lists, approval, rate limits) to every
  call; a call it refuses or that fails raises `ToolError` with a message fit for the user.
  The generated `servers` package (`from servers import github`) wraps it in typed functions.
- `report(value)` hands a JSON-serialisable value to the host as the run's structured result
  (the last call wins).
- `run_tests(namespace)` runs the pytest-style and unittest tests defined in `namespace` and
  reports their results (see `codemode_guest.testing`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["ToolError", "call_tool", "report", "run_tests"]

#: Sends one call to the host: `(name, arguments as JSON) -> result as JSON`; raises `ToolError`.
Transport = Callable[[str, str], str]


class ToolError(Exception):
    """A tool call that the host refused or that the tool itself reported as failed."""


def _no_host(name: str, _args_json: str) -> str:
    raise ToolError(f"cannot call {name!r}: no codemode host is connected")


_transport: Transport = _no_host


def call_tool(name: str, arguments: Mapping[str, Any] | None = None, /, **kwargs: Any) -> Any:
    """Call the tool `name` ("server/tool") and return its decoded JSON result.

    Arguments are keyword arguments, or a mapping for names that are not Python identifiers
    (`call_tool("fs/read", {"file-path": "a.txt"})`); both may be combined.
    """
    if not isinstance(name, str):
        raise TypeError(f"tool name must be a str, not {type(name).__name__}")
    merged = {**(arguments or {}), **kwargs}
    try:
        args_json = json.dumps(merged)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"arguments of {name!r} are not JSON-serialisable: {exc}") from None
    result = _transport(name, args_json)
    try:
        return json.loads(result)
    except ValueError as exc:
        raise ToolError(f"{name!r} returned a result that is not JSON: {exc}") from None


def _connect(transport: Transport) -> None:
    """Route `call_tool` through `transport` (done by the component at build time, and by tests)."""
    global _transport
    _transport = transport


_report: str | None = None


def report(value: Any) -> None:
    """Hand `value` (anything `json.dumps` accepts) to the host as the run's structured result.

    Called again, the last value wins. Raises `TypeError` for a value that is not JSON.
    """
    global _report
    try:
        _report = json.dumps(value, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"codemode.report needs a JSON-serialisable value: {exc}") from None


def _take_report() -> str | None:
    """The reported JSON text, cleared (read by the runner once per run)."""
    global _report
    taken, _report = _report, None
    return taken


def run_tests(namespace: Mapping[str, Any]) -> None:
    """Run the tests defined in `namespace` (usually `globals()`) and `report` their results.

    Collects module-level `test_*` functions (plain `assert`, pytest style; `async def` tests
    are awaited), `Test*` classes with `test_*` methods, and `unittest.TestCase` subclasses.
    Reports `{"tests": [{"name", "status", "message", "line", "duration_ms"}], "passed": n,
    "failed": n, ...}`; see `codemode_guest.testing`.
    """
    from codemode_guest import testing

    report(testing.run(namespace))
