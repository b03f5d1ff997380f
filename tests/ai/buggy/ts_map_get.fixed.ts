// Members of each team, teams without members included.
import assert from "node:assert";

const MEMBERS = new Map<string, string[]>([["core", ["ana", "ben"]]]);
const TEAMS: string[] = ["core", "docs"];

function teamSizes(): Record<string, number> {
  const sizes: Record<string, number> = {};
  for (const team of TEAMS) {
    sizes[team] = (MEMBERS.get(team) ?? []).length;
  }
  assert.deepStrictEqual(sizes, { core: 2, docs: 0 });
  return sizes;
}
