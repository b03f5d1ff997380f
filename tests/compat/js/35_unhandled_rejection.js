// An unhandled rejection ends the program with exit code 1 after the current tick.
console.log('start');
setTimeout(() => console.log('timer after rejection never runs'), 50);
async function boom() { await null; throw new Error('async failure'); }
boom();
Promise.resolve().then(() => console.log('microtasks still drain'));
