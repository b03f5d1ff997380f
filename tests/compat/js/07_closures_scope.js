// Closures, hoisting, TDZ, IIFEs and `this`.
function counter() {
  let n = 0;
  return { inc: () => ++n, get: () => n };
}
const c1 = counter();
const c2 = counter();
c1.inc(); c1.inc(); c2.inc();
console.log(c1.get(), c2.get());
const fns = [];
for (let i = 0; i < 3; i++) fns.push(() => i);
console.log(fns.map((f) => f()));
var vfns = [];
for (var j = 0; j < 3; j++) vfns.push(() => j);
console.log(vfns.map((f) => f()));
console.log(typeof hoisted, hoisted2());
var hoisted = 1;
function hoisted2() { return 'function hoisted'; }
try { tdz; } catch (e) { console.log(e.name); }
let tdz = 1;
const memo = (fn) => { const cache = new Map(); return (x) => cache.has(x) ? cache.get(x) : (cache.set(x, fn(x)), cache.get(x)); };
const fib = memo((n) => (n < 2 ? n : fib(n - 1) + fib(n - 2)));
console.log(fib(50), fib(90));
const obj = { name: 'obj', regular() { return this.name; }, arrow: () => typeof this };
console.log(obj.regular(), obj.arrow());
const bound = obj.regular.bind({ name: 'bound' });
console.log(bound(), obj.regular.call({ name: 'called' }), obj.regular.apply({ name: 'applied' }, []));
console.log((function () { return typeof this; })(), (function () { 'use strict'; return typeof this; })());
const curry = (a) => (b) => (c) => a + b + c;
console.log(curry(1)(2)(3), ((...args) => args.length)(1, 2, 3), (function () { return arguments.length; })(1, 2));
function defaults(a, b = a * 2, { c = 3, d } = {}) { return [a, b, c, d]; }
console.log(defaults(1), defaults(1, 5, { d: 4 }), defaults.length);
