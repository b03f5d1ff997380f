# fractions: exact rational arithmetic.
from fractions import Fraction

a = Fraction(3, 4)
b = Fraction("2/3")
print(a + b, a - b, a * b, a / b, a ** 2, -a, abs(-b))
print(Fraction(0.75), Fraction("1.25"), Fraction(10, -4), Fraction(3.1415926).limit_denominator(1000))
print(a.numerator, a.denominator, float(a), int(Fraction(7, 2)), round(Fraction(7, 2)))
print(sum(Fraction(1, n) for n in range(1, 11)))
print(Fraction(1, 3) == 1 / 3, Fraction(1, 2) == 0.5, Fraction(5, 10) == Fraction(1, 2))
print(sorted([Fraction(1, 3), Fraction(1, 4), Fraction(2, 5)]), max(Fraction(7, 8), 0.8))
print(Fraction(1, 3).as_integer_ratio(), repr(Fraction(6, 8)), str(Fraction(6, 3)))
print(Fraction(22, 7) // 1, Fraction(22, 7) % 1, divmod(Fraction(22, 7), Fraction(1, 2)))
