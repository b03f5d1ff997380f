# Arbitrary-precision integers.
import math

n = 2 ** 521 - 1
print(n)
print(len(str(math.factorial(500))), math.factorial(30), str(3 ** 1000)[:30])
print(n.bit_length(), (n + 1).bit_count() if hasattr(int, "bit_count") else 1, n % 1000007)
print(pow(3, 10 ** 18, 10 ** 9 + 7), pow(17, -1, 3120), pow(2, 100))
print(divmod(10 ** 40 + 7, 12345678901), (10 ** 30) // 7, -(10 ** 30) // 7)
print(math.isqrt(10 ** 50), math.gcd(2 ** 100 - 1, 2 ** 60 - 1), math.comb(100, 50))
print(int.from_bytes(b"\x01\x00\x00\x00\x00\x00\x00\x00\x00", "big"), (2 ** 70).to_bytes(9, "little").hex())
print(hex(2 ** 100), bin(2 ** 20 + 1), int("9" * 60) + 1)
print(f"{10 ** 25:,}", f"{2 ** 64:_x}", f"{-12345678901234567890:+,}")
fib = [0, 1]
for _ in range(300):
    fib.append(fib[-1] + fib[-2])
print(fib[300])
print((-7) >> 1, (-7) & 0xFF, ~5, 1 << 100, (2 ** 100) ^ (2 ** 99), -(2 ** 65) % 10)
print(sum(range(10 ** 6)), 10 ** 18 * 10 ** 18 == 10 ** 36, float(2 ** 80), 2 ** 80 / 3)


def is_prime(m):
    if m < 2:
        return False
    for p in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37):
        if m % p == 0:
            return m == p
    d, s = m - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    for a in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37):
        x = pow(a, d, m)
        if x in (1, m - 1):
            continue
        for _ in range(s - 1):
            x = pow(x, 2, m)
            if x == m - 1:
                break
        else:
            return False
    return True


print(is_prime(n), is_prime(2 ** 127 - 1), is_prime(2 ** 128 + 1), [p for p in range(50) if is_prime(p)])
