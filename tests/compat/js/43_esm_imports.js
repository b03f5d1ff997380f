// An ES module importing node built-ins, with top-level await.
import { inspect, format } from 'node:util';
import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';

const emitter = new EventEmitter();
emitter.on('tick', (n) => console.log(format('tick %d', n)));
for (let i = 1; i <= 3; i++) {
  await sleep(5);
  emitter.emit('tick', i);
}
console.log(inspect({ module: true, meta: typeof import.meta }));
export const answer = 42;
