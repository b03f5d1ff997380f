"""An MCP host that offers sampling, through the official MCP Python SDK (run with the
tests/mcp venv's Python by test_ai.py): it connects to the language server's MCP endpoint,
answers `sampling/createMessage` from a script, and stays connected until its stdin closes.

    sampling_host.py URL TOKEN SCRIPT.json LOG.jsonl (tools|text)

SCRIPT is a list of answers, one per request: {"text": "..."} or {"tool_use": {"name": ...,
"input": {...}}} (with `tools`) or {"error": "..."} (the host refuses) or {"hang": true} (no
answer: when the server cancels the request, `{"cancelled": true}` is logged). Each request's params
are appended to LOG as one JSON line. Prints `READY` once initialized, `CLOSED` at the end.
"""

import asyncio
import json
import sys

import httpx2 as httpx
import mcp.types as types
from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client


async def main(url: str, token: str, script_path: str, log_path: str, mode: str) -> None:
    script = json.loads(open(script_path).read())
    tools = mode == "tools"

    async def sample(context, params: types.CreateMessageRequestParams):
        with open(log_path, "a") as log:
            log.write(params.model_dump_json(by_alias=True, exclude_none=True) + "\n")
        if not script:
            return types.ErrorData(code=types.INTERNAL_ERROR, message="the script is over")
        answer = script.pop(0)
        if answer.get("hang"):
            try:
                await asyncio.sleep(3600)
            except BaseException:  # the SDK cancels the handler on notifications/cancelled
                with open(log_path, "a") as log:
                    log.write(json.dumps({"cancelled": True}) + "\n")
                raise
        if "error" in answer:
            return types.ErrorData(code=-1, message=answer["error"])
        if "tool_use" in answer:
            call = answer["tool_use"]
            return types.CreateMessageResultWithTools(
                role="assistant",
                content=[types.ToolUseContent(id=call.get("id", "toolu_1"), name=call["name"], input=call["input"])],
                model="scripted-host-model",
                stop_reason="toolUse",
            )
        return types.CreateMessageResult(
            role="assistant",
            content=types.TextContent(type="text", text=answer["text"]),
            model="scripted-host-model",
            stop_reason="endTurn",
        )

    capabilities = types.SamplingCapability(tools=types.SamplingToolsCapability()) if tools else None
    http = httpx.AsyncClient(headers={"Authorization": f"Bearer {token}"}, timeout=60)
    async with streamable_http_client(url, http_client=http) as (read, write):
        async with ClientSession(
            read,
            write,
            sampling_callback=sample,
            sampling_capabilities=capabilities,
            client_info=types.Implementation(name="sampling-host", version="0.1"),
        ) as session:
            await session.initialize()
            print("READY", flush=True)
            # Connected until the test closes stdin.
            await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    print("CLOSED", flush=True)


asyncio.run(main(*sys.argv[1:6]))
