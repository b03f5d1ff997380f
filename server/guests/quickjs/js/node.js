// node's `process`, `require()` with util/assert/events/timers, and EventEmitter.
// Loaded on first use of one of those globals.
'use strict';
(function (S) {
  const { native, G, write } = S;
  const { nextTick, setTimeout, setInterval, setImmediate, clearTimeout, clearImmediate, validateCallback } = S.load('timers');
  const ObjectProto = Object.prototype;
  const hasOwn = (o, k) => ObjectProto.hasOwnProperty.call(o, k);
  const toStr = (v) => ObjectProto.toString.call(v);
  const isEnumerableOwn = (o, k) => ObjectProto.propertyIsEnumerable.call(o, k);
  const defineHidden = S.defineHidden;
  const {
    inspect, format, formatWithOptions, describeReceived, getKeys, isDate, isRegExp, isMap, isSet,
    isPromise, isTypedArray, isWeakMap, isWeakSet, isError, isArrayBuffer, boxedKind, dateGetTime,
    AsyncFunctionProto, GeneratorFunctionProto, AsyncGeneratorFunctionProto,
  } = S.load('inspect');
  const lazyWeb = (name) => (...args) => new (S.load('web')[name])(...args);
  const TextEncoder = function TextEncoder() { return lazyWeb('TextEncoder')(); };
  const TextDecoder = function TextDecoder(...a) { return lazyWeb('TextDecoder')(...a); };
  const consoleObj = G.console;
  // ---------------------------------------------------------------------------------------
  // EventEmitter (small but faithful), used by `process` and `require('events')`.
  // ---------------------------------------------------------------------------------------
  class EventEmitter {
    constructor() { defineHidden(this, '_events', new Map()); this._maxListeners = undefined; }
    _list(name) {
      if (!hasOwn(this, '_events')) defineHidden(this, '_events', new Map());
      let l = this._events.get(name);
      if (!l) { l = []; this._events.set(name, l); }
      return l;
    }
    on(name, listener) { validateCallback(listener); this.emit('newListener', name, listener); this._list(name).push({ listener, once: false }); return this; }
    addListener(name, listener) { return this.on(name, listener); }
    prependListener(name, listener) { validateCallback(listener); this._list(name).unshift({ listener, once: false }); return this; }
    once(name, listener) { validateCallback(listener); this._list(name).push({ listener, once: true }); return this; }
    prependOnceListener(name, listener) { validateCallback(listener); this._list(name).unshift({ listener, once: true }); return this; }
    off(name, listener) {
      const l = this._list(name);
      for (let i = l.length - 1; i >= 0; i--) {
        if (l[i].listener === listener) { l.splice(i, 1); this.emit('removeListener', name, listener); break; }
      }
      return this;
    }
    removeListener(name, listener) { return this.off(name, listener); }
    removeAllListeners(name) {
      if (name === undefined) this._events.clear(); else this._events.delete(name);
      return this;
    }
    emit(name, ...args) {
      if (!hasOwn(this, '_events')) return false;
      const l = this._events.get(name);
      if (!l || l.length === 0) {
        if (name === 'error') {
          const err = args[0];
          if (err instanceof Error) throw err;
          const e = new Error(`Unhandled error. (${inspect(err)})`);
          e.code = 'ERR_UNHANDLED_ERROR';
          e.context = err;
          throw e;
        }
        return false;
      }
      for (const entry of [...l]) {
        if (entry.once) {
          const i = l.indexOf(entry);
          if (i !== -1) l.splice(i, 1);
        }
        entry.listener.apply(this, args);
      }
      return true;
    }
    listenerCount(name) { return hasOwn(this, '_events') && this._events.has(name) ? this._events.get(name).length : 0; }
    listeners(name) { return hasOwn(this, '_events') && this._events.has(name) ? this._events.get(name).map((e) => e.listener) : []; }
    rawListeners(name) { return this.listeners(name); }
    eventNames() { return hasOwn(this, '_events') ? [...this._events.keys()].filter((k) => this._events.get(k).length) : []; }
    setMaxListeners(n) { this._maxListeners = n; return this; }
    getMaxListeners() { return this._maxListeners === undefined ? EventEmitter.defaultMaxListeners : this._maxListeners; }
  }
  EventEmitter.defaultMaxListeners = 10;
  EventEmitter.EventEmitter = EventEmitter;
  EventEmitter.once = (emitter, name) => new Promise((resolve, reject) => {
    const onError = (err) => { emitter.off(name, onEvent); reject(err); };
    const onEvent = (...args) => { if (name !== 'error') emitter.off('error', onError); resolve(args); };
    emitter.once(name, onEvent);
    if (name !== 'error') emitter.once('error', onError);
  });
  // ---------------------------------------------------------------------------------------
  // process
  // ---------------------------------------------------------------------------------------
  let exitCode;
  let exiting = false;
  const process = new EventEmitter();
  const startMs = S.startMs;
  function makeStream(fd) {
    const s = new EventEmitter();
    s.write = (chunk, encoding, cb) => {
      if (typeof encoding === 'function') cb = encoding;
      if (typeof chunk === 'string') write(fd, chunk);
      else if (chunk instanceof Uint8Array) write(fd, new (S.load('web').TextDecoder)().decode(chunk));
      else {
        const err = new TypeError(`The "chunk" argument must be of type string or an instance of Buffer or Uint8Array. Received ${describeReceived(chunk)}`);
        err.code = 'ERR_INVALID_ARG_TYPE';
        throw err;
      }
      if (typeof cb === 'function') nextTick(cb);
      return true;
    };
    s.end = (chunk) => { if (chunk !== undefined) s.write(chunk); };
    s.isTTY = false;
    s.fd = fd;
    s.columns = 80;
    return s;
  }
  Object.assign(process, {
    argv: ['/usr/local/bin/node', '/snippet.js'],
    argv0: 'node',
    execArgv: [],
    execPath: '/usr/local/bin/node',
    env: native.env(),
    platform: 'wasi',
    arch: 'wasm32',
    pid: 1,
    ppid: 0,
    title: 'node',
    version: 'v20.0.0',
    versions: { node: '20.0.0', quickjs: 'ng' },
    release: { name: 'node' },
    features: {},
    config: { variables: {} },
    stdout: makeStream(1),
    stderr: makeStream(2),
    nextTick,
    cwd: () => '/',
    chdir: () => { throw new Error('process.chdir() is not supported in the sandbox'); },
    uptime: () => (native.now() - startMs) / 1000,
    hrtime: Object.assign((prev) => {
      const ns = BigInt(Math.round(native.now() * 1e6));
      let sec = Number(ns / 1000000000n);
      let nsec = Number(ns % 1000000000n);
      if (prev) {
        sec -= prev[0];
        nsec -= prev[1];
        if (nsec < 0) { sec--; nsec += 1e9; }
      }
      return [sec, nsec];
    }, { bigint: () => BigInt(Math.round(native.now() * 1e6)) }),
    memoryUsage: Object.assign(() => ({ rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 }), { rss: () => 0 }),
    cpuUsage: () => ({ user: 0, system: 0 }),
    emitWarning: (warning, type = 'Warning') => {
      const text = typeof warning === 'string' ? `${type}: ${warning}` : `${warning.name}: ${warning.message}`;
      write(2, `(node:1) ${text}\n`);
    },
    exit(code) {
      if (code !== undefined) process.exitCode = code;
      if (!exiting) {
        exiting = true;
        process.emit('exit', process.exitCode ?? 0);
      }
      native.exit(Number(process.exitCode ?? 0) | 0);
    },
    abort() { native.exit(134); },
    kill() { throw new Error('process.kill() is not supported in the sandbox'); },
  });
  Object.defineProperty(process, 'exitCode', {
    get() { return exitCode; },
    set(v) {
      if (v !== undefined && v !== null && !Number.isInteger(Number(v))) {
        const err = new TypeError(`The "code" argument must be of type number. Received ${describeReceived(v)}`);
        err.code = 'ERR_INVALID_ARG_TYPE';
        throw err;
      }
      exitCode = v === null || v === undefined ? v : Number(v);
    },
    enumerable: true,
    configurable: false,
  });
  defineHidden(process, Symbol.toStringTag, 'process');
  // ---------------------------------------------------------------------------------------
  // require() for the few built-in modules a sandboxed script can use.
  // ---------------------------------------------------------------------------------------
  function isDeepStrictEqual(a, b, memo = new Map()) {
    if (Object.is(a, b)) return true;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
    if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
    if (memo.get(a) === b) return true;
    memo.set(a, b);
    if (isDate(a)) return dateGetTime.call(a) === dateGetTime.call(b);
    if (isRegExp(a)) return String(a) === String(b) && a.lastIndex === b.lastIndex;
    if (isError(a) && (a.message !== b.message || a.name !== b.name)) return false;
    const boxedA = boxedKind(a);
    if (boxedA !== undefined) {
      const boxedB = boxedKind(b);
      if (!boxedB || !Object.is(boxedA[1], boxedB[1])) return false;
    }
    if (Array.isArray(a) && a.length !== b.length) return false;
    if (isTypedArray(a)) {
      if (a.length !== b.length) return false;
      for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
    }
    if (isMap(a)) {
      if (a.size !== b.size) return false;
      for (const [k, v] of a) if (!b.has(k) || !isDeepStrictEqual(v, b.get(k), memo)) return false;
    }
    if (isSet(a)) {
      if (a.size !== b.size) return false;
      outer: for (const v of a) {
        if (b.has(v)) continue;
        if (typeof v === 'object' && v !== null) {
          for (const w of b) if (isDeepStrictEqual(v, w, memo)) continue outer;
        }
        return false;
      }
    }
    const ka = getKeys(a, false);
    const kb = getKeys(b, false);
    if (ka.length !== kb.length) return false;
    for (const k of ka) {
      if (!ObjectProto.propertyIsEnumerable.call(b, k)) return false;
      if (!isDeepStrictEqual(a[k], b[k], memo)) return false;
    }
    return true;
  }
  function isDeepLooseEqual(a, b) {
    // eslint-disable-next-line eqeqeq
    if (a == b) return true;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => hasOwn(b, k) && isDeepLooseEqual(a[k], b[k]));
  }

  class AssertionError extends Error {
    constructor(options) {
      super(options.message);
      this.generatedMessage = !options.userMessage;
      this.code = 'ERR_ASSERTION';
      this.actual = options.actual;
      this.expected = options.expected;
      this.operator = options.operator;
    }
  }
  Object.defineProperty(AssertionError.prototype, 'name', { value: 'AssertionError', writable: true, configurable: true });

  // "+ actual - expected" line diff of two inspected values, as node prints deep-equal failures.
  function diffLines(actual, expected) {
    const a = inspect(actual, { depth: 1000, compact: false, sorted: true, breakLength: Infinity }).split('\n');
    const b = inspect(expected, { depth: 1000, compact: false, sorted: true, breakLength: Infinity }).split('\n');
    if (a.length * b.length > 40000) return `${a.join('\n')}\n\nshould equal\n\n${b.join('\n')}`;
    const lcs = Array.from({ length: a.length + 1 }, () => new Array(b.length + 1).fill(0));
    for (let i = a.length - 1; i >= 0; i--) {
      for (let j = b.length - 1; j >= 0; j--) {
        lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    const out = ['+ actual - expected', ''];
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
      if (i < a.length && j < b.length && a[i] === b[j]) { out.push(`  ${a[i]}`); i++; j++; }
      else if (i < a.length && (j >= b.length || lcs[i + 1][j] >= lcs[i][j + 1])) { out.push(`+ ${a[i]}`); i++; }
      else { out.push(`- ${b[j]}`); j++; }
    }
    return out.join('\n');
  }

  function fail(actual, expected, message, operator, defaultMessage, generated = message === undefined) {
    if (message instanceof Error) throw message;
    throw new AssertionError({ message: message ?? defaultMessage, actual, expected, operator, userMessage: !generated });
  }
  // How node shows a value on its own in a message: multi-line for objects.
  const block = (v) => inspect(v, { depth: 1000, compact: false, sorted: true, breakLength: Infinity });
  const isPrimitive = (v) => (typeof v !== 'object' && typeof v !== 'function') || v === null;
  class Comparison {}
  const errorName = (e) => (typeof e === 'function' ? e.name : undefined);

  // How `throws`/`rejects` check the error against `expected`: a class, a RegExp, a validation
  // function, or an object whose properties must deep-equal the error's.
  function checkExpected(err, expected, message, operator) {
    if (expected === undefined) return;
    if (typeof expected === 'function') {
      if (expected.prototype !== undefined && err instanceof expected) return;
      if (Error.isPrototypeOf(expected) || expected === Error) throw err;
      if (expected.prototype !== undefined && expected.prototype.constructor === expected && /^class\s/.test(Function.prototype.toString.call(expected))) throw err;
      if (expected.call({}, err) === true) return;
      fail(err, expected, message, operator, `The ${expected.name ? `"${expected.name}" ` : ''}validation function is expected to return "true". Received false\n\nCaught error:\n\n${inspect(err)}`);
    }
    if (isRegExp(expected)) {
      if (expected.test(String(err))) return;
      fail(err, expected, message, operator, `The input did not match the regular expression ${inspect(expected)}. Input:\n\n${inspect(String(err))}\n`);
    }
    if (typeof expected === 'object' && expected !== null) {
      for (const key of Object.keys(expected)) {
        const want = expected[key];
        const got = err == null ? undefined : err[key];
        const ok = isRegExp(want) && typeof got === 'string' ? want.test(got) : isDeepStrictEqual(got, want);
        if (!ok) {
          const a = Object.assign(new Comparison(), { [key]: got });
          const b = Object.assign(new Comparison(), { [key]: want });
          fail(err, expected, message, operator, `Expected values to be strictly deep-equal:\n${diffLines(a, b)}`);
        }
      }
    }
  }

  function makeAssert(strict) {
    const ok = (...args) => {
      const [value, message] = args;
      if (!value) {
        fail(value, true, message, '==', args.length === 0
          ? 'No value argument passed to `assert.ok()`'
          : `The expression evaluated to a falsy value:\n\n  assert.ok(${inspect(value)})\n`);
      }
    };
    const looseEqual = (a, b, message) => { if (!(a == b || (a !== a && b !== b))) fail(a, b, message, '==', `${inspect(a)} == ${inspect(b)}`); };
    const looseNotEqual = (a, b, message) => { if (a == b || (a !== a && b !== b)) fail(a, b, message, '!=', `${inspect(a)} != ${inspect(b)}`); };
    const strictEqual = (a, b, message) => {
      if (Object.is(a, b)) return;
      const simple = isPrimitive(a) && isPrimitive(b);
      if (simple && typeof message === 'string') {
        fail(a, b, `${message}\n\n${inspect(a)} !== ${inspect(b)}\n`, 'strictEqual', undefined, false);
      }
      fail(a, b, message, 'strictEqual', simple
        ? `Expected values to be strictly equal:\n\n${inspect(a)} !== ${inspect(b)}\n`
        : `Expected values to be strictly equal:\n${diffLines(a, b)}`);
    };
    const notStrictEqual = (a, b, message) => { if (Object.is(a, b)) fail(a, b, message, 'notStrictEqual', `Expected "actual" to be strictly unequal to: ${inspect(b)}`); };
    const deepEqual = (a, b, message) => { if (!isDeepLooseEqual(a, b)) fail(a, b, message, 'deepEqual', `Expected values to be loosely deep-equal:\n\n${inspect(a)}\n\nshould loosely deep-equal\n\n${inspect(b)}`); };
    const notDeepEqual = (a, b, message) => { if (isDeepLooseEqual(a, b)) fail(a, b, message, 'notDeepEqual', `"actual" deepEqual "expected"`); };
    const deepStrictEqual = (a, b, message) => { if (!isDeepStrictEqual(a, b)) fail(a, b, message, 'deepStrictEqual', `Expected values to be strictly deep-equal:\n${diffLines(a, b)}`); };
    const notDeepStrictEqual = (a, b, message) => {
      if (isDeepStrictEqual(a, b)) {
        fail(a, b, message, 'notDeepStrictEqual', isPrimitive(b)
          ? `Expected "actual" not to be strictly deep-equal to: ${inspect(b)}`
          : `Expected "actual" not to be strictly deep-equal to:\n\n${block(b)}\n`);
      }
    };
    const assert = function assert(...args) { return ok(...args); };
    Object.assign(assert, {
      ok,
      equal: strict ? strictEqual : looseEqual,
      notEqual: strict ? notStrictEqual : looseNotEqual,
      strictEqual, notStrictEqual,
      deepEqual: strict ? deepStrictEqual : deepEqual,
      notDeepEqual: strict ? notDeepStrictEqual : notDeepEqual,
      deepStrictEqual, notDeepStrictEqual,
      fail: (message) => fail(undefined, undefined, message, 'fail', 'Failed'),
      throws(fn, expected, message) {
        if (typeof fn !== 'function') throw new TypeError(`The "fn" argument must be of type function. Received ${describeReceived(fn)}`);
        if (typeof expected === 'string') { message = expected; expected = undefined; }
        let threw = false;
        let err;
        try { fn(); } catch (e) { threw = true; err = e; }
        if (!threw) {
          const name = errorName(expected);
          fail(undefined, expected, `Missing expected exception${name ? ` (${name})` : ''}${message ? `: ${message}` : '.'}`, 'throws', undefined, false);
        }
        checkExpected(err, expected, message, 'throws');
      },
      doesNotThrow(fn, expected, message) {
        if (typeof expected === 'string') message = expected;
        try { fn(); } catch (e) { fail(e, undefined, message, 'doesNotThrow', `Got unwanted exception.\nActual message: "${e && e.message}"`); }
      },
      async rejects(p, expected, message) {
        if (typeof expected === 'string') { message = expected; expected = undefined; }
        let threw = false;
        let err;
        try { await (typeof p === 'function' ? p() : p); } catch (e) { threw = true; err = e; }
        if (!threw) {
          const name = errorName(expected);
          fail(undefined, expected, `Missing expected rejection${name ? ` (${name})` : ''}${message ? `: ${message}` : '.'}`, 'rejects', undefined, false);
        }
        checkExpected(err, expected, message, 'rejects');
      },
      async doesNotReject(p, expected, message) {
        if (typeof expected === 'string') message = expected;
        try { await (typeof p === 'function' ? p() : p); } catch (e) { fail(e, undefined, message, 'doesNotReject', `Got unwanted rejection.\nActual message: "${e && e.message}"`); }
      },
      match(s, re, message) {
        if (typeof s !== 'string' || !re.test(s)) fail(s, re, message, 'match', `The input did not match the regular expression ${inspect(re)}. Input:\n\n${inspect(s)}\n`);
      },
      doesNotMatch(s, re, message) {
        if (typeof s === 'string' && re.test(s)) fail(s, re, message, 'doesNotMatch', `The input was expected to not match the regular expression ${inspect(re)}. Input:\n\n${inspect(s)}\n`);
      },
      ifError(value) {
        if (value !== null && value !== undefined) {
          const text = value instanceof Error || (typeof value === 'object' && typeof value.message === 'string') ? value.message : inspect(value);
          fail(value, null, `ifError got unwanted exception: ${text}`, 'ifError', undefined, false);
        }
      },
      AssertionError,
    });
    return assert;
  }
  const assert = makeAssert(false);
  const strictAssert = makeAssert(true);
  assert.strict = strictAssert;
  strictAssert.strict = strictAssert;

  function promisify(fn) {
    if (typeof fn !== 'function') throw new TypeError('The "original" argument must be of type function');
    if (fn[promisify.custom]) return fn[promisify.custom];
    return function (...args) {
      return new Promise((resolve, reject) => {
        fn.call(this, ...args, (err, ...values) => (err ? reject(err) : resolve(values.length > 1 ? values : values[0])));
      });
    };
  }
  promisify.custom = Symbol.for('nodejs.util.promisify.custom');
  setTimeout[promisify.custom] = (ms, value) => new Promise((resolve) => setTimeout(resolve, ms, value));
  setImmediate[promisify.custom] = (value) => new Promise((resolve) => setImmediate(resolve, value));

  const util = {
    inspect, format, formatWithOptions, isDeepStrictEqual, promisify,
    callbackify: (fn) => function (...args) {
      const cb = args.pop();
      fn.apply(this, args).then((v) => nextTick(cb, null, v), (e) => nextTick(cb, e));
    },
    inherits: (ctor, superCtor) => { Object.setPrototypeOf(ctor.prototype, superCtor.prototype); Object.setPrototypeOf(ctor, superCtor); ctor.super_ = superCtor; },
    deprecate: (fn) => fn,
    isArray: Array.isArray,
    types: {
      isDate, isRegExp, isMap, isSet, isPromise, isTypedArray, isWeakMap, isWeakSet, isArrayBuffer,
      isNativeError: isError,
      isProxy: (v) => native.proxyTarget(v) !== undefined,
      isAsyncFunction: (f) => typeof f === 'function' && (Object.getPrototypeOf(f) === AsyncFunctionProto || Object.getPrototypeOf(f) === AsyncGeneratorFunctionProto),
      isGeneratorFunction: (f) => typeof f === 'function' && (Object.getPrototypeOf(f) === GeneratorFunctionProto || Object.getPrototypeOf(f) === AsyncGeneratorFunctionProto),
      isBoxedPrimitive: (v) => v !== null && typeof v === 'object' && boxedKind(v) !== undefined,
    },
    TextEncoder, TextDecoder,
    stripVTControlCharacters: (s) => s.replace(/\u001b\[[0-9;]*[A-Za-z]/g, ''),
    toUSVString: (s) => `${s}`.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'),
  };

  const timersPromises = {
    setTimeout: (ms, value) => new Promise((resolve) => setTimeout(resolve, ms, value)),
    setImmediate: (value) => new Promise((resolve) => setImmediate(resolve, value)),
    setInterval: async function* (ms, value) { for (;;) { yield await new Promise((resolve) => setTimeout(resolve, ms, value)); } },
    scheduler: { wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) },
  };

  const builtinModules = {
    util: () => util,
    assert: () => assert,
    'assert/strict': () => strictAssert,
    test: () => S.load('testing').nodeTest,
    events: () => EventEmitter,
    timers: () => ({ setTimeout, setInterval, setImmediate, clearTimeout, clearInterval: clearTimeout, clearImmediate }),
    'timers/promises': () => timersPromises,
    url: () => ({ URL: S.load('web').URL, URLSearchParams: S.load('web').URLSearchParams }),
    process: () => process,
    console: () => consoleObj,
  };
  function require(id) {
    const name = `${id}`.replace(/^node:/, '');
    if (hasOwn(builtinModules, name)) return builtinModules[name]();
    const err = new Error(`Cannot find module '${id}'\n(codemode's sandbox offers only: ${Object.keys(builtinModules).join(', ')})`);
    err.code = 'MODULE_NOT_FOUND';
    throw err;
  }
  require.resolve = (id) => {
    const name = `${id}`.replace(/^node:/, '');
    if (hasOwn(builtinModules, name)) return `node:${name}`;
    require(id);
    return id;
  };
  require.cache = {};
  const module = { exports: {}, id: '.', filename: '/snippet.js', loaded: false, children: [], paths: [] };

  return {
    process, EventEmitter, require, module, exports: module.exports,
    __filename: '/snippet.js', __dirname: '/',
    exitCode: () => process.exitCode,
    beforeExit() { process.emit('beforeExit', process.exitCode ?? 0); },
    emitExit() {
      if (!exiting) {
        exiting = true;
        process.emit('exit', process.exitCode ?? 0);
      }
    },
  };
})
