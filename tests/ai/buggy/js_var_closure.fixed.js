// One handler per button, each remembering its index.
const assert = require("node:assert");

function buttonHandlers() {
  const handlers = [];
  for (let i = 0; i < 3; i++) {
    handlers.push(() => `button ${i}`);
  }
  const labels = handlers.map((handler) => handler());
  assert.deepStrictEqual(labels, ["button 0", "button 1", "button 2"]);
  return labels;
}
