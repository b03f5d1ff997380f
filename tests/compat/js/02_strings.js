// String methods.
const s = 'Hello, World';
console.log(s.length, s.toUpperCase(), s.toLowerCase(), s.at(-1), s.charAt(4), s.charCodeAt(0));
console.log(s.indexOf('o'), s.lastIndexOf('o'), s.includes('World'), s.startsWith('Hell'), s.endsWith('d'));
console.log(s.slice(7), s.slice(-5, -1), s.substring(3, 0), s.split(', '), s.split(''));
console.log('  pad  '.trim() + '|', '  pad  '.trimStart() + '|', '  pad  '.trimEnd() + '|');
console.log('5'.padStart(3, '0'), 'x'.padEnd(4, '-') + '|', 'ab'.repeat(3));
console.log('a-b-c'.replace('-', '+'), 'a-b-c'.replaceAll('-', '+'), 'a1b2c3'.replace(/\d/g, (d) => d * 2));
console.log('abc'.localeCompare('abd'), 'résumé'.normalize('NFD').length, 'é'.normalize('NFC').length);
console.log(String.raw`a\nb${1 + 1}`, `multi
line`);
console.log([...'héllo'], Array.from('ab'), '😀'.length, [...'😀'].length, '😀'.codePointAt(0));
console.log(String.fromCharCode(72, 105), String.fromCodePoint(128512));
console.log('a,b,,c'.split(','), 'abc'.split(''), 'one two  three'.split(/\s+/));
console.log('Title Case Words'.split(' ').map((w) => w[0]).join(''));
console.log('abc' < 'abd', 'B' < 'a', 'z'.localeCompare('a'));
console.log(encodeURIComponent('a b&c/d?é'), decodeURIComponent('%E2%9C%93'), encodeURI('http://x.y/a b'));
console.log(escape === undefined ? 'no escape' : typeof escape);
console.log('isWellFormed' in String.prototype ? 'ab'.isWellFormed() : true);
