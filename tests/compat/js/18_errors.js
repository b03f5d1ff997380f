// Error handling: messages, types, causes, custom errors, finally.
class ValidationError extends Error {
  constructor(field, msg) { super(msg); this.name = 'ValidationError'; this.field = field; }
}
try { throw new ValidationError('age', 'must be positive'); } catch (e) {
  console.log(e.name, e.message, e.field, e instanceof ValidationError, e instanceof Error);
}
try { null.prop; } catch (e) { console.log(e.constructor.name); }
try { undefinedVariable; } catch (e) { console.log(e.name, e.message); }
try { (void 0)(); } catch (e) { console.log(e.name); }
try { new Array(-1); } catch (e) { console.log(e.name); }
try { decodeURIComponent('%'); } catch (e) { console.log(e.name); }
try { eval('let let = 1'); } catch (e) { console.log(e.name); }
const withCause = new Error('outer', { cause: new Error('inner') });
console.log(withCause.message, withCause.cause.message);
function tryFinally() { try { return 'try'; } finally { console.log('finally ran'); } }
console.log(tryFinally());
function nested() {
  try { try { throw new Error('first'); } finally { console.log('inner finally'); } } catch (e) { return 'caught ' + e.message; }
}
console.log(nested());
try { throw { code: 42 }; } catch ({ code }) { console.log('code', code); }
try { throw 'a string'; } catch (e) { console.log(typeof e, e); }
const agg = new AggregateError([new Error('a'), new TypeError('b')], 'many');
console.log(agg.name, agg.message, agg.errors.length, agg.errors[1].name);
console.log(String(new TypeError('msg')), new Error('x').toString(), Object.prototype.toString.call(new Error()));
console.log(typeof new Error().stack, 'stack' in new Error());
const e2 = new RangeError('r');
console.log(e2 instanceof RangeError, e2 instanceof Error, Object.getPrototypeOf(RangeError) === Error);
try { JSON.parse('{'); } catch (e) { console.log(e instanceof SyntaxError); }
