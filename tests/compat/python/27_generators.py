# Generators: yield, send, yield from, close, generator expressions.
def countdown(n):
    while n > 0:
        yield n
        n -= 1
    return "liftoff"


print(list(countdown(5)))
gen = countdown(2)
print(next(gen), next(gen))
try:
    next(gen)
except StopIteration as stop:
    print("stopped with", stop.value)


def averager():
    total = count = 0
    average = None
    while True:
        value = yield average
        if value is None:
            return total
        total += value
        count += 1
        average = total / count


avg = averager()
next(avg)
print([avg.send(v) for v in (10, 20, 60)])


def chain(*iterables):
    for iterable in iterables:
        result = yield from iterable
    return result


print(list(chain([1, 2], "ab", range(2))))


def delegator():
    total = yield from averager()
    yield f"total={total}"


d = delegator()
next(d)
d.send(5)
print(d.send(None))


def with_cleanup():
    try:
        yield 1
        yield 2
    finally:
        print("cleanup")


g = with_cleanup()
print(next(g))
g.close()


def fibonacci():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b


import itertools
print(list(itertools.islice(fibonacci(), 15)))
squares = (x * x for x in range(10) if x % 2)
print(sum(squares), list(squares))


def thrower():
    try:
        yield "ready"
    except ValueError as e:
        yield f"caught {e}"


t = thrower()
next(t)
print(t.throw(ValueError("boom")))


class Tree:
    def __init__(self, value, *children):
        self.value, self.children = value, children

    def __iter__(self):
        yield self.value
        for child in self.children:
            yield from child


print(list(Tree(1, Tree(2, Tree(3)), Tree(4))))
