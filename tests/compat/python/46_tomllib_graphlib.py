# tomllib and graphlib.
import graphlib
import tomllib

config = tomllib.loads("""
title = "codemode"
version = 3
ratio = 0.75
enabled = true
released = 2024-05-01
started = 2024-05-01T10:00:00Z
tags = ["sandbox", "mcp"]

[server]
host = "127.0.0.1"
ports = [8000, 8001]

[[runtimes]]
name = "python"
[[runtimes]]
name = "javascript"
inline = { a = 1, b = "two" }
""")
print(config["title"], config["version"], config["ratio"], config["enabled"], config["released"], config["started"])
print(config["server"], [r["name"] for r in config["runtimes"]], config["runtimes"][1]["inline"])
try:
    tomllib.loads("key = ")
except tomllib.TOMLDecodeError:
    print("TOMLDecodeError")
graph = {"deploy": {"test", "build"}, "test": {"build"}, "build": {"fetch"}, "docs": {"fetch"}}
print(list(graphlib.TopologicalSorter(graph).static_order()))
sorter = graphlib.TopologicalSorter()
for node, deps in [("c", ["a", "b"]), ("b", ["a"]), ("d", ["c"])]:
    sorter.add(node, *deps)
sorter.prepare()
batches = []
while sorter.is_active():
    ready = sorted(sorter.get_ready())
    batches.append(ready)
    sorter.done(*ready)
print(batches)
try:
    list(graphlib.TopologicalSorter({"a": {"b"}, "b": {"a"}}).static_order())
except graphlib.CycleError as e:
    print("CycleError", sorted(e.args[1]))
