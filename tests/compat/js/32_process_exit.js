// process.exit stops everything at once, with the given code.
console.log('before exit');
setTimeout(() => console.log('timer never runs'), 0);
Promise.resolve().then(() => {
  console.log('microtask runs first');
  try {
    process.exit(3);
  } finally {
    console.log('finally does not run');
  }
});
console.log('still synchronous');
