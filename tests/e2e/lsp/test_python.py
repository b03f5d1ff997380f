"""Python documents: Run in sandbox → diagnostics at the failing line, output, lenses."""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types as T
from pygls.exceptions import JsonRpcException

from conftest import Editor, known_bug

FAILING = """\
import math


def area(r):
    return math.pi * r * r


def report():
    print("computing the report")
    total = area(2)
    return total / 0


print("module loaded")
"""
# 0-based line of `return total / 0`, and what the diagnostic covers on it.
FAILING_LINE = 10
FAILING_EXPR = "total / 0"


async def test_initialize_negotiates_the_position_encoding(ed: Editor):
    caps = ed.init_result.capabilities
    expected = "utf-8" if ed.offers_utf8() else "utf-16"
    assert caps.position_encoding == expected
    assert list(caps.execute_command_provider.commands) == [
        "codemode.run",
        "codemode.fix",
        "codemode.generateTests",
    ]
    assert caps.code_lens_provider is not None
    assert caps.text_document_sync.change == T.TextDocumentSyncKind.Incremental
    assert ed.init_result.server_info.name == "codemode"


async def test_run_in_sandbox_puts_the_error_on_its_line(ed: Editor):
    uri = ed.open("report.py", FAILING, "python")
    actions = await ed.code_actions(uri, ed.position(uri, 9))
    # Run, and Generate tests for the function at the cursor (no failure yet: no Auto-fix).
    assert [a.title for a in actions] == ["Run in sandbox", "Generate tests for `report`"]
    command = actions[0].command
    assert command.command == "codemode.run"
    assert len(command.arguments) == 1
    arg = command.arguments[0]
    assert arg["uri"] == uri and arg["version"] == 1 and arg["target"] == "range"

    outcome = await ed.execute(command)

    assert outcome["status"] == "error", outcome
    assert outcome["stdout"] == "computing the report\n"
    assert outcome["error"]["kind"] == "ZeroDivisionError"

    published = await ed.wait_for_diagnostics(uri)
    assert len(published.diagnostics) == 1, published.diagnostics
    diagnostic = published.diagnostics[0]
    start = ed.position(uri, FAILING_LINE, FAILING_EXPR)
    end = T.Position(line=FAILING_LINE, character=start.character + len(FAILING_EXPR))
    assert diagnostic.range == T.Range(start=start, end=end)
    assert diagnostic.source == "codemode"
    assert diagnostic.severity == T.DiagnosticSeverity.Error
    assert diagnostic.message == "ZeroDivisionError: division by zero"

    result = await ed.wait_for_run_result(uri)
    assert result["name"] == "report" and result["kind"] == "function"
    assert result["version"] == 1
    assert result["outcome"]["stdout"] == "computing the report\n"
    assert result["range"]["start"]["line"] == 7  # `def report():`
    assert result["summary"].startswith(
        f"✗ ZeroDivisionError: division by zero (line {FAILING_LINE + 1})"
    ), result["summary"]

    await ed.wait_for(
        "the run's stdout in window/logMessage",
        lambda: "computing the report" in ed.logs(),
    )


CALLS = """\
def parse(text):
    return int(text)


def main():
    print("parsing")
    return parse("forty-two")
"""


async def test_traceback_frames_become_related_information(ed: Editor):
    uri = ed.open("calls.py", CALLS, "python")
    outcome = await ed.run_action_at(uri, 5)
    assert outcome["error"]["kind"] == "ValueError"

    published = await ed.wait_for_diagnostics(uri)
    [diagnostic] = published.diagnostics
    # The error is raised in `parse` (line 1); the call in `main` (line 6) is related.
    assert diagnostic.range.start == ed.position(uri, 1, "int(text)")
    assert diagnostic.message.startswith("ValueError: invalid literal for int()")
    related = diagnostic.related_information or []
    assert any(
        r.location.uri == uri
        and r.location.range.start == ed.position(uri, 6, 'parse("forty-two")')
        for r in related
    ), related


async def test_fixing_the_snippet_clears_its_diagnostic(ed: Editor):
    uri = ed.open("report.py", FAILING, "python")
    await ed.run_action_at(uri, 9)
    first = await ed.wait_for_diagnostics(uri)
    assert len(first.diagnostics) == 1

    version = ed.replace_line(uri, FAILING_LINE, "    return total / 2")
    mark = len(ed.published)
    actions = await ed.code_actions(uri, ed.position(uri, 9))
    assert actions[0].command.arguments[0]["version"] == version
    outcome = await ed.execute(actions[0].command)

    assert outcome["status"] == "ok", outcome
    assert outcome["value"] == repr(3.141592653589793 * 4 / 2)
    republished = await ed.wait_for_diagnostics(uri, since=mark)
    assert list(republished.diagnostics) == []
    assert list(ed.client.diagnostics[uri]) == []
    if republished.version is not None:
        assert republished.version == version


async def test_code_lenses_list_the_runnables_and_show_the_last_result(ed: Editor):
    uri = ed.open("report.py", FAILING, "python")
    lenses = await ed.run_lenses(uri)
    shown = sorted(
        (lens.range.start.line, lens.command.title, lens.command.arguments[0]["target"])
        for lens in lenses
    )
    assert shown == [
        (0, "▶ Run file", "runnable"),
        (3, "▶ Run", "runnable"),  # def area(r)
        (7, "▶ Run", "runnable"),  # def report()
    ]
    for lens in lenses:
        assert lens.range.start == lens.range.end  # a lens sits at the start of its line
        assert lens.command.command == "codemode.run"

    report = next(lens for lens in lenses if lens.range.start.line == 7)
    outcome = await ed.execute(report.command)
    assert outcome["status"] == "error"
    result = await ed.wait_for_run_result(uri)
    assert (result["name"], result["kind"]) == ("report", "function")

    if ed.spec.startswith("visual_studio_code"):
        # VS Code declares workspace.codeLens.refreshSupport: the server asks it to refresh.
        await ed.wait_for("workspace/codeLens/refresh", lambda: ed.lens_refreshes)

    after = {lens.range.start.line: lens.command.title for lens in await ed.run_lenses(uri)}
    assert after[7] == f"▶ Run · {result['summary']}"
    assert "ZeroDivisionError" in after[7]
    assert after[3] == "▶ Run" and after[0] == "▶ Run file"


async def test_codelens_refresh_only_for_clients_that_support_it(ed: Editor):
    """`workspace/codeLens/refresh` is only for clients that declare
    `workspace.codeLens.refreshSupport` (LSP 3.16): VS Code does, Neovim 0.11 does not (and
    answers it with MethodNotFound)."""
    caps = ed.client.capabilities
    supports = bool(
        caps.workspace and caps.workspace.code_lens and caps.workspace.code_lens.refresh_support
    )
    uri = ed.open("report.py", FAILING, "python")
    await ed.run_action_at(uri, 9)
    await ed.wait_for_run_result(uri)
    if supports:
        await ed.wait_for("workspace/codeLens/refresh", lambda: ed.lens_refreshes)
    else:
        # A round trip gives a stray request time to arrive; none may have.
        await ed.code_lenses(uri)
        await asyncio.sleep(0.2)
        assert ed.lens_refreshes == [], (
            "the server sent workspace/codeLens/refresh to a client that does not support it"
        )


TWO = """\
def first():
    print("first")


def second():
    print("second")
"""


async def test_a_stale_lens_does_not_run_another_snippet(
    ed: Editor, request: pytest.FixtureRequest
):
    """A lens clicked before the editor refreshed the lenses carries the old version and
    position. The server must refuse it as stale (like an action) or run the snippet the lens
    showed, never whatever sits at that position now."""
    uri = ed.open("two.py", TWO, "python")
    lenses = await ed.code_lenses(uri)
    second = next(lens for lens in lenses if lens.range.start.line == 4)
    assert second.command.arguments[0]["version"] == 1

    # Four lines inserted above: `first` now starts at line 4.
    inserted = "def zeroth():\n    print('zeroth')\n\n\n"
    ed.versions[uri] += 1
    ed.texts[uri] = inserted + TWO
    ed.client.text_document_did_change(
        T.DidChangeTextDocumentParams(
            text_document=T.VersionedTextDocumentIdentifier(uri=uri, version=ed.versions[uri]),
            content_changes=[
                T.TextDocumentContentChangePartial(
                    range=T.Range(
                        start=T.Position(line=0, character=0),
                        end=T.Position(line=0, character=0),
                    ),
                    text=inserted,
                )
            ],
        )
    )
    try:
        outcome = await ed.execute(second.command)
    except JsonRpcException as err:
        assert "changed" in err.message, err.message
        return
    ran = (await ed.wait_for_run_result(uri))["name"]
    if ran != "second":
        known_bug(
            request,
            "codemode.run with target `runnable` ignores the lens's version: a stale "
            f"`second` lens ran `{ran}` (stdout {outcome['stdout']!r})",
        )
    assert ran == "second"
    assert outcome["stdout"] == "second\n"


EMOJI = """\
def party():
    label = "🎉 ok"; ratio = 1 / 0
    return label
"""


async def test_positions_after_an_emoji_use_the_negotiated_encoding(ed: Editor):
    uri = ed.open("emoji.py", EMOJI, "python")
    assert ed.encoding == ("utf-8" if ed.offers_utf8() else "utf-16")
    await ed.run_action_at(uri, 1)
    published = await ed.wait_for_diagnostics(uri)
    [diagnostic] = published.diagnostics

    line = EMOJI.split("\n")[1]
    column = line.index("1 / 0")
    expected = {
        "utf-8": len(line[:column].encode("utf-8")),
        "utf-16": len(line[:column].encode("utf-16-le")) // 2,
    }[ed.encoding]
    # The emoji is 1 code point, 2 UTF-16 units, 4 UTF-8 bytes: each encoding differs.
    assert column != expected
    assert diagnostic.range.start == T.Position(line=1, character=expected)
    assert diagnostic.range.end == T.Position(line=1, character=expected + len("1 / 0"))
    assert diagnostic.message == "ZeroDivisionError: division by zero"


async def test_incremental_edits_after_an_emoji_use_the_negotiated_encoding(ed: Editor):
    uri = ed.open("emoji.py", EMOJI, "python")
    line = EMOJI.split("\n")[1]
    start = ed.position(uri, 1, "0")
    # Replace only the `0` with `4`: a range that starts after the emoji.
    ed.versions[uri] += 1
    ed.texts[uri] = EMOJI.replace("1 / 0", "1 / 4")
    ed.client.text_document_did_change(
        T.DidChangeTextDocumentParams(
            text_document=T.VersionedTextDocumentIdentifier(uri=uri, version=ed.versions[uri]),
            content_changes=[
                T.TextDocumentContentChangePartial(
                    range=T.Range(
                        start=start,
                        end=T.Position(line=1, character=start.character + 1),
                    ),
                    text="4",
                )
            ],
        )
    )
    assert "1 / 0" in line
    outcome = await ed.run_action_at(uri, 1)
    assert outcome["status"] == "ok", outcome
    assert outcome["value"] == "'🎉 ok'"


KINDS = '''\
# %% setup
import math

# %% helpers
def double(x):
    """
    >>> double(2)
    5
    """
    return x * 2


class Box:
    pass


if __name__ == "__main__":
    print("main says", double(21))
'''


def lens_at(lenses: list[T.CodeLens], line: int, title: str) -> T.CodeLens:
    found = [
        lens for lens in lenses if lens.range.start.line == line and lens.command.title == title
    ]
    assert len(found) == 1, [(lens.range.start.line, lens.command.title) for lens in lenses]
    return found[0]


async def test_lenses_cover_cells_doctests_classes_and_the_main_block(ed: Editor):
    uri = ed.open("kinds.py", KINDS, "python")
    lenses = await ed.run_lenses(uri)
    assert sorted((lens.range.start.line, lens.command.title) for lens in lenses) == [
        (0, "▶ Run"),  # cell "setup"
        (0, "▶ Run file"),
        (3, "▶ Run"),  # cell "helpers"
        (4, "▶ Run"),  # def double(x)
        (5, "▶ Run doctests"),
        (12, "▶ Run"),  # class Box
        (16, "▶ Run"),  # if __name__ == "__main__":
    ]

    main = await ed.execute(lens_at(lenses, 16, "▶ Run").command)
    assert main["status"] == "ok" and main["stdout"] == "main says 42\n"
    assert (await ed.wait_for_run_result(uri))["kind"] == "main"

    mark = len(ed.run_results)
    doctest = await ed.execute(lens_at(lenses, 5, "▶ Run doctests").command)
    assert doctest["status"] == "error"
    result = await ed.wait_for_run_result(uri, since=mark)
    assert (result["name"], result["kind"]) == ("double", "doctest")
    published = await ed.wait_for_diagnostics(uri)
    [diagnostic] = published.diagnostics
    assert diagnostic.message == "DoctestFailure: expected 5, got 4"
    assert diagnostic.range.start == ed.position(uri, 6, "double(2)")

    cls = await ed.execute(lens_at(lenses, 12, "▶ Run").command)
    assert cls["status"] == "ok"


async def test_the_run_file_lens_runs_the_file(ed: Editor, request: pytest.FixtureRequest):
    """A document that starts with a cell (or a function) has two lenses at line 0."""
    uri = ed.open("kinds.py", KINDS, "python")
    lenses = await ed.run_lenses(uri)
    outcome = await ed.execute(lens_at(lenses, 0, "▶ Run file").command)
    result = await ed.wait_for_run_result(uri)
    if result["kind"] != "file":
        known_bug(
            request,
            "the `▶ Run file` lens sends only {target: runnable, range}; codemode.run picks "
            "the non-file runnable at that offset, so it ran "
            f"{result['kind']} {result['name']!r} instead of the file",
        )
    assert result["kind"] == "file"
    assert outcome["stdout"] == "main says 42\n"  # the file runs as __main__
    titles = {lens.command.title for lens in await ed.code_lenses(uri)}
    assert any(t.startswith("▶ Run file · ") for t in titles), titles


async def test_one_failure_seen_by_two_runs_is_one_diagnostic(
    ed: Editor, request: pytest.FixtureRequest
):
    """`double` has required parameters, so its own lens runs its doctests: the same failure
    as its "Run doctests" lens. The editor should list it once."""
    uri = ed.open("kinds.py", KINDS, "python")
    lenses = await ed.run_lenses(uri)
    await ed.execute(lens_at(lenses, 4, "▶ Run").command)
    await ed.execute(lens_at(lenses, 5, "▶ Run doctests").command)
    await ed.wait_for("two run results", lambda: len(ed.run_results) >= 2)
    published = await ed.wait_for_diagnostics(uri)
    seen = [(d.range.start, d.range.end, d.message) for d in published.diagnostics]
    if len(seen) != len(set(map(repr, seen))):
        known_bug(
            request,
            "diagnostics of all runs of a version are concatenated (Session::record keeps "
            "one run per kind and name): the same doctest failure is published twice",
        )
    assert len(seen) == len(set(map(repr, seen))), seen
