// per-page trafilatura-eval: node scratch/tr.mjs [fp|miss|page NAME] [N]
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { extract } from '../dist/extract/extract.js';
import { decodeText } from '../dist/ingest/decode.js';
import { contentId } from '../dist/ingest/inputs.js';
const dir = '../shared/corpus/extraction-dev/trafilatura-eval';
const ev = JSON.parse(readFileSync(join(dir, 'evaldata.json'), 'utf8'));
const WS = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;
const norm = (s) => s.replace(WS, ' ').replace(/^ | $/g, '');
const [mode, arg] = process.argv.slice(2);
let tp = 0, fp = 0, fn = 0; const rows = [];
for (const it of Object.values(ev)) {
  if (mode === 'page' && !it.file.includes(arg)) continue;
  const src = join(dir, 'html', it.file + '.gz');
  let text = '';
  try { const html = decodeText(src, gunzipSync(readFileSync(src))); text = extract({ source: src, format: 'html', content: html, id: contentId(html), meta: {} }).text; } catch (e) { text = ''; }
  const r = norm(text);
  const miss = it.with.filter((w) => !r.includes(norm(w)));
  const fps = it.without.filter((w) => r.includes(norm(w)));
  tp += it.with.length - miss.length; fn += miss.length; fp += fps.length;
  rows.push({ file: it.file, miss, fps, len: text.length, text });
}
const P = tp / (tp + fp), R = tp / (tp + fn);
console.log(`P ${P.toFixed(4)} R ${R.toFixed(4)} F1 ${(2 * tp / (2 * tp + fp + fn)).toFixed(4)} tp ${tp} fp ${fp} fn ${fn}`);
writeFileSync('/tmp/tr-rows.json', JSON.stringify(rows.map(({text, ...r}) => r)));
if (mode === 'fp') for (const r of rows.filter((r) => r.fps.length)) console.log(`FP ${r.file} (${r.len}): ${r.fps.map((s) => JSON.stringify(s.slice(0, 90))).join(' | ')}`);
if (mode === 'miss') for (const r of rows.filter((r) => r.miss.length)) console.log(`MISS ${r.file} (${r.len}): ${r.miss.map((s) => JSON.stringify(s.slice(0, 90))).join(' | ')}`);
if (mode === 'page') for (const r of rows) { console.log(r.file, 'MISS', r.miss, 'FP', r.fps); console.log(r.text.slice(0, +(process.argv[4] ?? 3000))); }
