# collections: Counter, defaultdict, deque, namedtuple, ChainMap, OrderedDict.
from collections import ChainMap, Counter, OrderedDict, defaultdict, deque, namedtuple

words = "the quick brown fox jumps over the lazy dog the end".split()
counts = Counter(words)
print(counts.most_common(3), counts["the"], counts["missing"])
print(sorted((Counter("abracadabra") - Counter("aab")).items()))
print(sorted((Counter(a=3, b=1) + Counter(a=1, c=2)).elements()))
print(Counter("hello").total(), sorted(Counter("mississippi").items()))

groups = defaultdict(list)
for word in words:
    groups[len(word)].append(word)
print(sorted(groups.items()))
nested = defaultdict(lambda: defaultdict(int))
nested["a"]["x"] += 2
print({k: dict(v) for k, v in nested.items()})

queue = deque([1, 2, 3], maxlen=4)
queue.append(4)
queue.append(5)
queue.appendleft(0)
print(queue, queue.maxlen)
queue.rotate(2)
print(list(queue), queue.pop(), queue.popleft())

Point = namedtuple("Point", ["x", "y"], defaults=[0])
p = Point(3)
print(p, p._asdict(), p._replace(y=9), Point._fields, p.x + p.y)
x, y = Point(1, 2)
print(x, y, Point._make([5, 6]))

defaults = {"color": "red", "size": "M"}
overrides = {"size": "L"}
merged = ChainMap(overrides, defaults)
print(merged["color"], merged["size"], sorted(merged.keys()), len(merged.maps))

od = OrderedDict.fromkeys("abcde")
od.move_to_end("b")
od.move_to_end("e", last=False)
print(list(od), od.popitem(last=False), list(od.keys()))
print(OrderedDict(a=1, b=2) == OrderedDict(b=2, a=1), dict(a=1, b=2) == dict(b=2, a=1))
