import { readFileSync, readdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { extract } from '../dist/extract/extract.js';
import { decodeText } from '../dist/ingest/decode.js';
import { contentId } from '../dist/ingest/inputs.js';
import { evaluate, stringShingleMatching } from '../../shared/eval/score-extraction.mjs';
const dir = '../shared/corpus/extraction-dev/zyte-dev';
const gt = JSON.parse(readFileSync(join(dir, 'ground-truth.json'), 'utf8'));
const texts = {};
for (const f of readdirSync(join(dir, 'html')).sort()) {
  const src = join(dir, 'html', f); const html = decodeText(src, gunzipSync(readFileSync(src)));
  try { texts[f.replace(/\.html\.gz$/, '')] = extract({ source: src, format: 'html', content: html, id: contentId(html), meta: {} }).text; } catch { texts[f.replace(/\.html\.gz$/, '')] = ''; }
}
const orig = console.log; console.log = () => {};
const { metrics } = evaluate(gt, texts, { nBootstrap: 10, label: 'z' });
console.log = orig;
console.log('zyte F1', metrics.f1.toFixed(4), 'P', metrics.precision.toFixed(4), 'R', metrics.recall.toFixed(4));
if (process.argv[2] === 'per') {
  for (const [k, v] of Object.entries(gt)) { const [tp, fp, fn] = stringShingleMatching(v.articleBody ?? v, texts[k] ?? ''); const p = tp / (tp + fp || 1), r = tp / (tp + fn || 1); if (process.argv[3] || p < 0.95 || r < 0.95) console.log(k, 'P', p.toFixed(3), 'R', r.toFixed(3)); }
}
