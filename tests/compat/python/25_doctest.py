# doctest on functions of this module.
import doctest


def square(x):
    """Return x squared.

    >>> square(3)
    9
    >>> [square(n) for n in range(4)]
    [0, 1, 4, 9]
    """
    return x * x


def greet(name):
    """
    >>> greet("world")
    'hello world'
    >>> greet("")
    Traceback (most recent call last):
        ...
    ValueError: empty name
    """
    if not name:
        raise ValueError("empty name")
    return "hello " + name


print(doctest.testmod())
finder = doctest.DocTestFinder()
runner = doctest.DocTestRunner(verbose=False)
for test in sorted(finder.find(square) + finder.find(greet), key=lambda t: t.name):
    print(test.name.split(".")[-1], runner.run(test, out=lambda s: None))
failures = []
wrong = doctest.DocTestParser().get_doctest(">>> 1 + 1\n3\n", {}, "wrong", "wrong.txt", 0)
print(runner.run(wrong, out=failures.append))
print(len(failures), "failure report;", "Expected:" in failures[0], "Got:" in failures[0])
