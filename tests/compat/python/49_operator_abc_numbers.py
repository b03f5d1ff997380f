# operator, abc and numbers.
import abc
import numbers
import operator
from fractions import Fraction
from decimal import Decimal

print(operator.add(2, 3), operator.mul("ab", 2), operator.neg(5), operator.truediv(7, 2), operator.floordiv(7, 2))
print(operator.itemgetter(1, 3)("abcd"), operator.attrgetter("real", "imag")(3 + 4j), operator.methodcaller("split", ",")("a,b"))
print(operator.contains([1, 2], 2), operator.is_(None, None), operator.not_(0), operator.concat([1], [2]))
print(sorted([("b", 2), ("a", 2), ("c", 1)], key=operator.itemgetter(1, 0)))
values = [1, 2, 3]
operator.setitem(values, 0, 10)
operator.iadd(values, [4])
print(values, operator.index(7), operator.length_hint(iter(range(5))))


class Shape(abc.ABC):
    @abc.abstractmethod
    def area(self):
        ...

    def describe(self):
        return f"{type(self).__name__} of area {self.area()}"


class Square(Shape):
    def __init__(self, side):
        self.side = side

    def area(self):
        return self.side ** 2


print(Square(3).describe(), isinstance(Square(1), Shape), Shape.__abstractmethods__)
try:
    Shape()
except TypeError:
    print("cannot instantiate an abstract class")


class Duck:
    def quack(self):
        return "quack"


class Quacker(abc.ABC):
    @classmethod
    def __subclasshook__(cls, other):
        return hasattr(other, "quack") or NotImplemented


Quacker.register(int)
print(isinstance(Duck(), Quacker), isinstance(3, Quacker), issubclass(str, Quacker))
for value in (3, 2.5, Fraction(1, 3), Decimal("1.5"), 1 + 2j, True):
    print(type(value).__name__, isinstance(value, numbers.Number), isinstance(value, numbers.Real),
          isinstance(value, numbers.Rational), isinstance(value, numbers.Integral))
