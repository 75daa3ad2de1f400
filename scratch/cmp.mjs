const [a, b] = process.argv.slice(2);
const A = JSON.parse(require('fs').readFileSync(a)), B = JSON.parse(require('fs').readFileSync(b));
