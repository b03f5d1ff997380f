# pprint and reprlib.
import pprint
import reprlib

data = {"name": "codemode", "versions": list(range(30)), "nested": {"zeta": [1, {"deep": ["x" * 20] * 3}], "alpha": None},
        "tuple": (1, 2), "text": "a fairly long string value that will need wrapping when printed narrowly"}
pprint.pprint(data)
pprint.pprint(data, width=40, depth=2)
print(pprint.pformat(data["versions"], compact=True, width=50))
pprint.pprint({"b": 1, "a": 2}, sort_dicts=False)
print(pprint.isreadable(data), pprint.saferepr([1, [2, [3]]]))
print(reprlib.repr(list(range(100))), reprlib.repr("x" * 100), reprlib.repr({i: i for i in range(20)}))
short = reprlib.Repr()
short.maxlist = 3
short.maxstring = 10
print(short.repr([list(range(10))] * 5), short.repr("abcdefghijklmnop"))


class Tree:
    def __init__(self, children):
        self.children = children

    @reprlib.recursive_repr()
    def __repr__(self):
        return f"Tree({self.children!r})"


t = Tree([])
t.children.append(t)
print(t)
