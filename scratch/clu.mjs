import fs from 'node:fs';
import { storyFeatures } from '../dist/stories/features.js';
import { StoryClusterer } from '../dist/stories/cluster.js';
import { analyze } from '../dist/analyze/analyze.js';
import { score } from '../../shared/eval/score-clusters.mjs';
const args = JSON.parse(process.argv[2] ?? '{}');
const fopts = { titleWeight: 3, entityWeight: 0, bodyChars: 4000, ...(args.f ?? {}) };
for (const name of (args.sets ?? ['allsides', 'uci-headlines'])) {
  const rows = fs.readFileSync(`../shared/corpus/stories-dev/${name}.jsonl`, 'utf8').trim().split('\n').map(JSON.parse);
  rows.forEach((r, i) => (r.i = i));
  rows.sort((a, b) => Date.parse(a.date) - Date.parse(b.date) || a.i - b.i);
  const c = new StoryClusterer(args.c ?? {});
  const t0 = performance.now();
  const pred = new Map(), evp = new Map();
  const asg = [];
  for (const r of rows) {
    let doc = { id: r.id, title: r.title, text: r.text, published: r.date, language: 'en' };
    if (fopts.entityWeight > 0) doc = analyze({ ...doc, externalId: null, source: r.id, url: null, outlet: r.source, format: 'text', meta: {}, sourceMap: null });
    asg.push(c.assign(storyFeatures(doc, fopts)));
  }
  for (const a of asg) pred.set(a.article, c.resolve(a.story));
  const gold = new Map(rows.map((r) => [r.id, r.cluster]));
  const s = score(gold, pred);
  const ev = new Map(asg.map((a) => [a.article, a.event]));
  const se = score(gold, ev);
  console.log(name, 'EVENT B3 F1', se.bcubed.F1.toFixed(3), 'P', se.bcubed.P.toFixed(3), 'R', se.bcubed.R.toFixed(3), 'pred', se.predClusters);
  console.log(name, 'B3 F1', s.bcubed.F1.toFixed(3), 'P', s.bcubed.P.toFixed(3), 'R', s.bcubed.R.toFixed(3), 'pairF1', s.standard.F1.toFixed(3), 'pred', s.predClusters, 'gold', s.goldClusters, ((performance.now() - t0) / rows.length).toFixed(2), 'ms/art');
}
if (args.dump) {
  // re-run allsides and print errors
}
