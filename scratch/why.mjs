import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { parsePage, elements, textOf } from '../dist/extract/dom.js';
import { isBoilerplateByName, isHidden } from '../dist/extract/content.js';
import { decodeText } from '../dist/ingest/decode.js';
const dir = '../shared/corpus/extraction-dev/trafilatura-eval';
const rows = JSON.parse(readFileSync('/tmp/tr-rows.json', 'utf8'));
const FT = new Set(['nav', 'aside', 'footer', 'figcaption', 'menu', 'fieldset', 'legend']);
const WS = /\s+/g; const norm = (s) => s.replace(WS, ' ').trim();
const reasons = {};
for (const r of rows) {
  if (!r.miss.length) continue;
  const src = join(dir, 'html', r.file + '.gz');
  const page = parsePage(decodeText(src, gunzipSync(readFileSync(src))));
  for (const s of r.miss) {
    const n = norm(s);
    let deepest = null;
    for (const el of elements(page.root)) if (textOf(el).includes(n)) deepest = el;
    if (!deepest) continue;
    const why = [];
    for (let e = deepest; e; e = e.parent) {
      if (e.tag === 'body' || e.tag === 'html') continue;
      if (FT.has(e.tag)) why.push(e.tag);
      else if (isHidden(e)) why.push('hidden:' + e.tag + JSON.stringify(e.attrs).slice(0, 80));
      else if (isBoilerplateByName(e)) why.push(`${e.tag}.${e.attrs.class ?? ''}#${e.attrs.id ?? ''} role=${e.attrs.role ?? ''}`.slice(0, 100));
    }
    if (why.length) console.log(r.file.slice(0, 40), '::', s.slice(0, 40), '=>', why.join(' < '));
  }
}
