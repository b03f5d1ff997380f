// node:test inside the sandbox: `test`/`it`, `describe`/`suite`, hooks, `test.skip`/`todo`,
// and `codemode.runTests()`, which runs what was registered (in order, one at a time, async
// tests awaited) and reports through `codemode.report`:
//   { tests: [{ name, status: 'passed'|'failed'|'error'|'skipped', message, line, test_line,
//               duration_ms }], passed, failed, errors, skipped }
// `failed` counts every test that did not pass and was not skipped (assertion failures and
// errors); `errors` counts those that threw something other than an AssertionError. `line` is
// the 1-based line, in the run's own file, of the innermost frame of the failure; `test_line`
// that of the outermost (the test's own code).
// Tests never run by `codemode.runTests()` run by themselves when the event loop empties.
// Loaded on first use of `node:test` or `codemode.runTests`.
'use strict';
(function (S) {
  const { inspect } = S.load('inspect');
  const { write } = S;

  const newSuite = (name, parent, skip) => ({
    name, parent, skip, entries: [],
    hooks: { before: [], after: [], beforeEach: [], afterEach: [] },
  });
  let root = newSuite('', null, false);
  let current = root;

  // (name?, options?, fn?) in any of node's accepted shapes.
  function parseArgs(args, kind) {
    let name;
    let options = {};
    let fn;
    for (const a of args) {
      if (typeof a === 'string') name = a;
      else if (typeof a === 'function') fn = a;
      else if (a !== null && typeof a === 'object') options = a;
    }
    if (name === undefined) name = (fn && fn.name) || `<anonymous ${kind}>`;
    return { name, options, fn };
  }

  function register(args, extra = {}) {
    const { name, options, fn } = parseArgs(args, 'test');
    current.entries.push({
      type: 'test', name, fn,
      skip: Boolean(extra.skip || options.skip || current.skip),
      todo: Boolean(extra.todo || options.todo),
    });
    return Promise.resolve();
  }

  function describeSuite(args, extra = {}) {
    const { name, options, fn } = parseArgs(args, 'suite');
    const suite = newSuite(name, current, Boolean(extra.skip || options.skip || current.skip));
    current.entries.push({ type: 'suite', suite });
    const outer = current;
    current = suite;
    try {
      if (typeof fn === 'function') fn();
    } catch (e) {
      suite.entries.push({ type: 'broken', name: '<describe>', error: e });
    } finally {
      current = outer;
    }
    return Promise.resolve();
  }

  const test = (...args) => register(args);
  test.skip = (...args) => register(args, { skip: true });
  test.todo = (...args) => register(args, { todo: true });
  test.only = (...args) => register(args);
  const describe = (...args) => describeSuite(args);
  describe.skip = (...args) => describeSuite(args, { skip: true });
  describe.todo = (...args) => describeSuite(args);
  describe.only = (...args) => describeSuite(args);
  const hook = (kind) => (fn) => { current.hooks[kind].push(fn); };

  // node:test's `mock`: `mock.fn(impl)`, `mock.method(obj, name, impl)`, `mock.restoreAll()`.
  const restorers = [];
  function mockFunction(original = function () {}, implementation = original) {
    const calls = [];
    let impl = implementation;
    const fn = function (...args) {
      const call = { arguments: args, this: this, result: undefined, error: undefined, stack: new Error() };
      calls.push(call);
      try {
        call.result = new.target ? Reflect.construct(impl, args, new.target) : impl.apply(this, args);
        return call.result;
      } catch (e) {
        call.error = e;
        throw e;
      }
    };
    fn.mock = {
      calls,
      callCount: () => calls.length,
      mockImplementation(next) { impl = next; },
      mockImplementationOnce(next) {
        const previous = impl;
        impl = function (...args) { impl = previous; return next.apply(this, args); };
      },
      resetCalls() { calls.length = 0; },
      restore() { impl = original; },
    };
    return fn;
  }
  const mock = {
    fn: (original, implementation) => mockFunction(original, implementation),
    method(object, name, implementation) {
      const original = object[name];
      if (typeof original !== 'function') throw new TypeError(`The argument 'methodName' must be a method. Received ${String(name)}`);
      const fn = mockFunction(original, implementation ?? original);
      object[name] = fn;
      const restore = () => { object[name] = original; };
      fn.mock.restore = restore;
      restorers.push(restore);
      return fn;
    },
    restoreAll() { while (restorers.length) restorers.pop()(); },
    reset() { mock.restoreAll(); },
  };

  const nodeTest = Object.assign(test, {
    test, it: test, describe, suite: describe,
    before: hook('before'), after: hook('after'),
    beforeEach: hook('beforeEach'), afterEach: hook('afterEach'),
    run() { throw new Error('node:test run() is not available in the sandbox; use codemode.runTests()'); },
    mock,
  });

  // -------------------------------------------------------------------------------------------

  const isAssertion = (e) => e !== null && typeof e === 'object'
    && (e.code === 'ERR_ASSERTION' || e.name === 'AssertionError');

  // Lines of the innermost and the outermost frames in the run's own file (V8-style stack:
  // innermost first): where it failed, and where the test itself was.
  function linesOf(err) {
    if (err === null || typeof err !== 'object') return [null, null];
    const stack = S.rawStack(err);
    if (typeof stack !== 'string') return [null, null];
    const lines = [];
    for (const text of stack.split('\n')) {
      const m = /\((.*):(\d+):(\d+)\)\s*$/.exec(text) || /^\s*at (.*):(\d+):(\d+)\s*$/.exec(text);
      if (m && m[1] === S.filename) lines.push(Number(m[2]));
    }
    return lines.length ? [lines[0], lines[lines.length - 1]] : [null, null];
  }
  const entryOf = (name, status, err, duration) => {
    const [line, testLine] = linesOf(err);
    return { name, status, message: messageOf(err), line, test_line: testLine, duration_ms: duration };
  };

  function messageOf(err) {
    if (err !== null && typeof err === 'object' && 'message' in err) {
      const name = err.name && err.name !== 'AssertionError' ? `${err.name}: ` : '';
      return `${name}${err.message}`;
    }
    return `thrown: ${inspect(err)}`;
  }

  // Calls fn(t) or fn(t, done), resolving when it settles.
  function invoke(fn, ctx) {
    if (fn.length >= 2) {
      return new Promise((resolve, reject) => {
        let settled = false;
        const done = (err) => {
          if (settled) return;
          settled = true;
          if (err) reject(err); else resolve();
        };
        try {
          const r = fn.call(ctx, ctx, done);
          if (r && typeof r.then === 'function') r.then(() => {}, done);
        } catch (e) { done(e); }
      });
    }
    return Promise.resolve().then(() => fn.call(ctx, ctx));
  }

  const now = () => S.native.now();
  const round = (ms) => Math.round(ms * 1000) / 1000;

  async function runEntry(entry, path, eachHooks, results) {
    const name = path.concat(entry.name).join(' > ');
    const started = now();
    const record = (status, err) => {
      const result = err === undefined
        ? { name, status, message: '', line: null, test_line: null, duration_ms: round(now() - started) }
        : entryOf(name, status, err, round(now() - started));
      results.push(result);
      const mark = status === 'passed' ? '✔' : status === 'skipped' ? '﹣' : '✖';
      write(1, `${mark} ${name} (${result.duration_ms}ms)${status === 'skipped' ? ' # SKIP' : ''}\n`);
      if (err !== undefined) write(1, `  ${result.message.replace(/\n/g, '\n  ')}\n`);
    };
    if (entry.skip || entry.todo || typeof entry.fn !== 'function') {
      record('skipped');
      return;
    }
    let skipped = false;
    const ctx = {
      name: entry.name,
      mock,
      skip() { skipped = true; },
      todo() { skipped = true; },
      diagnostic(message) { write(1, `# ${message}\n`); },
      test: (...args) => {
        const sub = parseArgs(args, 'test');
        return runEntry({ type: 'test', name: sub.name, fn: sub.fn, skip: Boolean(sub.options.skip) },
          path.concat(entry.name), eachHooks, results);
      },
    };
    let failure;
    try {
      for (const [, fns] of eachHooks) for (const f of fns.beforeEach) await invoke(f, ctx);
      await invoke(entry.fn, ctx);
    } catch (e) {
      failure = { e };
    }
    try {
      for (const [, fns] of [...eachHooks].reverse()) for (const f of fns.afterEach) await invoke(f, ctx);
    } catch (e) {
      if (!failure) failure = { e };
    }
    if (failure) record(isAssertion(failure.e) ? 'failed' : 'error', failure.e);
    else record(skipped ? 'skipped' : 'passed');
  }

  async function runSuite(suite, path, eachHooks, results) {
    const hooks = eachHooks.concat([[suite, suite.hooks]]);
    const inner = suite.parent === null ? path : path.concat(suite.name);
    try {
      if (!suite.skip) for (const f of suite.hooks.before) await invoke(f, {});
    } catch (e) {
      results.push(entryOf(inner.concat('<before>').join(' > '), 'error', e, 0));
      return;
    }
    for (const entry of suite.entries) {
      if (entry.type === 'suite') await runSuite(entry.suite, inner, hooks, results);
      else if (entry.type === 'broken') {
        results.push(entryOf(inner.concat(entry.name).join(' > '), 'error', entry.error, 0));
      } else await runEntry(entry, inner, hooks, results);
    }
    try {
      if (!suite.skip) for (const f of suite.hooks.after) await invoke(f, {});
    } catch (e) {
      results.push(entryOf(inner.concat('<after>').join(' > '), 'error', e, 0));
    }
  }

  async function runTests() {
    const suite = root;
    root = newSuite('', null, false);
    current = root;
    const results = [];
    await runSuite(suite, [], [], results);
    const count = (status) => results.filter((r) => r.status === status).length;
    const report = {
      tests: results,
      passed: count('passed'),
      failed: count('failed') + count('error'),
      errors: count('error'),
      skipped: count('skipped'),
    };
    write(1, `# tests ${results.length}, passed ${report.passed}, failed ${report.failed}, skipped ${report.skipped}\n`);
    G_report(report);
    return report;
  }
  const G_report = (report) => S.G.codemode.report(report);

  // Tests registered but never run by `codemode.runTests()` run when the loop empties, as
  // node runs a file's tests.
  function autoRun() {
    if (root.entries.length === 0) return false;
    runTests();
    return true;
  }

  return { nodeTest, runTests, autoRun };
})
