// Proxy and Reflect.
const target = { a: 1, b: 2 };
const logged = [];
const p = new Proxy(target, {
  get(t, k, r) { logged.push(`get ${String(k)}`); return Reflect.get(t, k, r); },
  set(t, k, v, r) { logged.push(`set ${String(k)}=${v}`); return Reflect.set(t, k, v * 10, r); },
  has(t, k) { return k.startsWith('_') ? false : k in t; },
  deleteProperty(t, k) { logged.push(`delete ${String(k)}`); return Reflect.deleteProperty(t, k); },
  ownKeys(t) { return Reflect.ownKeys(t).filter((k) => k !== 'b'); },
});
p.c = 3;
console.log(p.a, p.c, 'a' in p, '_x' in p, Object.keys(p));
delete p.a;
console.log(logged.join(', '));
console.log(target);
const validator = new Proxy({}, { set(t, k, v) { if (typeof v !== 'number') throw new TypeError(`${k} must be a number`); t[k] = v; return true; } });
validator.age = 30;
try { validator.age = 'old'; } catch (e) { console.log(e.message); }
const defaults = new Proxy({}, { get: (t, k) => (k in t ? t[k] : `default:${String(k)}`) });
console.log(defaults.anything, defaults.other);
const fnProxy = new Proxy(function add(a, b) { return a + b; }, { apply: (t, thisArg, args) => t(...args) * 100 });
console.log(fnProxy(1, 2));
const { proxy, revoke } = Proxy.revocable({}, {});
revoke();
try { proxy.x; } catch (e) { console.log(e.name); }
console.log(Reflect.ownKeys({ b: 1, a: 2, 1: 0, [Symbol.for('s')]: 3 }));
console.log(Reflect.has({ x: 1 }, 'x'), Reflect.apply(Math.max, null, [1, 3, 2]), Reflect.construct(Date, [0]).getTime());
console.log(Reflect.getPrototypeOf([]) === Array.prototype, Reflect.defineProperty({}, 'x', { value: 1 }));
const arrProxy = new Proxy([1, 2, 3], {});
console.log(Array.isArray(arrProxy), arrProxy.length, arrProxy.map((x) => x * 2));
