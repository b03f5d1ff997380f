"""editors/helix/languages.toml, checked without Helix (it is in no package registry here):

- statically: it parses, the codemode server is complete, and every server named in a
  `language-servers` list is defined (in this file or among Helix's own built-in servers);
- live: the server is launched with exactly that `command`, `args`, `environment` and `config`
  (as initializationOptions), by pytest-lsp with the client capabilities Helix declares, and
  for each configured language the "Run in sandbox" code action appears and runs.

Environment: CODEMODE_BIN (the binary that `command = "codemode"` must resolve to; its directory
is put first on PATH), CODEMODE_CACHE_DIR.
"""

from __future__ import annotations

import asyncio
import os
import pathlib
import shutil
import tempfile
import tomllib
from typing import Any, Union

import pytest
import pytest_lsp
from lsprotocol import types as T
from pytest_lsp import ClientServerConfig, LanguageClient

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[2]
CONFIG_FILE = HERE.parent / "languages.toml"
BIN = pathlib.Path(os.environ.get("CODEMODE_BIN", ROOT / "target" / "debug" / "codemode")).resolve()

# Language servers Helix defines itself (helix-editor/helix `languages.toml`,
# `[language-server]`), for the languages this file configures.
HELIX_BUILTIN_SERVERS = {
    "ty", "ruff", "jedi", "pylsp", "pyright", "basedpyright", "pyrefly", "pylyzer", "zuban",
    "typescript-language-server", "vscode-eslint-language-server", "deno", "biome-lsp-proxy",
    "marksman", "markdown-oxide", "markdoc-ls", "rumdl", "harper-ls", "ltex-ls",
}

# Helix language name → the languageId Helix sends (`language-id`, else the name), and a
# document of that language with a failing snippet: (file name, text, line of the failure).
DOCUMENTS: dict[str, tuple[str, str, str, int]] = {
    "python": ("python", "calc.py", "def ratio():\n    total = 10\n    return total / 0\n", 2),
    "javascript": ("javascript", "calc.js", "function ratio() {\n  return missing.total;\n}\nratio();\n", 1),
    "typescript": ("typescript", "calc.ts", "function ratio(): number {\n  const n: number = 1;\n  throw new Error(`bad ${n}`);\n}\nratio();\n", 2),
    "jsx": ("javascriptreact", "calc.jsx", "function ratio() {\n  return missing.total;\n}\nratio();\n", 1),
    "tsx": ("typescriptreact", "calc.tsx", "function ratio(): number {\n  throw new Error('bad');\n}\nratio();\n", 1),
    "markdown": ("markdown", "notes.md", "# Notes\n\n```python\nprint('hi')\nraise ValueError('bad value')\n```\n", 4),
}

# The client capabilities Helix declares in `initialize` (helix-lsp/src/client.rs), for the
# parts this server uses.
HELIX_CAPABILITIES = {
    "workspace": {
        "configuration": True,
        "didChangeConfiguration": {"dynamicRegistration": False},
        "workspaceFolders": True,
        "applyEdit": True,
        "executeCommand": {"dynamicRegistration": False},
        "workspaceEdit": {"documentChanges": True, "failureHandling": "abort", "normalizesLineEndings": False},
    },
    "textDocument": {
        "codeAction": {
            "codeActionLiteralSupport": {"codeActionKind": {"valueSet": [
                "", "quickfix", "refactor", "refactor.extract", "refactor.inline",
                "refactor.rewrite", "source", "source.organizeImports"]}},
            "isPreferredSupport": True,
            "disabledSupport": True,
            "dataSupport": True,
            "resolveSupport": {"properties": ["edit", "command"]},
        },
        "publishDiagnostics": {"versionSupport": True, "tagSupport": {"valueSet": [1, 2]}},
    },
    "window": {"workDoneProgress": True},
    "general": {"positionEncodings": ["utf-8", "utf-32", "utf-16"]},
}


def load() -> dict[str, Any]:
    with CONFIG_FILE.open("rb") as f:
        return tomllib.load(f)


# ---------------------------------------------------------------- static checks


def test_the_file_parses_and_defines_the_codemode_server():
    config = load()
    server = config["language-server"]["codemode"]
    assert server["command"] == "codemode"
    assert server["args"] == ["lsp"]
    assert isinstance(server.get("config"), dict)
    assert isinstance(server.get("environment", {}), dict)
    assert set(server) <= {"command", "args", "config", "environment", "timeout", "required-root-patterns"}


def test_every_server_named_in_language_servers_is_defined():
    config = load()
    defined = set(config.get("language-server", {})) | HELIX_BUILTIN_SERVERS
    languages = config["language"]
    assert languages, "no [[language]] entries"
    for language in languages:
        names = [s if isinstance(s, str) else s["name"] for s in language["language-servers"]]
        undefined = [n for n in names if n not in defined]
        assert not undefined, f"{language['name']}: undefined language servers {undefined}"
        assert "codemode" in names, f"{language['name']} does not use codemode"
        assert len(names) == len(set(names)), f"{language['name']}: a server is listed twice"


def test_the_languages_are_those_codemode_runs():
    names = {language["name"] for language in load()["language"]}
    assert names == set(DOCUMENTS)


def test_the_check_catches_an_undefined_server(tmp_path: pathlib.Path):
    """The static check is not vacuous: a typo in a server name is caught."""
    broken = CONFIG_FILE.read_text().replace('"codemode"]', '"codemod"]', 1)
    config = tomllib.loads(broken)
    defined = set(config["language-server"]) | HELIX_BUILTIN_SERVERS
    undefined = [n for lang in config["language"] for n in lang["language-servers"] if n not in defined]
    assert undefined == ["codemod"]


# ---------------------------------------------------------------- the server, as Helix starts it


def server_command_and_env(tmp: pathlib.Path) -> tuple[list[str], dict[str, str]]:
    server = load()["language-server"]["codemode"]
    bindir = tmp / "bin"
    bindir.mkdir(exist_ok=True)
    # `command = "codemode"` resolves on PATH, as in Helix: put the binary under test there.
    link = bindir / "codemode"
    if not link.exists():
        link.symlink_to(BIN)
    env = {
        **os.environ,
        "PATH": f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}",
        "CODEMODE_CACHE_DIR": os.environ.get("CODEMODE_CACHE_DIR", str(ROOT / "target" / "test-cache")),
        **{f"XDG_{n}_HOME": str(tmp / n.lower()) for n in ("CONFIG", "DATA", "STATE", "CACHE")},
        **{k: str(v) for k, v in server.get("environment", {}).items()},
    }
    env.pop("CODEMODE_CONFIG", None)
    command = shutil.which(server["command"], path=env["PATH"])
    assert command is not None, f"{server['command']} not found on PATH"
    assert pathlib.Path(command).resolve() == BIN
    return [command, *server["args"]], env


_TMP = pathlib.Path(tempfile.mkdtemp(prefix="codemode-helix-"))
_COMMAND, _ENV = server_command_and_env(_TMP)
WORKSPACE = _TMP / "workspace"
WORKSPACE.mkdir()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=_COMMAND, server_env=_ENV))
async def helix(lsp_client: LanguageClient):
    conv = lsp_client.protocol._converter
    conv.register_structure_hook(
        Union[T.Command, T.CodeAction],  # noqa: UP007 (the exact type lsprotocol uses)
        lambda obj, _: conv.structure(obj, T.Command if isinstance(obj.get("command"), str) else T.CodeAction),
    )
    capabilities = lsp_client.protocol._converter.structure(HELIX_CAPABILITIES, T.ClientCapabilities)
    result = await lsp_client.initialize_session(
        T.InitializeParams(
            capabilities=capabilities,
            root_uri=WORKSPACE.as_uri(),
            workspace_folders=[T.WorkspaceFolder(uri=WORKSPACE.as_uri(), name="workspace")],
            initialization_options=load()["language-server"]["codemode"]["config"],
            client_info=T.ClientInfo(name="helix", version="25.07"),
        )
    )
    lsp_client.init_result = result  # type: ignore[attr-defined]
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), 10)


async def test_the_server_accepts_the_config_and_negotiates_utf8(helix: LanguageClient):
    result = helix.init_result  # type: ignore[attr-defined]
    assert result.server_info.name == "codemode"
    assert result.capabilities.position_encoding == "utf-8"
    await asyncio.sleep(0.3)
    # An invalid `config` would be reported here (window/showMessage) and ignored.
    # (pytest-lsp keeps every window/showMessage in `messages`.)
    assert helix.messages == [], helix.messages


@pytest.mark.parametrize("language", sorted(DOCUMENTS))
async def test_run_in_sandbox_appears_and_runs(helix: LanguageClient, language: str):
    language_id, name, text, failing_line = DOCUMENTS[language]
    uri = (WORKSPACE / name).as_uri()
    helix.text_document_did_open(
        T.DidOpenTextDocumentParams(text_document=T.TextDocumentItem(uri=uri, language_id=language_id, version=1, text=text))
    )
    cursor = T.Position(line=failing_line, character=2)
    actions = await helix.text_document_code_action_async(
        T.CodeActionParams(
            text_document=T.TextDocumentIdentifier(uri=uri),
            range=T.Range(start=cursor, end=cursor),
            context=T.CodeActionContext(diagnostics=[], trigger_kind=T.CodeActionTriggerKind.Invoked),
        )
    )
    titles = [a.title for a in actions or []]
    assert "Run in sandbox" in titles, titles
    action = next(a for a in actions if a.title == "Run in sandbox")
    assert isinstance(action, T.CodeAction) and action.command is not None
    # What Helix sends when the action is picked: the action's command, no progress token.
    outcome = await asyncio.wait_for(
        helix.workspace_execute_command_async(
            T.ExecuteCommandParams(command=action.command.command, arguments=action.command.arguments)
        ),
        30,
    )
    assert outcome["status"] == "error", outcome
    # The failure comes back as a diagnostic at the failing line.
    for _ in range(500):
        diagnostics = helix.diagnostics.get(uri) or []
        if diagnostics:
            break
        await asyncio.sleep(0.02)
    assert diagnostics, f"no diagnostics for {name}"
    assert diagnostics[0].source == "codemode"
    assert diagnostics[0].range.start.line == failing_line, (diagnostics[0], outcome)
