"""Run a snippet the way `python3 snippet.py` (or a notebook cell) would; describe the outcome.

This module knows nothing about WebAssembly or WIT: it works the same under a native CPython,
which is how its tests run. The component adapter (`codemode_guest.component`) converts the
`Outcome` into the WIT records.

Positions follow the WIT contract: lines and columns are 1-based and relative to the snippet,
0 means unknown, end positions point one past the last character, and columns count Unicode
code points (CPython's own column offsets are UTF-8 byte offsets and are converted here).
"""

from __future__ import annotations

import ast
import asyncio
import builtins
import contextlib
import inspect
import linecache
import os
import sys
import traceback
import types
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import codemode
from codemode_guest import modules as provided_modules

#: Name the trailing expression's value is stored under while the snippet runs.
_LAST_VALUE = "__codemode_last_value__"

#: Source files of the runner itself: frames from these never reach the user.
_RUNNER_FILES = frozenset({
    __file__,
    os.path.join(os.path.dirname(__file__), "component.py"),
    provided_modules.__file__,
})


@dataclass(frozen=True)
class Frame:
    """One stack frame, positions as in the WIT `frame` record."""

    filename: str
    function: str
    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0


@dataclass(frozen=True)
class ErrorInfo:
    """An uncaught exception, as in the WIT `error-info` record."""

    kind: str
    message: str
    traceback: str
    frames: list[Frame] = field(default_factory=list)


@dataclass(frozen=True)
class Outcome:
    """What a run produced, as in the WIT `run-result` record."""

    value: str | None = None
    error: ErrorInfo | None = None
    exit_code: int | None = None
    #: JSON text of the last value passed to `codemode.report`.
    report: str | None = None


#: Hook that may rewrite an exception's message before it is reported (see `sandbox`).
ExceptionHook = Callable[[BaseException], None]


def run_snippet(
    code: str,
    filename: str = "<snippet>",
    show_last_value: bool = False,
    explain: ExceptionHook | None = None,
    modules: Iterable[tuple[str, str]] = (),
) -> Outcome:
    """Compile and run `code` as the `__main__` module and report what happened.

    Top-level `await` is allowed (the snippet then runs in a fresh asyncio event loop).
    `modules` are `(dotted name, source)` pairs the snippet can import during this run.
    Everything the snippet printed is flushed before this returns.
    """
    codemode._take_report()
    try:
        try:
            sources = provided_modules.sources(modules)
        except provided_modules.ModuleNameError as exc:
            return Outcome(error=_bare_error(exc))
        _register_source(filename, code)
        try:
            compiled = _compile(code, filename, show_last_value)
        except SyntaxError as exc:
            return Outcome(error=describe_syntax_error(exc, filename, code))
        except Exception as exc:  # e.g. RecursionError for deeply nested code
            return Outcome(error=describe_exception(exc, filename, explain))
        with provided_modules.provided(sources):
            outcome = _execute(compiled, filename, explain)
        report = codemode._take_report()
        if report is None:
            return outcome
        return Outcome(outcome.value, outcome.error, outcome.exit_code, report)
    except Exception as exc:  # last resort: `run` must always return
        return Outcome(error=_bare_error(exc))
    finally:
        _flush_output()


def _compile(code: str, filename: str, show_last_value: bool) -> types.CodeType:
    """Parse the snippet, route a trailing expression into `_LAST_VALUE`, and compile it."""
    flags = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
    tree = compile(code, filename, "exec", flags | ast.PyCF_ONLY_AST, dont_inherit=True)
    if show_last_value and tree.body and isinstance(tree.body[-1], ast.Expr):
        last = tree.body[-1]
        target = ast.Name(id=_LAST_VALUE, ctx=ast.Store())
        tree.body[-1] = ast.copy_location(ast.Assign(targets=[target], value=last.value), last)
        ast.fix_missing_locations(tree)
    return compile(tree, filename, "exec", flags, dont_inherit=True)


def _execute(compiled: types.CodeType, filename: str, explain: ExceptionHook | None) -> Outcome:
    """Run compiled module code in a fresh `__main__` and turn its ending into an `Outcome`."""
    main = _fresh_main_module(filename)
    namespace = main.__dict__
    try:
        result = eval(compiled, namespace)  # running the snippet is the point
        if inspect.iscoroutine(result):
            asyncio.run(result)
        value = namespace.pop(_LAST_VALUE, None)
        return Outcome(value=None if value is None else repr(value))
    except SystemExit as exc:
        return Outcome(exit_code=exit_code_of(exc))
    except MemoryError as exc:
        namespace.clear()  # whatever filled memory is most likely reachable from here
        return Outcome(error=describe_exception(exc, filename, explain))
    except BaseException as exc:  # every failure of the snippet is reported
        return Outcome(error=describe_exception(exc, filename, explain))


def _fresh_main_module(filename: str) -> types.ModuleType:
    """Install an empty `__main__` module (pickle, doctest and typing look it up there)."""
    main = types.ModuleType("__main__")
    main.__dict__.update({"__builtins__": builtins, "__file__": filename})
    sys.modules["__main__"] = main
    sys.argv = [filename]
    return main


def exit_code_of(exc: SystemExit) -> int:
    """The exit status `sys.exit(arg)` asks for; a non-integer `arg` is printed, as CPython does."""
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code if -(2**31) <= code < 2**31 else 1
    with contextlib.suppress(Exception):  # a broken __str__ must not hide the exit
        sys.stderr.write(f"{code}\n")
    return 1


# ---------------------------------------------------------------------------------------------
# Describing errors


def describe_syntax_error(exc: SyntaxError, filename: str, code: str = "") -> ErrorInfo:
    """A syntax error in the snippet: one frame where the parser stopped.

    Errors found after parsing (`'return' outside function`) carry no source text; it is taken
    from `code` so the traceback shows the line and carets as CPython does for a file.
    """
    line, column = _position(exc.lineno), _position(exc.offset)
    end_line, end_column = _position(exc.end_lineno), _position(exc.end_offset)
    if not (end_line and end_column) and line and column:
        end_line, end_column = line, column + 1  # the parser points at one character
    if exc.text is None and line and code:
        lines = code.splitlines()
        if line <= len(lines):
            exc.text = lines[line - 1] + "\n"
    frame = Frame(filename=exc.filename or filename, function="<module>", line=line,
                  column=column, end_line=end_line, end_column=end_column)
    text = "".join(traceback.format_exception_only(type(exc), exc))
    return ErrorInfo(kind=exception_kind(type(exc)), message=str(exc.msg), traceback=text,
                     frames=[frame])


def describe_exception(
    exc: BaseException, filename: str, explain: ExceptionHook | None = None
) -> ErrorInfo:
    """An uncaught exception: its type, message, traceback text and frames, runner frames hidden.

    Falls back to the type alone when describing fails (no memory left, a hostile exception).
    """
    try:
        for link in _exception_chain(exc):
            if explain is not None:
                explain(link)
            # Through BaseException itself: some exceptions (componentize-py's `Err`, a frozen
            # dataclass) refuse attribute assignment.
            # Through BaseException itself: some exceptions (componentize-py's `Err`, a frozen
            # dataclass) refuse attribute assignment.
            BaseException.with_traceback(link, _user_traceback(link.__traceback__, filename))
        summary = traceback.extract_tb(exc.__traceback__)
        frames = [_frame_of(entry) for entry in summary]
        if isinstance(exc, SyntaxError) and exc.filename and exc.filename != filename:
            # A syntax error in an imported (provided) module: where the parser stopped in it.
            frames.append(Frame(filename=exc.filename, function="<module>",
                                line=_position(exc.lineno), column=_position(exc.offset)))
        text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        message = _safe_str(exc)
        if isinstance(exc, SyntaxError) and exc.filename and exc.filename != filename:
            message = f"{exc.msg} ({exc.filename}, line {exc.lineno})"
        return ErrorInfo(kind=exception_kind(type(exc)), message=message, traceback=text,
                         frames=frames)
    except Exception:
        return _bare_error(exc)


def exception_kind(exc_type: type[BaseException]) -> str:
    """The exception type as the last line of a CPython traceback names it.

    Builtins and classes of the snippet go unqualified, others carry their module:
    `json.decoder.JSONDecodeError`.
    """
    name = exc_type.__qualname__
    module = exc_type.__module__
    if module in ("builtins", "__main__"):
        return name
    return f"{module if isinstance(module, str) else '<unknown>'}.{name}"


def _bare_error(exc: BaseException) -> ErrorInfo:
    """A description that needs almost no memory and no cooperation from the exception."""
    kind = exception_kind(type(exc))
    message = "" if isinstance(exc, MemoryError) else _safe_str(exc)
    return ErrorInfo(kind=kind, message=message,
                     traceback=f"{kind}: {message}\n" if message else f"{kind}\n")


def _safe_str(exc: BaseException) -> str:
    try:
        return str(exc)
    except Exception:
        return "<exception str() failed>"


def _exception_chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception, its causes and contexts, and the members of exception groups, once each."""
    seen: set[int] = set()
    pending = [exc]
    while pending:
        link = pending.pop()
        if id(link) in seen:
            continue
        seen.add(id(link))
        yield link
        pending.extend(e for e in (link.__cause__, link.__context__) if e is not None)
        if isinstance(link, BaseExceptionGroup):
            pending.extend(link.exceptions)


def _user_traceback(tb: types.TracebackType | None, filename: str) -> types.TracebackType | None:
    """Drop the runner's frames from the outer end of a traceback.

    Everything that called the snippet's outermost frame is machinery (this runner, and asyncio
    for top-level `await`). When the snippet does not appear at all, only this module's frames go.
    """
    entries: list[types.TracebackType] = []
    while tb is not None:
        entries.append(tb)
        tb = tb.tb_next
    first_user = next(
        (i for i, e in enumerate(entries) if e.tb_frame.f_code.co_filename == filename), None
    )
    if first_user is None:
        first_user = 0
        while first_user < len(entries) and _is_runner_frame(entries[first_user]):
            first_user += 1
    # Import machinery between the snippet's `import` and a provided module's code goes too
    # (CPython hides it the same way for file-based imports).
    kept = [e for e in entries[first_user:] if not _is_machinery_tb(e)] or entries[first_user:]
    if not kept:
        return None
    kept[-1].tb_next = None
    for outer, inner in zip(kept, kept[1:]):
        outer.tb_next = inner
    return kept[0] if kept else None


def _is_machinery_tb(entry: types.TracebackType) -> bool:
    name = entry.tb_frame.f_code.co_filename
    return name.startswith("<frozen importlib") or name in _RUNNER_FILES



def _is_runner_frame(entry: types.TracebackType) -> bool:
    return entry.tb_frame.f_code.co_filename in _RUNNER_FILES


def _frame_of(entry: traceback.FrameSummary) -> Frame:
    """Convert a traceback entry (0-based UTF-8 byte columns) to a `Frame` (1-based characters)."""
    line = entry.lineno or 0
    end_line = entry.end_lineno or 0
    colno = getattr(entry, "colno", None)
    end_colno = getattr(entry, "end_colno", None)
    return Frame(
        filename=entry.filename,
        function=entry.name,
        line=line,
        column=_char_column(entry.filename, line, colno),
        end_line=end_line if end_colno is not None else 0,
        end_column=_char_column(entry.filename, end_line, end_colno),
    )


def _char_column(filename: str, line: int, byte_offset: int | None) -> int:
    """1-based character column of a 0-based UTF-8 byte offset into `line` of `filename`."""
    if byte_offset is None or byte_offset < 0 or line <= 0:
        return 0
    text = linecache.getline(filename, line)
    if not text:
        return byte_offset + 1
    prefix = text.encode("utf-8")[:byte_offset]
    return len(prefix.decode("utf-8", errors="replace")) + 1


def _position(value: int | None) -> int:
    return value if value is not None and value > 0 else 0


# ---------------------------------------------------------------------------------------------
# Plumbing


def _register_source(filename: str, code: str) -> None:
    """Let `linecache` (and so tracebacks, `inspect`, `doctest`) see the snippet's source."""
    lines = code.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    linecache.cache[filename] = (len(code), None, lines, filename)


def _flush_output() -> None:
    """Flush what the snippet printed, even if it swapped `sys.stdout`/`sys.stderr` out."""
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            if stream is not None:
                stream.flush()
        except Exception:  # a broken stream must not turn into a failed run
            pass
