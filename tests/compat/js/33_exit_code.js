// process.exitCode sets the code without stopping the program.
process.exitCode = 4;
setTimeout(() => console.log('timer still runs'), 5);
console.log('exitCode set to', process.exitCode);
