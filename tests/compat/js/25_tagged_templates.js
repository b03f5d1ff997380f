// Template literals and tagged templates.
function tag(strings, ...values) {
  return strings.raw.map((s, i) => `${s}${i < values.length ? `[${values[i]}]` : ''}`).join('');
}
const who = 'world';
console.log(tag`hello ${who} and ${1 + 2}!`);
console.log(tag`\n raw stays`);
function html(strings, ...values) {
  const esc = (v) => String(v).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  return strings.reduce((out, s, i) => out + s + (i < values.length ? esc(values[i]) : ''), '');
}
console.log(html`<p title="${'a"b'}">${'<script>'}</p>`);
function first(strings) { return strings; }
const a = first`x${1}y`;
const b = first`x${2}y`;
console.log(a, a.raw, Object.isFrozen(a));
console.log(`nested ${`inner ${1 + 1}`} template`, `${[1, 2]}`, `${{}}`, `${null} ${undefined}`);
console.log(String.raw`C:\path\to${'\\file'}`, `line1
line2`);
const currency = (s, ...v) => s.reduce((acc, str, i) => acc + str + (i < v.length ? `$${v[i].toFixed(2)}` : ''), '');
console.log(currency`Total: ${12.5} plus tax ${1.0375}`);
