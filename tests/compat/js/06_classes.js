// Classes: fields, private members, statics, inheritance, accessors.
class Animal {
  #secret = 'hidden';
  static count = 0;
  name;
  constructor(name) { this.name = name; Animal.count++; }
  speak() { return `${this.name} makes a sound`; }
  get secret() { return this.#secret.length; }
  static create(n) { return new this(n); }
  #privateMethod() { return 'private'; }
  callPrivate() { return this.#privateMethod(); }
  static { this.initialized = true; }
}
class Dog extends Animal {
  constructor(name, breed) { super(name); this.breed = breed; }
  speak() { return `${super.speak()} (woof)`; }
  toString() { return `Dog(${this.name})`; }
}
const d = new Dog('Rex', 'lab');
console.log(d.speak(), d.secret, d.callPrivate(), Animal.count, Animal.initialized);
console.log(d, d instanceof Animal, Object.getPrototypeOf(d) === Dog.prototype);
console.log(`${d}`, String(d), Dog.name, Dog.create('Pup').name, Animal.count);
console.log(Animal, Dog, typeof Dog, class {}, class Named {});
console.log(Object.getOwnPropertyNames(Dog.prototype), Animal.hasSecret ? 'no' : 'n/a');
class Point {
  constructor(x, y) { this.x = x; this.y = y; }
  static from([x, y]) { return new Point(x, y); }
  plus(o) { return new Point(this.x + o.x, this.y + o.y); }
}
console.log(Point.from([1, 2]).plus(new Point(3, 4)));
class Temp { static #c = 0; static inc() { return ++Temp.#c; } }
console.log(Temp.inc(), Temp.inc());
class Empty {}
console.log(new Empty(), [new Empty()], { e: new Empty() });
try { Dog(); } catch (e) { console.log(e instanceof TypeError); }
