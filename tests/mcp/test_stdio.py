"""codemode over stdio, driven by the MCP Python SDK, with real upstream servers."""

from __future__ import annotations

import json

import pytest

from conftest import result_json, stdio_session

pytestmark = pytest.mark.anyio


async def run(client, language: str, code: str, **extra) -> dict:
    result = await client.call_tool("execute_code", {"language": language, "code": code, **extra})
    return result_json(result)


async def test_tools_are_codemodes_own_and_nothing_upstream(workspace):
    async with stdio_session(workspace) as session:
        tools = (await session.list_tools()).tools
        names = {t.name for t in tools}
        assert {"execute_code", "list_servers"} <= names
        # Progressive disclosure: no upstream tool is listed up front.
        assert not any("/" in n or n in {"echo", "read_text_file", "get_record"} for n in names)
        execute = next(t for t in tools if t.name == "execute_code")
        props = execute.input_schema["properties"]
        assert set(props) == {"language", "code", "session"}
        assert props["code"]["description"]


async def test_python_value_stdout_and_errors_with_lines(workspace):
    async with stdio_session(workspace) as session:
        ok = await run(session, "python", "print('hi')\nsum(range(10))")
        assert ok["status"] == "ok" and ok["stdout"] == "hi\n" and ok["value"] == "45"
        bad = await run(session, "python", "x = 1\n\ny = x / 0\n")
        assert bad["status"] == "error"
        assert bad["error"]["kind"] == "ZeroDivisionError"
        assert bad["diagnostics"][0]["line"] == 3


async def test_javascript_and_typescript(workspace):
    async with stdio_session(workspace) as session:
        js = await run(session, "javascript", "console.log([1, 2].map(x => x * 2))\n6 * 7")
        assert js["stdout"] == "[ 2, 4 ]\n" and js["value"] == "42"
        ts = await run(session, "typescript", "const n: number = 3\nn * 2")
        assert ts["value"] == "6"
        syntax = await run(session, "typescript", "let a: number = \n")
        assert syntax["status"] == "error" and syntax["diagnostics"][0]["line"] >= 1


async def test_output_is_capped(workspace):
    async with stdio_session(workspace, mcp={"maxOutputChars": 1000}) as session:
        out = await run(session, "python", "print('x' * 50000)")
        assert len(out["stdout"]) < 1200
        assert "characters cut" in out["stdout"]


async def test_list_servers_connects_lazily(workspace):
    async with stdio_session(workspace) as session:
        listed = result_json(await session.call_tool("list_servers", {}))
        by_name = {s["name"]: s for s in listed["servers"]}
        assert set(by_name) == {"everything", "filesystem", "crm"}
        assert by_name["filesystem"]["tools"] >= 10, by_name
        assert by_name["everything"]["tools"] >= 5, by_name
        assert by_name["crm"]["transport"] == "http" and by_name["crm"]["tools"] == 3


async def test_code_calls_an_upstream_tool(workspace):
    async with stdio_session(workspace) as session:
        out = await run(
            session,
            "python",
            "import codemode\nr = codemode.call_tool('everything/echo', message='hello upstream')\nprint(r)",
        )
        assert out["status"] == "ok", out
        assert "hello upstream" in out["stdout"]
        assert out["toolCalls"] == 1


async def test_javascript_calls_an_upstream_tool(workspace):
    async with stdio_session(workspace) as session:
        code = "const r = await codemode.callTool('crm/get_record', {record_id: '00Q5f000001'})\nr.name"
        out = await run(session, "javascript", code)
        assert out["status"] == "ok", out
        assert out["value"] == "'Jane Doe'"


async def test_destructive_tool_is_refused_without_approval(workspace):
    target = workspace["files"] / "new.txt"
    async with stdio_session(workspace) as session:
        code = (
            "import codemode\n"
            f"codemode.call_tool('filesystem/write_file', path={str(target)!r}, content='x')\n"
        )
        out = await run(session, "python", code)
        assert out["status"] == "error", out
        assert "needs approval" in out["error"]["message"]
        assert "policy.approve" in out["error"]["message"]
    assert not target.exists(), "the destructive tool was called"


async def test_destructive_tool_runs_when_approved_in_settings(workspace):
    target = workspace["files"] / "ok.txt"
    async with stdio_session(workspace, policy={"approve": ["filesystem/write_file"]}) as session:
        code = (
            "import codemode\n"
            f"codemode.call_tool('filesystem/write_file', path={str(target)!r}, content='written')\n"
        )
        out = await run(session, "python", code)
        assert out["status"] == "ok", out
    assert target.read_text() == "written"


async def test_denied_and_unknown_tools(workspace):
    async with stdio_session(workspace, policy={"deny": ["everything/echo"]}) as session:
        denied = await run(
            session, "python", "import codemode\ncodemode.call_tool('everything/echo', message='x')"
        )
        assert "denied by the policy" in denied["error"]["message"]
        unknown = await run(session, "python", "import codemode\ncodemode.call_tool('nope/x')")
        assert "no upstream MCP server `nope`" in unknown["error"]["message"]
        missing = await run(session, "python", "import codemode\ncodemode.call_tool('crm/nope')")
        assert "has no tool `nope`" in missing["error"]["message"]


async def test_upstream_tool_errors_raise_in_the_code(workspace):
    async with stdio_session(workspace) as session:
        code = (
            "import codemode\n"
            "try:\n"
            "    codemode.call_tool('crm/get_record', record_id='missing')\n"
            "except codemode.ToolError as e:\n"
            "    print('caught', e)\n"
        )
        out = await run(session, "python", code)
        assert out["status"] == "ok", out
        assert out["stdout"].startswith("caught") and "get_record" in out["stdout"]


async def test_sessions_keep_state_on_the_host_between_fresh_runs(workspace):
    async with stdio_session(workspace) as session:
        first = await run(
            session,
            "python",
            "import codemode\nx = 41\ncodemode.call_tool('session/set', key='n', value=x + 1)",
            session="s1",
        )
        assert first["status"] == "ok", first
        assert first["session"] == {"id": "s1", "created": True}
        second = await run(
            session,
            "python",
            "import codemode\nprint('x' in globals())\ncodemode.call_tool('session/get', key='n')",
            session="s1",
        )
        # A fresh instance (no leftover globals), the state kept by the host.
        assert second["stdout"] == "False\n" and second["value"] == "42", second
        assert second["session"]["created"] is False
        other = await run(
            session, "python", "import codemode\ncodemode.call_tool('session/get', key='n')", session="s2"
        )
        assert "value" not in other, other  # None
        none = await run(session, "python", "import codemode\ncodemode.call_tool('session/get', key='n')")
        assert "has no session" in none["error"]["message"]
        bad = await session.call_tool(
            "execute_code", {"language": "python", "code": "1", "session": "../etc"}
        )
        assert bad.is_error and "invalid session id" in bad.content[0].text


async def test_bad_arguments_are_clear_errors(workspace):
    async with stdio_session(workspace) as session:
        result = await session.call_tool("execute_code", {"language": "cobol", "code": "x"})
        assert result.is_error
        text = json.dumps([c.text for c in result.content])
        assert "cobol" in text or "language" in text
