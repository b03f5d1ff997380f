// The user id from a login response.
const assert = require("node:assert");

const RESPONSE = '{"ok": true, "session": {"token": "abc", "user": {"id": 42}}}';

function loggedInUserId() {
  const body = JSON.parse(RESPONSE);
  const id = body.session.user.id;
  assert.strictEqual(id, 42);
  return id;
}
