import { loadDir } from '../../shared/eval/score-timex.mjs';
import { findDates } from '../dist/analyze/dates.js';
import fs from 'node:fs';
const part = process.argv[2] ?? 'TimeBank';
const docs = loadDir(`../shared/corpus/figures-dev/timeml/${part}`);
const wrong = [], missed = [], spurious = [];
for (const d of docs) {
  const preds = findDates(d.text, d.dct ? d.dct.slice(0, 10) : null);
  for (const g of d.gold) {
    const p = preds.find((x) => x.start < g.end && g.start < x.end);
    if (!p) missed.push(`${g.type} ${g.value} | ${g.text} | dct ${d.dct}`);
    else if ((p.value ?? '') !== g.value) wrong.push(`${g.type}/${p.type} gold=${g.value} pred=${p.value} | "${g.text}" vs "${p.text}" | dct ${d.dct?.slice(0, 10)}`);
  }
  for (const p of preds) if (!d.gold.some((g) => p.start < g.end && g.start < p.end)) spurious.push(`${p.type} ${p.value} | ${p.text}`);
}
console.log('WRONG', wrong.length, 'MISSED', missed.length, 'SPURIOUS', spurious.length);
const mode = process.argv[3] ?? 'wrong';
console.log((mode === 'wrong' ? wrong : mode === 'missed' ? missed : spurious).join('\n'));
