// Array methods, including the newer ones.
const a = [5, 1, 4, 2, 3];
console.log(a.length, a.indexOf(4), a.includes(2), a.at(-1), a.at(0));
console.log([...a].sort(), [...a].sort((x, y) => y - x), a.toSorted(), a);
console.log(a.toReversed(), a.with(0, 50), a.toSpliced(1, 2, 'x'));
console.log(a.map((x) => x * 2), a.filter((x) => x % 2), a.reduce((s, x) => s + x, 0), a.reduceRight((s, x) => s + x, ''));
console.log(a.find((x) => x > 3), a.findIndex((x) => x > 3), a.findLast((x) => x > 3), a.findLastIndex((x) => x > 3));
console.log(a.some((x) => x > 4), a.every((x) => x > 0), a.join('-'), a.slice(1, 3));
console.log([1, [2, [3, [4, [5]]]]].flat(), [1, [2, [3, [4]]]].flat(Infinity), [1, 2].flatMap((x) => [x, x * 10]));
console.log(Array.from({ length: 5 }, (_, i) => i * i), Array.of(7, 8), new Array(3).fill(0), Array(3));
const b = [1, 2, 3, 4, 5];
console.log(b.splice(1, 2), b, b.concat([6], 7), b.reverse(), b);
console.log([3, 1, 2].keys().next(), [...['a', 'b'].entries()], [...['a', 'b'].values()]);
console.log([1, 2, 3].copyWithin(0, 1), [1, 2, 3].lastIndexOf(3), [NaN].includes(NaN), [NaN].indexOf(NaN));
console.log(Array.isArray([]), Array.isArray({ length: 0 }), [, 1, , 2], [undefined, null]);
console.log(['b', 'a', 'C'].sort(), [10, 9, 1, 100].sort(), ['x', 'y'].entries().toString());
const people = [{ name: 'Ann', age: 30 }, { name: 'Bob', age: 25 }, { name: 'Cid', age: 30 }];
console.log(people.toSorted((p, q) => p.age - q.age).map((p) => p.name));
