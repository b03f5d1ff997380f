// Top-level await in a plain script.
const wait = (ms, v) => new Promise((resolve) => setTimeout(resolve, ms, v));
console.log('first');
const value = await wait(10, 'awaited value');
console.log(value);
const results = await Promise.all([wait(5, 1), wait(1, 2)]);
console.log(results);
for await (const x of [wait(3, 'a'), 'b']) console.log(x);
