# decimal: exact decimal arithmetic.
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation, getcontext, localcontext

print(Decimal("0.1") + Decimal("0.2"), Decimal(1) / Decimal(7))
print(Decimal("1.30") + Decimal("1.20"), Decimal("1.30") * Decimal("2"))
print(Decimal("2.675").quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), round(Decimal("2.675"), 2))
print(Decimal("7.999").quantize(Decimal("0.01"), rounding=ROUND_DOWN))
with localcontext() as ctx:
    ctx.prec = 50
    print(Decimal(2).sqrt())
    print(Decimal(1).exp())
print(getcontext().prec, Decimal("10").ln().quantize(Decimal("1e-10")))
print(Decimal(0.1), Decimal("1e3").normalize(), Decimal("100").normalize(), Decimal("-0"))
print(Decimal("3.14159").as_tuple(), Decimal("123.456").to_integral_value())
print(sum(Decimal("0.01") for _ in range(100)), Decimal("19.99") * 3)
print(Decimal("NaN").is_nan(), Decimal("Infinity") > 10**100, Decimal("5").compare(Decimal("3")))
print(f"{Decimal('1234.5678'):,.2f}", f"{Decimal('0.000123'):.2e}")
try:
    Decimal("abc")
except InvalidOperation:
    print("invalid operation")
print(Decimal(10) // Decimal(3), Decimal(-10) // Decimal(3), Decimal(-10) % Decimal(3))
