// async/await ordering with microtasks.
const sleep = (ms, v) => new Promise((r) => setTimeout(() => r(v), ms));
async function worker(name, ms) {
  console.log('start', name);
  const v = await sleep(ms, name.toUpperCase());
  console.log('end', name, v);
  return v;
}
async function main() {
  console.log('main begins');
  const seq = [await worker('a', 20), await worker('b', 10)];
  console.log('sequential', seq);
  const par = await Promise.all([worker('c', 30), worker('d', 10)]);
  console.log('parallel', par);
  try {
    await (async () => { throw new RangeError('inner failure'); })();
  } catch (e) {
    console.log('caught', e.name, e.message);
  }
  for await (const x of (async function* () { yield 1; await sleep(5); yield 2; })()) console.log('for await', x);
  return 'main done';
}
main().then((r) => console.log(r));
console.log('after main() call');
(async () => {
  console.log('A');
  await null;
  console.log('C');
})();
console.log('B');
const thenable = { then(resolve) { resolve('thenable value'); } };
(async () => console.log(await thenable))();
