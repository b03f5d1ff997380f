// Names of the users in a page of results.
const assert = require("node:assert");

const PAGE = [{ name: "ada" }, { name: "alan" }, { name: "grace" }];

function userNames() {
  const names = [];
  for (let i = 0; i <= PAGE.length; i++) {
    names.push(PAGE[i].name);
  }
  assert.deepStrictEqual(names, ["ada", "alan", "grace"]);
  return names;
}
