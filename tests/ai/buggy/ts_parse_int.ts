// Version parts of a semver string.
import assert from "node:assert";

const VERSION: string = "10.08.3";

function versionParts(): number[] {
  const parts: number[] = VERSION.split(".").map(parseInt);
  assert.deepStrictEqual(parts, [10, 8, 3]);
  return parts;
}
