"""An agent running code on the language server's MCP endpoint (`execute_code`), through the
official MCP Python SDK (run with the tests/mcp venv's Python by test_ai.py). Prints the
tool result as one JSON object.

    mcp_execute.py URL TOKEN LANGUAGE CODE
"""

import asyncio
import json
import sys

import httpx2 as httpx
from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client


async def main(url: str, token: str, language: str, code: str) -> None:
    http = httpx.AsyncClient(headers={"Authorization": f"Bearer {token}"}, timeout=60)
    async with streamable_http_client(url, http_client=http) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            result = await session.call_tool("execute_code", {"language": language, "code": code})
            text = "".join(getattr(c, "text", "") for c in result.content)
            print(json.dumps({"error": bool(result.is_error), "data": result.structured_content, "text": text}))


asyncio.run(main(*sys.argv[1:5]))
