// Small algorithms: sorting, recursion, string building.
function quicksort(a) {
  if (a.length <= 1) return a;
  const [p, ...rest] = a;
  return [...quicksort(rest.filter((x) => x < p)), p, ...quicksort(rest.filter((x) => x >= p))];
}
console.log(quicksort([5, 3, 8, 1, 9, 2, 7]));
function permutations(arr) {
  if (arr.length <= 1) return [arr];
  return arr.flatMap((x, i) => permutations([...arr.slice(0, i), ...arr.slice(i + 1)]).map((p) => [x, ...p]));
}
console.log(permutations([1, 2, 3]).map((p) => p.join('')).join(' '));
const sieve = (n) => { const is = Array(n + 1).fill(true); is[0] = is[1] = false; for (let i = 2; i * i <= n; i++) if (is[i]) for (let j = i * i; j <= n; j += i) is[j] = false; return is.reduce((acc, v, i) => (v ? [...acc, i] : acc), []); };
console.log(sieve(50));
const gcd = (a, b) => (b ? gcd(b, a % b) : a);
console.log(gcd(1071, 462), [12, 18, 24].reduce(gcd));
const binary = (arr, t) => { let lo = 0, hi = arr.length - 1; while (lo <= hi) { const mid = (lo + hi) >> 1; if (arr[mid] === t) return mid; if (arr[mid] < t) lo = mid + 1; else hi = mid - 1; } return -1; };
console.log(binary([1, 3, 5, 7, 9, 11], 7), binary([1, 3], 4));
const wordFreq = 'the quick brown fox jumps over the lazy dog the end'.split(' ').reduce((m, w) => ({ ...m, [w]: (m[w] || 0) + 1 }), {});
console.log(wordFreq);
const matrix = [[1, 2], [3, 4], [5, 6]];
console.log(matrix[0].map((_, c) => matrix.map((r) => r[c])));
let h = 0;
for (const ch of 'deterministic hash') h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
console.log(h, (h >>> 0).toString(16));
const fizz = Array.from({ length: 15 }, (_, i) => ((i + 1) % 15 === 0 ? 'FizzBuzz' : (i + 1) % 3 === 0 ? 'Fizz' : (i + 1) % 5 === 0 ? 'Buzz' : i + 1));
console.log(fizz);
let total = 0;
for (let i = 0; i < 1e6; i++) total += i % 7;
console.log(total);
