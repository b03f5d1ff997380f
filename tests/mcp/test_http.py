"""`codemode mcp --http`: the MCP Python SDK over Streamable HTTP with the bearer token, and
the guard in front of it (401 without the token, 403 for a foreign Host or Origin)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import httpx2
import pytest
from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client

from conftest import http_server, result_json

pytestmark = pytest.mark.anyio

INIT = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {
        "protocolVersion": "2025-11-25",
        "capabilities": {},
        "clientInfo": {"name": "raw", "version": "0"},
    },
}
HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}


def post(url: str, headers: dict[str, str], body: object = INIT) -> httpx2.Response:
    return httpx2.post(url, headers={**HEADERS, **headers}, content=json.dumps(body), timeout=30)


async def test_sdk_client_over_http_with_token(workspace):
    with http_server(workspace) as server:
        assert server.token and len(server.token) == 64
        token_file = Path(workspace["tmp"]) / "state" / "codemode" / "mcp-token"
        assert stat.S_IMODE(os.stat(token_file).st_mode) == 0o600
        client = httpx2.AsyncClient(headers={"Authorization": f"Bearer {server.token}"}, timeout=60)
        async with streamable_http_client(server.url, http_client=client) as (read, write):
            async with ClientSession(read, write) as session:
                init = await session.initialize()
                assert init.server_info.name == "codemode"
                out = result_json(
                    await session.call_tool(
                        "execute_code",
                        {
                            "language": "python",
                            "code": "import codemode\ncodemode.call_tool('crm/get_record', record_id='00Q5f000001')['name']",
                        },
                    )
                )
                assert out["status"] == "ok", out
                assert out["value"] == "'Jane Doe'"


def test_token_is_never_logged(workspace):
    with http_server(workspace) as server:
        post(server.url, {"Authorization": f"Bearer {server.token}"})
        server.proc.terminate()
        _, err = server.proc.communicate(timeout=10)
        err = server.log + err
        assert server.token not in err
        assert "mcp-token" in err  # the path is logged


def test_missing_or_wrong_token_is_401(workspace):
    with http_server(workspace) as server:
        assert post(server.url, {}).status_code == 401
        assert post(server.url, {"Authorization": "Bearer wrong"}).status_code == 401
        assert post(server.url, {"Authorization": server.token}).status_code == 401
        missing = post(server.url, {})
        assert missing.headers["www-authenticate"].startswith("Bearer")
        ok = post(server.url, {"Authorization": f"Bearer {server.token}"})
        assert ok.status_code == 200, ok.text


def test_foreign_host_or_origin_is_403_even_with_the_token(workspace):
    with http_server(workspace) as server:
        auth = {"Authorization": f"Bearer {server.token}"}
        assert post(server.url, {**auth, "Host": "evil.example"}).status_code == 403
        assert post(server.url, {**auth, "Host": "evil.example:80"}).status_code == 403
        assert post(server.url, {**auth, "Origin": "https://evil.example"}).status_code == 403
        assert post(server.url, {**auth, "Origin": "null"}).status_code == 403
        # DNS rebinding without the token is refused before authentication.
        assert post(server.url, {"Host": "evil.example"}).status_code == 403
        port = server.url.split(":")[2].split("/")[0]
        assert post(server.url, {**auth, "Origin": f"http://localhost:{port}"}).status_code == 200
        assert post(server.url, {**auth, "Host": f"localhost:{port}"}).status_code == 200


def test_allowed_origin_flag(workspace):
    with http_server(workspace, "--allow-origin", "https://app.example") as server:
        auth = {"Authorization": f"Bearer {server.token}"}
        assert post(server.url, {**auth, "Origin": "https://app.example"}).status_code == 200
        assert post(server.url, {**auth, "Origin": "https://other.example"}).status_code == 403


def test_request_body_is_limited(workspace):
    with http_server(workspace, "--max-body", "64K") as server:
        auth = {"Authorization": f"Bearer {server.token}"}
        big = {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "initialize",
            "params": {**INIT["params"], "pad": "x" * 200_000},
        }
        assert post(server.url, auth, big).status_code == 413


def test_remote_bind_needs_the_flag(workspace):
    import subprocess

    from conftest import CODEMODE, base_env

    done = subprocess.run(
        [str(CODEMODE), "mcp", "--http", "0.0.0.0:0"],
        env=base_env(workspace["tmp"]),
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode != 0
    assert "--allow-remote" in done.stderr
    no_auth = subprocess.run(
        [str(CODEMODE), "mcp", "--http", "0.0.0.0:0", "--no-auth"],
        env=base_env(workspace["tmp"]),
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert no_auth.returncode != 0
