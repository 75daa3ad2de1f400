import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { extract } from '../dist/extract/extract.js';
import { decodeText } from '../dist/ingest/decode.js';
import { contentId } from '../dist/ingest/inputs.js';
import { analyze } from '../dist/analyze/analyze.js';
const dir = '../shared/corpus/extraction-dev/zyte-dev/html';
const arts = readdirSync(dir).filter((f) => f.endsWith('.gz')).map((f) => { const c = decodeText(f, gunzipSync(readFileSync(`${dir}/${f}`))); return extract({ source: f, format: 'html', content: c, id: contentId(c), meta: {} }); });
const mb = arts.reduce((n, a) => n + Buffer.byteLength(a.text), 0) / 1e6;
for (let k = 0; k < 3; k++) { const t0 = performance.now(); for (const a of arts) analyze(a); console.log('analyze MB/s', (mb / ((performance.now() - t0) / 1000)).toFixed(2)); }
