// Destructuring and spread.
const [a, , b = 5, ...rest] = [1, 2, undefined, 4, 5];
console.log(a, b, rest);
const { x, y: renamed, z = 'default', ...others } = { x: 1, y: 2, p: 3, q: 4 };
console.log(x, renamed, z, others);
const { deep: { inner: [first, { v }] } } = { deep: { inner: ['f', { v: 'nested' }] } };
console.log(first, v);
let m = 1, n = 2;
[m, n] = [n, m];
console.log(m, n);
function f({ name = 'anon', tags = [] } = {}, ...extra) { return `${name}:${tags.join('|')}:${extra.length}`; }
console.log(f(), f({ name: 'n', tags: ['a', 'b'] }, 1, 2));
console.log(Math.max(...[3, 9, 2]), [...'abc', ...[1, 2]], { ...[10, 20] });
const merged = { ...{ a: 1, b: 1 }, ...{ b: 2, c: 3 }, ...null, ...undefined };
console.log(merged);
for (const [k, val] of Object.entries({ one: 1, two: 2 })) console.log(k, val);
for (const { id, ...restObj } of [{ id: 1, a: 'x' }, { id: 2, b: 'y' }]) console.log(id, restObj);
const { length } = 'hello';
const [c0, c1] = 'hi';
console.log(length, c0, c1);
const map = new Map([['k1', 'v1']]);
for (const [key, value] of map) console.log(key, value);
const { [`comp${'uted'}`]: comp } = { computed: 'yes' };
console.log(comp);
