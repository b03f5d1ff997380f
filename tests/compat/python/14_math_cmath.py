# math and cmath.
import cmath
import math

print(math.pi, math.e, math.tau, math.inf, math.isnan(math.nan))
print(math.sqrt(2), math.isqrt(99), round(math.pow(27, 1 / 3), 12))
print(math.factorial(20), math.comb(10, 3), math.perm(5, 2), math.gcd(84, 36), math.lcm(4, 6, 10))
print(math.floor(-2.5), math.ceil(-2.5), math.trunc(-2.5), math.fabs(-3), math.copysign(1, -0.0))
print(math.log(100, 10), math.log2(1024), math.log10(0.001), math.log1p(1e-10), math.exp(1))
print(round(math.sin(math.pi / 6), 12), math.cos(0), math.atan2(1, 1), math.degrees(math.pi))
print(math.hypot(3, 4), math.dist((0, 0), (6, 8)), math.fsum([0.1] * 10))
print(math.prod(range(1, 6)), math.isclose(0.1 + 0.2, 0.3), math.modf(3.75), math.frexp(8))
print(math.remainder(10, 3), math.fmod(-10, 3), math.ldexp(0.5, 4), math.nextafter(1, 2) > 1)
print(math.ulp(1.0), math.isfinite(1e308), math.isinf(1e308 * 10))
z = complex(3, 4)
print(abs(z), z.conjugate(), z.real, z.imag, z * 1j)
print(cmath.sqrt(-1), cmath.phase(-1), cmath.polar(1j), cmath.rect(1, 0))
print(cmath.exp(1j * math.pi).real, round(cmath.exp(1j * math.pi).imag, 12))
try:
    math.sqrt(-1)
except ValueError:
    print("ValueError")  # the message changed in Python 3.14
