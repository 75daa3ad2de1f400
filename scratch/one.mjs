import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { extract } from '../dist/extract/extract.js';
import { decodeText } from '../dist/ingest/decode.js';
import { contentId } from '../dist/ingest/inputs.js';
const f = process.argv[2];
const src = f.includes('/') ? f : '../shared/corpus/extraction-dev/trafilatura-eval/html/' + f + '.gz';
const html = decodeText(src, gunzipSync(readFileSync(src)));
try { const a = extract({ source: src, format: 'html', content: html, id: contentId(html), meta: {} }); console.log(JSON.stringify({title:a.title, meta:a.meta},null,0).slice(0,600)); console.log(a.text.slice(0, +(process.argv[3]??3000))); }
catch (e) { console.log('ERR', e.message); console.log('html len', html.length); }
