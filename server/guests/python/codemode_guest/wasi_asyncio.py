"""An asyncio event loop for WASI, where there are no sockets and no other threads.

CPython's selector event loop opens a socket pair (its "self-pipe") so other threads and signal
handlers can wake it up. WASI has no sockets, so creating the loop fails with
`PermissionError: [Errno 2]`. Here nothing can wake the loop from outside, so the self-pipe is
simply left out, and waiting with no file descriptors registered becomes a plain sleep until the
next timer. What the base loop does in helper threads (name resolution, shutting the default
executor down) is done inline instead.
"""

from __future__ import annotations

import asyncio
import selectors
import socket
import time
from typing import Any


class NothingToWaitFor(RuntimeError):
    """Every task waits, no timer is due and no I/O is registered: the program can never go on."""


class _TimerSelector(selectors.SelectSelector):
    """`select()` that sleeps instead of polling when no file descriptor is registered."""

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        if self.get_map():
            return super().select(timeout)
        if timeout is None:
            raise NothingToWaitFor(
                "the event loop has nothing left to wait for: every task is waiting for "
                "something that can never happen (there is no I/O in the codemode sandbox)"
            )
        if timeout > 0:
            time.sleep(timeout)
        return []


class WasiEventLoop(asyncio.SelectorEventLoop):
    """`SelectorEventLoop` without the self-pipe (needs no sockets, cannot be woken by threads)."""

    def __init__(self) -> None:
        super().__init__(selector=_TimerSelector())

    def _make_self_pipe(self) -> None:
        """No socket pair: nothing outside this single thread can wake the loop."""

    def _close_self_pipe(self) -> None:
        """Nothing to close (see `_make_self_pipe`)."""

    def _write_to_self(self) -> None:
        """Nothing to wake: callbacks added from this thread are seen on the next iteration."""

    async def getaddrinfo(self, *args: Any, **kwargs: Any) -> Any:
        """Resolve inline (the base loop uses a thread), so the sandbox's network error shows."""
        return socket.getaddrinfo(*args, **kwargs)

    async def getnameinfo(self, *args: Any, **kwargs: Any) -> Any:
        """Resolve inline (the base loop uses a thread)."""
        return socket.getnameinfo(*args, **kwargs)

    async def shutdown_default_executor(self, timeout: float | None = None) -> None:
        """Shut the default executor down inline: the base loop starts a thread to wait for it."""
        self._executor_shutdown_called = True
        executor = self._default_executor  # type: ignore[attr-defined]
        if executor is not None:
            executor.shutdown(wait=False)
