# dataclasses.
from dataclasses import asdict, astuple, dataclass, field, fields, replace, InitVar


@dataclass(order=True)
class Item:
    sort_index: float = field(init=False, repr=False)
    name: str
    price: float
    tags: list = field(default_factory=list)

    def __post_init__(self):
        self.sort_index = self.price


items = [Item("pen", 1.5), Item("book", 12.0, ["paper"]), Item("cup", 4.25)]
print(items[0])
print(sorted(items))
print(asdict(items[1]), astuple(items[2]))
print([f.name for f in fields(Item)], replace(items[0], price=2.0))
print(Item("a", 1) == Item("a", 1), Item("a", 1) < Item("b", 2))


@dataclass(frozen=True)
class Point:
    x: int
    y: int = 0

    def norm2(self):
        return self.x ** 2 + self.y ** 2


p = Point(3, 4)
print(p, p.norm2(), hash(p) == hash(Point(3, 4)))
try:
    p.x = 10
except Exception as e:
    print(type(e).__name__)


@dataclass(slots=True, kw_only=True)
class Config:
    host: str
    port: int = 8080
    debug: bool = False


print(Config(host="localhost"), hasattr(Config, "__slots__"))


@dataclass
class Account:
    owner: str
    password: InitVar[str]
    secret_len: int = 0

    def __post_init__(self, password):
        self.secret_len = len(password)


print(Account("ann", "hunter2"))


@dataclass
class Node:
    value: int
    children: list = field(default_factory=list)


tree = Node(1, [Node(2), Node(3, [Node(4)])])
print(tree)
print(asdict(tree))
