// The codemode JavaScript prelude, eager part: what every run needs (console fast path,
// timers, nextTick, Error.prototype.stack) and lazy globals that load the rest on first use
// (inspect.js, web.js, node.js). All are compiled to bytecode by build.rs; this one is
// evaluated in every fresh instance before the snippet, so keep it small and cheap.
// `__cm_native` (installed by engine.rs, removed right after) holds the Rust natives:
// write(fd, text), now(), sleep(ms), env(), callTool(name, json), exit(code), promiseState(p),
// proxyTarget(v), load(module). The script's completion value is the hooks object.
'use strict';
(function (native) {
  const G = globalThis;
  const loaded = Object.create(null);
  const S = { native, G, loaded, startMs: native.now(), filename: native.filename };
  S.load = (name) => loaded[name] ?? (loaded[name] = native.load(name)(S));
  const defineHidden = (obj, name, value) =>
    Object.defineProperty(obj, name, { value, writable: true, configurable: true, enumerable: false });
  S.defineHidden = defineHidden;
  const defineGlobal = (name, value) => defineHidden(G, name, value);
  // A global that loads its module when first read, then becomes a plain data property.
  const lazyGlobal = (name, module) => Object.defineProperty(G, name, {
    configurable: true,
    enumerable: false,
    get() {
      const value = S.load(module)[name];
      defineGlobal(name, value);
      return value;
    },
    set(value) { defineGlobal(name, value); },
  });
  const write = native.write;
  S.write = write;
  S.group = { indent: '' };

  // ---------------------------------------------------------------------------------------
  // Error.prototype.stack as V8 shows it: "Name: message\n    at ..." (QuickJS keeps only the
  // frames). The header is computed when read, like V8's lazy formatting.
  // ---------------------------------------------------------------------------------------
  const stackDesc = Object.getOwnPropertyDescriptor(Error.prototype, 'stack');
  const rawStack = (e) => {
    try {
      const own = Object.getOwnPropertyDescriptor(e, 'stack');
      if (own && 'value' in own) return own.value;
      return stackDesc && stackDesc.get ? stackDesc.get.call(e) : e.stack;
    } catch { return undefined; }
  };
  const errorHeader = (e) => {
    let header;
    try { header = Error.prototype.toString.call(e); } catch { header = 'Error'; }
    return header;
  };
  if (stackDesc && stackDesc.get && stackDesc.configurable) {
    Object.defineProperty(Error.prototype, 'stack', {
      configurable: true,
      enumerable: false,
      get() {
        const frames = stackDesc.get.call(this);
        if (typeof frames !== 'string') return frames;
        const header = errorHeader(this);
        return frames === '' ? header : `${header}\n${frames.replace(/\n$/, '')}`;
      },
      set(v) {
        Object.defineProperty(this, 'stack', { value: v, writable: true, configurable: true, enumerable: false });
      },
    });
  }
  S.rawStack = rawStack;
  if (typeof Error.captureStackTrace !== 'function') {
    Error.captureStackTrace = function captureStackTrace(target) {
      const e = new Error();
      const frames = rawStack(e);
      Object.defineProperty(target, 'stack', { value: frames, writable: true, configurable: true });
    };
  }


  // ---------------------------------------------------------------------------------------
  // console: primitives are formatted here; anything else loads inspect.js.
  // ---------------------------------------------------------------------------------------
  function out(fd, args) {
    let s = '';
    const n = args.length;
    for (let i = 0; i < n; i++) {
      const a = args[i];
      const t = typeof a;
      if (t === 'string') {
        if (i === 0 && n > 1 && a.includes('%')) { s = null; break; }
      } else if (t === 'object' ? a !== null : (t === 'function' || t === 'symbol')) {
        s = null;
        break;
      }
      if (i !== 0) s += ' ';
      if (t === 'number' && a === 0 && 1 / a < 0) s += '-0';
      else if (t === 'bigint') s += `${a}n`;
      else s += a;
    }
    if (s === null) s = S.load('inspect').formatWithOptions(undefined, ...args);
    const indent = S.group.indent;
    if (indent !== '') s = indent + s.replace(/\n/g, `\n${indent}`);
    write(fd, `${s}\n`);
  }
  const consoleMethod = (name) => {
    const f = function (...args) { return S.load('inspect').consoleMethods[name](...args); };
    Object.defineProperty(f, 'name', { value: name });
    return f;
  };
  const consoleObj = {
    log(...args) { out(1, args); },
    info(...args) { out(1, args); },
    debug(...args) { out(1, args); },
    error(...args) { out(2, args); },
    warn(...args) { out(2, args); },
  };
  for (const name of ['trace', 'dir', 'dirxml', 'assert', 'count', 'countReset', 'group',
    'groupCollapsed', 'groupEnd', 'time', 'timeEnd', 'timeLog', 'table']) {
    consoleObj[name] = consoleMethod(name);
  }
  defineGlobal('console', consoleObj);

  for (const name of ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'setImmediate',
    'clearImmediate']) {
    lazyGlobal(name, 'timers');
  }

  for (const name of ['TextEncoder', 'TextDecoder', 'atob', 'btoa', 'structuredClone', 'URL',
    'URLSearchParams', 'Event', 'EventTarget', 'AbortController', 'AbortSignal']) {
    lazyGlobal(name, 'web');
  }
  for (const name of ['process', 'require', 'module', 'exports', '__filename', '__dirname']) {
    lazyGlobal(name, 'node');
  }
  defineGlobal('global', G);

  // ---------------------------------------------------------------------------------------
  // codemode's own bridge to the host.
  // ---------------------------------------------------------------------------------------
  // A tool call the host refused or the tool reported as failed.
  class ToolError extends Error {
    constructor(message, tool) {
      super(message);
      this.tool = tool;
    }
  }
  Object.defineProperty(ToolError.prototype, 'name', { value: 'ToolError', writable: true, configurable: true });
  const codemode = Object.freeze({
    // Calls an upstream MCP tool ("<server>/<tool>", original names) with JSON-serialisable
    // arguments; resolves to the parsed JSON result, rejects with a ToolError carrying the
    // host's message.
    callTool(name, args) {
      return new Promise((resolve) => {
        const json = JSON.stringify(args === undefined ? {} : args);
        let result;
        try {
          result = native.callTool(`${name}`, json);
        } catch (e) {
          throw new ToolError(e && e.message !== undefined ? e.message : String(e), `${name}`);
        }
        resolve(JSON.parse(result));
      });
    },
    // Hands a JSON-serialisable value to the host as the run's structured result (last wins).
    report(value) {
      const json = JSON.stringify(value);
      if (json === undefined) throw new TypeError(`codemode.report needs a JSON-serialisable value, got ${typeof value}`);
      native.report(json);
    },
    // Runs the tests registered with node:test (`test`, `it`, `describe`) and reports them.
    runTests() { return S.load('testing').runTests(); },
    ToolError,
  });
  defineGlobal('codemode', codemode);
  defineGlobal('__codemode', codemode);


  // ---------------------------------------------------------------------------------------
  // Hooks for engine.rs.
  // ---------------------------------------------------------------------------------------
  return {
    inspect: (v) => S.load('inspect').inspect(v),
    describeError: (e) => S.load('inspect').describeError(e),
    runTicks: () => (loaded.timers ? loaded.timers.runTicks() : false),
    nextTask: () => (loaded.timers ? loaded.timers.nextTask() : null),
    beforeExit(first) {
      const started = first && loaded.testing ? loaded.testing.autoRun() : false;
      if (loaded.node) loaded.node.beforeExit();
      return started;
    },
    emitExit() { if (loaded.node) loaded.node.emitExit(); },
    exitCode: () => (loaded.node ? loaded.node.exitCode() : undefined),
  };
})(globalThis.__cm_native);
