// Generators and iterators.
function* range(start, end, step = 1) { for (let i = start; i < end; i += step) yield i; }
console.log([...range(0, 5)], [...range(0, 10, 3)]);
function* fib() { let [a, b] = [0, 1]; for (;;) { yield a; [a, b] = [b, a + b]; } }
const first10 = [];
for (const n of fib()) { if (first10.length === 10) break; first10.push(n); }
console.log(first10);
function* twoWay() { const x = yield 1; console.log('got', x); const y = yield x * 2; return x + y; }
const g = twoWay();
console.log(g.next(), g.next(10), g.next(5), g.next());
function* delegating() { yield* [1, 2]; yield* range(3, 5); return 'done'; }
console.log([...delegating()]);
const it = { from: 1, to: 3, [Symbol.iterator]() { let c = this.from; const t = this.to; return { next: () => (c <= t ? { value: c++, done: false } : { value: undefined, done: true }) }; } };
console.log([...it], Array.from(it, (x) => x * 10));
function* withReturn() { try { yield 1; yield 2; } finally { console.log('cleanup'); } }
const wr = withReturn();
console.log(wr.next(), wr.return(99), wr.next());
const gen = range(0, 3);
console.log(typeof gen.next, gen[Symbol.iterator]() === gen, Object.prototype.toString.call(gen));
const entries = new Map([['a', 1], ['b', 2]]).entries();
console.log(entries.next().value, [...entries]);
function* thrower() { try { yield 1; } catch (e) { console.log('caught', e); yield 2; } }
const th = thrower();
console.log(th.next(), th.throw('boom'), th.next());
