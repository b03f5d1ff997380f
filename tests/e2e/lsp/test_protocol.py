"""The protocol around a run: stale versions, work-done progress, cancellation, settings."""

from __future__ import annotations

import asyncio
import time
import uuid

import pytest
from lsprotocol import types as T
from pygls.exceptions import JsonRpcException

from conftest import DEFAULT_TIMEOUT, Editor, known_bug, shut_down, units

REQUEST_CANCELLED = -32800
INVALID_PARAMS = -32602

QUICK = """\
def hello():
    print("hello from the sandbox")
    return 42
"""

LOOP = """\
def spin():
    while True:
        pass
"""


def error_of(excinfo: pytest.ExceptionInfo) -> tuple[int, str]:
    exc = excinfo.value
    assert isinstance(exc, JsonRpcException), repr(exc)
    return exc.code, exc.message


async def test_a_stale_run_is_refused_with_a_clear_error(ed: Editor):
    uri = ed.open("quick.py", QUICK, "python")
    actions = await ed.code_actions(uri, ed.position(uri, 1))
    stale = actions[0].command
    ed.replace_line(uri, 1, '    print("edited")')

    with pytest.raises(JsonRpcException) as excinfo:
        await ed.execute(stale)
    code, message = error_of(excinfo)
    assert code == INVALID_PARAMS
    assert "document changed since this action was offered" in message
    assert "version 2 now, 1 then" in message
    assert ed.run_results == [] and ed.diagnostics_of(uri) == []

    # A fresh action runs the new text.
    outcome = await ed.run_action_at(uri, 1)
    assert outcome["stdout"] == "edited\n"


async def test_a_stale_run_whose_range_left_the_document_still_says_it_is_stale(ed: Editor):
    """The version check must come before the range is resolved in the new text."""
    text = "".join(f"x{i} = {i}\n" for i in range(10)) + 'print("end")\n'
    uri = ed.open("long.py", text, "python")
    actions = await ed.code_actions(uri, ed.position(uri, 10))
    stale = actions[0].command
    # The document shrinks to 1 line: line 10 of the old version is gone.
    ed.versions[uri] += 1
    ed.texts[uri] = "x = 1\n"
    ed.client.text_document_did_change(
        T.DidChangeTextDocumentParams(
            text_document=T.VersionedTextDocumentIdentifier(uri=uri, version=ed.versions[uri]),
            content_changes=[T.TextDocumentContentChangeWholeDocument(text="x = 1\n")],
        )
    )
    with pytest.raises(JsonRpcException) as excinfo:
        await ed.execute(stale)
    code, message = error_of(excinfo)
    assert code == INVALID_PARAMS
    assert "document changed since this action was offered" in message


async def test_progress_begins_and_ends_with_the_work_done_token(ed: Editor):
    uri = ed.open("quick.py", QUICK, "python")
    actions = await ed.code_actions(uri, ed.position(uri, 1))
    token = f"run-{uuid.uuid4()}"
    outcome = await ed.execute(actions[0].command, token=token)
    assert outcome["status"] == "ok" and outcome["value"] == "42"

    kinds = await ed.progress_kinds(token)
    assert kinds[0] == "begin" and kinds[-1] == "end", kinds
    begin = next(v for _, t, v in ed.progress if t == token and v["kind"] == "begin")
    assert begin["title"] == "codemode"
    assert begin.get("cancellable") is True
    assert all(t == token for _, t, _ in ed.progress), "progress on a token nobody asked for"


async def test_cancel_request_ends_a_long_run_quickly(ed: Editor):
    uri = ed.open("loop.py", LOOP, "python")
    actions = await ed.code_actions(uri, ed.position(uri, 1))
    msg_id = f"spin-{uuid.uuid4()}"
    params = T.ExecuteCommandParams(
        command=actions[0].command.command, arguments=actions[0].command.arguments
    )
    pending = asyncio.ensure_future(
        ed.client.protocol.send_request_async(T.WORKSPACE_EXECUTE_COMMAND, params, msg_id=msg_id)
    )
    await asyncio.sleep(0.5)  # the loop is running now (default limit: 10 s)
    assert not pending.done()

    cancelled_at = time.monotonic()
    ed.client.cancel_request(T.CancelParams(id=msg_id))
    with pytest.raises(JsonRpcException) as excinfo:
        await asyncio.wait_for(pending, 5)
    answered_in = time.monotonic() - cancelled_at
    code, _ = error_of(excinfo)
    assert code == REQUEST_CANCELLED
    assert answered_in < 1.0, f"cancellation answered after {answered_in:.2f}s"

    # The server still serves: a quick run right after.
    quick = ed.open("quick.py", QUICK, "python")
    started = time.monotonic()
    outcome = await ed.run_action_at(quick, 1)
    assert outcome["status"] == "ok"
    assert time.monotonic() - started < 5
    # A cancelled run publishes nothing for its document.
    assert ed.diagnostics_of(uri) == []


async def test_cancel_request_of_a_run_with_progress_ends_its_progress(ed: Editor):
    """A client shows a progress bar from `begin` until `end`: a cancelled run must still
    send `end`, or the editor's spinner stays forever."""
    uri = ed.open("loop.py", LOOP, "python")
    actions = await ed.code_actions(uri, ed.position(uri, 1))
    token = f"spin-{uuid.uuid4()}"
    ed.client.progress_reports.setdefault(token, [])
    msg_id = f"spin-{uuid.uuid4()}"
    params = T.ExecuteCommandParams(
        command=actions[0].command.command,
        arguments=actions[0].command.arguments,
        work_done_token=token,
    )
    pending = asyncio.ensure_future(
        ed.client.protocol.send_request_async(T.WORKSPACE_EXECUTE_COMMAND, params, msg_id=msg_id)
    )
    await ed.wait_for("progress begin", lambda: any(t == token for _, t, _ in ed.progress))
    await asyncio.sleep(0.3)
    ed.client.cancel_request(T.CancelParams(id=msg_id))
    with pytest.raises(JsonRpcException):
        await asyncio.wait_for(pending, 5)
    kinds = await ed.progress_kinds(token)
    assert kinds[0] == "begin" and kinds[-1] == "end", kinds


async def test_work_done_progress_cancel_stops_the_run(ed: Editor):
    uri = ed.open("loop.py", LOOP, "python")
    actions = await ed.code_actions(uri, ed.position(uri, 1))
    token = f"spin-{uuid.uuid4()}"
    run = asyncio.ensure_future(ed.execute(actions[0].command, token=token))
    await ed.wait_for("progress begin", lambda: any(t == token for _, t, _ in ed.progress))
    await asyncio.sleep(0.3)
    cancelled_at = time.monotonic()
    ed.client.window_work_done_progress_cancel(T.WorkDoneProgressCancelParams(token=token))
    outcome = await asyncio.wait_for(run, 5)
    assert time.monotonic() - cancelled_at < 1.0
    assert outcome["status"] == "cancelled", outcome
    kinds = await ed.progress_kinds(token)
    assert kinds[0] == "begin" and kinds[-1] == "end", kinds


@pytest.mark.init_options({"limits": {"timeout": "1s"}})
async def test_initialization_options_set_the_time_limit(ed: Editor):
    uri = ed.open("loop.py", LOOP, "python")
    started = time.monotonic()
    outcome = await ed.run_action_at(uri, 1)
    took = time.monotonic() - started
    assert outcome["status"] == "timeout", outcome
    assert 0.9 < took < 4, f"a 1 s limit took {took:.2f}s"

    published = await ed.wait_for_diagnostics(uri)
    [diagnostic] = published.diagnostics
    assert diagnostic.source == "codemode"
    assert "time" in diagnostic.message.lower(), diagnostic.message
    assert diagnostic.range.start.line in (0, 1, 2), diagnostic.range


@pytest.mark.init_options({"codemode": {"lenses": {"kinds": ["function"]}}})
async def test_initialization_options_under_a_codemode_key(ed: Editor):
    uri = ed.open("quick.py", QUICK, "python")
    lenses = await ed.run_lenses(uri)
    assert [lens.range.start.line for lens in lenses] == [0]  # no "Run file" lens


async def test_did_change_configuration_changes_the_time_limit(ed: Editor):
    ed.client.workspace_did_change_configuration(
        T.DidChangeConfigurationParams(settings={"codemode": {"limits": {"timeout": "1s"}}})
    )
    uri = ed.open("loop.py", LOOP, "python")
    started = time.monotonic()
    outcome = await ed.run_action_at(uri, 1)
    took = time.monotonic() - started
    assert outcome["status"] == "timeout", outcome
    assert 0.9 < took < 4, f"a 1 s limit took {took:.2f}s"

    # Back to a generous limit: a quick run is fine, a partial change keeps the rest.
    ed.client.workspace_did_change_configuration(
        T.DidChangeConfigurationParams(settings={"limits": {"timeout": "5s"}})
    )
    quick = ed.open("quick.py", QUICK, "python")
    assert (await ed.run_action_at(quick, 1))["status"] == "ok"


async def test_invalid_configuration_is_reported_and_the_old_one_kept(ed: Editor):
    ed.client.workspace_did_change_configuration(
        T.DidChangeConfigurationParams(settings={"codemode": {"limits": {"timeout": "1s"}}})
    )
    ed.client.workspace_did_change_configuration(
        T.DidChangeConfigurationParams(settings={"codemode": {"limits": {"timeout": "soon"}}})
    )
    message = await ed.wait_for("window/showMessage", lambda: ed.client.messages)
    assert message[0].type == T.MessageType.Error
    assert "invalid settings" in message[0].message
    uri = ed.open("loop.py", LOOP, "python")
    outcome = await ed.run_action_at(uri, 1)
    assert outcome["status"] == "timeout"  # the 1 s limit is still in force
    assert outcome["duration_ms"] < 4000


async def test_closing_a_document_clears_its_diagnostics(ed: Editor):
    uri = ed.open("report.py", "def f():\n    return 1 / 0\n", "python")
    await ed.run_action_at(uri, 1)
    assert len((await ed.wait_for_diagnostics(uri)).diagnostics) == 1
    mark = len(ed.published)
    ed.client.text_document_did_close(
        T.DidCloseTextDocumentParams(text_document=T.TextDocumentIdentifier(uri=uri))
    )
    cleared = await ed.wait_for_diagnostics(uri, since=mark)
    assert list(cleared.diagnostics) == []


async def test_running_a_closed_document_is_an_error(ed: Editor):
    uri = ed.open("quick.py", QUICK, "python")
    actions = await ed.code_actions(uri, ed.position(uri, 1))
    ed.client.text_document_did_close(
        T.DidCloseTextDocumentParams(text_document=T.TextDocumentIdentifier(uri=uri))
    )
    with pytest.raises(JsonRpcException) as excinfo:
        await ed.execute(actions[0].command, timeout=DEFAULT_TIMEOUT)
    code, message = error_of(excinfo)
    assert code == INVALID_PARAMS and "is not open" in message


SLEEPY = """\
import time


def nap():
    print("napping")
    time.sleep(1.5)
    return 1 / 0
"""


async def test_a_long_run_does_not_block_another(ed: Editor):
    loop = ed.open("loop.py", LOOP, "python")
    actions = await ed.code_actions(loop, ed.position(loop, 1))
    spinning = asyncio.ensure_future(ed.execute(actions[0].command, token="spinner"))
    await ed.wait_for("the loop's progress", lambda: ed.progress)

    quick = ed.open("quick.py", QUICK, "python")
    started = time.monotonic()
    outcome = await ed.run_action_at(quick, 1)
    assert outcome["status"] == "ok"
    assert time.monotonic() - started < 3, "a quick run waited for a long one"
    assert not spinning.done()
    ed.client.window_work_done_progress_cancel(T.WorkDoneProgressCancelParams(token="spinner"))
    assert (await asyncio.wait_for(spinning, 5))["status"] == "cancelled"


async def test_a_result_of_an_older_version_is_not_published(ed: Editor):
    uri = ed.open("sleepy.py", SLEEPY, "python")
    actions = await ed.code_actions(uri, ed.position(uri, 5))
    running = asyncio.ensure_future(ed.execute(actions[0].command))
    await asyncio.sleep(0.5)
    ed.replace_line(uri, 0, "import time  # edited while running")
    outcome = await asyncio.wait_for(running, 10)
    # The request still answers with what happened...
    assert outcome["status"] == "error" and outcome["stdout"] == "napping\n"
    await asyncio.sleep(0.3)
    # ...but nothing is published on a text that has changed since.
    assert ed.diagnostics_of(uri) == []
    assert [r for _, r in ed.run_results if r["uri"] == uri] == []


async def test_an_action_range_inside_a_character_is_refused(ed: Editor):
    uri = ed.open("emoji.py", 'x = "🎉"\n', "python")
    inside = T.Position(line=0, character=units('x = "', ed.encoding) + 1)
    with pytest.raises(JsonRpcException) as excinfo:
        await ed.code_actions(uri, inside)
    code, _ = error_of(excinfo)
    assert code == INVALID_PARAMS


async def test_exit_after_shutdown_ends_the_server_with_code_0(ed: Editor):
    """Editors keep the server's stdin open after `exit`: the server must end by itself."""
    started = time.monotonic()
    assert await shut_down(ed.client) == 0
    assert time.monotonic() - started < 5
    ed.client.capabilities = None  # the fixture has nothing left to shut down


async def test_exit_without_shutdown_ends_the_server_with_code_1(ed: Editor):
    ed.client.exit(None)
    server = ed.client._server
    code = await asyncio.wait_for(server.wait(), 5)
    assert code == 1
    ed.client.capabilities = None


@pytest.mark.init_options({"limits": {"timeout": "soon"}})
async def test_invalid_initialization_options_are_reported(
    ed: Editor, request: pytest.FixtureRequest
):
    """Invalid `workspace/didChangeConfiguration` settings get a window/showMessage; invalid
    initializationOptions (the same settings, at startup) should tell the user too."""
    # A round trip after `initialized`, for anything sent then to arrive.
    uri = ed.open("quick.py", QUICK, "python")
    await ed.code_lenses(uri)
    await asyncio.sleep(0.3)
    told = [m.message for m in ed.client.messages] + [m.message for m in ed.client.log_messages]
    if not any("invalid" in m for m in told):
        known_bug(
            request,
            "invalid initializationOptions are dropped with only a tracing warning on "
            "stderr (initialize.rs): no window/showMessage or window/logMessage",
        )
    assert any("invalid" in m for m in told), told


async def test_an_unsupported_language_gets_a_clear_error(ed: Editor):
    uri = ed.open("notes.txt", "hello\n", "plaintext")
    assert await ed.code_lenses(uri) == []
    actions = await ed.code_actions(uri, T.Position(line=0, character=0))
    with pytest.raises(JsonRpcException) as excinfo:
        await ed.execute(actions[0].command)
    code, message = error_of(excinfo)
    assert code == INVALID_PARAMS
    assert message.startswith("codemode cannot run plaintext documents"), message
