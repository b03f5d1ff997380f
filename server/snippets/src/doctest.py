

# --- codemode: run the docstring's examples (generated; these lines are not in the document) ---
def __codemode_doctest(docstring, first_line, first_column, name):
    """Run the `>>>` examples of `docstring` like `doctest` does, each compiled at its own
    document line (the literal's first line is `first_line`, its value starts at byte column
    `first_column`), so that a failure is reported at the example. Prints `N passed`; raises
    the first failure (an output mismatch as `DoctestFailure`) and lists the others on stderr.
    """
    import doctest
    import sys

    filename = sys._getframe().f_code.co_filename
    globs = {k: v for k, v in globals().items() if not k.startswith("__codemode_")}
    checker = doctest.OutputChecker()
    failures = []
    passed = 0
    for example in doctest.DocTestParser().get_examples(docstring, name):
        if example.options.get(doctest.SKIP):
            continue
        flags = 0
        for flag, enabled in example.options.items():
            if enabled:
                flags |= flag
        line = first_line + example.lineno
        column = example.indent + 4 + (first_column if example.lineno == 0 else 0)
        end = column + len(example.source.splitlines()[0].encode())
        got, error = __codemode_example(example, filename, line, column, globs)
        failure = __codemode_check(example, got, error, flags, checker)
        if failure is None:
            passed += 1
        else:
            failures.append((failure, line, column, end))
    if not failures:
        print(f"{passed} passed")
        return
    print(f"{len(failures)} failed, {passed} passed")
    for failure, line, _, _ in failures[1:]:
        sys.stderr.write(f"line {line}: {__codemode_describe(failure)}\n")
    failure, line, column, end = failures[0]
    if isinstance(failure, BaseException) and failure.__traceback__ is not None:
        raise failure  # raised by the example: its own frames say where
    if not isinstance(failure, BaseException):
        failure = type("DoctestFailure", (AssertionError,), {"__module__": "__main__"})(failure)
    __codemode_raise_at(failure, filename, line, column, end)


def __codemode_example(example, filename, line, column, globs):
    """Run one example in `globs`, its positions shifted to the document. Returns what it
    printed and what it raised."""
    import ast
    import contextlib
    import io

    try:
        tree = ast.parse(example.source, filename, mode="single")
    except SyntaxError as exc:
        return "", SyntaxError(exc.msg)
    for node in ast.walk(tree):
        if "lineno" in node._attributes and getattr(node, "lineno", None) is not None:
            node.lineno += line - 1
            node.col_offset += column
            if node.end_lineno is not None:
                node.end_lineno += line - 1
            if node.end_col_offset is not None:
                node.end_col_offset += column
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(tree, filename, "single", dont_inherit=True), globs)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


def __codemode_check(example, got, error, flags, checker):
    """None when the example passed, else the exception it raised or a message."""
    import doctest
    import traceback

    if example.exc_msg is None:
        if error is not None:
            return error
        if checker.check_output(example.want, got, flags):
            return None
        return f"expected {__codemode_show(example.want)}, got {__codemode_show(got)}"
    if error is None:
        return f"expected {__codemode_show(example.exc_msg)}, got no exception"
    raised = traceback.format_exception_only(type(error), error)[-1]
    if checker.check_output(example.exc_msg, raised, flags):
        return None
    if flags & doctest.IGNORE_EXCEPTION_DETAIL:
        expected = example.exc_msg.split(":")[0].rsplit(".")[-1].strip()
        if expected == type(error).__name__:
            return None
    return f"expected {__codemode_show(example.exc_msg)}, got {__codemode_show(raised)}"


def __codemode_show(text):
    text = text.rstrip("\n")
    if not text:
        return "nothing"
    if "\n" in text:
        return "\n" + "\n".join("    " + line for line in text.split("\n")) + "\n"
    return text


def __codemode_describe(failure):
    if isinstance(failure, BaseException):
        return f"{type(failure).__name__}: {failure}"
    return failure


def __codemode_raise_at(error, filename, line, column, end):
    """Raise `error` from code compiled at `line`, columns `column`..`end` (bytes)."""
    import ast

    name = ast.Name("__codemode_error", ast.Load())
    statement = ast.Raise(exc=name, cause=None)
    for node in (name, statement):
        node.lineno = node.end_lineno = line
        node.col_offset, node.end_col_offset = column, end
    code = compile(ast.Module([statement], []), filename, "exec")
    exec(code, {"__codemode_error": error})


