# contextlib: context managers built from generators, suppress, ExitStack, redirect_stdout.
import contextlib
import io


@contextlib.contextmanager
def tag(name):
    print(f"<{name}>")
    try:
        yield name.upper()
    finally:
        print(f"</{name}>")


with tag("div") as value:
    with tag("p"):
        print("body", value)

with contextlib.suppress(KeyError, ZeroDivisionError):
    {}["missing"]
print("suppressed")

with contextlib.ExitStack() as stack:
    for name in ("a", "b", "c"):
        stack.enter_context(tag(name))
    stack.callback(print, "callback runs first on exit")

buffer = io.StringIO()
with contextlib.redirect_stdout(buffer):
    print("captured text")
print(repr(buffer.getvalue()))


class Resource:
    def __init__(self, name):
        self.name = name

    def close(self):
        print("closing", self.name)


with contextlib.closing(Resource("db")) as r:
    print("using", r.name)

with contextlib.nullcontext(42) as answer:
    print(answer)


@contextlib.contextmanager
def transaction():
    try:
        yield
        print("commit")
    except ValueError as e:
        print("rollback:", e)


with transaction():
    print("work")
with transaction():
    raise ValueError("bad row")


class Timer(contextlib.ContextDecorator):
    def __enter__(self):
        print("enter")
        return self

    def __exit__(self, *exc):
        print("exit", exc[0].__name__ if exc[0] else None)
        return False


@Timer()
def work():
    print("working")


work()
