import { loadDir } from '../../shared/eval/score-timex.mjs';
const re = new RegExp(process.argv[2], 'i');
const counts = new Map();
for (const part of ['TimeBank', 'AQUAINT']) for (const d of loadDir(`../shared/corpus/figures-dev/timeml/${part}`)) for (const g of d.gold) if (re.test(g.text)) { const k = `${g.text} | ${g.type} ${g.value} | dct ${d.dct?.slice(0, 10)}`; counts.set(k, (counts.get(k) ?? 0) + 1); }
for (const [k, n] of [...counts].slice(0, 40)) console.log(n, k);
