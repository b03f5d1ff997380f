# typing constructs at run time (avoiding reprs that changed between versions).
from typing import (Any, Callable, Final, Generic, Literal, NamedTuple, Optional, Protocol,
                    TypedDict, TypeVar, Union, cast, get_args, get_origin, get_type_hints,
                    overload, runtime_checkable)

T = TypeVar("T")


class Stack(Generic[T]):
    def __init__(self) -> None:
        self.items: list[T] = []

    def push(self, item: T) -> None:
        self.items.append(item)

    def pop(self) -> T:
        return self.items.pop()


s: Stack[int] = Stack()
s.push(1)
s.push(2)
print(s.pop(), s.items)


class Employee(NamedTuple):
    name: str
    salary: int = 1000


e = Employee("joe")
print(e, e._fields, Employee.__annotations__)


class Movie(TypedDict, total=False):
    title: str
    year: int


m: Movie = {"title": "Alien"}
print(m, sorted(Movie.__annotations__), Movie.__total__)


@runtime_checkable
class Closable(Protocol):
    def close(self) -> None: ...


class Resource:
    def close(self) -> None:
        print("closed")


print(isinstance(Resource(), Closable), isinstance(42, Closable))
print(get_origin(list[int]) is list, get_args(dict[str, int]) == (str, int))
print(get_args(Union[int, str]) == (int, str), get_args(Optional[int]) == (int, type(None)))
print(get_args(Literal["a", "b"]), get_origin(Callable[[int], str]).__name__)


def greet(name: str, times: int = 1) -> str:
    return " ".join([f"hi {name}"] * times)


hints = get_type_hints(greet)
print({k: v.__name__ for k, v in hints.items()})
print(cast(int, "not really"), greet("bo", 2))
MAX: Final = 10


@overload
def double(x: int) -> int: ...
@overload
def double(x: str) -> str: ...
def double(x: Any) -> Any:
    return x * 2


print(double(4), double("ab"), MAX)
