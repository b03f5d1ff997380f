// ISO-like month labels for a report.
import assert from "node:assert";

function monthLabel(): string {
  const date = new Date(2024, 2, 15);
  const month = String(date.getMonth() + 1).padStart(2, "0");
  const label = `${date.getFullYear()}-${month}`;
  assert.strictEqual(label, "2024-03");
  return label;
}
