// JSON parse/stringify.
const data = { name: 'Ann', age: 30, tags: ['a', 'b'], nested: { ok: true, none: null }, skip: undefined, fn() {} };
console.log(JSON.stringify(data));
console.log(JSON.stringify(data, null, 2));
console.log(JSON.stringify(data, ['name', 'tags']));
console.log(JSON.stringify(data, (k, v) => (typeof v === 'number' ? v * 2 : v)));
console.log(JSON.stringify([undefined, function () {}, Symbol('s')]), JSON.stringify(undefined), JSON.stringify(null));
console.log(JSON.stringify({ date: new Date(0) }), JSON.stringify('he said "hi"\n'), JSON.stringify(NaN), JSON.stringify(-0));
console.log(JSON.stringify({ toJSON() { return { custom: true }; } }), JSON.stringify(new Map([[1, 2]])), JSON.stringify([new Set([1])]));
console.log(JSON.stringify({ a: [1, { b: 2 }] }, null, '--'));
console.log(JSON.parse('{"a":[1,2,{"b":null}],"c":"\\u0041"}'));
console.log(JSON.parse('[1, "2", true, null]'), JSON.parse('"str"'), JSON.parse('  42 '));
console.log(JSON.parse('{"date":"2020-01-01T00:00:00.000Z","n":1}', (k, v) => (k === 'date' ? new Date(v).getUTCFullYear() : v)));
for (const bad of ['{a:1}', "{'a':1}", '[1,]', '', 'undefined']) {
  try { JSON.parse(bad); console.log('parsed?', bad); } catch (e) { console.log(e.name); }
}
const circ = { a: 1 };
circ.self = circ;
try { JSON.stringify(circ); } catch (e) { console.log(e.name); }
try { JSON.stringify({ n: 1n }); } catch (e) { console.log(e.name); }
console.log(JSON.stringify({ emoji: '😀', ctrl: '\u0001', lone: '\ud800' }));
console.log(JSON.stringify({ b: 2, a: 1 }), JSON.stringify([[]], null, 4), JSON.stringify({}, null, 2));
