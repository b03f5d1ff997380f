"""Tests of the guest's runner logic under a native CPython (3.11+): `python3 -m pytest`.

The component adds nothing but the WIT conversion, so what is tested here is what the sandbox
returns: values, errors with their frames and traceback text, exit codes.
"""

from __future__ import annotations

import asyncio
import errno
import json
import os
import sys
import textwrap

import pytest

import codemode
from codemode_guest import preload, runner, sandbox, tz, wasi_asyncio
from codemode_guest.runner import Frame, run_snippet


def run(code: str, show_last_value: bool = False) -> runner.Outcome:
    return run_snippet(textwrap.dedent(code), "<snippet>", show_last_value, sandbox.explain)


def snippet_frames(outcome: runner.Outcome) -> list[Frame]:
    assert outcome.error is not None
    return [f for f in outcome.error.frames if f.filename == "<snippet>"]


# --- values ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "value"),
    [
        ("1 + 1", "2"),
        ("x = 'a'\nx", "'a'"),
        ("[1, {'b': (2,)}]", "[1, {'b': (2,)}]"),
        ("None", None),
        ("print('hi')", None),
        ("x = 5", None),
        ("x = 5\nif x:\n    x", None),
        ("", None),
        ("# only a comment", None),
    ],
)
def test_last_value_is_the_repr_of_a_trailing_expression(code: str, value: str | None) -> None:
    outcome = run(code, show_last_value=True)
    assert outcome == runner.Outcome(value=value)


def test_last_value_only_when_asked() -> None:
    assert run("1 + 1").value is None


def test_last_value_is_not_left_in_the_namespace() -> None:
    outcome = run("x = 1\nsorted(globals())", show_last_value=True)
    assert "__codemode_last_value__" not in (outcome.value or "")


def test_failing_repr_of_the_last_value_is_an_error() -> None:
    outcome = run(
        """
        class Bad:
            def __repr__(self):
                raise ValueError("no repr")
        Bad()
        """,
        show_last_value=True,
    )
    assert outcome.error is not None and outcome.error.kind == "ValueError"


def test_output_is_written(capsys: pytest.CaptureFixture[str]) -> None:
    run("import sys\nprint('out')\nprint('err', file=sys.stderr)")
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("out\n", "err\n")


def test_snippet_runs_as_main() -> None:
    outcome = run(
        """
        import pickle, dataclasses
        @dataclasses.dataclass
        class Point:
            x: int
        assert __name__ == "__main__"
        pickle.loads(pickle.dumps(Point(1)))
        """,
        show_last_value=True,
    )
    assert outcome == runner.Outcome(value="Point(x=1)")


def test_doctest_finds_the_snippets_functions(capsys: pytest.CaptureFixture[str]) -> None:
    outcome = run(
        '''
        def double(x):
            """
            >>> double(2)
            4
            """
            return 2 * x
        import doctest
        print(doctest.testmod())
        '''
    )
    assert outcome.error is None
    assert capsys.readouterr().out == "TestResults(failed=0, attempted=1)\n"


# --- syntax errors ---------------------------------------------------------------------------


def test_syntax_error_has_one_frame_at_the_parser_position() -> None:
    outcome = run("x = 1\ny = (1 +* 2)\n")
    assert outcome.error is not None
    assert outcome.error.kind == "SyntaxError"
    assert outcome.error.message == "invalid syntax"
    assert outcome.error.frames == [Frame("<snippet>", "<module>", 2, 9, 2, 10)]
    assert outcome.error.traceback == (
        '  File "<snippet>", line 2\n    y = (1 +* 2)\n            ^\nSyntaxError: invalid syntax\n'
    )


def test_unclosed_bracket_points_at_the_bracket() -> None:
    outcome = run("print('é', (1,\n")
    assert outcome.error is not None
    assert outcome.error.message == "'(' was never closed"
    assert outcome.error.frames == [Frame("<snippet>", "<module>", 1, 12, 1, 13)]


def test_indentation_error_keeps_its_kind() -> None:
    outcome = run("if True:\nprint(1)\n")
    assert outcome.error is not None
    assert outcome.error.kind == "IndentationError"
    assert outcome.error.frames[0].line == 2


def test_error_found_after_parsing_shows_the_source_line() -> None:
    outcome = run("x = 1\nreturn x\n")
    assert outcome.error is not None
    assert outcome.error.message == "'return' outside function"
    assert outcome.error.frames == [Frame("<snippet>", "<module>", 2, 1, 2, 9)]
    assert "    return x\n    ^^^^^^^^\n" in outcome.error.traceback


# --- runtime errors --------------------------------------------------------------------------


def test_runtime_error_frames_are_relative_to_the_snippet() -> None:
    outcome = run(
        """\
        def divide(a, b):
            return a / b

        divide(1, 0)
        """
    )
    assert outcome.error is not None
    assert outcome.error.kind == "ZeroDivisionError"
    assert outcome.error.message == "division by zero"
    assert outcome.error.frames == [
        Frame("<snippet>", "<module>", 4, 1, 4, 13),
        Frame("<snippet>", "divide", 2, 12, 2, 17),
    ]


def test_columns_count_characters_not_bytes() -> None:
    outcome = run("s = 'ééé'; t = s + 1")
    assert outcome.error is not None
    assert outcome.error.frames == [Frame("<snippet>", "<module>", 1, 16, 1, 21)]


def test_runner_frames_are_hidden() -> None:
    outcome = run("raise KeyError('k')")
    assert outcome.error is not None
    assert outcome.error.traceback == (
        "Traceback (most recent call last):\n"
        '  File "<snippet>", line 1, in <module>\n'
        "    raise KeyError('k')\n"
        "KeyError: 'k'\n"
    )
    assert [f.filename for f in outcome.error.frames] == ["<snippet>"]
    assert outcome.error.message == "'k'"


def test_library_frames_are_kept_and_kind_is_qualified() -> None:
    outcome = run("import json\njson.loads('{oops')")
    assert outcome.error is not None
    assert outcome.error.kind == "json.decoder.JSONDecodeError"
    frames = outcome.error.frames
    assert frames[0] == Frame("<snippet>", "<module>", 2, 1, 2, 20)
    assert frames[-1].filename.endswith(os.path.join("json", "decoder.py"))
    assert len(frames) > 1


def test_snippet_exception_classes_are_not_qualified() -> None:
    outcome = run("class Oops(Exception):\n    pass\nraise Oops('x')")
    assert outcome.error is not None
    assert outcome.error.kind == "Oops"


def test_chained_exceptions_appear_in_the_traceback() -> None:
    outcome = run(
        """
        try:
            {}['missing']
        except KeyError as exc:
            raise ValueError('bad config') from exc
        """
    )
    assert outcome.error is not None
    text = outcome.error.traceback
    assert outcome.error.kind == "ValueError"
    assert "KeyError: 'missing'" in text
    assert "The above exception was the direct cause of the following exception:" in text
    assert text.endswith("ValueError: bad config\n")
    assert "runner.py" not in text


def test_implicit_context_appears_in_the_traceback() -> None:
    outcome = run("try:\n    1/0\nexcept ZeroDivisionError:\n    undefined_name\n")
    assert outcome.error is not None
    assert "During handling of the above exception, another exception occurred:" in (
        outcome.error.traceback
    )
    assert outcome.error.kind == "NameError"


def test_recursion_error_is_a_clean_error() -> None:
    outcome = run("def f(n):\n    return f(n + 1)\nf(0)")
    assert outcome.error is not None
    assert outcome.error.kind == "RecursionError"
    assert "Previous line repeated" in outcome.error.traceback


def test_memory_error_is_a_clean_error() -> None:
    outcome = run("big = [0] * 1000\nraise MemoryError")
    assert outcome.error is not None
    assert outcome.error.kind == "MemoryError"


def test_deeply_nested_code_is_an_error_not_a_crash() -> None:
    outcome = run("x = " + "-" * 100_000 + "1")
    assert outcome.error is not None
    assert outcome.error.kind in ("RecursionError", "MemoryError", "SyntaxError")


def test_exception_with_a_broken_str_is_still_reported() -> None:
    outcome = run(
        """
        class E(Exception):
            def __str__(self):
                raise RuntimeError
        raise E()
        """
    )
    assert outcome.error is not None
    assert outcome.error.kind == "E"
    assert outcome.error.message == "<exception str() failed>"


def test_missing_module_says_the_sandbox_has_the_stdlib_only() -> None:
    outcome = run("import surely_not_a_module")
    assert outcome.error is not None
    assert outcome.error.kind == "ModuleNotFoundError"
    assert outcome.error.message == (
        "No module named 'surely_not_a_module' "
        "(the codemode sandbox has the Python standard library only)"
    )
    assert outcome.error.traceback.endswith(outcome.error.message + "\n")


# --- exit ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "exit_code", "stderr"),
    [
        ("import sys; sys.exit()", 0, ""),
        ("import sys; sys.exit(None)", 0, ""),
        ("import sys; sys.exit(0)", 0, ""),
        ("import sys; sys.exit(3)", 3, ""),
        ("raise SystemExit(False)", 0, ""),
        ("import sys; sys.exit('fatal: no input')", 1, "fatal: no input\n"),
        ("exit(4)", 4, ""),
        ("def f():\n    raise SystemExit(2)\nf()", 2, ""),
    ],
)
def test_sys_exit(code: str, exit_code: int, stderr: str,
                  capsys: pytest.CaptureFixture[str]) -> None:
    outcome = run(code, show_last_value=True)
    assert outcome == runner.Outcome(exit_code=exit_code)
    assert capsys.readouterr().err == stderr


def test_exit_keeps_what_was_printed(capsys: pytest.CaptureFixture[str]) -> None:
    run("print('before')\nimport sys\nsys.exit(1)\nprint('after')")
    assert capsys.readouterr().out == "before\n"


# --- top-level await -------------------------------------------------------------------------


def test_top_level_await() -> None:
    outcome = run(
        """
        import asyncio
        async def twice(x):
            await asyncio.sleep(0)
            return 2 * x
        results = await asyncio.gather(twice(1), twice(2))
        results
        """,
        show_last_value=True,
    )
    assert outcome == runner.Outcome(value="[2, 4]")


def test_top_level_await_in_the_last_expression() -> None:
    outcome = run("import asyncio\nawait asyncio.sleep(0, result='done')", show_last_value=True)
    assert outcome == runner.Outcome(value="'done'")


def test_error_after_top_level_await_hides_asyncio_frames() -> None:
    outcome = run("import asyncio\nawait asyncio.sleep(0)\n1 / 0")
    assert outcome.error is not None
    assert outcome.error.frames == [Frame("<snippet>", "<module>", 3, 1, 3, 6)]
    assert "asyncio" not in outcome.error.traceback.replace("import asyncio", "")


def test_exit_inside_top_level_await() -> None:
    outcome = run("import asyncio, sys\nawait asyncio.sleep(0)\nsys.exit(5)")
    assert outcome == runner.Outcome(exit_code=5)


def test_asyncio_run_still_works_without_top_level_await() -> None:
    outcome = run("import asyncio\nasync def main():\n    return 7\nasyncio.run(main())",
                  show_last_value=True)
    assert outcome == runner.Outcome(value="7")


# --- sandbox pieces --------------------------------------------------------------------------


def test_wasi_event_loop_runs_timers_without_sockets() -> None:
    async def main() -> list[int]:
        order: list[int] = []
        async def later(delay: float, tag: int) -> None:
            await asyncio.sleep(delay)
            order.append(tag)
        await asyncio.gather(later(0.02, 2), later(0.01, 1))
        return order

    with asyncio.Runner(loop_factory=wasi_asyncio.WasiEventLoop) as loop_runner:
        assert loop_runner.run(main()) == [1, 2]


def test_wasi_event_loop_shuts_its_executor_down_without_a_thread() -> None:
    async def main() -> int:
        return await asyncio.to_thread(sum, [1, 2])

    with asyncio.Runner(loop_factory=wasi_asyncio.WasiEventLoop) as loop_runner:
        assert loop_runner.run(main()) == 3


def test_wasi_event_loop_reports_a_deadlock() -> None:
    async def main() -> None:
        await asyncio.get_running_loop().create_future()

    with (
        asyncio.Runner(loop_factory=wasi_asyncio.WasiEventLoop) as loop_runner,
        pytest.raises(wasi_asyncio.NothingToWaitFor),
    ):
        loop_runner.run(main())


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("requests", "the codemode sandbox has the Python standard library only"),
        ("_ctypes", "ctypes is not available in the codemode sandbox: WebAssembly cannot load"
                    " native libraries"),
        ("tkinter.ttk", "tkinter is not available in the codemode sandbox: there is no display"),
        ("xml.dom.nonexistent", "this part of the standard library is not bundled in the "
                                "codemode sandbox"),
    ],
)
def test_missing_module_hints(name: str, hint: str) -> None:
    assert sandbox.missing_module_hint(name) == hint


def test_unavailable_feature_error() -> None:
    error = sandbox.unavailable("starting a process", "WebAssembly has no processes")
    assert error.errno == errno.ENOTSUP
    assert error.strerror == (
        "starting a process is not available in the codemode sandbox: WebAssembly has no processes"
    )


@pytest.mark.parametrize(
    "args",
    [("sha256", b"password", b"salt", 1000), ("sha1", b"p" * 100, b"s", 3, 50),
     ("sha512", b"", b"", 1, 7)],
)
def test_pbkdf2_hmac_matches_hashlib(args: tuple) -> None:
    import hashlib

    assert sandbox.pbkdf2_hmac(*args) == hashlib.pbkdf2_hmac(*args)


def test_call_tool_encodes_arguments_and_decodes_the_result() -> None:
    calls: list[tuple[str, str]] = []

    def transport(name: str, args_json: str) -> str:
        calls.append((name, args_json))
        return json.dumps({"ok": True})

    codemode._connect(transport)
    try:
        assert codemode.call_tool("fs.read", {"file-path": "a"}, limit=2) == {"ok": True}
    finally:
        codemode._connect(codemode._no_host)
    assert calls == [("fs.read", '{"file-path": "a", "limit": 2}')]


def test_call_tool_errors() -> None:
    def refuse(name: str, _args: str) -> str:
        raise codemode.ToolError(f"{name} is denied by policy")

    codemode._connect(refuse)
    try:
        with pytest.raises(codemode.ToolError, match=r"x\.y is denied by policy"):
            codemode.call_tool("x.y")
        with pytest.raises(TypeError, match="not JSON-serialisable"):
            codemode.call_tool("x.y", value=object())
    finally:
        codemode._connect(codemode._no_host)
    with pytest.raises(codemode.ToolError, match="no codemode host"):
        codemode.call_tool("x.y")


def test_preload_walks_packages_and_skips_programs() -> None:
    names = set(preload.stdlib_module_names())
    for expected in ("json", "json.decoder", "xml.etree.ElementTree", "encodings.idna",
                     "concurrent.futures.thread", "email.parser", "asyncio.runners"):
        assert expected in names
    assert not {n for n in names if n.endswith(".__main__")}
    assert not {n for n in names if n.split(".")[0] in preload.EXCLUDED}


@pytest.mark.skipif(tz.find_tzdata() is None, reason="the tzdata package is not installed")
def test_time_zones_come_from_memory() -> None:
    zones = tz.load_database(tz.find_tzdata() or "")
    assert "Europe/Paris" in zones and "UTC" in zones
    assert all(data.startswith(b"TZif") for data in zones.values())


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q"]))


# --- modules provided for one run, and codemode.report -----------------------------------------


def test_provided_modules_import_with_implied_packages_and_leave_no_trace() -> None:
    modules = [("servers.github", "def f():\n    return 'gh'\n"), ("skills.a", "from servers import github\nX = github.f()\n")]
    outcome = run_snippet("import servers\nfrom skills import a\nprint(a.X, servers.__path__)\n",
                          "<snippet>", False, sandbox.explain, modules)
    assert outcome.error is None, outcome
    assert "servers" not in sys.modules and "skills.a" not in sys.modules


def test_provided_module_syntax_error_points_at_the_module() -> None:
    outcome = run_snippet("import m\n", "<snippet>", False, sandbox.explain, [("m", "x = (\n")])
    assert outcome.error is not None
    assert outcome.error.kind == "SyntaxError"
    assert outcome.error.frames[-1].filename == "m.py"
    assert "m.py" in outcome.error.message
    assert "modules.py" not in outcome.error.traceback


def test_report_is_returned_once() -> None:
    outcome = run("import codemode\ncodemode.report([1, 'a'])\n")
    assert outcome.report == '[1, "a"]'
    assert run("pass\n").report is None


# --- codemode.run_tests ---------------------------------------------------------------------------

_TESTS = """\
import codemode_guest.pytest_shim as pytest
import unittest

def add(a, b):
    return a + b

def test_passes():
    assert add(1, 2) == 3

def test_fails():
    expected = 4
    assert add(1, 2) == expected

def test_errors():
    raise ValueError("boom")

async def test_async():
    assert add(1, 1) == 2

@pytest.mark.parametrize(("a", "b"), [(1, 2), pytest.param(2, 5, id="bad")])
def test_param(a, b):
    assert add(a, a) == b

@pytest.mark.skip(reason="later")
def test_skipped():
    assert False

class TestCase1(unittest.TestCase):
    def test_equal(self):
        self.assertEqual(add(2, 2), 5)

import codemode as __cm; __cm.run_tests(globals())
"""


def test_run_tests_reports_each_test() -> None:
    outcome = run(_TESTS)
    assert outcome.error is None, outcome.error
    report = json.loads(outcome.report or "null")
    by_name = {t["name"]: t for t in report["tests"]}
    assert list(by_name) == ["test_passes", "test_fails", "test_errors", "test_async",
                             "test_param[1-2]", "test_param[bad]", "test_skipped",
                             "TestCase1.test_equal"]
    assert by_name["test_passes"]["status"] == "passed"
    assert by_name["test_fails"] | {"duration_ms": 0} == {
        "name": "test_fails", "status": "failed", "line": 12, "test_line": 12, "duration_ms": 0,
        "message": "assert 3 == 4\n +  where 3 = add(1, 2)\n +  where 4 = expected"}
    assert by_name["test_errors"]["status"] == "error"
    assert by_name["test_errors"]["message"] == "ValueError: boom"
    assert by_name["test_errors"]["line"] == 15
    assert by_name["test_async"]["status"] == "passed"
    assert by_name["test_param[bad]"]["message"].startswith("assert 4 == 5")
    assert by_name["test_skipped"]["status"] == "skipped"
    assert by_name["TestCase1.test_equal"]["message"] == "4 != 5"
    assert by_name["TestCase1.test_equal"]["line"] == 30
    assert (report["passed"], report["failed"], report["errors"], report["skipped"]) == (3, 4, 1, 1)


def test_run_tests_inside_a_running_event_loop() -> None:
    code = "import asyncio\nawait asyncio.sleep(0)\n\nasync def test_a():\n    await asyncio.sleep(0)\n    assert 1 == 2\n\nimport codemode as __cm; __cm.run_tests(globals())\n"
    outcome = run(code)
    assert outcome.error is None, outcome.error
    report = json.loads(outcome.report or "null")
    assert report["tests"][0]["status"] == "failed"
    assert report["tests"][0]["line"] == 6


def test_pytest_shim_raises_and_approx() -> None:
    from codemode_guest import pytest_shim as shim

    with shim.raises(ValueError, match="bad") as info:
        raise ValueError("a bad value")
    assert info.type is ValueError
    with pytest.raises(shim.Failed):
        with shim.raises(ValueError):
            pass
    assert 0.1 + 0.2 == shim.approx(0.3)
    assert [1.0, 2.0000001] == shim.approx([1, 2])
    assert {"a": 1.0000001} == shim.approx({"a": 1})
    assert 1.1 != shim.approx(1.0)
    assert 1.05 == shim.approx(1.0, abs=0.1)


def test_unittest_main_reports_too() -> None:
    from codemode_guest import testing

    saved = unittest_runner_resultclass()
    testing.install_unittest_report()
    try:
        code = "import unittest\n\nclass T(unittest.TestCase):\n    def test_a(self):\n        self.assertTrue(False)\n    def test_b(self):\n        pass\n\nif __name__ == '__main__':\n    unittest.main()\n"
        outcome = run(code)
    finally:
        restore_unittest_runner_resultclass(saved)
    assert outcome.exit_code == 1
    report = json.loads(outcome.report or "null")
    assert [(t["name"], t["status"], t["line"]) for t in report["tests"]] == [
        ("T.test_a", "failed", 5), ("T.test_b", "passed", None)]


def unittest_runner_resultclass():  # type: ignore[no-untyped-def]
    import unittest

    return unittest.TextTestRunner.resultclass


def restore_unittest_runner_resultclass(saved) -> None:  # type: ignore[no-untyped-def]
    import unittest

    unittest.TextTestRunner.resultclass = saved


def test_tool_error_from_the_transport_keeps_the_snippet_frame() -> None:
    def transport(name: str, args_json: str) -> str:
        try:
            raise KeyError("host said no")
        except KeyError:
            raise codemode.ToolError(f"cannot call {name}") from None

    codemode._connect(transport)
    try:
        outcome = run("import codemode\ncodemode.call_tool('a/b', x=1)\n")
    finally:
        codemode._connect(codemode._no_host)
    assert outcome.error is not None
    assert outcome.error.kind == "codemode.ToolError"
    assert outcome.error.frames[0].line == 2
    assert "Traceback" in outcome.error.traceback


def test_a_traceback_of_runner_frames_only_is_dropped() -> None:
    # The component's own frames (e.g. where a host error became a ToolError, the context of
    # the ToolError the snippet sees) are all removed, without failing.
    try:
        runner.exit_code_of(object())  # type: ignore[arg-type]
    except AttributeError as exc:
        tb = exc.__traceback__
    assert tb is not None and tb.tb_next is not None
    assert runner._user_traceback(tb.tb_next, "<snippet>") is None


def test_exceptions_that_refuse_attribute_assignment_are_described() -> None:
    import dataclasses

    @dataclasses.dataclass(frozen=True)
    class Frozen(Exception):
        value: str

    def transport(name: str, args_json: str) -> str:
        try:
            raise Frozen("host said no")
        except Frozen as err:
            raise codemode.ToolError(err.value) from None

    codemode._connect(transport)
    try:
        outcome = run("import codemode\ncodemode.call_tool('a/b')\n")
    finally:
        codemode._connect(codemode._no_host)
    assert outcome.error is not None
    assert outcome.error.frames[0].line == 2, outcome.error
    assert outcome.error.traceback.startswith("Traceback"), outcome.error.traceback


def test_line_and_test_line_differ_when_the_code_under_test_fails() -> None:
    code = "def div(a, b):\n    return a / b\n\ndef test_div():\n    assert div(1, 0) == 0\n\nimport codemode as __cm; __cm.run_tests(globals())\n"
    report = json.loads(run(code).report or "null")
    test = report["tests"][0]
    assert (test["status"], test["line"], test["test_line"]) == ("error", 2, 5)


def test_builtin_fixtures_capsys_and_monkeypatch() -> None:
    code = (
        "import os\n\nLIMIT = 3\n\ndef greet(name):\n    print(f'hi {name}')\n\n"
        "def test_greet(capsys):\n    greet('ada')\n    assert capsys.readouterr().out == 'hi ada\\n'\n\n"
        "def test_patch(monkeypatch):\n    monkeypatch.setattr('__main__.LIMIT', 10)\n    monkeypatch.setenv('X', '1')\n"
        "    assert LIMIT == 10 and os.environ['X'] == '1'\n\n"
        "def test_after():\n    assert LIMIT == 3 and 'X' not in os.environ\n\n"
        "def test_unknown(tmp_path):\n    pass\n\n"
        "import codemode as __cm; __cm.run_tests(globals())\n"
    )
    outcome = run(code)
    report = json.loads(outcome.report or "null")
    statuses = [(t["name"], t["status"]) for t in report["tests"]]
    assert statuses == [("test_greet", "passed"), ("test_patch", "passed"), ("test_after", "passed"),
                        ("test_unknown", "error")], report
    assert "fixture 'tmp_path' not found" in report["tests"][3]["message"]
