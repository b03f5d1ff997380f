// Summing a cart loaded from an (asynchronous) store.
const assert = require("node:assert");

async function loadCart() {
  await Promise.resolve();
  return { items: [{ price: 4 }, { price: 6 }] };
}

async function cartTotal() {
  const cart = await loadCart();
  const total = cart.items.reduce((sum, item) => sum + item.price, 0);
  assert.strictEqual(total, 10);
  return total;
}
