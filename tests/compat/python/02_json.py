# JSON encoding and decoding.
import json

data = {"name": "Ada", "langs": ["en", "fr"], "age": 36, "ratio": 0.5, "ok": True,
        "none": None, "nested": {"z": 1, "a": [1, 2, {"b": None}]}, "unicode": "café ☕"}
text = json.dumps(data)
print(text)
print(json.dumps(data, sort_keys=True, indent=2))
print(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
back = json.loads(text)
print(back == data, type(back["age"]).__name__, back["nested"]["a"][2])
print(json.loads("[1, 2.5, \"s\", true, false, null]"))
print(json.loads('{"a": 1, "a": 2}'))
print(json.dumps([float("1e100"), 1e-10, 3.0, -0.0, 10**20]))
print(json.loads("1e400"), json.dumps(float("nan")))


class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y


class PointEncoder(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, Point):
            return {"__point__": [o.x, o.y]}
        return super().default(o)


def as_point(obj):
    if "__point__" in obj:
        return Point(*obj["__point__"])
    return obj


encoded = json.dumps({"p": Point(1, 2)}, cls=PointEncoder)
print(encoded)
decoded = json.loads(encoded, object_hook=as_point)
print(type(decoded["p"]).__name__, decoded["p"].x, decoded["p"].y)
try:
    json.loads("{bad json}")
except json.JSONDecodeError as e:
    print("JSONDecodeError:", e.msg, "at", e.lineno, e.colno, e.pos)
try:
    json.dumps({"s": {1, 2}})
except TypeError as e:
    print("TypeError:", e)
print(json.dumps("tab\there \"quoted\" \\ /"), json.loads('"\\u00e9\\n"'))
print(json.dumps({3: "int key", "b": [()]}))
