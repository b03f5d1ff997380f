// Loops, labels, switch, and control flow.
outer: for (let i = 0; i < 4; i++) {
  for (let j = 0; j < 4; j++) {
    if (j === 2) continue outer;
    if (i === 3) break outer;
    console.log(i, j);
  }
}
let n = 0;
do { n++; } while (n < 5);
console.log('do-while', n);
let w = 10;
while (true) { if (--w < 7) break; }
console.log('while', w);
block: { console.log('in block'); break block; }
for (const k in { a: 1, b: 2, c: 3 }) console.log('for-in', k);
for (const i in ['x', 'y']) console.log('index', typeof i, i);
function grade(score) {
  switch (true) {
    case score >= 90: return 'A';
    case score >= 80: return 'B';
    default: return 'C';
  }
}
console.log([95, 85, 40].map(grade));
function fallthrough(x) {
  const out = [];
  switch (x) { case 1: out.push(1); case 2: out.push(2); break; case 3: out.push(3); default: out.push('d'); }
  return out;
}
console.log(fallthrough(1), fallthrough(2), fallthrough(3), fallthrough(9));
let sum = 0;
for (let i = 0, j = 10; i < j; i += 2, j--) sum += i * j;
console.log('comma loop', sum);
const primes = [];
candidates: for (let c = 2; primes.length < 15; c++) {
  for (const p of primes) if (c % p === 0) continue candidates;
  primes.push(c);
}
console.log(primes);
