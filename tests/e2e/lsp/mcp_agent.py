"""An agent on the language server's MCP endpoint, through the official MCP Python SDK (run
with the tests/mcp venv's Python by test_ai.py). Prints one JSON object with what it saw.

    mcp_agent.py URL TOKEN URI
"""

import asyncio
import json
import sys

import httpx2 as httpx
from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client


def plain(result):
    text = "".join(getattr(c, "text", "") for c in result.content)
    return {"error": bool(result.is_error), "data": result.structured_content, "text": text}


async def main(url: str, token: str, uri: str) -> None:
    out: dict = {}
    http = httpx.AsyncClient(headers={"Authorization": f"Bearer {token}"}, timeout=60)
    async with streamable_http_client(url, http_client=http) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            tools = await session.list_tools()
            out["tools"] = sorted(t.name for t in tools.tools)
            out["documents"] = plain(await session.call_tool("list_open_documents", {}))
            read_doc = plain(await session.call_tool("read_document", {"uri": uri}))
            out["read"] = read_doc
            version = read_doc["data"]["version"]
            at = {"line": 6, "character": 4}
            out["run"] = plain(
                await session.call_tool("run_snippet", {"uri": uri, "range": {"start": at, "end": at}})
            )
            out["diagnostics"] = plain(await session.call_tool("get_diagnostics", {"uri": uri}))
            edit = {
                "range": {"start": {"line": 6, "character": 20}, "end": {"line": 6, "character": 20}},
                "newText": "s",
            }
            out["stale"] = plain(
                await session.call_tool(
                    "propose_edit", {"uri": uri, "version": version - 1, "edits": [edit]}
                )
            )
            out["proposed"] = plain(
                await session.call_tool(
                    "propose_edit",
                    {"uri": uri, "version": version, "edits": [edit], "explanation": "typo: prices"},
                )
            )
            out["after"] = plain(await session.call_tool("read_document", {"uri": uri}))
    print(json.dumps(out))


asyncio.run(main(*sys.argv[1:4]))
