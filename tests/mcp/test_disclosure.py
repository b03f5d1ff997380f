"""Progressive disclosure (stubs as resources, search_tools), skills, PII tokens, and the
in-sandbox API (`from servers import ...`), over stdio with real upstream servers."""

from __future__ import annotations

import json

import pytest

from conftest import result_json, stdio_session

pytestmark = pytest.mark.anyio


async def run(client, language: str, code: str, **extra) -> dict:
    result = await client.call_tool("execute_code", {"language": language, "code": code, **extra})
    return result_json(result)


async def test_stub_files_are_resources(workspace):
    async with stdio_session(workspace) as session:
        resources = (await session.list_resources()).resources
        uris = {str(r.uri) for r in resources}
        assert "codemode://servers/filesystem/read_text_file.py" in uris
        assert "codemode://servers/filesystem/read_text_file.ts" in uris
        assert "codemode://servers/crm/update_record.py" in uris
        py = await session.read_resource("codemode://servers/filesystem/read_text_file.py")
        text = py.contents[0].text
        assert "def read_text_file(" in text and '"""' in text
        ts = await session.read_resource("codemode://servers/crm/update_record.ts")
        assert "export async function update_record" in ts.contents[0].text or "update_record" in ts.contents[0].text
        with pytest.raises(Exception):
            await session.read_resource("codemode://servers/crm/nope.py")


async def test_search_tools_by_detail(workspace):
    async with stdio_session(workspace) as session:
        names = result_json(
            await session.call_tool("search_tools", {"query": "read file", "detail": "name"})
        )["tools"]
        assert names and names[0]["server"] == "filesystem"
        assert set(names[0]) <= {"server", "name"}
        full = result_json(
            await session.call_tool(
                "search_tools", {"query": "update record", "detail": "full", "limit": 1}
            )
        )["tools"]
        assert full[0]["name"] == "update_record"
        assert "data" in json.dumps(full[0])


async def test_servers_are_modules_in_python_and_javascript(workspace):
    async with stdio_session(workspace) as session:
        py = await run(
            session,
            "python",
            "from servers import crm\ncrm.get_record(record_id='00Q5f000001')['name']",
        )
        assert py["status"] == "ok", py
        assert py["value"] == "'Jane Doe'"
        js = await run(
            session,
            "javascript",
            "const r = await servers.crm.get_record({record_id: '00Q5f000001'})\nr.name",
        )
        assert js["status"] == "ok", js
        assert js["value"] == "'Jane Doe'"


async def test_report_is_returned(workspace):
    async with stdio_session(workspace) as session:
        out = await run(session, "python", "import codemode\ncodemode.report({'n': 3})")
        assert out["report"] == {"n": 3}, out


async def test_skills_are_saved_listed_and_imported(workspace):
    async with stdio_session(workspace) as session:
        saved = result_json(
            await session.call_tool(
                "save_skill",
                {
                    "name": "double-it",
                    "description": "Doubles a number. Use it to double numbers.",
                    "code": "def double(n):\n    return 2 * n\n",
                    "language": "python",
                },
            )
        )
        assert saved["import"] == "skills.double_it"
        skill_md = workspace["tmp"] / "skills" / "double-it" / "SKILL.md"
        assert skill_md.read_text().startswith("---\nname: double-it\n")
        assert (workspace["tmp"] / "skills" / "double-it" / "skill.py").exists()
        uris = {str(r.uri) for r in (await session.list_resources()).resources}
        assert "codemode://skills/double-it/SKILL.md" in uris
        out = await run(session, "python", "from skills.double_it import double\ndouble(21)")
        assert out["value"] == "42", out
        bad = await session.call_tool(
            "save_skill",
            {"name": "../evil", "description": "x", "code": "1", "language": "python"},
        )
        assert bad.is_error
        assert not (workspace["tmp"] / "evil").exists()


async def test_pii_never_reaches_the_client_and_tokens_reach_the_upstream(workspace):
    email = "jane.doe@example.com"
    source = workspace["files"] / "contact.txt"
    source.write_text(f"Contact: {email}\n")
    target = workspace["files"] / "copy.txt"
    async with stdio_session(workspace, policy={"approve": ["filesystem/write_file"]}) as session:
        read = await session.call_tool(
            "execute_code",
            {
                "language": "python",
                "code": f"from servers import filesystem\nfilesystem.read_text_file(path={str(source)!r})",
            },
        )
        everything = json.dumps(read.model_dump(mode="json"))
        assert email not in everything, "an email reached the client"
        value = result_json(read)["value"]
        assert "[EMAIL_1]" in value, value
        # The model passes the token back: the upstream receives the real address.
        write = await run(
            session,
            "python",
            "from servers import filesystem\n"
            f"filesystem.write_file(path={str(target)!r}, content='To: [EMAIL_1]')\n",
        )
        assert write["status"] == "ok", write
    assert target.read_text() == f"To: {email}"


async def test_pii_in_printed_output_and_errors_is_tokenized(workspace):
    async with stdio_session(workspace) as session:
        out = await run(
            session, "python", "from servers import crm\nr = crm.get_record(record_id='00Q5f000001')\nprint(r)"
        )
        text = json.dumps(out)
        assert "jane.doe@acme-corp.example" not in text
        assert "[EMAIL_1]" in out["stdout"] and "[PHONE_1]" in out["stdout"], out
