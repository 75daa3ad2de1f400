import fs from 'node:fs';
import { storyFeatures } from '../dist/stories/features.js';
import { StoryClusterer } from '../dist/stories/cluster.js';
const args = JSON.parse(process.argv[2] ?? '{}');
const name = args.set ?? 'allsides';
const rows = fs.readFileSync(`../shared/corpus/stories-dev/${name}.jsonl`, 'utf8').trim().split('\n').map(JSON.parse);
rows.forEach((r, i) => (r.i = i));
rows.sort((a, b) => Date.parse(a.date) - Date.parse(b.date) || a.i - b.i);
const c = new StoryClusterer(args.c ?? {});
const asg = rows.map((r) => c.assign(storyFeatures({ id: r.id, title: r.title, text: r.text, published: r.date, language: 'en' }, { titleWeight: 3, entityWeight: 0, bodyChars: 4000, ...(args.f ?? {}) })));
const pred = new Map(asg.map((a) => [a.article, args.event ? a.event : c.resolve(a.story)]));
const byPred = new Map();
for (const r of rows) { const p = pred.get(r.id); (byPred.get(p) || byPred.set(p, []).get(p)).push(r); }
const byGold = new Map();
for (const r of rows) (byGold.get(r.cluster) || byGold.set(r.cluster, []).get(r.cluster)).push(r);
let n = 0;
console.log('=== MERGED (pred clusters with >1 gold)');
for (const [p, rs] of byPred) { const g = new Set(rs.map((r) => r.cluster)); if (g.size > 1 && n++ < (args.n ?? 15)) { console.log("--", p); for (const r of rs) console.log('  ', r.cluster, r.date.slice(0, 10), r.title); } }
n = 0;
console.log('=== SPLIT (gold with >1 pred)');
for (const [g, rs] of byGold) { const ps = new Set(rs.map((r) => pred.get(r.id))); if (ps.size > 1 && n++ < (args.n ?? 15)) { console.log('--', g); for (const r of rs) console.log('  ', pred.get(r.id), r.date.slice(0, 10), r.title); } }
