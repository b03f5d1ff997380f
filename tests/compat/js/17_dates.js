// Dates with fixed timestamps, printed in UTC.
const d = new Date(Date.UTC(2024, 1, 29, 13, 45, 30, 123));
console.log(d.toISOString(), d.getTime(), d.valueOf() === +d);
console.log(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCDay(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
console.log(d, [d], { when: d });
console.log(JSON.stringify(d), d.toJSON());
console.log(new Date(0).toISOString(), new Date('2020-01-01T00:00:00Z').getTime(), Date.UTC(1970, 0, 1));
console.log(new Date('invalid'), String(new Date(NaN)), isNaN(new Date('x')), new Date(8.64e15 + 1).getTime());
const e = new Date(d);
e.setUTCDate(e.getUTCDate() + 1);
console.log(e.toISOString(), (e - d) / 36e5, 'hours later');
e.setUTCMonth(11, 31);
console.log(e.toISOString());
console.log(new Date(Date.parse('2000-06-15T10:20:30.000Z')).toISOString(), Date.parse('2000-06-15T10:20:30Z'));
console.log(new Date(2020, 0, 1, 0, 0, 0) instanceof Date, typeof Date.now(), Date.now() > 1.6e12);
console.log(d.toUTCString());
const days = Math.round((Date.UTC(2025, 0, 1) - Date.UTC(2024, 0, 1)) / 86400000);
console.log('days in 2024:', days);
console.log(new Date(-1).toISOString(), new Date(Date.UTC(-100, 0, 1)).toISOString(), new Date(Date.UTC(10000, 0, 1)).toISOString());
