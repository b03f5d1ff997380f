"""End-to-end tests of `codemode lsp` through pytest-lsp, an independent LSP client.

Every test starts the real binary over stdio and initializes it with the recorded client
capabilities of a real editor (Neovim 0.11, VS Code), so position encodings, progress and
refresh support are what those editors send.

Environment:
- CODEMODE_BIN: the server binary (default: target/debug/codemode).
- CODEMODE_CACHE_DIR: compiled-runtime cache (default: target/test-cache, shared with the
  cargo tests so the CPython component is compiled once).
"""

from __future__ import annotations

import asyncio
import atexit
import os
import pathlib
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable
from typing import Any, Union

import pytest
import pytest_lsp
from lsprotocol import types as T
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

ROOT = pathlib.Path(__file__).resolve().parents[3]
BIN = os.environ.get("CODEMODE_BIN", str(ROOT / "target" / "debug" / "codemode"))

# The two editors whose recorded capabilities drive every test: Neovim 0.11 offers
# utf-8 positions and no codeLens refresh; VS Code 1.65 offers neither utf-8 nor versioned
# diagnostics, but refreshes lenses.
CLIENTS = ["neovim@v0.11.0", "visual_studio_code"]

# Keep the server (and anything it spawns) out of $HOME.
_TMP = pathlib.Path(tempfile.mkdtemp(prefix="codemode-e2e-lsp-"))
atexit.register(shutil.rmtree, _TMP, ignore_errors=True)
SERVER_ENV = {
    **os.environ,
    "CODEMODE_CACHE_DIR": os.environ.get("CODEMODE_CACHE_DIR", str(ROOT / "target" / "test-cache")),
    **{
        f"XDG_{name}_HOME": str(_TMP / name.lower())
        for name in ("CONFIG", "DATA", "STATE", "CACHE")
    },
}
SERVER_ENV.pop("CODEMODE_CONFIG", None)

WORKSPACE = _TMP / "workspace"
WORKSPACE.mkdir()

DEFAULT_TIMEOUT = 20.0


def to_plain(value: Any) -> Any:
    """pygls hands custom notifications' params over as namedtuples: back to dicts."""
    if hasattr(value, "_asdict"):
        return {k: to_plain(v) for k, v in value._asdict().items()}
    if isinstance(value, list | tuple):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    return value


def units(text: str, encoding: str) -> int:
    """The length of `text` in the negotiated position encoding's code units."""
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    if encoding == "utf-16":
        return len(text.encode("utf-16-le")) // 2
    assert encoding == "utf-32", encoding
    return len(text)


class Editor:
    """What an editor does with the server: open and edit documents, ask for actions and
    lenses, run commands, and keep what the server sends (diagnostics, run results, logs,
    progress, lens refresh requests) in order, with a receive time."""

    def __init__(self, client: LanguageClient, spec: str):
        self.client = client
        self.spec = spec
        self.init_result: T.InitializeResult | None = None
        self.versions: dict[str, int] = {}
        self.texts: dict[str, str] = {}
        self.published: list[tuple[float, T.PublishDiagnosticsParams]] = []
        self.run_results: list[tuple[float, dict]] = []
        self.progress: list[tuple[float, Any, Any]] = []
        self.lens_refreshes: list[float] = []

    # -- what the server negotiated -------------------------------------------------

    @property
    def encoding(self) -> str:
        assert self.init_result is not None
        return self.init_result.capabilities.position_encoding or "utf-16"

    def offers_utf8(self) -> bool:
        caps = self.client.capabilities
        encodings = (caps.general and caps.general.position_encodings) or []
        return T.PositionEncodingKind.Utf8 in encodings

    # -- documents ------------------------------------------------------------------

    def open(self, name: str, text: str, language_id: str) -> str:
        uri = (WORKSPACE / f"{uuid.uuid4().hex[:8]}-{name}").as_uri()
        self.versions[uri] = 1
        self.texts[uri] = text
        self.client.text_document_did_open(
            T.DidOpenTextDocumentParams(
                text_document=T.TextDocumentItem(
                    uri=uri, language_id=language_id, version=1, text=text
                )
            )
        )
        return uri

    def position(self, uri: str, line: int, before: str | None = None) -> T.Position:
        """Line `line` (0-based), at the first occurrence of `before` on it (else column 0),
        in the negotiated encoding."""
        text = self.texts[uri].split("\n")[line]
        column = 0 if before is None else text.index(before)
        assert column >= 0
        return T.Position(line=line, character=units(text[:column], self.encoding))

    def replace_line(self, uri: str, line: int, new_text: str) -> int:
        """An incremental change that replaces line `line` (without its newline)."""
        lines = self.texts[uri].split("\n")
        old = lines[line]
        lines[line] = new_text
        self.texts[uri] = "\n".join(lines)
        self.versions[uri] += 1
        self.client.text_document_did_change(
            T.DidChangeTextDocumentParams(
                text_document=T.VersionedTextDocumentIdentifier(
                    uri=uri, version=self.versions[uri]
                ),
                content_changes=[
                    T.TextDocumentContentChangePartial(
                        range=T.Range(
                            start=T.Position(line=line, character=0),
                            end=T.Position(line=line, character=units(old, self.encoding)),
                        ),
                        text=new_text,
                    )
                ],
            )
        )
        return self.versions[uri]

    # -- requests -------------------------------------------------------------------

    async def code_actions(
        self, uri: str, start: T.Position, end: T.Position | None = None
    ) -> list[T.CodeAction]:
        result = await self.client.text_document_code_action_async(
            T.CodeActionParams(
                text_document=T.TextDocumentIdentifier(uri=uri),
                range=T.Range(start=start, end=end or start),
                context=T.CodeActionContext(diagnostics=[]),
            )
        )
        assert result is not None, "no code actions"
        for action in result:
            assert isinstance(action, T.CodeAction), f"expected CodeAction, got {action!r}"
        return result  # type: ignore[return-value]

    async def run_lenses(self, uri: str) -> list[T.CodeLens]:
        """The "Run" lenses (without the AI lenses next to them)."""
        return [
            lens
            for lens in await self.code_lenses(uri)
            if lens.command is not None and lens.command.command == "codemode.run"
        ]

    async def code_lenses(self, uri: str) -> list[T.CodeLens]:
        result = await self.client.text_document_code_lens_async(
            T.CodeLensParams(text_document=T.TextDocumentIdentifier(uri=uri))
        )
        return result or []

    async def execute(
        self,
        command: T.Command,
        token: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> Any:
        params = T.ExecuteCommandParams(
            command=command.command,
            arguments=command.arguments,
            work_done_token=token,
        )
        if token is not None:
            # A client-initiated token: pytest-lsp knows only server-created ones.
            self.client.progress_reports.setdefault(token, [])
        result = await asyncio.wait_for(
            self.client.workspace_execute_command_async(params), timeout
        )
        return to_plain(result)

    async def run_action_at(self, uri: str, line: int, before: str | None = None) -> Any:
        """Asks for the code actions at a position and runs the first one's command."""
        actions = await self.code_actions(uri, self.position(uri, line, before))
        assert actions[0].command is not None
        return await self.execute(actions[0].command)

    # -- waiting for what the server sends ------------------------------------------

    async def wait_for(
        self, what: str, predicate: Callable[[], Any], timeout: float = DEFAULT_TIMEOUT
    ) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout}s waiting for {what}")
            await asyncio.sleep(0.01)

    async def progress_kinds(self, token: Any, timeout: float = DEFAULT_TIMEOUT) -> list[str]:
        """The kinds of `$/progress` sent under `token`, once it has ended.

        A response and the server's notifications travel on separate queues inside the server
        (tower-lsp merges them), so the `end` may arrive just after the command's result.
        """
        await self.wait_for(
            f"the end of progress {token}",
            lambda: any(t == token and v.get("kind") == "end" for _, t, v in self.progress),
            timeout,
        )
        return [v["kind"] for _, t, v in self.progress if t == token]

    def diagnostics_of(self, uri: str, since: int = 0) -> list[T.PublishDiagnosticsParams]:
        return [p for _, p in self.published[since:] if p.uri == uri]

    async def wait_for_diagnostics(
        self, uri: str, since: int = 0, timeout: float = DEFAULT_TIMEOUT
    ) -> T.PublishDiagnosticsParams:
        found = await self.wait_for(
            f"diagnostics of {uri}",
            lambda: self.diagnostics_of(uri, since),
            timeout,
        )
        return found[-1]

    async def wait_for_run_result(
        self, uri: str, since: int = 0, timeout: float = DEFAULT_TIMEOUT
    ) -> dict:
        found = await self.wait_for(
            f"codemode/runResult of {uri}",
            lambda: [r for _, r in self.run_results[since:] if r["uri"] == uri],
            timeout,
        )
        return found[-1]

    def logs(self) -> str:
        return "\n".join(m.message for m in self.client.log_messages)


def _structure_code_actions(client: LanguageClient) -> None:
    """lsprotocol 2025.0.0 structures a CodeAction that carries a command into a broken
    Command: decide by the shape (see shared/TESTING.md)."""
    conv = client.protocol._converter
    conv.register_structure_hook(
        Union[T.Command, T.CodeAction],  # noqa: UP007 (the exact type lsprotocol uses)
        lambda obj, _: conv.structure(
            obj, T.Command if isinstance(obj.get("command"), str) else T.CodeAction
        ),
    )


def _record(client: LanguageClient, editor: Editor) -> None:
    """Handlers that keep everything the server sends, in order of arrival (replacing
    pytest-lsp's own, which keep only the last diagnostics and know only server-created
    progress tokens)."""

    def on(method: str):
        client.protocol.fm._features.pop(method, None)
        return client.feature(method)

    @on(T.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def _diagnostics(params: T.PublishDiagnosticsParams):
        client.diagnostics[params.uri] = params.diagnostics
        editor.published.append((time.monotonic(), params))

    @on("codemode/runResult")
    def _run_result(params):
        editor.run_results.append((time.monotonic(), to_plain(params)))

    @on(T.PROGRESS)
    def _progress(params: T.ProgressParams):
        value = to_plain(params.value)
        client.progress_reports.setdefault(params.token, []).append(value)
        editor.progress.append((time.monotonic(), params.token, value))

    @on(T.WORKSPACE_CODE_LENS_REFRESH)
    def _lens_refresh(params):
        editor.lens_refreshes.append(time.monotonic())
        return None


CONFIG = ClientServerConfig(server_command=[BIN, "lsp"], server_env=SERVER_ENV)


@pytest_lsp.fixture(config=CONFIG, params=CLIENTS)
async def client(lsp_client: LanguageClient, request: pytest.FixtureRequest):
    """A started server with an editor's capabilities (each test runs with both)."""
    spec = request.param
    editor = Editor(lsp_client, spec)
    lsp_client.editor = editor  # type: ignore[attr-defined]
    _structure_code_actions(lsp_client)
    _record(lsp_client, editor)
    marker = request.node.get_closest_marker("init_options")
    options = marker.args[0] if marker else None
    editor.init_result = await lsp_client.initialize_session(
        T.InitializeParams(
            capabilities=client_capabilities(spec),
            root_uri=WORKSPACE.as_uri(),
            workspace_folders=[T.WorkspaceFolder(uri=WORKSPACE.as_uri(), name="workspace")],
            initialization_options=options,
        )
    )
    yield
    await shut_down(lsp_client)


EXIT_TIMEOUT = 10.0


async def shut_down(client: LanguageClient) -> int | None:
    """`shutdown` then `exit`, as an editor does, keeping stdin open (editors do): the server
    must end by itself. Kills it (and fails the test) if it does not within EXIT_TIMEOUT."""
    try:
        await asyncio.wait_for(client.shutdown_session(), EXIT_TIMEOUT)
    except TimeoutError:
        if client._server is not None and client._server.returncode is None:
            client._server.kill()
        pytest.fail(
            f"the server did not exit within {EXIT_TIMEOUT:.0f}s of shutdown + exit "
            "(stdin still open, as editors keep it)"
        )
    return client._server.returncode if client._server else None


@pytest.fixture
def ed(client: LanguageClient) -> Editor:
    return client.editor  # type: ignore[attr-defined]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "init_options(value): initializationOptions sent at initialize"
    )
    # test_ai.py: the scripted model's script and protocol, no model, extra settings.
    for marker in ("script", "protocol", "no_model", "settings"):
        config.addinivalue_line("markers", f"{marker}(value): see test_ai.py")
    if not os.access(BIN, os.X_OK):
        raise pytest.UsageError(f"no codemode binary at {BIN} (set CODEMODE_BIN or cargo build)")


def known_bug(request: pytest.FixtureRequest, reason: str) -> None:
    """Marks the running test as showing a known server bug. By default it must fail (a
    strict xfail, listed in the summary with `reason`) so the suite stays usable while the
    bug is open; once fixed it XPASSes, which fails the run so the mark gets removed.
    CODEMODE_E2E_KNOWN_BUGS=fail makes such tests plain failures."""
    if os.environ.get("CODEMODE_E2E_KNOWN_BUGS") == "fail":
        return
    request.node.add_marker(pytest.mark.xfail(strict=True, reason=f"server bug: {reason}"))


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """For tests/e2e/run.sh: the counts of this run as `outcome count` lines."""
    path = os.environ.get("CODEMODE_E2E_COUNTS")
    if not path:
        return
    stats = terminalreporter.stats
    with open(path, "w") as out:
        for outcome in ("passed", "failed", "error", "skipped", "xfailed", "xpassed"):
            out.write(f"{outcome} {len(stats.get(outcome, []))}\n")
