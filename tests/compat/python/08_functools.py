# functools: caching, partials, reduce, dispatch, ordering.
import functools


@functools.lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print(fib(90), fib.cache_info().hits, fib.cache_info().misses)


@functools.cache
def factorial(n):
    return 1 if n <= 1 else n * factorial(n - 1)


print(factorial(25))
print(functools.reduce(lambda a, b: a * b, range(1, 11)), functools.reduce(max, [3, 9, 2], 0))
power_of_two = functools.partial(pow, 2)
print(power_of_two(10), power_of_two.args, power_of_two.func is pow)
int_base2 = functools.partial(int, base=2)
print(int_base2("1011"), int_base2.keywords)


@functools.singledispatch
def describe(value):
    return f"object {value!r}"


@describe.register
def _(value: int):
    return f"int {value}"


@describe.register(list)
def _(value):
    return f"list of {len(value)}"


print(describe(3), describe([1, 2]), describe("s"), describe(True))


@functools.total_ordering
class Version:
    def __init__(self, text):
        self.parts = tuple(int(p) for p in text.split("."))

    def __eq__(self, other):
        return self.parts == other.parts

    def __lt__(self, other):
        return self.parts < other.parts

    def __repr__(self):
        return "v" + ".".join(map(str, self.parts))


print(sorted([Version("1.10"), Version("1.2"), Version("1.2.1")]), Version("2.0") >= Version("1.9"))


def logged(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        print("calling", func.__name__, args)
        return func(*args, **kwargs)
    return wrapper


@logged
def add(a, b):
    "Add two numbers."
    return a + b


print(add(2, 3), add.__name__, add.__doc__, add.__wrapped__(1, 1))


class Circle:
    def __init__(self, r):
        self.r = r

    @functools.cached_property
    def area(self):
        print("computing area")
        return round(3.14159 * self.r ** 2, 3)


c = Circle(2)
print(c.area, c.area)
print(sorted(["b", "A", "c"], key=functools.cmp_to_key(lambda a, b: (a.lower() > b.lower()) - (a.lower() < b.lower()))))
