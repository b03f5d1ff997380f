// Symbols and well-known symbols.
const s1 = Symbol('desc');
const s2 = Symbol('desc');
console.log(s1 === s2, s1.toString(), s1.description, Symbol().description, typeof s1);
console.log(Symbol.for('app') === Symbol.for('app'), Symbol.keyFor(Symbol.for('app')), Symbol.keyFor(s1));
const obj = { [s1]: 'symbol value', regular: 1 };
console.log(obj, Object.keys(obj), Object.getOwnPropertySymbols(obj).length, obj[s1]);
console.log(JSON.stringify(obj));
class Money {
  constructor(v) { this.v = v; }
  [Symbol.toPrimitive](hint) { return hint === 'number' ? this.v : `$${this.v}`; }
  get [Symbol.toStringTag]() { return 'Money'; }
}
const m = new Money(5);
console.log(+m, `${m}`, m + '', Object.prototype.toString.call(m));
class Evens { static [Symbol.hasInstance](n) { return n % 2 === 0; } }
console.log(2 instanceof Evens, 3 instanceof Evens);
const collection = { items: ['a', 'b'], *[Symbol.iterator]() { yield* this.items; } };
console.log([...collection]);
console.log([Symbol('in array')], { s: Symbol.iterator }, Symbol.asyncIterator);
const re = { [Symbol.split](str) { return str.split('').reverse(); } };
console.log('abc'.split(re));
console.log(Object(Symbol('boxed')) instanceof Symbol, typeof Object(Symbol('boxed')));
