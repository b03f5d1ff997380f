# copy and pickle.
import copy
import pickle
from dataclasses import dataclass


@dataclass
class Node:
    name: str
    children: list


original = {"list": [1, [2, 3]], "node": Node("root", [Node("leaf", [])])}
shallow = copy.copy(original)
deep = copy.deepcopy(original)
original["list"][1].append(4)
original["node"].children.append("x")
print(shallow["list"], deep["list"], len(shallow["node"].children), len(deep["node"].children))
cyclic = [1]
cyclic.append(cyclic)
clone = copy.deepcopy(cyclic)
print(clone[1] is clone, clone[0])


class Tracked:
    def __init__(self, value):
        self.value = value

    def __copy__(self):
        print("custom copy")
        return Tracked(self.value)

    def __deepcopy__(self, memo):
        print("custom deepcopy")
        return Tracked(copy.deepcopy(self.value, memo))


copy.copy(Tracked(1))
copy.deepcopy(Tracked([1]))
for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
    blob = pickle.dumps(original, protocol=protocol)
    print(protocol, pickle.loads(blob) == original)
data = pickle.dumps({"a": (1, 2.5, "s", None, True), "b": b"bytes", "c": {1, 2}}, protocol=4)
print(pickle.loads(data), len(data))


class Temperature:
    def __init__(self, celsius):
        self.celsius = celsius
        self.cache = "not pickled"

    def __getstate__(self):
        return {"celsius": self.celsius}

    def __setstate__(self, state):
        self.celsius = state["celsius"]
        self.cache = "rebuilt"


t = pickle.loads(pickle.dumps(Temperature(21.5)))
print(t.celsius, t.cache)
print(copy.replace(Node("a", []), name="b") if hasattr(copy, "replace") else Node(name="b", children=[]))
