# enum: Enum, IntEnum, Flag, auto, unique.
from enum import Enum, Flag, IntEnum, auto, unique


@unique
class Color(Enum):
    RED = 1
    GREEN = 2
    BLUE = 3

    def describe(self):
        return f"{self.name.lower()}#{self.value}"


print(Color.RED, repr(Color.GREEN), Color(3).name, Color["BLUE"].value)
print([c.name for c in Color], len(Color), Color.RED is Color(1), Color.RED.describe())
print(Color.RED in Color, isinstance(Color.BLUE, Color), Color.RED == 1)


class Priority(IntEnum):
    LOW = 1
    HIGH = 3


print(Priority.LOW < Priority.HIGH, Priority.HIGH + 1, sorted([Priority.HIGH, Priority.LOW])[0].name)


class Perm(Flag):
    R = auto()
    W = auto()
    X = auto()


rw = Perm.R | Perm.W
print(rw.value, Perm.R in rw, Perm.X in rw, bool(Perm.R & Perm.X), (rw | Perm.X).value)
print([p.name for p in Perm], Perm(5).value)


class Status(str, Enum):
    OK = "ok"
    FAIL = "fail"


print(Status.OK.value, Status("fail").name, Status.OK == "ok", Status.OK.upper())


class Planet(Enum):
    MERCURY = (3.303e23, 2.4397e6)
    EARTH = (5.976e24, 6.37814e6)

    def __init__(self, mass, radius):
        self.mass = mass
        self.radius = radius

    @property
    def gravity(self):
        return 6.673e-11 * self.mass / (self.radius * self.radius)


print(f"{Planet.EARTH.gravity:.2f}", Planet.MERCURY.radius)
Animal = Enum("Animal", "ANT BEE CAT")
print([(a.name, a.value) for a in Animal])
try:
    Color(9)
except ValueError as e:
    print("ValueError:", e)
