"""The codemode CPython guest: runs Python snippets inside a WebAssembly component.

See ../README.md for the layout and the invariants.
"""
