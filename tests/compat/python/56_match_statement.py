# Structural pattern matching.
from dataclasses import dataclass


@dataclass
class Point:
    x: int
    y: int


def describe(value):
    match value:
        case None:
            return "nothing"
        case 0 | 1:
            return "bit"
        case int(n) if n < 0:
            return f"negative {n}"
        case int() | float() as number:
            return f"number {number}"
        case str() as text if text.startswith("cmd:"):
            return f"command {text[4:]}"
        case [x, y]:
            return f"pair {x},{y}"
        case [first, *rest]:
            return f"list starting {first} (+{len(rest)})"
        case {"type": "user", "name": str(name), **extra}:
            return f"user {name} {sorted(extra)}"
        case Point(x=0, y=0):
            return "origin"
        case Point(x=x, y=y) if x == y:
            return f"diagonal {x}"
        case Point(x, y):
            return f"point {x},{y}"
        case _:
            return f"other {type(value).__name__}"


for value in [None, 1, -4, 2.5, "cmd:run", "text", [1, 2], [1, 2, 3], (9,), {"type": "user", "name": "ann", "age": 3},
              {"type": "bot"}, Point(0, 0), Point(2, 2), Point(1, 5), {1, 2}]:
    print(repr(value), "->", describe(value))


def command(text):
    match text.split():
        case ["go", ("north" | "south") as direction]:
            return f"going {direction}"
        case ["take", item, *_]:
            return f"taking {item}"
        case []:
            return "empty"
        case _:
            return "unknown"


print([command(t) for t in ["go north", "go west", "take lamp now", "", "dance"]])
