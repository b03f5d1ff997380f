// How console.log renders nested and long structures (node's util.inspect rules).
console.log({ a: { b: { c: { d: { e: 1 } } } } });
console.log([[[[1]]]], [[[[]]]], { arr: [[[['deep']]]] });
console.log({ aaaa: 'x'.repeat(30), bbbb: 'y'.repeat(30) });
console.log({ one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9 });
console.log(Array.from({ length: 26 }, (_, i) => String.fromCharCode(97 + i)));
console.log(Array.from({ length: 120 }, (_, i) => i));
console.log(Array.from({ length: 10 }, (_, i) => ({ id: i, name: `item${i}` })));
console.log([1.5, -2, 300, 4e10, 5, 6, 7, 8]);
console.log(['apple', 'banana', 'cherry', 'date', 'elderberry', 'fig', 'grape', 'honeydew']);
console.log({ list: [1, 2, 3], map: new Map([[1, { x: 1 }]]), set: new Set(['a']) });
console.log([{ a: 1, b: 2 }, { a: 3, b: 4 }]);
console.log({ text: 'line1\nline2', tab: 'a\tb', quote: "it's", both: `it's "x"`, back: '\\' });
console.log(['a'.repeat(80)]);
console.log({ long: 'word '.repeat(20) });
console.log([undefined, null, NaN, -0, 0, Infinity]);
console.log({ fn() {}, arrow: () => {}, named: function named() {}, anon: function () {} });
console.log(Array.from({ length: 7 }, (_, i) => 'x'.repeat(i)));
console.log({ matrix: [[1, 2, 3], [4, 5, 6], [7, 8, 9]] });
