"""Call the tools of upstream MCP servers from a codemode snippet.

    import codemode
    issues = codemode.call_tool("github.list_issues", repo="octo/hello", state="open")

Arguments are sent as a JSON object and the tool's JSON result comes back decoded. The host
applies its policy (allow and deny lists, approval, rate limits) to every call; a call it refuses
or that fails raises `ToolError` with a message fit for the user.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["ToolError", "call_tool"]

#: Sends one call to the host: `(name, arguments as JSON) -> result as JSON`; raises `ToolError`.
Transport = Callable[[str, str], str]


class ToolError(Exception):
    """A tool call that the host refused or that the tool itself reported as failed."""


def _no_host(name: str, _args_json: str) -> str:
    raise ToolError(f"cannot call {name!r}: no codemode host is connected")


_transport: Transport = _no_host


def call_tool(name: str, arguments: Mapping[str, Any] | None = None, /, **kwargs: Any) -> Any:
    """Call the tool `name` ("server.tool") and return its decoded JSON result.

    Arguments are keyword arguments, or a mapping for names that are not Python identifiers
    (`call_tool("fs.read", {"file-path": "a.txt"})`); both may be combined.
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
