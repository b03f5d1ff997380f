// Assorted inspect shapes: getters, symbols as keys, class instances with accessors.
class Account {
  constructor() { this.owner = 'Ann'; this.balance = 10; }
  get formatted() { return `$${this.balance}`; }
}
console.log(new Account(), Object.getOwnPropertyNames(Account.prototype));
console.log({ [Symbol('id')]: 1, [Symbol.for('reg')]: 'r', plain: true });
console.log({ get onlyGet() { return 1; }, set onlySet(v) {}, get both() { return 1; }, set both(v) {} });
console.log([[]], [{}], [[[]]], { a: [[]] });
console.log([1, 'two', { three: 3 }, [4], null, undefined, true]);
console.log(new Array(3).fill({ same: 1 }));
console.log(Object.assign(Object.create(null), { x: 1 }));
class NullProtoChild extends null { constructor() { return Object.create(NullProtoChild.prototype); } }
console.log(typeof NullProtoChild);
const inst = new (class { constructor() { this.anon = true; } })();
console.log(inst);
console.log({ a: 'x'.repeat(100) });
console.log(['short', 'x'.repeat(75)]);
console.log({ k1: 'v'.repeat(15), k2: 'v'.repeat(15), k3: 'v'.repeat(15), k4: 'v'.repeat(4) });
console.log({ k1: 'v'.repeat(15), k2: 'v'.repeat(15), k3: 'v'.repeat(15), k4: 'v'.repeat(5) });
