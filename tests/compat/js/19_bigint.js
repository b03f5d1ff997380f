// BigInt arithmetic and formatting.
const big = 2n ** 100n;
console.log(big, big.toString(), typeof big, big.toString(16));
console.log(10n / 3n, -7n % 3n, 5n * -2n, 1n << 64n, (1n << 64n) - 1n);
console.log(BigInt(Number.MAX_SAFE_INTEGER) + 2n, BigInt('12345678901234567890'), BigInt.asUintN(8, 257n), BigInt.asIntN(8, 255n));
console.log(1n == 1, 1n === 1, 2n > 1, typeof (5n * 5n), [1n, 2n], { n: 3n });
let f = 1n;
for (let i = 1n; i <= 30n; i++) f *= i;
console.log('30! =', f);
try { 1n + 1; } catch (e) { console.log(e.name); }
console.log(Number(123n), parseInt('99999999999999999999'), BigInt(2 ** 53) + 1n);
console.log(0n ? 'truthy' : 'falsy', -0n, 10n ** 20n);
console.log(new BigInt64Array([1n, -1n]), new BigUint64Array([2n ** 64n - 1n]));
