import fs from 'node:fs';
import { analyze } from '../dist/analyze/analyze.js';
import { extract } from '../dist/extract/extract.js';
import { contentId } from '../dist/ingest/inputs.js';
import { toRawOffset } from '../dist/model/document.js';
import { wordTokens } from '../../shared/eval/score-quotes.mjs';
const docs = fs.readFileSync('../shared/corpus/quotes-dev/train.jsonl', 'utf8').trim().split('\n').map(JSON.parse).slice(0, 200);
const cues = new Map(); let miss = 0, tot = 0;
const ex = [];
for (const d of docs) {
  const a = analyze(extract({ source: d.id, format: 'text', content: d.text, id: contentId(d.text), meta: { published: d.date } }));
  const toks = wordTokens(d.text);
  const set = (s, e) => { const r = new Set(); toks.forEach(([x, y], i) => { if (x < e && s < y) r.add(i); }); return r; };
  const jac = (A, B) => { let i = 0; for (const x of A) if (B.has(x)) i++; return i / (A.size + B.size - i || 1); };
  const preds = a.quotes.filter((q) => q.kind !== 'headline').map((q) => set(toRawOffset(a, q.start), toRawOffset(a, q.end)));
  for (const g of d.quotes) {
    if (g.type === 'direct' || g.type === 'mixed') continue;
    tot++;
    const gs = new Set(); for (const c of g.contents) for (const x of set(c.start, c.end)) gs.add(x);
    if (!preds.some((p) => jac(p, gs) >= 0.5)) {
      miss++;
      const cue = (g.cue ?? []).map((c) => c.text.toLowerCase()).join(' ');
      cues.set(cue, (cues.get(cue) ?? 0) + 1);
      if (ex.length < 40 && /^(said|says|say|told)$/.test(cue)) ex.push(`${cue} | ${d.text.slice(Math.max(0, g.contents[0].start - 100), g.contents.at(-1).end + 30).replace(/\n/g, ' ')}`);
    }
  }
}
console.log('indirect missed', miss, '/', tot);
console.log([...cues].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([c, n]) => `${n} ${c}`).join(' | '));
console.log(ex.join('\n'));
