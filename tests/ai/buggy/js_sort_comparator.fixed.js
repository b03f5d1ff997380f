// The leaderboard, highest score first.
const assert = require("node:assert");

const SCORES = [100, 25, 9, 1000, 42];

function leaderboard() {
  const ranked = [...SCORES].sort((a, b) => b - a);
  assert.deepStrictEqual(ranked, [1000, 100, 42, 25, 9]);
  return ranked;
}
