// Accessors, defineProperty, and how console.log shows them.
const temp = {
  _c: 25,
  get f() { return this._c * 9 / 5 + 32; },
  set f(v) { this._c = (v - 32) * 5 / 9; },
  get readOnly() { return 'ro'; },
  set writeOnly(v) { this._w = v; },
};
console.log(temp.f, temp.readOnly);
temp.f = 212;
console.log(temp._c, temp);
class Circle {
  #r = 1;
  get radius() { return this.#r; }
  set radius(v) { if (v <= 0) throw new RangeError('radius must be positive'); this.#r = v; }
  get area() { return +(Math.PI * this.#r ** 2).toFixed(3); }
}
const c = new Circle();
c.radius = 2;
console.log(c.radius, c.area, c);
try { c.radius = -1; } catch (e) { console.log(e.name, e.message); }
const o = {};
Object.defineProperty(o, 'computed', { get: () => 42, enumerable: true });
Object.defineProperty(o, 'constant', { value: 'fixed', writable: false, enumerable: true });
o.constant = 'changed';
console.log(o.computed, o.constant, o);
'use strict';
const sealed = Object.seal({ a: 1 });
sealed.a = 2;
sealed.b = 3;
delete sealed.a;
console.log(sealed, Object.getOwnPropertyDescriptor(temp, 'f').get.name);
const lazy = {
  get value() { const v = 'computed once'; Object.defineProperty(this, 'value', { value: v }); return v; },
};
console.log(lazy.value, lazy.value, Object.getOwnPropertyDescriptor(lazy, 'value').writable);
