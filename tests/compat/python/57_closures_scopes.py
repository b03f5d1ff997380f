# Closures, scopes, lambdas, default arguments and keyword-only/positional-only parameters.
def make_counter(start=0):
    count = start

    def increment(step=1):
        nonlocal count
        count += step
        return count

    return increment


counter = make_counter(10)
print(counter(), counter(5), counter())
multipliers = [lambda x, i=i: x * i for i in range(4)]
late = [lambda x: x * i for i in range(4)]
print([m(10) for m in multipliers], [m(10) for m in late])
total = 0


def add_global(n):
    global total
    total += n


add_global(3)
add_global(4)
print(total)


def append_to(item, target=None):
    target = [] if target is None else target
    target.append(item)
    return target


print(append_to(1), append_to(2))


def describe(pos_only, /, normal, *args, kw_only, **kwargs):
    return f"{pos_only} {normal} {args} {kw_only} {sorted(kwargs.items())}"


print(describe(1, 2, 3, 4, kw_only=5, z=6, a=7), describe(1, normal=2, kw_only=3))
try:
    describe(pos_only=1, normal=2, kw_only=3)
except TypeError:
    print("positional-only parameter passed by keyword")


def compose(*functions):
    def composed(x):
        for f in reversed(functions):
            x = f(x)
        return x
    return composed


print(compose(str, lambda n: n * 2, abs)(-21), (lambda *a, **k: (a, k))(1, b=2))
x = "global"


def outer():
    x = "enclosing"

    def inner():
        return x
    return inner()


print(outer(), x, [x for x in range(3)], x)
print(describe.__code__.co_posonlyargcount, describe.__code__.co_kwonlyargcount, counter.__closure__[0].cell_contents)
