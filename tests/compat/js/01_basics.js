// Primitive values and arithmetic as console.log prints them.
console.log(1 + 1, 0.1 + 0.2, 7 / 2, 7 % 3, 2 ** 10, -7 % 3);
console.log(1 / 0, -1 / 0, 0 / 0, -0, 0);
console.log(Number.MAX_SAFE_INTEGER, Number.MIN_VALUE, 1e21, 1e-7, 123456789.123);
console.log(true, false, null, undefined);
console.log('a string', 'with "quotes"', "it's");
console.log(typeof 1, typeof 'x', typeof null, typeof undefined, typeof {}, typeof [], typeof (() => 1), typeof 1n, typeof Symbol());
console.log(parseInt('42px'), parseFloat('3.14abc'), Number('0x1f'), Number(''), Number('abc'));
console.log((255).toString(16), (255).toString(2), (3.14159).toFixed(2), (1234.5678).toPrecision(6), (1e21).toLocaleString === undefined);
console.log(Math.max(1, 5, 3), Math.min(), Math.round(2.5), Math.round(-2.5), Math.trunc(-4.7), Math.sign(-3), Math.hypot(3, 4), Math.cbrt(27));
console.log(0.1 * 3, 1 - 0.9, 100 / 3);
console.log(5 & 3, 5 | 3, 5 ^ 3, ~5, 1 << 10, -16 >> 2, -16 >>> 28);
console.log('5' * '2', '5' + 2, '5' - 2, true + 1, [] + {}, [1, 2] + '');
console.log(null == undefined, null === undefined, NaN === NaN, Object.is(NaN, NaN), Object.is(0, -0));
