import fs from 'node:fs';
import { analyze } from '../dist/analyze/analyze.js';
import { extract } from '../dist/extract/extract.js';
import { contentId } from '../dist/ingest/inputs.js';
import { toRawOffset } from '../dist/model/document.js';
import { wordTokens } from '../../shared/eval/score-quotes.mjs';
const file = process.argv[2] ?? 'train';
const types = (process.argv[3] ?? 'direct,mixed').split(',');
const docs = fs.readFileSync(`../shared/corpus/quotes-dev/${file}.jsonl`, 'utf8').trim().split('\n').map(JSON.parse);
let miss = 0, tot = 0, fp = 0, np = 0;
const out = [];
for (const d of docs.slice(0, +(process.argv[4] ?? 200))) {
  const a = analyze(extract({ source: d.id, format: 'text', content: d.text, id: contentId(d.text), meta: { published: d.date } }));
  const toks = wordTokens(d.text);
  const set = (s, e) => { const r = new Set(); toks.forEach(([x, y], i) => { if (x < e && s < y) r.add(i); }); return r; };
  const jac = (A, B) => { let i = 0; for (const x of A) if (B.has(x)) i++; return i / (A.size + B.size - i || 1); };
  const preds = a.quotes.filter((q) => q.kind !== 'headline').map((q) => ({ q, s: set(toRawOffset(a, q.start), toRawOffset(a, q.end)) }));
  const gold = d.quotes.filter((q) => types.includes(q.type));
  for (const g of gold) {
    tot++;
    const gs = new Set(); for (const c of g.contents) for (const x of set(c.start, c.end)) gs.add(x);
    if (!preds.some((p) => jac(p.s, gs) >= 0.5)) {
      miss++;
      const c0 = g.contents[0];
      out.push(`MISS ${g.type} | ${d.text.slice(Math.max(0, c0.start - 120), c0.start).replace(/\n/g, ' ')} [[${g.contents.map((c) => c.text).join(' … ')}]] ${d.text.slice(g.contents.at(-1).end, g.contents.at(-1).end + 80).replace(/\n/g, ' ')}`);
    }
  }
  const gsets = d.quotes.map((g) => { const gs = new Set(); for (const c of g.contents) for (const x of set(c.start, c.end)) gs.add(x); return gs; });
  for (const p of preds) { np++; if (!gsets.some((g) => jac(p.s, g) >= 0.5)) { fp++; if (process.env.FP) out.push(`FP ${p.q.kind} | ${p.q.text.slice(0, 150)}`); } }
}
console.log(out.join('\n'));
console.log(`missed ${miss}/${tot}; predictions not matching any gold (any type) ${fp}/${np}`);
