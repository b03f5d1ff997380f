// Many value shapes through console.log and util.inspect (depth, compact, breakLength).
const util = require('util');
const vals = [
  { a: 'x'.repeat(60) }, ['a'.repeat(20), 'b'.repeat(20), 'c'.repeat(20), 'd'.repeat(20)],
  Array.from({length: 12}, (_, i) => 'item' + i), Array.from({length: 40}, (_, i) => i % 3 ? i : -i * 1000),
  Array.from({length: 7}, (_, i) => ({ i })), [1.25, 'mixed', null, undefined, true, 3n, Symbol('s')],
  { nested: { arr: [[1, 2], [3, 4]], map: new Map([['k', new Set([1, 2])]]) } },
  new Map(Array.from({length: 10}, (_, i) => [i, 'v' + i])), new Set(Array.from({length: 30}, (_, i) => i)),
  'multi\nline\nstring that is rather long and goes on and on and on and on and on and on',
  { s: 'multi\nline\nstring that is rather long and goes on and on and on and on and on and on' },
  [[]], [{}], {a: {b: {c: {}}}}, {a: {b: {c: []}}}, {a: {b: {c: [1]}}},
  Object.assign(Object.create(null), {x: [1, {y: 2}]}),
  [new Date(0), /re/g, new Error('e').message, Math, JSON, globalThis.Reflect === undefined],
  { 'a-b': 1, 'c d': 2, e_f: 3, '4g': 4, h5: 5, "it's": 6 },
  Array.from({length: 101}, (_, i) => i), 'a'.repeat(10001).length,
  [['a', 1], ['b', 2]], { fn: function () {}, cls: class Foo {}, af: async () => {} },
  new Array(5).fill().map((_, i) => 'x'.repeat(i * 3)), [-0, 0, +0.5, -1e-7, 1e21, 123456789012345680000],
  { [Symbol.iterator]: 1, [Symbol('x')]: 2 }, Object.freeze({ f: 1 }), [undefined, , null],
  new Uint8Array(200), new Float64Array([1.5, -2.25, NaN]), new ArrayBuffer(3), new DataView(new ArrayBuffer(2)),
  [1, 2, 3].keys(), new Map([[{a: 1}, [1]]]), { date: new Date(Date.UTC(2020, 0, 1)) },
  Array.from({length: 26}, (_, i) => String.fromCharCode(65 + i).repeat(i % 5 + 1)),
  { longkey_aaaaaaaaaaaaaaaaaaaaaaa: 1, longkey_bbbbbbbbbbbbbbbbbbbbbbbbb: 2, longkey_cccccccccccccc: 3 },
  [{ name: 'Alice', email: 'alice@example.com', roles: ['admin', 'user'] }, { name: 'Bob', email: 'bob@example.com', roles: [] }],
  'string with \'single\' and "double"', ['it\'s', 'say "hi"', `both ' and " and \``], '\x01\x7f\u0085\ud800',
  new Boolean(true), new String('ab'), Object(Symbol('q')), [new Number(1)], { n: new Number(2) },
];
for (const v of vals) { console.log(v); console.log(util.inspect(v, { depth: 0 })); console.log(util.inspect(v, { compact: false, breakLength: 40 })); }
