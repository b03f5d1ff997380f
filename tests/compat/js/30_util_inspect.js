// require('util') for inspect, format, and friends.
const util = require('util');
console.log(util.inspect({ a: { b: { c: { d: {} } } } }, { depth: 0 }));
console.log(util.inspect({ a: { b: { c: { d: {} } } } }, { depth: Infinity }));
console.log(util.inspect('str'), util.inspect(5), util.inspect([1, 'a']));
console.log(util.inspect({ z: 1, a: 2 }, { sorted: true }));
console.log(util.inspect(Array.from({ length: 200 }, (_, i) => i), { maxArrayLength: 5 }));
console.log(util.inspect('x'.repeat(30), { maxStringLength: 10 }));
console.log(util.inspect({ a: 1, b: { c: 2 } }, { compact: false }));
console.log(util.inspect({ a: [1, 2, { b: 3 }] }, { breakLength: Infinity }));
console.log(util.format('%s=%d', 'x', 5), util.format('no args'), util.format(1, 2, '3'));
class Temp { constructor() { this.c = 21; } [util.inspect.custom]() { return `Temp<${this.c}°C>`; } }
console.log(new Temp(), [new Temp()], { t: new Temp() });
console.log(util.isDeepStrictEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }), util.isDeepStrictEqual([1], ['1']));
console.log(util.types.isDate(new Date()), util.types.isRegExp(/x/), util.types.isPromise(Promise.resolve()));
const sleep = util.promisify((ms, cb) => setTimeout(() => cb(null, `slept ${ms}`), ms));
sleep(5).then(console.log);
const failing = util.promisify((cb) => cb(new Error('cb error')));
failing().catch((e) => console.log('rejected:', e.message));
console.log(util.inspect(new Map([['k', { v: [1, 2] }]]), { depth: 0 }));
console.log(util.inspect({ get g() { return 1; } }, { getters: true }));
