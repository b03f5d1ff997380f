// The parts of `process` a sandboxed script can rely on.
console.log(typeof process.argv, Array.isArray(process.argv), typeof process.env, Object.keys(process.env).length >= 0);
process.stdout.write('written ');
process.stdout.write('without newline\n');
console.log(typeof process.nextTick, typeof process.exit, typeof process.hrtime.bigint());
const [s, ns] = process.hrtime();
console.log(Number.isInteger(s), Number.isInteger(ns), process.uptime() >= 0);
process.on('exit', (code) => console.log('exit event with code', code));
process.nextTick((a, b) => console.log('nextTick args', a, b), 1, 2);
console.log('end of script');
