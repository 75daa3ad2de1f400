// categorise misses (and FPs) by pipeline stage
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { parsePage } from '../dist/extract/dom.js';
import { blocksOf, prune, findArticleRoot, articleParagraphs } from '../dist/extract/content.js';
import { decodeText } from '../dist/ingest/decode.js';
const dir = '../shared/corpus/extraction-dev/trafilatura-eval';
const ev = JSON.parse(readFileSync(join(dir, 'evaldata.json'), 'utf8'));
const rows = JSON.parse(readFileSync('/tmp/tr-rows.json', 'utf8'));
const WS = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;
const norm = (s) => s.replace(WS, ' ').replace(/^ | $/g, '');
const cats = {}; const ex = {};
const which = process.argv[2] ?? 'miss';
for (const r of rows) {
  const segs = which === 'miss' ? r.miss : r.fps;
  if (!segs.length) continue;
  const src = join(dir, 'html', r.file + '.gz');
  const html = decodeText(src, gunzipSync(readFileSync(src)));
  const page = parsePage(html);
  const before = blocksOf(page.root);
  const preText = norm(before.map((b) => b.text).join(' '));
  prune(page.root, before);
  const all = blocksOf(page.root);
  const postText = norm(all.map((b) => b.text).join(' '));
  const root = findArticleRoot(page.root, all);
  const inside = (el) => { for (let e = el; e; e = e.parent) if (e === root) return true; return false; };
  const rootBlocks = all.filter((b) => inside(b.owner));
  const rootText = norm(rootBlocks.map((b) => b.text).join(' '));
  for (const s of segs) {
    const n = norm(s);
    let c;
    if (which === 'fp') c = !rootText.includes(n) ? 'json-ld/other' : 'in root, kept';
    else if (!preText.includes(n)) c = 'not in tree text';
    else if (!postText.includes(n)) c = 'pruned';
    else if (!rootText.includes(n)) c = 'outside root';
    else c = 'in root, dropped';
    cats[c] = (cats[c] ?? 0) + 1; (ex[c] ??= []).push(r.file + ' :: ' + s.slice(0, 60));
  }
}
console.log(cats);
const show = process.argv[3]; if (show) for (const e of ex[show] ?? []) console.log(e);
