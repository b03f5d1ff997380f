// require('events'): EventEmitter.
const EventEmitter = require('events');
class Store extends EventEmitter {}
const store = new Store();
store.on('change', (k, v) => console.log('change', k, v));
store.once('change', () => console.log('first change only'));
store.emit('change', 'a', 1);
store.emit('change', 'b', 2);
console.log(store.listenerCount('change'), store.eventNames());
const handler = () => console.log('should not print');
store.on('x', handler);
store.off('x', handler);
console.log(store.emit('x'), store.emit('change', 'c', 3));
try { store.emit('error', new Error('unhandled emitter error')); } catch (e) { console.log('threw', e.message); }
EventEmitter.once(store, 'ready').then(([v]) => console.log('ready with', v));
setTimeout(() => store.emit('ready', 'value'), 5);
