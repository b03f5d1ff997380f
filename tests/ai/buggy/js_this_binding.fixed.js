// A click counter whose method is passed around as a callback.
const assert = require("node:assert");

class Counter {
  constructor() {
    this.count = 0;
  }
  increment() {
    this.count += 1;
  }
}

function countClicks() {
  const counter = new Counter();
  const onClick = counter.increment.bind(counter);
  [1, 2, 3].forEach(() => onClick());
  assert.strictEqual(counter.count, 3);
  return counter.count;
}
