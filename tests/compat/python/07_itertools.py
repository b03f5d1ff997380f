# itertools building blocks.
import itertools as it
import operator

print(list(it.product("ab", [1, 2])), len(list(it.product(range(3), repeat=3))))
print(list(it.permutations("abc", 2)))
print(list(it.combinations(range(5), 3))[:4], list(it.combinations_with_replacement("ab", 2)))
print(list(it.accumulate([1, 2, 3, 4, 5])), list(it.accumulate([3, 1, 4, 1, 5], max)))
print(list(it.accumulate([1, 2, 3, 4], operator.mul, initial=10)))
print(list(it.chain("ab", [1, 2], (3,))), list(it.chain.from_iterable([[1], [2, 3]])))
print(list(it.islice(it.count(10, 5), 4)), list(it.islice(it.cycle("xyz"), 7)))
print(list(it.repeat("r", 3)), list(it.starmap(pow, [(2, 3), (3, 2)])))
for key, group in it.groupby(sorted("mississippi")):
    print(key, len(list(group)), end="; ")
print()
data = [("a", 1), ("a", 2), ("b", 3), ("a", 4)]
print([(k, [v for _, v in g]) for k, g in it.groupby(data, key=lambda t: t[0])])
print(list(it.zip_longest("abc", [1], fillvalue="-")), list(it.pairwise([1, 2, 4, 7])))
print(list(it.takewhile(lambda n: n < 4, [1, 3, 5, 2])), list(it.dropwhile(lambda n: n < 4, [1, 3, 5, 2])))
print(list(it.filterfalse(lambda n: n % 2, range(10))), list(it.compress("abcdef", [1, 0, 1, 0, 1, 1])))
first, second = it.tee(iter([1, 2, 3]))
print(list(first), list(second))


def batched(iterable, n):
    iterator = iter(iterable)
    while chunk := tuple(it.islice(iterator, n)):
        yield chunk


print(list(batched(range(7), 3)))
print(sum(1 for _ in it.combinations(range(20), 4)))
