// Web globals node has: TextEncoder/TextDecoder, atob/btoa, structuredClone, URL,
// URLSearchParams, Event, EventTarget, AbortController, AbortSignal. Loaded on first use.
'use strict';
(function (S) {
  const { native, G } = S;
  const ObjectProto = Object.prototype;
  const hasOwn = (o, k) => ObjectProto.hasOwnProperty.call(o, k);
  const toStr = (v) => ObjectProto.toString.call(v);
  const isEnumerableOwn = (o, k) => ObjectProto.propertyIsEnumerable.call(o, k);
  const defineHidden = S.defineHidden;
  const {
    inspect, isDate, isRegExp, isMap, isSet, isPromise, isTypedArray, isWeakMap, isWeakSet,
    isWeakRef, isError, isArrayBuffer, isDataView, boxedKind, symbolToString, funcToString,
    dateGetTime, customInspect,
  } = S.load('inspect');
  const rawStack = S.rawStack;
  const setTimeout = (...args) => S.load('timers').setTimeout(...args);
  const defineGlobal = () => {};
  // ---------------------------------------------------------------------------------------
  // Encoding, cloning, URL
  // ---------------------------------------------------------------------------------------
  class TextEncoder {
    get encoding() { return 'utf-8'; }
    [customInspect](depth, options) { return inspect({ encoding: 'utf-8' }, options); }
    encode(input = '') {
      const s = `${input}`;
      const out = [];
      for (let i = 0; i < s.length; i++) {
        let c = s.charCodeAt(i);
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
          const d = s.charCodeAt(i + 1);
          if (d >= 0xdc00 && d <= 0xdfff) { c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00); i++; } else c = 0xfffd;
        } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
        if (c < 0x80) out.push(c);
        else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
        else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
        else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      }
      return new Uint8Array(out);
    }
    encodeInto(src, dest) {
      const bytes = this.encode(src);
      const n = Math.min(bytes.length, dest.length);
      dest.set(bytes.subarray(0, n));
      return { read: src.length, written: n };
    }
  }
  class TextDecoder {
    constructor(label = 'utf-8', options = {}) {
      label = `${label}`.toLowerCase().trim();
      if (label !== 'utf-8' && label !== 'utf8' && label !== 'unicode-1-1-utf-8') {
        const err = new RangeError(`The "${label}" encoding is not supported`);
        err.code = 'ERR_ENCODING_NOT_SUPPORTED';
        throw err;
      }
      defineHidden(this, '_fatal', !!options.fatal);
      defineHidden(this, '_ignoreBOM', !!options.ignoreBOM);
    }
    get encoding() { return 'utf-8'; }
    [customInspect](depth, options) {
      return `TextDecoder ${inspect({ encoding: 'utf-8', fatal: this._fatal, ignoreBOM: this._ignoreBOM }, options)}`;
    }
    get fatal() { return this._fatal; }
    get ignoreBOM() { return this._ignoreBOM; }
    decode(input) {
      if (input === undefined) return '';
      let bytes;
      if (input instanceof Uint8Array) bytes = input;
      else if (ArrayBuffer.isView(input)) bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
      else bytes = new Uint8Array(input);
      let out = '';
      let i = 0;
      if (!this._ignoreBOM && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
      const fail = () => {
        if (this._fatal) {
          const err = new TypeError('The encoded data was not valid for encoding utf-8');
          err.code = 'ERR_ENCODING_INVALID_ENCODED_DATA';
          throw err;
        }
        return '\ufffd';
      };
      const chunk = [];
      const flush = () => { out += String.fromCharCode(...chunk); chunk.length = 0; };
      while (i < bytes.length) {
        const b = bytes[i];
        let cp = -1;
        let need = 0;
        if (b < 0x80) { chunk.push(b); i++; if (chunk.length > 4096) flush(); continue; }
        if (b >= 0xc2 && b <= 0xdf) { need = 1; cp = b & 0x1f; } else if (b >= 0xe0 && b <= 0xef) { need = 2; cp = b & 0xf; } else if (b >= 0xf0 && b <= 0xf4) { need = 3; cp = b & 7; } else { flush(); out += fail(); i++; continue; }
        let j = 1;
        let lower = 0x80;
        let upper = 0xbf;
        if (b === 0xe0) lower = 0xa0; else if (b === 0xed) upper = 0x9f; else if (b === 0xf0) lower = 0x90; else if (b === 0xf4) upper = 0x8f;
        for (; j <= need; j++) {
          const c = bytes[i + j];
          if (c === undefined || c < lower || c > upper) break;
          lower = 0x80; upper = 0xbf;
          cp = (cp << 6) | (c & 0x3f);
        }
        if (j <= need) { flush(); out += fail(); i += j; continue; }
        i += need + 1;
        if (cp >= 0x10000) { cp -= 0x10000; chunk.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff)); } else chunk.push(cp);
        if (chunk.length > 4096) flush();
      }
      flush();
      return out;
    }
  }

  const b64chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  function invalidCharacter(message) {
    const e = new Error(message);
    e.name = 'InvalidCharacterError';
    e.code = 5;
    return e;
  }
  const btoa = function btoa(input) {
    if (arguments.length === 0) throw new TypeError('The "data" argument must be specified');
    const s = `${input}`;
    let out = '';
    for (let i = 0; i < s.length; i += 3) {
      const a = s.charCodeAt(i);
      const b = s.charCodeAt(i + 1);
      const c = s.charCodeAt(i + 2);
      if (a > 255 || b > 255 || c > 255) throw invalidCharacter('Invalid character');
      const n = (a << 16) | ((b || 0) << 8) | (c || 0);
      out += b64chars[n >> 18] + b64chars[(n >> 12) & 63] +
        (i + 1 < s.length ? b64chars[(n >> 6) & 63] : '=') + (i + 2 < s.length ? b64chars[n & 63] : '=');
    }
    return out;
  };
  const atob = function atob(input) {
    if (arguments.length === 0) throw new TypeError('The "data" argument must be specified');
    let s = `${input}`.replace(/[\t\n\f\r ]/g, '');
    if (s.length % 4 === 0) s = s.replace(/==?$/, '');
    if (s.length % 4 === 1 || /[^A-Za-z0-9+/]/.test(s)) throw invalidCharacter('The string to be decoded is not correctly encoded.');
    let out = '';
    let buffer = 0;
    let bits = 0;
    for (const ch of s) {
      buffer = (buffer << 6) | b64chars.indexOf(ch);
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out += String.fromCharCode((buffer >> bits) & 255);
      }
    }
    return out;
  };

  function dataCloneError(message) {
    const e = new Error(message);
    e.name = 'DataCloneError';
    e.code = 25;
    return e;
  }
  const structuredClone = function structuredClone(value, options) {
    if (arguments.length === 0) throw new TypeError('The "value" argument must be specified');
    const memory = new Map();
    const clone = (v) => {
      if (typeof v === 'symbol') throw dataCloneError(`${symbolToString(v)} could not be cloned.`);
      if (typeof v === 'function') throw dataCloneError(`${funcToString.call(v)} could not be cloned.`);
      if (v === null || typeof v !== 'object') return v;
      if (memory.has(v)) return memory.get(v);
      let out;
      if (Array.isArray(v)) {
        out = new Array(v.length);
        memory.set(v, out);
        for (const k of Object.keys(v)) out[k] = clone(v[k]);
        return out;
      }
      if (isDate(v)) { out = new Date(dateGetTime.call(v)); memory.set(v, out); return out; }
      if (isRegExp(v)) { out = new RegExp(v.source, v.flags); memory.set(v, out); return out; }
      if (isMap(v)) {
        out = new Map(); memory.set(v, out);
        for (const [k, val] of Map.prototype.entries.call(v)) out.set(clone(k), clone(val));
        return out;
      }
      if (isSet(v)) {
        out = new Set(); memory.set(v, out);
        for (const val of Set.prototype.values.call(v)) out.add(clone(val));
        return out;
      }
      if (isArrayBuffer(v)) { out = v.slice(0); memory.set(v, out); return out; }
      if (isTypedArray(v)) {
        const buffer = clone(v.buffer);
        out = new v.constructor(buffer, v.byteOffset, v.length);
        memory.set(v, out);
        return out;
      }
      if (isDataView(v)) { out = new DataView(clone(v.buffer), v.byteOffset, v.byteLength); memory.set(v, out); return out; }
      if (isError(v)) {
        const ctors = { EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError };
        const Ctor = ctors[v.name] || Error;
        out = Object.create(Ctor.prototype);
        memory.set(v, out);
        defineHidden(out, 'message', `${v.message}`);
        if (v.name !== Ctor.name && v.name !== undefined) { /* node keeps only the standard names */ }
        if ('cause' in v) defineHidden(out, 'cause', clone(v.cause));
        const s = rawStack(v);
        if (s !== undefined) defineHidden(out, 'stack', v.stack);
        return out;
      }
      const boxed = boxedKind(v);
      if (boxed !== undefined) {
        if (typeof boxed[1] === 'symbol') throw dataCloneError('Symbol object could not be cloned.');
        out = Object(boxed[1]);
        memory.set(v, out);
        return out;
      }
      if (isPromise(v) || isWeakMap(v) || isWeakSet(v) || isWeakRef(v) || native.proxyTarget(v) !== undefined) {
        throw dataCloneError(`${inspect(v)} could not be cloned.`);
      }
      out = {};
      memory.set(v, out);
      for (const k of Object.keys(v)) out[k] = clone(v[k]);
      return out;
    };
    void options;
    return clone(value);
  };

  // URLSearchParams and URL: the WHATWG shapes for http(s)-like and opaque URLs.
  const formEncode = (s) => encodeURIComponent(s).replace(/%20/g, '+').replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const formDecode = (s) => {
    try { return decodeURIComponent(s.replace(/\+/g, ' ')); } catch { return s; }
  };
  const kList = Symbol('list');
  const kUrl = Symbol('url');
  class URLSearchParams {
    constructor(init = '') {
      this[kList] = [];
      this[kUrl] = null;
      if (init instanceof URLSearchParams) this[kList] = init[kList].map(([k, v]) => [k, v]);
      else if (typeof init === 'object' && init !== null) {
        if (typeof init[Symbol.iterator] === 'function') {
          for (const pair of init) {
            const p = [...pair];
            if (p.length !== 2) throw new TypeError('Each query pair must be an iterable [name, value] tuple');
            this[kList].push([`${p[0]}`, `${p[1]}`]);
          }
        } else {
          for (const k of Object.keys(init)) this[kList].push([k, `${init[k]}`]);
        }
      } else {
        this._parse(`${init}`);
      }
    }
    _parse(s) {
      this[kList] = [];
      if (s.startsWith('?')) s = s.slice(1);
      for (const part of s.split('&')) {
        if (part === '') continue;
        const i = part.indexOf('=');
        const k = i === -1 ? part : part.slice(0, i);
        const v = i === -1 ? '' : part.slice(i + 1);
        this[kList].push([formDecode(k), formDecode(v)]);
      }
    }
    _update() { if (this[kUrl]) this[kUrl]._setSearchFromParams(this.toString()); }
    get size() { return this[kList].length; }
    append(k, v) { this[kList].push([`${k}`, `${v}`]); this._update(); }
    delete(k, v) {
      k = `${k}`;
      this[kList] = this[kList].filter(([a, b]) => !(a === k && (v === undefined || b === `${v}`)));
      this._update();
    }
    get(k) { const e = this[kList].find(([a]) => a === `${k}`); return e ? e[1] : null; }
    getAll(k) { return this[kList].filter(([a]) => a === `${k}`).map(([, b]) => b); }
    has(k, v) { return this[kList].some(([a, b]) => a === `${k}` && (v === undefined || b === `${v}`)); }
    set(k, v) {
      k = `${k}`;
      const i = this[kList].findIndex(([a]) => a === k);
      if (i === -1) this[kList].push([k, `${v}`]);
      else {
        this[kList][i][1] = `${v}`;
        this[kList] = this[kList].filter(([a], j) => a !== k || j === i);
      }
      this._update();
    }
    sort() {
      this[kList] = this[kList].map((e, i) => [e, i]).sort((x, y) => (x[0][0] < y[0][0] ? -1 : x[0][0] > y[0][0] ? 1 : x[1] - y[1])).map(([e]) => e);
      this._update();
    }
    forEach(cb, thisArg) { for (const [k, v] of this[kList]) cb.call(thisArg, v, k, this); }
    keys() { return this[kList].map(([k]) => k)[Symbol.iterator](); }
    values() { return this[kList].map(([, v]) => v)[Symbol.iterator](); }
    entries() { return this[kList].map(([k, v]) => [k, v])[Symbol.iterator](); }
    [Symbol.iterator]() { return this.entries(); }
    toString() { return this[kList].map(([k, v]) => `${formEncode(k)}=${formEncode(v)}`).join('&'); }
    get [Symbol.toStringTag]() { return 'URLSearchParams'; }
    [customInspect](depth, options) {
      if (this[kList].length === 0) return 'URLSearchParams {}';
      const parts = this[kList].map(([k, v]) => `${inspect(k)} => ${inspect(v)}`);
      const one = `URLSearchParams { ${parts.join(', ')} }`;
      return one.length <= 80 ? one : `URLSearchParams {\n  ${parts.join(',\n  ')} }`;
    }
  }

  const specialPorts = { 'ftp:': '21', 'file:': '', 'http:': '80', 'https:': '443', 'ws:': '80', 'wss:': '443' };
  const invalidUrl = (input) => {
    const e = new TypeError('Invalid URL');
    e.code = 'ERR_INVALID_URL';
    e.input = input;
    return e;
  };
  const pathEncode = (s, set) => s.replace(set, (c) => encodeURIComponent(c));
  const PATH_SET = /[\x00-\x20"#<>?`{}\x7f-\uffff]/g;
  const QUERY_SET = /[\x00-\x20"#<>\x7f-\uffff]/g;
  const SPECIAL_QUERY_SET = /[\x00-\x20"#<>'\x7f-\uffff]/g;
  const FRAGMENT_SET = /[\x00-\x20"<>`\x7f-\uffff]/g;
  const USERINFO_SET = /[\x00-\x20"#<>?`{}/:;=@[\\\]^|\x7f-\uffff]/g;

  function normalizePath(path, special) {
    const segments = path.split(special ? /[/\\]/ : '/');
    const out = [];
    for (let i = 1; i < segments.length; i++) {
      const seg = segments[i];
      const lower = seg.toLowerCase();
      const last = i === segments.length - 1;
      if (seg === '..' || lower === '.%2e' || lower === '%2e.' || lower === '%2e%2e') {
        out.pop();
        if (last) out.push('');
      } else if (seg === '.' || lower === '%2e') {
        if (last) out.push('');
      } else {
        out.push(pathEncode(seg, PATH_SET));
      }
    }
    return `/${out.join('/')}`;
  }

  function parseUrl(input, base) {
    let s = `${input}`.replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, '').replace(/[\t\n\r]/g, '');
    const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$/s.exec(s);
    const r = { protocol: '', username: '', password: '', hostname: '', port: '', pathname: '', search: '', hash: '', opaque: false };
    let rest;
    if (m) {
      r.protocol = `${m[1].toLowerCase()}:`;
      rest = m[2];
    } else {
      if (!base) throw invalidUrl(input);
      const b = base;
      r.protocol = b.protocol;
      if (s.startsWith('//') || (r.protocol in specialPorts && /^[/\\]{2}/.test(s))) {
        rest = s;
      } else {
        if (b.opaque) {
          if (!s.startsWith('#')) throw invalidUrl(input);
          Object.assign(r, { ...b, hash: '' });
          r.hash = s.length > 1 ? pathEncode(s, FRAGMENT_SET) : '';
          return r;
        }
        Object.assign(r, { username: b.username, password: b.password, hostname: b.hostname, port: b.port });
        let hashIdx = s.indexOf('#');
        let hash = '';
        if (hashIdx !== -1) { hash = s.slice(hashIdx); s = s.slice(0, hashIdx); }
        let qIdx = s.indexOf('?');
        let query = null;
        if (qIdx !== -1) { query = s.slice(qIdx); s = s.slice(0, qIdx); }
        const special = r.protocol in specialPorts;
        if (s === '') {
          r.pathname = b.pathname;
          r.search = query === null ? b.search : query.length > 1 ? pathEncode(query, special ? SPECIAL_QUERY_SET : QUERY_SET) : '';
        } else {
          let path;
          if (s.startsWith('/') || (special && s.startsWith('\\'))) path = s;
          else path = b.pathname.slice(0, b.pathname.lastIndexOf('/') + 1) + s;
          r.pathname = normalizePath(path, special);
          r.search = query !== null && query.length > 1 ? pathEncode(query, special ? SPECIAL_QUERY_SET : QUERY_SET) : '';
        }
        r.hash = hash.length > 1 ? pathEncode(hash, FRAGMENT_SET) : '';
        return r;
      }
    }
    const special = r.protocol in specialPorts;
    let hash = '';
    const hashIdx = rest.indexOf('#');
    if (hashIdx !== -1) { hash = rest.slice(hashIdx); rest = rest.slice(0, hashIdx); }
    let query = '';
    const qIdx = rest.indexOf('?');
    if (qIdx !== -1) { query = rest.slice(qIdx); rest = rest.slice(0, qIdx); }
    if (special && r.protocol !== 'file:') rest = rest.replace(/^[/\\]*/, '//');
    if (rest.startsWith('//') || (special && /^[/\\]{2}/.test(rest))) {
      rest = rest.slice(2);
      const slash = special ? rest.search(/[/\\]/) : rest.indexOf('/');
      let authority = slash === -1 ? rest : rest.slice(0, slash);
      let path = slash === -1 ? '' : rest.slice(slash);
      const at = authority.lastIndexOf('@');
      if (at !== -1) {
        const userinfo = authority.slice(0, at);
        authority = authority.slice(at + 1);
        const colon = userinfo.indexOf(':');
        r.username = pathEncode(colon === -1 ? userinfo : userinfo.slice(0, colon), USERINFO_SET);
        r.password = colon === -1 ? '' : pathEncode(userinfo.slice(colon + 1), USERINFO_SET);
      }
      const pm = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(authority);
      if (!pm) throw invalidUrl(input);
      let host = pm[1];
      if (special) {
        try { host = decodeURIComponent(host); } catch { throw invalidUrl(input); }
        host = host.toLowerCase();
        if (host === '' && r.protocol !== 'file:') throw invalidUrl(input);
        if (/[\x00-\x20#%/:<>?@[\\\]^|]/.test(host.replace(/^\[.*\]$/, ''))) throw invalidUrl(input);
        if (/^[0-9.]+$/.test(host) && host.split('.').length === 4) {
          const parts = host.split('.').map(Number);
          if (parts.some((p) => p > 255)) throw invalidUrl(input);
          host = parts.join('.');
        }
      }
      r.hostname = host;
      if (pm[2] !== undefined && pm[2] !== '') {
        const port = Number(pm[2]);
        if (port > 65535) throw invalidUrl(input);
        r.port = specialPorts[r.protocol] === `${port}` ? '' : `${port}`;
      }
      r.pathname = special ? normalizePath(path === '' ? '/' : path, true) : (path === '' ? '' : normalizePath(path, false));
    } else if (rest.startsWith('/')) {
      r.pathname = normalizePath(rest, special);
    } else {
      r.opaque = true;
      r.pathname = rest.replace(/[\x00-\x1f\x7f-\uffff]/g, (c) => encodeURIComponent(c));
    }
    r.search = query.length > 1 ? pathEncode(query, special ? SPECIAL_QUERY_SET : QUERY_SET) : '';
    r.hash = hash.length > 1 ? pathEncode(hash, FRAGMENT_SET) : '';
    return r;
  }

  class URL {
    constructor(input, base) {
      let baseRecord;
      if (base !== undefined) baseRecord = parseUrl(base instanceof URL ? base.href : base);
      this._r = parseUrl(input instanceof URL ? input.href : input, baseRecord);
      this._params = new URLSearchParams(this._r.search);
      this._params[kUrl] = this;
      Object.defineProperty(this, '_r', { enumerable: false });
      Object.defineProperty(this, '_params', { enumerable: false });
    }
    static canParse(input, base) { try { new URL(input, base); return true; } catch { return false; } }
    _setSearchFromParams(s) { this._r.search = s === '' ? '' : `?${s}`; }
    get href() {
      const r = this._r;
      let out = r.protocol;
      if (!r.opaque && (r.hostname !== '' || r.protocol in specialPorts || r.username)) {
        out += '//';
        if (r.username || r.password) out += `${r.username}${r.password ? `:${r.password}` : ''}@`;
        out += r.hostname + (r.port ? `:${r.port}` : '');
      }
      return out + r.pathname + r.search + r.hash;
    }
    set href(v) { this._r = parseUrl(v); this._params._parse(this._r.search); }
    get origin() {
      const r = this._r;
      if (r.protocol in specialPorts && r.protocol !== 'file:') return `${r.protocol}//${r.hostname}${r.port ? `:${r.port}` : ''}`;
      return 'null';
    }
    get protocol() { return this._r.protocol; }
    set protocol(v) { const p = `${v}`.replace(/:.*$/, '').toLowerCase(); if (/^[a-z][a-z0-9+.-]*$/.test(p)) this._r.protocol = `${p}:`; }
    get username() { return this._r.username; }
    set username(v) { this._r.username = pathEncode(`${v}`, USERINFO_SET); }
    get password() { return this._r.password; }
    set password(v) { this._r.password = pathEncode(`${v}`, USERINFO_SET); }
    get host() { return this._r.hostname + (this._r.port ? `:${this._r.port}` : ''); }
    set host(v) { const [h, p] = `${v}`.split(':'); this._r.hostname = h.toLowerCase(); if (p !== undefined) this.port = p; }
    get hostname() { return this._r.hostname; }
    set hostname(v) { this._r.hostname = `${v}`.toLowerCase(); }
    get port() { return this._r.port; }
    set port(v) {
      const s = `${v}`;
      if (s === '') { this._r.port = ''; return; }
      const m = /^\d+/.exec(s);
      if (m && Number(m[0]) <= 65535) this._r.port = specialPorts[this._r.protocol] === `${Number(m[0])}` ? '' : `${Number(m[0])}`;
    }
    get pathname() { return this._r.pathname; }
    set pathname(v) { if (!this._r.opaque) this._r.pathname = normalizePath(`${v}`.startsWith('/') ? `${v}` : `/${v}`, this._r.protocol in specialPorts); }
    get search() { return this._r.search.length > 1 ? this._r.search : ''; }
    set search(v) {
      let s = `${v}`;
      if (s.startsWith('?')) s = s.slice(1);
      this._r.search = s === '' ? '' : `?${pathEncode(s, this._r.protocol in specialPorts ? SPECIAL_QUERY_SET : QUERY_SET)}`;
      this._params._parse(this._r.search);
    }
    get searchParams() { return this._params; }
    get hash() { return this._r.hash.length > 1 ? this._r.hash : ''; }
    set hash(v) { let s = `${v}`; if (s.startsWith('#')) s = s.slice(1); this._r.hash = s === '' ? '' : `#${pathEncode(s, FRAGMENT_SET)}`; }
    toString() { return this.href; }
    toJSON() { return this.href; }
    get [Symbol.toStringTag]() { return 'URL'; }
    [customInspect](depth, options) {
      const obj = {
        href: this.href, origin: this.origin, protocol: this.protocol, username: this.username,
        password: this.password, host: this.host, hostname: this.hostname, port: this.port,
        pathname: this.pathname, search: this.search, searchParams: this.searchParams, hash: this.hash,
      };
      if (depth < 0) return '[URL]';
      return `URL ${inspect(obj, { ...options, depth })}`;
    }
  }

  // AbortController / AbortSignal / Event / EventTarget, the small subset scripts use.
  class Event {
    constructor(type, init = {}) { this.type = `${type}`; this.defaultPrevented = false; this.cancelable = !!init.cancelable; this.timeStamp = native.now(); }
    preventDefault() { if (this.cancelable) this.defaultPrevented = true; }
    stopPropagation() {}
    stopImmediatePropagation() { this._stop = true; }
  }
  class EventTarget {
    constructor() { defineHidden(this, '_listeners', new Map()); }
    addEventListener(type, listener, options) {
      if (!listener) return;
      const once = typeof options === 'object' && options !== null && !!options.once;
      if (!this._listeners.has(type)) this._listeners.set(type, []);
      const l = this._listeners.get(type);
      if (!l.some((e) => e.listener === listener)) l.push({ listener, once });
    }
    removeEventListener(type, listener) {
      const l = this._listeners.get(type);
      if (l) this._listeners.set(type, l.filter((e) => e.listener !== listener));
    }
    dispatchEvent(event) {
      const l = this._listeners.get(event.type);
      if (!l) return !event.defaultPrevented;
      defineHidden(event, 'target', this);
      defineHidden(event, 'currentTarget', this);
      for (const e of [...l]) {
        if (e.once) this.removeEventListener(event.type, e.listener);
        if (typeof e.listener === 'function') e.listener.call(this, event);
        else e.listener.handleEvent(event);
        if (event._stop) break;
      }
      return !event.defaultPrevented;
    }
  }
  class AbortSignal extends EventTarget {
    constructor() { super(); this.aborted = false; this.reason = undefined; this.onabort = null; }
    [customInspect](depth, options) { return `AbortSignal ${inspect({ aborted: this.aborted }, options)}`; }
    throwIfAborted() { if (this.aborted) throw this.reason; }
    static abort(reason) { const c = new AbortController(); c.abort(reason); return c.signal; }
    static timeout(ms) {
      const c = new AbortController();
      setTimeout(() => { const e = new Error('The operation was aborted due to timeout'); e.name = 'TimeoutError'; e.code = 23; c.abort(e); }, ms).unref();
      return c.signal;
    }
  }
  class AbortController {
    constructor() { defineHidden(this, 'signal', new AbortSignal()); }
    [customInspect](depth, options) { return `AbortController ${inspect({ signal: this.signal }, options)}`; }
    abort(reason) {
      const s = this.signal;
      if (s.aborted) return;
      s.aborted = true;
      if (reason === undefined) { reason = new Error('This operation was aborted'); reason.name = 'AbortError'; reason.code = 20; }
      s.reason = reason;
      const ev = new Event('abort');
      if (typeof s.onabort === 'function') s.onabort.call(s, ev);
      s.dispatchEvent(ev);
    }
  }

  return {
    TextEncoder, TextDecoder, atob, btoa, structuredClone, URL, URLSearchParams, Event,
    EventTarget, AbortController, AbortSignal,
  };
})
