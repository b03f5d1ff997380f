// console.log format specifiers and argument joining.
console.log('%s|%s|%s', 'str', 42, { a: 1 });
console.log('%d %i %f', '42.9', 42.9, '3.5xyz');
console.log('%d %i', 10n, -7.8);
console.log('%j', { json: [1, 'two'] });
console.log('%o', [1, 2]);
console.log('%O', { deep: { deeper: { deepest: { x: 1 } } } });
console.log('100%% sure', 'extra');
console.log('%s', 'only one', 'and more', 3);
console.log('%x unknown %s', 'val');
console.log('%s and %s', 'one');
console.log('%c styled', 'color: red');
console.log(42, '%s', 'not a format');
console.log('%s', null, undefined, -0, 5n);
console.log('%s', [1, [2, [3]]], '%s', Symbol('sym'));
console.log('a\nb', 'c');
console.log();
console.log('');
console.log(' leading space', 'trailing ');
class Custom { toString() { return 'custom toString'; } }
console.log('%s', new Custom(), '%s');
console.log('%s', new Error('err in %s').message);
