"""Make CPython on WASI behave well inside the codemode sandbox.

Some of the standard library cannot work here: WebAssembly has no processes, this CPython build
has no threads, and the host grants no network and no files. Modules that other modules import
stay importable; their entry points raise an error that says what is missing and why, instead of
a puzzling `PermissionError: [Errno 2]`. `asyncio` gets an event loop that needs no sockets.

`explain` (used by the runner on uncaught exceptions) makes `ModuleNotFoundError` say why a
module is missing. `install` applies the WASI patches; it is called once, at build time.
"""

from __future__ import annotations

import errno
import sys
from typing import NoReturn

SANDBOX = "the codemode sandbox"

#: Modules (or the C extensions behind them) missing from this CPython build, with the reason.
UNAVAILABLE_MODULES: dict[str, str] = {
    "ctypes": "WebAssembly cannot load native libraries",
    "_ctypes": "WebAssembly cannot load native libraries",
    "ssl": "there is no network; call upstream tools with codemode.call_tool",
    "_ssl": "there is no network; call upstream tools with codemode.call_tool",
    "_hashlib": "OpenSSL is not built in; hashlib's built-in algorithms work",
    "bz2": "the bzip2 library is not built in; zlib and gzip work",
    "_bz2": "the bzip2 library is not built in; zlib and gzip work",
    "lzma": "the xz library is not built in; zlib and gzip work",
    "_lzma": "the xz library is not built in; zlib and gzip work",
    "curses": "there is no terminal",
    "_curses": "there is no terminal",
    "_curses_panel": "there is no terminal",
    "readline": "there is no terminal",
    "termios": "there is no terminal",
    "tty": "there is no terminal",
    "pty": "there is no terminal",
    "fcntl": "WASI has no file control",
    "resource": "WASI has no resource limits",
    "mmap": "WASI has no memory-mapped files",
    "grp": "WASI has no users or groups",
    "pwd": "WASI has no users or groups",
    "syslog": "there is no system log",
    "_posixsubprocess": "WebAssembly has no processes",
    "_multiprocessing": "WebAssembly has no processes",
    "_posixshmem": "WebAssembly has no processes",
    "_dbm": "there is no file system",
    "_gdbm": "there is no file system",
    "tkinter": "there is no display",
    "_tkinter": "there is no display",
    "turtle": "there is no display",
    "idlelib": "there is no display",
    "ensurepip": "packages cannot be installed",
    "venv": "packages cannot be installed",
    "pip": "packages cannot be installed",
}


def unavailable(feature: str, reason: str) -> OSError:
    """The error for a feature the sandbox cannot offer (raise it)."""
    return OSError(errno.ENOTSUP, f"{feature} is not available in {SANDBOX}: {reason}")


def explain(exc: BaseException) -> None:
    """Add to a `ModuleNotFoundError`'s message why the module cannot be imported here."""
    if not isinstance(exc, ModuleNotFoundError) or not exc.name:
        return
    hint = missing_module_hint(exc.name)
    if hint and hint not in str(exc):
        message = f"{exc.msg} ({hint})"
        exc.msg = message
        exc.args = (message,)


def missing_module_hint(name: str) -> str:
    """Why `name` cannot be imported in the sandbox, as a parenthetical remark."""
    top = name.partition(".")[0]
    for candidate in (name, top):
        reason = UNAVAILABLE_MODULES.get(candidate)
        if reason:
            return f"{candidate.lstrip('_')} is not available in {SANDBOX}: {reason}"
    if top in sys.stdlib_module_names:
        return f"this part of the standard library is not bundled in {SANDBOX}"
    return f"{SANDBOX} has the Python standard library only"


# ---------------------------------------------------------------------------------------------
# WASI patches


def install() -> None:
    """Apply every WASI patch. Only meaningful (and only called) on WASI."""
    _install_event_loop()
    _block_threads()
    _block_processes()
    _block_network()
    _add_pbkdf2_hmac()


def _install_event_loop() -> None:
    """Make `asyncio.run`, `asyncio.new_event_loop` and `asyncio.Runner` use `WasiEventLoop`."""
    import asyncio
    from asyncio import unix_events

    from codemode_guest.wasi_asyncio import WasiEventLoop

    unix_events._UnixDefaultEventLoopPolicy._loop_factory = WasiEventLoop  # type: ignore[attr-defined]
    unix_events.SelectorEventLoop = WasiEventLoop  # type: ignore[misc,assignment]
    asyncio.SelectorEventLoop = WasiEventLoop  # type: ignore[misc,assignment]
    if hasattr(asyncio, "EventLoop"):
        asyncio.EventLoop = WasiEventLoop  # type: ignore[misc]


def _block_threads() -> None:
    """Starting a thread raises a clear `RuntimeError` (this CPython has no thread support)."""
    import _thread
    import threading

    def no_threads(*_args: object, **_kwargs: object) -> NoReturn:
        raise RuntimeError(
            f"threads are not available in {SANDBOX}: this WebAssembly build of CPython "
            "runs a single thread (use asyncio for concurrency)"
        )

    for module in (_thread, threading):
        for name in ("start_new_thread", "start_joinable_thread",
                     "_start_new_thread", "_start_joinable_thread"):
            if hasattr(module, name):
                setattr(module, name, no_threads)


def _block_processes() -> None:
    """`subprocess`, `os.system`, `os.popen` and `multiprocessing` raise a clear `OSError`.

    `ProcessPoolExecutor` keeps raising `NotImplementedError`, as CPython does where processes
    are missing, but says why.
    """
    import concurrent.futures.process
    import multiprocessing.connection
    import multiprocessing.process
    import os
    import subprocess

    reason = "WebAssembly has no processes"

    def no_processes(*_args: object, **_kwargs: object) -> NoReturn:
        raise unavailable("starting a process", reason)

    def no_process_pools(*_args: object, **_kwargs: object) -> NoReturn:
        raise NotImplementedError(f"process pools are not available in {SANDBOX}: {reason}")

    subprocess.Popen.__init__ = no_processes  # type: ignore[method-assign]
    os.system = no_processes  # type: ignore[assignment]
    multiprocessing.process.BaseProcess.start = no_processes  # type: ignore[method-assign]
    multiprocessing.connection.Pipe = no_processes  # pools and queues start with a pipe
    concurrent.futures.process._check_system_limits = no_process_pools  # type: ignore[attr-defined]


def _block_network() -> None:
    """Creating a socket or resolving a name raises a clear `OSError`."""
    import socket

    def no_network(*_args: object, **_kwargs: object) -> NoReturn:
        raise unavailable("networking", "there is no network; call upstream tools with "
                          "codemode.call_tool")

    socket.socket.__init__ = no_network  # type: ignore[method-assign]
    for name in ("socketpair", "getaddrinfo", "gethostbyname", "gethostbyname_ex",
                 "gethostbyaddr", "create_connection", "create_server", "fromfd"):
        if hasattr(socket, name):
            setattr(socket, name, no_network)


def _add_pbkdf2_hmac() -> None:
    """`hashlib.pbkdf2_hmac` needs OpenSSL since Python 3.12; provide the pure-Python one."""
    import hashlib

    if not hasattr(hashlib, "pbkdf2_hmac"):
        hashlib.pbkdf2_hmac = pbkdf2_hmac  # type: ignore[assignment]


def pbkdf2_hmac(hash_name: str, password: bytes, salt: bytes, iterations: int,
                dklen: int | None = None) -> bytes:
    """PBKDF2 with HMAC (RFC 8018), as `hashlib.pbkdf2_hmac` computes it."""
    import hmac

    if iterations < 1:
        raise ValueError("iteration value must be greater than 0.")
    mac = hmac.new(bytes(password), digestmod=hash_name)
    length = mac.digest_size if dklen is None else dklen
    if length < 1:
        raise ValueError("key length must be greater than 0.")

    def prf(message: bytes) -> bytes:
        step = mac.copy()
        step.update(message)
        return step.digest()

    key = b""
    block = 1
    while len(key) < length:
        previous = prf(bytes(salt) + block.to_bytes(4, "big"))
        accumulated = int.from_bytes(previous, "big")
        for _ in range(iterations - 1):
            previous = prf(previous)
            accumulated ^= int.from_bytes(previous, "big")
        key += accumulated.to_bytes(mac.digest_size, "big")
        block += 1
    return key[:length]
