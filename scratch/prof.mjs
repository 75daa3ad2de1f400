import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { extract } from '../dist/extract/extract.js';
import { decodeText } from '../dist/ingest/decode.js';
import { contentId } from '../dist/ingest/inputs.js';
import { findDates } from '../dist/analyze/dates.js';
const dir = '../shared/corpus/extraction-dev/zyte-dev/html';
const texts = readdirSync(dir).filter((f) => f.endsWith('.gz')).map((f) => { const c = decodeText(f, gunzipSync(readFileSync(`${dir}/${f}`))); return extract({ source: f, format: 'html', content: c, id: contentId(c), meta: {} }).text; });
const mb = texts.reduce((n, t) => n + Buffer.byteLength(t), 0) / 1e6;
for (let k = 0; k < 3; k++) { const t0 = performance.now(); for (let i = 0; i < 5; i++) for (const t of texts) findDates(t, '2024-03-12', 'en'); const s = (performance.now() - t0) / 1000 / 5; console.log('dates MB/s', (mb / s).toFixed(2)); }
