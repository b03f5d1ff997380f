// Deep recursion raises a catchable RangeError.
function recurse(n) { return recurse(n + 1) + 1; }
try {
  recurse(0);
} catch (e) {
  console.log('caught', e instanceof RangeError, e.message.includes('call stack') || e.message.includes('stack overflow'));
}
function depth(n) { return n === 0 ? 0 : 1 + depth(n - 1); }
console.log('depth 500 ok:', depth(500));
