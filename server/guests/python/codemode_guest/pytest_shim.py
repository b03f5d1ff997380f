"""The part of pytest that tests written for it use, for `codemode.run_tests` in the sandbox.

The guest installs this module as `pytest` (there is no real pytest inside the sandbox):
`pytest.raises`, `pytest.approx`, `pytest.mark.parametrize`/`skip`/`skipif`/`xfail`,
`pytest.param`, `pytest.skip`, `pytest.fail`, and function-scoped `pytest.fixture`s (plain and
generator fixtures, fixtures using fixtures; `capsys` and `monkeypatch` are built in, see
`codemode_guest.testing`). Marks are recorded on the function in
`pytestmark`, as pytest does, and read by `codemode_guest.testing`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Failed", "Mark", "Skipped", "approx", "fail", "fixture", "mark", "param", "raises", "skip",
]


class Skipped(Exception):
    """Raised by `pytest.skip()`: the test is reported as skipped."""


class Failed(Exception):
    """Raised by `pytest.fail()`: the test is reported as failed."""


def skip(reason: str = "") -> None:
    raise Skipped(reason)


skip.Exception = Skipped  # type: ignore[attr-defined]


def fail(reason: str = "", pytrace: bool = True) -> None:
    raise Failed(reason)


fail.Exception = Failed  # type: ignore[attr-defined]


# --- marks ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    name: str
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)


class MarkDecorator:
    """`pytest.mark.NAME` and `pytest.mark.NAME(...)`: applied to a function, records the mark."""

    def __init__(self, mark: Mark) -> None:
        self.mark = mark

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if len(args) == 1 and not kwargs and callable(args[0]):
            target = args[0]
            marks = list(getattr(target, "pytestmark", []))
            # Decorators apply bottom-up; keep the source order.
            target.pytestmark = [self.mark, *marks]
            return target
        return MarkDecorator(Mark(self.mark.name, self.mark.args + args,
                                  {**self.mark.kwargs, **kwargs}))


class _MarkGenerator:
    def __getattr__(self, name: str) -> MarkDecorator:
        if name.startswith("_"):
            raise AttributeError(name)
        return MarkDecorator(Mark(name))


mark = _MarkGenerator()


@dataclass(frozen=True)
class ParameterSet:
    values: tuple[Any, ...]
    id: str | None = None
    marks: tuple[Any, ...] = ()


def param(*values: Any, id: str | None = None, marks: Any = ()) -> ParameterSet:
    marks = marks if isinstance(marks, (list, tuple)) else (marks,)
    return ParameterSet(values, id, tuple(marks))


# --- fixtures ---------------------------------------------------------------------------------


def fixture(function: Callable[..., Any] | None = None, **options: Any) -> Any:
    """Marks a fixture: a test's argument of the same name gets its value (function scope)."""

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        fn._codemode_fixture = options.get("name") or fn.__name__  # type: ignore[attr-defined]
        return fn

    return register(function) if function is not None else register


# --- raises -----------------------------------------------------------------------------------


class ExceptionInfo:
    def __init__(self) -> None:
        self.value: BaseException | None = None
        self.type: type[BaseException] | None = None
        self.tb: Any = None

    def match(self, pattern: str | re.Pattern[str]) -> bool:
        text = str(self.value)
        if not re.search(pattern, text):
            raise AssertionError(f"Regex pattern did not match.\n Regex: {pattern!r}\n Input: {text!r}")
        return True

    @property
    def typename(self) -> str:
        return self.type.__name__ if self.type else ""

    def __repr__(self) -> str:
        return f"<ExceptionInfo {self.value!r}>"


class RaisesContext:
    def __init__(self, expected: Any, match: str | re.Pattern[str] | None) -> None:
        self.expected = expected
        self.match = match
        self.info = ExceptionInfo()

    def __enter__(self) -> ExceptionInfo:
        return self.info

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> bool:
        names = _names(self.expected)
        if exc_type is None:
            raise Failed(f"DID NOT RAISE {names}")
        if not issubclass(exc_type, self.expected):
            return False  # a different exception propagates
        self.info.value, self.info.type, self.info.tb = exc, exc_type, tb
        if self.match is not None:
            self.info.match(self.match)
        return True


def _names(expected: Any) -> str:
    if isinstance(expected, tuple):
        return "any of (" + ", ".join(e.__name__ for e in expected) + ")"
    return f"<class '{expected.__name__}'>"


def raises(expected: Any, *args: Any, match: str | re.Pattern[str] | None = None, **kwargs: Any) -> Any:
    """`with pytest.raises(ValueError, match="bad"):` or `pytest.raises(E, f, *args)`."""
    context = RaisesContext(expected, match)
    if not args:
        return context
    with context as info:
        args[0](*args[1:], **kwargs)
    return info


# --- approx -----------------------------------------------------------------------------------


class Approx:
    """Compares numbers (or sequences/mappings of numbers) within a tolerance, like pytest."""

    def __init__(self, expected: Any, rel: float | None = None, abs: float | None = None) -> None:
        self.expected = expected
        self.rel = rel
        self.abs = abs

    def _tolerance(self, expected: float) -> float:
        if self.abs is not None and self.rel is None:
            return self.abs
        rel = 1e-6 if self.rel is None else self.rel
        absolute = 1e-12 if self.abs is None else self.abs
        return max(rel * abs(expected), absolute)

    def _close(self, actual: Any, expected: Any) -> bool:
        numbers = (int, float, complex)
        if isinstance(expected, bool) or isinstance(actual, bool) or not (
            isinstance(expected, numbers) and isinstance(actual, numbers)
        ):
            return actual == expected
        if actual == expected:
            return True
        if isinstance(expected, float) and math.isnan(expected):
            return False
        return abs(actual - expected) <= self._tolerance(abs(expected))

    def __eq__(self, actual: object) -> bool:
        expected = self.expected
        if isinstance(expected, Mapping):
            return (isinstance(actual, Mapping) and set(actual) == set(expected)
                    and all(self._close(actual[k], expected[k]) for k in expected))
        if isinstance(expected, Sequence) and not isinstance(expected, str):
            return (isinstance(actual, Iterable) and not isinstance(actual, str)
                    and len(list(actual)) == len(expected)
                    and all(self._close(a, e) for a, e in zip(actual, expected)))
        return self._close(actual, expected)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        expected = self.expected
        if isinstance(expected, (int, float)) and not isinstance(expected, bool):
            return f"{expected!r} ± {self._tolerance(abs(expected)):.1e}"
        return f"approx({expected!r})"


def approx(expected: Any, rel: float | None = None, abs: float | None = None) -> Approx:
    return Approx(expected, rel, abs)
