// Which requested features the plan includes.
const assert = require("node:assert");

const PLAN = ["export", "sharing", "history"];
const REQUESTED = ["export", "sso", "history"];

function includedFeatures() {
  const included = REQUESTED.filter((feature) => PLAN.indexOf(feature) > 0);
  assert.deepStrictEqual(included, ["export", "history"]);
  return included;
}
