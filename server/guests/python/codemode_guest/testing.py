"""`codemode.run_tests(globals())`: run the tests a snippet defines and describe each one.

Collected, in definition order, from the namespace (only what the run's own file defined):

- functions whose name starts with `test` (pytest style, plain `assert`; `async def` tests are
  awaited; `pytest.mark.parametrize` expands them; arguments come from `pytest.fixture`s);
- classes whose name starts with `Test` and that have no `__init__` (pytest style), their
  `test*` methods, with `setup_method`/`teardown_method`;
- `unittest.TestCase` subclasses, run by unittest itself (class and test fixtures, subtests).

Each test runs on its own; a failing or erroring test does not stop the others. The result is

    {"tests": [{"name", "status", "message", "line", "test_line", "duration_ms"}],
     "passed": n, "failed": n, "errors": n, "skipped": n}

`status` is "passed", "failed" (an assertion failed), "error" (anything else was raised) or
"skipped"; `failed` counts failures and errors together, `errors` the errors alone. `line` is
the 1-based line, in the run's own file, of the innermost frame there when the test failed
(`null` when it never got there); `test_line` is the line in the test itself (the outermost
frame there), which differs from `line` when the failure happened in code the test called.
Plain `assert` statements of pytest-style tests are rewritten
(as pytest does) so a failure shows the values: `assert 3 == 4` / `+  where 3 = add(1, 2)`.
"""

from __future__ import annotations

import ast
import asyncio
import copy
import inspect
import linecache
import reprlib
import sys
import time
import types
import unittest
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

#: Name of the explanation helper in the namespace of rewritten tests.
_EXPLAIN = "__codemode_explain__"

_repr = reprlib.Repr()
_repr.maxstring = 200
_repr.maxother = 200
_repr.maxlist = _repr.maxtuple = _repr.maxdict = _repr.maxset = 12
_repr.maxlevel = 4


@dataclass
class _Test:
    name: str
    call: Callable[[], Any]
    skip: str | None = None


def run(namespace: Mapping[str, Any]) -> dict[str, Any]:
    """Collect and run the tests of `namespace`; print a line per test; return the report."""
    filename = namespace.get("__file__") or "<snippet>"
    module = namespace.get("__name__", "__main__")
    started = time.perf_counter()
    results: list[dict[str, Any]] = []
    fixtures = {
        getattr(obj, "_codemode_fixture"): obj
        for obj in list(namespace.values())
        if callable(obj) and hasattr(obj, "_codemode_fixture")
    }
    rewriter = _Rewriter(filename, namespace)
    for name, obj in list(namespace.items()):
        if getattr(obj, "__module__", None) != module or hasattr(obj, "_codemode_fixture"):
            continue
        if isinstance(obj, type) and issubclass(obj, unittest.TestCase):
            results.extend(_run_unittest(obj, filename))
        elif isinstance(obj, type) and name.startswith("Test") and "__init__" not in vars(obj):
            for test in _class_tests(obj, rewriter, fixtures):
                results.append(_run_one(test, filename))
        elif inspect.isfunction(obj) and name.startswith("test"):
            for test in _function_tests(name, rewriter.rewrite(obj), fixtures):
                results.append(_run_one(test, filename))
    report = _report(results)
    counts = (("passed", report["passed"]), ("failed", report["failed"] - report["errors"]),
              ("error", report["errors"]), ("skipped", report["skipped"]))
    summary = ", ".join(f"{n} {s if n == 1 or s != 'error' else 'errors'}" for s, n in counts if n)
    print(f"== {summary or 'no tests ran'} in {time.perf_counter() - started:.2f}s ==")
    return report


def _report(results: list[dict[str, Any]]) -> dict[str, Any]:
    count = {s: sum(1 for r in results if r["status"] == s)
             for s in ("passed", "failed", "error", "skipped")}
    return {
        "tests": results,
        "passed": count["passed"],
        "failed": count["failed"] + count["error"],
        "errors": count["error"],
        "skipped": count["skipped"],
    }


# --- collection ---------------------------------------------------------------------------------


def _marks(obj: Any) -> list[Any]:
    return list(getattr(obj, "pytestmark", []))


def _skip_reason(obj: Any) -> str | None:
    for mark in _marks(obj):
        if mark.name == "skip":
            return str(mark.kwargs.get("reason", mark.args[0] if mark.args else "skipped"))
        if mark.name == "skipif" and mark.args and mark.args[0]:
            return str(mark.kwargs.get("reason", "condition was true"))
    return None


def _param_sets(fn: Callable[..., Any]) -> list[tuple[str, dict[str, Any]]]:
    """(id suffix, arguments) for each combination of `parametrize` marks (one with none)."""
    combos: list[tuple[str, dict[str, Any]]] = [("", {})]
    for mark in reversed(_marks(fn)):
        if mark.name != "parametrize":
            continue
        names, values = mark.args[0], mark.args[1]
        names = [n.strip() for n in names.split(",")] if isinstance(names, str) else list(names)
        ids = mark.kwargs.get("ids")
        expanded = []
        for index, value in enumerate(values):
            given_id = getattr(value, "id", None)
            value = getattr(value, "values", value)
            args = dict(zip(names, value if len(names) > 1 else (value,)))
            if given_id is None and isinstance(ids, (list, tuple)) and index < len(ids):
                given_id = ids[index]
            label = given_id if given_id is not None else "-".join(_id(v) for v in args.values())
            expanded.append((str(label), args))
        combos = [(f"{a}-{b}" if a else b, {**x, **y}) for a, x in combos for b, y in expanded]
    return combos


def _id(value: Any) -> str:
    if isinstance(value, (int, float, str, bool)) or value is None:
        text = str(value)
        return text if len(text) <= 20 else text[:17] + "..."
    return type(value).__name__


def _function_tests(name: str, fn: Callable[..., Any], fixtures: dict[str, Any]) -> Iterator[_Test]:
    skip = _skip_reason(fn)
    for suffix, args in _param_sets(fn):
        label = f"{name}[{suffix}]" if suffix else name
        yield _Test(label, _with_fixtures(fn, args, fixtures), skip)


def _class_tests(cls: type, rewriter: _Rewriter, fixtures: dict[str, Any]) -> Iterator[_Test]:
    for attr in dir(cls):
        method = getattr(cls, attr, None)
        if not attr.startswith("test") or not inspect.isfunction(method):
            continue
        method = rewriter.rewrite(method)
        skip = _skip_reason(method) or _skip_reason(cls)
        for suffix, args in _param_sets(method):
            label = f"{cls.__name__}.{attr}" + (f"[{suffix}]" if suffix else "")

            def call(method: Any = method, args: dict[str, Any] = args) -> Any:
                instance = cls()
                if hasattr(instance, "setup_method"):
                    instance.setup_method(method)
                try:
                    bound = types.MethodType(method, instance)
                    return _with_fixtures(bound, args, fixtures)()
                finally:
                    if hasattr(instance, "teardown_method"):
                        instance.teardown_method(method)

            yield _Test(label, call, skip)


def _with_fixtures(fn: Callable[..., Any], given: dict[str, Any],
                   fixtures: dict[str, Any]) -> Callable[[], Any]:
    """A call of `fn` with its parameters taken from `given`, then from fixtures."""

    def call() -> Any:
        teardowns: list[Iterator[Any]] = []
        cache: dict[str, Any] = {}

        def resolve(param: str, chain: tuple[str, ...]) -> Any:
            if param in given:
                return given[param]
            if param in cache:
                return cache[param]
            fixture = fixtures.get(param) or _BUILTIN_FIXTURES.get(param)
            if fixture is None or param in chain:
                raise LookupError(
                    f"fixture '{param}' not found: the sandbox's pytest has the fixtures the "
                    f"snippet defines with @pytest.fixture and {', '.join(sorted(_BUILTIN_FIXTURES))}"
                )
            value = fixture(**{p: resolve(p, chain + (param,)) for p in _params(fixture)})
            if inspect.isgenerator(value):
                gen = value
                value = next(gen)
                teardowns.append(gen)
            cache[param] = value
            return value

        try:
            kwargs = {p: resolve(p, ()) for p in _params(fn)}
            result = fn(**kwargs)
            if inspect.isawaitable(result):
                result = _await(result)
            return result
        finally:
            for gen in reversed(teardowns):
                try:
                    next(gen)
                except StopIteration:
                    pass

    return call


class _CaptureResult(tuple):  # noqa: SLOT001 (a plain named pair, as pytest's)
    __slots__ = ()

    def __new__(cls, out: str, err: str) -> _CaptureResult:
        return super().__new__(cls, (out, err))

    out = property(lambda self: self[0])
    err = property(lambda self: self[1])


class CaptureFixture:
    """`capsys`: what the test printed, read with `readouterr()`."""

    def __init__(self) -> None:
        import io

        self._io = io
        self._out = io.StringIO()
        self._err = io.StringIO()
        self._saved = (sys.stdout, sys.stderr)
        sys.stdout, sys.stderr = self._out, self._err

    def readouterr(self) -> _CaptureResult:
        result = _CaptureResult(self._out.getvalue(), self._err.getvalue())
        self._out.seek(0)
        self._out.truncate()
        self._err.seek(0)
        self._err.truncate()
        return result

    def _close(self) -> None:
        sys.stdout, sys.stderr = self._saved


class MonkeyPatch:
    """`monkeypatch`: attribute, item and environment changes undone after the test."""

    _MISSING = object()

    def __init__(self) -> None:
        self._undo: list[Callable[[], None]] = []

    def setattr(self, target: Any, name: Any, value: Any = _MISSING, raising: bool = True) -> None:
        if value is self._MISSING:  # setattr("module.attr", value)
            module, _, attr = str(target).rpartition(".")
            target, name, value = __import__(module, fromlist=["_"]), attr, name
        old = getattr(target, name, self._MISSING)
        if old is self._MISSING and raising:
            raise AttributeError(f"{target!r} has no attribute {name!r}")
        setattr(target, name, value)
        self._undo.append(lambda: delattr(target, name) if old is self._MISSING
                          else setattr(target, name, old))

    def delattr(self, target: Any, name: str, raising: bool = True) -> None:
        if not hasattr(target, name):
            if raising:
                raise AttributeError(name)
            return
        old = getattr(target, name)
        delattr(target, name)
        self._undo.append(lambda: setattr(target, name, old))

    def setitem(self, mapping: Any, key: Any, value: Any) -> None:
        old = mapping.get(key, self._MISSING) if hasattr(mapping, "get") else self._MISSING
        mapping[key] = value
        self._undo.append(lambda: mapping.pop(key, None) if old is self._MISSING
                          else mapping.__setitem__(key, old))

    def delitem(self, mapping: Any, key: Any, raising: bool = True) -> None:
        if key not in mapping:
            if raising:
                raise KeyError(key)
            return
        old = mapping.pop(key)
        self._undo.append(lambda: mapping.__setitem__(key, old))

    def setenv(self, name: str, value: str, prepend: str | None = None) -> None:
        import os

        if prepend and name in os.environ:
            value = value + prepend + os.environ[name]
        self.setitem(os.environ, name, str(value))

    def delenv(self, name: str, raising: bool = True) -> None:
        import os

        self.delitem(os.environ, name, raising)

    def undo(self) -> None:
        while self._undo:
            self._undo.pop()()


def _capsys() -> Iterator[CaptureFixture]:
    capture = CaptureFixture()
    try:
        yield capture
    finally:
        capture._close()


def _monkeypatch() -> Iterator[MonkeyPatch]:
    patch = MonkeyPatch()
    try:
        yield patch
    finally:
        patch.undo()


#: Fixtures every test can ask for (files are not available: no `tmp_path`).
_BUILTIN_FIXTURES: dict[str, Callable[..., Any]] = {
    "capsys": _capsys,
    "monkeypatch": _monkeypatch,
}


def _params(fn: Callable[..., Any]) -> list[str]:
    return [
        p.name for p in inspect.signature(fn).parameters.values()
        if p.default is p.empty and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
    ]


def _await(awaitable: Any) -> Any:
    """Run a coroutine to completion, even when called from inside a running event loop (a
    snippet with top-level `await` runs entirely inside `asyncio.run`)."""
    running = asyncio.events._get_running_loop()
    if running is None:
        return asyncio.run(_as_coroutine(awaitable))
    loop = asyncio.new_event_loop()
    asyncio.events._set_running_loop(None)
    try:
        return loop.run_until_complete(awaitable)
    finally:
        asyncio.events._set_running_loop(running)
        loop.close()


async def _as_coroutine(awaitable: Any) -> Any:
    return await awaitable


# --- running ------------------------------------------------------------------------------------


def _run_one(test: _Test, filename: str) -> dict[str, Any]:
    started = time.perf_counter()
    if test.skip is not None:
        return _result(test.name, "skipped", test.skip, None, started)
    try:
        test.call()
    except BaseException as exc:  # every failure of a test is reported, KeyboardInterrupt too
        if isinstance(exc, SystemExit):
            return _result(test.name, "error", f"SystemExit: {exc.code}", _line(exc, filename),
                           started, test_line=_test_line(exc, filename))
        status = _status(exc)
        message = str(exc) if status == "skipped" else _message(exc, filename)
        return _result(test.name, status, message, _line(exc, filename), started,
                       test_line=_test_line(exc, filename))
    return _result(test.name, "passed", "", None, started)


def _status(exc: BaseException) -> str:
    kind = type(exc).__name__
    if isinstance(exc, unittest.SkipTest) or kind == "Skipped":
        return "skipped"
    if isinstance(exc, AssertionError) or kind == "Failed":
        return "failed"
    return "error"


def _result(name: str, status: str, message: str, line: int | None,
            started: float, quiet: bool = False, test_line: int | None = None) -> dict[str, Any]:
    duration = round((time.perf_counter() - started) * 1000, 3)
    first = message.splitlines()[0] if message else ""
    label = {"passed": "PASSED", "failed": "FAILED", "error": "ERROR", "skipped": "SKIPPED"}[status]
    where = f" (line {line})" if line else ""
    if not quiet:
        print(f"{label} {name}{where}" + (f" - {first}" if first else ""))
    return {"name": name, "status": status, "message": message, "line": line,
            "test_line": test_line if test_line is not None else line, "duration_ms": duration}


def _test_line(exc: BaseException, filename: str) -> int | None:
    """The line in the test itself: the outermost frame in the run's own file."""
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            return tb.tb_lineno
        tb = tb.tb_next
    return None


def _line(exc: BaseException, filename: str) -> int | None:
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _message(exc: BaseException, filename: str) -> str:
    text = str(exc)
    if isinstance(exc, AssertionError):
        if text:
            return text
        line = _line(exc, filename)
        source = linecache.getline(filename, line).strip() if line else ""
        return source if source.startswith("assert") else "AssertionError"
    kind = type(exc).__name__
    if kind == "Failed":
        return text
    return f"{kind}: {text}" if text else kind


# --- unittest -------------------------------------------------------------------------------------


class _Collect(unittest.TestResult):
    """Records each test of a unittest run as a result entry."""

    def __init__(self, filename: str, quiet: bool = False) -> None:
        super().__init__()
        self.filename = filename
        self.quiet = quiet
        self.entries: list[dict[str, Any]] = []
        self.started: dict[str, float] = {}
        self.failed_subtests: set[str] = set()

    @staticmethod
    def _name(test: Any) -> str:
        test_id = test.id()
        return test_id.split(".", 1)[1] if test_id.startswith("__main__.") else test_id

    def startTest(self, test: Any) -> None:  # noqa: N802 (unittest's API)
        super().startTest(test)
        self.started[self._name(test)] = time.perf_counter()

    def _add(self, test: Any, status: str, err: Any = None, reason: str = "") -> None:
        name = self._name(test)
        started = self.started.get(name, time.perf_counter())
        if err is not None:
            exc = err[1]
            message = _message(exc, self.filename)
            line = _line(exc, self.filename)
            test_line = _test_line(exc, self.filename)
        else:
            message, line, test_line = reason, None, None
        self.entries.append(_result(name, status, message, line, started, self.quiet, test_line))

    def addSuccess(self, test: Any) -> None:  # noqa: N802
        if self._name(test) not in self.failed_subtests:
            self._add(test, "passed")

    def addFailure(self, test: Any, err: Any) -> None:  # noqa: N802
        self._add(test, "failed", err)

    def addError(self, test: Any, err: Any) -> None:  # noqa: N802
        status = "skipped" if isinstance(err[1], unittest.SkipTest) else "error"
        self._add(test, status, err)

    def addSkip(self, test: Any, reason: str) -> None:  # noqa: N802
        self._add(test, "skipped", reason=reason)

    def addExpectedFailure(self, test: Any, err: Any) -> None:  # noqa: N802
        self._add(test, "passed", reason="expected failure")

    def addUnexpectedSuccess(self, test: Any) -> None:  # noqa: N802
        self._add(test, "failed", reason="unexpected success (the test is marked expectedFailure)")

    def addSubTest(self, test: Any, subtest: Any, err: Any) -> None:  # noqa: N802
        if err is not None:
            self.failed_subtests.add(self._name(test))
            status = "failed" if issubclass(err[0], test.failureException) else "error"
            exc = err[1]
            self.entries.append(_result(f"{self._name(test)} {subtest._subDescription()}", status,
                                        _message(exc, self.filename), _line(exc, self.filename),
                                        self.started.get(self._name(test), time.perf_counter()),
                                        self.quiet, _test_line(exc, self.filename)))


def _run_unittest(cls: type, filename: str) -> list[dict[str, Any]]:
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(cls)
    result = _Collect(filename)
    suite.run(result)
    return result.entries


# --- assertion rewriting --------------------------------------------------------------------------


_OPS = {
    ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
    ast.Is: "is", ast.IsNot: "is not", ast.In: "in", ast.NotIn: "not in",
}


class _Rewriter:
    """Recompiles a pytest-style test with its `assert`s explaining their values."""

    def __init__(self, filename: str, namespace: Mapping[str, Any]) -> None:
        self.filename = filename
        self.namespace = namespace
        self._tree: ast.Module | None = None
        self._source = ""

    def _module(self) -> ast.Module | None:
        if self._tree is None:
            self._source = "".join(linecache.getlines(self.filename))
            try:
                self._tree = ast.parse(self._source, self.filename)
            except (SyntaxError, ValueError):
                self._tree = ast.Module(body=[], type_ignores=[])
        return self._tree

    def rewrite(self, fn: Any) -> Any:
        try:
            return self._rewrite(fn)
        except Exception:  # rewriting is a nicety: the original test still runs
            return fn

    def _rewrite(self, fn: Any) -> Any:
        code = getattr(fn, "__code__", None)
        if (code is None or code.co_filename != self.filename or fn.__closure__
                or hasattr(fn, "__wrapped__")):
            return fn
        tree = self._module()
        node = next((n for n in ast.walk(tree)
                     if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                     and n.name == fn.__name__
                     and min([n.lineno] + [d.lineno for d in n.decorator_list])
                     == code.co_firstlineno), None)
        if node is None or not all(_is_mark(d) for d in node.decorator_list):
            return fn
        if not any(isinstance(n, ast.Assert) for n in ast.walk(node)):
            return fn
        new = _AssertTransformer(self._source).visit(copy.deepcopy(node))
        new.decorator_list = []
        module = ast.Module(body=[new], type_ignores=[])
        ast.fix_missing_locations(module)
        compiled = compile(module, self.filename, "exec", dont_inherit=True)
        globals_ = fn.__globals__
        globals_.setdefault(_EXPLAIN, explain)
        scope: dict[str, Any] = {}
        exec(compiled, globals_, scope)  # the test's own code, recompiled
        rewritten = scope[fn.__name__]
        rewritten.__dict__.update(fn.__dict__)
        rewritten.__defaults__ = fn.__defaults__
        rewritten.__kwdefaults__ = fn.__kwdefaults__
        rewritten.__qualname__ = fn.__qualname__
        return rewritten


def _is_mark(decorator: ast.expr) -> bool:
    """`@pytest.mark.x`, `@pytest.mark.x(...)`, `@mark.x(...)`: they return the function."""
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    text = ast.unparse(target)
    return text.startswith(("pytest.mark.", "mark."))


class _AssertTransformer(ast.NodeTransformer):
    def __init__(self, source: str) -> None:
        self.source = source
        self.counter = 0

    def _segment(self, node: ast.AST) -> str:
        return ast.get_source_segment(self.source, node) or ast.unparse(node)

    def _temp(self) -> str:
        self.counter += 1
        return f"__cm_v{self.counter}"

    def visit_Assert(self, node: ast.Assert) -> Any:  # noqa: N802 (ast's API)
        test = node.test
        msg = node.msg if node.msg is not None else ast.Constant(None)
        if isinstance(test, ast.Compare) and len(test.ops) == 1 and type(test.ops[0]) in _OPS:
            left, right = self._temp(), self._temp()
            condition = ast.Compare(
                left=ast.NamedExpr(ast.Name(left, ast.Store()), test.left),
                ops=test.ops,
                comparators=[ast.NamedExpr(ast.Name(right, ast.Store()), test.comparators[0])],
            )
            args = [ast.Constant(_OPS[type(test.ops[0])]), ast.Name(left, ast.Load()),
                    ast.Name(right, ast.Load()), ast.Constant(self._segment(test.left)),
                    ast.Constant(self._segment(test.comparators[0])), msg]
        else:
            value = self._temp()
            condition = ast.NamedExpr(ast.Name(value, ast.Store()), test)
            args = [ast.Constant(None), ast.Name(value, ast.Load()), ast.Constant(None),
                    ast.Constant(self._segment(test)), ast.Constant(None), msg]
        explanation = ast.Call(ast.Name(_EXPLAIN, ast.Load()), args, [])
        raise_ = ast.Raise(exc=ast.Call(ast.Name("AssertionError", ast.Load()), [explanation], []),
                           cause=None)
        check = ast.If(test=ast.UnaryOp(ast.Not(), condition), body=[raise_], orelse=[])
        for new in (check, raise_, raise_.exc, explanation):
            ast.copy_location(new, node)
        return ast.fix_missing_locations(check)


def _is_literal(source: str, value: Any) -> bool:
    try:
        return ast.literal_eval(source) == value
    except Exception:
        return False


def explain(op: str | None, left: Any, right: Any, left_source: str, right_source: str | None,
            msg: Any) -> str:
    """The message of a failed rewritten `assert`, in pytest's shape."""
    if op is None:
        text = f"assert {_repr.repr(left)}"
        if not _is_literal(left_source, left):
            text += f"\n +  where {_repr.repr(left)} = {left_source}"
    else:
        text = f"assert {_repr.repr(left)} {op} {_repr.repr(right)}"
        for source, value in ((left_source, left), (right_source, right)):
            if source is not None and not _is_literal(source, value):
                text += f"\n +  where {_repr.repr(value)} = {source}"
        if op == "==":
            text += _difference(left, right)
    if msg is not None:
        text = f"{msg}\n{text}"
    return text


def _difference(left: Any, right: Any) -> str:
    """A hint at where two unequal containers differ."""
    try:
        if isinstance(left, dict) and isinstance(right, dict):
            differing = {k: (left[k], right[k]) for k in left.keys() & right.keys()
                         if left[k] != right[k]}
            parts = [f"{k!r}: {a!r} != {b!r}" for k, (a, b) in list(differing.items())[:5]]
            only_left = [k for k in left if k not in right][:5]
            only_right = [k for k in right if k not in left][:5]
            out = ""
            if parts:
                out += "\n  Differing items: " + ", ".join(parts)
            if only_left:
                out += f"\n  Left contains more items: {only_left!r}"
            if only_right:
                out += f"\n  Right contains more items: {only_right!r}"
            return out
        if isinstance(left, (list, tuple)) and isinstance(right, (list, tuple)):
            for i, (a, b) in enumerate(zip(left, right)):
                if a != b:
                    return f"\n  At index {i} diff: {a!r} != {b!r}"
            if len(left) != len(right):
                return f"\n  Lengths differ: {len(left)} != {len(right)}"
    except Exception:  # a hostile __eq__ or __repr__ must not hide the failure
        pass
    return ""


def install_unittest_report() -> None:
    """Make `unittest.main()` (and any `TextTestRunner` run) report its tests through
    `codemode.report` in `run_tests`' shape, its own output unchanged: tests written to end with
    `if __name__ == "__main__": unittest.main()` exit before a harness after them would run.
    Done by the component at build time."""
    import codemode

    class ReportingResult(unittest.TextTestResult):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            main = sys.modules.get("__main__")
            self._codemode = _Collect(getattr(main, "__file__", None) or "<snippet>", quiet=True)

        def startTest(self, test: Any) -> None:  # noqa: N802
            super().startTest(test)
            self._codemode.startTest(test)

        def addSuccess(self, test: Any) -> None:  # noqa: N802
            super().addSuccess(test)
            self._codemode.addSuccess(test)

        def addFailure(self, test: Any, err: Any) -> None:  # noqa: N802
            super().addFailure(test, err)
            self._codemode.addFailure(test, err)

        def addError(self, test: Any, err: Any) -> None:  # noqa: N802
            super().addError(test, err)
            self._codemode.addError(test, err)

        def addSkip(self, test: Any, reason: str) -> None:  # noqa: N802
            super().addSkip(test, reason)
            self._codemode.addSkip(test, reason)

        def addExpectedFailure(self, test: Any, err: Any) -> None:  # noqa: N802
            super().addExpectedFailure(test, err)
            self._codemode.addExpectedFailure(test, err)

        def addUnexpectedSuccess(self, test: Any) -> None:  # noqa: N802
            super().addUnexpectedSuccess(test)
            self._codemode.addUnexpectedSuccess(test)

        def addSubTest(self, test: Any, subtest: Any, err: Any) -> None:  # noqa: N802
            super().addSubTest(test, subtest, err)
            self._codemode.addSubTest(test, subtest, err)

        def stopTestRun(self) -> None:  # noqa: N802
            super().stopTestRun()
            codemode.report(_report(self._codemode.entries))

    unittest.TextTestRunner.resultclass = ReportingResult  # type: ignore[assignment]
    unittest.runner.TextTestRunner.resultclass = ReportingResult  # type: ignore[assignment]


def install_pytest() -> None:
    """Make `import pytest` give the shim (done by the component at build time)."""
    from codemode_guest import pytest_shim

    sys.modules.setdefault("pytest", pytest_shim)
