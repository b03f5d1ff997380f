// Quantities typed into a form arrive as strings.
const assert = require("node:assert");

const fields = [{ value: "2" }, { value: "3" }, { value: "5" }];

let quantity = 0;
for (const field of fields) {
  quantity += field.value;
}
assert.strictEqual(quantity, 10);
console.log(`quantity: ${quantity}`);
