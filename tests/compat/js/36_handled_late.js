// A rejection handled within the same tick is not unhandled.
const p = Promise.reject(new Error('handled soon'));
Promise.resolve().then(() => {
  p.catch((e) => console.log('caught:', e.message));
});
const q = Promise.reject(new Error('caught directly'));
q.catch((e) => console.log('caught:', e.message)).finally(() => console.log('done'));
