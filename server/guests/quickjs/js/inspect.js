// util.inspect, util.format and the console methods beyond log/info/debug/error/warn.
// Loaded on first use by core.js (S.load('inspect')).
'use strict';
(function (S) {
  const { native, G } = S;
  const ObjectProto = Object.prototype;
  const hasOwn = (o, k) => ObjectProto.hasOwnProperty.call(o, k);
  const toStr = (v) => ObjectProto.toString.call(v);
  const isEnumerableOwn = (o, k) => ObjectProto.propertyIsEnumerable.call(o, k);
  const defineHidden = S.defineHidden;
  // ---------------------------------------------------------------------------------------
  // util.inspect, after node's lib/internal/util/inspect.js (no colours).
  // ---------------------------------------------------------------------------------------
  const customInspect = Symbol.for('nodejs.util.inspect.custom');
  const defaultOptions = {
    showHidden: false, depth: 2, colors: false, customInspect: true, showProxy: false,
    maxArrayLength: 100, maxStringLength: 10000, breakLength: 80, compact: 3, sorted: false,
    getters: false, numericSeparator: false,
  };
  const kObjectType = 0;
  const kArrayType = 1;
  const kArrayExtrasType = 2;
  const kMinLineWidth = 16;
  const keyStrRegExp = /^[a-zA-Z_][a-zA-Z_0-9]*$/;
  const strEscapeSequencesRegExp = /[\x00-\x1f\x27\x5c\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
  const strEscapeSequencesRegExpSingle = /[\x00-\x1f\x5c\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
  const meta = [
    '\\x00', '\\x01', '\\x02', '\\x03', '\\x04', '\\x05', '\\x06', '\\x07',
    '\\b', '\\t', '\\n', '\\x0B', '\\f', '\\r', '\\x0E', '\\x0F',
    '\\x10', '\\x11', '\\x12', '\\x13', '\\x14', '\\x15', '\\x16', '\\x17',
    '\\x18', '\\x19', '\\x1A', '\\x1B', '\\x1C', '\\x1D', '\\x1E', '\\x1F',
    '', '', '', '', '', '', '', "\\'", '', '', '', '', '', '', '', '',
    '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '',
    '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '',
    '', '', '', '', '', '', '', '', '', '', '', '', '\\\\', '', '', '',
    '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '',
    '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '\\x7F',
    '\\x80', '\\x81', '\\x82', '\\x83', '\\x84', '\\x85', '\\x86', '\\x87',
    '\\x88', '\\x89', '\\x8A', '\\x8B', '\\x8C', '\\x8D', '\\x8E', '\\x8F',
    '\\x90', '\\x91', '\\x92', '\\x93', '\\x94', '\\x95', '\\x96', '\\x97',
    '\\x98', '\\x99', '\\x9A', '\\x9B', '\\x9C', '\\x9D', '\\x9E', '\\x9F',
  ];
  const escapeFn = (str) => meta[str.charCodeAt(0)] || `\\u${str.charCodeAt(0).toString(16)}`;

  function addQuotes(str, quotes) {
    if (quotes === -1) return `"${str}"`;
    if (quotes === -2) return `\`${str}\``;
    return `'${str}'`;
  }

  function strEscape(str) {
    let escapeTest = strEscapeSequencesRegExp;
    let singleQuote = 39;
    if (str.includes("'")) {
      if (!str.includes('"')) singleQuote = -1;
      else if (!str.includes('`') && !str.includes('${')) singleQuote = -2;
      if (singleQuote !== 39) escapeTest = strEscapeSequencesRegExpSingle;
    }
    if (str.length < 5000 && escapeTest.exec(str) === null) return addQuotes(str, singleQuote);
    let result = '';
    let last = 0;
    for (let i = 0; i < str.length; i++) {
      const point = str.charCodeAt(i);
      if (point === singleQuote || point === 92 || point < 32 || (point > 126 && point < 160)) {
        result += last === i ? meta[point] : `${str.slice(last, i)}${meta[point]}`;
        last = i + 1;
      } else if (point >= 0xd800 && point <= 0xdfff) {
        if (point <= 0xdbff && i + 1 < str.length) {
          const next = str.charCodeAt(i + 1);
          if (next >= 0xdc00 && next <= 0xdfff) { i++; continue; }
        }
        result += `${str.slice(last, i)}\\u${point.toString(16)}`;
        last = i + 1;
      }
    }
    if (last !== str.length) result += str.slice(last);
    return addQuotes(result, singleQuote);
  }

  function formatNumber(n) {
    if (Object.is(n, -0)) return '-0';
    return `${n}`;
  }

  function formatPrimitive(value, ctx) {
    switch (typeof value) {
      case 'string': {
        let trailer = '';
        if (value.length > ctx.maxStringLength) {
          const remaining = value.length - ctx.maxStringLength;
          value = value.slice(0, ctx.maxStringLength);
          trailer = `... ${remaining} more character${remaining > 1 ? 's' : ''}`;
        }
        if (ctx.compact !== true && value.length > kMinLineWidth &&
            value.length > ctx.breakLength - ctx.indentationLvl - 4) {
          return value.split(/(?<=\n)/).map((line) => strEscape(line))
            .join(` +\n${' '.repeat(ctx.indentationLvl + 2)}`) + trailer;
        }
        return strEscape(value) + trailer;
      }
      case 'number': return formatNumber(value);
      case 'bigint': return `${value}n`;
      case 'boolean': return `${value}`;
      case 'undefined': return 'undefined';
      default: return symbolToString(value);
    }
  }

  const symbolToString = (s) => Symbol.prototype.toString.call(s);

  function getPrefix(constructor, tag, fallback, size = '') {
    if (constructor === null) {
      if (tag !== '' && fallback !== tag) return `[${fallback}${size}: null prototype] [${tag}] `;
      return `[${fallback}${size}: null prototype] `;
    }
    if (tag !== '' && constructor !== tag) return `${constructor}${size} [${tag}] `;
    return `${constructor}${size} `;
  }

  function getConstructorName(obj) {
    let o = obj;
    let depth = 0;
    while (o !== null && o !== undefined) {
      const desc = Object.getOwnPropertyDescriptor(o, 'constructor');
      if (desc !== undefined && typeof desc.value === 'function' && desc.value.name !== '' &&
          isInstanceof(obj, desc.value)) {
        return String(desc.value.name);
      }
      o = Object.getPrototypeOf(o);
      if (++depth > 1000) break;
    }
    return null;
  }

  function isInstanceof(obj, ctor) {
    try { return obj instanceof ctor; } catch { return false; }
  }

  function getKeys(value, showHidden) {
    let keys;
    const symbols = Object.getOwnPropertySymbols(value);
    if (showHidden) {
      keys = Object.getOwnPropertyNames(value);
      if (symbols.length !== 0) keys.push(...symbols);
    } else {
      keys = Object.keys(value);
      for (const s of symbols) if (ObjectProto.propertyIsEnumerable.call(value, s)) keys.push(s);
    }
    return keys;
  }

  function getOwnNonIndexProperties(value, showHidden) {
    const keys = showHidden ? Object.getOwnPropertyNames(value) : Object.keys(value);
    const out = [];
    for (const k of keys) {
      if (!isArrayIndex(k)) out.push(k);
    }
    for (const s of Object.getOwnPropertySymbols(value)) {
      if (showHidden || ObjectProto.propertyIsEnumerable.call(value, s)) out.push(s);
    }
    return out;
  }

  function isArrayIndex(k) {
    if (k === '0') return true;
    const c = k.charCodeAt(0);
    if (!(c >= 49 && c <= 57)) return false;
    const n = Number(k);
    return n >>> 0 === n && n !== 4294967295 && `${n}` === k;
  }

  const typedArrayProto = Object.getPrototypeOf(Uint8Array.prototype);
  const typedArrayTag = Object.getOwnPropertyDescriptor(typedArrayProto, Symbol.toStringTag).get;
  const isTypedArray = (v) => typedArrayTag.call(v) !== undefined;
  const mapSize = Object.getOwnPropertyDescriptor(Map.prototype, 'size').get;
  const setSize = Object.getOwnPropertyDescriptor(Set.prototype, 'size').get;
  const isMap = (v) => { try { mapSize.call(v); return true; } catch { return false; } };
  const isSet = (v) => { try { setSize.call(v); return true; } catch { return false; } };
  const dateGetTime = Date.prototype.getTime;
  const isDate = (v) => { try { dateGetTime.call(v); return true; } catch { return false; } };
  const regexpSource = Object.getOwnPropertyDescriptor(RegExp.prototype, 'source').get;
  const isRegExp = (v) => {
    if (v === RegExp.prototype) return false;
    try { regexpSource.call(v); return true; } catch { return false; }
  };
  const abByteLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength').get;
  const isArrayBuffer = (v) => { try { abByteLength.call(v); return true; } catch { return false; } };
  const sabByteLength = typeof SharedArrayBuffer === 'function'
    ? Object.getOwnPropertyDescriptor(SharedArrayBuffer.prototype, 'byteLength').get : undefined;
  const isSharedArrayBuffer = (v) => {
    if (!sabByteLength) return false;
    try { sabByteLength.call(v); return true; } catch { return false; }
  };
  const dvByteLength = Object.getOwnPropertyDescriptor(DataView.prototype, 'byteLength').get;
  const isDataView = (v) => { try { dvByteLength.call(v); return true; } catch { return false; } };
  const isPromise = (v) => native.promiseState(v)[0] >= 0;
  const weakMapHas = WeakMap.prototype.has;
  const weakSetHas = WeakSet.prototype.has;
  const isWeakMap = (v) => { try { weakMapHas.call(v, {}); return true; } catch { return false; } };
  const isWeakSet = (v) => { try { weakSetHas.call(v, {}); return true; } catch { return false; } };
  const isWeakRef = (v) => typeof WeakRef === 'function' && (() => {
    try { WeakRef.prototype.deref.call(v); return true; } catch { return false; }
  })();
  const isError = (v) => {
    if (v instanceof Error) return true;
    return toStr(v) === '[object Error]';
  };
  const isArguments = (v) => toStr(v) === '[object Arguments]';
  const AsyncFunctionProto = Object.getPrototypeOf(async function () {});
  const GeneratorFunctionProto = Object.getPrototypeOf(function* () {});
  const AsyncGeneratorFunctionProto = Object.getPrototypeOf(async function* () {});
  const funcToString = Function.prototype.toString;
  const isModuleNamespace = (v) => toStr(v) === '[object Module]' && Object.getPrototypeOf(v) === null;

  function boxedKind(v) {
    const probes = [
      [Number, Number.prototype.valueOf], [String, String.prototype.valueOf],
      [Boolean, Boolean.prototype.valueOf], [BigInt, BigInt.prototype.valueOf],
      [Symbol, Symbol.prototype.valueOf],
    ];
    for (const [type, valueOf] of probes) {
      try { return [type, valueOf.call(v)]; } catch { /* not this kind */ }
    }
    return undefined;
  }

  function getUserOptions(ctx) {
    const out = {};
    for (const k of Object.keys(defaultOptions)) out[k] = ctx[k];
    out.stylize = (s) => s;
    return out;
  }

  function formatValue(ctx, value, recurseTimes, typedArray) {
    if (typeof value !== 'object' && typeof value !== 'function') return formatPrimitive(value, ctx);
    if (value === null) return 'null';
    const context = value;
    const target = native.proxyTarget(value);
    if (target !== undefined) {
      if (target === null) return '<Revoked Proxy>';
      if (ctx.showProxy) {
        return `Proxy ${formatValue(ctx, [target, '<handler>'], recurseTimes)}`;
      }
      value = target;
    }
    if (ctx.customInspect) {
      let maybeCustom;
      try { maybeCustom = value[customInspect]; } catch { maybeCustom = undefined; }
      if (typeof maybeCustom === 'function' && maybeCustom !== inspect) {
        const depth = ctx.depth === null ? null : ctx.depth - recurseTimes;
        const ret = maybeCustom.call(context, depth, getUserOptions(ctx), inspect);
        if (ret !== context) {
          if (typeof ret !== 'string') return formatValue(ctx, ret, recurseTimes);
          return ret.replaceAll('\n', `\n${' '.repeat(ctx.indentationLvl)}`);
        }
      }
    }
    if (ctx.seen.includes(value)) {
      let index = 1;
      if (ctx.circular === undefined) {
        ctx.circular = new Map();
        ctx.circular.set(value, index);
      } else {
        index = ctx.circular.get(value);
        if (index === undefined) {
          index = ctx.circular.size + 1;
          ctx.circular.set(value, index);
        }
      }
      return `[Circular *${index}]`;
    }
    return formatRaw(ctx, value, recurseTimes, typedArray);
  }

  function formatRaw(ctx, value, recurseTimes, typedArray) {
    let keys;
    const constructor = getConstructorName(value);
    let tag = value[Symbol.toStringTag];
    if (typeof tag !== 'string' || (tag !== '' &&
        (ctx.showHidden ? hasOwn : isEnumerableOwn)(value, Symbol.toStringTag))) {
      tag = '';
    }
    let base = '';
    let formatter = () => [];
    let braces;
    let noIterator = true;
    let extrasType = kObjectType;

    if (Symbol.iterator in value || constructor === null) {
      noIterator = false;
      if (Array.isArray(value)) {
        const prefix = (constructor !== 'Array' || tag !== '')
          ? getPrefix(constructor, tag, 'Array', `(${value.length})`) : '';
        keys = getOwnNonIndexProperties(value, ctx.showHidden);
        braces = [`${prefix}[`, ']'];
        if (value.length === 0 && keys.length === 0) return `${braces[0]}]`;
        extrasType = kArrayExtrasType;
        formatter = formatArray;
      } else if (isSet(value)) {
        const size = setSize.call(value);
        const prefix = getPrefix(constructor, tag, 'Set', `(${size})`);
        keys = getKeys(value, ctx.showHidden);
        formatter = formatSet;
        if (size === 0 && keys.length === 0) return `${prefix}{}`;
        braces = [`${prefix}{`, '}'];
      } else if (isMap(value)) {
        const size = mapSize.call(value);
        const prefix = getPrefix(constructor, tag, 'Map', `(${size})`);
        keys = getKeys(value, ctx.showHidden);
        formatter = formatMap;
        if (size === 0 && keys.length === 0) return `${prefix}{}`;
        braces = [`${prefix}{`, '}'];
      } else if (isTypedArray(value)) {
        keys = getOwnNonIndexProperties(value, ctx.showHidden);
        const fallback = typedArrayTag.call(value);
        const size = value.length;
        const prefix = getPrefix(constructor, tag, fallback, `(${size})`);
        braces = [`${prefix}[`, ']'];
        if (value.length === 0 && keys.length === 0 && !ctx.showHidden) return `${braces[0]}]`;
        formatter = formatTypedArray;
        extrasType = kArrayExtrasType;
      } else {
        const t = toStr(value);
        if (t === '[object Map Iterator]' || t === '[object Set Iterator]') {
          keys = getKeys(value, ctx.showHidden);
          braces = [`[${tag || t.slice(8, -1)}] {`, '}'];
          formatter = () => ['<items unknown>'];
        } else {
          noIterator = true;
        }
      }
    }
    if (noIterator) {
      keys = getKeys(value, ctx.showHidden);
      braces = ['{', '}'];
      if (typeof value === 'function') {
        base = getFunctionBase(value, constructor, tag);
        if (keys.length === 0) return base;
      } else if (constructor === 'Object') {
        if (isArguments(value)) braces[0] = '[Arguments] {';
        else if (tag !== '') braces[0] = `${getPrefix(constructor, tag, 'Object')}{`;
        if (keys.length === 0) return `${braces[0]}}`;
      } else if (isRegExp(value)) {
        base = RegExp.prototype.toString.call(constructor !== null ? value : new RegExp(value));
        const prefix = getPrefix(constructor, tag, 'RegExp');
        if (prefix !== 'RegExp ') base = `${prefix}${base}`;
        keys = keys.filter((k) => k !== 'lastIndex');
        if (keys.length === 0 || (recurseTimes > ctx.depth && ctx.depth !== null)) return base;
      } else if (isDate(value)) {
        const t = dateGetTime.call(value);
        base = Number.isNaN(t) ? 'Invalid Date' : Date.prototype.toISOString.call(value);
        const prefix = getPrefix(constructor, tag, 'Date');
        if (prefix !== 'Date ') base = `${prefix}${base}`;
        if (keys.length === 0) return base;
      } else if (isError(value)) {
        base = formatError(value, constructor, tag, ctx, keys);
        if (keys.length === 0) return base;
      } else if (isArrayBuffer(value) || isSharedArrayBuffer(value)) {
        const arrayType = isArrayBuffer(value) ? 'ArrayBuffer' : 'SharedArrayBuffer';
        const prefix = getPrefix(constructor, tag, arrayType);
        if (typedArray === undefined) {
          formatter = formatArrayBuffer;
        } else if (keys.length === 0) {
          return `${prefix}{ byteLength: ${formatNumber(value.byteLength)} }`;
        }
        braces[0] = `${prefix}{`;
        keys.unshift('byteLength');
      } else if (isDataView(value)) {
        braces[0] = `${getPrefix(constructor, tag, 'DataView')}{`;
        keys.unshift('byteLength', 'byteOffset', 'buffer');
      } else if (isPromise(value)) {
        braces[0] = `${getPrefix(constructor, tag, 'Promise')}{`;
        formatter = formatPromise;
      } else if (isWeakSet(value)) {
        braces[0] = `${getPrefix(constructor, tag, 'WeakSet')}{`;
        formatter = () => ['<items unknown>'];
      } else if (isWeakMap(value)) {
        braces[0] = `${getPrefix(constructor, tag, 'WeakMap')}{`;
        formatter = () => ['<items unknown>'];
      } else if (isWeakRef(value)) {
        braces[0] = `${getPrefix(constructor, tag, 'WeakRef')}{`;
        formatter = (ctx2, v, rt) => [formatValue(ctx2, WeakRef.prototype.deref.call(v), rt)];
      } else if (isModuleNamespace(value)) {
        braces[0] = '[Module: null prototype] {';
      } else {
        const boxed = boxedKind(value);
        if (boxed !== undefined) {
          const [type, prim] = boxed;
          let fallback = type.name;
          let inner;
          if (typeof prim === 'string') {
            inner = strEscape(prim);
            keys = keys.filter((k) => !isArrayIndex(k) && k !== 'length');
          } else {
            inner = formatPrimitive(prim, ctx);
          }
          base = `[${fallback}`;
          if (fallback !== constructor) {
            base += constructor === null ? ' (null prototype)' : ` (${constructor})`;
          }
          base += `: ${inner}]`;
          if (tag !== '' && tag !== constructor) base += ` [${tag}]`;
          if (keys.length === 0) return base;
        } else {
          if (keys.length === 0) return `${getPrefix(constructor, tag, 'Object')}{}`;
          braces[0] = `${getPrefix(constructor, tag, 'Object')}{`;
        }
      }
    }

    if (recurseTimes > ctx.depth && ctx.depth !== null) {
      let constructorName = getPrefix(constructor, tag, 'Object').slice(0, -1);
      if (constructor !== null) constructorName = `[${constructorName}]`;
      return constructorName;
    }
    recurseTimes += 1;
    ctx.seen.push(value);
    ctx.currentDepth = recurseTimes;
    let output;
    try {
      output = formatter(ctx, value, recurseTimes);
      for (let i = 0; i < keys.length; i++) {
        output.push(formatProperty(ctx, value, recurseTimes, keys[i], extrasType));
      }
    } catch (err) {
      if (err instanceof RangeError || (err && err.name === 'InternalError')) {
        ctx.seen.pop();
        return `[${getPrefix(constructor, tag, 'Object').slice(0, -1)}: Inspection interrupted prematurely. Maximum call stack size exceeded.]`;
      }
      throw err;
    }
    if (ctx.circular !== undefined) {
      const index = ctx.circular.get(value);
      if (index !== undefined) {
        const reference = `<ref *${index}>`;
        if (ctx.compact !== true) base = base === '' ? reference : `${reference} ${base}`;
        else braces[0] = `${reference} ${braces[0]}`;
      }
    }
    ctx.seen.pop();
    if (ctx.sorted) {
      const comparator = ctx.sorted === true ? undefined : ctx.sorted;
      if (extrasType === kObjectType) output = output.sort(comparator);
      else if (keys.length > 1) {
        const sorted = output.slice(output.length - keys.length).sort(comparator);
        output.splice(output.length - keys.length, keys.length, ...sorted);
      }
    }
    const res = reduceToSingleString(ctx, output, base, braces, extrasType, recurseTimes, value);
    const budget = ctx.budget[ctx.indentationLvl] || 0;
    const newLength = budget + res.length;
    ctx.budget[ctx.indentationLvl] = newLength;
    if (newLength > 2 ** 27) ctx.depth = -1;
    return res;
  }

  function getFunctionBase(value, constructor, tag) {
    let stringified = '';
    try { stringified = funcToString.call(value); } catch { /* revoked or exotic */ }
    if (stringified.startsWith('class') && stringified.endsWith('}')) {
      const hasName = hasOwn(value, 'name');
      const name = (hasName && value.name) || '(anonymous)';
      let base = `class ${name}`;
      if (constructor !== 'Function' && constructor !== null) base += ` [${constructor}]`;
      if (tag !== '' && constructor !== tag) base += ` [${tag}]`;
      if (constructor !== null) {
        const superName = Object.getPrototypeOf(value).name;
        if (superName) base += ` extends ${superName}`;
      } else {
        base += ' extends [null prototype]';
      }
      return `[${base}]`;
    }
    let type = 'Function';
    const proto = Object.getPrototypeOf(value);
    if (proto === GeneratorFunctionProto) type = `Generator${type}`;
    else if (proto === AsyncGeneratorFunctionProto) type = `AsyncGenerator${type}`;
    else if (proto === AsyncFunctionProto) type = `Async${type}`;
    let base = `[${type}`;
    if (constructor === null) base += ' (null prototype)';
    if (value.name === '') base += ' (anonymous)';
    else base += `: ${value.name}`;
    base += ']';
    if (constructor !== type && constructor !== null) base += ` ${constructor}`;
    if (tag !== '' && constructor !== tag) base += ` [${tag}]`;
    return base;
  }

  function formatError(err, constructor, tag, ctx, keys) {
    const name = err.name != null ? String(err.name) : 'Error';
    let stack;
    try { stack = err.stack; } catch { stack = undefined; }
    stack = stack ? String(stack) : Error.prototype.toString.call(err);
    // Remove the keys node would not print twice.
    for (const k of ['name', 'message', 'stack']) {
      const i = keys.indexOf(k);
      if (i !== -1 && (typeof err[k] !== 'string' || stack.includes(err[k]))) keys.splice(i, 1);
    }
    if ('cause' in err && (keys.length === 0 || !keys.includes('cause'))) keys.push('cause');
    if (Array.isArray(err.errors) && (keys.length === 0 || !keys.includes('errors'))) keys.push('errors');
    // Like node's improveStack: make sure the class name shows.
    if (constructor === null || (name.endsWith('Error') && stack.startsWith(name) &&
        (stack.length === name.length || stack[name.length] === ':' || stack[name.length] === '\n'))) {
      let fallback = 'Error';
      if (constructor === null) {
        const start = /^([A-Z][a-z_ A-Z0-9[\]()-]+)(?::|\n\s+at)/.exec(stack) ||
          /^([a-z_A-Z0-9-]*Error)$/.exec(stack);
        fallback = (start && start[1]) || '';
        stack = stack.slice(fallback.length);
        stack = `[${fallback}: null prototype]${tag !== '' ? ` [${tag}]` : ''}${stack}`;
      } else if (constructor !== name && !name.includes(constructor) && !constructor.includes(name)) {
        stack = `${constructor} [${name}]${stack.slice(name.length)}`;
      }
    }
    let pos = (err.message && stack.indexOf(err.message)) || -1;
    if (pos !== -1) pos += err.message.length;
    const stackStart = stack.indexOf('\n    at', pos);
    if (stackStart === -1) stack = `[${stack}]`;
    if (ctx.indentationLvl !== 0) {
      const indentation = ' '.repeat(ctx.indentationLvl);
      stack = stack.replaceAll('\n', `\n${indentation}`);
    }
    return stack;
  }

  function formatArrayBuffer(ctx, value) {
    let buffer;
    try { buffer = new Uint8Array(value); } catch { return ['<detached>']; }
    const len = Math.min(ctx.maxArrayLength, buffer.length);
    let str = '';
    for (let i = 0; i < len; i++) str += (i ? ' ' : '') + buffer[i].toString(16).padStart(2, '0');
    const remaining = buffer.length - ctx.maxArrayLength;
    if (remaining > 0) str += ` ... ${remaining} more byte${remaining > 1 ? 's' : ''}`;
    return [`[Uint8Contents]: <${str}>`];
  }

  function formatArray(ctx, value, recurseTimes) {
    const valLen = value.length;
    const len = Math.min(Math.max(0, ctx.maxArrayLength), valLen);
    const remaining = valLen - len;
    const output = [];
    let holes = 0;
    const flushHoles = () => {
      if (holes > 0) {
        output.push(`<${holes} empty item${holes > 1 ? 's' : ''}>`);
        holes = 0;
      }
    };
    for (let i = 0; i < len; i++) {
      if (!hasOwn(value, i)) { holes++; continue; }
      flushHoles();
      if (output.length >= len) break;
      output.push(formatProperty(ctx, value, recurseTimes, i, kArrayType));
    }
    flushHoles();
    if (remaining > 0) output.push(`... ${remaining} more item${remaining > 1 ? 's' : ''}`);
    return output;
  }

  function formatTypedArray(ctx, value, recurseTimes) {
    const length = value.length;
    const maxLength = Math.min(Math.max(0, ctx.maxArrayLength), length);
    const remaining = length - maxLength;
    const output = new Array(maxLength);
    const bigint = typeof value[0] === 'bigint';
    for (let i = 0; i < maxLength; ++i) {
      output[i] = bigint ? `${value[i]}n` : formatNumber(value[i]);
    }
    if (remaining > 0) output[maxLength] = `... ${remaining} more item${remaining > 1 ? 's' : ''}`;
    if (ctx.showHidden) {
      ctx.indentationLvl += 2;
      for (const key of ['BYTES_PER_ELEMENT', 'length', 'byteLength', 'byteOffset', 'buffer']) {
        const str = formatValue(ctx, value[key], recurseTimes, true);
        output.push(`[${key}]: ${str}`);
      }
      ctx.indentationLvl -= 2;
    }
    return output;
  }

  function formatSet(ctx, value, recurseTimes) {
    const length = setSize.call(value);
    const maxLength = Math.min(Math.max(0, ctx.maxArrayLength), length);
    const remaining = length - maxLength;
    const output = [];
    ctx.indentationLvl += 2;
    let i = 0;
    for (const v of Set.prototype.values.call(value)) {
      if (i >= maxLength) break;
      output.push(formatValue(ctx, v, recurseTimes));
      i++;
    }
    if (remaining > 0) output.push(`... ${remaining} more item${remaining > 1 ? 's' : ''}`);
    ctx.indentationLvl -= 2;
    return output;
  }

  function formatMap(ctx, value, recurseTimes) {
    const length = mapSize.call(value);
    const maxLength = Math.min(Math.max(0, ctx.maxArrayLength), length);
    const remaining = length - maxLength;
    const output = [];
    ctx.indentationLvl += 2;
    let i = 0;
    for (const [k, v] of Map.prototype.entries.call(value)) {
      if (i >= maxLength) break;
      output.push(`${formatValue(ctx, k, recurseTimes)} => ${formatValue(ctx, v, recurseTimes)}`);
      i++;
    }
    if (remaining > 0) output.push(`... ${remaining} more item${remaining > 1 ? 's' : ''}`);
    ctx.indentationLvl -= 2;
    return output;
  }

  function formatPromise(ctx, value, recurseTimes) {
    const [state, result] = native.promiseState(value);
    if (state === 0) return ['<pending>'];
    ctx.indentationLvl += 2;
    const str = formatValue(ctx, result, recurseTimes);
    ctx.indentationLvl -= 2;
    return [state === 2 ? `<rejected> ${str}` : str];
  }

  function formatProperty(ctx, value, recurseTimes, key, type, desc) {
    let name;
    let str;
    let extra = ' ';
    desc = desc || Object.getOwnPropertyDescriptor(value, key) || { value: value[key], enumerable: true };
    if (desc.value !== undefined) {
      const diff = (ctx.compact !== true || type !== kObjectType) ? 2 : 3;
      ctx.indentationLvl += diff;
      str = formatValue(ctx, desc.value, recurseTimes);
      if (diff === 3 && ctx.breakLength < str.length) {
        extra = `\n${' '.repeat(ctx.indentationLvl)}`;
      }
      ctx.indentationLvl -= diff;
    } else if (desc.get !== undefined) {
      const label = desc.set !== undefined ? 'Getter/Setter' : 'Getter';
      if (ctx.getters && (ctx.getters === true || (ctx.getters === 'get' && desc.set === undefined) ||
          (ctx.getters === 'set' && desc.set !== undefined))) {
        try {
          const tmp = desc.get.call(value);
          ctx.indentationLvl += 2;
          if (tmp === null) str = `[${label}: null]`;
          else if (typeof tmp === 'object') str = `[${label}] ${formatValue(ctx, tmp, recurseTimes)}`;
          else str = `[${label}: ${formatPrimitive(tmp, ctx)}]`;
          ctx.indentationLvl -= 2;
        } catch (err) {
          str = `[${label}: <Inspection threw (${err.message})>]`;
        }
      } else {
        str = `[${label}]`;
      }
    } else if (desc.set !== undefined) {
      str = '[Setter]';
    } else {
      str = 'undefined';
    }
    if (type === kArrayType) return str;
    if (typeof key === 'symbol') {
      name = `[${symbolToString(key).replace(strEscapeSequencesRegExp, escapeFn)}]`;
    } else if (key === '__proto__') {
      name = "['__proto__']";
    } else if (desc.enumerable === false) {
      name = `[${key.replace(strEscapeSequencesRegExp, escapeFn)}]`;
    } else if (keyStrRegExp.exec(key) !== null) {
      name = key;
    } else {
      name = strEscape(key);
    }
    return `${name}:${extra}${str}`;
  }

  function isBelowBreakLength(ctx, output, start, base) {
    let totalLength = output.length + start;
    if (totalLength + output.length > ctx.breakLength) return false;
    for (let i = 0; i < output.length; i++) {
      totalLength += output[i].length;
      if (totalLength > ctx.breakLength) return false;
    }
    return base === '' || !base.includes('\n');
  }

  function groupArrayElements(ctx, output, value) {
    let totalLength = 0;
    let maxLength = 0;
    let i = 0;
    let outputLength = output.length;
    if (ctx.maxArrayLength < output.length) outputLength--;
    const separatorSpace = 2;
    const dataLen = new Array(outputLength);
    for (; i < outputLength; i++) {
      const len = getStringWidth(output[i]);
      dataLen[i] = len;
      totalLength += len + separatorSpace;
      if (maxLength < len) maxLength = len;
    }
    const actualMax = maxLength + separatorSpace;
    if (actualMax * 3 + ctx.indentationLvl < ctx.breakLength &&
        (totalLength / actualMax > 5 || maxLength <= 6)) {
      const approxCharHeights = 2.5;
      const averageBias = Math.sqrt(actualMax - totalLength / output.length);
      const biasedMax = Math.max(actualMax - 3 - averageBias, 1);
      const columns = Math.min(
        Math.round(Math.sqrt(approxCharHeights * biasedMax * outputLength) / biasedMax),
        Math.floor((ctx.breakLength - ctx.indentationLvl) / actualMax),
        ctx.compact * 4,
        15,
      );
      if (columns <= 1) return output;
      const tmp = [];
      const maxLineLength = [];
      for (let i = 0; i < columns; i++) {
        let lineLength = 0;
        for (let j = i; j < output.length; j += columns) {
          if (dataLen[j] > lineLength) lineLength = dataLen[j];
        }
        maxLineLength.push(lineLength + separatorSpace);
      }
      let order = String.prototype.padStart;
      if (value !== undefined) {
        for (let i = 0; i < output.length; i++) {
          if (typeof value[i] !== 'number' && typeof value[i] !== 'bigint') {
            order = String.prototype.padEnd;
            break;
          }
        }
      }
      for (let i = 0; i < outputLength; i += columns) {
        const max = Math.min(i + columns, outputLength);
        let str = '';
        let j = i;
        for (; j < max - 1; j++) {
          const padding = maxLineLength[j - i] + output[j].length - dataLen[j];
          str += order.call(`${output[j]}, `, padding, ' ');
        }
        if (order === String.prototype.padStart) {
          const padding = maxLineLength[j - i] + output[j].length - dataLen[j] - separatorSpace;
          str += output[j].padStart(padding, ' ');
        } else {
          str += output[j];
        }
        tmp.push(str);
      }
      if (ctx.maxArrayLength < output.length) tmp.push(output[outputLength]);
      output = tmp;
    }
    return output;
  }

  // node measures East Asian wide characters as two columns; approximate the common ranges.
  function getStringWidth(str) {
    let width = 0;
    for (const ch of str) {
      const code = ch.codePointAt(0);
      if (code < 0x20 || (code >= 0x7f && code < 0xa0) || (code >= 0x300 && code <= 0x36f) || code === 0x200b) continue;
      if ((code >= 0x1100 && code <= 0x115f) || (code >= 0x2e80 && code <= 0xa4cf) ||
          (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) ||
          (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) ||
          (code >= 0xffe0 && code <= 0xffe6) || (code >= 0x1f300 && code <= 0x1f64f) ||
          (code >= 0x1f900 && code <= 0x1f9ff) || (code >= 0x20000 && code <= 0x3fffd)) {
        width += 2;
      } else {
        width += 1;
      }
    }
    return width;
  }

  function reduceToSingleString(ctx, output, base, braces, extrasType, recurseTimes, value) {
    if (ctx.compact !== true) {
      if (typeof ctx.compact === 'number' && ctx.compact >= 1) {
        const entries = output.length;
        if (extrasType === kArrayExtrasType && entries > 6) {
          output = groupArrayElements(ctx, output, value);
        }
        if (ctx.currentDepth - recurseTimes < ctx.compact && entries === output.length) {
          const start = output.length + ctx.indentationLvl + braces[0].length + base.length + 10;
          if (isBelowBreakLength(ctx, output, start, base)) {
            const joinedOutput = output.join(', ');
            if (!joinedOutput.includes('\n')) {
              return `${base ? `${base} ` : ''}${braces[0]} ${joinedOutput} ${braces[1]}`;
            }
          }
        }
      }
      const indentation = `\n${' '.repeat(ctx.indentationLvl)}`;
      return `${base ? `${base} ` : ''}${braces[0]}${indentation}  ${output.join(`,${indentation}  `)}${indentation}${braces[1]}`;
    }
    if (isBelowBreakLength(ctx, output, 0, base)) {
      return `${braces[0]}${base ? ` ${base}` : ''} ${output.join(', ')} ${braces[1]}`;
    }
    const indentation = ' '.repeat(ctx.indentationLvl);
    const ln = base === '' && braces[0].length === 1 ? ' ' : `${base ? ` ${base}` : ''}\n${indentation}  `;
    return `${braces[0]}${ln}${output.join(`,\n${indentation}  `)} ${braces[1]}`;
  }

  function inspect(value, opts) {
    const ctx = {
      budget: {}, indentationLvl: 0, seen: [], currentDepth: 0, circular: undefined,
      ...defaultOptions,
    };
    if (arguments.length > 1) {
      if (typeof opts === 'boolean') {
        ctx.showHidden = opts;
        if (arguments.length > 2 && arguments[2] !== undefined) ctx.depth = arguments[2];
      } else if (opts !== null && typeof opts === 'object') {
        for (const key of Object.keys(opts)) {
          if (hasOwn(defaultOptions, key) || key === 'stylize') ctx[key] = opts[key];
        }
      }
    }
    if (ctx.maxArrayLength === null) ctx.maxArrayLength = Infinity;
    if (ctx.maxStringLength === null) ctx.maxStringLength = Infinity;
    if (ctx.depth === Infinity) ctx.depth = null;
    return formatValue(ctx, value, 0);
  }
  inspect.custom = customInspect;
  inspect.defaultOptions = defaultOptions;

  // ---------------------------------------------------------------------------------------
  // util.format
  // ---------------------------------------------------------------------------------------
  const builtInObjects = new Set(Object.getOwnPropertyNames(G).filter((e) => /^[A-Z][a-zA-Z0-9]+$/.test(e)));

  function hasBuiltInToString(value) {
    const target = native.proxyTarget(value);
    if (target !== undefined) {
      if (target === null) return true;
      value = target;
    }
    if (typeof value.toString !== 'function') return true;
    if (hasOwn(value, 'toString')) return false;
    let pointer = value;
    do {
      pointer = Object.getPrototypeOf(pointer);
    } while (pointer !== null && !hasOwn(pointer, 'toString'));
    if (pointer === null) return true;
    const descriptor = Object.getOwnPropertyDescriptor(pointer, 'constructor');
    return descriptor !== undefined && typeof descriptor.value === 'function' &&
      builtInObjects.has(descriptor.value.name);
  }

  function tryStringify(arg) {
    try {
      return JSON.stringify(arg);
    } catch (err) {
      if (err instanceof TypeError && /circular/i.test(err.message)) return '[Circular]';
      throw err;
    }
  }

  function formatWithOptions(inspectOptions, ...args) {
    const first = args[0];
    let a = 0;
    let str = '';
    let join = '';
    if (typeof first === 'string') {
      if (args.length === 1) return first;
      let tempStr;
      let lastPos = 0;
      for (let i = 0; i < first.length - 1; i++) {
        if (first.charCodeAt(i) === 37) {
          const nextChar = first.charCodeAt(++i);
          if (a + 1 !== args.length) {
            switch (nextChar) {
              case 115: {
                const tempArg = args[++a];
                if (typeof tempArg === 'number') tempStr = formatNumber(tempArg);
                else if (typeof tempArg === 'bigint') tempStr = `${tempArg}n`;
                else if (typeof tempArg !== 'object' || tempArg === null || !hasBuiltInToString(tempArg)) tempStr = String(tempArg);
                else tempStr = inspect(tempArg, { ...inspectOptions, depth: 0, colors: false, compact: 3 });
                break;
              }
              case 106: tempStr = tryStringify(args[++a]); break;
              case 100: {
                const tempNum = args[++a];
                if (typeof tempNum === 'bigint') tempStr = `${tempNum}n`;
                else if (typeof tempNum === 'symbol') tempStr = 'NaN';
                else tempStr = formatNumber(Number(tempNum));
                break;
              }
              case 79: tempStr = inspect(args[++a], inspectOptions); break;
              case 111: tempStr = inspect(args[++a], { ...inspectOptions, showHidden: true, showProxy: true, depth: 4 }); break;
              case 105: {
                const tempInteger = args[++a];
                if (typeof tempInteger === 'bigint') tempStr = `${tempInteger}n`;
                else if (typeof tempInteger === 'symbol') tempStr = 'NaN';
                else tempStr = formatNumber(Number.parseInt(tempInteger));
                break;
              }
              case 102: {
                const tempFloat = args[++a];
                if (typeof tempFloat === 'symbol') tempStr = 'NaN';
                else tempStr = formatNumber(Number.parseFloat(tempFloat));
                break;
              }
              case 99: a += 1; tempStr = ''; break;
              case 37: str += first.slice(lastPos, i); lastPos = i + 1; continue;
              default: continue;
            }
            if (lastPos !== i - 1) str += first.slice(lastPos, i - 1);
            str += tempStr;
            lastPos = i + 1;
          } else if (nextChar === 37) {
            str += first.slice(lastPos, i);
            lastPos = i + 1;
          }
        }
      }
      if (lastPos !== 0) {
        a++;
        join = ' ';
        if (lastPos < first.length) str += first.slice(lastPos);
      }
    }
    while (a < args.length) {
      const value = args[a];
      str += join;
      str += typeof value !== 'string' ? inspect(value, inspectOptions) : value;
      join = ' ';
      a++;
    }
    return str;
  }
  const format = (...args) => formatWithOptions(undefined, ...args);

  // ---------------------------------------------------------------------------------------
  // Output, console
  // ---------------------------------------------------------------------------------------
  const write = native.write;
  const counts = new Map();
  const timersByLabel = new Map();

  function emit(fd, args) {
    let string = formatWithOptions(undefined, ...args);
    const groupIndent = S.group.indent;
    if (groupIndent.length !== 0) {
      if (string.includes('\n')) string = string.replace(/\n/g, `\n${groupIndent}`);
      string = groupIndent + string;
    }
    write(fd, `${string}\n`);
  }

  function formatTime(ms) {
    let hours = 0;
    let minutes = 0;
    let seconds = 0;
    if (ms >= 1000) {
      if (ms >= 60000) {
        if (ms >= 3600000) {
          hours = Math.floor(ms / 3600000);
          ms = ms % 3600000;
        }
        minutes = Math.floor(ms / 60000);
        ms = ms % 60000;
      }
      seconds = ms / 1000;
    }
    if (hours !== 0 || minutes !== 0) {
      const parts = [hours, minutes, Math.floor(seconds)].map((n) => `${n}`.padStart(2, '0'));
      return `${parts[0] === '00' ? parts.slice(1).join(':') : parts.join(':')}.${(seconds % 1).toFixed(3).slice(2)} (${hours !== 0 ? 'h:mm' : 'm'}:ss.mmm)`;
    }
    if (seconds !== 0) return `${seconds.toFixed(3)}s`;
    return `${Number(ms.toFixed(3))}ms`;
  }

  const consoleObj = {
    trace(...args) {
      const err = new Error();
      const frames = S.rawStack(err) || '';
      const lines = frames.split('\n').filter((l) => l && !l.includes('(<codemode>'));
      emit(2, [`Trace${args.length ? ': ' : ''}${formatWithOptions(undefined, ...args)}\n${lines.join('\n')}`]);
    },
    dir(obj, options) { write(1, `${S.group.indent}${inspect(obj, { customInspect: false, ...options })}\n`); },
    dirxml(...args) { emit(1, args); },
    assert(expression, ...args) {
      if (!expression) {
        args[0] = `Assertion failed${args.length === 0 ? '' : `: ${args[0]}`}`;
        emit(2, args);
      }
    },
    count(label = 'default') {
      label = `${label}`;
      const n = (counts.get(label) || 0) + 1;
      counts.set(label, n);
      emit(1, [`${label}: ${n}`]);
    },
    countReset(label = 'default') {
      label = `${label}`;
      if (!counts.has(label)) { emit(2, [`Count for '${label}' does not exist`]); return; }
      counts.delete(label);
    },
    group(...data) {
      if (data.length > 0) emit(1, data);
      S.group.indent += '  ';
    },
    groupCollapsed(...data) { consoleObj.group(...data); },
    groupEnd() { S.group.indent = S.group.indent.slice(0, S.group.indent.length - 2); },
    time(label = 'default') {
      label = `${label}`;
      if (timersByLabel.has(label)) { emit(2, [`(node:1) Warning: Label '${label}' already exists for console.time()`]); return; }
      timersByLabel.set(label, native.now());
    },
    timeEnd(label = 'default') {
      label = `${label}`;
      if (!timersByLabel.has(label)) { emit(2, [`(node:1) Warning: No such label '${label}' for console.timeEnd()`]); return; }
      emit(1, [`${label}: ${formatTime(native.now() - timersByLabel.get(label))}`]);
      timersByLabel.delete(label);
    },
    timeLog(label = 'default', ...data) {
      label = `${label}`;
      if (!timersByLabel.has(label)) { emit(2, [`(node:1) Warning: No such label '${label}' for console.timeLog()`]); return; }
      emit(1, [`${label}: ${formatTime(native.now() - timersByLabel.get(label))}`, ...data]);
    },
    table(data, properties) { consoleTable(data, properties); },
  };

  // console.table, after node's lib/internal/cli_table.js.
  function consoleTable(tabularData, properties) {
    if (tabularData === null || typeof tabularData !== 'object') return emit(1, [tabularData]);
    const _inspect = (v) => {
      const depth = v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 2 ? -1 : 0;
      return inspect(v, { maxArrayLength: 3, breakLength: Infinity, colors: false, depth });
    };
    const getIndexArray = (length) => Array.from({ length }, (_, i) => _inspect(i));
    const mapIter = isMap(tabularData);
    let isKeyValue = false;
    let i = 0;
    const indexKey = '(index)';
    const valuesKey = 'Values';
    const iterKey = '(iteration index)';
    if (mapIter) {
      const res = [[], [], []];
      for (const [k, v] of tabularData) {
        res[0].push(_inspect(i++));
        res[1].push(_inspect(k));
        res[2].push(_inspect(v));
      }
      return write(1, renderTable([iterKey, 'Key', valuesKey], res) + '\n');
    }
    if (isSet(tabularData)) {
      const values = [...tabularData].map((v) => _inspect(v));
      return write(1, renderTable([iterKey, valuesKey], [getIndexArray(values.length), values]) + '\n');
    }
    const map = Object.create(null);
    let hasPrimitives = false;
    const valuesKeyArray = [];
    const indexKeyArray = Object.keys(tabularData);
    for (; i < indexKeyArray.length; i++) {
      const item = tabularData[indexKeyArray[i]];
      const primitive = item === null || (typeof item !== 'function' && typeof item !== 'object');
      if (properties === undefined && primitive) {
        hasPrimitives = true;
        valuesKeyArray[i] = _inspect(item);
      } else {
        const keys = properties || Object.keys(item);
        for (const key of keys) {
          map[key] ??= [];
          if ((primitive && properties) || !hasOwn(item, key)) map[key][i] = '';
          else map[key][i] = _inspect(item[key]);
        }
      }
    }
    const keys = Object.keys(map);
    const values = Object.values(map);
    if (hasPrimitives) {
      keys.push(valuesKey);
      values.push(valuesKeyArray);
    }
    keys.unshift(indexKey);
    values.unshift(indexKeyArray);
    isKeyValue = true;
    return write(1, renderTable(keys, values) + '\n');
  }

  function renderTable(head, columns) {
    const rows = [];
    const columnWidths = head.map((h) => getStringWidth(h));
    const longestColumn = Math.max(...columns.map((a) => a.length));
    for (let i = 0; i < head.length; i++) {
      const column = columns[i];
      for (let j = 0; j < longestColumn; j++) {
        if (rows[j] === undefined) rows[j] = [];
        const value = rows[j][i] = hasOwn(column, j) ? column[j] : '';
        const width = columnWidths[i] || 0;
        const counted = getStringWidth(value);
        columnWidths[i] = Math.max(width, counted);
      }
    }
    const divider = columnWidths.map((i) => '─'.repeat(i + 2));
    const renderRow = (row) => {
      let out = '';
      for (let i = 0; i < row.length; i++) {
        const cell = row[i];
        const len = getStringWidth(cell);
        out += cell + ' '.repeat(columnWidths[i] - len);
        if (i !== row.length - 1) out += ' │ ';
      }
      return `│ ${out} │`;
    };
    let result = `┌${divider.join('┬')}┐\n${renderRow(head)}\n├${divider.join('┼')}┤\n`;
    for (const row of rows) result += `${renderRow(row)}\n`;
    result += `└${divider.join('┴')}┘`;
    return S.group.indent + result.replace(/\n/g, `\n${S.group.indent}`);
  }


  function describeReceived(v) {
    if (v == null) return `${v}`;
    if (typeof v === 'function') return `function ${v.name}`;
    if (typeof v === 'object') {
      if (v.constructor && v.constructor.name) return `an instance of ${v.constructor.name}`;
      return inspect(v, { depth: -1 });
    }
    let shown = inspect(v, { colors: false });
    if (shown.length > 28) shown = `${shown.slice(0, 25)}...`;
    return `type ${typeof v} (${shown})`;
  }

  function typeName(v) {
    if (v === null) return 'null';
    if (typeof v === 'object' || typeof v === 'function') {
      return getConstructorName(v) || 'Object';
    }
    return typeof v;
  }

  // The uncaught value as { kind, message, text }; `text` is what node prints for it.
  function describeError(e) {
    if (e !== null && typeof e === 'object' && isError(e)) {
      const kind = e.name === undefined ? 'Error' : `${e.name}`;
      const message = e.message === undefined ? '' : `${e.message}`;
      let text;
      try { text = inspect(e); } catch { text = `${kind}: ${message}`; }
      if (text.startsWith('[') && text.endsWith(']') && !text.includes('\n    at')) text = text.slice(1, -1);
      return { kind, message, text };
    }
    let shown;
    try { shown = inspect(e); } catch { shown = String(e); }
    return { kind: typeName(e), message: shown, text: `Uncaught ${shown}` };
  }

  return {
    inspect, format, formatWithOptions, describeReceived, describeError, emit,
    consoleMethods: consoleObj,
    // Shared with web.js and node.js.
    hasOwn, toStr, getKeys, isDate, isRegExp, isMap, isSet, isPromise, isTypedArray, isWeakMap,
    isWeakSet, isWeakRef, isError, isArrayBuffer, isDataView, boxedKind, symbolToString,
    funcToString, dateGetTime, customInspect, getConstructorName,
    AsyncFunctionProto, GeneratorFunctionProto, AsyncGeneratorFunctionProto,
  };
})
