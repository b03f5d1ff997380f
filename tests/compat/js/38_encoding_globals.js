// Web globals node has: TextEncoder/TextDecoder, atob/btoa, structuredClone, URL, AbortController.
const enc = new TextEncoder();
const bytes = enc.encode('€uro ✓ 😀');
console.log(bytes.length, Array.from(bytes.slice(0, 3)), new TextDecoder().decode(bytes));
console.log(new TextDecoder().decode(new Uint8Array([0xff, 0x41])), enc.encoding);
console.log(btoa('hello world'), atob('aGVsbG8gd29ybGQ='), btoa(''), atob('YQ'));
try { btoa('€'); } catch (e) { console.log('btoa throws', e.name); }
const original = { d: new Date(0), m: new Map([[1, { deep: [1, 2] }]]), s: new Set([1]), r: /x/gi, n: null, arr: [1, [2]] };
original.self = original;
const copy = structuredClone(original);
console.log(copy.d instanceof Date, copy.d.getTime(), copy.m.get(1), copy.s.has(1), copy.r.flags, copy.self === copy, copy.arr[1] !== original.arr[1]);
try { structuredClone({ f() {} }); } catch (e) { console.log('clone fails for functions:', e.name); }
const u = new URL('https://user:pw@Example.com:8080/a/b/../c?x=1&y=two#frag');
console.log(u.href, u.protocol, u.host, u.hostname, u.port, u.pathname, u.search, u.hash, u.origin, u.username);
console.log(u.searchParams.get('y'), [...u.searchParams.keys()]);
u.searchParams.append('z', 'a b');
console.log(u.search, String(u));
console.log(new URL('../up?q', 'http://h.com/a/b/c').href, new URL('//other.org/p', 'https://h.com').href);
const params = new URLSearchParams({ q: 'search term', page: '2' });
params.set('page', '3');
console.log(params.toString(), params.has('q'), params.get('missing'));
console.log(new URLSearchParams('a=1&a=2&b=%20x').getAll('a'), new URLSearchParams('a=1&b=2').size);
try { new URL('not a url'); } catch (e) { console.log(e.name, e.code); }
const ac = new AbortController();
ac.signal.addEventListener('abort', () => console.log('aborted:', ac.signal.aborted));
ac.abort();
console.log(typeof performance.now(), performance.now() >= 0);
