import fs from 'node:fs';
import { analyze } from '../dist/analyze/analyze.js';
import { summarize, centroidSummary } from '../dist/brief/summary.js';
import { rougeN } from '../dist/eval/rouge.js';
const dir = '../shared/corpus/stories-dev';
const arts = fs.readFileSync(dir + '/allsides.jsonl', 'utf8').trim().split('\n').map(JSON.parse);
const rus = fs.readFileSync(dir + '/allsides-roundups.jsonl', 'utf8').trim().split('\n').map(JSON.parse);
const by = new Map(); for (const a of arts) by.set(a.cluster, [...(by.get(a.cluster) ?? []), a]);
const an = new Map(arts.map((r) => [r.id, analyze({ id: r.id, externalId: r.id, source: r.id, url: null, title: r.title, outlet: r.source, published: r.date, language: 'en', format: 'text', text: r.text, meta: {}, sourceMap: null })]));
const opts = JSON.parse(process.argv[2] ?? '{}');
let s1 = 0, s2 = 0, c1 = 0, c2 = 0, l1 = 0, l2 = 0, n = 0;
for (const r of rus) {
  const rows = by.get(r.cluster); if (!rows) continue;
  const ref = (r.roundup.length > 1 ? r.roundup.slice(0, -1) : r.roundup).join(' ');
  const A = rows.map((x) => an.get(x.id));
  const ours = summarize(A, opts).map((s) => s.text).join(' ');
  const len = ours.split(/\s+/).length;
  const cen = centroidSummary(A, len).map((s) => s.text).join(' ');
  const centre = rows.find((x) => x.lean === 'center') ?? rows[0];
  const lead = centre.text.split(/\s+/).slice(0, len).join(' ');
  s1 += rougeN(ours, ref, 1).f1; s2 += rougeN(ours, ref, 2).f1; c1 += rougeN(cen, ref, 1).f1; c2 += rougeN(cen, ref, 2).f1; l1 += rougeN(lead, ref, 1).f1; l2 += rougeN(lead, ref, 2).f1; n++;
}
console.log(JSON.stringify(opts), 'ours', (s1 / n).toFixed(4), (s2 / n).toFixed(4), 'centroid', (c1 / n).toFixed(4), (c2 / n).toFixed(4), 'lead', (l1 / n).toFixed(4), (l2 / n).toFixed(4));
