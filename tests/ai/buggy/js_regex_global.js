// Every order number mentioned in a support ticket.
const assert = require("node:assert");

const TICKET = "Orders #1042 and #1077 arrived, #1101 did not.";

function orderNumbers() {
  const numbers = (TICKET.match(/#(\d+)/) || []).map((m) => m.replace("#", ""));
  assert.deepStrictEqual(numbers, ["1042", "1077", "1101"]);
  return numbers;
}
