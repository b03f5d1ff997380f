// Timer ordering: delays, nesting, intervals, immediates, nextTick, clearing.
// Delays are far apart so that a loaded machine cannot reorder them.
const log = [];
const out = (s) => { log.push(s); };
setTimeout(() => out('t300'), 300);
setTimeout(() => out('t20'), 20);
setTimeout(() => out('t20b'), 20);
const cancelled = setTimeout(() => out('never'), 5);
clearTimeout(cancelled);
let ticks = 0;
const iv = setInterval(() => {
  out(`interval ${++ticks}`);
  if (ticks === 3) clearInterval(iv);
}, 60);
setTimeout(() => {
  out('outer');
  setTimeout(() => out('nested timeout'), 0);
  setImmediate(() => out('immediate from timer'));
  process.nextTick(() => out('tick from timer'));
  Promise.resolve().then(() => out('micro from timer'));
}, 400);
process.nextTick(() => out('tick'));
Promise.resolve().then(() => out('micro'));
setTimeout((a, b) => out(`args ${a} ${b}`), 40, 'x', 'y');
setTimeout(() => console.log(log.join('\n')), 600);
const t = setTimeout(() => {}, 1);
console.log(typeof t.ref, typeof t.unref, t.hasRef());
