// Special objects in console.log: boxed primitives, errors without stacks, promises, etc.
console.log(new Number(3), new String('str'), new Boolean(false), Object(1n), [new Number(-0)]);
console.log(Promise.resolve(42), Promise.reject(new Error('x')).catch(() => {}) && 'handled', new Promise(() => {}));
const rejected = Promise.reject(7);
rejected.catch(() => {});
console.log(rejected);
console.log(Promise.resolve({ a: [1] }));
console.log(function () {}, () => {}, async () => {}, async function af() {}, function* gen() {}, async function* ag() {});
console.log(Math.max, [].map, Symbol, class extends Array {});
console.log(Object.assign(function withProps() {}, { extra: 1 }));
console.log([function inArray() {}], { method() {} });
function Legacy() { this.v = 1; }
console.log(new Legacy(), Object.create(Legacy.prototype));
console.log((function () { return arguments; })(1, 'two'));
console.log(globalThis === global, typeof globalThis);
const arr = [1, 2, 3];
arr.extra = 'prop';
console.log(arr, Object.assign([], { '-1': 'neg' }));
const sparse = [1, , 3];
sparse[10] = 'ten';
console.log(sparse, new Array(5), [, ,]);
console.log(new WeakRef({}).constructor.name, Object.prototype.toString.call(null));
console.log([Infinity, -Infinity, NaN], { n: -0 }, [0.1, 1e-7, 1e21, 2 ** 53]);
console.log(new (class Foo extends Map {})([[1, 2]]), new (class Bar extends Set {})(), new (class Baz extends Array {})(1, 2));
console.log({ 'key with \'quote\'': 1, "dq\"": 2, '': 3, 'ünï': 4 });
console.log(Object.create(Array.prototype), { constructor: 'not a function' });
