// Promise combinators and ordering. Delays are far apart so that a loaded machine cannot
// reorder timers that are due close together.
const delay = (ms, v, fail) => new Promise((res, rej) => setTimeout(() => (fail ? rej(new Error(v)) : res(v)), ms));
Promise.all([delay(100, 'a'), delay(50, 'b'), 3]).then((v) => console.log('all', v));
Promise.all([delay(50, 'x'), delay(25, 'bad', true)]).catch((e) => console.log('all rejected', e.message));
Promise.race([delay(150, 'slow'), delay(75, 'fast')]).then((v) => console.log('race', v));
Promise.allSettled([delay(25, 'ok'), delay(40, 'nope', true)]).then((rs) => console.log('allSettled', rs.map((r) => r.status + ':' + (r.value ?? r.reason.message))));
Promise.any([delay(60, 'e1', true), delay(30, 'first ok'), delay(15, 'e2', true)]).then((v) => console.log('any', v));
Promise.any([Promise.reject(new Error('x')), Promise.reject(new Error('y'))]).catch((e) => console.log('any failed', e.constructor.name, e.errors.map((x) => x.message)));
Promise.resolve(1).then((v) => v + 1).then((v) => { throw new Error('step ' + v); }).catch((e) => e.message).finally(() => console.log('finally runs')).then((v) => console.log('chain', v));
const order = [];
Promise.resolve().then(() => order.push('p1')).then(() => order.push('p3'));
Promise.resolve().then(() => order.push('p2')).then(() => order.push('p4'));
queueMicrotask(() => order.push('qm'));
setTimeout(() => console.log('order', order.join(' ')), 0);
const { promise, resolve } = Promise.withResolvers ? Promise.withResolvers() : (() => { let r; const p = new Promise((x) => { r = x; }); return { promise: p, resolve: r }; })();
promise.then((v) => console.log('withResolvers', v));
resolve('resolved later');
console.log('sync end');
