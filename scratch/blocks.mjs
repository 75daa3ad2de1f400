import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parsePage } from '../dist/extract/dom.js';
import { blocksOf, prune, findArticleRoot } from '../dist/extract/content.js';
import { decodeText } from '../dist/ingest/decode.js';
const f = process.argv[2];
const src = '../shared/corpus/extraction-dev/trafilatura-eval/html/' + f + '.gz';
const html = decodeText(src, gunzipSync(readFileSync(src)));
const page = parsePage(html);
const before = blocksOf(page.root);
const pre = process.argv.includes('--pre');
if (!pre) prune(page.root, before);
const all = pre ? before : blocksOf(page.root);
const root = findArticleRoot(page.root, all);
const path = (el) => { const p = []; for (let e = el; e; e = e.parent) p.unshift(e.tag + (e.attrs.class ? '.' + e.attrs.class.split(/\s+/).slice(0,2).join('.') : '') + (e.attrs.id ? '#' + e.attrs.id : '')); return p.slice(-4).join('>'); };
console.log('ROOT', path(root));
const inside = (el) => { for (let e = el; e; e = e.parent) if (e === root) return true; return false; };
const grep = process.argv[3] && !process.argv[3].startsWith('--') ? process.argv[3] : null;
for (const b of all) { if (grep && !path(b.owner).includes(grep) && !b.text.includes(grep)) continue; console.log((inside(b.owner) ? '*' : ' ') + b.quality.toFixed(2), b.size, (b.linkSize / b.size).toFixed(2), path(b.owner).slice(-70), '|', b.text.slice(0, 100).replace(/\n/g, '⏎')); }
