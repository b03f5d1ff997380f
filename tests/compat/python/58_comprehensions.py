# Comprehensions, unpacking, walrus, slicing and dict/set operations.
matrix = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
print([row[i] for i in range(3) for row in matrix][:4], [[row[i] for row in matrix] for i in range(3)])
print({n: n * n for n in range(6) if n % 2}, sorted({c.lower() for c in "Hello World" if c.isalpha()}))
print([(x, y) for x in range(3) for y in range(x)], sum(x for x in range(100) if x % 7 == 0))
first, *middle, last = range(6)
print(first, middle, last)
(a, b), c = (1, 2), 3
print(a, b, c, [*range(3), *"ab"], {**{"x": 1}, "y": 2, **{"x": 3}})
data = [4, 8, 15, 16, 23, 42]
print([y for x in data if (y := x * 2) > 30], data[::2], data[-2:], data[1:-1:2], data[::-1][:2])
d = {"a": 1, "b": 2}
d |= {"c": 3}
print(d, d | {"a": 0}, {"a": 1}.keys() & {"a": 1, "b": 2}.keys() == {"a"})
print(sorted({1, 2, 3} ^ {2, 3, 4}), sorted({1, 2} | {5}), {1, 2, 3} > {1, 2}, frozenset([1, 2]) == {1, 2})
counts = {}
for word in "a b a c b a".split():
    counts[word] = counts.get(word, 0) + 1
print(counts, max(counts, key=counts.get), dict(sorted(counts.items(), key=lambda kv: -kv[1])))
print(list(zip(*[(1, "a"), (2, "b")])), dict(zip("abc", range(3))), list(map(lambda p: p[0] * p[1], zip([1, 2], [3, 4]))))
nested = {"users": [{"name": "ann", "roles": ["admin", "dev"]}, {"name": "bob", "roles": []}]}
print([u["name"] for u in nested["users"] if "admin" in u["roles"]], {u["name"]: len(u["roles"]) for u in nested["users"]})
s = slice(1, 5, 2)
print("abcdefg"[s], s.indices(3), list(range(10))[slice(None, None, -3)])
