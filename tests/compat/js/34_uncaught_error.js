// An uncaught error: output so far is kept, exit code 1.
console.log('before the error');
function fail(n) {
  if (n === 0) throw new TypeError('deliberate failure');
  return fail(n - 1);
}
setTimeout(() => console.log('never printed'), 10);
fail(3);
console.log('not reached');
