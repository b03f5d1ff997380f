# weakref and gc (reference counting frees objects at predictable points).
import gc
import weakref


class Resource:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"Resource({self.name})"


r = Resource("a")
ref = weakref.ref(r)
print(ref(), ref() is r)
del r
print(ref())
cache = weakref.WeakValueDictionary()
keep = Resource("kept")
cache["kept"] = keep
cache["temp"] = Resource("temp")
print(sorted(cache.keys()))
finalized = []
obj = Resource("final")
weakref.finalize(obj, finalized.append, "finalizer ran")
del obj
print(finalized)
registry = weakref.WeakSet()
items = [Resource(str(i)) for i in range(3)]
for item in items:
    registry.add(item)
items.pop()
print(len(registry))
proxy = weakref.proxy(keep)
print(proxy.name)


class Node:
    def __init__(self):
        self.other = None


a, b = Node(), Node()
a.other, b.other = b, a
watch = weakref.ref(a)
del a, b
print(watch() is not None)
gc.collect()
print(watch())
print(gc.isenabled(), isinstance(gc.get_count(), tuple))
